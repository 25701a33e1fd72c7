"""`caseline enroll` (join the central server) and `caseline sync` (one round now)."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import EXIT_OK, say, workspace
from desktop.cli.output import print_json
from desktop.cli.parser import Commands, text


def cmd_enroll(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        enrolment = ws.sync.enroll(args.server, args.code, ca_file=args.ca_file)
    if args.json:
        print_json(enrolment.to_dict())
    else:
        code = enrolment.device_code
        sys.stdout.write(
            say(
                f"Đã đăng ký thiết bị với máy chủ (mã thiết bị {code}).\n",
                f"Enrolled with the server (device code {code}).\n",
            )
        )
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        result = ws.sync.run_once()
    summary = result.to_dict()
    if args.json:
        print_json(summary)
    else:
        parts = [f"{k}={v}" for k, v in summary.items() if not isinstance(v, dict | list)]
        sys.stdout.write(say("Đồng bộ xong: ", "Synced: ") + ", ".join(parts) + "\n")
        for item in summary.get("not_sent") or []:  # refused by central: why, how to fix
            sys.stdout.write(say(item["vi"], item["en"]) + "\n")
    return EXIT_OK


def register(commands: Commands) -> None:
    p = commands.command("enroll", cmd_enroll, "enrol this desk with the central server")
    p.add_argument("--server", required=True, metavar="URL", type=text)
    p.add_argument("--code", required=True, metavar="CODE", type=text)
    p.add_argument("--ca-file", metavar="FILE")
    p.add_argument("--json", action="store_true")

    p = commands.command("sync", cmd_sync, "one push + pull round now")
    p.add_argument("--json", action="store_true")
