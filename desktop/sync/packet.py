"""The sync packet (issue 16): a desk's pending changes, or central's answer, as one
encrypted, authenticated file carried by hand on days without internet.

Layout (all one file)::

    MAGIC (16 bytes)  |  header length (4 bytes, big-endian)  |  header (UTF-8 JSON)
    |  nonce (12 bytes)  |  AES-256-GCM ciphertext of gzip(JSON payload)

The header is in clear (what the packet is, for whom) and is the GCM's associated data,
so changing any byte of it, of the nonce or of the ciphertext, or cutting the file short,
makes it fail to open. The key is the province's packet key: central makes one per
province and gives it to that province's enrolled desks over the authenticated sync
(`GET /v1/sync/packet-key`), kept in each desk's encrypted store. Holding it proves a
packet was written by central or by an enrolled desk of that province (an AEAD tag under
a shared key: a message authentication code, not a per-desk signature; the header's
device id says which desk, and central checks that desk is enrolled and not revoked).

Payloads: kind "ops" (a desk's outbox and chunks central has not confirmed) and kind
"answer" (central's per-op answers, the pull pages after the desk's cursor and the chunks
of attachments in them). Who refuses what (replay, another province, a stale answer) is
up to the reader: `desktop/services/packets.py` on a desk, `central/packets.py` centrally.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import struct
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"CASELINE-PACKET1"
VERSION = 1
OPS = "ops"
ANSWER = "answer"
KINDS = (OPS, ANSWER)
MAX_HEADER_BYTES = 4096
MAX_PACKET_BYTES = 512 * 1024 * 1024  # 512 MiB: far above a province's week of work
PACKET_KEY_PATH = "/v1/sync/packet-key"


class PacketRefused(Exception):
    """A packet that does not open. `reason`: damaged (not a packet, truncated, a header
    that does not read) | tampered (does not authenticate under the key) | too_large."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PacketHeader:
    """kind (ops | answer), packet_id (UUIDv7 text), province_code, device_id (the desk
    that wrote it, or the desk an answer is for), created_at (UTC ISO-8601 text),
    in_reply_to (an answer: the packet_id it answers; else ''), version."""

    kind: str
    packet_id: str
    province_code: str
    device_id: str
    created_at: str
    in_reply_to: str = ""
    version: int = VERSION

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":")).encode()


def seal(key: bytes, header: PacketHeader, payload: dict[str, Any]) -> bytes:
    """The packet file's bytes."""
    head = header.to_bytes()
    nonce = os.urandom(12)
    body = gzip.compress(json.dumps(payload, ensure_ascii=False).encode(), compresslevel=6)
    sealed = AESGCM(key).encrypt(nonce, body, MAGIC + head)
    return MAGIC + struct.pack(">I", len(head)) + head + nonce + sealed


def read_header(blob: bytes) -> PacketHeader:
    """The clear header (not yet authenticated: `open_packet` checks it). PacketRefused."""
    if len(blob) > MAX_PACKET_BYTES:
        raise PacketRefused("too_large")
    if len(blob) < len(MAGIC) + 4 or not blob.startswith(MAGIC):
        raise PacketRefused("damaged")
    (size,) = struct.unpack(">I", blob[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if size > MAX_HEADER_BYTES or len(blob) < start + size + 12 + 16:
        raise PacketRefused("damaged")
    try:
        fields = json.loads(blob[start : start + size])
        header = PacketHeader(**fields)
    except (ValueError, TypeError):
        raise PacketRefused("damaged") from None
    texts = (header.kind, header.packet_id, header.province_code, header.device_id)
    if not all(isinstance(t, str) for t in texts) or header.kind not in KINDS:
        raise PacketRefused("damaged")
    if header.version != VERSION:
        raise PacketRefused("damaged")
    return header


def open_packet(key: bytes, blob: bytes) -> tuple[PacketHeader, dict[str, Any]]:
    """(header, payload) of a packet that authenticates under `key`. PacketRefused."""
    header = read_header(blob)
    start = len(MAGIC) + 4
    (size,) = struct.unpack(">I", blob[len(MAGIC) : start])
    head = blob[start : start + size]
    nonce = blob[start + size : start + size + 12]
    try:
        body = AESGCM(key).decrypt(nonce, blob[start + size + 12 :], MAGIC + head)
    except (InvalidTag, ValueError):
        raise PacketRefused("tampered") from None
    try:
        payload = json.loads(gzip.decompress(body))
    except (OSError, ValueError, EOFError):
        raise PacketRefused("damaged") from None
    if not isinstance(payload, dict):
        raise PacketRefused("damaged")
    return header, payload


def encode_chunks(chunks: dict[str, bytes]) -> dict[str, str]:
    return {digest: base64.b64encode(data).decode() for digest, data in chunks.items()}


def decode_chunks(value: Any) -> dict[str, bytes]:
    """Chunks of a payload, as bytes; PacketRefused('damaged') when not base64 text."""
    if not isinstance(value, dict):
        return {}
    try:
        return {str(d): base64.b64decode(v, validate=True) for d, v in value.items()}
    except (ValueError, TypeError):
        raise PacketRefused("damaged") from None
