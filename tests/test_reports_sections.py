"""A report section (heading + table + chart, `desktop.reports.pdf.kept_section`) prints
wherever on a page it starts and however many lines it has: the monthly and thematic
reports build every section this way. Regression: a heading over a short table that fit
whole but left less than the heading's three-line margin raised ReportLab's
"LayoutError: Splitting error(n==2)" (the month with many referral agencies)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pdf_text import page_texts, squeeze
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from desktop.domain.periods import Comparison
from desktop.reports import monthly, thematic
from desktop.reports.figures import Line, Section
from desktop.reports.pdf import CONTENT_WIDTH, FRAME_HEIGHT, PrintFrame, pdf_bytes

FRAME = PrintFrame(
    centre_name="Trung tâm Công tác xã hội Đà Nẵng",
    province_name="Đà Nẵng",
    printed_by="Lê Văn Quản",
    printed_at=datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
    title="Báo cáo",
)
TITLE = "Chuyển gửi theo cơ quan tiếp nhận"
COMPARISON = Comparison("2026-10", "2026-09", "2025-10")


def _section(lines: int, chart: str | None, note: str = "") -> Section:
    return Section(
        key="referral_agency",
        title=TITLE,
        unit="lượt",
        lines=[Line(f"a{i}", f"Cơ quan {i}", (i + 1, i % 3, 2 * i)) for i in range(lines)],
        chart=chart,
        note=note,
    )


def _print_after(filler: float, story: list) -> str:
    """The PDF text of `story` after `filler` points of empty space on the first page."""
    pdf = pdf_bytes(FRAME, [Spacer(CONTENT_WIDTH, filler), *story])
    return squeeze(" ".join(page_texts(pdf)))


def _height(story: list) -> float:
    """The height of a one-flowable section story (its KeepTogether measures its content)."""
    (kept,) = story
    kept.wrapOn(Canvas(io.BytesIO()), CONTENT_WIDTH, FRAME_HEIGHT)
    return kept._H


def test_referral_agencies_section_without_figures_near_the_page_foot_prints():
    """The failing month's shape: "Chuyển gửi theo cơ quan tiếp nhận" with no figures in
    the three months (heading + one line) fits in the space left on the page, but the
    heading's own three-line margin does not: ReportLab's "Splitting error(n==2)"."""
    story = monthly._section_story(_section(0, None), COMPARISON)
    height = _height(story)
    assert height < 14 + 48  # shorter than the heading and its three-line margin
    space = story[0].getSpaceBefore()  # the heading's, kept above it mid-page
    filler = FRAME_HEIGHT - space - height - 2  # 2 points to spare: fits, not with 48 more
    text = _print_after(filler, story)
    assert squeeze(TITLE) in text
    assert squeeze("Không có số liệu trong ba tháng so sánh.") in text


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    filler=st.floats(0, FRAME_HEIGHT - 1),
    lines=st.integers(0, 70),
    chart=st.sampled_from([None, "bar", "pie"]),
    kind=st.sampled_from(["monthly", "breakdown", "trend"]),
    note=st.booleans(),
)
def test_any_section_prints_wherever_it_starts(filler, lines, chart, kind, note):
    section = _section(lines, chart, "Ghi chú về số liệu. " * 6 if note else "")
    if kind == "monthly":
        story = monthly._section_story(section, COMPARISON)
    elif kind == "breakdown":
        story = thematic._breakdown_story(section)
    else:
        trend = [Line(f"2026-{m:02d}", f"Tháng {m}/2026", (m, m + 1)) for m in range(1, 13)]
        story = thematic._trend_story(trend[: max(lines % 13, 1)])
    text = _print_after(filler, story)
    if kind != "trend":
        assert squeeze(TITLE) in text
        if lines:
            assert squeeze(f"Cơ quan {lines - 1}") in text
