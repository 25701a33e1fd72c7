"""The argument parser's parts: one-line usage errors, the global options every command
accepts, and the helpers each command module uses to declare its commands.

The command names and flags are a public contract (README, DESIGN.md "Command-line
contract"): never rename one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from desktop.cli.common import EXIT_USAGE, not_text, say
from desktop.cli.output import one_line

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


class CaselineParser(argparse.ArgumentParser):
    """Usage errors are one line too (plus the hint to ask for --help)."""

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
