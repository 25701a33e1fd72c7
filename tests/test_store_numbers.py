"""A desk never gives a number it already holds (issue 10, finding 8): whatever state its
sequence is in (an older backup restored, records pulled back), the next numbers are new."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.db import repository
from desktop.services import Workspace

PW = "admin-pass-1"


def _desk(folder):
    Workspace.init(
        folder,
        centre="Trung tâm CTXH",
        province_code="48",
        admin_username="admin",
        admin_password=PW,
    )
    return Workspace.open(folder, "admin", PW)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    held=st.sets(st.integers(1, 120), min_size=1, max_size=12),
    seq_back_to=st.integers(0, 130),
    more=st.integers(1, 6),
)
def test_the_next_numbers_are_never_ones_the_desk_holds(tmp_path_factory, held, seq_back_to, more):
    ws = _desk(tmp_path_factory.mktemp("desk"))
    try:
        prefix = f"48-{ws.device_code}-2026-"
        with ws.store.transaction() as conn:
            for i, seq in enumerate(sorted(held)):  # records of this device, contacts and cases
                table = repository.table("contact" if i % 2 else "case")
                conn.execute(
                    f"INSERT INTO {table} (id, number, province_code) VALUES (?, ?, '48')",
                    (f"r{i}", f"{prefix}{seq:05d}"),
                )
            conn.execute(
                "INSERT OR REPLACE INTO number_seq (year, last) VALUES (2026, ?)", (seq_back_to,)
            )
            given_out = [
                repository.next_number(conn, "48", ws.device_code, 2026) for _ in range(more)
            ]
        assert len(set(given_out)) == more
        assert not {f"{prefix}{s:05d}" for s in held} & set(given_out)
    finally:
        ws.close()


def test_a_pulled_record_of_this_device_moves_the_sequence_past_it(tmp_path):
    from desktop.db import sync_store

    ws = _desk(tmp_path / "desk")
    try:
        with ws.store.transaction() as conn:
            repository.note_number(conn, ws.device_code, f"48-{ws.device_code}-2026-00041")
            repository.note_number(conn, ws.device_code, "48-ZZZ-2026-00090")  # another desk
            repository.note_number(conn, ws.device_code, "not a number")
            assert sync_store.get_setting(conn, sync_store.DEVICE_CODE) == ws.device_code
            nxt = repository.next_number(conn, "48", ws.device_code, 2026)
        assert nxt == f"48-{ws.device_code}-2026-00042"
    finally:
        ws.close()


@st.composite
def _restores(draw):
    """Desk lives: numbers given, backups taken, restores from any earlier backup over a
    desk that still opens; the last restore may be over a lost desk (its floor read from
    the backup only), from a backup taken since the previous restore."""
    steps = draw(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 99)), max_size=5))
    lost_last = draw(st.booleans())
    return steps, lost_last, draw(st.integers(1, 25))


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(plan=_restores())
def test_no_restore_makes_the_desk_give_a_number_twice(one_desk, plan):
    """Any chain of restores from older backups, numbers given between them, no sync: every
    number given is new (docs/dev-contracts.md, "one record, one number")."""
    steps, lost_last, after = plan
    ws = one_desk
    conn = ws.store.conn

    def state():
        return (
            conn.execute("SELECT year, last FROM number_seq").fetchall(),
            conn.execute(
                "SELECT value FROM setting WHERE key = ?", (repository.RESTORED_NUMBERS,)
            ).fetchall(),
        )

    def put(snapshot):
        rows, mark = snapshot
        conn.execute("DELETE FROM number_seq")
        conn.executemany("INSERT INTO number_seq (year, last) VALUES (?, ?)", rows)
        conn.execute("DELETE FROM setting WHERE key = ?", (repository.RESTORED_NUMBERS,))
        for (value,) in mark:
            conn.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?)",
                (repository.RESTORED_NUMBERS, value),
            )

    def give(n):
        return [repository.next_number(conn, "48", ws.device_code, 2026) for _ in range(n)]

    try:
        with ws.store.transaction():  # each example's changes are rolled back
            given_out = give(3)
            backups = [state()]
            since_restore = 0
            for issued, pick in steps:
                given_out += give(issued)
                backups.append(state())
                live = repository.number_sequences(conn)
                put(backups[pick % len(backups)])
                repository.start_block_after_restore(conn, datetime.now(UTC), live)
                since_restore = len(backups)
                given_out += give(2)
            if lost_last:
                given_out += give(4)
                backups.append(state())
                put(backups[max(since_restore, len(backups) - 2)])  # the desk's disk is gone
                repository.start_block_after_restore(conn, datetime.now(UTC))
            given_out += give(after)
            raise _Undo
    except _Undo:
        pass
    assert len(given_out) == len(set(given_out)), sorted(given_out)


class _Undo(Exception):
    pass


@pytest.fixture(scope="module")
def one_desk(tmp_path_factory):
    ws = _desk(tmp_path_factory.mktemp("desk"))
    yield ws
    ws.close()
