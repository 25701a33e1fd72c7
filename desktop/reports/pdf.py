"""The common frame of every Caseline PDF: fonts, styles, letterhead, the "MẬT" marking,
the footer on every page ("In bởi … lúc … — Trang x/y"). Rendering only: the bytes are
saved by the caller (`desktop.services.reports.Printout.save`, `desktop.files`).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain import times
from desktop.domain.text import nfc
from desktop.reports import rtl
from desktop.reports.fonts import (
    BOLD,
    BOLD_ITALIC,
    FAMILY,
    ITALIC,
    SYMBOLS,
    covered,
    register_fonts,
)

VIETNAM = times.VN_TZ  # Asia/Ho_Chi_Minh: UTC+7, no daylight saving
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TOP_MARGIN = 16 * mm
BOTTOM_MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FRAME_PADDING = 6  # ReportLab's default frame padding, each side
# The height one flowable may take on an empty page; nothing taller may be unsplittable.
FRAME_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN - 2 * FRAME_PADDING
HEAD_BG = colors.HexColor("#E8EEF4")
RULE = colors.HexColor("#9AA8B5")
ACCENT = colors.HexColor("#1F4E79")
CONFIDENTIAL_RED = colors.HexColor("#B00020")


@dataclass(frozen=True)
class PrintFrame:
    """What every page shows besides the content: who printed it, when, and how secret it is."""

    centre_name: str
    province_name: str
    printed_by: str
    printed_at: datetime
    title: str
    confidential: bool = False  # "MẬT" on every page
    profile_note: str = ""  # e.g. the redaction profile, printed under the marking
    symbol: str = ""  # Decree 30 number and symbol, e.g. "BC-TTCTXHĐN"; "" = none applies
    place: str = ""  # of the date line; "" = from the province ("Đà Nẵng")
    provisional_note: str = ""  # figures of an unfinished period: provisional, taken when
    managing_body: str = ""  # letterhead's first line; "" = default_managing_body(province)


# ---------------------------------------------------------------- text and dates


# Characters XML (and so ReportLab's paragraph parser) does not accept, and format marks
# that only confuse a printed page; tabs become spaces, line breaks are kept.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")
_LINE_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_BLANK_LINES = re.compile(r"\n{3,}")  # one blank line at most between paragraphs


def plain_text(value: Any) -> str:
    """The text as typed, ready to print: NFC (ReportLab misplaces accents on NFD text),
    line breaks kept as `\\n` (from `\\r\\n`, `\\r`, U+2028/U+2029), tabs as spaces, characters
    XML cannot carry dropped, runs of spaces within a line made one, outer blank space
    trimmed. Never raises: any string prints."""
    if value is None:
        return ""
    raw = str(value).encode("utf-8", "replace").decode("utf-8")  # lone surrogates → "?"
    raw = unicodedata.normalize("NFC", raw)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    raw = raw.replace("\u2028", "\n").replace("\u2029", "\n").replace("\t", " ")
    raw = _UNPRINTABLE.sub("", raw)
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# Runs that may hold characters DejaVu Sans lacks: anything past Latin and Vietnamese.
_MAYBE_UNCOVERED = re.compile("[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]+")


def text(value: Any) -> str:
    """`plain_text`, XML-escaped for a Paragraph (`<`, `&`, `>`), each line break a `<br/>`,
    characters DejaVu Sans cannot draw (emoji) set in the Symbola fallback font, Arabic
    letters in their joined forms (`rtl.shape`)."""
    return _with_fallback(escape(rtl.shape(plain_text(value)))).replace("\n", "<br/>")


def _with_fallback(markup_text: str) -> str:
    return _MAYBE_UNCOVERED.sub(_fallback_run, markup_text)


def _fallback_run(match: re.Match[str]) -> str:
    main, symbols = covered(FAMILY), covered(SYMBOLS)
    out, run = [], []
    for char in match.group(0):
        if ord(char) not in main and ord(char) in symbols:
            run.append(char)
            continue
        if run:
            out.append(f'<font name="{SYMBOLS}">{"".join(run)}</font>')
            run = []
        out.append(char)
    if run:
        out.append(f'<font name="{SYMBOLS}">{"".join(run)}</font>')
    return "".join(out)


def local_time(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        return times.parse_local(iso)
    except ValueError:
        return None  # not a time with an offset: never guessed (desktop.domain.times)


def fmt_date(iso: str | None) -> str:
    """dd/mm/yyyy in Vietnam time; '' when missing. Plain dates (YYYY-MM-DD) stay as they are."""
    if not iso:
        return ""
    if len(iso) == 10:
        year, month, day = iso.split("-")
        return f"{day}/{month}/{year}"
    moment = local_time(iso)
    return moment.strftime("%d/%m/%Y") if moment else ""


def fmt_datetime(iso: str | None) -> str:
    moment = local_time(iso)
    return moment.strftime("%d/%m/%Y %H:%M") if moment else ""


def fmt_month(ym: str) -> str:
    year, month = ym.split("-")
    return f"{int(month):02d}/{year}"


# ---------------------------------------------------------------- styles


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FAMILY, fontSize=9.5, leading=12.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5),
        "head_right": ParagraphStyle(
            "head_right", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5, alignment=TA_RIGHT
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=BOLD,
            fontSize=15,
            leading=19,
            alignment=TA_CENTER,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontName=ITALIC, alignment=TA_CENTER, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            textColor=ACCENT,
            spaceBefore=9,
            spaceAfter=4,
        ),
        "letterhead": ParagraphStyle(
            "letterhead", parent=base, fontName=BOLD, fontSize=9, leading=11.5, alignment=TA_CENTER
        ),
        "letterhead_plain": ParagraphStyle(
            "letterhead_plain", parent=base, fontSize=9, leading=11.5, alignment=TA_CENTER
        ),
        "motto": ParagraphStyle(
            "motto", parent=base, fontName=BOLD, fontSize=9.5, leading=11.5, alignment=TA_CENTER
        ),
        "date_line": ParagraphStyle(
            "date_line", parent=base, fontName=ITALIC, fontSize=9, leading=11.5, alignment=TA_CENTER
        ),
        "provisional": ParagraphStyle(
            "provisional",
            parent=base,
            fontName=BOLD_ITALIC,
            fontSize=8.5,
            leading=11,
            alignment=TA_CENTER,
            textColor=CONFIDENTIAL_RED,
            spaceAfter=6,
        ),
        "recipients_head": ParagraphStyle(
            "recipients_head", parent=base, fontName=BOLD_ITALIC, fontSize=8.5, leading=11
        ),
        "recipients": ParagraphStyle("recipients", parent=base, fontSize=8, leading=10),
        "sign": ParagraphStyle("sign", parent=base, alignment=TA_CENTER),
        "sign_bold": ParagraphStyle("sign_bold", parent=base, fontName=BOLD, alignment=TA_CENTER),
        "sign_hint": ParagraphStyle(
            "sign_hint", parent=base, fontName=ITALIC, fontSize=8, alignment=TA_CENTER
        ),
    }


LONG_TEXT = 2000  # characters: past this a typed text becomes one paragraph per line


def cell(value: Any, style: str = "cell") -> Flowable | list[Flowable]:
    """A table cell's content: a flowable as it is; a long text with line breaks as one
    paragraph per line, so a row split across pages re-wraps one line, not the whole
    text (a 50,000-character note would otherwise be laid out again for every page);
    a typed line that starts right-to-left as its own paragraph, aligned right."""
    if isinstance(value, Flowable):
        return value
    typed = plain_text(value)
    lines = typed.split("\n")
    right_to_left = rtl.has_rtl(typed) and any(rtl.starts_right_to_left(x) for x in lines)
    if not right_to_left and (len(typed) <= LONG_TEXT or len(lines) == 1):
        return para(typed, style)
    return [
        para(line, _right_aligned(style) if rtl.starts_right_to_left(line) else style)
        if line
        else Spacer(1, styles()[style].leading)
        for line in lines
    ]


@cache
def _right_aligned(style: str) -> str:
    """The name of `style` aligned right (for a paragraph that starts right-to-left)."""
    name = f"{style}_rtl"
    styles()[name] = ParagraphStyle(name, parent=styles()[style], alignment=TA_RIGHT)
    return name


class TextParagraph(Paragraph):
    """A Paragraph that lays out its lines once per width.

    ReportLab wraps a table's cells again each time the table is split or its rest is
    placed on the next page, so a long text in a row (a note running over many pages)
    was laid out again for every page: a 178-page case took a minute. The lines depend
    on the width alone, so a second wrap at the same width returns the first one's size.
    (`split` drops `blPara` when it refuses, and then the text is laid out again.)"""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width == getattr(self, "_laid_out_at", None) and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(avail_width, avail_height)
        self._laid_out_at = avail_width
        return size

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 - ReportLab's name
        """Drawn with right-to-left words in reading order, line by line (`rtl`)."""
        laid_out = self.blPara
        if not rtl.has_rtl(_line_text(laid_out)):
            return super().drawPara(debug)
        self.blPara = rtl.visual_lines(laid_out)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = laid_out


def _line_text(bl_para: Any) -> str:
    if bl_para.kind == 0:
        return " ".join(w for _, words in bl_para.lines for w in words)
    return "".join(getattr(f, "text", "") for line in bl_para.lines for f in line.words)


def para(value: Any, style: str = "body") -> Paragraph:
    return TextParagraph(text(value), styles()[style])


def markup(fragment: str, style: str = "body") -> Paragraph:
    """A paragraph from already-escaped markup (built with `text()` around every value)."""
    return TextParagraph(fragment, styles()[style])


class Heading(Paragraph):
    """A section heading that never stands alone at the foot of a page: with less than
    `room_after` points left under it, it moves to the next page. (ReportLab's
    keepWithNext would move the whole next table or chart with it, leaving half a page
    empty before every table that does not fit whole.)"""

    room_after = 48.0  # about three lines of a table

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = super().wrap(avail_width, avail_height)
        if height + self.room_after > avail_height and avail_height < FRAME_HEIGHT - 1:
            return width, avail_height + 1  # does not fit here: platypus goes to the next page
        return width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a heading is never cut


def heading(value: str) -> Paragraph:
    return Heading(text(value), styles()["h2"])


class Section(KeepTogether):
    """A heading and what it heads (table, chart, notes), on one page when they fit on
    one; otherwise from the top of the next page, flowing on over as many as they need.

    The heading's own rule (room for three lines under it, `Heading.room_after`) asks for
    no more room than the rest of the section takes: a heading over a short table that
    fits whole is never refused after KeepTogether has placed the section here (that
    refusal was ReportLab's "Splitting error(n==2)"). Never raises LayoutError for content
    that `grid`/`field_table`/`charts` built."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        size = super().wrap(avail_width, avail_height)
        first = self._content[0] if self._content else None
        if isinstance(first, Heading):
            rest = max(self._H - self._H0 - 0.01, 0.0)
            first.room_after = min(Heading.room_after, rest)
        return size


def kept_section(flowables: Sequence[Flowable]) -> Section:
    """`flowables` (a `heading(...)` first) kept together where they fit (`Section`)."""
    return Section(list(flowables))


# ---------------------------------------------------------------- blocks


def grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    numeric_from: int | None = None,
    bold_last_row: bool = False,
) -> Table:
    """A table of plain values; columns from `numeric_from` on are right-aligned numbers."""
    cells = []
    for r, row in enumerate(rows):
        is_head = r < header_rows or (bold_last_row and r == len(rows) - 1)
        line = []
        for c, value in enumerate(row):
            right = numeric_from is not None and c >= numeric_from
            style = ("head" if is_head else "cell") + ("_right" if right else "")
            line.append(cell(value, style))
        cells.append(line)
    # splitInRow: a row taller than a page (a long note) continues on the next page.
    table = Table(cells, colWidths=list(widths), repeatRows=header_rows, splitInRow=1)
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG))
    if bold_last_row:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), HEAD_BG))
    table.setStyle(TableStyle(commands))
    return table


def field_table(pairs: Sequence[tuple[str, Any]], label_width: float = 45 * mm) -> Table:
    """Label / value lines (e.g. 'Giới tính' / 'Nữ')."""
    rows = [[para(label, "head"), cell(value)] for label, value in pairs]
    table = Table(rows, colWidths=[label_width, CONTENT_WIDTH - label_width], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


# ---------------------------------------------------------------- pages and writing


def _numbered_canvas(frame: PrintFrame) -> type[Canvas]:
    """A canvas that holds pages back until the end so each footer can say 'x of y'."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                _draw_page_frame(self, frame, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _draw_page_frame(canvas: Canvas, frame: PrintFrame, page: int, total: int) -> None:
    canvas.saveState()
    if frame.confidential:
        canvas.setFillColor(CONFIDENTIAL_RED)
        canvas.setFont(BOLD, 13)
        canvas.drawCentredString(PAGE_WIDTH - MARGIN - 7.5 * mm, PAGE_HEIGHT - 11 * mm, "MẬT")
        canvas.setStrokeColor(CONFIDENTIAL_RED)
        canvas.rect(PAGE_WIDTH - MARGIN - 15 * mm, PAGE_HEIGHT - 13 * mm, 15 * mm, 7 * mm)
    if frame.profile_note:
        # Top left, clear of the page number at the top centre (Decree 30): the note
        # stood right-aligned against "MẬT" and ran under the number from page 2 on.
        note = nfc(frame.profile_note)
        room = PAGE_WIDTH / 2 - MARGIN - 6 * mm
        size = min(7.5, 7.5 * room / max(stringWidth(note, ITALIC, 7.5), 1))
        canvas.setFillColor(colors.black)
        canvas.setFont(ITALIC, size)
        canvas.drawString(MARGIN, PAGE_HEIGHT - 11 * mm, note)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, 13 * mm, PAGE_WIDTH - MARGIN, 13 * mm)
    canvas.setFillColor(colors.black)
    canvas.setFont(FAMILY, 7.5)
    printed = times.format_local(frame.printed_at)
    canvas.drawString(MARGIN, 9 * mm, nfc(f"In bởi: {frame.printed_by} — lúc {printed}"))
    canvas.drawRightString(PAGE_WIDTH - MARGIN, 9 * mm, f"Trang {page}/{total}")
    if page > 1:  # Decree 30: the number at the top centre, not on the first page
        canvas.setFont(FAMILY, 9)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 10 * mm, str(page))
    canvas.restoreState()


def pdf_bytes(frame: PrintFrame, story: list[Flowable]) -> bytes:
    """The PDF of `story` in `frame`'s page furniture, in memory (A4, the bundled font).

    Raises ReportLab's LayoutError only for a programming error: every text flows across
    pages (`grid`, `field_table` split rows) and every chart fits a page (`charts.Fitted`)."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=nfc(frame.title),
        author=nfc(frame.centre_name),
        creator="Caseline",
        subject="",
    )
    doc.build(story, canvasmaker=_numbered_canvas(frame))
    return buffer.getvalue()
