"""Per-province drift digest: count of live records and the XOR of their (id, rev)
digests, kept up to date under the seq lock so a pull's last page can carry it cheaply."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from central.tables import province_digest
from desktop.sync.protocol import digest_hex, record_digest


class DigestBook:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.loaded: dict[str, tuple[int, int] | None] = {}
        self.current: dict[str, tuple[int, int]] = {}

    def _get(self, province: str) -> tuple[int, int]:
        if province not in self.current:
            row = self.conn.execute(
                select(province_digest).where(province_digest.c.province_code == province)
            ).first()
            value = (int(row.live_count), int(row.digest, 16)) if row else None
            self.loaded[province] = value
            self.current[province] = value or (0, 0)
        return self.current[province]

    def replace(self, old: Any, new: Any) -> None:
        """Swap a record's old state for its new one (either may be None or deleted)."""
        for rec, sign in ((old, -1), (new, 1)):
            if rec is None or rec.deleted:
                continue
            count, acc = self._get(rec.province_code)
            self.current[rec.province_code] = (count + sign, acc ^ record_digest(rec.id, rec.rev))

    def save(self) -> None:
        for province, (count, acc) in self.current.items():
            before = self.loaded.get(province)
            if before == (count, acc):
                continue
            values = {"live_count": count, "digest": digest_hex(acc)}
            if before is None:
                self.conn.execute(insert(province_digest).values(province_code=province, **values))
            else:
                self.conn.execute(
                    update(province_digest)
                    .where(province_digest.c.province_code == province)
                    .values(**values)
                )
