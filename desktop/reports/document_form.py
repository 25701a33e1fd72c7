"""The form of a Vietnamese administrative document (Decree 30/2020/NĐ-CP on clerical work,
Appendix I), as every Caseline print carries it:

    top left                                  top right
    THÀNH PHỐ ĐÀ NẴNG (managing body)         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TRUNG TÂM CÔNG TÁC XÃ HỘI … (bold)        Độc lập – Tự do – Hạnh phúc
           ─────── (⅓–½ of the name)          ─────────────────────────── (its length)
    Số: ……/BC-TTCTXHĐN                        Đà Nẵng, ngày 05 tháng 02 năm 2026 (italic)

                               TITLE (bold)
                          trích yếu / subtitle
    … content …
    Nơi nhận: (bold italic)                            GIÁM ĐỐC (bold)
    - …;                                       (Ký, ghi rõ họ tên, đóng dấu)
    - Lưu: VT.

Page numbers stand at the top centre from page 2 (drawn by `pdf.pdf_bytes`); "MẬT" marks
a confidential print. The date follows the Decree's rule: days 1–9 and months 1–2 get a
leading zero ("ngày 05 tháng 02", but "tháng 3").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer, Table, TableStyle

from desktop.domain import times
from desktop.reports.fonts import BOLD
from desktop.reports.pdf import (
    CONTENT_WIDTH,
    Heading,
    PrintFrame,
    Section,
    para,
    plain_text,
    styles,
)

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # spelt as in Decree 30's Appendix I
MOTTO_LINE = "Độc lập – Tự do – Hạnh phúc"
NATIONAL_LINE_PLACE = "Hà Nội"  # where the national line (central) issues its reports
_PLACE_PREFIX = re.compile(r"^(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)
LEFT_SHARE = 0.44  # of the content width, for the issuing body


def place_of(province_name: str) -> str:
    """The place in the date line: the province without 'Tỉnh'/'Thành phố' ('Đà Nẵng');
    the national line's prints ('Toàn quốc' or nothing) say Hà Nội."""
    name = plain_text(province_name)
    if not name or name.lower() in ("toàn quốc", "không rõ"):
        return NATIONAL_LINE_PLACE
    return _PLACE_PREFIX.sub("", name)


def date_line(place: str, moment: datetime) -> str:
    """'Đà Nẵng, ngày 05 tháng 02 năm 2026' (Vietnam time; Decree 30's leading zeros)."""
    local = times.to_local(moment)  # a naive time is an error, never a guess
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    return f"{place}, ngày {local.day:02d} tháng {month} năm {local.year}"


def body_symbol(centre_name: str) -> str:
    """The issuing body's abbreviation from its name's initials ('Trung tâm Công tác xã hội
    Đà Nẵng' → 'TTCTXHĐN'); letters other than Đ lose their marks."""
    letters = []
    for word in plain_text(centre_name).split():
        first = word[0].upper()
        if first != "Đ":
            first = unicodedata.normalize("NFD", first)[0]
        if first.isalnum():
            letters.append(first)
    return "".join(letters) or "CL"


def _ruled(value: str, style: str, rule_share: float, width: float) -> list[Flowable]:
    """A centred line with a solid rule under it, `rule_share` of the text's width."""
    sheet = styles()[style]
    text_width = min(stringWidth(plain_text(value), BOLD, sheet.fontSize), width)
    return [
        para(value, style),
        HRFlowable(
            width=text_width * rule_share,
            thickness=0.6,
            color=colors.black,
            hAlign="CENTER",
            spaceBefore=1.5,
            spaceAfter=3,
        ),
    ]


def default_managing_body(province_name: str) -> str:
    """The managing body of a centre of `province_name` when the desk sets none (Decree
    30/2020 App. I: the letterhead's first line names the body in charge, not a place):
    the province's Department of Health, in charge of social work and child protection
    since the 2025 reorganisation ("SỞ Y TẾ THÀNH PHỐ ĐÀ NẴNG"; *unverified* per centre, a
    centre sets its own with `caseline report body`); the national line: the Ministry of
    Health ("BỘ Y TẾ")."""
    name = plain_text(province_name)
    if not name or name.lower() in ("toàn quốc", "không rõ"):
        return "BỘ Y TẾ"
    return f"SỞ Y TẾ {name}".upper()


def letterhead(frame: PrintFrame, subtitle: str = "") -> list[Flowable]:
    """The head of the first page: issuing body, number and symbol (when the print has
    one), national motto with its rule, place and date, the title and its subtitle."""
    left_width = CONTENT_WIDTH * LEFT_SHARE
    right_width = CONTENT_WIDTH - left_width
    body = frame.managing_body or default_managing_body(frame.province_name)
    left: list[Flowable] = [para(body.upper(), "letterhead_plain")]
    left += _ruled(frame.centre_name.upper(), "letterhead", 0.4, left_width)
    if frame.symbol:
        left.append(para(f"Số: ……/{frame.symbol}", "letterhead_plain"))
    right: list[Flowable] = [para(MOTTO, "letterhead")]
    right += _ruled(MOTTO_LINE, "motto", 1.0, right_width)
    right.append(
        para(date_line(frame.place or place_of(frame.province_name), frame.printed_at), "date_line")
    )
    head = Table([[left, right]], colWidths=[left_width, right_width])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # the rules under the lines
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story: list[Flowable] = [head, Spacer(1, 5), para(frame.title, "title")]
    if subtitle:
        story.append(para(subtitle, "subtitle"))
    if frame.provisional_note:
        story.append(para(frame.provisional_note, "provisional"))
    return story


def closing(
    recipients: Sequence[str],
    signers: Sequence[tuple[str, str]],
) -> Table:
    """The foot of the document: "Nơi nhận" on the left, the signature blocks on the
    right, each (title, hint) with room to sign. Recipients print as "- …;" and the last
    as "- ….", as Decree 30 writes them."""
    lines = [plain_text(r).rstrip(";.") for r in recipients if plain_text(r)]
    items = [para("Nơi nhận:", "recipients_head")]
    items += [
        para(f"- {line}{'.' if i == len(lines) - 1 else ';'}", "recipients")
        for i, line in enumerate(lines)
    ]
    left_width = CONTENT_WIDTH * (0.34 if len(signers) > 1 else LEFT_SHARE)
    sign_width = (CONTENT_WIDTH - left_width) / max(len(signers), 1)
    blocks = [
        [para(title, "sign_bold"), para(hint, "sign_hint"), Spacer(1, 22 * 2.83)]
        for title, hint in signers
    ]
    table = Table([[items, *blocks]], colWidths=[left_width] + [sign_width] * len(signers))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def signed_off(story: Sequence[Flowable], foot: Flowable, space: float = 8) -> list[Flowable]:
    """`story` ending with `foot` (the `closing` block) kept on one page with the story's
    last section (from its last heading; its last three flowables when that section is
    longer), so the signature page always carries the document's last lines: a page
    holding only "Nơi nhận" and the signatures could be attached to any document (review
    i14 #6). The kept part is short (a few lines), so it never needs more than a page."""
    story = list(story)
    starts = [i for i, f in enumerate(story) if isinstance(f, (Heading, Section))]
    start = starts[-1] if starts else max(len(story) - 3, 0)
    if len(story) - start > 4:
        start = len(story) - 3
    while start > 0 and isinstance(story[start], Spacer):
        start -= 1
    tail = story[start:]
    kept: list[Flowable] = []
    for flowable in tail:  # a Section inside: its flowables, so the whole is one keep
        kept += list(flowable._content) if isinstance(flowable, Section) else [flowable]
    return [*story[:start], KeepTogether([*kept, Spacer(1, space), foot])]
