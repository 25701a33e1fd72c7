from __future__ import annotations

import pytest

from desktop.domain.permissions import ACTIONS, can, require
from desktop.errors import PermissionDenied

CONTENT = ["contact.create", "contact.read", "contact.update", "case.open"]
ADMINISTRATION = ["user.manage", "device.manage", "backup", "settings"]


def test_intake_records_contacts_and_opens_cases_but_never_reads_someone_elses_case():
    for action in CONTENT:
        assert can("intake", action, username="lan")
    assert can("intake", "case.read", username="lan", assigned_to=None)
    assert can("intake", "case.read", username="lan", assigned_to="lan")
    assert not can("intake", "case.read", username="lan", assigned_to="minh")
    assert not can("intake", "case.update", username="lan", assigned_to="minh")
    for action in ("case.assign", "case.approve_plan", "report.print", *ADMINISTRATION):
        assert not can("intake", action, username="lan")


def test_a_caseworker_acts_only_on_cases_assigned_to_them():
    # Closing and reopening their own case: with a manager's decision (the services ask).
    for action in ("case.read", "case.update", "case.close", "case.reopen", "referral.create"):
        assert can("caseworker", action, username="minh", assigned_to="minh")
        assert not can("caseworker", action, username="minh", assigned_to="hoa")
        assert not can("caseworker", action, username="minh", assigned_to=None)
    assert can("caseworker", "contact.read", username="minh")
    assert can("caseworker", "conflict.resolve", username="minh", assigned_to="minh")
    assert not can("caseworker", "conflict.resolve", username="minh", assigned_to="hoa")
    for action in ("case.assign", "case.approve_plan", "report.export"):
        assert not can("caseworker", action, username="minh", assigned_to="minh")
    # No username: nothing is "theirs".
    assert not can("caseworker", "case.read", assigned_to="")


def test_a_manager_acts_on_every_record_but_does_not_administer():
    for action in ACTIONS:
        expected = action not in ADMINISTRATION
        assert can("manager", action, username="thu", assigned_to="minh") is expected, action


def test_an_admin_manages_the_desk_and_never_reads_case_content():
    for action in ACTIONS:
        expected = action in ADMINISTRATION or action == "audit.read"
        assert can("admin", action, username="root", assigned_to="root") is expected, action


def test_a_refusal_names_the_action_in_both_languages_and_no_data():
    with pytest.raises(PermissionDenied) as refused:
        require("caseworker", "case.read", username="minh", assigned_to="hoa")
    assert refused.value.message_vi == "Bạn không có quyền xem hồ sơ trường hợp."
    assert refused.value.message_en == "You are not allowed to read a case."
    assert "hoa" not in refused.value.message_vi + refused.value.message_en
    require("manager", "case.assign")  # allowed: no error
    assert not can("visitor", "contact.read")
    with pytest.raises(KeyError):
        can("manager", "case.delete")
