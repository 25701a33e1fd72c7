"""`caseline-central`: serve the API and administer devices (DESIGN.md "Command-line
contract" — the command and flag names are public)."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, func, select

from central.db import default_url, make_engine, migrate
from central.devices import UserInputError, list_devices, new_enrolment_code, revoke
from central.pull import TOMBSTONE_KEEP_DAYS, purge_tombstones, quarantined
from central.tables import records

Handler = Callable[[argparse.Namespace, Engine], int]


def counts(engine: Engine) -> dict[str, dict[str, int]]:
    """Live (not deleted) records per province and entity."""
    query = (
        select(records.c.province_code, records.c.entity, func.count())
        .where(records.c.deleted.is_(False))
        .group_by(records.c.province_code, records.c.entity)
    )
    out: dict[str, dict[str, int]] = {}
    with engine.connect() as conn:
        for province, entity, n in conn.execute(query):
            out.setdefault(province, {})[entity] = int(n)
    return out


def _serve(args: argparse.Namespace, engine: Engine) -> int:
    import uvicorn

    from central.api.app import create_app
    from central.settings import Settings

    app = create_app(Settings.from_env(args.db), run_migrations=False)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=args.host,
            port=args.port,
            log_level="warning",
            access_log=False,  # paths and addresses only, but nothing the audit lacks
            ssl_certfile=args.ssl_certfile,
            ssl_keyfile=args.ssl_keyfile,
        )
    )
    if args.stop_when_stdin_closes:
        _stop_when_stdin_closes(server)
    server.run()
    return 0


def _stop_when_stdin_closes(server) -> None:
    """An embedded server (the demo's, the self-test's) ends with the app that started it,
    however that app ends — even killed: its end closes our stdin pipe."""

    def watch() -> None:
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except (OSError, ValueError):
            pass
        server.should_exit = True

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def _enroll_code(args: argparse.Namespace, engine: Engine) -> int:
    made = new_enrolment_code(
        engine, args.province or "", args.centre or "", args.ttl_hours, national=args.national
    )
    if args.json:
        print(json.dumps(made))
    else:
        print(f"{made['code']}  (hết hạn / expires {made['expires_at']})")
    return 0


def _devices(args: argparse.Namespace, engine: Engine) -> int:
    rows = list_devices(engine)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for d in rows:
        state = d["revoked_reason"] or "active"
        wiped = ""
        if d.get("wiped_at"):
            wiped = f"  wiped {d['wiped_at']}, {d['lost_ops']} unsent changes lost"
        print(
            f"{d['device_id']}  {d['province_code']}  {d['device_code']:<4} {state:<8} "
            f"last seen {d['last_seen_at'] or '-'}{wiped}"
        )
    return 0


def _revoke(args: argparse.Namespace, engine: Engine) -> int:
    revoke(engine, args.device_id, lost=args.lost)
    print(f"revoked {args.device_id}" + (" (lost)" if args.lost else ""))
    return 0


def _counts(args: argparse.Namespace, engine: Engine) -> int:
    data = counts(engine)
    if args.json:
        print(json.dumps(data, sort_keys=True))
        return 0
    for province in sorted(data):
        parts = ", ".join(f"{k}={v}" for k, v in sorted(data[province].items()))
        print(f"{province}: {parts}")
    return 0


def _quarantine(args: argparse.Namespace, engine: Engine) -> int:
    rows = quarantined(engine, current_only=not args.all)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("không có bản ghi nào bị cách ly / no quarantined records")
    for r in rows:
        print(
            f"{r['record_id']}  {r['province_code']}  {r['entity']:<10} rev {r['rev']}  "
            f"{r['found_at']}  {r['reason']}"
        )
    return 0


def _anchors(args: argparse.Namespace, engine: Engine) -> int:
    from central.anchors import allow_restart, list_anchors

    if args.allow_restart:
        try:
            allow_restart(engine, args.allow_restart, by="caseline-central anchors")
        except LookupError:
            print(f"caseline-central: no such device: {args.allow_restart}", file=sys.stderr)
            return 1
        print(f"device {args.allow_restart}: its next restart (a restored desk) is accepted")
        return 0
    rows = list_anchors(engine, alerts_only=args.refused)
    if args.json:
        print(json.dumps(rows))
        return 0
    for a in rows:
        state = "accepted" if a["accepted"] else "REFUSED"
        why = f" ({a['reason']})" if a["reason"] else ""
        print(
            f"{a['received_at']}  {a['device_id']}  {a['province_code']}  seq {a['seq']:<8} "
            f"{state}{why}"
        )
    return 0


def _import_packet(args: argparse.Namespace, engine: Engine) -> int:
    """Apply a desk's sync packet and write the answer it carries home (issue 16)."""
    from central.chunks import chunk_store
    from central.handoffs import Deadlines
    from central.packets import PacketError, import_packet, mark_seen
    from central.settings import Settings
    from desktop import files

    try:
        blob = open(args.file, "rb").read()  # noqa: SIM115
    except OSError as exc:
        raise UserInputError(f"cannot read {args.file}: {exc.strerror}") from None
    settings = Settings.from_env(args.db)
    store = chunk_store(engine, settings.attachment_dir)
    try:
        header, answer, counts = import_packet(
            engine, store, blob, deadlines=Deadlines.from_settings(settings)
        )
    except PacketError as exc:
        raise UserInputError(f"{exc.message_en} ({exc.message_vi})") from None
    try:
        files.write_atomically(args.output, answer, same_kind=True)
    except Exception as exc:  # a folder, a FIFO, a full disk: one line
        raise UserInputError(f"cannot write {args.output}: {exc}") from None
    mark_seen(engine, header, counts)  # only now: a crash before it lets it be imported again
    summary = {"packet_id": header.packet_id, "device_id": header.device_id, **counts}
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"imported packet {header.packet_id} from {header.device_id}: {counts['ops']} ops,"
            f" {counts['chunks_in']} chunks; answer written to {args.output}"
        )
    return 0


def _purge(args: argparse.Namespace, engine: Engine) -> int:
    gone = purge_tombstones(engine, args.keep_days)
    print(f"purged {gone} tombstones")
    return 0


def _retention_purge(args: argparse.Namespace, engine: Engine) -> int:
    """The desks' retention rules applied to central's copy (issue 12)."""
    from central import retention as central_retention
    from desktop.domain import retention

    days: dict[str, int] = {}
    for item in args.days or []:
        code, _, value = item.partition("=")
        if code not in retention.BY_CODE or not value.strip().isdigit():
            raise UserInputError(
                f"--days wants RULE=N with RULE one of {', '.join(retention.BY_CODE)}"
            )
        rule = retention.BY_CODE[code]
        if not rule.minimum_days <= int(value) <= rule.maximum_days:
            raise UserInputError(
                f"--days {code} must be {rule.minimum_days}-{rule.maximum_days} days"
                f" (got {int(value)}); nothing was changed"
            )
        days[code] = int(value)
    removed = central_retention.purge(engine, dry_run=args.dry_run, days=days)
    if args.json:
        print(json.dumps({"dry_run": args.dry_run, "removals": [r.to_dict() for r in removed]}))
    else:
        for r in removed:
            print(f"{r.province_code}  {r.entity:<10}  {r.number or r.id}  {r.action}  {r.rule}")
        print(f"{'would remove' if args.dry_run else 'removed'} {len(removed)} records")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caseline-central", description=__doc__)
    parser.add_argument("--db", default=None, help="SQLAlchemy URL (default: SQLite file)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the sync API (migrates first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--ssl-certfile", default=None, help="serve HTTPS with this certificate")
    serve.add_argument("--ssl-keyfile", default=None)
    serve.add_argument(
        "--stop-when-stdin-closes",
        action="store_true",
        help="stop when standard input closes (an embedded server ends with its app)",
    )
    serve.set_defaults(handler=_serve)

    code = sub.add_parser("enroll-code", help="make a one-time enrolment code")
    whose = code.add_mutually_exclusive_group(required=True)
    whose.add_argument("--province")
    whose.add_argument(
        "--national",
        action="store_true",
        help="a code for a national-line desk (scope 00: its own records and handoffs)",
    )
    code.add_argument("--centre", default="")
    code.add_argument("--ttl-hours", type=float, default=24.0)
    code.add_argument("--json", action="store_true")
    code.set_defaults(handler=_enroll_code)

    devs = sub.add_parser("devices", help="list enrolled devices")
    devs.add_argument("--json", action="store_true")
    devs.set_defaults(handler=_devices)

    rev = sub.add_parser("revoke", help="revoke a device's sync access")
    rev.add_argument("device_id")
    rev.add_argument("--lost", action="store_true", help="the device was lost or stolen")
    rev.set_defaults(handler=_revoke)

    cnt = sub.add_parser("counts", help="live records per province and kind")
    cnt.add_argument("--json", action="store_true")
    cnt.set_defaults(handler=_counts)

    quar = sub.add_parser(
        "quarantine",
        help="stored records central cannot serve (left out of pulls, audited): fields, reasons",
    )
    quar.add_argument("--json", action="store_true")
    quar.add_argument(
        "--all", action="store_true", help="also those a later edit has since replaced"
    )
    quar.set_defaults(handler=_quarantine)

    anchors = sub.add_parser("anchors", help="audit heads the desks sent; --refused: alerts")
    anchors.add_argument("--json", action="store_true")
    anchors.add_argument(
        "--refused", action="store_true", help="only heads refused or restarted (alerts)"
    )
    anchors.add_argument(
        "--allow-restart",
        metavar="DEVICE_ID",
        help="accept this device's next restart without an admin's signed restore statement "
        "(a desk restored over a damaged database; check with the centre first)",
    )
    anchors.set_defaults(handler=_anchors)

    purge = sub.add_parser("purge-tombstones", help="drop tombstones older than a year")
    purge.add_argument("--keep-days", type=int, default=TOMBSTONE_KEEP_DAYS)
    purge.set_defaults(handler=_purge)

    ret = sub.add_parser("purge", help="apply the retention rules (issue 12; --dry-run lists)")
    ret.add_argument("--dry-run", action="store_true")
    ret.add_argument("--json", action="store_true")
    ret.add_argument("--days", action="append", metavar="RULE=N", help="a rule's period in days")
    ret.set_defaults(handler=_retention_purge)

    packet = sub.add_parser(
        "import-packet", help="apply a desk's sync packet and write its answer (issue 16)"
    )
    packet.add_argument("file", metavar="FILE")
    packet.add_argument("-o", "--output", required=True, metavar="ANSWER_FILE")
    packet.add_argument("--json", action="store_true")
    packet.set_defaults(handler=_import_packet)

    _add_report_commands(sub)
    return parser


def _add_report_commands(sub: Any) -> None:
    """`report monthly` is the reports part's: it provides `central.report_cli.register`
    (adds its sub-parser with a `handler(args, engine) -> int`)."""
    if importlib.util.find_spec("central.report_cli") is None:
        return
    importlib.import_module("central.report_cli").register(sub)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    engine = make_engine(args.db or default_url())
    try:
        migrate(engine)
        return int(args.handler(args, engine) or 0)
    except UserInputError as exc:
        print(f"caseline-central: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one clear line, no traceback, for anything environmental
        print(f"caseline-central: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
