"""Vietnamese labels for the codes a report prints: taxonomy codes, places, sex, age groups.

Taxonomy and place names come from the domain; an unknown code prints as itself, so a
report never fails on data coded with a newer taxonomy or an old address.
"""

from __future__ import annotations

from functools import cache

from desktop.domain import places
from desktop.domain.taxonomy import code_label, load_taxonomy
from desktop.domain.text import nfc

SEX = {"F": "Nữ", "M": "Nam", "U": "Không rõ"}
UNKNOWN = "Không rõ"
NONE_GIVEN = "Không ghi nhận"
# A field the intake did not ask or nobody filled: never print "Không" (none) for it.
NOT_RECORDED = "Chưa ghi nhận"

# Children's age groups (the Law on Children: a child is under 16).
AGE_GROUPS = (
    ("0_5", "Từ 0 đến 5 tuổi"),
    ("6_10", "Từ 6 đến 10 tuổi"),
    ("11_15", "Từ 11 đến 15 tuổi"),
    ("16_plus", "Từ 16 tuổi trở lên"),
    ("unknown", "Không rõ tuổi"),
)
AGE_GROUP_LABEL = dict(AGE_GROUPS)


def age_group(age: int | None) -> str:
    if age is None or age < 0:
        return "unknown"
    if age <= 5:
        return "0_5"
    if age <= 10:
        return "6_10"
    if age <= 15:
        return "11_15"
    return "16_plus"


def label(kind: str, code: str | None) -> str:
    """The Vietnamese label of a taxonomy code (kinds as in taxonomy.json, e.g. 'channels';
    `desktop.domain.taxonomy.code_label`); "Không ghi nhận" when none was given."""
    return nfc(code_label(kind, code, "vi")) or NONE_GIVEN


def category_label(code: str) -> str:
    """'Bạo lực › Bạo lực thể chất, đánh đập' for a subcategory, the family label otherwise."""
    return nfc(code_label("categories", code, "vi"))


def codes(kind: str) -> list[str]:
    """Top-level codes of a taxonomy list, in the taxonomy's order (families for categories)."""
    taxonomy = load_taxonomy()
    return taxonomy.families() if kind == "categories" else taxonomy.codes(kind)


@cache
def abuse_families() -> frozenset[str]:
    """Category families that are forms of abuse under the Law on Children 2016."""
    taxonomy = load_taxonomy()
    return frozenset(code for code in taxonomy.families() if taxonomy.is_abuse(code))


def category_family(code: str) -> str:
    return code.split(".", 1)[0]


def province_name(code: str | None) -> str:
    if not code:
        return UNKNOWN
    if code == "00":  # records.NATIONAL_PROVINCE: the national line's own (issue 15)
        return "Tổng đài quốc gia 111"
    try:
        return places.province_name(code)
    except (KeyError, ValueError):
        return code


def commune_name(code: str | None) -> str:
    if not code:
        return UNKNOWN
    try:
        return places.commune_name(code)
    except (KeyError, ValueError):
        return code
