"""Attachment chunks to and from central (issue 16), after the records in a sync round.

Upload: the chunks this desk holds that central has not confirmed (`uploaded = 0`) go in
batches: central first names those it lacks (`missing`: a chunk already there — sent
before a cut, or by another desk — is never sent again), then each one is its own PUT,
marked uploaded in its own local transaction as soon as central answers. A desk killed or
a connection cut mid-upload thus resumes at the chunk it was sending. A connection that
breaks is tried again at once a few times (CHUNK_TRIES, short backoff) before the round
gives up with a network error; the records were pushed and pulled before.

Download: by policy (setting `attachments.download`: "on_demand" — the default: only when a
user opens one — or "all": every attachment of the desk's scope in each round), each
missing chunk is fetched, checked against its SHA-256 and stored in one transaction with
`uploaded = 1`; the whole file is checked against the record's SHA-256 at the end.
Central serves a device only its province's chunks.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from desktop.db import attachments as local
from desktop.db import repository, sync_store
from desktop.domain.records import ATTACHMENT
from desktop.errors import SyncError
from desktop.sync import protocol as p
from desktop.sync.host import RunDb, SyncHost

DOWNLOAD_POLICY = "attachments.download"  # "on_demand" | "all"
CHUNK_TRIES = 6
UPLOAD_BATCH = 200
# Chunks confirmed by central are marked locally (one fsync'd transaction) every few; a
# desk killed before marking loses nothing: `missing` asks central first, so they are
# never sent again. Downloads are kept every KEEP_EVERY chunks (and before any error).
MARK_EVERY = 8
KEEP_EVERY = 4


def _again(attempt: int, exc: SyncError) -> bool:
    """Whether to try a chunk again after `exc` (a cut connection, central busy)."""
    if exc.kind not in ("network", "server") or attempt + 1 >= CHUNK_TRIES:
        return False
    delay = exc.details.get("retry_after")
    # A cut connection is tried again at once, then after 0.1, 0.2, … s.
    pause = float(delay) if isinstance(delay, int | float) else 0.05 * (2**attempt - 1)
    time.sleep(min(pause, 2.0))
    return True


def _with_retries(call: Callable[[], Any]) -> Any:
    attempt = 0
    while True:
        try:
            return call()
        except SyncError as exc:
            if not _again(attempt, exc):
                raise
            attempt += 1


Report = Callable[[int, int], None]  # (chunks done, chunks in all)


def upload(run_db: RunDb, client: Any, result: Any, report: Report | None = None) -> None:
    """Send every chunk central lacks; counts go to result.chunks_up / bytes_up, and
    `report(done, total)` after each chunk confirmed."""
    total = run_db(lambda ws: local.waiting_count(ws.conn)[0])
    done = 0
    while True:
        batch = run_db(lambda ws: local.waiting_upload(ws.conn, UPLOAD_BATCH))
        if not batch:
            return
        lacking = _with_retries(lambda b=batch: client.missing_chunks(b))
        held = [d for d in batch if d not in set(lacking)]
        if held:
            run_db(lambda ws, h=held: _mark(ws, h))
            done += len(held)
        sent: list[str] = []
        try:
            for digest in lacking:
                data = run_db(lambda ws, d=digest: local.chunk(ws.conn, d))
                if data is None:
                    continue
                _with_retries(lambda d=digest, b=data: client.put_chunk(d, b))
                sent.append(digest)
                result.chunks_up += 1
                result.bytes_up += len(data)
                done += 1
                if len(sent) >= MARK_EVERY:
                    run_db(lambda ws, s=sent: _mark(ws, s))
                    sent = []
                if report is not None:
                    report(done, max(total, done))
        finally:
            if sent:
                run_db(lambda ws, s=sent: _mark(ws, s))


def _mark(ws: SyncHost, digests: list[str]) -> None:
    with ws.store.transaction() as conn:
        local.mark_uploaded(conn, digests)


def wanted(ws: SyncHost, attachment_id: str | None = None) -> list[str]:
    """The chunks this desk lacks: of one attachment, or of every live one."""
    where, params = "deleted = 0", ()
    if attachment_id is not None:
        where, params = "id = ? AND deleted = 0", (attachment_id,)
    digests: list[str] = []
    for record in repository.select(ws.conn, ATTACHMENT, where, params):
        digests += record["chunks"]
    return local.missing(ws.conn, digests)


def download(run_db: RunDb, client: Any, result: Any, attachment_id: str | None = None) -> None:
    """Fetch the chunks this desk lacks (one attachment's, or all); counts in result."""
    fetched: list[tuple[str, bytes]] = []
    try:
        for digest in run_db(lambda ws: wanted(ws, attachment_id)):
            data = _with_retries(lambda d=digest: client.get_chunk(d))
            fetched.append((digest, data))
            result.chunks_down += 1
            result.bytes_down += len(data)
            if len(fetched) >= KEEP_EVERY:
                run_db(lambda ws, f=fetched: _keep(ws, f))
                fetched = []
    finally:
        if fetched:
            run_db(lambda ws, f=fetched: _keep(ws, f))
    if attachment_id is not None:
        run_db(lambda ws: check_whole(ws, attachment_id))


def _keep(ws: SyncHost, pieces: list[tuple[str, bytes]]) -> None:
    for digest, data in pieces:  # the client checked each; never store less
        if hashlib.sha256(data).hexdigest() != digest:
            raise SyncError("protocol", "Mảnh tệp hỏng.", "A damaged chunk.")
    with ws.store.transaction() as conn:
        local.put_chunks(conn, pieces, uploaded=True)


def check_whole(ws: SyncHost, attachment_id: str) -> None:
    """The assembled file matches its record's SHA-256 (else a protocol error)."""
    record = repository.get(ws.conn, ATTACHMENT, attachment_id)
    if record is None:
        return
    data = local.assemble(ws.conn, record["chunks"])
    if data is not None and hashlib.sha256(data).hexdigest() != record["sha256"]:
        raise SyncError(
            "protocol",
            "Tệp tải về không khớp mã băm SHA-256 của nó.",
            "The downloaded file does not match its SHA-256.",
        )


def after_round(run_db: RunDb, client: Any, result: Any, report: Report | None = None) -> None:
    """The chunk part of a sync round: upload, then download by policy."""
    upload(run_db, client, result, report)
    policy = run_db(lambda ws: sync_store.get_setting(ws.conn, DOWNLOAD_POLICY, "on_demand"))
    if policy == "all":
        download(run_db, client, result)


assert p.CHUNK_BYTES == local.CHUNK_SIZE  # one size on both sides of the wire
