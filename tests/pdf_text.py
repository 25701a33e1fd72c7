"""Reading a printed PDF back as a reader would copy it (pypdfium2), and checking that a
text put in comes out whole, even when it flows over several pages.

Extraction wraps lines, so texts are compared on a normal form: NFC with every white
space removed. ReportLab draws right-to-left words in typed order, and a reader reads
them back right to left, so the expected text has each right-to-left run reversed.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium

_SPACE = re.compile(r"\s+")
_RTL_RUN = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+")


def page_texts(pdf: Path | bytes) -> list[str]:
    """The text of each page, as pdfium extracts it."""
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def squeeze(value: str) -> str:
    """NFC without any white space (pdfium marks a line-end hyphen as U+0002)."""
    return _SPACE.sub("", unicodedata.normalize("NFC", value).replace("\x02", "-"))


def as_read_back(typed: str) -> str:
    """What a typed text reads back as: `squeeze`d, right-to-left runs reversed."""
    words = unicodedata.normalize("NFC", typed).split()
    return squeeze("".join(_RTL_RUN.sub(lambda m: m.group(0)[::-1], w) for w in words))


def flows_through(typed: str, pages: list[str]) -> bool:
    """True when `typed` is found in the pages in order: wholly on one page, or its start
    on one page and the rest on the pages after it (a row or paragraph split by a page
    break, with the page's footer and the repeated table header in between)."""
    rest = as_read_back(typed)
    for page in (squeeze(p) for p in pages):
        if not rest:
            break
        low, high = 0, len(rest)
        while low < high:  # the longest start of `rest` on this page
            middle = (low + high + 1) // 2
            if rest[:middle] in page:
                low = middle
            else:
                high = middle - 1
        rest = rest[low:]
    return not rest
