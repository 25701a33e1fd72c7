"""Record ids (UUIDv7, made on the device) and UTC timestamps."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime

_last_ms = 0
_counter = 0


def uuid7() -> str:
    """A time-ordered UUIDv7 as text. Monotonic within this process."""
    global _last_ms, _counter
    ms = time.time_ns() // 1_000_000
    if ms <= _last_ms:
        _counter += 1
        if _counter > 0xFFF:
            _last_ms += 1
            _counter = 0
        ms = _last_ms
    else:
        _last_ms, _counter = ms, int.from_bytes(os.urandom(2), "big") & 0x3FF
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (_counter & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand_b
    return str(uuid.UUID(int=value))


def utc_now() -> str:
    """Current UTC time as ISO-8601 with microseconds and 'Z'-free '+00:00' offset."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
