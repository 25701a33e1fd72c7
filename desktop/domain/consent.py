"""Consent and legal basis, per purpose, for a child's data (issue 12).

The law: Personal Data Protection Law 91/2025/QH15 (in force 1 Jan 2026) and Decree
356/2025 — a child's rights are exercised by the legal representative; disclosing the
private information of a child aged 7 or more needs the consent of the child **and** the
representative (Law on Children 2016 Art. 33 and the data-protection law on children's
data), except where the law allows processing without consent (Law 91/2025 Art. 19: e.g.
to protect life or health in an emergency, a duty the law sets, a state agency's task).
The legal-basis codes and their sources are data (taxonomy `legal_bases`), so a centre can
correct a clause without a code change (DOMAIN.md marks the clause letters unverified).

A contact's `consent` (desktop.domain.records.Contact) holds, as recorded on intake:

    {"purposes": {PURPOSE: {"child": true|false|null, "representative": true|false|null,
                            "basis": "consent" | LEGAL_BASIS_CODE}},
     "representative_name": "...", "representative_relation": caller_relations code,
     "by": username, "at": ISO time}

PURPOSE is one of `PURPOSES`. `null` (or a missing key) means "not asked". The flat shape
of records made before 2027.1 (`child`, `representative`, `purpose`, `legal_basis`) still
reads: it applies to its `purpose`, or to every purpose when none was given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.domain.taxonomy import load_taxonomy

# The purposes consent is asked for (taxonomy `consent_purposes`, same order).
COUNSELLING = "counselling"
REFERRAL = "referral"
SHARING = "sharing"  # with the central line (sync)
PRINTING = "printing"
PURPOSES = (COUNSELLING, REFERRAL, SHARING, PRINTING)
# The purposes the desk checks before acting: a referral print is refused without consent
# or a basis. Counselling, sharing with central (sync) and other prints are recorded and
# shown, not enforced (review i12 #9): a decision says so rather than "not allowed".
ENFORCED = (REFERRAL,)
CONSENT = "consent"  # the basis when the people concerned agreed
# From this age the child's own consent is needed beside the representative's
# (Law on Children 2016 Art. 33; Law 91/2025 on children's data).
CHILD_CONSENT_AGE = 7


@dataclass(frozen=True)
class ConsentDecision:
    """Whether `purpose` may go ahead, on which `basis` ('consent' or a legal-basis code;
    '' when refused), and why in both languages (printed on the page, or the refusal)."""

    purpose: str
    allowed: bool
    basis: str
    vi: str
    en: str


def legal_bases() -> list[str]:
    """The legal-basis codes for acting without consent (taxonomy `legal_bases`)."""
    return load_taxonomy().codes("legal_bases")


def purpose_answer(consent: dict[str, Any] | None, purpose: str) -> dict[str, Any] | None:
    """What was recorded for `purpose` ({child, representative, basis}), or None."""
    consent = consent if isinstance(consent, dict) else {}
    purposes = consent.get("purposes")
    if isinstance(purposes, dict) and isinstance(purposes.get(purpose), dict):
        return dict(purposes[purpose])
    flat = {k: consent.get(k) for k in ("child", "representative", "legal_basis")}
    if all(v in (None, "") for v in flat.values()):
        return None
    if consent.get("purpose") and consent["purpose"] != purpose:
        return None
    return {
        "child": flat["child"],
        "representative": flat["representative"],
        "basis": flat["legal_basis"] or CONSENT,
    }


def age_on(child: dict[str, Any] | None, on: date) -> int | None:
    """The child's age in whole years on `on` (birth date, else birth year), or None."""
    child = child or {}
    born = child.get("birth_date")
    if born:
        try:
            day = date.fromisoformat(str(born)[:10])
        except ValueError:
            day = None
        if day:
            return on.year - day.year - ((on.month, on.day) < (day.month, day.day))
    year = child.get("birth_year")
    return on.year - int(year) if isinstance(year, int) and not isinstance(year, bool) else None


def decide(consent: dict[str, Any] | None, purpose: str, child_age: int | None) -> ConsentDecision:
    """May `purpose` go ahead for a child of `child_age` (None: not known) under what was
    recorded in `consent`? A legal-basis code allows it on that basis; consent needs the
    representative's yes and, from `CHILD_CONSENT_AGE` (or when the age is not known),
    the child's yes too; anything else is refused, saying what is missing."""
    taxonomy = load_taxonomy()
    what_vi = taxonomy.label("consent_purposes", purpose, "vi").lower()
    what_en = taxonomy.label("consent_purposes", purpose, "en").lower()
    answer = purpose_answer(consent, purpose)
    if answer is None:
        return ConsentDecision(
            purpose,
            False,
            "",
            f"Chưa ghi nhận sự đồng ý hay căn cứ pháp lý cho mục đích {what_vi}.",
            f"No consent or legal basis is recorded for {what_en}.",
        )
    basis = str(answer.get("basis") or CONSENT)
    if basis != CONSENT:
        if not taxonomy.has("legal_bases", basis):
            return ConsentDecision(
                purpose,
                False,
                "",
                f"Căn cứ pháp lý không có trong danh mục: {basis}.",
                f"Not a legal basis from the list: {basis}.",
            )
        item = next(i for i in taxonomy.items("legal_bases") if i.code == basis)
        source = str(item.extra.get("source", ""))
        return ConsentDecision(
            purpose,
            True,
            basis,
            f"Không cần sự đồng ý: {item.vi} ({source}).",
            f"No consent needed: {item.en} ({source}).",
        )
    child_needed = child_age is None or child_age >= CHILD_CONSENT_AGE
    missing_vi, missing_en = [], []
    if answer.get("representative") is not True:
        missing_vi.append("người đại diện")
        missing_en.append("the representative")
    if child_needed and answer.get("child") is not True:
        missing_vi.append("trẻ em")
        missing_en.append("the child")
    if missing_vi:
        return ConsentDecision(
            purpose,
            False,
            "",
            f"Chưa có sự đồng ý của {' và '.join(missing_vi)} cho mục đích {what_vi}"
            " và không ghi căn cứ pháp lý để xử lý không cần đồng ý.",
            f"{' and '.join(missing_en).capitalize()} did not consent to {what_en}"
            " and no legal basis for acting without consent is recorded.",
        )
    who_vi = "trẻ em và người đại diện" if child_needed else "người đại diện (trẻ dưới 7 tuổi)"
    who_en = "the child and the representative" if child_needed else "the representative"
    return ConsentDecision(
        purpose,
        True,
        CONSENT,
        f"Có sự đồng ý của {who_vi} cho mục đích {what_vi}.",
        f"{who_en.capitalize()} consented to {what_en}.",
    )


def decide_for_case(
    contacts: list[dict[str, Any]], purpose: str, child: dict[str, Any] | None, on: date
) -> ConsentDecision:
    """The decision for a case from its source contacts: the first contact whose record
    allows `purpose`; otherwise the refusal of the newest one (or 'none recorded')."""
    age = age_on(child, on)
    decisions = [decide(c.get("consent"), purpose, age) for c in contacts]
    for decision in decisions:
        if decision.allowed:
            return decision
    return decisions[-1] if decisions else decide(None, purpose, age)
