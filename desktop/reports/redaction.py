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
# digits), with up to three spaces, dots, dashes, slashes or brackets between digits, and an
# opening bracket before it ("(0912) 345-678").
_SEP = r"[\s.\-()/]{0,3}"
_ANY_PHONE = re.compile(rf"(?<![\w+(])\(?(?:\+?\(?84\)?|0)(?:{_SEP}\d){{8,10}}(?!\w)(?:\)(?!\w))?")
_ANY_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")

# Words a caller field or a note puts around a name: kinship, honorifics, "của", "là".
# They are not part of the name ("chị Ánh – mẹ cháu" names "Ánh"; "(mẹ)" names no one).
RELATION_WORDS = frozenset(
    """anh chị em ông bà cô chú bác dì cậu mợ thím dượng mẹ bố cha ba má u bầm con cháu bé
    cu thằng ngoại nội nuôi kế ruột gái trai của là người nhà hàng xóm bạn thầy giáo viên
    họ chồng vợ đẻ trẻ mình ấy đó này chủ""".split()
)
# A name part: letters and combining marks (NFD text, Arabic harakat).
_LETTERS = r"(?:[^\W\d_]|[\u0300-\u036f\u064b-\u065f\u0670])+"
_WORD = re.compile(_LETTERS)
# Where one person's name ends inside a field: brackets, dashes, commas, slashes, emoji,
# digits, a change of script.
_SEGMENT_BREAK = re.compile(r"[^\w\s\u0300-\u036f\u064b-\u065f\u0670]|\d|_")
# A word that may stand before a hidden name as its family or middle name: capitalised.
_NAME_BEFORE = re.compile(rf"({_LETTERS})([ \t\u00a0\u200b-\u200d\u2060\ufeff]+)$")


def _fold_char(ch: str) -> str:
    """One character in the folded space names are matched in (`desktop.domain.text.fold`'s
    rules, a character at a time so a match maps back): no tone or other marks (NFD, so
    "Thuý"/"Thúy" and "Hoà"/"Hòa" fold alike), đ → d, lower case; format characters
    (zero-width space/joiners, soft hyphen, bidi marks: Unicode Cf) fold to nothing."""
    if unicodedata.category(ch) == "Cf":
        return ""
    bare = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "d").replace("ð", "d").lower()


def _folded(text: str, gap: str = "") -> tuple[str, list[int]]:
    """`text` folded (`_fold_char`), a format character folded to `gap` ("" inside a
    word, "Hò\u200ba"; " " between words, "Nguyễn\u200bHòa"), and for each folded
    character the index in `text` of the character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for piece in _fold_char(ch) or (gap if unicodedata.category(ch) == "Cf" else ""):
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


def _folded_pattern(words: list[str]) -> re.Pattern[str]:
    """A whole-word pattern for `words` in the folded space; between two words any run of
    white space, or none (a zero-width space folds to nothing: "Nguyễn\u200bThị")."""
    spaced = r"\s*".join(re.escape("".join(map(_fold_char, w))) for w in words)
    return re.compile(rf"(?<!\w){spaced}(?!\w)")


def _script(word: str) -> str:
    """A coarse script of `word`: 'arabic', 'hebrew', 'latin' or 'other'."""
    name = unicodedata.name(word[0], "")
    for script in ("ARABIC", "HEBREW", "LATIN", "CYRILLIC", "CJK"):
        if name.startswith(script):
            return script.lower()
    return "other"


def name_segments(typed: str) -> list[list[str]]:
    """The names a free-typed name field holds, as lists of words (NFC): split at brackets,
    dashes, commas, slashes, emoji, digits and changes of script; relation words and
    honorifics dropped from each end ("(mẹ)", "chị … – mẹ cháu"), a trailing one only when
    typed in lower case (so "Nguyễn Văn Ba" keeps "Ba").

    'Trần Thị Ngọc Ánh (mẹ) 🙏 محمد' → [['Trần', 'Thị', 'Ngọc', 'Ánh'], ['محمد']]."""
    segments: list[list[str]] = []
    for chunk in _SEGMENT_BREAK.split(nfc(typed)):
        words = _WORD.findall(chunk)
        runs: list[list[str]] = []
        for word in words:
            if runs and _script(runs[-1][-1]) == _script(word):
                runs[-1].append(word)
            else:
                runs.append([word])
        for run in runs:
            while run and run[0].lower() in RELATION_WORDS and len(run) > 1:
                run = run[1:]
            while run and run[-1].lower() in RELATION_WORDS and run[-1] == run[-1].lower():
                run = run[:-1]
            if run and not all(w.lower() in RELATION_WORDS for w in run):
                segments.append(run)
    return segments


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
    """Blanks out of free text the people a profile hides (each name a field holds, and
    every tail of it down to the given name, case-insensitively, in NFC or NFD, with the
    capitalised family/middle names typed before a hidden given name), their places, and
    every phone number and e-mail address however they are spaced."""

    profile: str
    # (pattern, replacement, is a person's name: extends over the names typed before it)
    _names: list[tuple[re.Pattern[str], str, bool]] = field(default_factory=list)
    _phones: list[re.Pattern[str]] = field(default_factory=list)
    _kept: list[re.Pattern[str]] = field(default_factory=list)

    @property
    def hides_callers(self) -> bool:
        return self.profile in (REFERRAL, ANONYMOUS)

    @property
    def hides_child(self) -> bool:
        return self.profile == ANONYMOUS

    def hide_name(self, typed: str, replacement: str) -> None:
        """Every name the field `typed` holds (see `name_segments`): the whole name and
        each of its tails ("Thị Ngọc Ánh", "Ngọc Ánh", "Ánh"), so "chị Ngọc Ánh" and
        "Người gọi: Trần Thị Ngọc Ánh" are blanked when the field says only "Ánh (mẹ)"."""
        for words in name_segments(typed):
            for start in range(len(words)):
                form = words[start:]
                if len(" ".join(form)) < 2:
                    continue
                self._names.append((_folded_pattern(form), replacement, True))

    def keep_name(self, full_name: str) -> None:
        """A name that prints even where a hidden name's tail matches inside it (the
        referral profile names the child: caller "Ánh", child "Lê Thị Ánh")."""
        words = nfc(full_name).split()
        if len(words) > 1:
            self._kept.append(_folded_pattern(words))

    def hide_place(self, name: str, replacement: str) -> None:
        """A commune: its full name ('Phường Hải Châu') and its bare name ('Hải Châu')."""
        place = nfc(name)
        if not place:
            return
        bare = re.sub(r"^(xã|phường|thị trấn|đặc khu)\s+", "", place, flags=re.IGNORECASE)
        for form in sorted({place, bare}, key=len, reverse=True):
            self._names.append((_folded_pattern(form.split()), replacement, False))

    def hide_phone(self, phone: str) -> None:
        number = digits(phone)
        if len(number) < 6:
            return
        spaced = _SEP.join(re.escape(d) for d in number)
        self._phones.append(re.compile(rf"(?<![\d(])\(?{spaced}(?!\d)(?:\)(?!\w))?"))

    def hide_text(self, text: str, replacement: str) -> None:
        """A one-line text as typed elsewhere (a caller's location), case-insensitively."""
        words = nfc(text).split()
        if len(" ".join(words)) < 2:
            return
        self._names.append((_folded_pattern(words), replacement, False))

    def _name_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Where `text` names a hidden person or place: (start, end, replacement), not
        overlapping, longest first; a person's span reaches back over up to three
        capitalised words that are not relation words ("Trần Thị Ngọc" before "Ánh").
        Matched in the folded space (`_folded`: "Nguyen Thi Thuy Hoa", "chị Hoà" for
        "Hòa", upper case, zero-width characters inside) and mapped back to `text`."""
        versions = [_folded(text, gap) for gap in ("", " ")]

        def back(origin: list[int], span: tuple[int, int]) -> tuple[int, int]:
            start, end = origin[span[0]], origin[span[1] - 1] + 1
            while end < len(text) and _fold_char(text[end]) == "":
                end += 1  # the marks (NFD) and zero-width characters the match ends on
            return start, end

        def where(pattern: re.Pattern[str]) -> set[tuple[int, int]]:
            return {
                back(origin, m.span())
                for folded, origin in versions
                for m in pattern.finditer(folded)
                if m.end() > m.start()
            }

        kept = [span for p in self._kept for span in where(p)]
        found: list[tuple[int, int, str]] = []
        for pattern, replacement, person in self._names:
            for start, end in sorted(where(pattern)):
                if any(k0 <= start and end <= k1 for k0, k1 in kept):
                    continue
                for _ in range(3 if person else 0):
                    before = _NAME_BEFORE.search(text, 0, start)
                    word = before.group(1) if before else ""
                    if not word or not word[0].isupper() or word.lower() in RELATION_WORDS:
                        break
                    start = before.start()
                found.append((start, end, replacement))
        found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        spans: list[tuple[int, int, str]] = []
        for start, end, replacement in found:
            if spans and start < spans[-1][1]:
                last = spans[-1]
                spans[-1] = (last[0], max(last[1], end), last[2])
            else:
                spans.append((start, end, replacement))
        return spans

    def clean(self, value: str | None) -> str:
        """A free-text field as this profile prints it: NFC, line breaks kept; in a redacted
        profile the hidden people and places, every phone number and e-mail address
        replaced; `OMITTED` for any non-empty text in the anonymous profile; "" for none."""
        result = unicodedata.normalize("NFC", value or "")
        if self.profile == FULL or not result.strip():
            return result
        if self.profile == ANONYMOUS:
            return OMITTED
        result = _ANY_PHONE.sub(HIDDEN_PHONE, result)
        for pattern in self._phones:  # the callers' own numbers, also if not Vietnamese
            result = pattern.sub(HIDDEN_PHONE, result)
        result = _ANY_EMAIL.sub(HIDDEN_EMAIL, result)
        pieces, at = [], 0
        for start, end, replacement in self._name_spans(result):
            pieces += [result[at:start], replacement]
            at = end
        return "".join(pieces) + result[at:]


def redactor_for(
    profile: str,
    child_name: str,
    callers: Iterable[tuple[str, ...]],
    other_children: Iterable[str],
    commune: str = "",
    representatives: Iterable[str] = (),
) -> Redactor:
    """The redactor of a case: `callers` as (name, phone[, location]) tuples;
    `representatives` the names of the child's representatives the consent records give
    (hidden like a caller); `commune` is the child's commune name, hidden by the anonymous
    profile."""
    redactor = Redactor(check_profile(profile))
    if profile == FULL:
        return redactor
    child_words = [w.casefold() for w in nfc(child_name).split()]
    if profile == REFERRAL:
        redactor.keep_name(child_name)  # the referral profile still names the child
    people = [(name, phone, *location) for name, phone, *location in callers]
    people += [(name, "") for name in representatives]
    for name, phone, *location in people:
        for words in name_segments(name):
            if profile == REFERRAL and [w.casefold() for w in words] == child_words:
                continue  # the child called
            redactor.hide_name(" ".join(words), HIDDEN_CALLER)
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
