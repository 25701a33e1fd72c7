"""The central line's API as a desk and an administrator meet it: enrolment, tokens,
versions, limits, province scope, the pull cursor and the command line."""

from __future__ import annotations

import gzip
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import select

from central.devices import hash_secret, new_enrolment_code
from central.tables import central_audit, devices
from desktop.sync import protocol as p

HEADERS = {p.PROTOCOL_HEADER: str(p.PROTOCOL_VERSION), p.APP_VERSION_HEADER: "0.1.0"}


def _enrol(central, province="48", device_code="K7Q"):
    code = central.enrolment_code(province)
    reply = requests.post(
        central.url + "/v1/devices/enroll",
        json={"code": code, "device_code": device_code, "province_code": province},
        headers=HEADERS,
        timeout=10,
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


def _auth(device):
    return {**HEADERS, "Authorization": f"Bearer {device['token']}"}


def _op(province="48", **fields):
    return {
        "op_id": str(uuid.uuid4()),
        "entity": "contact",
        "record_id": str(uuid.uuid4()),
        "base_rev": 0,
        "user": "mai",
        "fields": {"province_code": province, "summary": "Tóm tắt.", **fields},
    }


def _push(central, device, ops, **kw):
    return requests.post(
        central.url + "/v1/sync/push", json={"ops": ops}, headers=_auth(device), timeout=30, **kw
    )


def _pull(central, device, since=0, **params):
    return requests.get(
        central.url + "/v1/sync/pull",
        params={"since": since, **params},
        headers=_auth(device),
        timeout=30,
    )


def _audit_actions(central):
    with central.engine.connect() as conn:
        return [r.action for r in conn.execute(select(central_audit.c.action))]


def test_an_enrolment_code_works_once_and_the_token_is_kept_only_as_a_hash(central):
    code = central.enrolment_code("48")
    body = {"code": code.lower().replace("-", " "), "device_code": "K7Q"}
    first = requests.post(central.url + "/v1/devices/enroll", json=body, headers=HEADERS)
    again = requests.post(central.url + "/v1/devices/enroll", json=body, headers=HEADERS)

    assert first.status_code == 200 and first.json()["province_code"] == "48"
    assert again.status_code == 401 and again.json()["error"] == p.ERR_ENROL_CODE
    token = first.json()["token"]
    assert len(token) >= 43  # 256 random bits, URL-safe
    with central.engine.connect() as conn:
        [row] = conn.execute(select(devices)).all()
    assert row.token_hash == hash_secret(token) and token not in json.dumps(
        row._asdict(), default=str
    )
    assert requests.get(central.url + "/v1/devices/me", headers=_auth(first.json())).ok


def test_an_expired_enrolment_code_is_refused(central):
    code = new_enrolment_code(central.engine, "48", ttl_hours=0.0003)["code"]  # ~1 s
    time.sleep(1.3)
    reply = requests.post(
        central.url + "/v1/devices/enroll",
        json={"code": code, "device_code": "K7Q"},
        headers=HEADERS,
    )
    assert reply.status_code == 401 and "hết hạn" in reply.json()["message_vi"]


def test_a_clashing_device_code_gets_a_fresh_one_and_clashing_numbers_are_flagged(central):
    first = _enrol(central, device_code="K7Q")
    second = _enrol(central, device_code="K7Q")
    assert first["device_code"] == "K7Q" and second["device_code"] not in ("K7Q", "")

    # Both desks numbered a contact offline with the same number before enrolling.
    a = _push(central, first, [_op(number="48-K7Q-2026-00001")]).json()["results"][0]
    b = _push(central, second, [_op(number="48-K7Q-2026-00001")]).json()["results"][0]

    assert a["status"] == "applied" and b["status"] == "conflict"
    page = _pull(central, first).json()
    [flag] = [c["record"] for c in page["changes"] if c["entity"] == "conflict"]
    assert flag["field_name"] == "number" and flag["kept_value"] == "48-K7Q-2026-00001"
    numbers = [c["record"]["number"] for c in page["changes"] if c["entity"] == "contact"]
    assert numbers == ["48-K7Q-2026-00001"]  # issued numbers never change
    assert "number_clash" in _audit_actions(central)


def test_an_old_desk_is_told_to_upgrade_and_the_handshake_gives_central_time(central):
    device = _enrol(central)
    old = {**_auth(device), p.APP_VERSION_HEADER: "0.0.9"}
    no_version = {"Authorization": f"Bearer {device['token']}"}

    assert requests.get(central.url + "/v1/sync/pull", headers=old).status_code == 426
    assert requests.get(central.url + "/v1/sync/pull", headers=no_version).status_code == 426
    hello = requests.get(central.url + "/v1/handshake").json()
    assert hello["protocol_version"] == p.PROTOCOL_VERSION and hello["server_time"]
    answer = _pull(central, device)
    assert answer.headers[p.SERVER_TIME_HEADER]


def test_too_large_or_bomb_bodies_are_refused_with_413(central_factory):
    central = central_factory(max_body_bytes=50_000, max_decompressed_bytes=200_000)
    device = _enrol(central)
    big = [_op(summary="x" * 60_000)]
    bomb = gzip.compress(json.dumps({"ops": [_op(summary="a" * 1_000_000)]}).encode())
    gz = {**_auth(device), "Content-Encoding": "gzip", "Content-Type": "application/json"}

    assert _push(central, device, big).status_code == 413
    assert len(bomb) < 50_000
    bombed = requests.post(central.url + "/v1/sync/push", data=bomb, headers=gz)
    assert bombed.status_code == 413 and bombed.json()["error"] == p.ERR_TOO_LARGE
    broken = requests.post(central.url + "/v1/sync/push", data=b"\x1f\x8bnot gzip", headers=gz)
    assert broken.status_code == 400
    assert central.counts() == {}


def test_replies_are_gzipped_and_gzipped_pushes_are_accepted(central):
    device = _enrol(central)
    body = gzip.compress(json.dumps({"ops": [_op() for _ in range(50)]}).encode())
    gz = {**_auth(device), "Content-Encoding": "gzip", "Content-Type": "application/json"}

    pushed = requests.post(central.url + "/v1/sync/push", data=body, headers=gz)
    pulled = _pull(central, device, include_own="true")

    assert [r["status"] for r in pushed.json()["results"]] == ["applied"] * 50
    assert pulled.headers["Content-Encoding"] == "gzip" and len(pulled.json()["changes"]) == 50


def test_another_provinces_data_is_denied_and_audited(central):
    hue = _enrol(central, "48")
    hanoi = _enrol(central, "01")
    mine = _op("01")
    _push(central, hanoi, [mine])

    peek = _pull(central, hue, province="01")
    push_there = _push(central, hue, [_op("01")]).json()["results"][0]
    edit_there = {**mine, "op_id": str(uuid.uuid4()), "fields": {"summary": "Sửa trộm."}}
    edit = _push(central, hue, [edit_there]).json()["results"][0]

    assert peek.status_code == 403
    assert push_there["status"] == edit["status"] == "rejected"
    assert _audit_actions(central).count("cross_province_denied") == 3
    assert [c["entity"] for c in _pull(central, hue).json()["changes"]] == []
    assert central.counts() == {"01": {"contact": 1}}


def test_an_overloaded_central_answers_429_with_retry_after(central_factory):
    central = central_factory(max_concurrent=1, retry_after_s=7)
    device = _enrol(central)

    def push_a_batch(_):
        return _push(central, device, [_op(summary="x" * 2000) for _ in range(200)])

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(push_a_batch, range(8)))

    busy = [a for a in answers if a.status_code == 429]
    assert busy and all(a.headers["Retry-After"] == "7" for a in busy)
    assert {a.status_code for a in answers} <= {200, 429}
    done = sum(len(a.json()["results"]) for a in answers if a.status_code == 200)
    assert central.counts() == {"48": {"contact": done}}


def test_a_reader_never_misses_a_change_committed_late_by_a_concurrent_writer(central):
    writers = [_enrol(central) for _ in range(4)]
    reader = _enrol(central)
    written: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def write(device):
        for _ in range(15):
            ops = [_op() for _ in range(20)]
            assert _push(central, device, ops).status_code == 200
            with lock:
                written.update(op["record_id"] for op in ops)

    seen: set[str] = set()
    cursor = 0

    def read():
        nonlocal cursor
        while True:
            finished = stop.is_set()
            page = _pull(central, reader, cursor, limit=37).json()
            seen.update(c["record"]["id"] for c in page["changes"])
            assert page["next_since"] >= cursor
            cursor = page["next_since"]
            if finished and not page["has_more"]:
                return

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    reading = threading.Thread(target=read)
    reading.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reading.join(60)

    assert len(written) == 1200 and seen == written


def test_the_openapi_document_describes_push_and_pull(central):
    doc = requests.get(central.url + "/openapi.json").json()
    schemas = doc["components"]["schemas"]

    def schema_of(content):
        ref = content["application/json"]["schema"]["$ref"]
        return schemas[ref.rsplit("/", 1)[1]]

    assert {"/v1/sync/push", "/v1/sync/pull", "/v1/devices/enroll"} <= set(doc["paths"])
    push = doc["paths"]["/v1/sync/push"]["post"]
    # Taken from the protocol's pydantic models, not written by hand.
    assert schema_of(push["requestBody"]["content"]) == schemas["PushRequest"]
    assert schemas["PushRequest"]["properties"]["ops"]["maxItems"] == p.MAX_PUSH_OPS
    assert schemas["Op"]["properties"]["op_id"]["maxLength"] == 64
    assert schema_of(push["responses"]["200"]["content"]) == schemas["PushResponse"]
    assert schema_of(push["responses"]["400"]["content"]) == schemas["ErrorBody"]
    pull = doc["paths"]["/v1/sync/pull"]["get"]
    assert schema_of(pull["responses"]["200"]["content"]) == schemas["PullPage"]
    enrol = doc["paths"]["/v1/devices/enroll"]["post"]
    assert schema_of(enrol["requestBody"]["content"]) == schemas["EnrolRequest"]


@pytest.mark.parametrize("fast", [True, False])
def test_merging_one_savepoint_per_op_gives_the_same_answers(central, fast):
    from central.db import take_seq_lock, utc_now
    from central.devices import authenticate
    from central.push import PushBatch, apply_push

    device = authenticate(central.engine, f"Bearer {_enrol(central)['token']}")
    base = _op()
    ops = [base, {**_op(), "entity": "nope"}, _op("01"), base]
    ops.append({**base, "op_id": str(uuid.uuid4()), "base_rev": 1, "fields": {"risk": "high"}})
    if fast:
        results = apply_push(central.engine, device, ops).results
    else:
        with central.engine.begin() as conn:
            take_seq_lock(conn)
            results = PushBatch(conn, device, utc_now()).run(ops)

    assert [r.status for r in results] == [
        "applied",
        "rejected",
        "rejected",
        "duplicate",
        "applied",
    ]
    assert [r.rev for r in results] == [1, 0, 0, 1, 2]
    assert central.counts() == {"48": {"contact": 1}}


def test_the_central_command_line_makes_codes_lists_revokes_and_counts(central):
    made = json.loads(central.cli("enroll-code", "--province", "48", "--json"))
    assert set(made) == {"code", "expires_at"}
    reply = requests.post(
        central.url + "/v1/devices/enroll",
        json={"code": made["code"], "device_code": "ABC"},
        headers=HEADERS,
    ).json()
    _push(central, reply, [_op(), _op()])

    listed = json.loads(central.cli("devices", "--json"))
    revoked = central.cli("revoke", reply["device_id"])
    counted = json.loads(central.cli("counts", "--json"))

    assert [d["device_id"] for d in listed] == [reply["device_id"]]
    assert reply["device_id"] in revoked
    assert counted == {"48": {"contact": 2}}
    refused = _pull(central, reply)
    assert refused.status_code == 401 and refused.json()["error"] == p.ERR_REVOKED


def test_an_op_with_a_key_named_self_is_answered_not_a_server_error(central):
    """Found by the schemathesis fuzzer: an unknown key "self" in an op met the protocol
    models' positional __init__ (TypeError → 500). Unknown keys are ignored."""
    device = _enrol(central)
    op = {**_op(), "self": []}
    reply = _push(central, device, [op])
    assert reply.status_code == 200, reply.text
    assert reply.json()["results"][0]["op_id"] == op["op_id"]
