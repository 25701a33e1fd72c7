"""Fields that belong to a step are changed only by that step (issue 11).

The sweep: every field of every record type that has a generic edit path, through each
such path (`update_contact`, `caseline contact update` in-process, `update_child`, the
`data` of `move_case`, `resolve_conflict`), as each role. The oracle is written out here
(the spec), not read from the code: a role without the path's permission is refused; a
field outside the path's editable set is refused with a `CaselineError`; in both cases
the stored row is byte-for-byte unchanged. An editable field as a permitted role changes.

The named regression: an intake worker detaches another worker's case from its contact
with `caseline contact update NUMBER --json -` and `{"case_id": ""}`, then opens a second,
unassigned case for the same child and reads it.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sec_support import (
    ADMIN,
    CASEWORKER,
    INTAKE,
    MANAGER,
    PASSWORDS,
    contact_data,
    new_desk,
    open_as,
)

from desktop.db import repository
from desktop.domain.records import CASE, CHILD, CONFLICT, CONTACT, Case, Child, Contact
from desktop.errors import CaselineError, PermissionDenied, StepOwnedField, ValidationError

ROLES = (INTAKE, CASEWORKER, MANAGER, ADMIN)
CONTACT_EDITORS = {INTAKE, CASEWORKER, MANAGER}  # contact.update

# The spec: what a contact edit may change, with a valid new value for each.
CONTACT_EDITABLE: dict[str, Any] = {
    "received_at": "2026-10-04T09:30:00+07:00",
    "duration_s": 321,
    "channel": "letter",
    "call_type": "information",
    "caller_relation": "father",
    "caller_name": "Phạm Văn Tâm",
    "caller_phone": "0912000111",
    "caller_age_band": "25_59",
    "caller_sex": "M",
    "caller_location": "Hải Châu",
    "caller_anonymous": True,
    "categories": ["violence.emotional"],
    "services": ["information"],
    "risk": "low",
    "summary": "Đã gọi lại.",
    "follow_up": True,
    "consent": {"child": True, "representative": True},
}
CHILD_EDITABLE: dict[str, Any] = {
    "full_name": "Đặng Thu Hoài",
    "family_name": "Lý",
    "middle_name": "Thu",
    "given_name": "Hà",
    "sex": "M",
    "birth_date": "2013-05-02",
    "birth_year": 2013,
    "birth_estimated": True,
    "ethnicity": "tay",
    "address_text": "12 Lê Lợi",
    "home_province_code": "01",
    "home_commune_code": "00070",
    "special_groups": ["a"],
    "disability": "khiếm thính",
    "school": "THCS Lê Lợi",
}
# A `move_case` from "received" may set these (besides status and the meta fields).
# urgent brings its 12-hour emergency deadline with it (Decree 56 Art. 26.3, issue 12).
MOVE_SETS = {"status", "risk", "urgent", "emergency_due"}
MOVE_DATA: dict[str, Any] = {"risk": "urgent", "urgent": True}


def _other_value(entity: str, name: str, current: Any) -> Any:
    """A value for a field that is not editable: of the right kind, unlike the current."""
    if name == "case_id":
        return ""  # the attack: detach the case
    if isinstance(current, bool):
        return not current
    if isinstance(current, int):
        return current + 7
    if isinstance(current, list):
        return ["0190aaaa-0000-7000-8000-00000000dead"]
    if isinstance(current, dict):
        return {"x": 1}
    return "0190aaaa-0000-7000-8000-00000000beef" if name.endswith("id") else "khác"


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("step-fields") / "desk"
    new_desk(folder)
    return folder


@pytest.fixture(scope="module")
def wss(desk):
    """One open workspace per role for the whole sweep (each its own connection)."""
    opened = {role: open_as(desk, role) for role in ROLES}
    yield opened
    for ws in opened.values():
        ws.close()


def _row(ws, entity: str, record_id: str) -> tuple:
    table = repository.table(entity)
    return tuple(ws.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone())


def _fresh_contact_with_case(wss) -> tuple[str, str, str]:
    """(contact id, contact number, case id): a case assigned to the case worker."""
    saved = wss[INTAKE].record_contact(contact_data())
    case = wss[MANAGER].open_case(saved.id, assigned_to=CASEWORKER)
    return saved.id, saved.number, case.id


def _cli_update(desk: Path, user: str, number: str, changes: dict[str, Any], monkeypatch) -> int:
    """`caseline contact update NUMBER --json -`, in this process (the real command code)."""
    from desktop.cli import main

    monkeypatch.setenv("CASELINE_USER", user)
    monkeypatch.setenv("CASELINE_PASSWORD", PASSWORDS[user])
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(changes, ensure_ascii=False)))
    return main(["--data-dir", str(desk), "contact", "update", number, "--json", "-"])


def _all_fields(record_type: type) -> list[str]:
    return [f.name for f in fields(record_type)]


# ------------------------------------------------------------------------ contact paths


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["service", "cli"])
@pytest.mark.parametrize("name", [*_all_fields(Contact), "children"])
def test_a_contact_edit_changes_only_editable_fields(
    desk, wss, role, path, name, monkeypatch, capsys
):
    contact_id, number, case_id = _fresh_contact_with_case(wss)
    manager = wss[MANAGER]
    before = manager.get_contact(contact_id)
    row_before = _row(manager, CONTACT, contact_id)
    case_before = _row(manager, CASE, case_id)
    editable = name in CONTACT_EDITABLE
    value = CONTACT_EDITABLE[name] if editable else _other_value(CONTACT, name, before.get(name))
    if name == "children":
        value = [{"full_name": "Trẻ Mới", "sex": "M", "birth_year": 2015}]
    allowed = editable and role in CONTACT_EDITORS

    refused: BaseException | None = None
    if path == "service":
        try:
            wss[role].update_contact(number, {name: value})
        except CaselineError as exc:
            refused = exc
    else:
        code = _cli_update(desk, role, number, {name: value}, monkeypatch)
        err = capsys.readouterr().err
        assert "Traceback" not in err
        if code != 0:
            assert len([x for x in err.splitlines() if x.strip()]) == 1, err
            refused = CaselineError(err, err)

    after = manager.get_contact(contact_id)
    row_after = _row(manager, CONTACT, contact_id)
    assert _row(manager, CASE, case_id) == case_before  # the case is never touched
    if allowed:
        assert refused is None, (name, role, refused)
        assert after[name] != before[name], (name, role)
    else:
        assert refused is not None, (name, role, "was accepted")
        assert row_after == row_before, (name, role)
        if path == "service" and role in CONTACT_EDITORS and name in ("case_id", "child_ids"):
            assert isinstance(refused, StepOwnedField)
        if path == "service" and role not in CONTACT_EDITORS:
            assert isinstance(refused, PermissionDenied)


# ------------------------------------------------------------------------ child path


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", _all_fields(Child))
def test_a_child_edit_changes_only_editable_fields(wss, role, name):
    contact_id, _number, _case = _fresh_contact_with_case(wss)
    manager = wss[MANAGER]
    child_id = manager.get_contact(contact_id)["child_ids"][0]
    before = manager.get_child(child_id).child.to_dict()
    row_before = _row(manager, CHILD, child_id)
    editable = name in CHILD_EDITABLE
    value = CHILD_EDITABLE[name] if editable else _other_value(CHILD, name, before.get(name))
    refused = None
    try:
        wss[role].update_child(child_id, {name: value})
    except CaselineError as exc:
        refused = exc
    after = manager.get_child(child_id).child.to_dict()
    row_after = _row(manager, CHILD, child_id)
    if editable and role in CONTACT_EDITORS:
        assert refused is None, (name, role, refused)
        assert after[name] != before[name], (name, role)
    else:
        assert refused is not None, (name, role, "was accepted")
        assert row_after == row_before


# ------------------------------------------------------------------------ case: a step's data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", _all_fields(Case))
def test_a_case_step_sets_only_its_own_fields(wss, role, name):
    """`move_case` received → initial_assessment with {name: value} in its data: the move
    sets status (and risk/urgent when given); every other field stays as it was, or the
    data is refused (a value the step checks, such as a closure reason) and nothing moves."""
    _contact, _number, case_id = _fresh_contact_with_case(wss)
    manager = wss[MANAGER]
    row_before = manager.get_case(case_id).case.to_dict()
    raw_before = _row(manager, CASE, case_id)
    value = MOVE_DATA.get(name, _other_value(CASE, name, row_before.get(name)))
    refused = None
    try:
        wss[role].move_case(case_id, "initial_assessment", {name: value})
    except CaselineError as exc:
        refused = exc
    after = manager.get_case(case_id).case.to_dict()
    raw_after = _row(manager, CASE, case_id)
    if role in (CASEWORKER, MANAGER) and isinstance(refused, ValidationError):
        assert raw_after == raw_before
    elif role in (CASEWORKER, MANAGER):  # the assignee and managers move it
        assert refused is None, (name, role, refused)
        changed = {
            k
            for k in _all_fields(Case)
            if after[k] != row_before[k] and k not in ("rev", "updated_at", "updated_by")
        }
        assert changed <= MOVE_SETS, (name, changed)
        assert after["status"] == "initial_assessment"
    else:
        assert isinstance(refused, PermissionDenied), (name, role, refused)
        assert raw_after == raw_before


# ------------------------------------------------------------------------ conflicts


def _conflict(ws, entity: str, record_id: str, name: str, kept: Any, other: Any) -> str:
    with ws.store.transaction() as conn:
        made = repository.create(
            conn,
            ws.actor,
            CONFLICT,
            {
                "record_entity": entity,
                "record_id": record_id,
                "field_name": name,
                "kept_value": kept,
                "other_value": other,
                "kept_by": MANAGER,
                "other_by": "tu",
            },
        )
    return str(made["id"])


@pytest.mark.parametrize("role", ROLES)
def test_resolving_a_conflict_takes_one_of_its_two_values_and_its_steps_permission(desk, wss, role):
    contact_id, _number, case_id = _fresh_contact_with_case(wss)
    with open_as(desk, MANAGER) as ws:
        on_risk = _conflict(ws, CONTACT, contact_id, "risk", "high", "medium")
        on_case = _conflict(ws, CONTACT, contact_id, "case_id", case_id, case_id)
        on_assignee = _conflict(ws, CASE, case_id, "assigned_to", CASEWORKER, INTAKE)
        before = (_row(ws, CONTACT, contact_id), _row(ws, CASE, case_id))

    def attempt(conflict_id: str, value: Any) -> BaseException | None:
        with open_as(desk, role) as ws:
            try:
                ws.resolve_conflict(conflict_id, value)
            except CaselineError as exc:
                return exc
        return None

    # A value that is neither side of the conflict is refused for everyone.
    assert attempt(on_case, "") is not None
    assert attempt(on_risk, "urgent") is not None
    with open_as(desk, MANAGER) as ws:
        assert (_row(ws, CONTACT, contact_id), _row(ws, CASE, case_id)) == before
    # Assignment is the manager's step, also when it comes as a conflict.
    refused = attempt(on_assignee, INTAKE)
    if role == MANAGER:
        assert refused is None
    else:
        assert isinstance(refused, PermissionDenied), (role, refused)
        with open_as(desk, MANAGER) as ws:
            assert ws.get_case(case_id).case.assigned_to == CASEWORKER


# ------------------------------------------------------------------------ named regressions


def test_intake_cannot_detach_another_workers_case_with_contact_update(desk, wss):
    """issue 11: `contact update NUMBER` with {"case_id": ""} as intake, through the real
    console script, then a second unassigned case for the same child to read."""
    from test_cli_support import caseline, fails_with_one_line

    contact_id, number, case_id = _fresh_contact_with_case(wss)
    with open_as(desk, MANAGER) as ws:
        before = _row(ws, CONTACT, contact_id)
    env = {"CASELINE_PASSWORD": PASSWORDS[INTAKE]}
    run = caseline(
        desk, "--lang", "en", "contact", "update", number, "--json", "-",
        user=INTAKE, stdin='{"case_id": ""}', env=env,
    )  # fmt: skip
    line = fails_with_one_line(run)
    assert "case_id" in line and "opening a case" in line, line
    run = caseline(
        desk, "contact", "update", number, "--json", "-",
        user=INTAKE, stdin='{"case_id": "0190aaaa-0000-7000-8000-00000000beef"}', env=env,
    )  # fmt: skip
    fails_with_one_line(run)
    with open_as(desk, INTAKE) as ws:
        assert ws.open_case(contact_id).id == case_id  # the same case, not a second one
        with pytest.raises(PermissionDenied):
            ws.get_case(case_id)
    with open_as(desk, MANAGER) as ws:
        assert _row(ws, CONTACT, contact_id) == before


def test_a_new_contact_cannot_point_at_a_case_or_take_a_number(desk):
    with open_as(desk, INTAKE) as ws:
        for extra in (
            {"case_id": "0190aaaa-0000-7000-8000-00000000beef"},
            {"number": "48-2026-XYZ-000001"},
            {"child_ids": ["0190aaaa-0000-7000-8000-00000000dead"]},
            {"worker": MANAGER},
        ):
            with pytest.raises(StepOwnedField):
                ws.record_contact({**contact_data(), **extra})
        bad_child = {**contact_data(), "children": [{"id": "0190aaaa-0000-7000-8000-0000000dead0"}]}
        with pytest.raises(CaselineError):
            ws.record_contact(bad_child)


def test_a_child_is_added_to_a_contact_by_its_own_call_and_never_removed(desk, wss):
    contact_id, _number, _case_id = _fresh_contact_with_case(wss)
    with open_as(desk, INTAKE) as ws:
        first = ws.get_contact(contact_id)["child_ids"]
        ws.add_children(contact_id, [{"full_name": "Đặng Văn Tí", "sex": "M", "birth_year": 2016}])
        ws.add_children(contact_id, [{"id": first[0]}])  # already there: nothing changes
        now = ws.get_contact(contact_id)["child_ids"]
    assert now[0] == first[0] and len(now) == 2
    with open_as(desk, ADMIN) as ws, pytest.raises(PermissionDenied):
        ws.add_children(contact_id, [{"id": first[0]}])


# ------------------------------------------------------------------------ the class, by property

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.text(max_size=12),
    st.sampled_from(["", "0190aaaa-0000-7000-8000-00000000beef", "urgent", "letter"]),
)  # fmt: skip
_VALUES = st.one_of(
    _SCALARS,
    st.lists(_SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=5), _SCALARS, max_size=2),
)
_NAMES = st.sampled_from([*_all_fields(Contact), "children", "caller", "base_rev", "x"])


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    changes=st.dictionaries(_NAMES, _VALUES, min_size=1, max_size=4), role=st.sampled_from(ROLES)
)
def test_any_contact_edit_leaves_step_owned_fields_and_the_case_alone(wss, changes, role):
    """Whatever a contact edit carries, as any role: refused with a CaselineError and the
    rows unchanged, or applied with every step-owned field (and the case) unchanged."""
    contact_id, number, case_id = _fresh_contact_with_case(wss)
    manager = wss[MANAGER]
    before = manager.get_contact(contact_id)
    row_before = _row(manager, CONTACT, contact_id)
    case_before = _row(manager, CASE, case_id)
    try:
        wss[role].update_contact(number, changes)
        refused = False
    except CaselineError:
        refused = True
    after = manager.get_contact(contact_id)
    assert _row(manager, CASE, case_id) == case_before
    if refused:
        assert _row(manager, CONTACT, contact_id) == row_before
    else:
        for name in ("number", "worker", "taxonomy_version", "case_id", "child_ids"):
            assert after[name] == before[name], (name, changes)
