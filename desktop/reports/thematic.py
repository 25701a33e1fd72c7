"""The thematic report (báo cáo chuyên đề), quarterly or six-monthly: one theme (a category
family or code, or every contact) month by month against the same months a year earlier,
broken down by age, sex, commune and channel, with the interventions and referrals of its
cases and short anonymised case descriptions the manager chose."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Spacer

from desktop.domain import steps
from desktop.domain.counts import ThematicCounts
from desktop.domain.periods import group_months, shift
from desktop.domain.taxonomy import load_taxonomy
from desktop.errors import ValidationError
from desktop.reports import charts, labels
from desktop.reports.cells import SafeCsvWriter
from desktop.reports.document_form import closing, letterhead, signed_off
from desktop.reports.figures import Line, Section, lines_from
from desktop.reports.monthly import change, report_recipients
from desktop.reports.pdf import (
    CONTENT_WIDTH,
    PrintFrame,
    fmt_month,
    grid,
    heading,
    kept_section,
    local_time,
    para,
    pdf_bytes,
)

TITLE = "BÁO CÁO CHUYÊN ĐỀ"


@dataclass
class ThematicStats:
    months: list[str]
    category: str | None
    theme: str
    totals: Line  # counts: this period, the period before, the same period last year
    trend: list[Line]  # per month: (this year, a year earlier)
    breakdowns: list[Section] = field(default_factory=list)  # counts: (period total,)
    descriptions: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)
    # The month under way when the period reaches it ("" otherwise): its row (and the
    # quarter/year holding it) is marked provisional.
    running: str = ""

    @property
    def compares_last_year(self) -> bool:
        """Whether the period is compared with the same months a year earlier: only when
        it is at most 12 months long. A longer period would overlap those months and count
        the same contacts twice, so it is compared with the preceding period of equal
        length only (its "same period last year" total is left out)."""
        return len(self.months) <= 12


def theme_label(category: str | None) -> str:
    if not category:
        return "Tất cả các cuộc liên hệ"
    return labels.category_label(category)


def check_category(category: str | None) -> None:
    if category and not load_taxonomy().is_category(category):
        raise ValidationError(
            {"category": ("Mã vấn đề không có trong danh mục", "Unknown category code")}
        )


PROVISIONAL = " (tạm tính)"


def thematic_figures(counts: ThematicCounts, running: str = "") -> ThematicStats:
    """Every table of a thematic report, labelled, from its raw counts (no descriptions:
    the caller adds those, from coded fields only, with `describe_case`). `running`: the
    month under way (YYYY-MM); the month's row, if in the period, is marked provisional."""
    months, category = list(counts.months), counts.category
    span = len(months)
    count_of = counts.per_month
    before = [shift(m, -span) for m in months]
    last_year = [shift(m, -12) for m in months]
    totals = Line(
        "contacts",
        "Số cuộc liên hệ",
        (
            sum(count_of[m] for m in months),
            sum(count_of[m] for m in before),
            sum(count_of[m] for m in last_year),
        ),
    )
    trend = [
        Line(
            m,
            f"Tháng {fmt_month(m)}{PROVISIONAL if m == running else ''}",
            (count_of[m], count_of[shift(m, -12)]),
        )
        for m in months
    ]
    return ThematicStats(
        months,
        category,
        theme_label(category),
        totals,
        trend,
        _breakdowns(counts),
        running=running if running in months else "",
    )


def _breakdowns(counts: ThematicCounts) -> list[Section]:
    category = counts.category

    def section(
        key: str,
        title: str,
        unit: str,
        tally: dict[str, list[int]],
        label_of,
        top: int | None = None,
        chart: str | None = None,
    ) -> Section:
        lines = lines_from(tally, label_of, 1, top=top)
        return Section(key, title, unit, [line for line in lines if line.counts[0]], chart)

    sections = [
        section(
            "age",
            "Trẻ em theo nhóm tuổi",
            "lượt trẻ em",
            counts.age,
            lambda c: labels.AGE_GROUP_LABEL.get(c, c),
            chart="bar",
        ),
        section(
            "sex",
            "Trẻ em theo giới tính",
            "lượt trẻ em",
            counts.sex,
            lambda c: labels.SEX.get(c, c),
            chart="pie",
        ),
        section(
            "commune",
            "Theo xã, phường nơi trẻ em sống",
            "cuộc liên hệ",
            counts.commune,
            lambda c: labels.commune_name(c) if c else "Không rõ xã, phường",
            top=15,
        ),
        section(
            "channel",
            "Theo kênh tiếp nhận",
            "cuộc liên hệ",
            counts.channel,
            lambda c: labels.label("channels", c),
            chart="bar",
        ),
    ]
    if category and counts.subcategories is not None:
        subs = counts.subcategories
        sections.insert(
            0,
            section(
                "subcategory",
                "Theo vấn đề cụ thể",
                "cuộc liên hệ",
                {k: v for k, v in subs.items() if k.startswith(f"{category}.") or k == category},
                labels.category_label,
            ),
        )
    sections += [
        section(
            "interventions",
            "Hỗ trợ, can thiệp trong các hồ sơ",
            "lượt",
            counts.interventions,
            lambda c: labels.label("case_entry_kinds", c),
        ),
        section(
            "referral_agency",
            "Chuyển gửi theo cơ quan",
            "lượt chuyển gửi",
            counts.referral_agency,
            lambda c: labels.label("referral_agencies", c),
        ),
        section(
            "referral_status",
            "Kết quả chuyển gửi",
            "lượt chuyển gửi",
            counts.referral_status,
            lambda c: labels.label("referral_statuses", c),
        ),
    ]
    return sections


# ---------------------------------------------------------------- case descriptions


def describe_case(case: dict[str, Any]) -> str:
    """A short description built from coded fields only (no names, places or free text)."""
    child = case.get("child") or {}
    sex = {"F": "Trẻ em nữ", "M": "Trẻ em nam"}.get(child.get("sex") or "", "Trẻ em")
    year = child.get("birth_year") or (child.get("birth_date") or "")[:4]
    received = local_time(case.get("received_at"))
    age = ""
    if year and received:
        age = f", {received.year - int(year)} tuổi khi tiếp nhận"
    problems = "; ".join(labels.category_label(c) for c in case.get("categories") or [])
    parts = [f"{sex}{age}.", f"Vấn đề: {problems or labels.NONE_GIVEN}."]
    parts.append(f"Mức độ nguy cơ: {labels.label('risk_levels', case.get('risk')).lower()}.")
    contacts = case.get("contacts") or []
    if contacts:
        first = contacts[0]
        parts.append(
            f"Nguồn tin: {labels.label('caller_relations', first.get('caller_relation')).lower()},"
            f" qua {labels.label('channels', first.get('channel')).lower()}."
        )
    entries = case.get("entries") or []
    done = [e for e in entries if e.get("kind") in ("intervention", "follow_up")]
    if done:
        parts.append(f"Đã có {len(done)} lượt hỗ trợ, can thiệp, theo dõi.")
    if case.get("plan_approved_at"):
        parts.append("Kế hoạch hỗ trợ, can thiệp đã được phê duyệt.")
    referrals = case.get("referrals") or []
    if referrals:
        sent = ", ".join(
            f"{labels.label('referral_agencies', r.get('agency'))}"
            f" ({labels.label('referral_statuses', r.get('status')).lower()})"
            for r in referrals
        )
        parts.append(f"Chuyển gửi: {sent}.")
    status = case.get("status") or steps.RECEIVED
    if status == steps.CLOSED:
        parts.append(
            f"Đã kết thúc: {labels.label('closure_reasons', case.get('closure_reason')).lower()}."
        )
    else:
        parts.append(f"Đang ở bước: {steps.step_name(status).lower()}.")
    return " ".join(parts)


# ---------------------------------------------------------------- printing


def _share(count: int, total: int) -> str:
    return f"{count * 100 / total:.1f}%".replace(".", ",") if total else "—"


def _breakdown_story(section: Section) -> list[Flowable]:
    story: list[Flowable] = [heading(section.title)]
    if not section.lines:
        return story + [para("Không có số liệu trong kỳ.")]
    total = sum(line.counts[0] for line in section.lines)
    rows: list[list[Any]] = [["", f"Số {section.unit}", "Tỷ lệ"]]
    rows += [[line.label, line.counts[0], _share(line.counts[0], total)] for line in section.lines]
    story.append(
        grid(rows, [CONTENT_WIDTH * 0.6, CONTENT_WIDTH * 0.2, CONTENT_WIDTH * 0.2], numeric_from=1)
    )
    values = [line.counts[0] for line in section.lines]
    names = [line.label for line in section.lines]
    if section.chart == "pie":
        story += [Spacer(1, 4), charts.pie("", names, values, CONTENT_WIDTH)]
    elif section.chart == "bar":
        story += [
            Spacer(1, 4),
            charts.grouped_bars("", names, [values], ["Số lượng"], CONTENT_WIDTH),
        ]
    return [kept_section(story)]


def trend_by_period(trend: Sequence[Line]) -> list[Line]:
    """The month-by-month trend summed by the periods a page can show (`group_months`:
    months up to 24, quarters up to 8 years, years beyond); code = the period's key."""
    by_month = {line.code: line.counts for line in trend}
    running = {line.code for line in trend if line.label.endswith(PROVISIONAL)}
    lines = []
    for period in group_months([line.code for line in trend]):
        counts = [by_month[m] for m in period.months]
        label = period.label + (PROVISIONAL if running & set(period.months) else "")
        if period.key == period.months[0]:  # by month: the month's own label
            label = next(line.label for line in trend if line.code == period.months[0])
        lines.append(Line(period.key, label, tuple(sum(c) for c in zip(*counts, strict=True))))
    return lines


def _trend_story(trend: Sequence[Line]) -> list[Flowable]:
    lines = trend_by_period(trend)
    unit = "tháng" if len(lines) == len(trend) else "quý" if "Q" in lines[0].code else "năm"
    first = {"tháng": "Tháng", "quý": "Quý", "năm": "Năm"}[unit]
    rows: list[list[Any]] = [[first, "Số cuộc liên hệ", "Cùng kỳ năm trước", "Thay đổi"]]
    rows += [[line.label, line.counts[0], line.counts[1], change(*line.counts)] for line in lines]
    table = grid(rows, [CONTENT_WIDTH * w for w in (0.3, 0.22, 0.24, 0.24)], numeric_from=1)
    if not any(sum(line.counts) for line in lines):
        return [kept_section([heading(f"Diễn biến theo {unit}"), table])]
    chart = charts.time_columns(
        "",
        [_axis_label(line) for line in lines],
        [[line.counts[0] for line in lines], [line.counts[1] for line in lines]],
        ["Kỳ báo cáo", "Cùng kỳ năm trước"],
        CONTENT_WIDTH,
    )
    # The chart first, with its heading, then its table flowing on from the same page: kept
    # whole, a 24-row table and its chart left page 1 three-quarters empty (review i14 #5).
    return [kept_section([heading(f"Diễn biến theo {unit}"), chart, Spacer(1, 6)]), table]


def _axis_label(line: Line) -> str:
    """Short labels under the columns: '10/2026', 'IV/2026', '2026'."""
    return line.label.replace("Tháng ", "").replace("Quý ", "").replace("Năm ", "").split(" (")[0]


def thematic_story(figures: ThematicStats, frame: PrintFrame) -> list[Flowable]:
    months = figures.months
    period = f"từ tháng {fmt_month(months[0])} đến tháng {fmt_month(months[-1])}"
    story = letterhead(frame, f"Chủ đề: {figures.theme} — {period}")
    span = len(months)
    cur, prev, last = figures.totals.counts
    header = ["", "Kỳ báo cáo", f"Kỳ trước ({span} tháng)", "So với kỳ trước"]
    row: list[Any] = [figures.totals.label, cur, prev, change(cur, prev)]
    widths = (0.34, 0.2, 0.23, 0.23)
    if figures.compares_last_year:
        header += ["Cùng kỳ năm trước", "So với cùng kỳ"]
        row += [last, change(cur, last)]
        widths = (0.25, 0.13, 0.15, 0.16, 0.15, 0.16)
    story += [
        heading("Tổng quan"),
        grid([header, row], [CONTENT_WIDTH * w for w in widths], numeric_from=1),
    ]
    if not figures.compares_last_year:
        story.append(
            para(
                f"Kỳ báo cáo dài {span} tháng (hơn 12 tháng) nên được so với {span} tháng liền"
                " trước; không so với cùng kỳ năm trước vì kỳ đó trùng với kỳ báo cáo."
                " Từng tháng, quý, năm dưới đây vẫn so với cùng kỳ năm trước của nó."
            )
        )
    if cur == 0:
        story.append(para("Trong kỳ báo cáo không có cuộc liên hệ nào về chủ đề này.", "h2"))
    story += _trend_story(figures.trend)
    for section in figures.breakdowns:
        story += _breakdown_story(section)
    if figures.descriptions:
        story.append(heading("Một số trường hợp điển hình (đã ẩn danh)"))
        for title, text in figures.descriptions:
            story += [para(title, "head"), para(text), Spacer(1, 4)]
    foot = closing(
        report_recipients(frame.province_name), [("GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)")]
    )
    return signed_off(story, foot, 10)


def render_thematic_pdf(figures_: ThematicStats, frame: PrintFrame) -> bytes:
    """The thematic report as PDF bytes."""
    return pdf_bytes(frame, thematic_story(figures_, frame))


THEMATIC_CSV_HEADER = (
    "section",
    "code",
    "label",
    "this_period",
    "previous_period",
    "same_period_last_year",
    "provisional",
)


def thematic_csv(figures: ThematicStats, provisional: str = "") -> bytes:
    """The thematic report's tables as one CSV (UTF-8 with BOM so Excel shows Vietnamese),
    a row per line, the same figures as the PDF:

    - `totals`: contacts in the period, the period before, the same period last year;
    - `month` (and `quarter` or `year` when the PDF groups the trend so): that month's
      (period's) contacts and the same month a year earlier (`previous_period` empty);
    - one section per breakdown (its key: `age`, `sex`, `commune`, …): the period's count.

    `provisional` (the PDF's provisional line, "" when the period is over) fills the last
    column of every row. The anonymised case descriptions are not tables and stay in the
    PDF only."""
    handle = io.StringIO(newline="")
    out = SafeCsvWriter(handle)  # text never runs as a formula
    out.writerow(THEMATIC_CSV_HEADER)
    cur, prev, last = figures.totals.counts
    last_cell = last if figures.compares_last_year else ""
    note = provisional
    out.writerow(["totals", figures.totals.code, figures.totals.label, cur, prev, last_cell, note])
    for line in figures.trend:
        out.writerow(["month", line.code, line.label, line.counts[0], "", line.counts[1], note])
    grouped = trend_by_period(figures.trend)
    if len(grouped) != len(figures.trend):
        key = "quarter" if "Q" in grouped[0].code else "year"
        for line in grouped:
            out.writerow([key, line.code, line.label, line.counts[0], "", line.counts[1], note])
    for section in figures.breakdowns:
        for line in section.lines:
            out.writerow([section.key, line.code, line.label, line.counts[0], "", "", note])
    return handle.getvalue().encode("utf-8-sig")
