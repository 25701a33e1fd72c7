"""Killed at any moment, a desk loses nothing it acknowledged and duplicates nothing.

A child process saves contacts and syncs with a real central; the test SIGKILLs it at a
random moment, again and again (CRASH_ROUNDS, 50 by default). Afterwards the file passes
PRAGMA integrity_check and `caseline verify`; every save the child reported as returned is
on the desk exactly once, and after the next sync on central exactly once too."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sec_support import (
    HERE,
    MANAGER,
    PASSWORDS,
    Central,
    central_docs,
    child_env,
    enrol_desk,
    new_desk,
    open_as,
    sync,
)

CRASH_ROUNDS = int(os.environ.get("CASELINE_CRASH_ROUNDS", "50"))
CASELINE = str(Path(sys.executable).with_name("caseline"))
TAG = re.compile(r"Trẻ (R\d{3}N\d{4})")


@pytest.fixture
def central(tmp_path):
    server = Central.start(f"sqlite:///{tmp_path / 'central.db'}")
    yield server
    server.stop()


class Child:
    """One writer process and the lines it printed before it died."""

    def __init__(self, data_dir: Path, round_no: int, sync_every: int, tmp: Path) -> None:
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "child_crash_writer.py"),
                str(data_dir),
                str(round_no),
                str(sync_every),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=child_env(TMPDIR=str(tmp)),
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.strip())
            if line.startswith("ready"):
                self.ready.set()

    def kill(self) -> list[str]:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.reader.join(timeout=30)
        return [line.split()[1] for line in self.lines if line.startswith("saved ")]


def tags_in(summaries: list[str]) -> Counter:
    return Counter(m.group(1) for s in summaries if (m := TAG.search(s or "")))


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(tmp_path, central):
    desk = tmp_path / "desk"
    new_desk(desk)
    enrol_desk(desk, central)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    chance = random.Random(20261128)
    acknowledged: list[str] = []
    mid_sync_kills = 0
    started = time.monotonic()

    for round_no in range(CRASH_ROUNDS):
        every = chance.choice([2, 3, 5])
        child = Child(desk, round_no, sync_every=every, tmp=tmp)
        if chance.random() < 0.15:
            time.sleep(chance.uniform(0.0, 0.4))  # sometimes while it is still opening
        else:
            assert child.ready.wait(30), f"round {round_no}: child never got ready"
            time.sleep(chance.uniform(0.0, 0.35))
        saved = child.kill()
        acknowledged += saved
        last = child.lines[-1] if child.lines else ""
        # Killed after a save whose turn it was to sync: killed while syncing.
        mid_sync_kills += bool(saved) and last.startswith("saved") and len(saved) % every == 0

    with open_as(desk, MANAGER) as ws:
        assert ws.store.integrity_check() == "ok"
        on_desk = tags_in([r[0] for r in ws.store.conn.execute("SELECT summary FROM contact")])
        sync(ws)
        sync(ws)  # a second round has nothing left to do
        assert ws.store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0

    verify = subprocess.run(
        [CASELINE, "--data-dir", str(desk), "verify"],
        capture_output=True,
        text=True,
        env=child_env(CASELINE_USER=MANAGER, CASELINE_PASSWORD=PASSWORDS[MANAGER]),
        timeout=60,
    )
    assert verify.returncode == 0 and "OK" in verify.stdout, verify.stderr

    assert acknowledged, "no save returned before a kill: the loop proves nothing"
    assert set(acknowledged) <= set(on_desk), "an acknowledged save is missing on the desk"
    assert max(on_desk.values()) == 1, "a contact is on the desk twice"
    docs = central_docs(central.db_url).values()
    on_central = tags_in([d.get("summary", "") for d in docs if "summary" in d])
    assert on_central == on_desk, "central and the desk differ after the next sync"
    assert max(on_central.values()) == 1

    figures = dict(
        rounds=CRASH_ROUNDS,
        acknowledged=len(acknowledged),
        on_desk=sum(on_desk.values()),
        killed_while_syncing=mid_sync_kills,
        seconds=int(time.monotonic() - started),
    )
    print(f"\ncrash loop: {figures}")  # docs/security.md quotes these
