"""The thematic report's comparisons by kind (review i14 #4): whatever the period's length,
no figure it is compared with counts a month of the period itself."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.counts import ThematicCounts
from desktop.domain.periods import shift
from desktop.reports.thematic import thematic_csv, thematic_figures


def _counts(first: str, span: int) -> ThematicCounts:
    months = [shift(first, i) for i in range(span)]
    around = {shift(first, i) for i in range(-span - 12, span)}
    return ThematicCounts(
        months=tuple(months),
        category=None,
        per_month={m: 1 for m in around},  # one contact a month: overlaps show as sums
        age={}, sex={}, commune={}, channel={}, subcategories=None,
        interventions={}, referral_agency={}, referral_status={},
    )  # fmt: skip


@settings(max_examples=30, deadline=None, derandomize=True)
@given(span=st.integers(1, 120), start=st.integers(0, 11))
def test_no_comparison_of_a_thematic_period_counts_the_period_itself(span, start):
    figures = thematic_figures(_counts(shift("2020-01", start), span))
    current, previous, last_year = figures.totals.counts
    assert current == previous == span  # the preceding equal-length period, disjoint
    assert figures.compares_last_year == (span <= 12)
    if figures.compares_last_year:
        assert last_year == span
    totals = thematic_csv(figures).decode("utf-8-sig").splitlines()[1].split(",")
    assert totals[5] == (str(span) if span <= 12 else "")
