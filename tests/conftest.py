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

from hypothesis import settings  # noqa: E402

# `make test` draws the same examples on every run (a property test's examples are bounded
# and repeatable, so CI cannot fail on a draw it never saw before); exploring new draws is a
# long run: CASELINE_HYPOTHESIS=explore (with `make soak`, or CASELINE_FUZZ_EXAMPLES=…).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("CASELINE_HYPOTHESIS", "repeatable"))
