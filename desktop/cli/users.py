"""`caseline user add|list` and `caseline recover` (a new password with the recovery key)."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import (
    EXIT_OK,
    ROLES,
    data_dir_of,
    no_desk_error,
    say,
    secret_from_env_or_prompt,
    username_of,
    workspace,
)
from desktop.cli.output import print_json, print_table
from desktop.cli.parser import Command, Commands, text
from desktop.errors import CaselineError
from desktop.services.types import Rekeyed


def cmd_user_add(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        new_password = secret_from_env_or_prompt(
            "CASELINE_NEW_PASSWORD",
            f"Mật khẩu cho {args.name}",
            f"Password for {args.name}",
            twice=True,
        )
        ws.add_user(args.name, args.role, new_password, full_name=args.full_name or "")
    sys.stdout.write(
        say(
            f"Đã thêm người dùng {args.name} ({args.role}).\n",
            f"Added user {args.name} ({args.role}).\n",
        )
    )
    return EXIT_OK


def cmd_user_list(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        users = ws.list_users()
    rows = [{"username": u.username, "full_name": u.full_name, "role": u.role} for u in users]
    if args.json:
        print_json(rows)
    else:
        print_table(
            [(r["username"], r["role"], r["full_name"]) for r in rows], ("user", "role", "name")
        )
    return EXIT_OK


def _rekey_progress(fraction: float, phase: str) -> None:
    """One line on stderr, rewritten as the rekey goes (only on a terminal)."""
    if sys.stderr.isatty():
        label = say("Đang đổi khoá dữ liệu", "Rekeying the database")
        sys.stderr.write(f"\r{label}: {fraction:4.0%}")
        if phase == "done":
            sys.stderr.write("\n")
        sys.stderr.flush()


def _rekeyed(report: Rekeyed) -> None:
    lost = list(report.lost_slots)
    sys.stdout.write(
        say(
            f"Đã đổi khoá dữ liệu ({report.seconds:.1f} giây): bản sao cũ của tệp khoá "
            "không còn mở được dữ liệu.\n",
            f"Rekeyed the database ({report.seconds:.1f} s): an old copy of the key-slot "
            "file opens nothing.\n",
        )
    )
    if "recovery" in lost:
        sys.stdout.write(
            say(
                "Khoá khôi phục cũ (từ trước khi nâng cấp) không còn mở được dữ liệu: hãy tạo "
                "khoá mới (caseline recovery-key new).\n",
                "The old recovery key (from before the upgrade) no longer opens the desk: make "
                "a new one (caseline recovery-key new).\n",
            )
        )
        lost = [n for n in lost if n != "recovery"]
    if lost:
        names = ", ".join(lost)
        sys.stdout.write(
            say(
                f"Cần đặt lại mật khẩu cho: {names} (chưa đăng nhập từ khi nâng cấp).\n",
                f"Reset the password of: {names} (not logged in since the upgrade).\n",
            )
        )


def _tell_central(ws: object) -> None:
    """Right after a user change on an enrolled desk, one sync round (best effort), so
    central anchors the history with the new signing key at once and a copy of the user
    state written back later is refused at the next sync (review i11 #1; security.md §12d).
    Offline: one line saying to run `caseline sync` (the 5-minute timer also sends it)."""
    sync = getattr(ws, "sync", None)
    if sync is None or not sync.is_enrolled():
        return
    try:
        sync.run_once()
    except CaselineError:
        sys.stderr.write(
            say(
                "Chưa gửi được thay đổi này lên máy chủ trung tâm: hãy chạy `caseline sync` "
                "ngay khi có mạng.\n",
                "This change is not at central yet: run `caseline sync` as soon as the "
                "network is back.\n",
            )
        )
        return
    sys.stdout.write(
        say("Đã báo thay đổi lên máy chủ trung tâm.\n", "Central has this change's history.\n")
    )


def _rekeying(change: str, done_vi: str, done_en: str) -> Command:
    """The command for an admin change that rekeys the database: `ws.<change>(NAME)` (it
    returns the rekey's report), then `done_*` ({name} filled in) and what the rekey means
    for old copies of the key slots."""

    def run(args: argparse.Namespace) -> int:
        with workspace(args) as ws:
            report = getattr(ws, change)(args.name, progress=_rekey_progress)
            sys.stdout.write(say(done_vi, done_en).format(name=args.name))
            _rekeyed(report)
            _tell_central(ws)
        return EXIT_OK

    run.__doc__ = f"Admin only: ws.{change}(NAME), then the database is rekeyed."
    return run


# Admin only: the user can no longer log in / the user record and key slot go; both rekey.
cmd_user_disable = _rekeying("disable_user", "Đã khoá {name}.\n", "Disabled {name}.\n")
cmd_user_remove = _rekeying("remove_user", "Đã xoá {name}.\n", "Removed {name}.\n")


def cmd_user_enable(args: argparse.Namespace) -> int:
    """Admin only: the user may log in again with a new password."""
    with workspace(args) as ws:
        new_password = secret_from_env_or_prompt(
            "CASELINE_NEW_PASSWORD",
            f"Mật khẩu mới cho {args.name}",
            f"New password for {args.name}",
            twice=True,
        )
        ws.enable_user(args.name, new_password)
        sys.stdout.write(say(f"Đã mở lại {args.name}.\n", f"Enabled {args.name}.\n"))
        _tell_central(ws)
    return EXIT_OK


def cmd_user_role(args: argparse.Namespace) -> int:
    """Admin only: a new role (signed with the desk's signing key)."""
    with workspace(args) as ws:
        ws.set_role(args.name, args.role)
        sys.stdout.write(
            say(f"{args.name} giờ là {args.role}.\n", f"{args.name} is now {args.role}.\n")
        )
        _tell_central(ws)
    return EXIT_OK


def cmd_recovery_key_new(args: argparse.Namespace) -> int:
    """Admin only: a new recovery key (shown once); the database is rekeyed so the old key
    opens nothing."""
    with workspace(args) as ws:
        recovery_key = ws.new_recovery_key(progress=_rekey_progress)
    sys.stdout.write(
        say(
            "KHÓA KHÔI PHỤC MỚI — chỉ hiện MỘT lần; khoá cũ không còn mở được dữ liệu:\n",
            "NEW RECOVERY KEY — shown ONCE; the old one no longer opens the data:\n",
        )
    )
    sys.stdout.write(f"\n    {recovery_key}\n\n")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    """A forgotten password: the recovery key opens the desk as the user, who gets a new one."""
    from desktop import services

    data_dir = data_dir_of(args)
    if not services.Workspace.exists(data_dir):
        raise no_desk_error(data_dir)
    user = username_of(args)
    recovery_key = secret_from_env_or_prompt(
        "CASELINE_RECOVERY_KEY", "Khoá khôi phục", "Recovery key", twice=False
    )
    with services.Workspace.open_with_recovery_key(data_dir, recovery_key, as_user=user) as ws:
        if ws.admin_key_problem():  # review i11 #2: say why user changes will be refused
            sys.stderr.write(
                say(
                    "CẢNH BÁO: khoá quản trị trong khoá khôi phục không phải khoá ký hiện tại "
                    "của máy: danh sách người dùng đã bị đưa về một bản cũ ngoài Caseline. "
                    "Không quản lý người dùng được; hãy khôi phục bản sao lưu tốt gần nhất "
                    "(docs/security.md §12d).\n",
                    "WARNING: the recovery key's admin key is not this desk's current signing "
                    "key: the list of users was put back to an older copy outside Caseline. "
                    "User changes will be refused; restore the last good backup "
                    "(docs/security.md §12d).\n",
                )
            )
        new_password = secret_from_env_or_prompt(
            "CASELINE_NEW_PASSWORD",
            f"Mật khẩu mới cho {user}",
            f"New password for {user}",
            twice=True,
        )
        ws.set_password_after_recovery(new_password)
    sys.stdout.write(
        say(
            f"Đã đặt mật khẩu mới cho {user} bằng khoá khôi phục.\n",
            f"Set a new password for {user} with the recovery key.\n",
        )
    )
    return EXIT_OK


def register(commands: Commands) -> None:
    users = commands.group("user", "manage local users", "user_command", "ACTION")
    p = users.command("add", cmd_user_add, "add a local user (admin)")
    p.add_argument("name", metavar="NAME", type=text)
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--full-name", metavar="FULL_NAME", type=text)
    p = users.command("list", cmd_user_list, "list local users")
    p.add_argument("--json", action="store_true")
    p = users.command("disable", cmd_user_disable, "disable a user and rekey the database (admin)")
    p.add_argument("name", metavar="NAME")
    p = users.command("enable", cmd_user_enable, "let a disabled user in again (admin)")
    p.add_argument("name", metavar="NAME")
    p = users.command("role", cmd_user_role, "give a user a new role (admin)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("role", metavar="ROLE", choices=ROLES)
    p = users.command("remove", cmd_user_remove, "remove a user and rekey the database (admin)")
    p.add_argument("name", metavar="NAME")

    recovery = commands.group(
        "recovery-key", "the desk's recovery key", "recovery_command", "ACTION"
    )
    recovery.command(
        "new", cmd_recovery_key_new, "a new recovery key; the old one opens nothing (admin)"
    )

    commands.command("recover", cmd_recover, "new password for --user NAME with the recovery key")
