"""The SQLCipher store: keys, connection, migrations, repositories, search, audit, outbox.

No Qt here. The services layer is the only normal caller; the sync engine uses
`desktop.db.sync_store` and `Store.transaction()`.
"""

from __future__ import annotations

from desktop.db.store import DB_FILE, Store

__all__ = ["DB_FILE", "Store"]
