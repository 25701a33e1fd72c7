"""An attachment's bytes inside the encrypted database: content-addressed chunks.

A file is cut into pieces of CHUNK_SIZE bytes; each piece is stored once, under the
SHA-256 (hex) of its bytes, in `attachment_chunk` — a page of the SQLCipher file like any
other, so it is encrypted with the data key, backed up, rekeyed and verified with the
rest of the desk, and never exists as a clear file (docs/dev-contracts.md "Attachments").
The `attachment` record lists the chunk hashes in order; two attachments with a piece in
common keep it once. `uploaded` = 1 once central said it holds the chunk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from desktop.db.connection import Connection

CHUNK_SIZE = 256 * 1024  # bytes: the unit of storage, upload and download


def split(data: bytes) -> Iterator[tuple[str, bytes]]:
    """(sha256 hex, piece) for each CHUNK_SIZE piece of `data`, in order (none if empty)."""
    for start in range(0, len(data), CHUNK_SIZE):
        piece = data[start : start + CHUNK_SIZE]
        yield hashlib.sha256(piece).hexdigest(), piece


def put_chunks(
    conn: Connection, pieces: Iterable[tuple[str, bytes]], *, uploaded: bool = False
) -> int:
    """Store pieces not yet held (inside the caller's transaction); returns how many were
    new. `uploaded`: they came from central (nothing to send back)."""
    new = 0
    for digest, piece in pieces:
        cur = conn.execute(
            "INSERT OR IGNORE INTO attachment_chunk (sha256, data, size, uploaded)"
            " VALUES (?, ?, ?, ?)",
            (digest, piece, len(piece), int(uploaded)),
        )
        new += cur.rowcount
        if uploaded and not cur.rowcount:
            conn.execute("UPDATE attachment_chunk SET uploaded = 1 WHERE sha256 = ?", (digest,))
    return new


def chunk(conn: Connection, digest: str) -> bytes | None:
    row = conn.execute("SELECT data FROM attachment_chunk WHERE sha256 = ?", (digest,)).fetchone()
    return bytes(row[0]) if row is not None else None


def missing(conn: Connection, digests: Iterable[str]) -> list[str]:
    """The digests (in the order given, once each) this desk does not hold."""
    out: list[str] = []
    seen: set[str] = set()
    for digest in digests:
        if digest in seen:
            continue
        seen.add(digest)
        if (
            conn.execute("SELECT 1 FROM attachment_chunk WHERE sha256 = ?", (digest,)).fetchone()
            is None
        ):
            out.append(digest)
    return out


def assemble(conn: Connection, digests: list[str]) -> bytes | None:
    """The file made of these chunks, or None when one is not on this desk."""
    parts = []
    for digest in digests:
        piece = chunk(conn, digest)
        if piece is None:
            return None
        parts.append(piece)
    return b"".join(parts)


def waiting_upload(conn: Connection, limit: int = 500) -> list[str]:
    """Chunks central has not confirmed yet, oldest first."""
    rows = conn.execute(
        "SELECT sha256 FROM attachment_chunk WHERE uploaded = 0 ORDER BY rowid LIMIT ?", (limit,)
    )
    return [r[0] for r in rows]


def waiting_count(conn: Connection) -> tuple[int, int]:
    """(chunks, bytes) not yet confirmed by central."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(size), 0) FROM attachment_chunk WHERE uploaded = 0"
    ).fetchone()
    return int(row[0]), int(row[1])


def mark_uploaded(conn: Connection, digests: Iterable[str]) -> None:
    conn.executemany(
        "UPDATE attachment_chunk SET uploaded = 1 WHERE sha256 = ?", [(d,) for d in digests]
    )
