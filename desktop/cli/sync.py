"""`caseline enroll` (join the central server) and `caseline sync` (one round now)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import EXIT_OK, regular_file, say, workspace
from desktop.cli.output import print_json
from desktop.cli.parser import Commands, text
from desktop.errors import CaselineError


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


def failed_round(exc: CaselineError) -> dict[str, object]:
    """What `sync --json` prints on stdout when the round could not finish (the one line
    still goes to stderr and the exit code is 1): {"ok": false, "status": "failed",
    "error": {"kind", "code", "message", "vi", "en"}, "errors": [{"kind", "vi", "en"}]}.
    kind: the SyncError kind (network | tls | auth | server | protocol | revoked | upgrade
    | conflict), else the error's code (e.g. "auth" for a wrong password)."""
    kind = str(getattr(exc, "kind", "") or exc.code)
    return {
        "ok": False,
        "status": "failed",
        "error": {
            "kind": kind,
            "code": exc.code,
            "message": str(exc),
            "vi": exc.message_vi,
            "en": exc.message_en,
        },
        "errors": [{"kind": kind, "vi": exc.message_vi, "en": exc.message_en}],
    }


def cmd_sync(args: argparse.Namespace) -> int:
    try:
        with workspace(args) as ws:
            result = ws.sync.run_once()
    except CaselineError as exc:
        if args.json:  # a script reading stdout still gets an object to parse
            print_json(failed_round(exc))
        raise
    summary = result.to_dict()
    if args.json:
        print_json(summary)
    else:
        parts = [f"{k}={v}" for k, v in summary.items() if not isinstance(v, dict | list)]
        sys.stdout.write(say("Đồng bộ xong: ", "Synced: ") + ", ".join(parts) + "\n")
        for item in summary.get("not_sent") or []:  # refused by central: why, how to fix
            sys.stdout.write(say(item["vi"], item["en"]) + "\n")
        for dup in summary.get("handoff_duplicates") or []:  # issue 15: lost the race
            sys.stdout.write(
                say(
                    f"Chuyển tuyến {dup['handoff']} đã được bàn khác nhận ({dup['kept']}): "
                    f"đã rút {dup['withdrawn']} của bàn này.",
                    f"Handoff {dup['handoff']} was already accepted by another desk "
                    f"({dup['kept']}): this desk's {dup['withdrawn']} withdrawn.",
                )
                + "\n"
            )
    return EXIT_OK


def cmd_sync_export(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        written = ws.sync.export_packet(args.output)
    if args.json:
        print_json(written.to_dict())
    else:
        sys.stdout.write(
            say(
                f"Đã ghi gói đồng bộ {args.output}: {written.ops} thay đổi, {written.chunks}"
                " mảnh tệp. Mang tới trung tâm (caseline-central import-packet).\n",
                f"Wrote the sync packet {args.output}: {written.ops} changes, {written.chunks}"
                " chunks. Carry it to central (caseline-central import-packet).\n",
            )
        )
    return EXIT_OK


def cmd_sync_import(args: argparse.Namespace) -> int:
    regular_file(Path(args.file), "tệp gói đồng bộ", "Sync packet file")  # a FIFO would hang
    with workspace(args) as ws:
        done = ws.sync.import_packet(args.file)
    if args.json:
        print_json(done.to_dict())
    elif done.kind == "relay":
        sys.stdout.write(
            say(
                f"Đã nhận {done.relayed} thay đổi của máy khác; lần đồng bộ sau sẽ gửi lên"
                " trung tâm.\n",
                f"Took {done.relayed} changes from the other desk; the next sync sends them"
                " to central.\n",
            )
        )
    else:
        sys.stdout.write(
            say(
                f"Đã nhập gói trả lời: {done.answered} thay đổi được trả lời, {done.pulled}"
                f" bản ghi nhận về, {done.chunks} mảnh tệp.\n",
                f"Imported the answer: {done.answered} changes answered, {done.pulled}"
                f" records received, {done.chunks} chunks.\n",
            )
        )
    return EXIT_OK


def register(commands: Commands) -> None:
    p = commands.command("enroll", cmd_enroll, "enrol this desk with the central server")
    p.add_argument("--server", required=True, metavar="URL", type=text)
    p.add_argument("--code", required=True, metavar="CODE", type=text)
    p.add_argument("--ca-file", metavar="FILE")
    p.add_argument("--json", action="store_true")

    p = commands.command("sync", cmd_sync, "one push + pull round now (or export|import)")
    p.add_argument("--json", action="store_true")
    # issue 16: `caseline sync export -o FILE` | `caseline sync import FILE` (sync packets)
    packets = Commands(
        p.add_subparsers(dest="sync_command", metavar="[export|import]", required=False),
        commands.common,
    )
    e = packets.command("export", cmd_sync_export, "write pending changes to a sync packet")
    e.add_argument("-o", "--output", required=True, metavar="FILE")
    e.add_argument("--json", action="store_true")
    i = packets.command(
        "import",
        cmd_sync_import,
        "apply central's answer packet, or another desk's packet of this province",
    )
    i.add_argument("file", metavar="FILE")
    i.add_argument("--json", action="store_true")
