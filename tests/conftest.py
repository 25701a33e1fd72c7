"""Shared test set-up: Qt offscreen, fast key-slot KDF for tests that do not measure it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":  # the centres' laptops: one 1366×768 screen
    os.environ["QT_QPA_PLATFORM"] = "offscreen:configfile=" + os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "offscreen-1366x768.json"
    )
# Tests open many workspaces; the production KDF cost (>= 100 ms per try) is measured in
# its own test and in bench/. Everything else uses a cheaper, still real, scrypt setting.
os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")
