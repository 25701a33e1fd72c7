"""The case summary (tóm tắt hồ sơ trường hợp) a manager prints for the file, a receiving
agency (`referral`) or supervision (`anonymous`). Marked "MẬT" on every page."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reportlab.platypus import Flowable, Spacer

from desktop.domain import places, sensitive, steps
from desktop.domain.text import initials
from desktop.reports import labels
from desktop.reports.document_form import closing, letterhead, signed_off
from desktop.reports.pdf import (
    CONTENT_WIDTH,
    PrintFrame,
    field_table,
    fmt_date,
    fmt_datetime,
    grid,
    heading,
    local_time,
    para,
    pdf_bytes,
)
from desktop.reports.redaction import (
    ANONYMOUS,
    FULL,
    REFERRAL,
    Redactor,
    check_profile,
    redactor_for,
)

TITLE = "TÓM TẮT HỒ SƠ TRƯỜNG HỢP"
# "Nơi nhận" by redaction profile: who each kind of print is for.
RECIPIENTS = {
    FULL: ("Hồ sơ trường hợp", "Lưu: VT"),
    REFERRAL: ("Cơ quan tiếp nhận chuyển gửi", "Lưu: hồ sơ trường hợp, VT"),
    ANONYMOUS: ("Giám sát, tập huấn", "Lưu: VT"),
}


def recipients(redact: str, referrals: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    """ "Nơi nhận" of a case summary: for a referral print, the agencies the case was
    referred to and did not refuse, by name where one was typed ("Công an phường Hải
    Châu"), else by kind ("Công an"), then the file; `RECIPIENTS` otherwise (and for a
    referral print of a case not yet referred)."""
    if redact != REFERRAL:
        return RECIPIENTS[redact]
    names: list[str] = []
    for referral in referrals:
        if referral.get("status") == "rejected":
            continue
        name = referral.get("agency_name") or labels.label(
            "referral_agencies", referral.get("agency")
        )
        if name and name not in names:
            names.append(name)
    if not names:
        return RECIPIENTS[REFERRAL]
    return (*names, RECIPIENTS[REFERRAL][-1])


ENTRY_KINDS_SHOWN = (
    "assessment",
    "plan",
    "plan_approval",
    "intervention",
    "emergency_measure",
    "follow_up",
    "review",
    "note",
    "closure",
    "reopen",
)


@dataclass(frozen=True)
class CaseFile:
    """What the summary prints: the case record (its fields, "deadlines" and
    "open_conflicts" as the services read them), its child, its source contacts, its
    timeline entries and referrals (record dicts, field names of desktop.domain.records),
    and the other children of its source contacts ({id, full_name, sex, birth_year}, so
    the referral profile can leave their names out)."""

    case: dict[str, Any]
    child: dict[str, Any]
    contacts: list[dict[str, Any]]
    entries: list[dict[str, Any]]
    referrals: list[dict[str, Any]]
    other_children: list[dict[str, Any]]
    # A referral print: the basis the data is shared on (desktop.domain.consent), printed.
    sharing_basis: str = ""
    # Leave out sensitive data (desktop.domain.sensitive): a redacted print by default.
    hide_sensitive: bool = False


# ---------------------------------------------------------------- printing


def _json_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return json.loads(value or "[]")
    return list(value or [])


def _representative(contact: dict[str, Any]) -> str:
    """The representative's name the contact's consent record gives ("" when none)."""
    consent = contact.get("consent")
    if isinstance(consent, str):
        try:
            consent = json.loads(consent or "{}")
        except ValueError:
            consent = {}
    return (
        str((consent or {}).get("representative_name") or "") if isinstance(consent, dict) else ""
    )


def render_case_summary(case_file: CaseFile, redact: str, frame: PrintFrame) -> bytes:
    """The case summary as PDF bytes, with the names `redact` (a profile of
    `desktop.reports.redaction`) leaves out. ValidationError on an unknown profile."""
    check_profile(redact)
    case, child = case_file.case, case_file.child
    redactor = redactor_for(
        redact,
        child.get("full_name", ""),
        [
            (c.get("caller_name", ""), c.get("caller_phone", ""), c.get("caller_location", ""))
            for c in case_file.contacts
        ],
        [o.get("full_name", "") for o in case_file.other_children],
        commune=labels.commune_name(child.get("home_commune_code"))
        if child.get("home_commune_code")
        else "",
        representatives=[_representative(c) for c in case_file.contacts],
    )
    story = letterhead(frame, f"Số hồ sơ: {case.get('number', '')}")
    if case_file.sharing_basis:
        story += [heading("Căn cứ chia sẻ thông tin"), para(case_file.sharing_basis)]
    if case_file.hide_sensitive:
        case, child = _without_sensitive(case, child)
    story += _overview(case)
    story += _where(case, redactor)
    story += _child_block(child, redactor)
    story += _sources(case_file, redactor)
    story += _steps_block(case, case_file.entries)
    story += _plan_block(case, case_file.entries, redactor)
    story += _timeline(case_file.entries, redactor)
    story += _referrals(case_file.referrals, redactor)
    story += _outcome(case)
    foot = closing(
        recipients(redact, case_file.referrals),
        [
            ("NGƯỜI LẬP", "(Ký, ghi rõ họ tên)"),
            ("GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)"),
        ],
    )
    return pdf_bytes(frame, signed_off(story, foot))


def _overview(case: dict[str, Any]) -> list[Flowable]:
    status = case.get("status") or steps.RECEIVED
    return [
        heading("Thông tin chung"),
        field_table(
            [
                ("Số hồ sơ", case.get("number", "")),
                ("Bước hiện tại", steps.step_name(status)),
                ("Mức độ nguy cơ", labels.label("risk_levels", case.get("risk"))),
                (
                    "Khẩn cấp",
                    "Có — tính mạng, sức khoẻ, nhân phẩm bị đe doạ nghiêm trọng"
                    if case.get("urgent")
                    else "Không",
                ),
                (
                    "Vấn đề",
                    "; ".join(labels.category_label(c) for c in _json_list(case.get("categories")))
                    or labels.NONE_GIVEN,
                ),
                ("Ngày tiếp nhận", fmt_datetime(case.get("received_at") or case.get("created_at"))),
                ("Người được phân công", case.get("assigned_to") or "Chưa phân công"),
            ]
        ),
    ]


def _without_sensitive(
    case: dict[str, Any], child: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The case and child as a redacted print shows them (Decree 356/2025): ethnicity and
    HIV withheld, sexual-abuse details cut to the form of abuse, saying so."""
    child = dict(child)
    if child.get("ethnicity"):
        child["ethnicity"] = sensitive.WITHHELD_VI
    groups, left_out = sensitive.withhold("special_groups", _json_list(child.get("special_groups")))
    child["special_groups"] = groups
    if left_out:
        child["special_groups_note"] = sensitive.WITHHELD_VI
    categories, _ = sensitive.withhold("categories", _json_list(case.get("categories")))
    return {**case, "categories": categories}, child


def _where(case: dict[str, Any], redactor: Redactor) -> list[Flowable]:
    """Where the harm happened (its commune's People's Committee is responsible, Decree
    56) and, for a transferred case, where it came from. An anonymous print names no place
    smaller than the province."""
    if redactor.hides_child:
        return []
    code = case.get("harm_commune_code")
    place = labels.NOT_RECORDED
    if code:
        commune = labels.commune_name(code)
        province = (
            labels.province_name(places.commune_province(code)) if places.is_commune(code) else ""
        )
        place = f"{commune}, {province}" if province else commune
    pairs = [("Nơi xảy ra sự việc", place)]
    if case.get("transfer_from"):
        pairs.append(
            (
                "Chuyển từ",
                f"{labels.province_name(case['transfer_from'])}"
                f" ({fmt_datetime(case.get('transferred_at'))})",
            )
        )
    return [field_table(pairs)]


def _child_block(child: dict[str, Any], redactor: Redactor) -> list[Flowable]:
    name = child.get("full_name", "")
    if redactor.hides_child:
        pairs = [
            ("Trẻ em", initials(name)),
            ("Giới tính", labels.SEX.get(child.get("sex") or "U", labels.UNKNOWN)),
            ("Năm sinh", _birth_year(child)),
            ("Tỉnh, thành phố", labels.province_name(child.get("home_province_code"))),
        ]
    else:
        pairs = [
            ("Họ và tên", name),
            ("Giới tính", labels.SEX.get(child.get("sex") or "U", labels.UNKNOWN)),
            (
                "Ngày sinh" if child.get("birth_date") else "Năm sinh",
                fmt_date(child.get("birth_date")) or _birth_year(child),
            ),
            (
                "Dân tộc",
                labels.label("ethnicities", child["ethnicity"])
                if child.get("ethnicity")
                else labels.NOT_RECORDED,
            ),
            ("Địa chỉ (như được cung cấp)", child.get("address_text") or labels.NOT_RECORDED),
            ("Xã, phường", labels.commune_name(child.get("home_commune_code"))),
            ("Tỉnh, thành phố", labels.province_name(child.get("home_province_code"))),
            ("Trường học", child.get("school") or labels.NOT_RECORDED),
        ]
    # An empty list means "not recorded" (the intake may not have asked), never "none".
    groups = _json_list(child.get("special_groups"))
    shown = [labels.label("special_groups", g) for g in groups]
    if child.get("special_groups_note"):  # a sensitive group left out (Decree 356/2025)
        shown.append(child["special_groups_note"])
    pairs.append(
        (
            "Hoàn cảnh đặc biệt (Điều 10)",
            "; ".join(shown) or labels.NOT_RECORDED,
        )
    )
    pairs.append(("Khuyết tật", redactor.clean(child.get("disability")) or labels.NOT_RECORDED))
    return [heading("Trẻ em"), field_table(pairs)]


def _birth_year(child: dict[str, Any]) -> str:
    year = child.get("birth_year") or (child.get("birth_date") or "")[:4]
    if not year:
        return labels.UNKNOWN
    return f"{year} (ước tính)" if child.get("birth_estimated") else str(year)


def _sources(case_file: CaseFile, redactor: Redactor) -> list[Flowable]:
    story: list[Flowable] = [heading("Nguồn tin")]
    if not case_file.contacts:
        return story + [para("Không có cuộc liên hệ nguồn.")]
    for contact in case_file.contacts:
        caller = labels.label("caller_relations", contact.get("caller_relation"))
        # The caller's name, phone and place each on a row of its own: in one line, a name
        # ending right-to-left drew the phone after it into its run (review i14 #10).
        details: list[tuple[str, str]] = []
        if redactor.hides_callers or contact.get("caller_anonymous"):
            who = caller if not contact.get("caller_anonymous") else f"{caller} (ẩn danh)"
        else:
            who = " — ".join(d for d in (caller, contact.get("caller_name")) if d)
            details = [
                (label, contact.get(key) or "")
                for label, key in (
                    ("Điện thoại người gọi", "caller_phone"),
                    ("Nơi ở người gọi", "caller_location"),
                )
                if contact.get(key)
            ]
        pairs = [
            ("Số cuộc liên hệ", contact.get("number", "")),
            ("Thời điểm", fmt_datetime(contact.get("received_at"))),
            (
                "Kênh, loại",
                f"{labels.label('channels', contact.get('channel'))}; "
                f"{labels.label('call_types', contact.get('call_type'))}",
            ),
            ("Người gọi", who),
            *details,
            ("Nội dung", redactor.clean(contact.get("summary"))),
        ]
        if contact.get("settings"):
            setting = "; ".join(labels.label("settings", c) for c in contact["settings"])
            pairs.insert(3, ("Bối cảnh", setting))
        if contact.get("perpetrator_relation"):
            who_harmed = labels.label("perpetrator_relations", contact["perpetrator_relation"])
            pairs.insert(-1, ("Quan hệ của người bị nghi gây hại với trẻ", who_harmed))
        if redactor.profile == FULL and case_file.other_children:
            ids = set(_json_list(contact.get("child_ids")))
            names = [o["full_name"] for o in case_file.other_children if o["id"] in ids]
            if names:
                pairs.append(("Trẻ em khác trong cuộc liên hệ", ", ".join(names)))
        story += [field_table(pairs), Spacer(1, 4)]
    return story


# ---------------------------------------------------------------- steps and deadlines


def _step_reached(entries: Sequence[dict[str, Any]], step: str) -> str | None:
    """When the case first moved to `step`, from its step-change entries."""
    times = [
        e.get("occurred_at")
        for e in entries
        if e.get("kind") == "step_change" and _entry_data(e).get("to") == step
    ]
    return min((t for t in times if t), default=None)


def _first_of(entries: Sequence[dict[str, Any]], kind: str) -> str | None:
    return min(
        (e["occurred_at"] for e in entries if e.get("kind") == kind and e.get("occurred_at")),
        default=None,
    )


def _entry_data(entry: dict[str, Any]) -> dict[str, Any]:
    data = entry.get("data") or {}
    return json.loads(data) if isinstance(data, str) else data


def _earliest(*moments: str | None) -> str | None:
    known = [m for m in moments if m]
    return min(known, key=lambda m: local_time(m)) if known else None


def deadline_verdict(due: str | None, done: str | None, closed: bool, now: datetime) -> str:
    """'Đúng hạn' / 'Trễ hạn' / 'Quá hạn, chưa thực hiện' / 'Còn hạn' / 'Không có thời hạn'."""
    if not due:
        return "Không có thời hạn"
    due_at = local_time(due)
    if done:
        return "Đúng hạn" if local_time(done) <= due_at else "Trễ hạn"
    if closed:
        return "Không thực hiện (hồ sơ đã kết thúc)"
    return "Quá hạn, chưa thực hiện" if now > due_at else "Còn hạn"


def _steps_block(case: dict[str, Any], entries: Sequence[dict[str, Any]]) -> list[Flowable]:
    now = datetime.now(UTC)
    status = case.get("status") or steps.RECEIVED
    closed = status == steps.CLOSED
    assessed = _earliest(
        _first_of(entries, "assessment"), _step_reached(entries, steps.NEEDS_ASSESSMENT)
    )
    planned = _earliest(_first_of(entries, "plan"), _step_reached(entries, steps.INTERVENTION))
    rows: list[list[Any]] = [
        ["Bước (Nghị định 56/2017/NĐ-CP)", "Bắt đầu", "Hoàn thành", "Thời hạn", "Đánh giá thời hạn"]
    ]
    rows.append(
        [
            steps.step_name(steps.RECEIVED),
            fmt_datetime(case.get("received_at")),
            fmt_datetime(case.get("received_at")),
            "Ngay khi nhận tin",
            "Đúng hạn",
        ]
    )
    if case.get("urgent"):  # Decree 56 Art. 26.3: 12 hours from the moment of receipt
        emergency = case.get("emergency_due")
        rows.append(
            [
                "Biện pháp khẩn cấp, tạm thời cách ly (Điều 26.3)",
                fmt_datetime(case.get("received_at")),
                fmt_datetime(case.get("emergency_measure_at")),
                _due_text(emergency, "12 giờ"),
                deadline_verdict(emergency, case.get("emergency_measure_at"), closed, now),
            ]
        )
    old_due = None if case.get("emergency_due") else case.get("assessment_due")  # older records
    rows.append(
        [
            steps.step_name(steps.INITIAL_ASSESSMENT),
            fmt_datetime(_step_reached(entries, steps.INITIAL_ASSESSMENT)),
            fmt_datetime(assessed),
            _due_text(old_due, "12 giờ"),
            deadline_verdict(old_due, assessed, closed, now) if old_due else "",
        ]
    )
    rows.append(
        [
            steps.step_name(steps.NEEDS_ASSESSMENT),
            fmt_datetime(_step_reached(entries, steps.NEEDS_ASSESSMENT)),
            fmt_datetime(_step_reached(entries, steps.PLAN)),
            "—",
            "",
        ]
    )
    rows.append(
        [
            steps.step_name(steps.PLAN),
            fmt_datetime(_step_reached(entries, steps.PLAN)),
            fmt_datetime(planned),
            _due_text(case.get("plan_due"), "5 ngày làm việc"),
            deadline_verdict(case.get("plan_due"), planned, closed, now),
        ]
    )
    rows.append(
        [
            steps.step_name(steps.INTERVENTION),
            fmt_datetime(_step_reached(entries, steps.INTERVENTION)),
            fmt_datetime(_step_reached(entries, steps.REVIEW)),
            "—",
            "",
        ]
    )
    rows.append(
        [
            steps.step_name(steps.REVIEW),
            fmt_datetime(_step_reached(entries, steps.REVIEW)),
            fmt_datetime(case.get("closed_at")),
            "—",
            "",
        ]
    )
    rows.append([steps.step_name(steps.CLOSED), fmt_datetime(case.get("closed_at")), "", "—", ""])
    names = {steps.step_name(step): step for step in steps.STEPS}
    for row in rows[1:]:
        if names.get(row[0]) == status:
            row[0] = f"▶ {row[0]} (bước hiện tại)"
    widths = [CONTENT_WIDTH * w for w in (0.33, 0.15, 0.15, 0.17, 0.20)]
    return [heading("Các bước và thời hạn"), grid(rows, widths)]


def _due_text(due: str | None, rule: str) -> str:
    return f"{fmt_datetime(due)} ({rule})" if due else "—"


def _plan_block(
    case: dict[str, Any], entries: Sequence[dict[str, Any]], redactor: Redactor
) -> list[Flowable]:
    plans = [e for e in entries if e.get("kind") == "plan"]
    plan_text = redactor.clean(plans[-1].get("text")) if plans else "Chưa có kế hoạch."
    approved = case.get("plan_approved_by")
    if redactor.hides_child and approved:
        approved = "Đã phê duyệt"  # the approver names the commune
    approval = (
        f"{approved}, {fmt_datetime(case.get('plan_approved_at'))}"
        if approved
        else "Chưa phê duyệt"
    )
    if approved and case.get("plan_decision_no"):
        approval += f", quyết định số {case['plan_decision_no']}"
    return [
        heading("Kế hoạch hỗ trợ, can thiệp và phê duyệt"),
        field_table([("Kế hoạch", plan_text), ("Phê duyệt", approval)]),
    ]


def _timeline(entries: Sequence[dict[str, Any]], redactor: Redactor) -> list[Flowable]:
    shown = sorted(
        (e for e in entries if e.get("kind") in ENTRY_KINDS_SHOWN),
        key=lambda e: e.get("occurred_at") or "",
    )
    story: list[Flowable] = [heading("Diễn biến, hỗ trợ và can thiệp")]
    if not shown:
        return story + [para("Chưa có ghi nhận.")]
    corrected = {e.get("corrects_id") for e in entries if e.get("corrects_id")}
    rows: list[list[Any]] = [["Thời điểm", "Loại", "Nội dung", "Người ghi"]]
    for entry in shown:
        text = redactor.clean(entry.get("text"))
        if entry.get("id") in corrected:
            text = f"(đã được đính chính) {text}"
        rows.append(
            [
                fmt_datetime(entry.get("occurred_at")),
                labels.label("case_entry_kinds", entry.get("kind")),
                text,
                entry.get("created_by", ""),
            ]
        )
    widths = [CONTENT_WIDTH * w for w in (0.17, 0.15, 0.53, 0.15)]
    return story + [grid(rows, widths)]


def _referrals(referrals: Sequence[dict[str, Any]], redactor: Redactor) -> list[Flowable]:
    story: list[Flowable] = [heading("Chuyển gửi và kết quả")]
    if not referrals:
        return story + [para("Không có chuyển gửi.")]
    rows: list[list[Any]] = [["Cơ quan", "Lý do", "Ngày gửi", "Tình trạng", "Kết quả"]]
    for referral in referrals:
        agency = labels.label("referral_agencies", referral.get("agency"))
        if referral.get("agency_name") and not redactor.hides_child:
            agency = f"{agency}: {referral['agency_name']}"
        rows.append(
            [
                agency,
                redactor.clean(referral.get("reason")),
                fmt_date(referral.get("sent_at")),
                labels.label("referral_statuses", referral.get("status")),
                redactor.clean(referral.get("outcome")),
            ]
        )
    widths = [CONTENT_WIDTH * w for w in (0.23, 0.27, 0.13, 0.14, 0.23)]
    return story + [grid(rows, widths)]


def _outcome(case: dict[str, Any]) -> list[Flowable]:
    if case.get("status") != steps.CLOSED:
        return [heading("Kết quả"), para("Hồ sơ đang được xử lý.")]
    return [
        heading("Kết quả"),
        field_table(
            [
                ("Kết thúc ngày", fmt_datetime(case.get("closed_at"))),
                ("Lý do kết thúc", labels.label("closure_reasons", case.get("closure_reason"))),
                ("Quyết định kết thúc", _closure_decision(case)),
            ]
        ),
    ]


def _closure_decision(case: dict[str, Any]) -> str:
    """Who decided the closure, when, and its number (older records: not recorded)."""
    if not case.get("closure_approved_by"):
        return labels.NOT_RECORDED
    text = f"{case['closure_approved_by']}, {fmt_datetime(case.get('closure_approved_at'))}"
    if case.get("closure_decision_no"):
        text += f", quyết định số {case['closure_decision_no']}"
    return text
