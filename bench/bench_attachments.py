"""Attachments (issue 16): where the bytes live on the desk, and how fast they sync.

    .venv/bin/python -m bench.bench_attachments [--mb 40] [--runs 3] [--backend both|sqlite|postgres]

1. Storage on the desk, the two designs the issue asks to compare, each writing and reading
   back the same files (5 MB scans of noise, which neither gzip nor anything else shrinks):
   - "in the database" (what Caseline does): `ws.attachments.add` — chunks of 256 KiB as
     BLOBs in the SQLCipher file, in one transaction with the record, outbox and audit;
   - "separate files": each chunk AES-256-GCM-encrypted under a per-file key (itself
     wrapped by the data key and kept in the database), written to its own file with
     fsync, plus the record row — the alternative, built here only to be measured.
   Figures: MB/s written (fsync'd) and read back, disk growth per MB attached, and the
   time a rekey (user disabled/removed) takes with the attachments in the database.
2. Sync on loopback (no proxy): one desk uploads --mb MB of attachments to a real central
   (`caseline-central serve`, SQLite and PostgreSQL), another desk downloads them
   (policy "all"); MB/s up and down, the median of --runs runs.

Prints the load average beside the figures: the machine may be shared.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path

os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")  # the KDF is not what is measured here

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from bench.bench_sync import PASSWORD, Central, _drop_pg, _new_desk, _pg_database  # noqa: E402
from central.devices import new_enrolment_code  # noqa: E402
from desktop.db import attachments as chunks  # noqa: E402
from desktop.db import sync_store  # noqa: E402
from desktop.services import Workspace  # noqa: E402
from desktop.sync import SyncEngine, enroll  # noqa: E402
from desktop.sync import attachments as attachment_sync  # noqa: E402

MB = 1_000_000
FILE_MB = 5
CONTACT = {
    "received_at": "2026-10-03T14:05:00+07:00",
    "channel": "letter",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
    "categories": ["violence.physical"],
    "services": ["counselling"],
    "risk": "high",
    "summary": "Thư kèm bản quét.",
}


def _png(megabytes: float, seed: int) -> bytes:
    """A noise PNG of about `megabytes` MB, stored uncompressed (a scan that never shrinks)."""
    rng = random.Random(seed)
    side = int((megabytes * MB / 3) ** 0.5)
    raw = b"".join(b"\0" + rng.randbytes(3 * side) for _ in range(side))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    head = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", head)
        + chunk(b"IDAT", zlib.compress(raw, 0))
        + chunk(b"IEND", b"")
    )


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _disk(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------------------------ 1. storage


def storage(work: Path, total_mb: int) -> dict[str, float]:
    files = [_png(FILE_MB, seed) for seed in range(max(1, total_mb // FILE_MB))]
    size = sum(len(f) for f in files)
    out: dict[str, float] = {"mb": size / MB}

    desk = work / "in-db"
    _new_desk(desk)
    ws = Workspace.open(desk, "mai", PASSWORD)
    try:
        number = ws.record_contact(CONTACT).number
        ws.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _disk(desk)
        t0 = time.perf_counter()
        ids = [ws.attachments.add(number, data, f"scan-{i}.png").id for i, data in enumerate(files)]
        out["db_write"] = size / MB / (time.perf_counter() - t0)
        ws.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        out["db_growth"] = (_disk(desk) - before) / size
        t0 = time.perf_counter()
        for attachment_id in ids:
            ws.attachments.content(attachment_id)
        out["db_read"] = size / MB / (time.perf_counter() - t0)
        pages = int(ws.conn.execute("PRAGMA page_count").fetchone()[0])
        t0 = time.perf_counter()
        ws.store.rekey(os.urandom(32), pages)  # a throwaway desk: its slots no longer open it
        out["rekey_s"] = time.perf_counter() - t0
        out["rekey_pages"] = pages
    finally:
        ws.close()

    folder = work / "files"
    folder.mkdir()
    data_key = AESGCM(os.urandom(32))
    index: list[tuple[bytes, list[tuple[Path, bytes]]]] = []
    t0 = time.perf_counter()
    for data in files:
        file_key = os.urandom(32)
        wrapped_nonce = os.urandom(12)
        wrapped = data_key.encrypt(wrapped_nonce, file_key, None)  # kept in the database
        cipher = AESGCM(file_key)
        parts = []
        for digest, piece in chunks.split(data):
            nonce = os.urandom(12)
            path = folder / digest
            with open(path, "wb") as handle:
                handle.write(nonce + cipher.encrypt(nonce, piece, digest.encode()))
                handle.flush()
                os.fsync(handle.fileno())
            parts.append((path, digest.encode()))
        fd = os.open(folder, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
        index.append((data_key.decrypt(wrapped_nonce, wrapped, None), parts))
    out["files_write"] = size / MB / (time.perf_counter() - t0)
    out["files_growth"] = _disk(folder) / size
    t0 = time.perf_counter()
    for file_key, parts in index:
        cipher = AESGCM(file_key)
        whole = b"".join(
            cipher.decrypt(blob[:12], blob[12:], aad)
            for path, aad in parts
            for blob in [path.read_bytes()]
        )
        hashlib.sha256(whole).hexdigest()
    out["files_read"] = size / MB / (time.perf_counter() - t0)
    return out


# ------------------------------------------------------------------ 2. sync


def _desk(folder: Path, central: Central) -> Workspace:
    _new_desk(folder)
    with Workspace.open(folder, "admin", PASSWORD) as admin:
        enroll(admin, central.http, new_enrolment_code(central.engine, "48")["code"])
    return Workspace.open(folder, "mai", PASSWORD)


def sync_speed(url: str, work: Path, total_mb: int, seed: int) -> tuple[float, float]:
    central = Central(url)
    try:
        sender = _desk(work / f"up-{seed}", central)
        number = sender.record_contact(CONTACT).number
        for i in range(max(1, total_mb // FILE_MB)):
            sender.attachments.add(number, _png(FILE_MB, seed * 100 + i), f"scan-{i}.png")
        engine = SyncEngine(lambda fn: fn(sender))
        t0 = time.perf_counter()
        result = engine.sync_once()  # 9 small records, then the chunks
        up = result.bytes_up / MB / (time.perf_counter() - t0)
        receiver = _desk(work / f"down-{seed}", central)
        SyncEngine(lambda fn: fn(receiver)).sync_once()
        with receiver.store.transaction() as conn:
            sync_store.set_setting(conn, attachment_sync.DOWNLOAD_POLICY, "all")
        t0 = time.perf_counter()
        fetched = SyncEngine(lambda fn: fn(receiver)).sync_once()
        down = fetched.bytes_down / MB / (time.perf_counter() - t0)
        sender.close()
        receiver.close()
    finally:
        central.stop()
    return up, down


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=40, help="MB attached per measurement")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backend", choices=["both", "sqlite", "postgres"], default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="caseline-bench-attach-") as tmp:
        work = Path(tmp)
        print(f"storage: {args.mb} MB in {FILE_MB} MB scans … (load {_load()})", flush=True)
        s = storage(work, args.mb)
        print()
        print(f"{'design':<16} {'write MB/s':>10} {'read MB/s':>10} {'disk/MB':>8}")
        print(f"{'in the database':<16} {s['db_write']:>10.1f} {s['db_read']:>10.1f} "
              f"{s['db_growth']:>8.3f}")  # fmt: skip
        print(f"{'separate files':<16} {s['files_write']:>10.1f} {s['files_read']:>10.1f} "
              f"{s['files_growth']:>8.3f}")  # fmt: skip
        print(f"rekey with {s['mb']:.0f} MB attached: {s['rekey_s']:.1f} s "
              f"({s['rekey_pages']} pages)   load {_load()}")  # fmt: skip
        backends = []
        if args.backend in ("both", "sqlite"):
            backends.append(("sqlite", lambda n: (f"sqlite:///{work / f'central-{n}.db'}", None)))
        if args.backend in ("both", "postgres"):
            backends.append(("postgres", lambda n: _pg_database()[::-1]))
        print()
        print(f"{'central':<9} {'up MB/s':>8} {'down MB/s':>10}   runs   load")
        for name, make in backends:
            ups, downs = [], []
            for run in range(args.runs):
                url, database = make(run)
                try:
                    up, down = sync_speed(url, work / f"{name}-{run}", args.mb, run + 1)
                finally:
                    if database:
                        _drop_pg(database)
                ups.append(up)
                downs.append(down)
            print(f"{name:<9} {statistics.median(ups):>8.1f} {statistics.median(downs):>10.1f}"
                  f"   {args.runs:>4}   {_load()}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
