"""One of each (issue 18): one taxonomy-label helper behind every surface, one declared
settings registry, and the case-list scope taken from the permission rules (no sentinel
user)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain import permissions
from desktop.domain.settings import AUTO_LOCK_MINUTES, LANGUAGE, SETTINGS, SYNC_INTERVAL_S
from desktop.domain.taxonomy import code_label, load_taxonomy
from desktop.domain.text import nfc
from desktop.errors import ValidationError, set_language
from desktop.services import Preferences, Workspace

TAXONOMY = load_taxonomy()
KIND_CODES = [(kind, code) for kind in TAXONOMY.kinds() for code in TAXONOMY.codes(kind)]
CODES = st.one_of(
    st.sampled_from(KIND_CODES),
    st.tuples(st.sampled_from(TAXONOMY.kinds()), st.text(min_size=1, max_size=12)),
)


@settings(max_examples=60, deadline=None)
@given(CODES, st.sampled_from(["vi", "en"]))
def test_every_surface_labels_a_code_with_the_one_helper(qapp, kind_code, lang):
    from desktop.cli import output
    from desktop.reports import labels
    from desktop.ui import fmt, i18n

    kind, code = kind_code
    expected = code_label(kind, code, lang)
    assert expected  # a code always shows (an unknown one as itself)
    i18n.language().set(lang)
    set_language(lang)
    try:
        assert fmt.label(kind, code) == expected
        assert output.label(kind, code) == expected
    finally:
        i18n.language().set("vi")
        set_language("vi")
    assert labels.label(kind, code) == nfc(code_label(kind, code, "vi"))  # prints are NFC
    if kind == "categories":
        assert fmt.category_label(code) == code_label(kind, code, "vi")


def test_a_subcategory_reads_family_then_subcategory_and_no_code_reads_as_none():
    assert code_label("categories", "violence.physical", "vi").startswith("Bạo lực › ")
    assert code_label("channels", None) == "" and code_label("channels", "") == ""
    assert code_label("channels", "carrier_pigeon") == "carrier_pigeon"


@pytest.fixture
def admin(tmp_path):
    Workspace.init(
        tmp_path, centre="Trung tâm", province_code="48", admin_username="admin",
        admin_password="admin-pass-1",
    )  # fmt: skip
    with Workspace.open(tmp_path, "admin", "admin-pass-1") as ws:
        yield ws


def test_a_new_desk_has_the_declared_defaults_as_their_types(admin):
    assert admin.preferences() == Preferences(10.0, 300, "")
    for setting in SETTINGS.values():
        assert admin.get_setting(setting.key) == setting.default
    assert admin.get_setting("auto_lock_minutes", 7) == 7  # the caller's default wins


def test_an_auto_lock_of_zero_minutes_is_refused_and_nothing_changes(admin):
    with pytest.raises(ValidationError) as caught:
        admin.set_setting("auto_lock_minutes", 0)
    assert "auto_lock_minutes" in caught.value.field_errors
    with pytest.raises(ValidationError):
        admin.save_preferences(Preferences(5.0, 300, "fr"))
    assert admin.preferences() == Preferences(10.0, 300, "")


VALUES = st.one_of(
    st.integers(-10, 100_000),
    st.floats(-10, 100_000, allow_nan=False),
    st.sampled_from(["", "vi", "en", "fr", "10"]),
    st.none(),
    st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([AUTO_LOCK_MINUTES, SYNC_INTERVAL_S, LANGUAGE]), VALUES)
def test_a_setting_is_stored_exactly_when_its_declaration_accepts_it(
    tmp_path_factory, setting, value
):
    data = tmp_path_factory.mktemp("desk")
    Workspace.init(
        data, centre="T", province_code="48", admin_username="admin",
        admin_password="admin-pass-1",
    )  # fmt: skip
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        if setting.accepts(value):
            ws.set_setting(setting.key, value)
            assert ws.get_setting(setting.key) == value
            assert isinstance(ws.get_setting(setting.key), setting.kind)
        else:
            with pytest.raises(ValidationError):
                ws.set_setting(setting.key, value)
            assert ws.get_setting(setting.key) == setting.default
        # A value that got into the store some other way (an older desk) reads as the default.
        ws.store.set_setting(setting.key, value)
        read = ws.get_setting(setting.key)
        assert setting.accepts(read)


NAMES = st.sampled_from(["lan", "hung", "mai", ""])


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([*permissions.ROLES, "guest"]), NAMES, st.one_of(st.none(), NAMES))
def test_the_case_list_scope_agrees_with_who_may_read_a_case(role, username, assigned_to):
    scope = permissions.readable_cases(role)
    may = permissions.can(role, "case.read", username=username, assigned_to=assigned_to)
    expected = (
        scope == permissions.ALL_CASES
        or (scope in (permissions.OWN_CASES, permissions.OWN_AND_UNASSIGNED)
            and bool(username) and assigned_to == username)
        or (scope == permissions.OWN_AND_UNASSIGNED and not assigned_to)
    )  # fmt: skip
    assert may == expected
