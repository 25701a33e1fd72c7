"""Redaction profiles of the case summary, printed on every page:

- `full`: everything the centre holds;
- `referral` (for a receiving agency): no caller identity (name, phone, location) and no
  other children. Free text (the contact's summary, plans, notes, referral reasons and
  outcomes) still tells the agency what happened, with the callers' and other children's
  names, the callers' locations, and every phone number and e-mail address blanked out;
- `anonymous` (supervision, training): coded fields only. The child appears by initials
  and birth year, without commune, address, school or ethnicity, and no free text prints
  at all: a name typed in a note (a neighbour, a teacher, the person who did the harm) is
  nowhere the desk could know to blank it, so the profile that promises anonymity prints
  none (`OMITTED` in its place), as the thematic report's case descriptions do.

The case summary passes every text a user typed through `Redactor.clean`, and prints raw
only codes (as labels), numbers, times and staff usernames
(tests/test_reports_redaction.py puts a marker in every other text field of every record
and finds none in a redacted print).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.domain.text import digits, initials, nfc
from desktop.errors import ValidationError

FULL = "full"
REFERRAL = "referral"
ANONYMOUS = "anonymous"
PROFILES = (FULL, REFERRAL, ANONYMOUS)

PROFILE_NOTES = {
    FULL: "Mức che thông tin: đầy đủ",
    REFERRAL: "Mức che thông tin: chuyển gửi (ẩn người gọi, trẻ em khác)",
    ANONYMOUS: "Mức che thông tin: ẩn danh (không in nội dung tự do)",
}
HIDDEN_CALLER = "[người gọi]"  # docs/glossary.md: "Người gọi" for the caller
HIDDEN_PHONE = "[số điện thoại đã ẩn]"
HIDDEN_CHILD = "[trẻ em khác]"
HIDDEN_PLACE = "[xã, phường]"
HIDDEN_EMAIL = "[thư điện tử đã ẩn]"
OMITTED = "[Nội dung tự do không in ở mức ẩn danh]"

# Any phone number as people type it: a Vietnamese number (0, +84 or (84) then 8 to 10
# digits, single spaces, dots, dashes or brackets between them).
_ANY_PHONE = re.compile(r"(?<![\w+])(?:\+?\(?84\)?|0)(?:[\s.\-()]?\d){8,10}(?![\w])")
_ANY_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def check_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise ValidationError(
            {
                "redact": (
                    "Mức che thông tin phải là full, referral hoặc anonymous",
                    "The redaction profile must be full, referral or anonymous",
                )
            }
        )
    return profile


@dataclass
class Redactor:
    """Blanks out of free text the people a profile hides (whole names and given names,
    case-insensitively, and phone numbers however they are spaced)."""

    profile: str
    _names: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    _phones: list[re.Pattern[str]] = field(default_factory=list)

    @property
    def hides_callers(self) -> bool:
        return self.profile in (REFERRAL, ANONYMOUS)

    @property
    def hides_child(self) -> bool:
        return self.profile == ANONYMOUS

    def hide_name(self, full_name: str, replacement: str) -> None:
        words = nfc(full_name).split()
        if not words:
            return
        forms = {tuple(words), tuple(words[1:]), (words[-1],)} if len(words) > 1 else {(words[0],)}
        longest_first = sorted(forms, key=lambda f: len(" ".join(f)), reverse=True)
        for form in (f for f in longest_first if len(" ".join(f)) >= 2):
            spaced = r"\s+".join(re.escape(word) for word in form)  # text keeps its line breaks
            pattern = re.compile(rf"(?<!\w){spaced}(?!\w)", re.IGNORECASE)
            self._names.append((pattern, replacement))

    def hide_place(self, name: str, replacement: str) -> None:
        """A commune: its full name ('Phường Hải Châu') and its bare name ('Hải Châu')."""
        place = nfc(name)
        if not place:
            return
        bare = re.sub(r"^(xã|phường|thị trấn|đặc khu)\s+", "", place, flags=re.IGNORECASE)
        for form in sorted({place, bare}, key=len, reverse=True):
            pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.IGNORECASE)
            self._names.append((pattern, replacement))

    def hide_phone(self, phone: str) -> None:
        number = digits(phone)
        if len(number) < 6:
            return
        spaced = r"[\s.\-]?".join(re.escape(d) for d in number)
        self._phones.append(re.compile(rf"(?<!\d){spaced}(?!\d)"))

    def hide_text(self, text: str, replacement: str) -> None:
        """A one-line text as typed elsewhere (a caller's location), case-insensitively."""
        words = nfc(text).split()
        if len(" ".join(words)) < 2:
            return
        spaced = r"\s+".join(re.escape(word) for word in words)
        self._names.append((re.compile(rf"(?<!\w){spaced}(?!\w)", re.IGNORECASE), replacement))

    def clean(self, value: str | None) -> str:
        """A free-text field as this profile prints it: NFC, line breaks kept; in a redacted
        profile the hidden people and places, every phone number and e-mail address
        replaced; `OMITTED` for any non-empty text in the anonymous profile; "" for none."""
        result = unicodedata.normalize("NFC", value or "")
        if self.profile == FULL or not result.strip():
            return result
        if self.profile == ANONYMOUS:
            return OMITTED
        for pattern in self._phones:
            result = pattern.sub(HIDDEN_PHONE, result)
        result = _ANY_PHONE.sub(HIDDEN_PHONE, result)
        result = _ANY_EMAIL.sub(HIDDEN_EMAIL, result)
        for pattern, replacement in self._names:
            result = pattern.sub(replacement, result)
        return result


def redactor_for(
    profile: str,
    child_name: str,
    callers: Iterable[tuple[str, ...]],
    other_children: Iterable[str],
    commune: str = "",
) -> Redactor:
    """The redactor of a case: `callers` as (name, phone[, location]) tuples; `commune` is
    the child's commune name, hidden by the anonymous profile."""
    redactor = Redactor(check_profile(profile))
    if profile == FULL:
        return redactor
    for name, phone, *location in callers:
        if profile == REFERRAL and nfc(name).split() == nfc(child_name).split():
            name = ""  # the child called: the referral profile still names the child
        redactor.hide_name(name, HIDDEN_CALLER)
        redactor.hide_phone(phone)
        for place in location:
            redactor.hide_text(place, HIDDEN_PLACE)
    for name in other_children:
        if nfc(name).split() != nfc(child_name).split():
            redactor.hide_name(name, HIDDEN_CHILD)
    if profile == ANONYMOUS:
        redactor.hide_name(child_name, initials(child_name))
        redactor.hide_place(commune, HIDDEN_PLACE)
    return redactor
