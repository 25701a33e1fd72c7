"""`ws.sync`: enrolment, local sync status and one sync round, and `SyncSession`, the
engine and its schedule for a UI that runs the network on its own thread. The UI and the
CLI reach desktop/sync only through here (DESIGN.md "Sync protocol").

A desk reported lost is wiped by the sync engine itself, in the round that hears of it
(desktop/sync/lost.py): the round raises a `SyncError` for which `was_wiped(error)` is
True and `lost_changes(error)` counts the changes that never reached central.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.db import sync_store
from desktop.errors import SyncError
from desktop.services.base import store_errors_as_user_errors
from desktop.sync import attachments as attachment_sync
from desktop.sync import carry
from desktop.sync import engine as sync_engine
from desktop.sync import packet as packet_format
from desktop.sync.engine import Progress, RunDb, SyncEngine, SyncResult, SyncStatus
from desktop.sync.scheduler import SyncScheduler

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace

__all__ = [
    "Enrolment",
    "LocalSyncState",
    "PacketExport",
    "PacketImport",
    "SyncPart",
    "SyncResult",
    "SyncSession",
    "SyncStatus",
    "lost_changes",
    "was_wiped",
]


@dataclass(frozen=True)
class Enrolment:
    """This desk's identity at the central line after `ws.sync.enroll`: device_id (a
    UUID), device_code (3 letters in new record numbers), province_code (2 digits),
    server_url (no trailing slash)."""

    device_id: str
    device_code: str
    province_code: str
    server_url: str

    def to_dict(self) -> dict[str, str]:
        return {
            "device_id": self.device_id,
            "device_code": self.device_code,
            "province_code": self.province_code,
            "server_url": self.server_url,
        }


@dataclass(frozen=True)
class PacketExport:
    """A sync packet written: packet_id (UUIDv7), ops (changes in it), chunks (attachment
    chunks in it), size (bytes of the file)."""

    packet_id: str
    ops: int
    chunks: int
    size: int

    def to_dict(self) -> dict[str, object]:
        return {"packet_id": self.packet_id, "ops": self.ops, "chunks": self.chunks,
                "bytes": self.size}  # fmt: skip


@dataclass(frozen=True)
class PacketImport:
    """A packet imported: kind ("answer": central's answer to this desk's packet;
    "relay": another desk's packet of this province), packet_id, answered (this desk's
    changes central answered), pulled (records applied from central), relayed (the other
    desk's changes applied here and queued for central), chunks (attachment chunks kept)."""

    packet_id: str
    answered: int = 0
    pulled: int = 0
    chunks: int = 0
    relayed: int = 0
    kind: str = "answer"

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "packet_id": self.packet_id, "answered": self.answered,
                "pulled": self.pulled, "relayed": self.relayed, "chunks": self.chunks}  # fmt: skip


@dataclass(frozen=True)
class LocalSyncState:
    """What the store knows of sync, read on the workspace's thread: enrolled (has a
    server and token), pending_ops (outbox rows not yet answered), open_conflicts,
    last_success (UTC ISO-8601 text of the last finished round, or None), last_error
    ({"kind", "vi", "en"} of the last failed round, or None)."""

    enrolled: bool
    pending_ops: int
    open_conflicts: int
    last_success: str | None
    last_error: dict[str, str] | None


def was_wiped(error: BaseException) -> bool:
    """True when a sync round ended with this desk erased on the central line's order."""
    return isinstance(error, SyncError) and bool(error.details.get("wiped"))


def lost_changes(error: BaseException) -> int:
    """How many local changes were erased before they reached the central line."""
    details = getattr(error, "details", {}) or {}
    try:
        return int(details.get("lost_ops") or 0)
    except (TypeError, ValueError):
        return 0


@store_errors_as_user_errors
class SyncPart:
    """Sync for one workspace (`ws.sync`), on the workspace's thread."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def enroll(self, server_url: str, code: str, ca_file: str | None = None) -> Enrolment:
        """Trade the central line's one-time `code` for a device id and token, kept in the
        encrypted store (admin only; network I/O on this thread). PermissionDenied,
        SyncError (network, TLS, a used or expired code, another province's answer)."""
        reply = sync_engine.enroll(self._ws, server_url, code, ca_file=ca_file)
        return Enrolment(
            reply["device_id"], reply["device_code"], reply["province_code"], reply["server_url"]
        )

    def is_enrolled(self) -> bool:
        """True once this desk has a central server to sync with."""
        return bool(sync_store.get_setting(self._ws.conn, sync_store.SERVER_URL))

    def move_server(self, server_url: str) -> None:
        """Keep this desk's enrolment (device id and token) but talk to `server_url` from
        now on (the central line moved; the demo's embedded server on a new port). Admin
        only: PermissionDenied; SyncError (auth) when the desk is not enrolled."""
        ws = self._ws
        ws._require("device.manage")
        if not sync_store.get_setting(ws.conn, sync_store.DEVICE_TOKEN):
            raise sync_engine.not_enrolled()
        with ws.store.transaction() as conn:
            sync_store.set_setting(conn, sync_store.SERVER_URL, server_url.rstrip("/"))

    def state(self) -> LocalSyncState:
        """The sync status kept in the store (see `LocalSyncState`)."""
        conn = self._ws.conn
        return LocalSyncState(
            enrolled=self.is_enrolled(),
            pending_ops=sync_store.pending_count(conn),
            open_conflicts=sync_engine.open_conflicts(conn),
            last_success=sync_store.get_state(conn, sync_engine.LAST_SUCCESS),
            last_error=sync_store.get_state(conn, sync_engine.LAST_ERROR),
        )

    def fetch_attachment(self, attachment_id: str) -> SyncResult:
        """Download the chunks of one attachment this desk lacks from central (network I/O
        on this thread; each chunk checked against its SHA-256, the whole file against the
        record's). Needs the right to read the attachment's owner. Returns the counts
        (chunks_down, bytes_down, requests). SyncError (network, not enrolled, a chunk
        central does not hold yet: the desk that added it has not synced), PermissionDenied,
        NotFound."""
        ws = self._ws
        info = ws.attachments.info(attachment_id)  # permission and existence
        result = SyncResult()
        creds = sync_engine._credentials(ws)
        client = sync_engine.SyncClient(
            creds.server_url, creds.token, ca_file=creds.ca_file, tls_pin=creds.tls_pin
        )
        try:
            attachment_sync.download(lambda fn: fn(ws), client, result, info.id)
        except SyncError as exc:
            if exc.kind != "network":
                raise
            raise SyncError(  # a one-off fetch: nothing will "try again" by itself
                "network",
                "Không kết nối được máy chủ trung tâm để tải tệp này về; chưa ghi tệp nào."
                " Hãy thử lại khi có mạng (các phần đã tải được giữ lại).",
                "Cannot reach the central server to fetch this file; nothing was written."
                " Try again when the connection is back (the parts already fetched are kept).",
                **exc.details,
            ) from exc
        finally:
            result.requests = client.requests_made
            client.close()
        return result

    def export_packet(self, path: str | os.PathLike[str]) -> PacketExport:
        """Write this desk's pending changes and unsent attachment chunks to `path` as one
        encrypted, authenticated sync packet (desktop/sync/packet.py) for central's
        `caseline-central import-packet`; nothing changes locally until its answer.
        Admin only; audited `export`. PermissionDenied, OutputRefused (the desk's own
        files, a folder), SyncError (not enrolled; no packet key yet: one network round
        fetches it)."""
        ws = self._ws
        ws._require("device.manage")
        ws.check_output_path(path)
        blob, info = carry.export_packet(ws)
        ws.save_output(path, blob)
        ws._audit("export", detail={"sync_packet": info["packet_id"], "ops": info["ops"],
                                    "chunks": info["chunks"], "bytes": len(blob)})  # fmt: skip
        return PacketExport(info["packet_id"], info["ops"], info["chunks"], len(blob))

    def import_packet(self, path: str | os.PathLike[str]) -> PacketImport:
        """Apply central's answer packet (`caseline-central import-packet … -o ANSWER`) as a
        network round would: the per-op answers, the records changed since this desk's
        cursor (which moves as they apply), the attachment chunks they carry. Or, given
        another enrolled desk's packet of this province (`sync export` there), apply its
        changes here and queue them for central under their own op ids (a relay: central
        takes each once, from whichever desk arrives first). Refused in one line, changing
        nothing, when it is damaged, truncated, altered, for another desk or province,
        already imported or out of date (SyncError kind "packet"). Admin only; audited
        `sync`."""
        ws = self._ws
        ws._require("device.manage")
        try:
            with open(path, "rb") as handle:
                blob = handle.read(packet_format.MAX_PACKET_BYTES + 1)
        except OSError as exc:
            raise carry.refused(
                f"Không đọc được tệp gói đồng bộ ({exc.strerror or type(exc).__name__}).",
                f"Cannot read the sync packet file ({exc.strerror or type(exc).__name__}).",
                "unreadable",
            ) from None
        if carry.header_of(ws, blob).kind == packet_format.OPS:  # another desk's changes
            relayed = carry.relay_packet(ws, blob)
            ws._audit("sync", detail={"sync_packet": relayed["packet_id"],
                                      "relayed": relayed["relayed"]})  # fmt: skip
            return PacketImport(
                relayed["packet_id"], chunks=relayed["chunks"], relayed=relayed["relayed"],
                kind="relay",
            )  # fmt: skip
        counts = carry.import_answer(ws, blob)
        ws._audit("sync", detail={"sync_packet": counts["packet_id"], "pulled": counts["pulled"],
                                  "answered": counts["answered"]})  # fmt: skip
        return PacketImport(**counts)

    def run_once(self, progress: Progress | None = None) -> SyncResult:
        """One push-then-pull round on this thread (network included; the CLI's `caseline
        sync`). Returns counts (pushed, pulled, conflicts, rejected), duration in seconds
        and requests. SyncError when the round could not finish (what finished is kept);
        a desk reported lost is erased and the error says so (`was_wiped`)."""
        ws = self._ws
        return SyncEngine(run_db=lambda fn: fn(ws)).sync_once(progress)


class _WatchedEngine(SyncEngine):
    """The sync engine, calling `on_wiped(error)` as soon as a round erased the desk."""

    def __init__(self, run_db: RunDb, on_wiped: Callable[[SyncError], None]) -> None:
        super().__init__(run_db)
        self.on_wiped = on_wiped

    def sync_once(self, progress: Progress | None = None) -> SyncResult:
        try:
            return super().sync_once(progress)
        except SyncError as error:
            if was_wiped(error):
                self.on_wiped(error)
            raise


class SyncSession:
    """The sync engine and its schedule for one unlocked session of a threaded UI.

    Network work runs on the caller's thread (the UI's network worker or the scheduler's
    thread); every database step goes through `run_db(fn)`, which runs `fn(ws)` on the
    thread owning the workspace and returns its result. `on_wiped(error)` runs on the
    sync thread right after a round erased a lost desk: never touch widgets in it."""

    def __init__(self, run_db: RunDb, on_wiped: Callable[[SyncError], None]) -> None:
        self.engine = _WatchedEngine(run_db, on_wiped)
        self.scheduler: SyncScheduler | None = None

    @property
    def status(self) -> SyncStatus:
        """The engine's in-memory status (cheap; any thread): online, last_success,
        pending_ops, open_conflicts, last_error, in_progress, progress (0..1),
        server_time_skew (seconds), stopped ("revoked" | "upgrade" | None)."""
        return self.engine.status

    def refresh_status(self) -> SyncStatus:
        """Re-read pending changes, conflicts and the stored last success/error."""
        return self.engine.refresh_status()

    def probe(self) -> bool | None:
        """One handshake with central now (network thread): online True/False, None when
        not enrolled; the status shows it at once."""
        return self.engine.probe()

    def read_local_status(self, ws: Any) -> SyncStatus:
        """Re-read pending changes and conflicts on the workspace's own thread."""
        return self.engine.read_local_status(ws)

    def sync_once(self, progress: Progress | None = None) -> SyncResult:
        """One round now (as `SyncPart.run_once`, with the database steps hopping to the
        workspace's thread). SyncError when the round could not finish."""
        return self.engine.sync_once(progress)

    def start_schedule(
        self, interval_s: float, on_status: Callable[[SyncStatus], None] | None = None
    ) -> None:
        """A round every `interval_s` seconds (with jitter and backoff), on a background
        thread; `on_status` gets the status after each round (on that thread)."""
        self.stop_schedule(wait=False)
        self.scheduler = SyncScheduler(self.engine, interval_s=interval_s, on_status=on_status)
        self.scheduler.start()

    def stop_schedule(self, wait: bool = True) -> None:
        """Stop the timer (a round under way finishes on its own)."""
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            scheduler.stop(wait=wait)
