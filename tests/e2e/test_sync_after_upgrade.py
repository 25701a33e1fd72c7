"""An app upgrade migrates a desk whose outbox still holds unsent changes: nothing is lost
or sent twice (DESIGN.md "Reliability and security bar": schema migration with a non-empty
outbox)."""

from __future__ import annotations

from sync_harness import add_contacts

from desktop.db import migrations, sync_store


def _as_if_made_by_the_previous_version(desk) -> None:
    """Undo migrations 3 (the contact_category index) and 4 (parked ops' place and kind)
    as an older app left the desk."""
    conn = desk.ws.store.conn
    conn.execute("DROP TABLE contact_category")
    conn.execute("DROP INDEX rejected_op_record")
    for column in ("seq", "device", "kind"):
        conn.execute(f"ALTER TABLE rejected_op DROP COLUMN {column}")
    conn.execute("PRAGMA user_version = 2")


def test_an_upgraded_desk_sends_the_changes_it_held_before_the_upgrade_exactly_once(
    central, desk_factory
):
    desk = desk_factory(central)
    add_contacts(desk, 40, children=True)
    held = desk.pending()
    assert held == 80

    _as_if_made_by_the_previous_version(desk)
    desk.reopen()  # the new app opens the desk: migrations 3, 4 run with 80 ops waiting

    conn = desk.ws.store.conn
    assert migrations.user_version(conn) == migrations.LATEST
    assert sync_store.pending_count(conn) == held
    # the migration rebuilt the category index from the contacts already on the desk
    indexed = conn.execute("SELECT count(DISTINCT contact_id) FROM contact_category").fetchone()
    assert indexed[0] == 40

    result = desk.sync_until_done()
    assert result.rejected == 0 and desk.pending() == 0
    assert central.counts() == {"48": {"contact": 40, "child": 40}}
    assert desk.sync().pushed == 0  # nothing left over to send twice
