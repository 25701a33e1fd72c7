"""The `caseline` command line (DESIGN.md "Command-line contract").

Every command exits 0 on success, and on failure prints ONE line on stderr and exits
non-zero: 1 for errors a user can cause (`CaselineError`, bad input files), 2 for usage
errors. The other parts (store, sync, reports, UI) are imported inside the command
functions, so `caseline --help` stays fast and a part that is not installed gives a clear
message instead of a traceback.

One module per command group, each declaring its commands and flags in `register()`:
`setup` (init), `users` (user add|list, recover), `contacts` (contact add|update|show,
search), `cases` (case open|show, conflicts), `sync` (enroll, sync), `reports` (report
case|monthly|thematic), `maintenance` (backup, restore, verify), `app` (gui, demo,
self-test, seed-demo). Shared: `common` (exit codes, data folder, secrets, workspace),
`output` (printing), `parser` (one-line usage errors, global options).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from desktop.cli import (
    app,
    attachments,
    cases,
    contacts,
    handoffs,
    maintenance,
    reports,
    rights,
    setup,
    sync,
    users,
)
from desktop.cli.common import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    say,
)
from desktop.cli.output import fail_line
from desktop.cli.parser import CaselineParser, Commands, common_options
from desktop.errors import CaselineError, set_language


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = CaselineParser(
        prog="caseline",
        description="Caseline — the child-protection line's desk (111). Default command: gui.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CaselineParser)
    commands = Commands(sub, common)
    # The order here is the order `caseline --help` lists the commands in.
    setup.register(commands)
    users.register(commands)
    app.register_seed_demo(commands)
    contacts.register(commands)
    cases.register(commands)
    attachments.register(commands)
    handoffs.register(commands)
    rights.register(commands)
    sync.register(commands)
    reports.register(commands)
    maintenance.register(commands)
    app.register(commands)
    return parser


def _language_asked(argv: Sequence[str]) -> str | None:
    """The --lang given on the command line ("vi"/"en"), read before argparse runs."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("vi", "en"):
            return value
    return None


def _use_utf8_stdio() -> None:
    # backslashreplace: a name that is not UTF-8 (a folder from another system, taken in
    # by Python as lone surrogates) prints as escapes instead of failing the command after
    # its work was done — `init` would create the desk and never show the recovery key.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="backslashreplace")
            except (ValueError, OSError):
                pass


def main(argv: Sequence[str] | None = None) -> int:
    _use_utf8_stdio()
    set_language(os.environ.get("CASELINE_LANG") or "vi")
    asked = _language_asked(sys.argv[1:] if argv is None else argv)
    if asked:  # before parsing: a usage error speaks it too
        set_language(asked)
    args = build_parser().parse_args(argv)
    if getattr(args, "lang", None):
        set_language(args.lang)
    func = getattr(args, "func", app.cmd_gui)
    try:
        return int(func(args) or EXIT_OK)
    except CaselineError as exc:
        fail_line(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        fail_line(say("Đã dừng.", "Interrupted."))
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        fail_line(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 — a bug: one line unless asked for details
        if os.environ.get("CASELINE_DEBUG"):
            raise
        fail_line(
            say("Lỗi nội bộ", "Internal error")
            + f" ({type(exc).__name__}); CASELINE_DEBUG=1 "
            + say("để xem chi tiết.", "shows the details.")
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
