"""What the sync engine needs of an open desk (`desktop.services.workspace.Workspace`).

The engine runs each database step as `run_db(fn)`, which calls `fn(host)` on the thread
that owns the desk. The engine may not import the services (they import it), so it names
the few things it uses here; the workspace has them all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from desktop.db.store import Store


class SyncUser(Protocol):
    @property
    def role(self) -> str: ...


@runtime_checkable
class SyncHost(Protocol):
    """An unlocked desk as the sync engine sees it."""

    @property
    def store(self) -> Store: ...
    @property
    def conn(self) -> Any: ...  # the store's sqlcipher3 connection
    @property
    def user(self) -> SyncUser: ...
    @property
    def province_code(self) -> str: ...
    @property
    def device_code(self) -> str: ...
    @property
    def data_dir(self) -> Path: ...
    def close(self) -> None: ...


# `run_db(fn)` runs `fn(host)` on the desk's own thread and returns what it returns.
RunDb = Callable[[Callable[[SyncHost], Any]], Any]
