"""A desk never gives a number it already holds (issue 10, finding 8): whatever state its
sequence is in (an older backup restored, records pulled back), the next numbers are new."""

from __future__ import annotations

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
