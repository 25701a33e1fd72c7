"""The `caseline` command line (DESIGN.md "Command-line contract").

Every command exits 0 on success, and on failure prints ONE line on stderr and exits
non-zero: 1 for errors a user can cause (`CaselineError`, bad input files), 2 for usage
errors. The other parts (store, sync, reports, UI) are imported inside the command
functions, so `caseline --help` stays fast and a part that is not installed gives a clear
message instead of a traceback.

Secrets never come from flags (they would land in shell history): passwords are read from
CASELINE_PASSWORD / CASELINE_NEW_PASSWORD / CASELINE_BACKUP_PASSWORD or prompted.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from desktop.errors import CaselineError, set_language

if TYPE_CHECKING:
    from desktop.services import Workspace

APP_NAME = "Caseline"
ROLES = ("intake", "caseworker", "manager", "admin")
REDACTIONS = ("full", "referral", "anonymous")

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class InputError(CaselineError):
    """A file or value given on the command line cannot be used."""

    code = "input"


class NotAvailable(CaselineError):
    """A part of Caseline that this command needs is not installed in this build."""

    code = "not_available"


# ---------------------------------------------------------------------------- settings


def default_data_dir() -> Path:
    """The desk's data folder: env CASELINE_DATA_DIR, else the user's data dir."""
    env = os.environ.get("CASELINE_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_dir_of(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    return Path(given).expanduser() if given else default_data_dir()


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _secret_from_env_or_prompt(
    env_name: str, prompt_vi: str, prompt_en: str, *, twice: bool
) -> str:
    value = os.environ.get(env_name)
    if value:
        return value
    if not _interactive():
        raise InputError(
            f"Chưa có {prompt_vi[0].lower()}{prompt_vi[1:]}: đặt biến môi trường {env_name} "
            "hoặc chạy lệnh trong cửa sổ dòng lệnh.",
            f"No {prompt_en[0].lower()}{prompt_en[1:]} given: set {env_name} or run the command"
            " in a terminal.",
        )
    prompt = _say(prompt_vi, prompt_en)
    value = getpass.getpass(f"{prompt}: ")
    if twice and getpass.getpass(_say("Nhập lại", "Again") + ": ") != value:
        raise InputError("Hai lần nhập mật khẩu không khớp.", "The two passwords do not match.")
    if not value:
        raise InputError("Mật khẩu trống.", "The password is empty.")
    return value


def password_of(env_name: str = "CASELINE_PASSWORD", *, twice: bool = False) -> str:
    return _secret_from_env_or_prompt(env_name, "Mật khẩu", "Password", twice=twice)


def username_of(args: argparse.Namespace) -> str:
    user = getattr(args, "user", None) or os.environ.get("CASELINE_USER")
    if user:
        return user
    if _interactive():
        user = input(_say("Tên đăng nhập", "User name") + ": ").strip()
        if user:
            return user
    raise InputError(
        "Chưa có tên đăng nhập: dùng --user TÊN hoặc biến môi trường CASELINE_USER.",
        "No user given: use --user NAME or set CASELINE_USER.",
    )


def _say(vi: str, en: str) -> str:
    from desktop.errors import language

    return en if language() == "en" else vi


# ---------------------------------------------------------------------------- plumbing


def need(module: str) -> Any:
    """Import one of Caseline's parts; a part missing from this build is a clear error."""
    try:
        return import_module(module)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing and (module == missing or module.startswith(missing + ".")):
            raise NotAvailable(
                f"Chức năng này chưa có trong bản cài đặt ({module}).",
                f"This feature is not available in this build ({module}).",
            ) from exc
        raise


@contextmanager
def workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The desk unlocked as the given user; locked again when the command ends."""
    services = need("desktop.services")
    data_dir = data_dir_of(args)
    if not services.Workspace.exists(data_dir):
        raise InputError(
            f"Chưa có dữ liệu Caseline ở {data_dir}: chạy 'caseline init' trước.",
            f"No Caseline desk at {data_dir}: run 'caseline init' first.",
        )
    user = username_of(args)
    ws = services.Workspace.open(data_dir, user, password_of())
    try:
        yield ws
    finally:
        ws.close()


def read_json_object(source: str) -> dict[str, Any]:
    """The JSON object in FILE, or on stdin when FILE is '-'."""
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            text = Path(source).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(
            f"Không đọc được tệp {source}: {exc.strerror or exc}.",
            f"Cannot read {source}: {exc.strerror or exc}.",
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"Tệp {source} không phải văn bản UTF-8.", f"{source} is not UTF-8 text."
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON không hợp lệ ({source}, dòng {exc.lineno}, cột {exc.colno}): {exc.msg}.",
            f"Malformed JSON ({source}, line {exc.lineno}, column {exc.colno}): {exc.msg}.",
        ) from exc
    if not isinstance(data, dict):
        raise InputError("JSON phải là một đối tượng {…}.", "The JSON must be an object {…}.")
    return data


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=None, default=str) + "\n")


def print_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> None:
    if not rows:
        return
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        line = "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True))
        sys.stdout.write(line.rstrip() + "\n")


def _saved(saved: Any) -> dict[str, Any]:
    if isinstance(saved, dict):
        return {"id": saved.get("id"), "number": saved.get("number")}
    return {"id": saved.id, "number": getattr(saved, "number", None)}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# ---------------------------------------------------------------------------- plain text


_KINDS = {
    "child": ("trẻ em", "child"),
    "contact": ("cuộc gọi", "contact"),
    "case": ("hồ sơ", "case"),
}


def _label(kind: str, code: str | None) -> str:
    if not code:
        return ""
    if kind == "kinds":
        vi, en = _KINDS.get(code, (code, code))
        return _say(vi, en)
    from desktop.domain.taxonomy import load_taxonomy
    from desktop.errors import language

    taxonomy = load_taxonomy()
    if kind == "categories":
        return taxonomy.category_label(code, language())
    return taxonomy.label(kind, code, language())


def _when(value: str | None) -> str:
    """'2026-10-03T14:05:00+07:00' → '03/10/2026 14:05' (Vietnam time)."""
    if not value:
        return ""
    from datetime import datetime, timedelta, timezone

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone(timedelta(hours=7)))
    if len(value) <= 10:
        return moment.strftime("%d/%m/%Y")
    return moment.strftime("%d/%m/%Y %H:%M")


def _lines(pairs: Sequence[tuple[str, str, Any]]) -> str:
    rows = [
        (_say(vi, en), "" if v is None else str(v))
        for vi, en, v in pairs
        if v not in (None, "", [])
    ]
    width = max((len(k) for k, _ in rows), default=0)
    return "".join(f"{k.ljust(width)}  {v}\n" for k, v in rows)


def contact_text(contact: dict[str, Any]) -> str:
    children = ", ".join(c.get("full_name", "") for c in contact.get("children", []))
    caller = contact.get("caller_name") or _say("(ẩn danh)", "(anonymous)")
    return _lines(
        [
            ("Số", "Number", contact.get("number")),
            ("Thời điểm", "Received", _when(contact.get("received_at"))),
            ("Kênh", "Channel", _label("channels", contact.get("channel"))),
            ("Loại cuộc gọi", "Call type", _label("call_types", contact.get("call_type"))),
            (
                "Người gọi",
                "Caller",
                f"{caller} ({_label('caller_relations', contact.get('caller_relation'))})",
            ),
            ("Trẻ em", "Children", children),
            (
                "Vấn đề",
                "Categories",
                "; ".join(_label("categories", c) for c in contact.get("categories", [])),
            ),
            ("Mức nguy cơ", "Risk", _label("risk_levels", contact.get("risk"))),
            ("Tóm tắt", "Summary", _one_line(contact.get("summary", ""))),
        ]
    )


def case_text(case: dict[str, Any]) -> str:
    child = case.get("child") or {}
    deadlines = case.get("deadlines") or {}
    contacts = ", ".join(c.get("number", "") for c in case.get("contacts", []))
    head = _lines(
        [
            ("Hồ sơ", "Case", case.get("number")),
            ("Trẻ em", "Child", child.get("full_name")),
            ("Bước", "Step", _label("case_steps", case.get("status"))),
            ("Mức nguy cơ", "Risk", _label("risk_levels", case.get("risk"))),
            ("Khẩn cấp", "Urgent", _say("có", "yes") if case.get("urgent") else None),
            ("Người phụ trách", "Assigned to", case.get("assigned_to")),
            (
                "Vấn đề",
                "Categories",
                "; ".join(_label("categories", c) for c in case.get("categories", [])),
            ),
            ("Tiếp nhận", "Received", _when(case.get("received_at"))),
            (
                "Hạn đánh giá",
                "Assessment due",
                _when(deadlines.get("assessment_due") or case.get("assessment_due")),
            ),
            ("Hạn kế hoạch", "Plan due", _when(deadlines.get("plan_due") or case.get("plan_due"))),
            ("Quá hạn", "Overdue", _say("CÓ", "YES") if deadlines.get("overdue") else None),
            ("Cuộc gọi", "Contacts", contacts),
            ("Lý do kết thúc", "Closure", _label("closure_reasons", case.get("closure_reason"))),
        ]
    )
    entries = [
        f"  {_when(e.get('occurred_at') or e.get('created_at'))}  "
        f"{_label('case_entry_kinds', e.get('kind'))}: {_one_line(e.get('text', ''))}\n"
        for e in case.get("entries", [])
    ]
    referrals = [
        f"  {_when(r.get('sent_at'))}  {_label('referral_agencies', r.get('agency'))} "
        f"({_label('referral_statuses', r.get('status'))}): {_one_line(r.get('reason', ''))}\n"
        for r in case.get("referrals", [])
    ]
    out = head
    if entries:
        out += _say("Diễn biến:\n", "Timeline:\n") + "".join(entries)
    if referrals:
        out += _say("Chuyển gửi:\n", "Referrals:\n") + "".join(referrals)
    return out


# ---------------------------------------------------------------------------- commands


def cmd_init(args: argparse.Namespace) -> int:
    services = need("desktop.services")
    data_dir = data_dir_of(args)
    if services.Workspace.exists(data_dir):
        raise InputError(
            f"Đã có dữ liệu Caseline ở {data_dir}; không tạo lại.",
            f"There is already a Caseline desk at {data_dir}; not creating another.",
        )
    password = password_of(twice=True)
    recovery_key = services.Workspace.init(
        data_dir,
        centre=args.centre,
        province_code=args.province,
        admin_username=args.admin,
        admin_password=password,
        admin_full_name=args.admin_name or "",
    )
    if args.json:
        print_json({"data_dir": str(data_dir), "recovery_key": recovery_key})
        return EXIT_OK
    out = sys.stdout
    out.write(
        _say(
            f"Đã tạo bàn làm việc '{args.centre}' (tỉnh/thành {args.province}) tại {data_dir}.\n",
            f"Created the desk '{args.centre}' (province {args.province}) in {data_dir}.\n",
        )
    )
    out.write("\n")
    out.write(
        _say(
            "KHÓA KHÔI PHỤC — chỉ hiện MỘT lần. Hãy chép hoặc in ra và cất ở nơi an toàn;\n"
            "không có nó và mật khẩu thì không ai mở được dữ liệu:\n",
            "RECOVERY KEY — shown ONCE. Write it down or print it and keep it somewhere safe;\n"
            "without it or a password nobody can open the data:\n",
        )
    )
    out.write(f"\n    {recovery_key}\n\n")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        new_password = _secret_from_env_or_prompt(
            "CASELINE_NEW_PASSWORD",
            f"Mật khẩu cho {args.name}",
            f"Password for {args.name}",
            twice=True,
        )
        ws.add_user(args.name, args.role, new_password, full_name=args.full_name or "")
    sys.stdout.write(
        _say(
            f"Đã thêm người dùng {args.name} ({args.role}).\n",
            f"Added user {args.name} ({args.role}).\n",
        )
    )
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    """A forgotten password: the recovery key opens the desk as the user, who gets a new one."""
    services = need("desktop.services")
    data_dir = data_dir_of(args)
    if not services.Workspace.exists(data_dir):
        raise InputError(
            f"Chưa có dữ liệu Caseline ở {data_dir}: chạy 'caseline init' trước.",
            f"No Caseline desk at {data_dir}: run 'caseline init' first.",
        )
    user = username_of(args)
    recovery_key = _secret_from_env_or_prompt(
        "CASELINE_RECOVERY_KEY", "Khoá khôi phục", "Recovery key", twice=False
    )
    with services.Workspace.open_with_recovery_key(data_dir, recovery_key, as_user=user) as ws:
        new_password = _secret_from_env_or_prompt(
            "CASELINE_NEW_PASSWORD",
            f"Mật khẩu mới cho {user}",
            f"New password for {user}",
            twice=True,
        )
        ws.set_password_after_recovery(new_password)
    sys.stdout.write(
        _say(
            f"Đã đặt mật khẩu mới cho {user} bằng khoá khôi phục.\n",
            f"Set a new password for {user} with the recovery key.\n",
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


def cmd_contact_add(args: argparse.Namespace) -> int:
    data = read_json_object(args.json)
    with workspace(args) as ws:
        saved = ws.record_contact(data)
    print_json(_saved(saved))
    return EXIT_OK


def cmd_contact_update(args: argparse.Namespace) -> int:
    changes = read_json_object(args.json)
    with workspace(args) as ws:
        saved = ws.update_contact(args.number, changes)
    print_json(_saved(saved))
    return EXIT_OK


def cmd_contact_show(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        contact = ws.get_contact(args.number)
    if args.json:
        print_json(contact)
        return EXIT_OK
    sys.stdout.write(contact_text(contact))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise InputError("--limit phải lớn hơn 0.", "--limit must be at least 1.")
    with workspace(args) as ws:
        hits = ws.search(args.text, limit=args.limit)
    if args.json:
        print_json(hits)
        return EXIT_OK
    rows = [
        (
            _label("kinds", h.get("kind")),
            h.get("number") or "",
            _one_line(h.get("name") or ""),
            _one_line(h.get("caller") or ""),
            _hit_detail(h),
        )
        for h in hits
    ]
    if not rows:
        sys.stdout.write(_say("Không tìm thấy.\n", "Nothing found.\n"))
        return EXIT_OK
    print_table(
        rows,
        _say_all(
            ("loại", "số", "tên", "người gọi", "chi tiết"),
            ("kind", "number", "name", "caller", "detail"),
        ),
    )
    return EXIT_OK


def _hit_detail(hit: dict[str, Any]) -> str:
    if hit.get("kind") == "contact":
        return _when(hit.get("received_at"))
    if hit.get("kind") == "case":
        return _label("case_steps", hit.get("status"))
    return str(hit.get("birth_year") or "")


def _say_all(vi: tuple[str, ...], en: tuple[str, ...]) -> tuple[str, ...]:
    from desktop.errors import language

    return en if language() == "en" else vi


def cmd_case_open(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        saved = ws.open_case(args.contact_number, assigned_to=args.assign, urgent=args.urgent)
    result = _saved(saved)
    if args.json:
        print_json(result)
    else:
        sys.stdout.write(
            _say(f"Đã mở hồ sơ {result['number']}.\n", f"Opened case {result['number']}.\n")
        )
    return EXIT_OK


def cmd_case_show(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        case = ws.get_case(args.number)
    if args.json:
        print_json(case)
        return EXIT_OK
    sys.stdout.write(case_text(case))
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        conflicts = ws.list_conflicts()
    if args.json:
        print_json(conflicts)
        return EXIT_OK
    if not conflicts:
        sys.stdout.write(_say("Không có xung đột nào đang mở.\n", "No open conflicts.\n"))
        return EXIT_OK
    rows = [
        (
            c.get("record_entity", ""),
            c.get("record_number") or c.get("record_id", ""),
            c.get("field_name", ""),
            _one_line(json.dumps(c.get("kept_value"), ensure_ascii=False)),
            _one_line(json.dumps(c.get("other_value"), ensure_ascii=False)),
        )
        for c in conflicts
    ]
    print_table(rows, ("record", "id", "field", "kept", "other"))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    out = Path(args.output)
    with workspace(args) as ws:
        passphrase = _backup_passphrase(twice=True)
        ws.backup(out, passphrase)
    sys.stdout.write(_say(f"Đã sao lưu vào {out}.\n", f"Backed up to {out}.\n"))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    services = need("desktop.services")
    source = Path(args.file)
    if not source.is_file():
        raise InputError(
            f"Không tìm thấy tệp sao lưu {source}.", f"Backup file {source} not found."
        )
    data_dir = data_dir_of(args)
    if not services.Workspace.exists(data_dir):
        services.Workspace.restore(data_dir, source, _backup_passphrase(twice=False))
        sys.stdout.write(
            _say(
                f"Đã khôi phục {source} vào {data_dir}.\n", f"Restored {source} into {data_dir}.\n"
            )
        )
        return EXIT_OK
    result = _restore_over(args, data_dir, source)
    kept = result["kept"]
    sys.stdout.write(
        _say(
            f"Đã khôi phục {source} vào {data_dir}; dữ liệu cũ (vẫn được mã hoá) ở {kept}.\n",
            f"Restored {source} into {data_dir}; the old data (still encrypted) is in {kept}.\n",
        )
    )
    return EXIT_OK


def _restore_over(args: argparse.Namespace, data_dir: Path, source: Path) -> dict[str, Any]:
    """Replacing a desk's data takes its admin. A desk too damaged to open may be replaced
    by anyone at the keyboard (they could delete it anyway); its files are kept."""
    services = need("desktop.services")
    from desktop.domain.permissions import require
    from desktop.errors import StoreError

    user, password = username_of(args), password_of()
    try:
        ws = services.Workspace.open(data_dir, user, password)
    except StoreError:
        return services.Workspace.restore_over_damaged(
            data_dir, source, _backup_passphrase(twice=False), username=user, password=password
        )
    try:
        require(ws.user.role, "backup", username=ws.user.username)  # before asking more
        return ws.restore_over(source, _backup_passphrase(twice=False))
    finally:
        ws.close()


def _backup_passphrase(*, twice: bool) -> str:
    return _secret_from_env_or_prompt(
        "CASELINE_BACKUP_PASSWORD", "Mật khẩu bản sao lưu", "Backup passphrase", twice=twice
    )


def cmd_verify(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        report = ws.verify()
    if args.json:
        print_json(report)
    else:
        sys.stdout.write(f"integrity: {report.get('integrity')}\n")
        sys.stdout.write(f"audit_chain: {report.get('audit_chain')}\n")
        for problem in report.get("problems", []):
            sys.stdout.write(f"- {_one_line(problem)}\n")
    if report.get("ok"):
        if not args.json:
            sys.stdout.write("OK\n")
        return EXIT_OK
    problems = report.get("problems") or [report.get("audit_chain") or report.get("integrity")]
    _fail_line(
        _say("Kiểm tra phát hiện lỗi: ", "Verification found problems: ")
        + _one_line("; ".join(str(p) for p in problems))
    )
    return EXIT_ERROR


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from desktop.demo import seed_demo

    if args.contacts < 0 or args.cases < 0:
        raise InputError("Số lượng không được âm.", "Counts cannot be negative.")
    with workspace(args) as ws:
        started = time.perf_counter()
        summary = seed_demo(
            ws,
            contacts=args.contacts,
            cases=args.cases,
            seed=args.seed,
            progress=None if args.json or not _interactive() else _progress_printer(),
            assignees=_caseworkers(ws),
        )
        elapsed = time.perf_counter() - started
    result = {**summary.to_dict(), "seconds": round(elapsed, 2)}
    if args.json:
        print_json(result)
    else:
        sys.stdout.write(
            _say(
                f"Đã tạo {summary.contacts} cuộc gọi, {summary.children} trẻ em, "
                f"{summary.cases} hồ sơ trong {elapsed:.1f} giây.\n",
                f"Created {summary.contacts} contacts, {summary.children} children, "
                f"{summary.cases} cases in {elapsed:.1f} s.\n",
            )
        )
    return EXIT_OK


def _caseworkers(ws: Workspace) -> list[str]:
    """The desk's case workers share the demo cases (none: cases stay unassigned)."""
    from desktop.errors import PermissionDenied

    try:
        users = ws.list_users()
    except PermissionDenied:
        return []
    return [u.username for u in users if u.role == "caseworker" and not u.disabled]


def _progress_printer() -> Callable[[str, int, int], None]:
    def show(stage: str, done: int, total: int) -> None:
        sys.stderr.write(f"\r{stage}: {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_enroll(args: argparse.Namespace) -> int:
    engine = need("desktop.sync.engine")
    with workspace(args) as ws:
        result = engine.enroll(ws, args.server, args.code, ca_file=args.ca_file)
    if args.json:
        print_json(result)
    else:
        code = result.get("device_code", "")
        sys.stdout.write(
            _say(
                f"Đã đăng ký thiết bị với máy chủ (mã thiết bị {code}).\n",
                f"Enrolled with the server (device code {code}).\n",
            )
        )
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    engine = need("desktop.sync.engine")
    with workspace(args) as ws:
        result = engine.SyncEngine(run_db=lambda fn: fn(ws)).sync_once()
    summary = result.to_dict()
    if args.json:
        print_json(summary)
    else:
        parts = [f"{k}={v}" for k, v in summary.items() if not isinstance(v, dict | list)]
        sys.stdout.write(_say("Đồng bộ xong: ", "Synced: ") + ", ".join(parts) + "\n")
    return EXIT_OK


def cmd_report_case(args: argparse.Namespace) -> int:
    module = need("desktop.reports.case_summary")
    with workspace(args) as ws:
        module.build_case_summary(ws, args.number, Path(args.output), args.redact)
    return _wrote(args.output)


def cmd_report_monthly(args: argparse.Namespace) -> int:
    _check_month(args.month)
    module = need("desktop.reports.monthly")
    csv_path = Path(args.csv) if args.csv else None
    with workspace(args) as ws:
        module.build_monthly(ws, args.month, Path(args.output), csv_path=csv_path)
    return _wrote(args.output, args.csv)


def cmd_report_thematic(args: argparse.Namespace) -> int:
    _check_month(args.from_month)
    _check_month(args.to_month)
    if args.from_month > args.to_month:
        raise InputError("--from phải trước hoặc bằng --to.", "--from must not be after --to.")
    module = need("desktop.reports.thematic")
    with workspace(args) as ws:
        module.build_thematic(
            ws, args.from_month, args.to_month, Path(args.output), category=args.category
        )
    return _wrote(args.output)


def _check_month(value: str) -> None:
    ok = len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit()
    if not ok or not 1 <= int(value[5:]) <= 12:
        raise InputError(
            f"Tháng không hợp lệ: {value} (dạng YYYY-MM, ví dụ 2026-10).",
            f"Not a month: {value} (use YYYY-MM, e.g. 2026-10).",
        )


def _wrote(*paths: str | None) -> int:
    for path in paths:
        if path:
            sys.stdout.write(_say(f"Đã ghi {path}.\n", f"Wrote {path}.\n"))
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    app = need("desktop.ui.app")
    return int(app.run_gui(data_dir_of(args)) or 0)


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo.workspace import run_demo

    explicit = getattr(args, "data_dir", None) or os.environ.get("CASELINE_DATA_DIR")
    return run_demo(
        Path(explicit).expanduser() if explicit else None,
        contacts=args.contacts,
        cases=args.cases,
        open_ui=not args.no_ui,
        with_server=not args.no_server,
    )


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop.demo.selftest import run_self_test

    return run_self_test(keep=args.keep)


# ---------------------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line too (plus the hint to ask for --help)."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {_one_line(message)} (--help)\n")
        raise SystemExit(EXIT_USAGE)


def _common() -> argparse.ArgumentParser:
    """Global options, accepted before or after the command name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS,
        help="the desk's data folder (env CASELINE_DATA_DIR; default: the user data dir)",
    )  # fmt: skip
    common.add_argument(
        "--user", metavar="NAME", default=argparse.SUPPRESS,
        help="log in as NAME (env CASELINE_USER); password from env CASELINE_PASSWORD or prompt",
    )  # fmt: skip
    common.add_argument(
        "--lang", choices=("vi", "en"), default=argparse.SUPPRESS,
        help="language of messages (env CASELINE_LANG; default vi)",
    )  # fmt: skip
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(
        prog="caseline",
        description="Caseline — the child-protection line's desk (111). Default command: gui.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, func: Callable[[argparse.Namespace], int], help_text: str, *, on: Any = sub
    ) -> argparse.ArgumentParser:
        p = on.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(func=func)
        return p

    p = command("init", cmd_init, "set up a new desk; prints the recovery key once")
    p.add_argument("--centre", required=True, metavar="NAME")
    p.add_argument("--province", required=True, metavar="CODE")
    p.add_argument("--admin", required=True, metavar="USER")
    p.add_argument("--admin-name", metavar="FULL_NAME")
    p.add_argument("--json", action="store_true")

    users = sub.add_parser("user", help="manage local users", parents=[common])
    user_sub = users.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = command("add", cmd_user_add, "add a local user (admin)", on=user_sub)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--full-name", metavar="FULL_NAME")
    p = command("list", cmd_user_list, "list local users", on=user_sub)
    p.add_argument("--json", action="store_true")

    command("recover", cmd_recover, "new password for --user NAME with the recovery key")

    p = command("seed-demo", cmd_seed_demo, "add realistic Vietnamese synthetic data")
    p.add_argument("--contacts", type=int, required=True, metavar="N")
    p.add_argument("--cases", type=int, default=0, metavar="M")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.add_argument("--json", action="store_true")

    contacts = sub.add_parser("contact", help="record and change contacts", parents=[common])
    contact_sub = contacts.add_subparsers(dest="contact_command", metavar="ACTION", required=True)
    p = command("add", cmd_contact_add, "record a contact from JSON", on=contact_sub)
    p.add_argument("--json", required=True, metavar="FILE|-")
    p = command("update", cmd_contact_update, "change the given fields", on=contact_sub)
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--json", required=True, metavar="FILE|-")
    p = command("show", cmd_contact_show, "show one contact", on=contact_sub)
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--json", action="store_true")

    p = command("search", cmd_search, "search children, contacts and cases")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=20, metavar="N")

    cases = sub.add_parser("case", help="open and show cases", parents=[common])
    case_sub = cases.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    p = command("open", cmd_case_open, "open a case from a contact", on=case_sub)
    p.add_argument("contact_number", metavar="CONTACT_NUMBER")
    p.add_argument("--assign", metavar="USER")
    p.add_argument("--urgent", action="store_true", default=None)
    p.add_argument("--json", action="store_true")
    p = command("show", cmd_case_show, "show a case with its timeline", on=case_sub)
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--json", action="store_true")

    p = command("conflicts", cmd_conflicts, "open sync conflicts")
    p.add_argument("--json", action="store_true")

    p = command("enroll", cmd_enroll, "enrol this desk with the central server")
    p.add_argument("--server", required=True, metavar="URL")
    p.add_argument("--code", required=True, metavar="CODE")
    p.add_argument("--ca-file", metavar="FILE")
    p.add_argument("--json", action="store_true")

    p = command("sync", cmd_sync, "one push + pull round now")
    p.add_argument("--json", action="store_true")

    reports = sub.add_parser("report", help="print reports to PDF", parents=[common])
    report_sub = reports.add_subparsers(dest="report_command", metavar="KIND", required=True)
    p = command("case", cmd_report_case, "case summary", on=report_sub)
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--redact", choices=REDACTIONS, default="full")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p = command("monthly", cmd_report_monthly, "monthly report", on=report_sub)
    p.add_argument("month", metavar="YYYY-MM")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--csv", metavar="FILE.csv")
    p = command("thematic", cmd_report_thematic, "thematic report", on=report_sub)
    p.add_argument("--from", dest="from_month", required=True, metavar="YYYY-MM")
    p.add_argument("--to", dest="to_month", required=True, metavar="YYYY-MM")
    p.add_argument("--category", metavar="CODE")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    p = command("backup", cmd_backup, "encrypted backup (admin)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = command("restore", cmd_restore, "restore an encrypted backup")
    p.add_argument("file", metavar="FILE")

    p = command("verify", cmd_verify, "database integrity and audit chain")
    p.add_argument("--json", action="store_true")

    command("gui", cmd_gui, "the desktop app (default)")
    p = command("demo", cmd_demo, "demo desk + embedded central server, then the app")
    p.add_argument("--contacts", type=int, default=3000, metavar="N")
    p.add_argument("--cases", type=int, default=150, metavar="M")
    p.add_argument("--no-ui", action="store_true", help="set up and print, do not open the app")
    p.add_argument("--no-server", action="store_true", help="no embedded central server")
    p = command("self-test", cmd_self_test, "offscreen end-to-end check, OK/FAIL per step")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return parser


# ---------------------------------------------------------------------------- main


def _fail_line(text: str) -> None:
    sys.stderr.write(f"caseline: {_one_line(text)}\n")
    sys.stderr.flush()


def _use_utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass


def main(argv: Sequence[str] | None = None) -> int:
    _use_utf8_stdio()
    set_language(os.environ.get("CASELINE_LANG") or "vi")
    args = build_parser().parse_args(argv)
    if getattr(args, "lang", None):
        set_language(args.lang)
    func = getattr(args, "func", cmd_gui)
    try:
        return int(func(args) or EXIT_OK)
    except CaselineError as exc:
        _fail_line(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _fail_line(_say("Đã dừng.", "Interrupted."))
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        _fail_line(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 — a bug: one line unless asked for details
        if os.environ.get("CASELINE_DEBUG"):
            raise
        _fail_line(
            _say("Lỗi nội bộ", "Internal error")
            + f" ({type(exc).__name__}); CASELINE_DEBUG=1 "
            + _say("để xem chi tiết.", "shows the details.")
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
