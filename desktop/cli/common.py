"""What every `caseline` command shares: exit codes, the data folder, secrets, the user,
the unlocked workspace and reading a JSON document.

Secrets never come from flags (they would land in shell history): passwords are read from
CASELINE_PASSWORD / CASELINE_NEW_PASSWORD / CASELINE_BACKUP_PASSWORD or prompted.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.errors import CaselineError

if TYPE_CHECKING:
    from desktop.services import Workspace

T = TypeVar("T")

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


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def secret_from_env_or_prompt(env_name: str, prompt_vi: str, prompt_en: str, *, twice: bool) -> str:
    value = os.environ.get(env_name) or _prompted(env_name, prompt_vi, prompt_en, twice=twice)
    if not_text(value):
        raise InputError(
            f"{prompt_vi} không phải văn bản hợp lệ (có byte không phải UTF-8).",
            f"{prompt_en} is not valid text (it holds bytes that are not UTF-8).",
        )
    return value


def _prompted(env_name: str, prompt_vi: str, prompt_en: str, *, twice: bool) -> str:
    if not interactive():
        raise InputError(
            f"Chưa có {prompt_vi[0].lower()}{prompt_vi[1:]}: đặt biến môi trường {env_name} "
            "hoặc chạy lệnh trong cửa sổ dòng lệnh.",
            f"No {prompt_en[0].lower()}{prompt_en[1:]} given: set {env_name} or run the command"
            " in a terminal.",
        )
    prompt = say(prompt_vi, prompt_en)
    value = getpass.getpass(f"{prompt}: ")
    if twice and getpass.getpass(say("Nhập lại", "Again") + ": ") != value:
        raise InputError("Hai lần nhập mật khẩu không khớp.", "The two passwords do not match.")
    if not value:
        raise InputError("Mật khẩu trống.", "The password is empty.")
    return value


def password_of(env_name: str = "CASELINE_PASSWORD", *, twice: bool = False) -> str:
    return secret_from_env_or_prompt(env_name, "Mật khẩu", "Password", twice=twice)


def backup_passphrase(*, twice: bool) -> str:
    return secret_from_env_or_prompt(
        "CASELINE_BACKUP_PASSWORD", "Mật khẩu bản sao lưu", "Backup passphrase", twice=twice
    )


def username_of(args: argparse.Namespace) -> str:
    user = getattr(args, "user", None) or os.environ.get("CASELINE_USER")
    if user and not_text(user):
        raise InputError(
            "Tên đăng nhập không phải văn bản hợp lệ (có byte không phải UTF-8).",
            "The user name is not valid text (it holds bytes that are not UTF-8).",
        )
    if user:
        return user
    if interactive():
        user = input(say("Tên đăng nhập", "User name") + ": ").strip()
        if user:
            return user
    raise InputError(
        "Chưa có tên đăng nhập: dùng --user TÊN hoặc biến môi trường CASELINE_USER.",
        "No user given: use --user NAME or set CASELINE_USER.",
    )


def say(vi: str, en: str) -> str:
    from desktop.errors import language

    return en if language() == "en" else vi


def say_all(vi: tuple[str, ...], en: tuple[str, ...]) -> tuple[str, ...]:
    from desktop.errors import language

    return en if language() == "en" else vi


# ---------------------------------------------------------------------------- plumbing


def no_desk_error(data_dir: Path) -> CaselineError:
    """No desk here: run init; or, when one of its two files is missing, the services'
    error that says which (restore from a backup, never init)."""
    from desktop import services

    if services.Workspace.partly_there(data_dir):
        return services.Workspace.absent_error(data_dir)
    return InputError(
        f"Chưa có dữ liệu Caseline ở {data_dir}: chạy 'caseline init' trước.",
        f"No Caseline desk at {data_dir}: run 'caseline init' first.",
    )


@contextmanager
def workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The desk unlocked as the given user; locked again when the command ends."""
    from desktop import services

    data_dir = data_dir_of(args)
    if not services.Workspace.exists(data_dir):
        raise no_desk_error(data_dir)
    user = username_of(args)
    ws = services.Workspace.open(data_dir, user, password_of())
    try:
        yield ws
    finally:
        ws.close()


# ----------------------------------------------------------- JSON in, JSON out
# The plumbing the record commands share (`contact add|update|show`, `case show|move|entry`).


def print_json(value: Any) -> None:
    """`value` as one JSON document on stdout (the `--json` contract)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=None, default=str) + "\n")


def saved_ref(saved: Any) -> dict[str, Any]:
    """{id, number} of what a write saved (a record or a dict)."""
    if isinstance(saved, dict):
        return {"id": saved.get("id"), "number": saved.get("number")}
    return {"id": saved.id, "number": getattr(saved, "number", None)}


def json_given(args: argparse.Namespace) -> dict[str, Any]:
    """The object of `--json FILE|-`, or {} when the flag is optional and not given."""
    return read_json_object(args.json) if args.json else {}


def save_from_json(args: argparse.Namespace, write: Callable[[Workspace, dict], Any]) -> int:
    """`… --json FILE|-` that saves: the document is read (and refused) before the desk is
    unlocked, `write(ws, document)` saves it, {"id","number"} is printed."""
    document = read_json_object(args.json)
    with workspace(args) as ws:
        saved = write(ws, document)
    print_json(saved_ref(saved))
    return EXIT_OK


def show_record(
    args: argparse.Namespace,
    read: Callable[[Workspace], T],
    as_text: Callable[[T], str],
    as_json: Callable[[T], Any] = lambda record: record,
) -> int:
    """`… show NUMBER [--json]`: the record `read(ws)` returns, as one JSON document
    (`as_json(record)`: the command's public JSON shape) or as the command's text."""
    with workspace(args) as ws:
        record = read(ws)
    if args.json:
        print_json(as_json(record))
    else:
        sys.stdout.write(as_text(record))
    return EXIT_OK


def regular_file(path: Path, what_vi: str, what_en: str) -> Path:
    """`path` when it names a regular file (after links) to read `what` from; InputError
    naming what is there instead: nothing, a folder, or a FIFO/device/socket (reading one
    would block or never end)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(
            f"Không tìm thấy {what_vi} {path}.", f"{what_en} {path} not found."
        ) from None
    except OSError as exc:
        raise InputError(
            f"Không đọc được {what_vi} {path}: {exc.strerror or exc}.",
            f"Cannot read the {what_en.lower()} {path}: {exc.strerror or exc}.",
        ) from exc
    if stat.S_ISDIR(mode):
        raise InputError(
            f"{path} là một thư mục, không phải {what_vi}.",
            f"{path} is a folder, not a {what_en.lower()}.",
        )
    if not stat.S_ISREG(mode):
        kind_vi, kind_en = (
            ("một FIFO (ống dẫn)", "a FIFO (a pipe)")
            if stat.S_ISFIFO(mode)
            else ("một socket", "a socket")
            if stat.S_ISSOCK(mode)
            else ("một thiết bị", "a device")
        )
        raise InputError(
            f"{path} là {kind_vi}, không phải {what_vi}.",
            f"{path} is {kind_en}, not a {what_en.lower()}.",
        )
    return path


# A contact document nests three levels ({"children": [{…}]}); far deeper is not one.
MAX_JSON_DEPTH = 32


def read_json_object(source: str) -> dict[str, Any]:
    """The JSON object in FILE, or on stdin when FILE is '-'.

    Strict JSON as RFC 8259 has it: no NaN/Infinity, no number too large for a float, no
    string that is not Unicode text (a lone surrogate such as "\\udcff"), at most
    MAX_JSON_DEPTH levels of nesting. InputError (one line) otherwise."""
    try:  # bytes, decoded strictly here: stdin's own decoding would hide bad bytes
        if source == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            raw = stdin.read() if stdin else sys.stdin.read().encode("utf-8", "surrogateescape")
        else:
            raw = Path(source).read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise InputError(
            f"Không đọc được tệp {source}: {exc.strerror or exc}.",
            f"Cannot read {source}: {exc.strerror or exc}.",
        ) from exc
    except UnicodeDecodeError as exc:
        shown = "đầu vào chuẩn (stdin)" if source == "-" else f"Tệp {source}"
        raise InputError(
            f"{shown} không phải văn bản UTF-8 hợp lệ (byte {exc.start}: "
            f"{raw[exc.start : exc.start + 1]!r}).",
            f"{'Standard input' if source == '-' else source} is not valid UTF-8 text "
            f"(byte {exc.start}: {raw[exc.start : exc.start + 1]!r}).",
        ) from exc
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"JSON không hợp lệ ({source}, dòng {exc.lineno}, cột {exc.colno}): {exc.msg}.",
            f"Malformed JSON ({source}, line {exc.lineno}, column {exc.colno}): {exc.msg}.",
        ) from exc
    except RecursionError as exc:  # nested deeper than the parser goes
        raise _too_deep(source) from exc
    except ValueError as exc:  # a 5,000-digit number, NaN, 1e999
        raise InputError(
            f"JSON không hợp lệ ({source}): có số không dùng được (quá lớn, NaN hoặc vô cực).",
            f"Malformed JSON ({source}): a number that cannot be used (too large, NaN or "
            "infinite).",
        ) from exc
    if not isinstance(data, dict):
        raise InputError("JSON phải là một đối tượng {…}.", "The JSON must be an object {…}.")
    depth, where = _shape(data)
    if depth > MAX_JSON_DEPTH:
        raise _too_deep(source)
    if where is not None:
        raise InputError(
            f"JSON ({source}) có chuỗi không phải văn bản Unicode hợp lệ (một nửa cặp "
            f"surrogate, viết bằng mã thoát như \\udcff) ở {where}.",
            f"The JSON ({source}) holds a string that is not valid Unicode text (a lone "
            f"surrogate, written as an escape such as \\udcff) at {where}.",
        )
    return data


def _too_deep(source: str) -> InputError:
    return InputError(
        f"JSON ({source}) lồng nhau quá sâu (tối đa {MAX_JSON_DEPTH} tầng).",
        f"The JSON ({source}) is nested too deep (at most {MAX_JSON_DEPTH} levels).",
    )


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number too large")
    return value


def _shape(data: Any) -> tuple[int, str | None]:
    """(the deepest nesting of objects and arrays, the path such as 'children[0].full_name'
    of the first key or string holding a lone surrogate, or None). Iterative."""
    deepest, found = 0, None
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, str):
            if found is None and not_text(value):
                found = path or "(gốc/root)"
        elif isinstance(value, dict):
            deepest = max(deepest, depth + 1)
            for key, item in value.items():
                if found is None and not_text(key):
                    found = f"{path}.(key)" if path else "(key)"
                stack.append((f"{path}.{key}" if path else key, item, depth + 1))
        elif isinstance(value, list):
            deepest = max(deepest, depth + 1)
            stack.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))
    return deepest, found


def not_text(value: str) -> bool:
    """Does `value` hold a lone surrogate (bytes that were not UTF-8, or a "\\udcff"
    escape) — something no store, file or screen can take as text?"""
    return any("\ud800" <= char <= "\udfff" for char in value)
