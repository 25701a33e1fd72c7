"""A person's data as a printout (issue 12: the right of access, Law 91/2025/QH15): the
same content as the JSON export (`desktop.services.rights.RightsPart.export`), laid out
as a confidential document for the person or their representative."""

from __future__ import annotations

import json
from typing import Any

from reportlab.platypus import Flowable, Spacer

from desktop.reports import labels
from desktop.reports.document_form import closing, letterhead, signed_off
from desktop.reports.pdf import (
    PrintFrame,
    field_table,
    fmt_date,
    fmt_datetime,
    heading,
    para,
)

TITLE = "DỮ LIỆU CÁ NHÂN ĐANG LƯU GIỮ"


def render_person_export(data: dict[str, Any], frame: PrintFrame) -> bytes:
    """PDF bytes of an export document `data` (the JSON export's shape)."""
    from desktop.reports.pdf import pdf_bytes

    subject = "trẻ em" if data.get("subject") == "child" else "người gọi"
    story = letterhead(frame, f"Yêu cầu cung cấp dữ liệu của {subject}")
    request = data.get("request") or {}
    story.append(
        para(
            "Theo Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, trung tâm cung cấp toàn bộ dữ liệu"
            f" đang lưu giữ về {subject}. Hạn trả lời yêu cầu: {fmt_datetime(request.get('due'))}."
        )
    )
    if data.get("subject") == "child":
        story += _child(data)
    else:
        story += _caller(data)
    foot = closing(("Người yêu cầu", "Lưu: VT"), [("GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)")])
    return pdf_bytes(frame, signed_off(story, foot))


def _child(data: dict[str, Any]) -> list[Flowable]:
    child = data.get("child") or {}
    story: list[Flowable] = [heading("Trẻ em")]
    story.append(
        field_table(
            [
                ("Họ và tên", child.get("full_name") or labels.UNKNOWN),
                ("Giới tính", labels.label("sexes", child.get("sex"))),
                ("Ngày sinh", fmt_date(child.get("birth_date")) or child.get("birth_year") or ""),
                ("Dân tộc", labels.label("ethnicities", child.get("ethnicity"))
                 if child.get("ethnicity") else ""),
                ("Địa chỉ (như đã kể)", child.get("address_text") or ""),
                ("Nơi ở", labels.commune_name(child.get("home_commune_code"))
                 if child.get("home_commune_code") else ""),
                ("Trường", child.get("school") or ""),
            ]
        )
    )  # fmt: skip
    contacts = data.get("contacts") or []
    story.append(heading(f"Các cuộc liên hệ ({len(contacts)})"))
    for contact in contacts:
        categories = "; ".join(labels.category_label(c) for c in contact.get("categories") or [])
        story.append(
            field_table(
                [
                    ("Số", contact.get("number", "")),
                    ("Thời điểm", fmt_datetime(contact.get("received_at"))),
                    ("Vấn đề", categories),
                    ("Nội dung", contact.get("summary") or ""),
                ]
            )
        )
        story.append(Spacer(1, 4))
    for case in data.get("cases") or []:
        story.append(heading(f"Hồ sơ {case.get('number', '')}"))
        story.append(
            field_table(
                [
                    ("Bước hiện tại", labels.label("case_steps", case.get("status"))),
                    ("Ngày tiếp nhận", fmt_datetime(case.get("received_at"))),
                ]
            )
        )
        for entry in case.get("entries") or []:
            text = entry.get("text") or json.dumps(entry.get("data") or {}, ensure_ascii=False)
            story.append(
                para(
                    f"{fmt_datetime(entry.get('occurred_at'))} — "
                    f"{labels.label('case_entry_kinds', entry.get('kind'))}: {text}"
                )
            )
        for referral in case.get("referrals") or []:
            story.append(
                para(
                    f"Chuyển gửi {labels.label('referral_agencies', referral.get('agency'))}"
                    f" {referral.get('agency_name') or ''} ({fmt_datetime(referral.get('sent_at'))}):"
                    f" {referral.get('reason') or ''}"
                )
            )
    return story


def _caller(data: dict[str, Any]) -> list[Flowable]:
    caller = data.get("caller") or {}
    story: list[Flowable] = [heading("Người gọi")]
    story.append(
        field_table(
            [
                ("Họ và tên", caller.get("name") or ""),
                ("Số điện thoại", caller.get("phone") or ""),
                ("Quan hệ với trẻ", labels.label("caller_relations", caller.get("relation"))),
                ("Nơi ở", caller.get("location") or ""),
            ]
        )
    )
    contacts = data.get("contacts") or []
    story.append(heading(f"Các cuộc liên hệ ({len(contacts)})"))
    for contact in contacts:
        story.append(
            para(
                f"{contact.get('number', '')} — {fmt_datetime(contact.get('received_at'))} —"
                f" {labels.label('channels', contact.get('channel'))},"
                f" {labels.label('call_types', contact.get('call_type'))}"
            )
        )
    return story
