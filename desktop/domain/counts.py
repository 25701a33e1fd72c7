"""The raw counts behind the statistics reports, as plain typed data.

`desktop.db.stats` counts them in SQL (on the desk's store, or on plain record documents
loaded into a private in-memory database on the central line); `desktop.reports` turns
them into labelled tables and prints them. Neither side knows the other.

A `Tally` maps a code (a taxonomy code, a commune code, '' for "none given") to one count
per month, in the order of the months it was counted for.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.periods import Comparison

Tally = dict[str, list[int]]


@dataclass(frozen=True)
class MonthlyCounts:
    """Every count of the monthly report; each tally has one count per month of
    `comparison.months` (the month, the previous month, the same month last year).

    contacts: {"all": …}; files: {"files": …} (contacts that led to a case file);
    cases: {"opened", "closed"}; active: {"active", "overdue:initial_assessment",
    "overdue:plan"} (cases open at each month's end, or at `now` for the current month);
    families: contacts by category family; channel, call_type, caller_relation, risk:
    contacts by that field; services: contacts by service given; children: children by
    "SEX:AGE_GROUP"; commune: contacts by their children's home commune;
    referral_agency / referral_status: referrals sent in the month; province: contacts
    by province (None unless asked for, as the central line prints it); handoffs: the
    national handoffs this desk sent or received (issue 15) — "sent" (sent in the month),
    "accepted_in_time" / "accepted_late" (answered in the month, before or after the
    acceptance deadline), "declined" (answered in the month), "outcome" (outcome dated in
    the month); None where there is no handoff table (central's document counting)."""

    comparison: Comparison
    contacts: Tally
    files: Tally
    cases: Tally
    active: Tally
    families: Tally
    channel: Tally
    call_type: Tally
    services: Tally
    caller_relation: Tally
    risk: Tally
    children: Tally
    commune: Tally
    referral_agency: Tally
    referral_status: Tally
    province: Tally | None = None
    handoffs: Tally | None = None
    # taxonomy 2027.1 (issue 12): contacts by setting and by the alleged perpetrator's
    # relation to the child ('' = not recorded); None where not counted.
    settings: Tally | None = None
    perpetrator: Tally | None = None


@dataclass(frozen=True)
class ThematicCounts:
    """Every count of a thematic report over `months` (local calendar months, YYYY-MM),
    optionally for one category (a family such as "violence", or a subcategory).

    per_month: contacts in each month of the period, of the period just before and of
    the same months a year earlier (month → count). The tallies below have ONE count
    per code, summed over the period: age (age group codes), sex, commune, channel,
    subcategories (None unless the category is a family), interventions (timeline
    entry kinds), referral_agency, referral_status."""

    months: tuple[str, ...]
    category: str | None
    per_month: dict[str, int]
    age: Tally
    sex: Tally
    commune: Tally
    channel: Tally
    subcategories: Tally | None
    interventions: Tally
    referral_agency: Tally
    referral_status: Tally
