"""`caseline backup`, `caseline restore` and `caseline verify`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    backup_passphrase,
    data_dir_of,
    interactive,
    password_of,
    regular_file,
    say,
    username_of,
    workspace,
)
from desktop.cli.output import fail_line, one_line, print_json, progress_printer
from desktop.cli.parser import Commands


def cmd_backup(args: argparse.Namespace) -> int:
    out = Path(args.output)
    with workspace(args) as ws:
        ws.check_output_path(out)  # before asking for the passphrase
        passphrase = backup_passphrase(twice=True)
        ws.backup(out, passphrase, progress=_progress(args))
    sys.stdout.write(say(f"Đã sao lưu vào {out}.\n", f"Backed up to {out}.\n"))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop import services

    source = regular_file(Path(args.file), "tệp sao lưu", "Backup file")
    data_dir = data_dir_of(args)
    if services.Workspace.exists(data_dir):
        result = _restore_over(args, data_dir, source)
    else:  # no desk, or part of one (a missing file): nothing to log in to
        result = services.Workspace.restore(data_dir, source, backup_passphrase(twice=False))
    kept = result.get("kept")
    if result.get("discarded"):
        sys.stdout.write(
            say(
                f"Đã bỏ {result['discarded']} thay đổi chưa gửi (--discard-unsent); chúng chỉ"
                f" còn trong {kept}.\n",
                f"Gave up {result['discarded']} unsent change(s) (--discard-unsent); they"
                f" remain only in {kept}.\n",
            )
        )
    if not kept:
        sys.stdout.write(
            say(f"Đã khôi phục {source} vào {data_dir}.\n", f"Restored {source} into {data_dir}.\n")
        )
    else:
        sys.stdout.write(
            say(
                f"Đã khôi phục {source} vào {data_dir}; dữ liệu cũ (vẫn được mã hoá) ở {kept}.\n",
                f"Restored {source} into {data_dir}; the old data (still encrypted) is in "
                f"{kept}.\n",
            )
        )
    first = f"{result['province_code']}-{result['device_code']}-…-{result['numbers_from']:05d}"
    sys.stdout.write(
        say(
            f"Số cuộc gọi, hồ sơ mới tiếp tục từ {first}: bản sao lưu không biết các số đã cấp"
            " sau ngày sao lưu, nên không số nào bị cấp lại.\n",
            f"New contact and case numbers continue from {first}: the backup cannot know the"
            " numbers given after it was made, so none is given again.\n",
        )
    )
    return EXIT_OK


def _restore_over(args: argparse.Namespace, data_dir: Path, source: Path) -> dict[str, Any]:
    """Replacing a desk's data takes its admin. A desk too damaged to open may be replaced
    by anyone at the keyboard (they could delete it anyway); its files are kept."""
    from desktop import services
    from desktop.domain.permissions import require
    from desktop.errors import StoreError
    from desktop.services import errors

    user, password = username_of(args), password_of()
    try:
        ws = services.Workspace.open(data_dir, user, password)
    except StoreError:
        return services.Workspace.restore_over_damaged(
            data_dir, source, backup_passphrase(twice=False), username=user, password=password
        )
    try:
        require(ws.user.role, "backup", username=ws.user.username)  # before asking more
        unsent, records = ws.unsent_changes()  # before asking for the passphrase
        if unsent and not args.discard_unsent:
            raise errors.unsent_changes(unsent, records)
        return ws.restore_over(
            source, backup_passphrase(twice=False), discard_unsent=args.discard_unsent
        )
    finally:
        ws.close()


def _progress(args: argparse.Namespace) -> Any:
    """A progress line on stderr for long work, when a person watches (not with --json)."""
    return None if getattr(args, "json", False) or not interactive() else progress_printer()


def cmd_verify(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        report = ws.verify(quick=args.quick, progress=_progress(args))
    if args.json:
        print_json(report)
    else:
        sys.stdout.write(f"integrity: {report.get('integrity')}\n")
        sys.stdout.write(f"audit_chain: {report.get('audit_chain')}\n")
        sys.stdout.write(f"keyed_chain: {report.get('keyed_chain')}\n")
        sys.stdout.write(f"user_records: {report.get('user_records')}\n")
        for problem in report.get("problems", []):
            sys.stdout.write(f"- {one_line(problem)}\n")
    if report.get("ok"):
        if not args.json and str(report.get("keyed_chain", "")).startswith("not checked"):
            # review i11 #3: a bare OK under "not checked" read as "all checked"
            sys.stdout.write(
                say(
                    "OK — trừ chuỗi nhật ký có khoá (chưa kiểm tra): chỉ `verify` của quản trị "
                    "viên phát hiện được lịch sử bị viết lại khi máy chưa đồng bộ.\n",
                    "OK — except the keyed chain (not checked): only an admin's `verify` can "
                    "find a history rewritten since the last sync.\n",
                )
            )
        elif not args.json:
            sys.stdout.write("OK\n")
        return EXIT_OK
    problems = report.get("problems") or [report.get("audit_chain") or report.get("integrity")]
    fail_line(
        say("Kiểm tra phát hiện lỗi: ", "Verification found problems: ")
        + one_line("; ".join(str(p) for p in problems))
    )
    return EXIT_ERROR


def register(commands: Commands) -> None:
    p = commands.command("backup", cmd_backup, "encrypted backup (admin)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = commands.command("restore", cmd_restore, "restore an encrypted backup")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--discard-unsent",
        action="store_true",
        help="restore over a desk even though changes it holds were never sent to central",
    )

    p = commands.command("verify", cmd_verify, "database integrity and audit chain")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--quick",
        action="store_true",
        help="the audit chain since the last full check only, no page-by-page check",
    )
