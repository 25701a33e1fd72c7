"""The desk's sync engine: push the outbox, then pull the scope (DESIGN.md "Sync protocol").

Network work happens on the caller's thread; every database step goes through `run_db`,
which runs a function on the thread that owns the workspace and returns its result. Each
step is one local transaction: an outbox row is deleted only with its answer, and a
pulled page is applied together with its cursor, so a crash anywhere repeats at most one
batch or one page, harmlessly (central answers `duplicate`; upserts are idempotent).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from desktop import __version__
from desktop.db import repository, sync_store
from desktop.domain.records import CONFLICT, SYNCED_ENTITIES
from desktop.errors import PermissionDenied, SyncError
from desktop.sync import anchor, carry, handoff_duplicates, lost
from desktop.sync import attachments as attachment_chunks
from desktop.sync import protocol as p
from desktop.sync.client import SyncClient, protocol_error
from desktop.sync.host import RunDb, SyncHost

log = logging.getLogger("caseline.sync")

ClientFactory = Callable[[str, str | None, str | None], Any]
Progress = Callable[[float, str], None]

CA_FILE = "sync.ca_file"
TLS_PIN = "sync.tls_pin"  # central's certificate key at enrolment (https; client.spki_pin)
CURSOR = "pull_cursor"
LAST_SUCCESS = "last_success"
LAST_ERROR = "last_error"
DIGEST_CACHE = "local_digest"
REBASELINE = "rebaseline"
VERIFIED = "verified_digest"  # central's digest this desk last matched, and when
PUSH_BATCH = p.MAX_PUSH_OPS


@dataclass
class SyncResult:
    pushed: int = 0  # ops central answered (applied, duplicate, merged, conflict)
    pulled: int = 0  # records applied from pull pages
    conflicts: int = 0  # conflicts central reported for our ops
    rejected: int = 0
    duration: float = 0.0
    requests: int = 0
    rebaselined: bool = False
    errors: list[dict[str, str]] = field(default_factory=list)
    parked: int = 0  # ops moved aside this round (central refused them even alone)
    # Every change still not sent, with why and how to fix it (`not_sent_list`).
    not_sent: list[dict[str, str]] = field(default_factory=list)
    # Attachment chunks (issue 16, desktop/sync/attachments.py): sent and fetched this round.
    chunks_up: int = 0
    bytes_up: int = 0
    chunks_down: int = 0
    bytes_down: int = 0
    # Issue 15: this desk's duplicate accepts of a handoff another desk of the province
    # accepted first, withdrawn this round ({"handoff", "kept", "withdrawn"} numbers).
    handoff_duplicates: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["duration"] = round(self.duration, 3)
        out["ok"] = self.ok
        return out


@dataclass
class SyncStatus:
    online: bool | None = None  # None: not tried yet
    last_success: str | None = None
    pending_ops: int = 0
    open_conflicts: int = 0
    last_error: dict[str, str] | None = None  # {"kind", "vi", "en"}
    in_progress: bool = False
    progress: float = 0.0
    server_time_skew: float | None = None  # seconds, central minus this desk; shown only
    stopped: str | None = None  # "revoked" | "upgrade" | "tls" when the scheduler gave up
    not_sent_ops: int = 0  # changes central refused, kept aside until the record is edited
    not_sent: list[dict[str, str]] = field(default_factory=list)  # the first NOT_SENT_SHOWN

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _error_dict(exc: SyncError) -> dict[str, str]:
    return {"kind": exc.kind, "vi": exc.message_vi, "en": exc.message_en}


def not_enrolled() -> SyncError:
    return SyncError(
        "auth",
        "Máy này chưa đăng ký với máy chủ trung tâm (caseline enroll).",
        "This desk is not enrolled with a central server (caseline enroll).",
    )


def enroll(ws: SyncHost, server_url: str, code: str, ca_file: str | None = None) -> dict[str, Any]:
    """Trade a one-time code for a device id and token, kept in the encrypted store."""
    if ws.user.role != "admin":
        raise PermissionDenied(
            "Chỉ quản trị viên mới đăng ký máy với máy chủ trung tâm.",
            "Only an administrator can enrol this desk with the central server.",
        )
    if not 0 < len(code.strip()) <= 64:  # the protocol's bound: never a request for it
        raise SyncError(
            "auth",
            "Mã đăng ký không hợp lệ (1–64 ký tự); hãy đọc lại mã trung tâm cấp.",
            "The enrolment code is not valid (1–64 characters); read central's code again.",
        )
    client = SyncClient(server_url, ca_file=ca_file)
    try:
        reply = client.enroll(
            p.EnrolRequest(code.strip(), ws.device_code, ws.province_code, __version__)
        )
    finally:
        client.close()  # client.peer_pin stays: the certificate key met (https)
    if reply.province_code != ws.province_code:
        raise SyncError(
            "protocol",
            "Máy chủ trả về tỉnh/thành khác với máy này.",
            "The server answered for another province than this desk's.",
        )
    with ws.store.transaction() as conn:
        sync_store.set_setting(conn, sync_store.SERVER_URL, server_url.rstrip("/"))
        sync_store.set_setting(conn, sync_store.DEVICE_ID, reply.device_id)
        sync_store.set_setting(conn, sync_store.DEVICE_TOKEN, reply.token)
        sync_store.set_setting(conn, sync_store.DEVICE_CODE, reply.device_code)
        sync_store.set_setting(conn, CA_FILE, ca_file)
        sync_store.set_setting(conn, TLS_PIN, client.peer_pin)
        if re.fullmatch(r"[0-9a-f]{64}", reply.packet_key):  # issue 16: packets before a round
            sync_store.set_setting(conn, carry.PACKET_KEY, reply.packet_key)
        sync_store.set_state(conn, CURSOR, 0)
    log.info("enrolled device=%s", reply.device_id)
    return {
        "device_id": reply.device_id,
        "device_code": reply.device_code,
        "province_code": reply.province_code,
        "server_url": server_url.rstrip("/"),
    }


# ------------------------------------------------------------------ local digest


def local_digest(conn: Any, withheld: frozenset[str] = frozenset()) -> tuple[int, str]:
    """(count, hash) of live synced records, cached while count and sum(rev) stay put;
    records central withholds (quarantined there) are left out, as central leaves them."""
    count, digest = _all_live_digest(conn)
    if not withheld:
        return count, digest
    acc = int(digest, 16)
    ids = sorted(withheld)
    for entity in SYNCED_ENTITIES:
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows = conn.execute(
                f"SELECT id, rev FROM {repository.table(entity)}"
                f" WHERE rev > 0 AND deleted = 0 AND id IN ({','.join('?' * len(part))})",
                part,
            )
            for rid, rev in rows:
                acc ^= p.record_digest(rid, int(rev))
                count -= 1
    return count, p.digest_hex(acc)


def _all_live_digest(conn: Any) -> tuple[int, str]:
    shape = []
    for entity in SYNCED_ENTITIES:
        row = conn.execute(
            f"SELECT count(*), total(rev) FROM {repository.table(entity)}"
            " WHERE rev > 0 AND deleted = 0"
        ).fetchone()
        shape.append([int(row[0]), int(row[1])])
    cached = sync_store.get_state(conn, DIGEST_CACHE)
    if cached and cached.get("shape") == shape:
        return int(cached["count"]), str(cached["hash"])
    pairs = (
        (r[0], int(r[1]))
        for entity in SYNCED_ENTITIES
        for r in conn.execute(
            f"SELECT id, rev FROM {repository.table(entity)} WHERE rev > 0 AND deleted = 0"
        )
    )
    count, digest = p.scope_digest(pairs)
    sync_store.set_state(conn, DIGEST_CACHE, {"shape": shape, "count": count, "hash": digest})
    return count, digest


def open_conflicts(conn: Any) -> int:
    row = conn.execute(
        f"SELECT count(*) FROM {repository.table(CONFLICT)} WHERE resolved = 0 AND deleted = 0"
    ).fetchone()
    return int(row[0])


# ------------------------------------------------------------------ the engine


@dataclass
class _Credentials:
    server_url: str
    token: str
    ca_file: str | None
    tls_pin: str | None = None


class SyncEngine:
    """One push+pull round at a time (`sync_once`), with status for the UI and CLI."""

    def __init__(
        self,
        run_db: RunDb,
        client_factory: ClientFactory | None = None,
        *,
        drift_check_every_s: float = 3600.0,
    ) -> None:
        self.run_db = run_db
        self.drift_check_every_s = drift_check_every_s
        self.client_factory = client_factory or (
            lambda url, token, ca, pin=None: SyncClient(url, token, ca_file=ca, tls_pin=pin)
        )
        self._lock = threading.Lock()
        self._status = SyncStatus()
        self._status_lock = threading.Lock()

    @property
    def status(self) -> SyncStatus:
        with self._status_lock:
            return SyncStatus(**asdict(self._status))

    def refresh_status(self) -> SyncStatus:
        """Re-read pending ops, conflicts and the stored last success/error."""
        self.run_db(self._read_local_status)
        return self.status

    def probe(self) -> bool | None:
        """Is central reachable now? One handshake (no data moves), so the UI knows
        "online" from its first seconds rather than after the first scheduled round.
        Sets and returns `status.online` (None: this desk is not enrolled)."""
        try:
            creds = self.run_db(_credentials)
        except SyncError:
            return None
        pinned = {"pin": creds.tls_pin} if creds.tls_pin else {}
        client = self.client_factory(creds.server_url, creds.token, creds.ca_file, **pinned)
        try:
            client.handshake()
            online = True
        except SyncError as exc:
            online = exc.kind not in ("network",)  # central answered, if with a refusal
        finally:
            close = getattr(client, "close", None)
            if close:
                close()
        if not self.status.in_progress:  # a round under way will tell for itself
            self._set(online=online)
        return online

    def national_monthly(self, month: str) -> p.NationalMonthly:
        """The country's monthly figures from central (issue 15): one request, on this
        desk's credentials. SyncError (not enrolled, network, 403 for a province desk)."""
        return self._national(lambda client: client.national_monthly(month))

    def national_thematic(
        self, from_month: str, to_month: str, category: str | None
    ) -> p.NationalThematic:
        """The country's thematic counts from central (issue 15), as `national_monthly`."""
        return self._national(
            lambda client: client.national_thematic(from_month, to_month, category)
        )

    def _national(self, ask: Callable[[Any], Any]) -> Any:
        creds = self.run_db(_credentials)
        pinned = {"pin": creds.tls_pin} if creds.tls_pin else {}
        client = self.client_factory(creds.server_url, creds.token, creds.ca_file, **pinned)
        try:
            return ask(client)
        finally:
            close = getattr(client, "close", None)
            if close:
                close()

    def read_local_status(self, ws: SyncHost) -> SyncStatus:
        """As `refresh_status`, on the thread that owns the workspace (the UI's DB worker
        right after a save: the pending count changes the moment a change is saved)."""
        self._read_local_status(ws)
        return self.status

    def mark_stopped(self, reason: str | None) -> None:
        """The scheduler gave up ("revoked" | "upgrade") or started again (None)."""
        self._set(stopped=reason)

    def _set(self, **changes: Any) -> None:
        with self._status_lock:
            for key, value in changes.items():
                setattr(self._status, key, value)

    def _read_local_status(self, ws: SyncHost) -> None:
        conn = ws.store.conn
        self._set(
            pending_ops=sync_store.pending_count(conn),
            not_sent_ops=sync_store.parked_count(conn),
            not_sent=not_sent_list(conn),
            open_conflicts=open_conflicts(conn),
            last_success=sync_store.get_state(conn, LAST_SUCCESS),
            last_error=sync_store.get_state(conn, LAST_ERROR),
        )

    def sync_once(self, progress: Progress | None = None) -> SyncResult:
        """Push the outbox, then pull; raises `SyncError` when the round could not finish
        (the result of the part that did finish is kept in the store)."""
        with self._lock:
            started = time.monotonic()
            result = SyncResult()
            self._set(in_progress=True, progress=0.0)
            try:
                self._round(result, progress)
            except SyncError as exc:
                result.errors.append(_error_dict(exc))
                self._finish(result, exc, started)
                raise
            except BaseException:  # the store failed (disk full, locked): not a sync error
                self._set(in_progress=False, progress=0.0)
                raise
            self._finish(result, None, started)
            return result

    def _round(self, result: SyncResult, progress: Progress | None) -> None:
        creds = self.run_db(_credentials)
        pinned = {"pin": creds.tls_pin} if creds.tls_pin else {}
        client = self.client_factory(creds.server_url, creds.token, creds.ca_file, **pinned)
        try:
            try:
                self._push_all(client, result, progress)
                self._pull_all(client, result, progress)
                withdrawn = self.run_db(handoff_duplicates.withdraw_duplicates)
                result.handoff_duplicates.extend(withdrawn)
                settled = self.run_db(handoff_duplicates.settle_answer_conflicts)
                if withdrawn or settled:  # they reach central and the other desks now
                    self._push_all(client, result, progress)
                anchor.after_round(self.run_db, client, result)  # issue 11: audit head
                attachment_chunks.after_round(  # issue 16: chunks after the records
                    self.run_db,
                    client,
                    result,
                    lambda done, total: self._progress(progress, done / total, "attachments"),
                )
                carry.fetch_key(self.run_db, client)  # once: the province's packet key
                self._pin_if_unpinned(creds, client)
            except SyncError as exc:
                if lost.is_lost(exc):  # reported lost or stolen: wipe this desk now
                    raise lost.wipe_lost_desk(self.run_db, client) from exc
                raise
            finally:
                result.requests = int(getattr(client, "requests_made", 0))
                skew = getattr(client, "server_time_skew", None)
                if skew is not None:
                    self._set(server_time_skew=skew)
        finally:
            close = getattr(client, "close", None)
            if close:
                close()

    def _pin_if_unpinned(self, creds: _Credentials, client: Any) -> None:
        """A desk enrolled over https before pinning existed pins the key of its first
        verified round after the upgrade (trust on first use, CA-verified)."""
        seen = getattr(client, "peer_pin", None)
        if creds.tls_pin or not seen or not creds.server_url.startswith("https://"):
            return

        def keep(ws: SyncHost) -> None:
            with ws.store.transaction() as conn:
                sync_store.set_setting(conn, TLS_PIN, seen)

        self.run_db(keep)

    def _finish(self, result: SyncResult, error: SyncError | None, started: float) -> None:
        result.duration = time.monotonic() - started
        online = error is None or error.kind not in ("network",)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        stored_error = _error_dict(error) if error else (result.errors or [None])[-1]

        def save(ws: SyncHost) -> None:
            with ws.store.transaction() as conn:
                if error is None:
                    sync_store.set_state(conn, LAST_SUCCESS, now)
                sync_store.set_state(conn, LAST_ERROR, stored_error)
            self._read_local_status(ws)
            result.not_sent = not_sent_list(ws.store.conn)

        try:
            if not (error is not None and error.details.get("wiped")):  # no store left
                self.run_db(save)
        except Exception:  # the store may be closing; the status below still tells the UI
            log.warning("could not store sync status")
        self._set(in_progress=False, progress=1.0 if error is None else 0.0, online=online)
        self._set(last_error=stored_error)
        log.info(
            "sync %s pushed=%d pulled=%d conflicts=%d rejected=%d %.2fs",
            "ok" if error is None else f"failed ({error.kind})",
            result.pushed,
            result.pulled,
            result.conflicts,
            result.rejected,
            result.duration,
        )

    # ------------------------------------------------------------------ push

    def _push_all(self, client: Any, result: SyncResult, progress: Progress | None) -> None:
        total = max(1, self.run_db(lambda ws: sync_store.pending_count(ws.store.conn)))
        batch = PUSH_BATCH
        answered: set[str] = set()
        while True:
            ops = self.run_db(lambda ws, n=batch: sync_store.pending_ops(ws.store.conn, n))
            if not ops or all(op["op_id"] in answered for op in ops):
                return  # empty, or only ops the store kept after their answer: next round
            wire = [{k: v for k, v in op.items() if k != "device"} for op in ops]
            try:
                reply = client.push(wire)
            except SyncError as exc:
                if exc.details.get("status") != 413:
                    raise
                if batch > 1:
                    batch = max(1, batch // 2)  # a huge record: send fewer at a time
                    continue
                # Too large even alone: moved aside, so it never blocks the ops behind it.
                op_id = ops[0]["op_id"]
                result.parked += self.run_db(
                    lambda ws, o=op_id: _park(ws, o, sync_store.TOO_LARGE, p.ERR_TOO_LARGE)
                )
                batch = PUSH_BATCH
                continue
            answers = _checked_answers(ops, reply.results)
            answered.update(r.op_id for r in reply.results)
            result.parked += self.run_db(lambda ws, a=answers: _ack(ws, a))
            for r in reply.results:
                if r.status == p.REJECTED:
                    result.rejected += 1
                else:
                    result.pushed += 1
                if r.status == p.CONFLICT:
                    result.conflicts += 1
            done = result.pushed + result.rejected
            self._progress(progress, 0.5 * min(1.0, done / total), "push")
            if len(reply.results) < len(ops):
                return  # central left some unanswered: they stay for the next round

    # ------------------------------------------------------------------ pull

    def _pull_all(self, client: Any, result: SyncResult, progress: Progress | None) -> None:
        for attempt in range(2):
            rebaseline = self.run_db(
                lambda ws: bool(sync_store.get_state(ws.store.conn, REBASELINE))
            )
            if attempt == 0 and rebaseline:
                self.run_db(_start_rebaseline)  # one was cut short: start it over
            try:
                if self._pull_pages(client, result, progress, rebaseline):
                    return
            except SyncError as exc:
                if exc.details.get("error") != p.ERR_REBASELINE or rebaseline:
                    raise
            # Drift, or a cursor older than central's oldest tombstone: pull all again.
            log.info("re-baseline: pulling the whole scope again")
            result.rebaselined = True
            self.run_db(_start_rebaseline)
        result.errors.append(
            {
                "kind": "protocol",
                "vi": "Dữ liệu trên máy vẫn khác máy chủ sau khi tải lại; sẽ kiểm tra lần sau.",
                "en": "This desk still differs from central after a full pull; will check again.",
            }
        )

    def _pull_pages(
        self, client: Any, result: SyncResult, progress: Progress | None, rebaseline: bool
    ) -> bool:
        """Pull to the end; True when the drift check agrees. A re-baseline (from 0, our
        own changes included) also retires local records central no longer has."""
        since = start = self.run_db(lambda ws: int(sync_store.get_state(ws.store.conn, CURSOR, 0)))
        seen: set[tuple[str, str]] = set()
        while True:
            page = client.pull(since, p.DEFAULT_PULL_LIMIT, rebaseline)
            applied = self.run_db(lambda ws, pg=page: _apply_page(ws, pg))
            result.pulled += applied
            if rebaseline:
                seen.update((c.entity, str(c.record["id"])) for c in page.changes)
            since = page.next_since
            if page.head_seq and page.head_seq > start:
                share = (since - start) / (page.head_seq - start)
                self._progress(progress, 0.5 + 0.5 * min(1.0, share), "pull")
            if not page.has_more:
                withheld = frozenset(page.withheld)  # quarantined on central: keep ours
                if rebaseline:
                    seen.update((e, rid) for rid in withheld for e in SYNCED_ENTITIES)
                    self.run_db(lambda ws: _finish_rebaseline(ws, seen))
                central = (int(page.scope_count or 0), str(page.scope_hash))
                return self.run_db(
                    lambda ws, c=central, w=withheld: self._drift_check(ws, c, rebaseline, w)
                )

    def _drift_check(
        self,
        ws: SyncHost,
        central: tuple[int, str],
        rebaseline: bool,
        withheld: frozenset[str] = frozenset(),
    ) -> bool:
        """Compare this desk's live records with central's digest. Reading every record
        costs on a 100k desk, so a round where central's digest is the one this desk
        already matched skips it: only a sync changes synced records (a local delete goes
        out in the same round and changes central's digest). A full check still runs at
        least every `drift_check_every_s`, for what no sync explains (a restored file)."""
        conn = ws.store.conn
        verified = sync_store.get_state(conn, VERIFIED) or {}
        now = time.time()
        fresh = now - float(verified.get("at", 0)) < self.drift_check_every_s
        if not rebaseline and fresh and verified.get("digest") == list(central):
            return True
        if tuple(local_digest(conn, withheld)) != central:
            return False
        with ws.store.transaction() as tx:
            sync_store.set_state(tx, VERIFIED, {"digest": list(central), "at": now})
        return True

    def _progress(self, progress: Progress | None, value: float, phase: str) -> None:
        self._set(progress=value)
        if progress is not None:
            progress(value, phase)


# ------------------------------------------------------------------ database steps


def _credentials(ws: SyncHost) -> _Credentials:
    conn = ws.store.conn
    url = sync_store.get_setting(conn, sync_store.SERVER_URL)
    token = sync_store.get_setting(conn, sync_store.DEVICE_TOKEN)
    if not url or not token:
        raise not_enrolled()
    return _Credentials(
        str(url),
        str(token),
        sync_store.get_setting(conn, CA_FILE),
        sync_store.get_setting(conn, TLS_PIN),
    )


def _park(ws: SyncHost, op_id: str, kind: str, reason: str) -> int:
    with ws.store.transaction() as conn:
        return sync_store.park_op(conn, op_id, kind, reason)


NOT_SENT_SHOWN = 20
_WHAT = {
    "child": ("trẻ em", "child"),
    "contact": ("cuộc liên hệ", "contact"),
    "case": ("hồ sơ", "case"),
    "case_entry": ("mục nhật ký hồ sơ", "case entry"),
    "referral": ("chuyển gửi", "referral"),
    "conflict": ("xung đột", "conflict"),
}


def not_sent_list(conn: Any, limit: int = NOT_SENT_SHOWN) -> list[dict[str, str]]:
    """The changes central refused, oldest first, each with its record (number when it has
    one), why (`kind`: rejected | too_large | held; central's `reason`) and the way to fix
    it in both languages (`vi`, `en`). No names, phones or notes: only numbers and ids."""
    out = []
    for op in sync_store.rejected_ops(conn, limit):
        entity, rid = op["entity"], op["record_id"]
        row = None
        if entity in ("contact", "case"):
            row = conn.execute(
                f"SELECT number FROM {repository.table(entity)} WHERE id = ?", (rid,)
            ).fetchone()
        ref = (row[0] if row and row[0] else "") or rid[:8]
        what_vi, what_en = _WHAT.get(entity, (entity, entity))
        reason = op["reason"]
        if op["kind"] == sync_store.TOO_LARGE:
            vi = (
                f"Chưa gửi: {what_vi} {ref} quá lớn, máy chủ không nhận. Cách sửa: rút gọn nội"
                " dung (ví dụ phần tóm tắt) rồi lưu lại; lần đồng bộ sau sẽ gửi lại."
            )
            en = (
                f"Not sent: {what_en} {ref} is too large for the server. To fix: shorten its"
                " text (the summary, for example) and save it again; the next sync sends it."
            )
        elif op["kind"] == sync_store.HELD:
            vi = f"Chưa gửi: thay đổi sau của {what_vi} {ref} chờ thay đổi trước đó (ở trên)."
            en = f"Not sent: a later change to {what_en} {ref} waits for the earlier one above."
        else:
            vi = (
                f"Chưa gửi: máy chủ từ chối {what_vi} {ref} ({reason}). Cách sửa: sửa bản ghi"
                " rồi lưu lại; lần đồng bộ sau sẽ gửi lại. Nếu vẫn bị từ chối, hãy báo quản"
                " trị viên máy chủ trung tâm."
            )
            en = (
                f"Not sent: the server refused {what_en} {ref} ({reason}). To fix: correct the"
                " record and save it again; the next sync sends it. If it is refused again,"
                " tell central's administrator."
            )
        out.append(
            {
                "entity": entity,
                "record_id": rid,
                "number": ref if row and row[0] else "",
                "kind": op["kind"],
                "reason": reason,
                "vi": vi,
                "en": en,
            }
        )
    return out


def _checked_answers(ops: list[dict[str, Any]], results: list[p.OpResult]) -> list[dict]:
    """The answers as dicts; a record sent with one is kept only when it is the op's own
    record, of the op's entity, well formed and of this desk's province (else the desk
    keeps its old base and the pull brings the record)."""
    mine = {op["op_id"]: op for op in ops}
    out = []
    for result in results:
        answer = result.to_dict()
        op = mine.get(result.op_id)
        record = answer.pop("record", None)
        if op is not None and isinstance(record, dict) and record.get("id") == op["record_id"]:
            try:
                p.check_record(op["entity"], record)
            except p.ProtocolViolation:
                record = None
            if record is not None and record["rev"] >= result.rev:
                answer["record"] = record
        out.append(answer)
    return out


def _ack(ws: SyncHost, answers: list[dict[str, Any]]) -> int:
    with ws.store.transaction() as conn:
        for answer in answers:  # central never sends another province's records
            record = answer.get("record")
            if record is not None and not p.in_desk_scope(record, ws.province_code):
                del answer["record"]
        return sync_store.ack_ops(conn, answers)


def _set_cursor(ws: SyncHost, value: int) -> None:
    with ws.store.transaction() as conn:
        sync_store.set_state(conn, CURSOR, value)


def _start_rebaseline(ws: SyncHost) -> None:
    with ws.store.transaction() as conn:
        sync_store.set_state(conn, CURSOR, 0)
        sync_store.set_state(conn, REBASELINE, True)


def _finish_rebaseline(ws: SyncHost, seen: set[tuple[str, str]]) -> None:
    """Records central no longer has (tombstones past their year) end deleted here too,
    unless this desk has unsent edits to them."""
    with ws.store.transaction() as conn:
        for entity in SYNCED_ENTITIES:
            rows = conn.execute(
                f"SELECT id, rev FROM {repository.table(entity)} WHERE rev > 0 AND deleted = 0"
            ).fetchall()
            for rid, rev in rows:
                if (entity, rid) in seen or sync_store.pending_fields(conn, entity, rid):
                    continue
                sync_store.upsert_remote(conn, entity, {"id": rid, "rev": rev, "deleted": True})
        sync_store.set_state(conn, REBASELINE, False)


def _apply_page(ws: SyncHost, page: p.PullPage) -> int:
    """Apply one page and its cursor in one local transaction."""
    for change in page.changes:  # central never sends another province's records
        if not p.in_desk_scope(change.record, ws.province_code):
            raise protocol_error("record of another province")
    with ws.store.transaction() as conn:
        for change in page.changes:
            sync_store.upsert_remote(conn, change.entity, change.record)
        sync_store.set_state(conn, CURSOR, page.next_since)
    return len(page.changes)
