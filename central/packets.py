"""Sync packets at central (issue 16): the province packet keys, and `import-packet`.

`import_packet` applies a desk's packet exactly as the network would — its ops through
`apply_push` (the same op_id twice is a `duplicate`, never a second record), its chunks
through the chunk store after checking each SHA-256 — and builds the answer: the per-op
answers, every pull page after the cursor the desk had when it wrote the packet, and the
chunks of the attachments in those pages. The packet's id is recorded as seen only once
the answer is built (`mark_seen`, after the CLI wrote it), so a crash in between lets the
same packet be imported again harmlessly; once seen, it is refused as a replay.
Refusals are `PacketError` (one line, Vietnamese and English) and change nothing.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from central.audit import audit
from central.chunks import ChunkStore, digest_of, readable
from central.devices import Device
from central.pull import pull_page
from central.push import apply_push
from central.tables import devices, packet_keys, packets_seen
from desktop.sync import packet as pk
from desktop.sync import protocol as p


class PacketError(Exception):
    """A packet central refuses; nothing was changed."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en


def province_key(engine: Engine, province: str, *, make: bool = True) -> bytes | None:
    """The province's packet key (made on first use when `make`)."""
    with engine.begin() as conn:
        row = conn.execute(
            select(packet_keys.c.key_hex).where(packet_keys.c.province_code == province)
        ).first()
        if row is not None:
            return bytes.fromhex(row[0])
        if not make:
            return None
        key = secrets.token_bytes(32)
        conn.execute(
            insert(packet_keys).values(
                province_code=province, key_hex=key.hex(), created_at=datetime.now(UTC)
            )
        )
    return province_key(engine, province, make=False)  # the row that won, if two raced


def _refused(reason: str) -> PacketError:
    texts = {
        "damaged": (
            "Tệp không phải gói đồng bộ hoặc đã bị cắt cụt/hỏng: không áp dụng gì.",
            "The file is not a sync packet, or it is truncated or damaged: nothing applied.",
        ),
        "tampered": (
            "Gói đồng bộ đã bị sửa hoặc không phải của tỉnh/thành ghi trên gói: không áp dụng gì.",
            "The sync packet was altered, or is not from the province it names: nothing applied.",
        ),
        "too_large": ("Gói đồng bộ quá lớn.", "The sync packet is too large."),
    }
    return PacketError(*texts.get(reason, texts["damaged"]))


def _device(engine: Engine, header: pk.PacketHeader) -> Device:
    with engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.device_id == header.device_id)).first()
    if row is None or row.province_code != header.province_code:
        raise PacketError(
            "Gói đồng bộ của một máy không đăng ký ở tỉnh/thành này: không áp dụng gì.",
            "The sync packet is from a desk not enrolled in its province: nothing applied.",
        )
    if row.revoked_at is not None:
        raise PacketError(
            "Máy viết gói đồng bộ này đã bị thu hồi: không áp dụng gì.",
            "The desk that wrote this sync packet was revoked: nothing applied.",
        )
    return Device(row.device_id, row.province_code, row.device_code, row.last_seen_at)


def seen(engine: Engine, packet_id: str) -> bool:
    with engine.connect() as conn:
        return (
            conn.execute(
                select(packets_seen.c.packet_id).where(packets_seen.c.packet_id == packet_id)
            ).first()
            is not None
        )


def mark_seen(engine: Engine, header: pk.PacketHeader, counts: dict[str, int]) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(packets_seen).values(
                packet_id=header.packet_id,
                device_id=header.device_id,
                province_code=header.province_code,
                imported_at=datetime.now(UTC),
            )
        )
        audit(
            conn,
            "packet_imported",
            device_id=header.device_id,
            province_code=header.province_code,
            packet_id=header.packet_id,
            **counts,
        )


def import_packet(
    engine: Engine, chunks: ChunkStore, blob: bytes, *, deadlines: Any = None
) -> tuple[pk.PacketHeader, bytes, dict[str, int]]:
    """Apply a desk's packet; returns (its header, the answer packet's bytes, counts).
    `deadlines`: the handoff deadlines the API uses (central.handoffs). PacketError."""
    try:
        header = pk.read_header(blob)
    except pk.PacketRefused as exc:
        raise _refused(exc.reason) from None
    if header.kind != pk.OPS:
        raise PacketError(
            "Đây là gói trả lời của máy chủ; hãy nhập nó ở máy đã viết gói gửi đi.",
            "This is central's answer packet; import it on the desk that wrote the packet.",
        )
    key = province_key(engine, header.province_code, make=False)
    if key is None:
        raise _refused("tampered")
    try:
        header, payload = pk.open_packet(key, blob)
    except pk.PacketRefused as exc:
        raise _refused(exc.reason) from None
    device = _device(engine, header)
    if seen(engine, header.packet_id):
        raise PacketError(
            "Gói đồng bộ này đã được nhập trước đây (gửi lại): không áp dụng gì.",
            "This sync packet was imported before (a replay): nothing applied.",
        )
    try:
        ops = p.PushRequest.from_dict({"ops": payload.get("ops") or []}).ops
    except p.ProtocolViolation:
        ops = None
    if ops is None:  # an op over the batch limit still reads, a batch at a time
        raw = payload.get("ops") or []
        ops = []
        for start in range(0, len(raw), p.MAX_PUSH_OPS):
            try:
                part = {"ops": raw[start : start + p.MAX_PUSH_OPS]}
                ops += p.PushRequest.from_dict(part).ops
            except p.ProtocolViolation:
                raise _refused("damaged") from None
    results: list[dict[str, Any]] = []
    for start in range(0, len(ops), p.MAX_PUSH_OPS):
        reply = apply_push(engine, device, ops[start : start + p.MAX_PUSH_OPS], deadlines)
        results += [r.model_dump(exclude_defaults=True) for r in reply.results]
    stored = []
    for digest, data in pk.decode_chunks(payload.get("chunks")).items():
        if len(data) <= p.CHUNK_BYTES and digest_of(data) == digest:
            chunks.put(device.province_code, digest, data)
            stored.append(digest)
    since = payload.get("since")
    since = since if isinstance(since, int) and since >= 0 else 0
    pages, sent = _pages(engine, device, since)
    answer_chunks: dict[str, bytes] = {}
    for digest in sent:
        data = readable(chunks, engine, device.province_code, digest)
        if data is not None:
            answer_chunks[digest] = data
    answer = pk.PacketHeader(
        kind=pk.ANSWER,
        packet_id=str(uuid.uuid4()),
        province_code=header.province_code,
        device_id=header.device_id,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        in_reply_to=header.packet_id,
    )
    body = {
        "since": since,
        "results": results,
        "pages": pages,
        "stored": stored,
        "chunks": pk.encode_chunks(answer_chunks),
    }
    counts = {
        "ops": len(ops),
        "chunks_in": len(stored),
        "pages": len(pages),
        "chunks_out": len(answer_chunks),
    }
    return header, pk.seal(key, answer, body), counts


def _pages(engine: Engine, device: Device, since: int) -> tuple[list[Any], list[str]]:
    """Every pull page after `since` (as the network serves them) and the chunks of the
    attachments they carry."""
    pages: list[Any] = []
    digests: list[str] = []
    while True:
        page = p.loads(pull_page(engine, device, since, p.DEFAULT_PULL_LIMIT))
        pages.append(page)
        for change in page.get("changes") or []:
            if change.get("entity") == "attachment":
                digests += [d for d in change["record"].get("chunks") or [] if isinstance(d, str)]
        if not page.get("has_more"):
            return pages, list(dict.fromkeys(digests))
        since = int(page["next_since"])
