"""A broken or hostile central cannot hurt a desk: every bad reply becomes a typed
`SyncError`, and the outbox, the records and the pull cursor stay exactly as they were.
The desk talks to a real tiny server on 127.0.0.1 (plain HTTP or TLS), never a mock."""

from __future__ import annotations

import gzip
import json
import uuid
from typing import Any

import pytest
from hostile import HostileServer, Reply, self_signed_cert, tls_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sec_support import INTAKE, contact_data, new_desk, open_as

from desktop.db import sync_store
from desktop.errors import SyncError
from desktop.sync import protocol as p
from desktop.sync.client import MAX_REPLY_BYTES, SyncClient
from desktop.sync.engine import SyncEngine

SYNCED_TABLES = ("child", "contact", "case_file", "case_entry", "referral", "conflict", "outbox")


@pytest.fixture
def hostile():
    server = HostileServer()
    yield server
    server.stop()


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "desk"
    new_desk(folder)
    ws = open_as(folder, INTAKE)
    ws.record_contact(contact_data())
    yield ws
    ws.close()


def point_at(ws: Any, url: str) -> None:
    """The desk believes it is enrolled with `url`."""
    with ws.store.transaction() as conn:
        sync_store.set_setting(conn, sync_store.SERVER_URL, url)
        sync_store.set_setting(conn, sync_store.DEVICE_ID, str(uuid.uuid4()))
        sync_store.set_setting(conn, sync_store.DEVICE_TOKEN, "token-of-this-desk")


def local_state(ws: Any) -> dict[str, Any]:
    conn = ws.store.conn
    state: dict[str, Any] = {
        table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1")]
        for table in SYNCED_TABLES
    }
    state["cursor"] = sync_store.get_state(conn, "pull_cursor", 0)
    return state


def sync_fails(ws: Any) -> SyncError:
    before = local_state(ws)
    with pytest.raises(SyncError) as failed:
        SyncEngine(run_db=lambda fn: fn(ws)).sync_once()
    assert local_state(ws) == before
    error = failed.value
    assert error.kind in ("network", "protocol", "server", "auth", "tls")
    assert error.message_vi and error.message_en
    return error


def record(entity: str = "contact", rev: int = 5, province: str = "48", **extra: Any) -> dict:
    doc = p.blank_record(entity)
    doc.update(id=str(uuid.uuid4()), rev=rev, province_code=province, **extra)
    return doc


def page(*records: dict, next_since: int | None = None, **extra: Any) -> bytes:
    revs = [r["rev"] for r in records]
    body = {
        "changes": [{"entity": "contact", "record": r} for r in records],
        "next_since": max(revs or [0]) if next_since is None else next_since,
        "has_more": False,
        "scope_count": len(records),
        "scope_hash": p.scope_digest((r["id"], r["rev"]) for r in records)[1],
        "head_seq": max(revs or [0]),
        **extra,
    }
    return json.dumps(body).encode()


def deep_nesting(depth: int = 200_000) -> bytes:
    return b"[" * depth + b"]" * depth


PUSH_REPLIES = {
    "truncated JSON": Reply(200, b'{"results": [{"op_id": "'),
    "wrong types": Reply(200, b'{"results": {"op_id": 7, "status": ["applied"]}}'),
    "answers for ops never sent": Reply(
        200, b'{"results": [{"op_id": "not-mine", "status": "applied", "rev": 3}]}'
    ),
    "unknown status": Reply(200, b'{"results": [{"op_id": "x", "status": "kept", "rev": 3}]}'),
    "an HTML page with 200": Reply(
        200, b"<html><body>Wi-Fi login</body></html>", {"Content-Type": "text/html"}
    ),
    "an empty 200": Reply(200, b""),
    "a 204": Reply(204, b""),
    "a 500 with HTML": Reply(500, b"<h1>Internal Server Error</h1>", {"Content-Type": "text/html"}),
    "JSON nested 200k deep": Reply(200, deep_nesting()),
    "a body larger than the cap": Reply(200, b" " * (MAX_REPLY_BYTES + 1024), chunks=64),
    "a gzip bomb": Reply(
        200,
        gzip.compress(b"[" + b"0," * (MAX_REPLY_BYTES // 2) + b"0]", compresslevel=9),
        {"Content-Encoding": "gzip"},
    ),
}


@pytest.mark.parametrize("what", list(PUSH_REPLIES))
def test_a_hostile_push_reply_leaves_the_outbox_and_records_unchanged(desk, hostile, what):
    hostile.reply = PUSH_REPLIES[what]
    point_at(desk, hostile.url)
    assert sync_store.pending_count(desk.store.conn) > 0
    sync_fails(desk)
    assert hostile.requests == ["/v1/sync/push"]


PULL_REPLIES = {
    "records out of seq order": lambda: page(record(rev=9), record(rev=4)),
    "a cursor behind its own records": lambda: page(record(rev=9), next_since=3),
    "a record of another province": lambda: page(record(province="01")),
    "a record of an unknown kind": lambda: page(record()).replace(b'"contact"', b'"secret"', 1),
    "a record with fields no desk has": lambda: page(record(password_hash="x")),
    "a record without a rev": lambda: page(record(rev=0)),
    "a last page without the drift digest": lambda: page(record(), scope_count=None),
    "a number where the list should be": lambda: b'{"changes": 5, "next_since": 1}',
}


@pytest.mark.parametrize("what", list(PULL_REPLIES))
def test_a_hostile_pull_reply_leaves_the_records_and_cursor_unchanged(desk, hostile, what):
    with desk.store.transaction() as conn:
        conn.execute("DELETE FROM outbox")  # everything already sent: the round starts pulling
    hostile.reply = Reply(200, PULL_REPLIES[what]())
    point_at(desk, hostile.url)
    sync_fails(desk)
    assert hostile.requests[-1].startswith("/v1/sync/pull")


def test_a_redirect_to_another_host_is_not_followed(desk, hostile):
    elsewhere = HostileServer(host="127.0.0.2")
    try:
        elsewhere.reply = Reply(200, b'{"results": []}')
        hostile.reply = Reply(307, b"", {"Location": f"{elsewhere.url}/v1/sync/push"})
        point_at(desk, hostile.url)
        sync_fails(desk)
        assert elsewhere.requests == []  # the token never went to the other host
    finally:
        elsewhere.stop()


def test_tls_with_a_certificate_nobody_trusts_is_refused(desk, tmp_path):
    cert, key = self_signed_cert(tmp_path / "tls")
    server = HostileServer(tls=tls_context(cert, key))
    try:
        server.reply = Reply(200, b'{"results": []}')
        point_at(desk, server.url)
        error = sync_fails(desk)
        assert error.kind == "tls" and error.details.get("reason") == "untrusted"
        assert server.requests == []
        # Control: the same server is fine for a desk told to trust that certificate.
        client = SyncClient(server.url, "t", ca_file=str(cert))
        assert client.push([]).results == []
        # And a certificate from another authority does not do.
        other, _ = self_signed_cert(tmp_path / "other")
        with pytest.raises(SyncError):
            SyncClient(server.url, "t", ca_file=str(other)).push([])
    finally:
        server.stop()


# ---------------------------------------------------------------------------- properties

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=25,
)
near_pages = st.fixed_dictionaries(
    {
        "changes": st.lists(
            st.fixed_dictionaries(
                {
                    "entity": st.sampled_from([*p.SYNCED_ENTITIES, "x"]) | json_values,
                    "record": st.fixed_dictionaries(
                        {"id": st.text(max_size=70) | json_values, "rev": json_values}
                    )
                    | json_values,
                }
            ),
            max_size=3,
        )
        | json_values,
        "next_since": st.integers(min_value=-5, max_value=10) | json_values,
        "has_more": st.booleans() | json_values,
    },
    optional={"scope_count": json_values, "scope_hash": json_values},
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, near_pages))
def test_the_reply_readers_accept_a_valid_shape_or_raise_a_protocol_violation(value):
    for reader in (p.PullPage.from_dict, p.PushResponse.from_dict, p.ErrorBody.from_dict):
        try:
            reader(value)
        except p.ProtocolViolation:
            pass


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_mangled_pull_page_is_a_page_or_a_sync_error(hostile, data):
    good = page(record(rev=3), record(rev=4))
    cut = data.draw(st.integers(0, len(good)), label="cut")
    flip = data.draw(st.integers(0, len(good) - 1), label="flip")
    byte = data.draw(st.integers(0, 255), label="byte")
    mangled = bytearray(good)
    mangled[flip] = byte
    hostile.reply = Reply(200, bytes(mangled[:cut]) if cut % 2 else bytes(mangled))
    client = SyncClient(hostile.url, "t")
    try:
        got = client.pull(0)
    except SyncError as error:
        assert error.kind == "protocol"
    else:
        assert all(c.record["rev"] > 0 for c in got.changes)
    finally:
        client.close()
