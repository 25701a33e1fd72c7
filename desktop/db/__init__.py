"""The SQLCipher store: keys, connection, migrations, repositories, search, audit, outbox,
and the statistics the reports count (`desktop.db.stats`).

No Qt here. The services layer is the only normal caller; the sync engine uses
`desktop.db.sync_store` and `Store.transaction()`. The central line imports only
`desktop.db.stats` (to count plain documents as a desk counts), so nothing else is loaded
when this package is imported.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DB_FILE", "Store"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from desktop.db import store

        return getattr(store, name)
    raise AttributeError(name)
