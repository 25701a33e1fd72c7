from __future__ import annotations

import json
import unicodedata

from desktop.domain.paths import resources_dir
from desktop.domain.taxonomy import load_taxonomy

# DESIGN.md "Command-line contract": the family codes scripts rely on.
DESIGN_FAMILIES = (
    "violence sexual_abuse exploitation trafficking neglect child_marriage other_harm missing "
    "mental_health physical_health access_to_services discrimination family_relationships "
    "peer_relationships education sexuality legal information"
).split()
DESIGN_CODES = {
    "channels": "phone walk_in letter official_letter email chat radio_tv agency_referral press",
    "call_types": "counselling information emergency silent prank other",
    "risk_levels": "low medium high urgent",
    "sexes": "F M U",
    "services": "answer_question information counselling connect_services "
    "support_intervention forward_authorities psychotherapy",
    "referral_agencies": "police health education commune_committee court shelter "
    "social_work_centre ngo procuracy other",
    "referral_statuses": "sent accepted rejected done",
    "roles": "intake caseworker manager admin",
    "special_groups": "a b c d dd e g h i k l m n o",
    "case_steps": "received initial_assessment needs_assessment plan intervention review closed",
}


def test_every_code_the_design_names_exists():
    taxonomy = load_taxonomy()
    assert taxonomy.families() == DESIGN_FAMILIES
    for code in ("violence.physical", "violence.emotional", "violence.bullying"):
        assert taxonomy.is_category(code)
    for code in ("mental_health.self_harm", "mental_health.suicidal_thoughts"):
        assert taxonomy.is_category(code)
    assert taxonomy.is_category("information.question")
    # Taxonomy 2027.1 retired these (they repeated the call types); old records still read.
    for code in ("information.silent", "information.prank"):
        assert not taxonomy.is_category(code) and taxonomy.current_category(code) == "information"
    for kind, codes in DESIGN_CODES.items():
        assert taxonomy.codes(kind) == codes.split(), kind


def test_every_label_is_given_in_vietnamese_and_english_as_nfc():
    taxonomy = load_taxonomy()
    for kind in taxonomy.kinds():
        for code in taxonomy.codes(kind):
            vi, en = taxonomy.label(kind, code, "vi"), taxonomy.label(kind, code, "en")
            assert vi and en and vi != code and en != code, (kind, code)
            assert unicodedata.normalize("NFC", vi) == vi
    raw = (resources_dir() / "taxonomy" / "taxonomy.json").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw


def test_families_have_three_to_eight_subcategories_and_an_abuse_flag():
    tree = load_taxonomy().categories()
    abuse = {family.code for family in tree if family.abuse}
    assert abuse == {
        "violence", "sexual_abuse", "exploitation", "trafficking", "neglect",
        "child_marriage", "other_harm",
    }  # fmt: skip
    for family in tree:
        assert 3 <= len(family.children) <= 8, family.code
        assert all(sub.family == family.code for sub in family.children)


def test_a_subcategory_belongs_to_its_family_and_shows_both_labels():
    taxonomy = load_taxonomy()
    assert taxonomy.family_of("violence.physical") == "violence"
    assert taxonomy.family_of("violence") == "violence"
    assert taxonomy.is_abuse("sexual_abuse.online")
    assert not taxonomy.is_abuse("information.prank")
    assert not taxonomy.is_category("violence.nonexistent")
    assert taxonomy.label("categories", "violence", "vi") == "Bạo lực"
    assert taxonomy.label("special_groups", "dd", "vi") == "Trẻ em nhiễm HIV/AIDS"
    assert taxonomy.category_label("mental_health.self_harm", "en") == "Mental health › Self-harm"
    # A code from a newer taxonomy still shows, as itself.
    assert taxonomy.label("channels", "fax") == "fax"


def test_an_intake_worker_finds_a_category_typing_without_tones():
    taxonomy = load_taxonomy()
    assert [c.code for c in taxonomy.search_categories("tu tu")] == [
        "mental_health.suicidal_thoughts"
    ]
    assert "violence.bullying" in [c.code for c in taxonomy.search_categories("bat nat")]
    assert "violence.physical" in [c.code for c in taxonomy.search_categories("ĐÁNH đập")]
    assert "mental_health.self_harm" in [c.code for c in taxonomy.search_categories("self-harm")]
    assert taxonomy.search_categories("") == []


def test_a_centre_can_load_its_own_taxonomy_file(tmp_path):
    path = tmp_path / "taxonomy.json"
    data = json.loads((resources_dir() / "taxonomy" / "taxonomy.json").read_text("utf-8"))
    data["version"] = "2099.1"
    data["channels"].append({"code": "hotline_app", "vi": "Ứng dụng", "en": "App"})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    custom = load_taxonomy(path)
    assert custom.version == "2099.1"
    assert "hotline_app" in custom.codes("channels")
    assert load_taxonomy().version == "2027.1"
    assert load_taxonomy() is load_taxonomy()
