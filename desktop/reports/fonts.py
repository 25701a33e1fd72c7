"""The bundled DejaVu Sans family (full Vietnamese coverage), registered once per process,
and Symbola for what DejaVu lacks (emoji and pictographs typed or pasted into notes)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop.domain.paths import resources_dir

FAMILY = "CaselineSans"
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"
SYMBOLS = "CaselineSymbols"

_FILES = {
    FAMILY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond U+FFFF (emoji, rare CJK) written
    as UTF-16 surrogate pairs: ReportLab writes them as odd-length hex ("<1F600>"), so a
    reader of the PDF (copy, search, text extraction) lost them."""
    cmap = _reportlab_to_unicode_cmap(fontname, subset)
    for i, code in enumerate(subset):
        if code > 0xFFFF:
            pair = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{pair}>")
    return cmap


@cache
def register_fonts() -> str:
    """Register regular/bold/italic/bold-italic as one family; returns the family name."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    folder = fonts_dir()
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFont(TTFont(SYMBOLS, str(folder / "Symbola.ttf")))
    addMapping(FAMILY, 0, 0, FAMILY)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    pdfmetrics.registerFontFamily(
        FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    return FAMILY


@cache
def covered(font_name: str = FAMILY) -> frozenset[int]:
    """The code points a registered font can draw."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)
