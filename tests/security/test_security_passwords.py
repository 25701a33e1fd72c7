"""Passwords against guessing: every try at a real key slot costs at least 100 ms of scrypt
(64 MiB), and through the app wrong passwords also earn a growing wait. The offline
brute-force estimate built on this figure is in docs/security.md (bench/bench_kdf.py)."""

from __future__ import annotations

import json
import time

import pytest
from sec_support import ADMIN, ADMIN_PASSWORD

from desktop.db import access, keys
from desktop.errors import WrongPassword
from desktop.services import Workspace


def test_a_stolen_key_slot_costs_at_least_100_ms_per_guess(tmp_path, monkeypatch):
    monkeypatch.delenv("CASELINE_TEST_FAST_KDF", raising=False)
    Workspace.init(
        tmp_path,
        centre="TT",
        province_code="48",
        admin_username=ADMIN,
        admin_password=ADMIN_PASSWORD,
    )
    stolen = json.loads((tmp_path / keys.KEYSLOTS_FILE).read_text())["slots"]
    slot = next(s for s in stolen if s["name"] == ADMIN)  # a version-2 slot (issue 11)
    assert slot["params"] == keys.PRODUCTION_KDF  # what is on disk, not a test setting
    tries = []
    for guess in ("12345678", "matkhau123", "quan-tri-2025"):
        started = time.perf_counter()
        assert access.open_slot(slot, guess) is None
        tries.append(time.perf_counter() - started)
    assert min(tries) >= 0.100, tries


def test_wrong_passwords_at_the_desk_earn_a_growing_wait(tmp_path):
    Workspace.init(
        tmp_path,
        centre="TT",
        province_code="48",
        admin_username=ADMIN,
        admin_password=ADMIN_PASSWORD,
    )
    delays: list[int] = []
    for _ in range(4):
        time.sleep(delays[-1] if delays else 0)  # a patient guesser waits each delay out
        with pytest.raises(WrongPassword) as wrong:
            Workspace.open(tmp_path, ADMIN, "doan-mo-sai")
        delays.append(wrong.value.details["delay_s"])
    assert delays[:2] == [0, 0] and delays[2] >= 1 and delays[3] > delays[2]
    # While the wait runs even the right password is refused, without running the KDF.
    started = time.perf_counter()
    with pytest.raises(WrongPassword):
        Workspace.open(tmp_path, ADMIN, ADMIN_PASSWORD)
    assert time.perf_counter() - started < 0.1
