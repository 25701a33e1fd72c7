"""Attachments sync in chunks, apart from the records, and resume where they stopped
(issue 16): a real central on SQLite and PostgreSQL, real desks, a proxy that cuts."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from attachment_files import png, scan_png
from sqlalchemy import func, select
from sync_harness import PASSWORD, FaultProxy, add_contacts, sync_until_done

from central.tables import attachment_chunks
from desktop.db import attachments as local
from desktop.db import sync_store
from desktop.errors import SyncError
from desktop.sync import SyncEngine
from desktop.sync.client import SyncClient

CHILD = Path(__file__).with_name("desk_child.py")
ROOT = Path(__file__).resolve().parents[2]


def _central_chunks(central) -> int:
    with central.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(attachment_chunks)).scalar())


def _attach(desk, data: bytes, name: str = "ban-quet.png") -> str:
    number = desk.ws.get_contact(add_contacts(desk, 1)[0])["number"]
    return desk.ws.attachments.add(number, data, name).id


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # PostgreSQL: bench/
def test_a_20_mb_scan_syncs_through_a_proxy_that_cuts_every_2_mb_and_arrives_identical(
    central, desk_factory
):
    proxy = FaultProxy(central.port)
    proxy.cut_every = 2_000_000
    try:
        sender = desk_factory(central, server_url=proxy.url)
        scan = scan_png(20, seed=16)
        attachment_id = _attach(sender, scan)
        result = sync_until_done(sender.engine)
        assert local.waiting_count(sender.ws.conn) == (0, 0)
        receiver = desk_factory(central, server_url=proxy.url)
        receiver.sync_until_done()
        assert receiver.ws.attachments.info(attachment_id).here is False  # on demand
        for _ in range(10):  # each round resumes after the last chunk it kept
            try:
                receiver.ws.sync.fetch_attachment(attachment_id)
                break
            except SyncError:
                continue
        got = receiver.ws.attachments.content(attachment_id)
    finally:
        proxy.close()
    assert hashlib.sha256(got).hexdigest() == hashlib.sha256(scan).hexdigest()
    assert got == scan
    assert proxy.cuts >= 2 * 9  # ~20 MB up and ~20 MB down, cut every 2 MB
    assert result.ok


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_desk_killed_mid_upload_resumes_without_resending_finished_chunks(central, desk_factory):
    desk = desk_factory(central)
    scan = scan_png(6, seed=61)  # 23 chunks
    attachment_id = _attach(desk, scan)
    total = local.waiting_count(desk.ws.conn)[0]
    desk.close()
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(desk.data_dir), "mai", PASSWORD],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    sent = 0
    for line in child.stdout:
        event = json.loads(line) if line.startswith(b"{") else {}
        if event.get("phase") == "attachments":
            sent += 1
            if sent == 8:
                child.send_signal(signal.SIGKILL)  # no clean shutdown
                break
    child.wait(10)
    assert child.returncode == -signal.SIGKILL
    held_before = _central_chunks(central)
    assert 8 <= held_before < total

    puts: list[str] = []

    class CountingClient(SyncClient):
        def put_chunk(self, digest: str, data: bytes) -> None:
            puts.append(digest)
            super().put_chunk(digest, data)

    desk.reopen()
    engine = SyncEngine(
        lambda fn: fn(desk.ws),
        lambda url, token, ca, pin=None: CountingClient(url, token, ca_file=ca, tls_pin=pin),
    )
    engine.sync_once()
    assert len(puts) == len(set(puts)) == total - held_before
    assert _central_chunks(central) == total
    assert local.waiting_count(desk.ws.conn) == (0, 0)
    other = desk_factory(central)
    other.sync_until_done()
    other.ws.sync.fetch_attachment(attachment_id)
    assert other.ws.attachments.content(attachment_id) == scan


def test_a_contact_saved_after_a_scan_reaches_central_even_when_the_scan_cannot(
    central, desk_factory
):
    """Records go first: chunks that keep failing leave the round with an error after the
    contacts were pushed and pulled."""
    desk = desk_factory(central)
    _attach(desk, scan_png(1, seed=3))
    add_contacts(desk, 1)

    class BrokenUploads(SyncClient):
        def put_chunk(self, digest: str, data: bytes) -> None:
            raise SyncError("network", "mất mạng", "connection lost")

    engine = SyncEngine(
        lambda fn: fn(desk.ws),
        lambda url, token, ca, pin=None: BrokenUploads(url, token, ca_file=ca, tls_pin=pin),
    )
    with pytest.raises(SyncError):
        engine.sync_once()
    assert desk.pending() == 0
    assert central.counts()["48"]["contact"] == 2


def test_central_refuses_a_chunk_whose_bytes_are_not_its_name_and_serves_only_its_province(
    central, desk_factory
):
    da_nang = desk_factory(central)
    ha_noi = desk_factory(central, province="01")
    data = png(marker=b"x")
    digest = hashlib.sha256(data).hexdigest()
    token = sync_store.get_setting(da_nang.ws.conn, sync_store.DEVICE_TOKEN)
    client = SyncClient(central.url, token)
    try:
        with pytest.raises(SyncError) as refused:
            client.put_chunk(digest, data + b"tampered")
        assert refused.value.details.get("error") == "hash_mismatch"
        assert client.missing_chunks([digest]) == [digest]
        client.put_chunk(digest, data)
        assert client.missing_chunks([digest]) == []
        assert client.get_chunk(digest) == data
    finally:
        client.close()
    other = SyncClient(central.url, sync_store.get_setting(ha_noi.ws.conn, sync_store.DEVICE_TOKEN))
    try:
        assert other.missing_chunks([digest]) == [digest]  # nothing says Đà Nẵng has it
        with pytest.raises(SyncError):
            other.get_chunk(digest)
    finally:
        other.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_directory_store_keeps_chunks_as_files_and_serves_them_back(
    central_factory, desk_factory, tmp_path
):
    folder = tmp_path / "chunks"
    central = central_factory(attachment_dir=str(folder))
    desk = desk_factory(central)
    scan = scan_png(1, seed=5)
    attachment_id = _attach(desk, scan)
    desk.sync_until_done()
    stored = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(stored) == -(-len(scan) // local.CHUNK_SIZE)
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in stored)
    other = desk_factory(central)
    other.sync_until_done()
    other.ws.sync.fetch_attachment(attachment_id)
    assert other.ws.attachments.content(attachment_id) == scan


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_transferred_cases_scan_can_be_opened_in_its_new_province(central, desk_factory):
    """Chunks are kept per province; a case transfer (issue 12) moves the attachment record
    to the new province, whose desks must still get its bytes (central serves a chunk a
    live attachment of the device's province lists, wherever it was uploaded)."""
    from sync_harness import contact

    da_nang = desk_factory(central)
    hcm = desk_factory(central, "79")
    case = da_nang.ws.open_case(da_nang.ws.record_contact(contact(1, children=True)).id)
    scan = scan_png(0.5, seed=79)
    attachment_id = da_nang.ws.attachments.add(case.number, scan, "giay-kham.png").id
    da_nang.sync_until_done()
    da_nang.ws.transfer_case(case.number, "79")
    da_nang.sync_until_done()
    hcm.sync_until_done()
    hcm.ws.sync.fetch_attachment(attachment_id)
    assert hcm.ws.attachments.content(attachment_id) == scan
    ha_noi = desk_factory(central, "01")  # still nothing for a third province
    token = sync_store.get_setting(ha_noi.ws.conn, sync_store.DEVICE_TOKEN)
    client = SyncClient(central.url, token)
    try:
        with pytest.raises(SyncError):
            client.get_chunk(hashlib.sha256(scan[: local.CHUNK_SIZE]).hexdigest())
    finally:
        client.close()
