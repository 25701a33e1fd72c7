"""The value contract on the desk (issue 10 "One contract for values on both sides",
finding 4): a value central could not store is refused when the desk saves, with one clear
Vietnamese/English message naming the field and the limit, and nothing is saved — so a
contact the desk showed as saved always reaches central, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.db import sync_store
from desktop.domain import values
from desktop.errors import ValidationError
from desktop.services import Workspace
from desktop.sync import protocol as p

PW = "mật-khẩu-đủ-dài"


@pytest.fixture
def ws(tmp_path):
    data = tmp_path / "desk"
    Workspace.init(
        data, centre="Trung tâm CTXH", province_code="48", admin_username="admin", admin_password=PW
    )
    with Workspace.open(data, "admin", PW) as admin:
        admin.add_user("mai", "manager", PW, "Trần Thị Mai")
    workspace = Workspace.open(data, "mai", PW)
    yield workspace
    workspace.close()


def contact(**extra) -> dict:
    data = {
        "received_at": "2026-10-03T14:05:00+07:00",
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
        "categories": ["violence.physical"],
        "risk": "high",
        "summary": "Mẹ gọi về việc con bị đánh ở trường.",
        "children": [
            {"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014, "province_code": "48"}
        ],
    }
    data.update(extra)
    return data


def nothing_saved(ws) -> bool:
    conn = ws.store.conn
    counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("contact", "child")]
    return counts == [0, 0] and sync_store.pending_count(conn) == 0


def refused(ws, data: dict) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        ws.record_contact(data)
    assert nothing_saved(ws)
    return caught.value


def test_a_nul_inside_a_name_is_refused_on_save_naming_the_field(ws):
    child = {**contact()["children"][0], "full_name": "Đặng Thị\x00Hoà"}
    error = refused(ws, contact(children=[child]))

    assert "child.full_name" in error.field_errors
    assert "U+0000" in error.message_en and "not allowed" in error.message_en
    assert "child.full_name" in error.message_vi and "không được phép" in error.message_vi
    assert "Hoà" not in str(error)  # the message never repeats what was typed


def test_a_lone_surrogate_is_refused_on_save(ws):
    error = refused(ws, contact(summary="Mẹ gọi \ud800 báo"))
    assert error.field_errors["contact.summary"][1] == (
        "holds a character that is not allowed (U+D800)"
    )


def test_an_over_long_field_is_refused_on_save_naming_the_limit(ws):
    caller = {**contact()["caller"], "name": "Lê Thị Hạnh " * 20}  # 240 characters
    error = refused(ws, contact(caller=caller))
    assert error.field_errors["contact.caller_name"] == (
        "quá dài: tối đa 200 ký tự",
        "too long: at most 200 characters",
    )


def test_a_40_mb_summary_is_refused_on_save_not_left_to_block_the_outbox(ws):
    error = refused(ws, contact(summary="x" * 40_000_000))
    assert "at most 50000 characters" in error.field_errors["contact.summary"][1]


def test_an_edit_breaking_the_contract_changes_nothing(ws):
    saved = ws.record_contact(contact())
    before = ws.get_contact(saved.id)
    pending = sync_store.pending_count(ws.store.conn)

    with pytest.raises(ValidationError) as caught:
        ws.update_contact(saved.id, {"summary": "a\x00b"})

    assert "contact.summary" in caught.value.field_errors
    assert ws.get_contact(saved.id)["summary"] == before["summary"]
    assert sync_store.pending_count(ws.store.conn) == pending


bad_or_good = st.text(max_size=12) | st.text(
    alphabet=st.sampled_from(["a", "ệ", " ", "\n", "\t", "\x00", "\x1b", "\ud800", "\ufffe"]),
    max_size=6,
)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(summary=bad_or_good, name=bad_or_good, school=bad_or_good)
def test_whatever_is_typed_either_is_refused_or_saved_as_central_will_store_it(
    ws, summary, name, school
):
    child = {**contact()["children"][0], "full_name": name or "Hoà", "school": school}
    conn = ws.store.conn
    before = sync_store.pending_count(conn)
    try:
        ws.record_contact(contact(summary=summary, children=[child]))
    except ValidationError as error:
        assert error.message_vi and error.message_en
        assert sync_store.pending_count(conn) == before
        return
    ops = sync_store.pending_ops(conn, 1000)[before:]
    assert ops
    for op in ops:  # exactly what a push will carry: central's contract accepts it
        wire = json.loads(json.dumps(op, ensure_ascii=False))
        assert p.check_op_fields(wire["entity"], wire["fields"]) == ""
        assert values.record_problems(wire["entity"], wire["fields"]) == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | bad_or_good,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(bad_or_good, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, database=None)
@given(data=st.data(), entity=st.sampled_from(sorted(p.SYNCED_ENTITIES)))
def test_the_contract_never_raises_and_what_it_accepts_can_be_written_anywhere(data, entity):
    names = sorted(p.allowed_fields(entity)) + ["nope", "\ud800"]
    fields = data.draw(st.dictionaries(st.sampled_from(names), json_values, max_size=6))

    problems = values.record_problems(entity, fields)
    storable = values.record_problems(entity, fields, limits=False)

    assert all(x.field and x.message_vi and x.message_en for x in problems + storable)
    assert all(x.field.isascii() for x in problems + storable)  # safe in a reason or a log
    if not problems:
        assert not storable  # the storable part is a part of the whole contract
        json.dumps(fields, ensure_ascii=False, allow_nan=False).encode("utf-8")
