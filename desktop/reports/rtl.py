"""Right-to-left words in a printout (a migrant child's name in Arabic script, a letter in
Hebrew): joined letters and reading order.

ReportLab draws characters in the order it is given them, one glyph per character, and
its own right-to-left support needs `rlbidi`, which is not on PyPI. So, in two steps:

1. Shaping, on the text as typed (`shape`): Arabic letters take their joined forms
   (initial, medial, final; lam-alef) with `arabic-reshaper`, using only the ligatures the
   bundled DejaVu Sans has. Widths are then measured on what will be drawn, so lines
   break where they should.
2. Reading order, on each printed line once the paragraph is broken into lines
   (`visual_lines`, called when a `pdf.TextParagraph` is drawn): the Unicode
   Bidirectional Algorithm (UAX #9, `python-bidi`) puts the line in visual order, with
   the direction of its typed paragraph (its first strong letter, rule P2). Reordering
   per printed line, not per typed paragraph, keeps a right-to-left paragraph longer than
   a line in reading order from one line to the next.

A typed line that starts right-to-left is set as its own paragraph, aligned right, in a
table cell (`pdf.cell`; elsewhere, e.g. a heading, it stays aligned left). Marks over
Arabic letters (harakat) are kept but may sit beside their letter; the text a PDF reader
copies out holds the joined forms (Unicode NFKC gives back the letters) in visual order.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import arabic_reshaper
from arabic_reshaper.letters import ISOLATED, LETTERS_ARABIC
from arabic_reshaper.ligatures import LETTERS_LIGATURES, SENTENCES_LIGATURES, WORDS_LIGATURES
from bidi import get_base_level, get_display

from desktop.reports.fonts import FAMILY, covered

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


@cache
def _reshaper() -> arabic_reshaper.ArabicReshaper:
    """Arabic joining with only the forms and ligatures DejaVu Sans can draw (what
    `arabic_reshaper.config_for_true_type_font` does, without fontTools at run time);
    marks (harakat) kept: they are text."""
    drawn = covered(FAMILY)
    isolated_drawn = all(ord(v[ISOLATED]) in drawn for v in LETTERS_ARABIC.values() if v[ISOLATED])
    config: dict[str, Any] = {
        "delete_harakat": False,
        "use_unshaped_instead_of_isolated": not isolated_drawn,
    }
    for name, (_, forms) in (*SENTENCES_LIGATURES, *WORDS_LIGATURES, *LETTERS_LIGATURES):
        config[name] = all(ord(form) in drawn for form in forms if form)
    return arabic_reshaper.ArabicReshaper(configuration=config)


def shape(text: str) -> str:
    """`text` with its Arabic letters in their joined forms, in typed (logical) order;
    text without Arabic comes back as it is."""
    if _ARABIC.search(text) is None:
        return text
    return _reshaper().reshape(text)


def starts_right_to_left(text: str) -> bool:
    """True when the first strong letter of `text` is right-to-left (UAX #9 rule P2)."""
    return has_rtl(text) and get_base_level(text) == 1


def _base(text: str) -> str:
    """'R' when the paragraph's first strong letter is right-to-left, else 'L'."""
    return "R" if get_base_level(text) == 1 else "L"


def _words_visual(words: list[str], base: str) -> list[str]:
    joined = " ".join(words)
    if not has_rtl(joined):
        return words
    visual = get_display(joined, base_dir=base).split(" ")
    return visual if len(visual) == len(words) else words


def visual_lines(bl_para: Any) -> Any:
    """A copy of a laid-out paragraph (ReportLab's `blPara`) whose lines are in visual
    order, for drawing only: the laid-out paragraph itself stays in typed order, since
    ReportLab splits it at page breaks from those lines."""
    if bl_para.kind == 0:  # one style: lines are (extra space, [words])
        words = [w for _, line in bl_para.lines for w in line]
        base = _base(" ".join(words))
        lines = [(extra, _words_visual(list(line), base)) for extra, line in bl_para.lines]
        return bl_para.clone(lines=lines)
    lines, paragraph = [], []
    for line in bl_para.lines:  # FragLine: words are runs of one style; lineBreak ends a
        paragraph.append(line)  # typed paragraph
        if getattr(line, "lineBreak", False):
            lines += _frag_paragraph(paragraph)
            paragraph = []
    return bl_para.clone(lines=lines + _frag_paragraph(paragraph))


def _frag_paragraph(lines: list[Any]) -> list[Any]:
    text = "".join(getattr(f, "text", "") for line in lines for f in line.words)
    if not lines or not has_rtl(text):
        return lines
    base = _base(text)
    out = []
    for line in lines:
        texts = [i for i, f in enumerate(line.words) if getattr(f, "text", "")]
        runs = list(line.words)
        if len(texts) == 1:  # one style on the line: reorder the whole line
            f = runs[texts[0]]
            runs[texts[0]] = f.clone(text=get_display(f.text, base_dir=base))
        else:  # several styles (a symbol in another font): each run, runs reversed in R
            for i in texts:
                if has_rtl(runs[i].text):
                    runs[i] = runs[i].clone(text=get_display(runs[i].text, base_dir=base))
            if base == "R":
                runs.reverse()
        out.append(line.clone(words=runs))
    return out
