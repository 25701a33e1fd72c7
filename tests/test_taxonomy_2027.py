"""Taxonomy 2027.1 (issue 12): forms of abuse as the Law on Children 2016 Art. 4 names them,
settings apart from forms, the perpetrator's relation, the missing caller relations; and
records coded with 2026.1 still read and count under today's codes."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.db.stats import monthly_counts_of_documents
from desktop.domain.paths import resources_dir
from desktop.domain.taxonomy import CATEGORIES, Taxonomy, load_taxonomy
from desktop.domain.validation import validate_contact

HISTORY = resources_dir() / "taxonomy" / "history"
OLD = Taxonomy.from_file(HISTORY / "2026.1.json")
NOW = load_taxonomy()
ALL_CATEGORY_CODES = sorted(set(OLD.codes(CATEGORIES)) | set(NOW.codes(CATEGORIES)))


def _contact(number: int, categories: list[str]) -> dict:
    return {
        "id": f"c{number}",
        "province_code": "48",
        "deleted": False,
        "received_at": "2026-10-03T07:05:00+00:00",
        "channel": "phone",
        "call_type": "counselling",
        "risk": "low",
        "child_ids": [],
        "categories": categories,
        "services": [],
    }


def _families_counted(contacts: list[dict]) -> dict[str, int]:
    counts = monthly_counts_of_documents("2026-10", contacts=contacts)
    return {code: n[0] for code, n in counts.families.items() if n[0]}


def test_every_code_of_every_shipped_version_still_reads_and_maps_to_a_current_code():
    """Class test: no record coded with an older version loses its label or its count."""
    versions = sorted(HISTORY.glob("*.json"))
    assert versions, "the shipped versions are kept in resources/taxonomy/history/"
    for path in versions:
        old = Taxonomy.from_file(path)
        for kind in old.kinds():
            for code in old.codes(kind):
                if kind == CATEGORIES and not NOW.is_category(code):
                    retired = NOW.retired(code)
                    assert retired is not None, f"{path.name}: {code} dropped without a mapping"
                    assert NOW.is_category(retired.maps_to), code
                    assert set(retired.settings) <= set(NOW.codes("settings")), code
                    assert NOW.category_label(code) != code  # it reads
                elif kind != CATEGORIES:
                    assert NOW.has(kind, code), f"{path.name}: {kind}.{code} dropped"


def test_porn_counts_once_under_sexual_abuse_and_reads_as_the_law_says():
    """Law on Children 2016 Art. 4.7 ('trình diễn hoặc sản xuất sản phẩm khiêu dâm') and
    Art. 4.8 (use of a child for pornography is sexual abuse): one act, one code, counted
    once. Before 2027.1 a contact coded with both counted under two forms of abuse."""
    both = _contact(1, ["exploitation.pornography", "sexual_abuse.pornography"])
    assert _families_counted([both]) == {"sexual_abuse": 1}
    old_label = NOW.category_label("exploitation.pornography")
    assert "trình diễn hoặc sản xuất" in old_label.lower() and "kinh doanh" not in old_label
    assert not NOW.is_category("exploitation.pornography")


def test_settings_are_flags_not_forms_of_abuse():
    """'Domestic', 'online' and 'cross-border' say where, not what: 2026.1 codes for them
    come in as the form plus a setting flag."""
    typed = {
        "received_at": "2026-10-03T14:05:00+07:00",
        "categories": ["violence.domestic", "violence.physical", "trafficking.cross_border"],
        "settings": ["online"],
        "perpetrator_relation": "stepparent",
    }
    record = validate_contact(typed, NOW)
    assert record.fields["categories"] == ["violence", "violence.physical", "trafficking"]
    assert record.fields["settings"] == ["online", "domestic", "cross_border"]
    assert record.fields["perpetrator_relation"] == "stepparent"
    assert NOW.label("perpetrator_relations", "stepparent") == "Cha dượng, mẹ kế"


def test_the_missing_relations_and_the_commune_committee_are_in_the_list():
    relations = NOW.codes("caller_relations")
    for code in ("guardian", "carer", "stepparent", "collaborator"):
        assert code in relations
    assert NOW.label("caller_relations", "guardian") == "Người giám hộ"
    assert NOW.label("referral_agencies", "commune_committee") == "Ủy ban nhân dân cấp xã"
    assert not set(NOW.codes("settings")) & {c.split(".")[-1] for c in NOW.codes(CATEGORIES)}


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(
        st.lists(st.sampled_from(ALL_CATEGORY_CODES), min_size=1, max_size=4, unique=True),
        min_size=1,
        max_size=5,
    )
)
def test_any_mix_of_old_and_new_codes_counts_each_contact_once_per_current_family(coded):
    """Property: whatever mix of 2026.1 and 2027.1 codes contacts carry, the monthly report
    counts each contact once under each family its codes map to today, and never under
    a family only a retired code named."""
    contacts = [_contact(i, codes) for i, codes in enumerate(coded)]
    expected: dict[str, int] = {}
    for codes in coded:
        current, _ = NOW.map_forward(codes)
        for family in {NOW.family_of(code) for code in current}:
            expected[family] = expected.get(family, 0) + 1
    assert _families_counted(contacts) == expected


def test_the_bundled_file_is_the_newest_version_and_names_why_each_code_went():
    data = json.loads((resources_dir() / "taxonomy" / "taxonomy.json").read_text("utf-8"))
    assert data["version"] == NOW.version == "2027.1"
    for row in data["retired"][CATEGORIES]:
        assert row["why"] and row["since"] == "2027.1"


def test_the_monthly_report_counts_settings_including_old_codes_and_perpetrators():
    """Taxonomy 2027.1 in the monthly figures: a 2026.1 'violence.domestic' contact and a
    2027.1 contact flagged 'domestic' both count under the setting (before, no report
    counted settings or perpetrators at all)."""
    old = _contact(1, ["violence.domestic"])
    new = {**_contact(2, ["violence.physical"]), "settings": ["domestic", "online"]}
    new["perpetrator_relation"] = "stepparent"
    counts = monthly_counts_of_documents("2026-10", contacts=[old, new])
    assert {k: v[0] for k, v in counts.settings.items()} == {"domestic": 2, "online": 1}
    assert counts.perpetrator["stepparent"][0] == 1
    assert counts.perpetrator[""][0] == 1  # not recorded
