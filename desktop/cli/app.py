"""`caseline gui` (the default), `caseline demo`, `caseline self-test` and
`caseline seed-demo` (synthetic data for a demo or a benchmark)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import EXIT_OK, InputError, data_dir_of, interactive, say, workspace
from desktop.cli.output import print_json, progress_printer
from desktop.cli.parser import Commands, whole_number

if TYPE_CHECKING:
    from desktop.services import Workspace

# More synthetic data than a real line records in decades (the bench uses 500,000).
MAX_DEMO_COUNT = 5_000_000


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.ui import app

    return int(app.run_gui(data_dir_of(args)) or 0)


def check_counts(contacts: int, cases: int) -> None:
    """The numbers of demo contacts and cases: 0 to MAX_DEMO_COUNT each."""
    if contacts < 0 or cases < 0:
        raise InputError("Số lượng không được âm.", "Counts cannot be negative.")
    if contacts > MAX_DEMO_COUNT or cases > MAX_DEMO_COUNT:
        raise InputError(
            f"Số lượng dữ liệu mẫu tối đa là {MAX_DEMO_COUNT:,}.".replace(",", "."),
            f"At most {MAX_DEMO_COUNT:,} demo contacts or cases.",
        )


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo.workspace import run_demo

    check_counts(args.contacts, args.cases)
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


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from desktop.demo import seed_demo

    check_counts(args.contacts, args.cases)
    with workspace(args) as ws:
        started = time.perf_counter()
        summary = seed_demo(
            ws,
            contacts=args.contacts,
            cases=args.cases,
            seed=args.seed,
            progress=None if args.json or not interactive() else progress_printer(),
            assignees=_caseworkers(ws),
        )
        elapsed = time.perf_counter() - started
    result = {**summary.to_dict(), "seconds": round(elapsed, 2)}
    if args.json:
        print_json(result)
    else:
        sys.stdout.write(
            say(
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


def register_seed_demo(commands: Commands) -> None:
    p = commands.command("seed-demo", cmd_seed_demo, "add realistic Vietnamese synthetic data")
    p.add_argument("--contacts", type=whole_number, required=True, metavar="N")
    p.add_argument("--cases", type=whole_number, default=0, metavar="M")
    p.add_argument("--seed", type=whole_number, default=1, metavar="S")
    p.add_argument("--json", action="store_true")


def register(commands: Commands) -> None:
    commands.command("gui", cmd_gui, "the desktop app (default)")
    p = commands.command("demo", cmd_demo, "demo desk + embedded central server, then the app")
    p.add_argument("--contacts", type=whole_number, default=3000, metavar="N")
    p.add_argument("--cases", type=whole_number, default=150, metavar="M")
    p.add_argument("--no-ui", action="store_true", help="set up and print, do not open the app")
    p.add_argument("--no-server", action="store_true", help="no embedded central server")
    p = commands.command("self-test", cmd_self_test, "offscreen end-to-end check, OK/FAIL per step")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
