"""The monthly periodic report (báo cáo định kỳ tháng): what the line received and did in
a month, each figure beside the previous month and the same month last year.

Pure: `monthly_figures(counts, …)` labels the raw counts of `desktop.domain.counts`
(counted by `desktop.db.stats`, on a desk's store or on the central line's documents);
`render_monthly_pdf(figures, …)` and `monthly_csv(figures)` return the file's bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reportlab.platypus import Flowable, Spacer

from desktop.domain import times
from desktop.domain.counts import MonthlyCounts
from desktop.domain.periods import Comparison, month_end_utc
from desktop.reports import charts, figures, labels
from desktop.reports.cells import SafeCsvWriter
from desktop.reports.document_form import body_symbol, closing, letterhead, place_of, signed_off
from desktop.reports.figures import Line, Section
from desktop.reports.pdf import (
    CONTENT_WIDTH,
    PrintFrame,
    fmt_month,
    grid,
    heading,
    kept_section,
    markup,
    para,
    pdf_bytes,
    plain_text,
    text,
)

Counts = tuple[int, ...]


@dataclass
class MonthlyStats:
    comparison: Comparison
    scope: str  # whose contacts: a province, or all provinces on the central line
    total: Line
    sections: list[Section]
    by_province: Section | None = None

    @property
    def month(self) -> str:
        return self.comparison.month

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


# ---------------------------------------------------------------- counting


def monthly_figures(counts: MonthlyCounts, *, scope: str) -> MonthlyStats:
    """Every table of the monthly report, labelled, from its raw counts. `scope` says
    whose contacts they are (a province's name, or all provinces on the central line)."""
    comparison = counts.comparison
    width = len(comparison.months)

    def section(
        key: str,
        title: str,
        unit: str,
        counts: dict[str, list[int]],
        label_of,
        always=(),
        top=None,
        chart=None,
        note="",
    ) -> Section:
        lines = figures.lines_from(counts, label_of, width, always=always, top=top)
        return Section(key, title, unit, lines, chart, note)

    total = counts.contacts.get("all", [0] * width)
    files = counts.files.get("files", [0] * width)
    case_counts = counts.cases
    active = counts.active
    families = counts.families
    abuse = labels.abuse_families()
    abuse_codes = [c for c in labels.codes("categories") if c in abuse]
    overview = Section(
        "overview",
        "Tổng quan",
        "",
        [
            Line("contacts", "Tổng số cuộc liên hệ", tuple(total)),
            Line("files_opened", "Cuộc liên hệ được lập hồ sơ", tuple(files)),
            Line("cases_opened", "Hồ sơ mới mở", _row(case_counts, "opened", width)),
            Line("cases_closed", "Hồ sơ đã kết thúc", _row(case_counts, "closed", width)),
            Line("cases_active", "Hồ sơ đang xử lý (cuối tháng)", _row(active, "active", width)),
        ],
    )
    sections = [
        overview,
        section(
            "channel",
            "Cuộc liên hệ theo kênh tiếp nhận",
            "cuộc liên hệ",
            counts.channel,
            lambda c: labels.label("channels", c),
            always=labels.codes("channels"),
            chart="bar",
        ),
        section(
            "call_type",
            "Cuộc liên hệ theo loại cuộc gọi",
            "cuộc liên hệ",
            counts.call_type,
            lambda c: labels.label("call_types", c),
            always=labels.codes("call_types"),
            chart="pie",
        ),
        section(
            "services",
            "Dịch vụ đã cung cấp",
            "cuộc liên hệ",
            counts.services,
            lambda c: labels.label("services", c),
            always=labels.codes("services"),
            note="Một cuộc liên hệ có thể nhận nhiều dịch vụ.",
        ),
        section(
            "abuse",
            "Các hình thức xâm hại trẻ em",
            "cuộc liên hệ",
            {k: v for k, v in families.items() if k in abuse},
            lambda c: labels.label("categories", c),
            always=abuse_codes,
            chart="bar",
            note="Theo Luật Trẻ em 2016. Một cuộc liên hệ có thể thuộc nhiều nhóm.",
        ),
        section(
            "settings",
            "Bối cảnh xảy ra sự việc",
            "cuộc liên hệ",
            counts.settings or {},
            lambda c: labels.label("settings", c),
            always=labels.codes("settings"),
            note="Danh mục 2027.1: trong gia đình, trên môi trường mạng, qua biên giới (kể cả"
            " mã cũ như “bạo lực gia đình”). Một cuộc liên hệ có thể có nhiều bối cảnh.",
        ),
        section(
            "perpetrator",
            "Quan hệ của người bị nghi gây hại với trẻ",
            "cuộc liên hệ",
            {k: v for k, v in (counts.perpetrator or {}).items() if k},
            lambda c: labels.label("perpetrator_relations", c),
            note="Chỉ các cuộc liên hệ có ghi nhận (danh mục 2027.1).",
        ),
        section(
            "other_reasons",
            "Các lý do liên hệ khác",
            "cuộc liên hệ",
            {k: v for k, v in families.items() if k not in abuse},
            lambda c: labels.label("categories", c),
        ),
        section(
            "caller",
            "Người gọi",
            "cuộc liên hệ",
            counts.caller_relation,
            lambda c: labels.label("caller_relations", c),
            chart="pie",
        ),
        section(
            "risk",
            "Mức độ nguy cơ",
            "cuộc liên hệ",
            counts.risk,
            lambda c: labels.label("risk_levels", c),
            always=labels.codes("risk_levels"),
        ),
        section(
            "children",
            "Trẻ em theo giới tính và nhóm tuổi",
            "lượt trẻ em",
            counts.children,
            figures.sex_age_label,
            always=figures.SEX_AGE_ORDER,
            chart="bar",
            note="Tuổi tính tại thời điểm liên hệ. Một cuộc liên hệ có thể về nhiều trẻ em.",
        ),
        section(
            "commune",
            "Cuộc liên hệ theo xã, phường nơi trẻ em sống",
            "cuộc liên hệ",
            counts.commune,
            _commune_label,
            top=15,
        ),
        Section(
            "cases",
            "Hồ sơ trường hợp và thời hạn theo Nghị định 56/2017/NĐ-CP",
            "hồ sơ",
            [
                Line("opened", "Hồ sơ mới mở", _row(case_counts, "opened", width)),
                Line("closed", "Hồ sơ đã kết thúc", _row(case_counts, "closed", width)),
                Line("active", "Hồ sơ đang xử lý (cuối tháng)", _row(active, "active", width)),
                Line(
                    "overdue:emergency_measure",
                    "Quá hạn biện pháp khẩn cấp (12 giờ)",
                    _row(active, "overdue:emergency_measure", width),
                ),
                Line(
                    "overdue:plan",
                    "Quá hạn xây dựng kế hoạch (5 ngày làm việc)",
                    _row(active, "overdue:plan", width),
                ),
            ],
            note="Hồ sơ đang xử lý và quá hạn tính tại cuối mỗi tháng (tháng hiện tại: lúc in).",
        ),
        section(
            "referral_agency",
            "Chuyển gửi theo cơ quan tiếp nhận",
            "lượt chuyển gửi",
            counts.referral_agency,
            lambda c: labels.label("referral_agencies", c),
            chart="bar",
        ),
        section(
            "referral_status",
            "Kết quả chuyển gửi",
            "lượt chuyển gửi",
            counts.referral_status,
            lambda c: labels.label("referral_statuses", c),
            always=labels.codes("referral_statuses"),
            note="Tình trạng hiện tại của các lượt chuyển gửi gửi trong tháng.",
        ),
    ]
    if counts.handoffs and any(any(v) for v in counts.handoffs.values()):
        sections.append(_handoff_section(counts.handoffs, width))
    provinces = None
    if counts.province is not None:
        provinces = section(
            "province",
            "Cuộc liên hệ theo tỉnh, thành phố",
            "cuộc liên hệ",
            counts.province,
            labels.province_name,
        )
    return MonthlyStats(comparison, scope, overview.lines[0], sections, provinces)


HANDOFF_LINES = (
    ("sent", "Chuyển tuyến trong tháng"),
    ("accepted_in_time", "Được tỉnh/thành nhận trong hạn"),
    ("accepted_late", "Được nhận sau hạn"),
    ("declined", "Bị từ chối (trả về tổng đài quốc gia)"),
    ("outcome", "Đã có kết quả gửi về"),
)


def _handoff_section(handoffs: Mapping[str, list[int]], width: int) -> Section:
    """National handoffs (issue 15): sent or received, accepted within the deadline,
    declined, outcome returned — counted in the month each happened."""
    return Section(
        "handoffs",
        "Chuyển tuyến giữa tổng đài quốc gia và tỉnh/thành",
        "lượt chuyển tuyến",
        [Line(key, title, _row(handoffs, key, width)) for key, title in HANDOFF_LINES],
        note="Hạn nhận: 12 giờ nếu khẩn cấp, nếu không 1 ngày làm việc, tính từ lúc máy chủ"
        " trung tâm nhận được.",
    )


def _row(counts: Mapping[str, list[int]], key: str, width: int) -> Counts:
    return tuple(counts.get(key, [0] * width))


def _commune_label(code: str) -> str:
    return labels.commune_name(code) if code else "Không rõ xã, phường"


# ---------------------------------------------------------------- printing


def change(current: int, base: int) -> str:
    """'+12 (+25%)', '-3 (-10%)', '0', or '+4' when there is nothing to compare with."""
    diff = current - base
    if diff == 0:
        return "0"
    if base == 0:
        return f"{diff:+d}"
    return f"{diff:+d} ({diff * 100 / base:+.0f}%)"


def _header(comparison: Comparison, provisional: bool = False) -> list[Any]:
    def two_lines(first: str, second: str) -> Flowable:
        return markup(f"{text(first)}<br/>{text(second)}", "head_right")

    return [
        "",
        markup(
            f"Tháng này<br/>{fmt_month(comparison.month)}"
            + ("<br/>tạm tính" if provisional else ""),
            "head_right",
        ),
        two_lines("Tháng trước", fmt_month(comparison.previous)),
        two_lines("Cùng kỳ", fmt_month(comparison.last_year)),
        two_lines("So với", "tháng trước"),
        two_lines("So với", "cùng kỳ"),
    ]


def comparison_table(
    section: Section, comparison: Comparison, provisional: bool = False
) -> Flowable:
    rows: list[list[Any]] = [_header(comparison, provisional)]
    for line in section.lines:
        cur, prev, last = line.counts
        rows.append([line.label, cur, prev, last, change(cur, prev), change(cur, last)])
    label_width = CONTENT_WIDTH * 0.295
    number, delta = CONTENT_WIDTH * 0.12, CONTENT_WIDTH * 0.1725
    return grid(rows, [label_width, number, number, number, delta, delta], numeric_from=1)


def _section_story(
    section: Section, comparison: Comparison, provisional: bool = False
) -> list[Flowable]:
    story: list[Flowable] = [heading(section.title)]
    if section.note:
        story.append(para(section.note, "small"))
        story.append(Spacer(1, 2))
    if not section.lines:
        story.append(para("Không có số liệu trong ba tháng so sánh.", "body"))
        return [kept_section(story)]
    story.append(comparison_table(section, comparison, provisional))
    chart = _chart(section, comparison)
    if chart is not None:
        story += [Spacer(1, 4), chart]
    return [kept_section(story)]  # the chart on the page of its table


def _chart(section: Section, comparison: Comparison) -> Flowable | None:
    current = [line.counts[0] for line in section.lines]
    if section.chart == "pie" and sum(current) > 0:
        return charts.pie(
            f"Tỷ lệ trong tháng {fmt_month(comparison.month)}",
            [line.label for line in section.lines],
            current,
            CONTENT_WIDTH,
        )
    if section.chart == "bar" and any(sum(line.counts) for line in section.lines):
        shown = [line for line in section.lines if sum(line.counts) > 0]
        series = [[line.counts[i] for line in shown] for i in range(3)]
        names = [f"Tháng {fmt_month(m)}" for m in comparison.months]
        return charts.grouped_bars("", [line.label for line in shown], series, names, CONTENT_WIDTH)
    return None


def monthly_story(
    stats_: MonthlyStats,
    frame: PrintFrame,
    by_province: Section | None,
    recipients: Sequence[str] = (),
) -> list[Flowable]:
    comparison = stats_.comparison
    story = letterhead(
        frame,
        f"Tháng {fmt_month(comparison.month)} — {stats_.scope}"
        if stats_.scope
        else f"Tháng {fmt_month(comparison.month)}",
    )
    provisional = bool(frame.provisional_note)
    if stats_.total.counts[0] == 0:
        story.append(
            para(f"Trong tháng {fmt_month(comparison.month)} không có cuộc liên hệ nào.", "h2")
        )
    story += _section_story(stats_.sections[0], comparison, provisional)
    if by_province is not None:
        story += _section_story(by_province, comparison, provisional)
    for section in stats_.sections[1:]:
        story += _section_story(section, comparison, provisional)
    foot = closing(recipients, [("GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)")])
    return signed_off(story, foot, 10)


def report_recipients(province_name: str) -> tuple[str, ...]:
    """The usual "Nơi nhận" of a centre's periodic report: the province's People's
    Committee and the department in charge of children (the Department of Health since the
    2025 reorganisation, *unverified*: a caller passes its own list to change it), each
    named in full as Decree 30 writes a body ("Ủy ban nhân dân thành phố Đà Nẵng",
    "Sở Y tế tỉnh Quảng Ngãi"), not by the bare place."""
    if place_of(province_name) == place_of(""):  # the national line
        return ("Bộ Y tế (để báo cáo)", "Lưu: VT")
    unit = province_unit(province_name)
    return (
        f"Ủy ban nhân dân {unit} (để báo cáo)",
        f"Sở Y tế {unit} (để báo cáo)",
        "Lưu: VT",
    )


def province_unit(province_name: str) -> str:
    """'thành phố Đà Nẵng' for a centrally-run city, 'tỉnh Quảng Ngãi' for a province (the
    statistics office names cities "Thành phố …" and provinces by their bare name)."""
    place = place_of(province_name)
    city = plain_text(province_name).lower().startswith(("thành phố", "tp"))
    return f"{'thành phố' if city else 'tỉnh'} {place}"


def provisional_note(last_month: str, taken_at: datetime, what: str = "tháng") -> str:
    """'' when `last_month` had ended at `taken_at`; otherwise the line saying the figures
    are provisional and when they were taken (Vietnam time)."""
    if times.parse(month_end_utc(last_month)) <= taken_at:
        return ""
    local = times.to_local(taken_at)
    return (
        f"Số liệu tạm tính: {what} {fmt_month(last_month)} chưa kết thúc; số liệu lấy lúc "
        f"{local:%H:%M} ngày {local:%d/%m/%Y}."
    )


def render_monthly_pdf(
    stats_: MonthlyStats,
    by_province: Section | None = None,
    *,
    centre_name: str = "",
    province_name: str = "",
    printed_by: str = "",
    printed_at: datetime | None = None,
    recipients: Sequence[str] | None = None,
    managing_body: str = "",
) -> bytes:
    """The monthly report as PDF bytes. `by_province` (default: the figures' own) adds a
    table of contacts by province, as the central line prints it. `recipients` ("Nơi
    nhận"): default `report_recipients(province_name)`. A month not yet over prints as
    provisional, with the time its figures were taken (`printed_at`, default now).
    `managing_body`: the letterhead's first line ("" = the province's default)."""
    return pdf_bytes(
        *_monthly_document(
            stats_,
            by_province,
            centre_name=centre_name,
            province_name=province_name,
            printed_by=printed_by,
            printed_at=printed_at,
            recipients=recipients,
            managing_body=managing_body,
        )
    )


def _monthly_document(
    stats_: MonthlyStats,
    by_province: Section | None,
    *,
    centre_name: str = "",
    province_name: str = "",
    printed_by: str = "",
    printed_at: datetime | None = None,
    recipients: Sequence[str] | None = None,
    managing_body: str = "",
) -> tuple[PrintFrame, list[Flowable]]:
    taken = printed_at or datetime.now(UTC)
    centre = centre_name or stats_.scope
    frame = PrintFrame(
        centre_name=centre,
        province_name=province_name,
        printed_by=printed_by,
        printed_at=taken,
        # The national line's report says its scope in the title: its letterhead names
        # the ministry, which alone no longer tells that the figures are the country's.
        title="BÁO CÁO ĐỊNH KỲ THÁNG"
        + (" TOÀN QUỐC" if place_of(province_name) == place_of("") else ""),
        symbol=f"BC-{body_symbol(centre)}",
        provisional_note=provisional_note(stats_.month, taken),
        managing_body=managing_body,
    )
    provinces = by_province if by_province is not None else stats_.by_province
    chosen = report_recipients(province_name) if recipients is None else recipients
    return frame, monthly_story(stats_, frame, provinces, chosen)


CSV_HEADER = (
    "section",
    "code",
    "label",
    "this_month",
    "previous_month",
    "same_month_last_year",
    "change_previous",
    "change_last_year",
    "provisional",
)


def monthly_csv(stats_: MonthlyStats, provisional: str = "") -> bytes:
    """The same figures as a spreadsheet: CSV bytes, UTF-8 with BOM so Excel shows
    Vietnamese. `provisional`: the PDF's provisional line (`provisional_note`, "" when the
    month is over), repeated in the last column of every row so that a row copied or a
    file forwarded on still says its figures are provisional and when they were taken."""
    sections = list(stats_.sections)
    if stats_.by_province is not None:
        sections.insert(1, stats_.by_province)
    handle = io.StringIO(newline="")
    out = SafeCsvWriter(handle)  # text never runs as a formula
    out.writerow(CSV_HEADER)
    for section in sections:
        for line in section.lines:
            cur, prev, last = line.counts
            out.writerow(
                [
                    section.key,
                    line.code,
                    line.label,
                    cur,
                    prev,
                    last,
                    cur - prev,
                    cur - last,
                    provisional,
                ]
            )
    return handle.getvalue().encode("utf-8-sig")
