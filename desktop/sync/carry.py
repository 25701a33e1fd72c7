"""A desk's side of the sync packet (issue 16; format in desktop/sync/packet.py).

`export_packet` seals the outbox and the chunks central has not confirmed, with the pull
cursor the desk has now; nothing changes locally (the ops stay in the outbox until an
answer, from a packet or the network, says what became of them). The packet's id and
cursor are remembered (state `packet.out`), so that `import_answer` accepts only central's
answer to a packet this desk wrote, once, and only while the desk's cursor is still the
one the answer continues from: then it applies the per-op answers and the pull pages
exactly as a network round does (`engine._ack`, `engine._apply_page`: the same
transactions, the cursor moving with each page), and keeps the chunks it carries.

A refused packet raises `SyncError(kind="packet")` with one line in both languages and
changes nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

from desktop.db import attachments as local
from desktop.db import sync_store
from desktop.domain.ids import utc_now, uuid7
from desktop.errors import SyncError
from desktop.sync import packet as pk
from desktop.sync import protocol as p
from desktop.sync.host import RunDb, SyncHost

PACKET_KEY = "sync.packet_key"  # setting: the province's packet key (hex), from central
OUT = "packet.out"  # state: {packet_id: {"since": cursor, "at": UTC text}} awaiting answers
SEEN = "packet.seen"  # state: ids of packets imported here (last KEEP_SEEN)
KEEP_SEEN = 1000
CURSOR = "pull_cursor"
ANSWERED = "packet.answered_cursor"  # state: the cursor the last imported answer left


def refused(vi: str, en: str, reason: str) -> SyncError:
    return SyncError("packet", vi, en, reason=reason)


REFUSALS = {
    "damaged": (
        "Tệp không phải gói đồng bộ hoặc đã bị cắt cụt/hỏng: không áp dụng gì.",
        "The file is not a sync packet, or it is truncated or damaged: nothing applied.",
    ),
    "tampered": (
        "Gói đồng bộ đã bị sửa hoặc không phải của tỉnh/thành này: không áp dụng gì.",
        "The sync packet was altered or is not from this province: nothing applied.",
    ),
    "too_large": ("Gói đồng bộ quá lớn.", "The sync packet is too large."),
    "foreign": (
        "Gói đồng bộ này dành cho máy hoặc tỉnh/thành khác: không áp dụng gì.",
        "This sync packet is for another desk or province: nothing applied.",
    ),
    "replay": (
        "Gói trả lời này đã được nhập, hoặc không trả lời gói nào máy này đã xuất: không áp"
        " dụng gì.",
        "This answer was imported before, or answers no packet this desk exported: nothing"
        " applied.",
    ),
    "imported_before": (
        "Máy này đã nhập gói đồng bộ này rồi (nhập lại lần nữa): không áp dụng gì.",
        "This desk imported this sync packet before (a replay): nothing applied.",
    ),
    "stale": (
        "Máy này đã đồng bộ qua mạng sau khi xuất gói; gói trả lời đã cũ, không cần nữa:"
        " không áp dụng gì.",
        "This desk synced over the network after it exported the packet; the answer is out"
        " of date and not needed: nothing applied.",
    ),
    "older_answer": (
        "Máy này đã nhập một gói trả lời khác, đi xa hơn gói này; gói trả lời này không còn"
        " cần (không mất gì): không áp dụng gì.",
        "This desk already imported another answer that took it past this one; this answer"
        " is not needed (nothing is lost): nothing applied.",
    ),
    "no_key": (
        "Máy này chưa có khoá gói đồng bộ: hãy đồng bộ qua mạng một lần (sau khi đăng ký).",
        "This desk has no sync-packet key yet: sync over the network once (after enrolling).",
    ),
    "kind": (
        "Đây là gói gửi đi của một máy; hãy nhập nó ở máy chủ trung tâm"
        " (caseline-central import-packet).",
        "This is a desk's outgoing packet; import it at central (caseline-central import-packet).",
    ),
}


def refusal(reason: str) -> SyncError:
    vi, en = REFUSALS.get(reason, REFUSALS["damaged"])
    return refused(vi, en, reason)


# ------------------------------------------------------------------ the key


def fetch_key(run_db: RunDb, client: Any) -> None:
    """In a network round: ask central for the province's packet key once."""
    if not hasattr(client, "packet_key"):
        return
    if run_db(lambda ws: sync_store.get_setting(ws.conn, PACKET_KEY)):
        return
    try:
        reply = client.packet_key()
    except SyncError:  # an older central: packets wait for one that has them
        return

    def keep(ws: SyncHost) -> None:
        if reply.province_code != ws.province_code:
            return
        with ws.store.transaction() as conn:
            sync_store.set_setting(conn, PACKET_KEY, reply.key)

    run_db(keep)


def _key(ws: SyncHost) -> bytes:
    value = sync_store.get_setting(ws.conn, PACKET_KEY)
    if not value:
        raise refusal("no_key")
    return bytes.fromhex(str(value))


# ------------------------------------------------------------------ export


def export_packet(ws: SyncHost) -> tuple[bytes, dict[str, Any]]:
    """(the packet's bytes, {"packet_id", "ops", "chunks", "since"}). SyncError (no key,
    not enrolled)."""
    conn = ws.conn
    device_id = sync_store.get_setting(conn, sync_store.DEVICE_ID)
    if not device_id:
        raise SyncError(
            "auth",
            "Máy này chưa đăng ký với máy chủ trung tâm (caseline enroll).",
            "This desk is not enrolled with a central server (caseline enroll).",
        )
    key = _key(ws)
    ops = [
        {k: v for k, v in op.items() if k != "device"} for op in sync_store.pending_ops(conn, -1)
    ]
    chunks = {d: local.chunk(conn, d) for d in local.waiting_upload(conn, -1)}
    since = int(sync_store.get_state(conn, CURSOR, 0) or 0)
    header = pk.PacketHeader(
        kind=pk.OPS,
        packet_id=uuid7(),
        province_code=ws.province_code,
        device_id=str(device_id),
        created_at=utc_now(),
    )
    blob = pk.seal(
        key,
        header,
        {
            "since": since,
            "ops": ops,
            "chunks": pk.encode_chunks({d: c for d, c in chunks.items() if c is not None}),
        },
    )
    with ws.store.transaction() as tx:
        out = sync_store.get_state(tx, OUT) or {}
        out[header.packet_id] = {"since": since, "at": header.created_at}
        sync_store.set_state(tx, OUT, out)
    info = {"packet_id": header.packet_id, "ops": len(ops), "chunks": len(chunks), "since": since}
    return blob, info


# ------------------------------------------------------------------ import


def header_of(ws: SyncHost, blob: bytes) -> pk.PacketHeader:
    """The packet's clear header, refused when it names another province."""
    try:
        header = pk.read_header(blob)
    except pk.PacketRefused as exc:
        raise refusal(exc.reason) from None
    if header.province_code != ws.province_code:
        raise refusal("foreign")
    return header


def read_for_desk(ws: SyncHost, blob: bytes) -> tuple[pk.PacketHeader, dict[str, Any]]:
    """Open central's answer for this desk: checks province, device, replay, then the key."""
    header = header_of(ws, blob)
    if header.kind != pk.ANSWER:
        raise refusal("kind")
    if header.device_id != sync_store.get_setting(ws.conn, sync_store.DEVICE_ID):
        raise refusal("foreign")
    out = sync_store.get_state(ws.conn, OUT) or {}
    seen = sync_store.get_state(ws.conn, SEEN) or []
    if header.in_reply_to not in out or header.packet_id in seen:
        raise refusal("replay")
    try:
        return pk.open_packet(_key(ws), blob)
    except pk.PacketRefused as exc:
        raise refusal(exc.reason) from None


# ------------------------------------------------------------------ desk to desk


RELAYED = "packet.relayed"  # state: op ids this desk relayed for another desk (last KEEP_RELAYED)
KEEP_RELAYED = 100_000


def relay_packet(ws: SyncHost, blob: bytes) -> dict[str, Any]:
    """Another enrolled desk of this province wrote `blob` (kind "ops"): its changes are
    applied here as that desk made them and queued in this desk's outbox with their own
    op ids, so central gets each once whichever desk reaches it first (the other one is
    answered `duplicate`); its unsent chunks are kept to be uploaded from here too. This
    desk's own unsent edits keep their fields. Returns {"packet_id", "relayed",
    "skipped", "chunks"}. Refused (nothing changed): damaged, altered, another province,
    this desk's own packet, a packet relayed before."""
    from desktop.db import repository  # the store's writer, as a pull uses it

    header = header_of(ws, blob)
    if header.kind != pk.OPS:
        raise refusal("foreign")  # an answer is for the desk that wrote the packet
    if header.device_id == sync_store.get_setting(ws.conn, sync_store.DEVICE_ID):
        raise refused(
            "Đây là gói do chính máy này xuất; hãy mang nó tới trung tâm hoặc một máy khác.",
            "This packet was exported by this desk; carry it to central or another desk.",
            "own",
        )
    if header.packet_id in (sync_store.get_state(ws.conn, SEEN) or []):
        raise refusal("imported_before")
    try:
        header, payload = pk.open_packet(_key(ws), blob)
    except pk.PacketRefused as exc:
        raise refusal(exc.reason) from None
    try:
        ops = [p.Op.from_dict(op) for op in payload.get("ops") or []]
    except p.ProtocolViolation:
        raise refusal("damaged") from None
    pieces = [
        (d, c)
        for d, c in pk.decode_chunks(payload.get("chunks")).items()
        if hashlib.sha256(c).hexdigest() == d
    ]
    relayed = skipped = 0
    with ws.store.transaction() as conn:
        done = set(sync_store.get_state(conn, RELAYED) or [])
        for op in ops:
            fields = dict(op.fields)
            province = fields.get("province_code", ws.province_code)
            queued = conn.execute("SELECT 1 FROM outbox WHERE op_id = ?", (op.op_id,)).fetchone()
            if (
                op.op_id in done
                or queued
                or province != ws.province_code
                or p.check_op_fields(op.entity, fields)
            ):
                skipped += 1
                continue
            _apply_relayed(conn, repository, op.entity, op.record_id, fields)
            conn.execute(
                "INSERT INTO outbox (op_id, entity, record_id, fields, base_rev, user, device,"
                " client_time) VALUES (?,?,?,?,?,?,?,?)",
                (op.op_id, op.entity, op.record_id, repository.to_json(fields), op.base_rev,
                 op.user, header.device_id[:8], op.client_time),
            )  # fmt: skip
            done.add(op.op_id)
            relayed += 1
        local.put_chunks(conn, pieces)
        sync_store.set_state(conn, RELAYED, sorted(done)[-KEEP_RELAYED:])
        seen = (sync_store.get_state(conn, SEEN) or [])[-KEEP_SEEN + 1 :]
        sync_store.set_state(conn, SEEN, [*seen, header.packet_id])
    return {
        "packet_id": header.packet_id,
        "relayed": relayed,
        "skipped": skipped,
        "chunks": len(pieces),
    }


def _apply_relayed(conn: Any, repository: Any, entity: str, rid: str, fields: dict) -> None:
    """The other desk's change on this desk's copy: a record new here is made from the
    op (rev 0: central has not numbered it for us); an edit changes the fields this desk
    has no unsent edit of; an edit of a record this desk never had waits for a pull."""
    current = repository.get(conn, entity, rid)
    if current is None:
        if not {"created_at", "created_by"} <= set(fields):
            return  # an edit of a record this desk does not hold
        record = {**repository.defaults(entity), **fields, "id": rid, "rev": 0}
        repository.write_row(conn, entity, repository.clean(record))
        return
    mine = sync_store.pending_fields(conn, entity, rid)
    changed = {k: v for k, v in fields.items() if k not in mine and k in current}
    if changed:
        repository.write_row(
            conn, entity, {**current, **repository.clean(changed)}, changed=changed
        )


def import_answer(ws: SyncHost, blob: bytes) -> dict[str, Any]:
    """Apply central's answer as a network round would. Returns counts {"packet_id",
    "answered", "pulled", "chunks"}. SyncError(kind="packet") when refused."""
    from desktop.sync import engine  # the round's own steps (engine imports this module)

    header, payload = read_for_desk(ws, blob)
    out = sync_store.get_state(ws.conn, OUT) or {}
    since = int(sync_store.get_state(ws.conn, CURSOR, 0) or 0)
    if payload.get("since") != out[header.in_reply_to]["since"] or since != payload["since"]:
        answered = sync_store.get_state(ws.conn, ANSWERED)
        raise refusal("older_answer" if answered is not None and answered == since else "stale")
    try:
        results = [p.OpResult.from_dict(r) for r in payload.get("results") or []]
        pages = [p.PullPage.from_dict(pg) for pg in payload.get("pages") or []]
    except p.ProtocolViolation:
        raise refusal("damaged") from None
    chunks = pk.decode_chunks(payload.get("chunks"))
    stored = [d for d in payload.get("stored") or [] if isinstance(d, str)]
    pieces = [(d, c) for d, c in chunks.items() if hashlib.sha256(c).hexdigest() == d]
    ops = sync_store.pending_ops(ws.conn, -1)
    answers = engine._checked_answers(ops, results)
    engine._ack(ws, answers)
    pulled = 0
    for page in pages:
        pulled += engine._apply_page(ws, page)
    with ws.store.transaction() as conn:
        local.put_chunks(conn, pieces, uploaded=True)
        local.mark_uploaded(conn, stored)
        out = sync_store.get_state(conn, OUT) or {}
        out.pop(header.in_reply_to, None)
        sync_store.set_state(conn, OUT, out)
        sync_store.set_state(conn, ANSWERED, int(sync_store.get_state(conn, CURSOR, 0) or 0))
        seen = (sync_store.get_state(conn, SEEN) or [])[-KEEP_SEEN + 1 :]
        sync_store.set_state(conn, SEEN, [*seen, header.packet_id])
    return {
        "packet_id": header.packet_id,
        "answered": len(answers),
        "pulled": pulled,
        "chunks": len(pieces),
    }
