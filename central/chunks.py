"""Where central keeps attachment chunks (issue 16): pluggable.

Every chunk has a row in `attachment_chunks` (province, sha256, size, stored_at): that
index is what `missing` reads and what scopes a download to the province that uploaded
it. The bytes go to the store the settings name (docs/server-guide.md "Attachments"):

- `DatabaseChunks` (default): in the row's `data` column (BYTEA on PostgreSQL, BLOB on
  SQLite); backed up with the database.
- `DirectoryChunks` (`CASELINE_CENTRAL_ATTACHMENT_DIR`): one file per chunk under
  DIR/PROVINCE/ab/SHA256, written atomically (`desktop.files.write_atomically`), the row
  keeping only the index. For a national deployment whose database should stay small;
  back the folder up with the database. An S3-compatible store would be one more class
  with the same three methods.

Both verify: a chunk is stored only when SHA-256(bytes) is its name, and read back only
when it still is (a damaged file reads as missing, so the desk that has it sends it again).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, delete, insert, select

from central.tables import attachment_chunks, records
from desktop import files


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ChunkStore(Protocol):
    def held(self, province: str, digests: Iterable[str]) -> set[str]:
        """Those of `digests` central holds for `province`."""

    def put(self, province: str, digest: str, data: bytes) -> bool:
        """Keep `data` under `digest` (checked by the caller); False if it was held."""

    def get(self, province: str, digest: str) -> bytes | None:
        """The chunk's bytes, or None when not held (or no longer matching its hash)."""


class DatabaseChunks:
    """Chunks in the database (the default)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def held(self, province: str, digests: Iterable[str]) -> set[str]:
        wanted = sorted(set(digests))
        if not wanted:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(attachment_chunks.c.sha256).where(
                    attachment_chunks.c.province_code == province,
                    attachment_chunks.c.sha256.in_(wanted),
                )
            )
            return {r[0] for r in rows}

    def _insert(self, province: str, digest: str, size: int, data: bytes | None) -> bool:
        with self.engine.begin() as conn:
            if conn.execute(
                select(attachment_chunks.c.sha256).where(
                    attachment_chunks.c.province_code == province,
                    attachment_chunks.c.sha256 == digest,
                )
            ).first():
                return False
            conn.execute(
                insert(attachment_chunks).values(
                    province_code=province,
                    sha256=digest,
                    size=size,
                    data=data,
                    stored_at=datetime.now(UTC),
                )
            )
        return True

    def put(self, province: str, digest: str, data: bytes) -> bool:
        try:
            return self._insert(province, digest, len(data), data)
        except Exception:  # two uploads of one chunk at once: the other one won
            if digest in self.held(province, [digest]):
                return False
            raise

    def get(self, province: str, digest: str) -> bytes | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(attachment_chunks.c.data).where(
                    attachment_chunks.c.province_code == province,
                    attachment_chunks.c.sha256 == digest,
                )
            ).first()
        if row is None or row[0] is None:
            return None
        data = bytes(row[0])
        return data if digest_of(data) == digest else None


def readable(store: ChunkStore, engine: Engine, province: str, digest: str) -> bytes | None:
    """The chunk for a device of `province`: its own province's, or — after a case
    transfer (issue 12) moved an attachment to `province` — the copy uploaded under the
    province it came from, when a live attachment record of `province` lists it. Nothing
    for a province no attachment of which names the chunk."""
    data = store.get(province, digest)
    if data is not None:
        return data
    with engine.connect() as conn:
        holders = [
            r[0]
            for r in conn.execute(
                select(attachment_chunks.c.province_code).where(
                    attachment_chunks.c.sha256 == digest,
                    attachment_chunks.c.province_code != province,
                )
            )
        ]
        if not holders:
            return None
        listed = any(
            digest in (doc.get("chunks") or [])
            for (doc,) in conn.execute(
                select(records.c.doc).where(
                    records.c.entity == "attachment",
                    records.c.province_code == province,
                    records.c.deleted.is_(False),
                )
            )
            if isinstance(doc, dict)
        )
    if not listed:
        return None
    for holder in holders:
        data = store.get(holder, digest)
        if data is not None:
            return data
    return None


class DirectoryChunks(DatabaseChunks):
    """Chunks as files under `root` (the database keeps the index only)."""

    def __init__(self, engine: Engine, root: str | os.PathLike[str]) -> None:
        super().__init__(engine)
        self.root = Path(root)

    def _path(self, province: str, digest: str) -> Path:
        return self.root / province / digest[:2] / digest

    def put(self, province: str, digest: str, data: bytes) -> bool:
        path = self._path(province, digest)
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomically(path, data)  # before the index row: never an empty promise
        try:
            return self._insert(province, digest, len(data), None)
        except Exception:
            if digest in self.held(province, [digest]):
                return False
            raise

    def get(self, province: str, digest: str) -> bytes | None:
        if digest not in self.held(province, [digest]):
            return None
        try:
            data = self._path(province, digest).read_bytes()
        except OSError:
            data = b""
        if digest_of(data) == digest:
            return data
        with self.engine.begin() as conn:  # gone or damaged: let the desk that has it resend
            conn.execute(
                delete(attachment_chunks).where(
                    attachment_chunks.c.province_code == province,
                    attachment_chunks.c.sha256 == digest,
                )
            )
        return None


def chunk_store(engine: Engine, directory: str = "") -> ChunkStore:
    """The store central's settings name: a directory when one is set, else the database."""
    return DirectoryChunks(engine, directory) if directory else DatabaseChunks(engine)
