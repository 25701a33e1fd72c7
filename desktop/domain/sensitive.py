"""Sensitive personal data (Decree 356/2025, guiding Law 91/2025/QH15): a child's
ethnicity, health (HIV) and the details of sexual abuse. Declared here once; a redacted
printout (referral, anonymous) leaves them out unless the manager chooses to include them
(`caseline report case --include-sensitive`, audited), and says that it did.
"""

from __future__ import annotations

# Record fields that are sensitive as a whole.
SENSITIVE_FIELDS: dict[str, frozenset[str]] = {"child": frozenset({"ethnicity"})}
# Codes that are sensitive: Art. 10 group đ (living with HIV/AIDS), HIV categories.
SENSITIVE_CODES: dict[str, frozenset[str]] = {
    "special_groups": frozenset({"dd"}),
    "categories": frozenset({"physical_health.hiv", "discrimination.hiv"}),
}
# Category families whose subcategory is a sensitive detail: only the family is shown.
DETAIL_FAMILIES = frozenset({"sexual_abuse"})
WITHHELD_VI = "Không in (dữ liệu nhạy cảm)"


def is_sensitive_field(entity: str, name: str) -> bool:
    return name in SENSITIVE_FIELDS.get(entity, frozenset())


def holds_sensitive(child: dict | None, categories: list[str] | None = None) -> bool:
    """Does this child record (and these category codes) carry sensitive data? A view of
    it is audited as such."""
    child = child or {}
    if any(child.get(name) for name in SENSITIVE_FIELDS["child"]):
        return True
    if set(child.get("special_groups") or []) & SENSITIVE_CODES["special_groups"]:
        return True
    for code in categories or []:
        if code in SENSITIVE_CODES["categories"] or code.split(".", 1)[0] in DETAIL_FAMILIES:
            return True
    return False


def withhold(kind: str, codes: list[str]) -> tuple[list[str], int]:
    """The codes of `kind` a redacted print may show (a sensitive detail cut to its
    family, each kept once) and how many were left out."""
    kept: list[str] = []
    left_out = 0
    for code in codes:
        if code in SENSITIVE_CODES.get(kind, frozenset()):
            left_out += 1
            continue
        if kind == "categories" and code.split(".", 1)[0] in DETAIL_FAMILIES:
            code = code.split(".", 1)[0]
        if code not in kept:
            kept.append(code)
    return kept, left_out
