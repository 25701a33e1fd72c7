"""Sync: the HTTP client, the push/pull engine and its scheduler (DESIGN.md "Sync protocol").

No Qt here. `protocol` is pure data and is also imported by central; the rest is loaded on
first use so that importing the protocol pulls in nothing else.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SyncEngine", "SyncResult", "SyncScheduler", "SyncStatus", "enroll"]


def __getattr__(name: str) -> Any:
    if name in {"SyncEngine", "SyncResult", "SyncStatus", "enroll"}:
        from desktop.sync import engine

        return getattr(engine, name)
    if name == "SyncScheduler":
        from desktop.sync.scheduler import SyncScheduler

        return SyncScheduler
    raise AttributeError(name)
