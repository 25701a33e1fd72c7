"""A desk another Caseline process is writing (seed-demo's long batches, the app) is not
called damaged: an up-to-date desk opens and reads beside the writer; a desk that must
first be upgraded says it is in use, with its data intact."""

from __future__ import annotations

import pytest

from desktop.db import connection, migrations
from desktop.db.store import DB_FILE, Store
from desktop.errors import StoreError
from desktop.services import Workspace

PW = "manager-pass-1"


@pytest.fixture
def desk(tmp_path):
    data = tmp_path / "desk"
    Workspace.init(
        data, centre="Trung tâm CTXH", province_code="48",
        admin_username="admin", admin_password="admin-pass-1",
    )  # fmt: skip
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        ws.add_user("hoa", "manager", PW)
    return data


def test_a_desk_opens_and_reads_while_another_process_holds_a_write(desk, monkeypatch):
    """Regression: every open took the write lock once per migration, so opening while
    seed-demo wrote waited 5 s and said the file was damaged ('restore from a backup')."""
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)  # not 5 s in a test
    writer = Workspace.open(desk, "hoa", PW)
    try:
        key = writer._data_key
        writer.conn.execute("BEGIN IMMEDIATE")
        reader = Store.open(desk / DB_FILE, key)
        try:
            assert migrations.user_version(reader.conn) == migrations.LATEST
            assert reader.conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 0
        finally:
            reader.close()
        monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)  # not 5 s in a test
        monkeypatch.setattr(
            migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (99, lambda c: None)]
        )
        with pytest.raises(StoreError) as refused:
            Store.open(desk / DB_FILE, key)
        assert "another Caseline process" in refused.value.message_en
        assert "damaged" not in refused.value.message_en
    finally:
        writer.conn.execute("ROLLBACK")
        writer.close()
