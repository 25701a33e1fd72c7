"""Shared test set-up: Qt offscreen, fast key-slot KDF for tests that do not measure it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests open many workspaces; the production KDF cost (>= 100 ms per try) is measured in
# its own test and in bench/. Everything else uses a cheaper, still real, scrypt setting.
os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")
