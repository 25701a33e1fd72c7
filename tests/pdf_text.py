"""Reading a printed PDF back as a reader would copy it (pypdf), and checking that a text
put in comes out whole, even when it flows over several pages.

Extraction wraps lines, so texts are compared on a normal form: NFC with every white
space removed. Right-to-left words print in reading order (`desktop.reports.rtl`: visual
order in the PDF, Arabic in its joined forms), and readers give them back reordered by
their own guess of the direction, taking neutral characters (`<`, `/`) next to them
along: a right-to-left word and its neighbours, and every word of a typed line that starts
right-to-left, are therefore checked as characters present (NFKC), every other run of
words in order. (pdfium goes further and reorders a whole line that is mostly right-to-left, left-
to-right words included, and drops the emoji in it; pypdf keeps those in order.)
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pypdf

_SPACE = re.compile(r"\s+")
_RTL_RUN = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+")


def page_texts(pdf: Path | bytes, pages: int | None = None) -> list[str]:
    """The text of each page (of the first `pages`), as pypdf extracts it."""
    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return [page.extract_text() or "" for page in reader.pages[:pages]]


def squeeze(value: str) -> str:
    """NFC without any white space."""
    return _SPACE.sub("", unicodedata.normalize("NFC", value))


def _starts_right_to_left(line: str) -> bool:
    """Unicode's rule P2: the direction of a paragraph is that of its first strong letter."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def _segments(typed: str) -> tuple[list[str], Counter[str]]:
    """The runs of words a reader gives back in typed order, and the characters of the
    words it may reorder: a word with right-to-left letters and its two neighbours
    (readers move neutral characters such as `<` or `/` across into a right-to-left run),
    and every word of a typed line that starts right-to-left (printed in reading order:
    its left-to-right words come in the line's visual order, not typed order)."""
    lines = unicodedata.normalize("NFC", typed).split("\n")
    words, rtl_line = [], set()
    for line in lines:
        if _starts_right_to_left(line):
            rtl_line.update(range(len(words), len(words) + len(line.split())))
        words += line.split()
    unstable = {j for i, w in enumerate(words) if _RTL_RUN.search(w) for j in (i - 1, i, i + 1)}
    unstable |= rtl_line
    runs, run, loose = [], [], Counter()
    for i, w in enumerate(words):
        if i in unstable:
            loose.update(w)
            if run:
                runs.append(" ".join(run))
                run = []
        else:
            run.append(w)
    if run:
        runs.append(" ".join(run))
    return runs, loose


def flows_through(typed: str, pages: list[str]) -> bool:
    """True when `typed` is found in the pages in order: wholly on one page, or its start
    on one page and the rest on the pages after it (a row or paragraph split by a page
    break, with the page's footer and the repeated table header in between). Words near
    right-to-left ones are checked as characters present (see `_segments`)."""
    runs, loose = _segments(typed)
    # Arabic prints in its joined forms (presentation forms): NFKC gives the letters back.
    printed = Counter(unicodedata.normalize("NFKC", squeeze("".join(pages))))
    if Counter(unicodedata.normalize("NFKC", "".join(loose.elements()))) - printed:
        return False
    squeezed = [squeeze(p) for p in pages]
    return all(_run_flows(squeeze(run), squeezed) for run in runs)


def _run_flows(rest: str, pages: list[str]) -> bool:
    for page in pages:
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
