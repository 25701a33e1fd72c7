"""The argument parser's parts: one-line usage errors, the global options every command
accepts, and the helpers each command module uses to declare its commands.

The command names and flags are a public contract (README, DESIGN.md "Command-line
contract"): never rename one.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from desktop.cli.common import EXIT_USAGE, not_text, say
from desktop.cli.output import one_line
from desktop.errors import language

Command = Callable[[argparse.Namespace], int]


def text(value: str) -> str:
    """argparse type of a value that is text (a name, a number, a search): bytes that are
    not UTF-8 reach Python as lone surrogates and are a usage error here, not a crash in
    the store. (File paths keep such bytes: they name real files.)"""
    if not_text(value):
        raise argparse.ArgumentTypeError(
            say(
                "không phải văn bản hợp lệ (có byte không phải UTF-8)",
                "not valid text (it holds bytes that are not UTF-8)",
            )
        )
    return value


def whole_number(value: str) -> int:
    """argparse type of a whole number (a count, a limit, a seed). Like every numeric input
    of the CLI it is read after NFKC, so full-width digits ("５０", as some Vietnamese
    keyboards type them) are the digits 0–9; any other character is refused by name."""
    canonical = unicodedata.normalize("NFKC", text(value)).strip()
    digits = canonical[1:] if canonical[:1] in "+-" else canonical
    if not (digits.isascii() and digits.isdigit()):
        raise argparse.ArgumentTypeError(
            say(
                f"{value!r} không phải số nguyên (chỉ dùng chữ số 0–9)",
                f"{value!r} is not a whole number (use the digits 0–9)",
            )
        )
    return int(canonical)


def month_text(value: str) -> str:
    """argparse type of a YYYY-MM month: NFKC (full-width "２０２６-１０" is 2026-10), then
    checked by the command (desktop.cli.reports.check_month)."""
    return unicodedata.normalize("NFKC", text(value)).strip()


# argparse's own error messages (Python 3.11's templates, through its gettext hook
# `argparse._`) in Vietnamese, so a usage error speaks the language every other message of
# the CLI does. `--help` stays English as a whole (its texts are English), not half-translated.
ARGPARSE_VI = {
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "ignored explicit argument %r": "giá trị %r không dùng được ở đây",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tuỳ chọn %(option)s không rõ: có thể là %(matches)s"
    ),
    "unexpected option string: %s": "tuỳ chọn không mong đợi: %s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (%(type)s)",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn %(value)r không hợp lệ (chọn một trong %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "lệnh %(parser_name)r không có (chọn một trong %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
}


def _vi(message: str) -> str:
    return ARGPARSE_VI.get(message, message)


def _vi_n(singular: str, plural: str, n: int) -> str:
    return _vi(singular if n == 1 else plural)


@contextlib.contextmanager
def argparse_language() -> Iterator[None]:
    """argparse's messages in the CLI's language while parsing (English is argparse's own)."""
    if language() == "en":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _vi, _vi_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class CaselineParser(argparse.ArgumentParser):
    """Usage errors are one line in the CLI's language (plus the hint to ask for --help)."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        with argparse_language():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        with argparse_language():  # its "unrecognized arguments" is outside the above
            return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {one_line(message)} (--help)\n")
        raise SystemExit(EXIT_USAGE)


def common_options() -> argparse.ArgumentParser:
    """Global options, accepted before or after the command name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS,
        help="the desk's data folder (env CASELINE_DATA_DIR; default: the user data dir)",
    )  # fmt: skip
    common.add_argument(
        "--user", metavar="NAME", default=argparse.SUPPRESS, type=text,
        help="log in as NAME (env CASELINE_USER); password from env CASELINE_PASSWORD or prompt",
    )  # fmt: skip
    common.add_argument(
        "--lang", choices=("vi", "en"), default=argparse.SUPPRESS,
        help="language of messages (env CASELINE_LANG; default vi)",
    )  # fmt: skip
    return common


class Commands:
    """Where a command module declares its commands: `sub` is the subparsers action to
    add to (the top level or a group such as `user`), `common` the global options."""

    def __init__(self, sub: Any, common: argparse.ArgumentParser) -> None:
        self.sub = sub
        self.common = common

    def command(self, name: str, func: Command, help_text: str) -> argparse.ArgumentParser:
        p = self.sub.add_parser(name, help=help_text, description=help_text, parents=[self.common])
        p.set_defaults(func=func)
        return p

    def group(self, name: str, help_text: str, dest: str, metavar: str) -> Commands:
        """A command with actions (`caseline user add …`)."""
        parser = self.sub.add_parser(name, help=help_text, parents=[self.common])
        return Commands(
            parser.add_subparsers(dest=dest, metavar=metavar, required=True), self.common
        )
