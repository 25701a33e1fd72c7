"""Vietnamese text rules: NFC for storage and print, a folded form for search.

Text as typed: what is stored differs from what was typed only by NFC normalisation
(`nfc`), and a one-line field (a name, a phone; see `desktop.domain.records.MULTI_LINE`)
is also trimmed at both ends (`one_line`). Line breaks, inner spaces and punctuation are
never changed.

Folding: NFD, drop combining marks, đ/Đ → d, lower-case, collapse spaces. It makes
"Đặng" match "dang", and "Hoà" match "Hòa" (tone-mark placement differs, the folded
letters do not).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_DIGITS_ONLY = re.compile(r"\D")


def nfc(text: str | None) -> str:
    """The stored form of multi-line text: NFC only (None → ""); nothing else changes."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text)


def one_line(text: str | None) -> str:
    """The stored form of a one-line field (name, phone, place): NFC, trimmed at both ends.

    Inner spaces are kept as typed; `split_name` and `fold` read runs of spaces as one.
    """
    return nfc(text).strip()


def fold(text: str | None) -> str:
    """The search form: no tones, no marks, đ → d, lower case, single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "d").replace("ð", "d")
    stripped = _NON_WORD.sub(" ", stripped.lower())
    return _SPACES.sub(" ", stripped).strip()


def digits(text: str | None) -> str:
    """Only the digits of a phone number: '0905 123-456' → '0905123456'."""
    return _DIGITS_ONLY.sub("", text or "")


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) from a Vietnamese full name: first word, inner words, last word."""
    parts = nfc(full_name).split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def name_sort_key(full_name: str) -> str:
    """Lists sort by the given name first, then family, then middle (folded)."""
    family, middle, given = split_name(full_name)
    return " ".join(p for p in (fold(given), fold(family), fold(middle)) if p)


def initials(full_name: str) -> str:
    """'Đặng Thị Hoà' → 'Đ.T.H.' (used by the anonymous redaction profile): one letter
    per word that starts with a letter, so an emoji or a sign typed in the name gives none
    ('Phạm Thị Thùy Dương 👧🏽' → 'P.T.T.D.')."""
    return "".join(p[0].upper() + "." for p in nfc(full_name).split() if p[0].isalpha())
