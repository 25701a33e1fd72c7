"""Right-to-left words print joined and in reading order (issue 14, the fresh-eyes tester:
Arabic printed as separate letters, right-to-left text in typed order)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_text import flows_through, page_texts
from reportlab.lib.enums import TA_LEFT, TA_RIGHT

from desktop.reports import rtl
from desktop.reports.pdf import PrintFrame, cell, grid, para, pdf_bytes, register_fonts

ARABIC_WORDS = ["مرحبا", "بالعالم", "هذه", "رسالة", "طويلة", "من", "الطفلة", "إلى", "المركز",
                "لا", "سلام", "مريم", "أحمد"]  # fmt: skip
HEBREW_WORDS = ["שלום", "עולם", "ילד", "מכתב", "ארוך"]
FRAME = PrintFrame("Trung tâm Công tác xã hội Đà Nẵng", "Thành phố Đà Nẵng", "quanly",
                   datetime(2026, 11, 30, tzinfo=UTC), "THỬ")  # fmt: skip
JOINED = range(0xFE70, 0xFF00)  # Arabic presentation forms B: letters in their joined forms


def _reading_order(paragraph) -> list[str]:
    """Each printed line of a right-to-left paragraph read from right to left: the drawn
    (visual) characters reversed, joined forms given back as letters (NFKC)."""
    visual = rtl.visual_lines(paragraph.blPara)
    lines = []
    for _, words in visual.lines:
        drawn = " ".join(words)
        lines.append(unicodedata.normalize("NFKC", drawn[::-1]))
    return lines


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    words=st.lists(st.sampled_from(ARABIC_WORDS + HEBREW_WORDS), min_size=1, max_size=80),
    width=st.integers(60, 400),
)
def test_a_right_to_left_paragraph_reads_in_order_over_its_lines(words, width):
    """By kind: any right-to-left paragraph, broken into lines at any width, reads line
    after line in typed order (reordering the typed paragraph as a whole, then breaking it,
    would put its end on the first line)."""
    register_fonts()
    typed = " ".join(words)
    paragraph = para(typed, "cell")
    paragraph.wrap(width, 10_000)
    read = " ".join(_reading_order(paragraph))
    assert read.split() == unicodedata.normalize("NFKC", rtl.shape(typed)).split()


def test_arabic_prints_joined_and_every_letter_is_read_back():
    """The tester's example: an Arabic name in a Vietnamese note printed as separate
    letters. Now in joined forms (presentation forms), each letter still there."""
    note = "Em tên là مريم أحمد, 12 tuổi; mẹ viết: مرحبا بالعالم، هذه رسالة طويلة\nשלום עולם"
    pdf = pdf_bytes(FRAME, [grid([["Nội dung"], [note]], [400])])
    pages = page_texts(pdf)
    assert any(ord(c) in JOINED for c in "".join(pages))
    assert flows_through(note, pages)


def test_a_typed_line_that_starts_right_to_left_is_aligned_right_in_its_cell():
    """A right-to-left line in a Vietnamese note stands at the right of its cell, as it is
    read; the lines around it stay at the left."""
    register_fonts()
    lines = cell("Mẹ em kể:\nمريم تعرضت للضرب في المنزل\nשלום עולם, 12 ok\nNgười đánh: ông Bảo")
    assert [p.style.alignment for p in lines] == [TA_LEFT, TA_RIGHT, TA_RIGHT, TA_LEFT]
