"""The sync packet (issue 16): desk → central → desk by hand gives what a network round
gives; a packet twice gives no duplicate; tampered, truncated, foreign and replayed
packets are refused in one line and change nothing. Real central on SQLite/PostgreSQL."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from attachment_files import scan_png
from sync_harness import PASSWORD, ROOT, add_contacts

from central.cli import main as central_main
from desktop.db import attachments as local
from desktop.db import sync_store
from desktop.errors import SyncError
from desktop.services import Workspace


def _central_import(central, packet: Path, answer: Path, *, process: bool = False) -> Ran:
    """`caseline-central import-packet PACKET -o ANSWER` (in this process unless `process`:
    the console script in its own, as an operator runs it)."""
    argv = ["--db", central.db_url, "import-packet", str(packet), "-o", str(answer)]
    if process:
        done = subprocess.run(
            [sys.executable, "-m", "central.cli", *argv],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        return Ran(done.returncode, done.stdout, done.stderr)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = central_main(argv)
    return Ran(code, out.getvalue(), err.getvalue())


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def _as_admin(desk):
    return Workspace.open(desk.data_dir, "admin", PASSWORD)


def _export(desk, path: Path):
    admin = _as_admin(desk)
    try:
        return admin.sync.export_packet(path)
    finally:
        admin.close()


def _import(desk, path: Path):
    admin = _as_admin(desk)
    try:
        return admin.sync.import_packet(path)
    finally:
        admin.close()


def _state(desk) -> tuple[set, int, int]:
    conn = desk.ws.conn
    return desk.scope(), desk.pending(), int(sync_store.get_state(conn, "pull_cursor", 0))


@pytest.fixture
def offline_desk(central, desk_factory, tmp_path):
    """Desk A (its packet key fetched by one network round), desk B of the same province
    online with 3 contacts central has, then A's day offline: 2 contacts and a scan."""
    a = desk_factory(central)
    a.sync_until_done()
    b = desk_factory(central)
    add_contacts(b, 3)
    b.sync_until_done()
    add_contacts(a, 2)
    number = a.ws.list_contacts({}, 0, 1).rows[0]["number"]
    attachment_id = a.ws.attachments.add(number, scan_png(0.6, seed=8), "thu.png").id
    return a, b, attachment_id


def test_a_packet_carried_desk_to_central_to_desk_gives_the_state_of_a_network_round(
    central, offline_desk, tmp_path
):
    a, b, attachment_id = offline_desk
    packet, answer = tmp_path / "a.clpkt", tmp_path / "a-answer.clpkt"
    written = _export(a, packet)
    assert written.ops == 3 and written.chunks == 3  # 2 contacts + 1 attachment record
    done = _central_import(central, packet, answer, process=True)
    assert done.returncode == 0, done.stderr
    assert "3 ops" in done.stdout
    assert central.counts()["48"] == {"contact": 5, "attachment": 1}
    imported = _import(a, answer)
    a.reopen()
    assert imported.answered == 3 and imported.pulled == 3
    assert a.pending() == 0 and local.waiting_count(a.ws.conn) == (0, 0)
    b.sync_until_done()
    assert a.scope() == b.scope()  # the same records at the same revs as an online desk
    round_after = a.sync()  # the network finds nothing left to do
    assert (round_after.pushed, round_after.pulled, round_after.rebaselined) == (0, 0, False)
    b.ws.sync.fetch_attachment(attachment_id)  # the scan reached central whole
    assert b.ws.attachments.content(attachment_id) == a.ws.attachments.content(attachment_id)


def test_the_same_changes_carried_twice_give_no_duplicate(central, offline_desk, tmp_path):
    a, _b, _ = offline_desk
    first, second = tmp_path / "1.clpkt", tmp_path / "2.clpkt"
    _export(a, first)
    _export(a, second)  # nothing answered yet: the same ops again, a new packet
    assert _central_import(central, first, tmp_path / "1-answer").returncode == 0
    assert _central_import(central, second, tmp_path / "2-answer").returncode == 0
    assert central.counts()["48"] == {"contact": 5, "attachment": 1}
    again = _central_import(central, first, tmp_path / "again")
    assert again.returncode == 1 and len(again.stderr.strip().splitlines()) == 1
    assert "replay" in again.stderr and not (tmp_path / "again").exists()
    assert central.counts()["48"] == {"contact": 5, "attachment": 1}
    a.reopen()
    _import(a, tmp_path / "1-answer")
    a.reopen()
    assert a.pending() == 0
    with pytest.raises(SyncError) as stale:  # answered already: the second answer is old
        _import(a, tmp_path / "2-answer")
    # review i16 #6: it said "this desk synced after it exported", but no network round ran
    assert stale.value.details["reason"] == "older_answer"
    assert "already imported another answer" in stale.value.message_en


def _flip(blob: bytes, at: int) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 0x01]) + blob[at + 1 :]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("damage", ["a flipped byte", "cut short", "another province named"])
def test_a_tampered_or_truncated_packet_is_refused_at_central_and_changes_nothing(
    central, offline_desk, tmp_path, damage
):
    a, _b, _ = offline_desk
    packet = tmp_path / "a.clpkt"
    _export(a, packet)
    blob = packet.read_bytes()
    if damage == "a flipped byte":
        blob = _flip(blob, len(blob) // 2)
    elif damage == "cut short":
        blob = blob[: len(blob) - 1000]
    else:
        blob = blob.replace(b'"province_code":"48"', b'"province_code":"01"', 1)
    packet.write_bytes(blob)
    before = central.counts()
    refused = _central_import(central, packet, tmp_path / "answer")
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "nothing applied" in refused.stderr
    assert central.counts() == before and not (tmp_path / "answer").exists()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_answer_tampered_replayed_or_for_another_desk_is_refused_and_changes_nothing(
    central, offline_desk, desk_factory, tmp_path
):
    a, b, _ = offline_desk
    packet, answer = tmp_path / "a.clpkt", tmp_path / "answer.clpkt"
    _export(a, packet)
    assert _central_import(central, packet, answer).returncode == 0
    good = answer.read_bytes()
    hanoi = desk_factory(central, province="01")
    hanoi.sync_until_done()
    cases = {
        "tampered": (a, _flip(good, len(good) - 20)),
        "foreign": (b, good),  # the same province, another desk
        "damaged": (a, good[:40]),
    }
    for reason, (desk, blob) in cases.items():
        path = tmp_path / f"{reason}.clpkt"
        path.write_bytes(blob)
        before = _state(desk)
        with pytest.raises(SyncError) as refused:
            _import(desk, path)
        assert refused.value.details["reason"] == reason
        assert _state(desk) == before
    with pytest.raises(SyncError) as other_province:
        _import(hanoi, answer)
    assert other_province.value.details["reason"] == "foreign"
    _import(a, answer)
    with pytest.raises(SyncError) as replay:
        _import(a, answer)
    assert replay.value.details["reason"] == "replay"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_packet_carried_to_another_desk_of_the_province_reaches_central_once(
    central, offline_desk, desk_factory, tmp_path
):
    a, b, attachment_id = offline_desk
    packet = tmp_path / "a.clpkt"
    _export(a, packet)
    before = b.pending()
    relayed = _import(b, packet)
    assert (relayed.kind, relayed.relayed, relayed.chunks) == ("relay", 3, 3)
    assert b.pending() == before + 3
    assert b.ws.attachments.content(attachment_id) == a.ws.attachments.content(attachment_id)
    assert len(b.ws.list_contacts({}, 0, 10).rows) == 5  # A's two contacts are here too
    with pytest.raises(SyncError) as replay:  # review i16 #5: it spoke of an "answer"
        _import(b, packet)
    assert replay.value.details["reason"] == "imported_before"
    assert "imported this sync packet before" in replay.value.message_en
    with pytest.raises(SyncError) as own:
        _import(a, packet)
    assert own.value.details["reason"] == "own"
    hanoi = desk_factory(central, province="01")
    hanoi.sync_until_done()
    with pytest.raises(SyncError) as other_province:
        _import(hanoi, packet)
    assert other_province.value.details["reason"] == "foreign"
    b.sync_until_done()  # B carries A's changes to central
    assert central.counts()["48"] == {"contact": 5, "attachment": 1}
    a.sync_until_done()  # A's own copy of them: answered duplicate, never a second record
    assert central.counts()["48"] == {"contact": 5, "attachment": 1}
    assert a.pending() == 0 and b.pending() == 0
    b.sync_until_done()
    assert a.scope() == b.scope()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_desk_just_enrolled_can_write_a_packet_before_any_network_round(
    central, desk_factory, tmp_path
):
    desk = desk_factory(central)  # enrolled; never synced
    add_contacts(desk, 1)
    written = _export(desk, tmp_path / "first.clpkt")
    assert written.ops == 1
    assert _central_import(central, tmp_path / "first.clpkt", tmp_path / "ans").returncode == 0
    assert central.counts()["48"] == {"contact": 1}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_one_off_fetch_with_central_down_says_nothing_was_written_not_will_try_again(
    central, offline_desk
):
    """Review i16 #8: `attach get` of another desk's file with central stopped said "it will
    try again"; a one-off fetch does not. It now says nothing was written, try again later."""
    a, b, attachment_id = offline_desk
    a.sync_until_done()
    b.sync_until_done()
    central.stop()
    with pytest.raises(SyncError) as down:
        b.ws.sync.fetch_attachment(attachment_id)
    assert down.value.kind == "network"
    assert "nothing was written" in down.value.message_en
    assert "will try again" not in down.value.message_en
