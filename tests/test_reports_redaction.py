"""What a redacted case summary may print (issue 14, the fresh-eyes tester: the anonymous
profile printed the contact's summary as typed, so a name typed in it showed).

By kind: every text field of every record the summary reads is given a marker of its own;
a redacted print (`referral`, `anonymous`) is rendered to a real PDF and read back, and the
anonymous one shows none of the markers but those of the coded fields (codes, numbers,
times, staff usernames); the referral one shows none of the callers' names, phones and
places nor another child's name however they were typed into free text, and no phone
number or e-mail address at all."""

from __future__ import annotations

import dataclasses
import re
import string
import unicodedata
from datetime import UTC, datetime

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pdf_text import page_texts, squeeze

from desktop.domain.records import Case, CaseEntry, Child, Contact, Referral
from desktop.reports.case_summary import CaseFile, render_case_summary
from desktop.reports.pdf import PrintFrame
from desktop.reports.redaction import OMITTED, PROFILE_NOTES

# Text fields printed as they are in every profile: codes (printed as their labels),
# numbers, times and staff usernames, all checked by the services before they are stored.
CODED = {
    "number", "received_at", "occurred_at", "sent_at", "case_id", "child_id", "kind",
    "channel", "call_type", "caller_relation", "caller_age_band", "caller_sex", "risk",
    "status", "agency", "sex", "birth_date", "home_province_code", "home_commune_code",
    "harm_commune_code", "worker", "taxonomy_version", "assigned_to", "closure_reason",
    "perpetrator_relation",
    "closure_approved_by", "plan_decision_no", "closure_decision_no", "corrects_id",
    "assessment_due", "plan_due", "plan_approved_at", "closed_at", "emergency_due",
    "emergency_measure_at", "closure_approved_at", "duplicate_of",
}  # fmt: skip
RECORDS = (Child, Contact, Case, CaseEntry, Referral)
FRAME = PrintFrame(
    centre_name="Trung tâm Công tác xã hội Đà Nẵng",
    province_name="Thành phố Đà Nẵng",
    printed_by="quanly",
    printed_at=datetime(2026, 11, 30, 3, 0, tzinfo=UTC),
    title="TÓM TẮT HỒ SƠ TRƯỜNG HỢP",
    confidential=True,
    symbol="BC-TTCTXHĐN",
)
FAST = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example is a PDF
    suppress_health_check=[HealthCheck.too_slow],
)


def _text_fields(record: type) -> list[str]:
    """Every field of `record` that holds text (str, or str | None)."""
    return [
        f.name
        for f in dataclasses.fields(record)
        if f.name in record.content_fields() and "str" in str(f.type) and "list" not in str(f.type)
    ]


def _marker(entity: str, name: str) -> str:
    """A word no print writes by itself: 'Qzx' and the field's letters."""
    letters = "".join(c for c in f"{entity}{name}" if c.isalpha())
    return f"Qzx{letters}"


def _case_file(free: dict[str, str]) -> tuple[CaseFile, dict[str, str]]:
    """A case whose every non-coded text field holds its marker followed by `free[field]`
    (when given); returns the case file and the marker of each field."""
    markers: dict[str, str] = {}
    made: dict[str, dict] = {}
    for record in RECORDS:
        values = {}
        for name in _text_fields(record):
            if name in CODED:
                continue
            marker = _marker(record.entity, name)
            markers[f"{record.entity}.{name}"] = marker
            values[name] = f"{marker} {free.get(name, '')}".strip()
        made[record.entity] = record(**values).to_dict()
    child = made["child"] | {
        "id": "c1",
        "sex": "F",
        "birth_year": 2014,
        "home_commune_code": "20242",
    }
    contact = made["contact"] | {
        "number": "LH-2026-000001",
        "received_at": "2026-10-03T07:05:00+00:00",
        "child_ids": ["c1", "c2"],
    }
    case = made["case"] | {"number": "HS-2026-0001", "status": "intervention",
                           "received_at": "2026-10-03T07:05:00+00:00",
                           "plan_approved_at": "2026-10-09T03:00:00+00:00"}  # fmt: skip
    entries = [
        made["case_entry"] | {"kind": kind, "occurred_at": f"2026-10-0{i + 4}T03:00:00+00:00"}
        for i, kind in enumerate(("plan", "note", "intervention"))
    ]
    referral = made["referral"] | {"agency": "police", "sent_at": "2026-10-04T02:00:00+00:00"}
    other = {"id": "c2", "full_name": free.get("other_child", "Ngô Văn Tú"), "sex": "M"}
    return CaseFile(case, child, [contact], entries, [referral], [other]), markers


def _printed(case_file: CaseFile, profile: str) -> str:
    frame = dataclasses.replace(FRAME, profile_note=PROFILE_NOTES[profile])
    return squeeze(" ".join(page_texts(render_case_summary(case_file, profile, frame))))


def test_the_anonymous_profile_prints_no_name_typed_in_the_contact_summary():
    """The tester's case: the stepfather's name typed in the summary showed in the
    anonymous print (nothing told the desk it was a name)."""
    case_file, _ = _case_file({"summary": "Cha dượng là ông Trần Văn Bảo, ở tổ 5."})
    printed = _printed(case_file, "anonymous")
    assert squeeze("Trần Văn Bảo") not in printed
    assert squeeze(OMITTED) in printed
    assert squeeze("Trần Văn Bảo") in _printed(case_file, "full")


def test_no_text_field_of_any_record_prints_in_the_anonymous_profile():
    case_file, markers = _case_file({})
    printed = _printed(case_file, "anonymous")
    shown = {field for field, marker in markers.items() if marker in printed}
    assert shown == set(), f"printed as typed in the anonymous profile: {sorted(shown)}"
    full = _printed(case_file, "full")
    assert {f for f, m in markers.items() if m in full} >= {
        "contact.summary",
        "case_entry.text",
        "referral.reason",
        "referral.outcome",
        "child.address_text",
        "child.disability",
        "contact.caller_name",
    }  # fmt: skip — the same case printed in full shows them: the markers are findable


# Callers' and other children's names from different syllables, so that one is never
# a part of the other (the caller's marker would then stand where the child's is checked).
CALLERS = ["Nguyễn", "Trần", "Lê", "Thị", "Minh", "Hạnh", "Thuỷ", "Ánh", "Ngọc", "Yến"]
CHILDREN = ["Phạm", "Hoàng", "Văn", "Đức", "Quốc", "Bảo", "Khánh", "Tuấn", "Tú", "Long"]


def name(syllables: list[str]):
    return st.lists(st.sampled_from(syllables), min_size=2, max_size=4, unique=True).map(" ".join)


phone = st.tuples(
    st.sampled_from(["09", "03", "07", "08"]), st.text(string.digits, min_size=8, max_size=8)
).map("".join)


def _as_typed(draw, value: str) -> str:
    """`value` as someone might type it: any case, NFC or NFD."""
    value = draw(st.sampled_from([value, value.upper(), value.lower()]))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), value)


def _phone_as_typed(draw, number: str) -> str:
    style = draw(st.sampled_from(["plain", "spaced", "dotted", "plus84", "dashed"]))
    if style == "spaced":
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if style == "dotted":
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    if style == "dashed":
        return f"{number[:4]}-{number[4:]}"
    if style == "plus84":
        return f"+84 {number[1:4]} {number[4:]}"
    return number


@st.composite
def referral_story(draw) -> dict:
    caller, other = draw(name(CALLERS)), draw(name(CHILDREN))
    given_name = caller.split()[-1]
    number, stranger = draw(phone), draw(phone)
    place = draw(st.sampled_from(["Tổ 7 Thanh Khê", "Chợ Cồn", "Kiệt 12 Lê Duẩn"]))
    pieces = [
        f"bà {_as_typed(draw, caller)} gọi từ số {_phone_as_typed(draw, number)}",
        f"chị {_as_typed(draw, given_name)} đang ở {_as_typed(draw, place)}",
        f"em {_as_typed(draw, other)} cũng bị đánh",
        f"số khác {_phone_as_typed(draw, stranger)}, thư hanh.{draw(st.integers(1, 99))}@mail.vn",
    ]
    fields = ["summary", "text", "reason", "outcome"]
    free = {f: "; ".join(draw(st.permutations(pieces))) for f in fields}
    return {
        "free": free,
        "caller": caller,
        "given": given_name,
        "phones": [number, stranger],
        "place": place,
        "other": other,
    }


@FAST
@given(story=referral_story())
def test_the_referral_profile_prints_no_caller_no_other_child_and_no_phone(story):
    case_file, _ = _case_file({**story["free"], "other_child": story["other"]})
    contact = case_file.contacts[0] | {
        "caller_name": story["caller"],
        "caller_phone": story["phones"][0],
        "caller_location": story["place"],
    }
    case_file = dataclasses.replace(case_file, contacts=[contact])
    printed = _printed(case_file, "referral")
    folded = printed.lower()
    for hidden in (story["caller"], f"chị {story['given']}", story["place"], story["other"]):
        assert squeeze(hidden).lower() not in folded, hidden
    digits_only = "".join(c for c in printed if c.isdigit())
    for number in story["phones"]:
        assert number[1:] not in digits_only, number
    assert "@mail.vn" not in printed
    assert squeeze("[người gọi]") in printed and squeeze("[trẻ em khác]") in printed


# ---------------------------------------------------------------- names however typed
# Review i14 finding 1: the referral profile blanked a caller only where the caller field's
# exact text appeared, so "Trần Thị Ngọc Ánh (mẹ)", an emoji or a second script in the
# field, or a field holding only "Ánh", let the name print in the summary and notes.

FAMILIES = ("Trần", "Nguyễn", "Lê", "Phạm", "Đặng", "Huỳnh")
MIDDLES = ("Thị", "Văn", "Thị Ngọc", "Hữu", "Minh", "")
GIVENS = ("Ánh", "Hoà", "Dũng", "Thuỷ", "Quyết", "Yến")


@st.composite
def typed_caller(draw):
    """A person's name and the caller field as an intake worker might type it."""
    words = [draw(st.sampled_from(FAMILIES)), *draw(st.sampled_from(MIDDLES)).split()]
    words.append(draw(st.sampled_from(GIVENS)))
    full = " ".join(words)
    core = draw(st.sampled_from([full, words[-1], " ".join(words[-2:]), f"{words[0]} {words[-1]}"]))
    field = draw(
        st.sampled_from(
            [
                "{}",
                "{} (mẹ)",
                "chị {} – mẹ cháu",
                "{} 🙏 محمد",
                "Bà {}",
                "{}, bà ngoại",
                "{} / mẹ kế",
            ]
        )
    ).format(core)
    field = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), field)
    # The consent record names the representative in full when the field does not.
    representative = "" if core == full else full
    return words, field, representative


# Old-style and new-style tone placement (thuỷ/thủy, hoà/hòa): NFC does not unify them.
TONE_PLACEMENT = {"Hoà": "Hòa", "Thuỷ": "Thủy", "hoà": "hòa", "thuỷ": "thủy"}


def _respell(text: str, variant: str) -> str:
    """`text` as people also type it (review i14b #2): the other tone placement, no
    diacritics (Zalo/SMS), or with zero-width spaces inside and between words."""
    if variant == "tone":
        for old, new in TONE_PLACEMENT.items():
            text = text.replace(old, new)
    elif variant == "unaccented":
        bare = unicodedata.normalize("NFD", text)
        text = "".join(c for c in bare if not unicodedata.combining(c))
        text = text.replace("đ", "d").replace("Đ", "D")
    elif variant == "zero_width":
        text = re.sub(r"(?<=\w)(\w)", lambda m: "\u200b" + m.group(1), text, count=0)
        text = text.replace(" ", "\u200b ")
    return text


def _spell(text: str, how: tuple[str, ...]) -> str:
    text = _respell(text, how[2]) if len(how) > 2 else text
    text = {"upper": text.upper(), "lower": text.lower(), "as": text}[how[0]]
    return unicodedata.normalize(how[1], text)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    caller=typed_caller(),
    how=st.tuples(
        st.sampled_from(["upper", "lower", "as"]),
        st.sampled_from(["NFC", "NFD"]),
        st.sampled_from(["as", "tone", "unaccented", "zero_width"]),
    ),
)
def test_the_referral_profile_blanks_a_caller_however_the_name_field_and_the_text_spell_it(
    caller, how
):
    """Review i14b #2: "Nguyen Thi Thuy Hoa", "chị Hoà" for "Hòa", upper case and
    zero-width spaces printed unblanked; names are matched in the folded space."""
    from desktop.domain.text import fold
    from desktop.reports.redaction import redactor_for

    words, field, representative = caller
    full, given_name = " ".join(words), words[-1]
    redactor = redactor_for(
        "referral",
        "Phan Thị Thùy Dương",
        [(field, "0905111222", "")],
        [],
        representatives=[representative] if representative else [],
    )
    mentions = [
        f"Người gọi: {full}.",
        f"Chị {given_name} nói cháu bị đánh.",
        f"chị {' '.join(words[-2:])} đến nhà",
        f"mẹ là {full} (mẹ đẻ)",
    ]
    printed = redactor.clean("\n".join(_spell(m, how) for m in mentions))
    folded = fold(printed.replace("\u200b", ""))
    for word in {words[0], given_name}:
        assert not re.search(rf"\b{fold(word)}\b", folded), (field, printed)
    assert "phan thi thuy duong" not in folded  # (not mentioned) — nothing else printed
    assert printed.count("[người gọi]") >= len(mentions), printed


def test_the_referral_profile_blanks_the_caller_typed_with_relation_emoji_and_second_script():
    """The tester's examples: the caller field 'Trần Thị Ngọc Ánh (mẹ)', 'Trần Thị Ngọc Ánh
    🙏 محمد', only 'Ánh' (the consent names the representative), 'chị Ánh – mẹ cháu'."""
    from desktop.reports.redaction import redactor_for

    text = (
        "Người gọi: Trần Thị Ngọc Ánh. Chị Ánh nói cháu bị đánh. chị Ngọc Ánh gọi lại;"
        " anh محمد cũng biết. Cháu Phạm Thị Thùy Dương ở nhà."
    )
    for field, representative in (
        ("Trần Thị Ngọc Ánh (mẹ)", ""),
        ("Trần Thị Ngọc Ánh 🙏 محمد", ""),
        ("Ánh", "Trần Thị Ngọc Ánh"),
        ("chị Ánh – mẹ cháu", "Trần Thị Ngọc Ánh"),
    ):
        redactor = redactor_for(
            "referral", "Phạm Thị Thùy Dương", [(field, "", "")], [], [representative]
        )
        printed = redactor.clean(text)
        for part in ("Trần", "Ngọc", "Ánh"):
            assert part not in printed, (field, printed)
        if "محمد" in field:
            assert "محمد" not in printed
        assert "Phạm Thị Thùy Dương" in printed  # the referral profile names the child


def test_a_referral_print_blanks_the_caller_field_with_a_relation_and_the_consent_representative():
    """The PDF of the tester's case: caller 'Trần Thị Ngọc Ánh (mẹ)' and, on a second
    contact, only 'Ánh' with the consent's representative in full."""
    case_file, _ = _case_file(
        {"summary": "Người gọi: Trần Thị Ngọc Ánh. Chị Ánh nói cháu bị đánh. (0912) 345-678"}
    )
    first = case_file.contacts[0] | {"caller_name": "Trần Thị Ngọc Ánh (mẹ)"}
    second = first | {
        "caller_name": "Ánh",
        "consent": {"representative_name": "Trần Thị Ngọc Ánh"},
    }
    printed = _printed(dataclasses.replace(case_file, contacts=[first, second]), "referral")
    assert "Ngọc Ánh" not in printed and "Chị Ánh" not in printed and "Trần Thị" not in printed
    assert "345" not in printed
    assert squeeze("Người gọi: [người gọi]") in printed


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    number=st.text("0123456789", min_size=9, max_size=9).map(lambda d: "09" + d[1:]),
    style=st.sampled_from(
        ["({}) {}-{}", "{}.{}.{}", "{} {} {}", "{}-{}-{}", "({})-{}.{}", "{} / {} {}", "{}{}{}"]
    ),
    cut=st.tuples(st.integers(3, 4), st.integers(6, 7)),
)
def test_every_spelling_of_a_phone_number_is_blanked_in_the_referral_profile(number, style, cut):
    """Review i14 finding 2: "(0912) 345-678" printed as typed."""
    from desktop.reports.redaction import HIDDEN_PHONE, redactor_for

    typed = style.format(number[: cut[0]], number[cut[0] : cut[1]], number[cut[1] :])
    printed = redactor_for("referral", "Lê Văn Bảo", [], []).clean(f"Gọi V13=[{typed}] nhé")
    assert printed == f"Gọi V13=[{HIDDEN_PHONE}] nhé", (typed, printed)


def test_a_phone_number_in_brackets_and_dashes_is_blanked():
    from desktop.reports.redaction import HIDDEN_PHONE, redactor_for

    redactor = redactor_for("referral", "Lê Văn Bảo", [], [])
    assert redactor.clean("V13=[(0912) 345-678]") == f"V13=[{HIDDEN_PHONE}]"


def test_anonymous_initials_take_letters_only():
    """Review i14 #11: 'P.T.T.D.👧.' — an emoji typed in the name made an initial."""
    from desktop.domain.text import initials

    assert initials("Phạm Thị Thùy Dương 👧🏽") == "P.T.T.D."
    assert initials("Đặng Thị Hoà") == "Đ.T.H."


def test_the_referral_profile_blanks_the_testers_other_spellings_of_the_caller():
    """Review i14b #2, case n1 (caller and representative "Nguyễn Thị Thúy Hòa"): old-style
    tone placement, no diacritics, upper case and a zero-width space each printed the name."""
    from desktop.reports.redaction import redactor_for

    caller = "Nguyễn Thị Thúy Hòa"
    redactor = redactor_for(
        "referral", "Lê Văn An", [(caller, "0905 123 456", "")], ["Nguyễn Văn Thuỵ"],
        representatives=[caller],
    )  # fmt: skip
    lines = {
        "Nguyễn Thị Thuý Hoà": "[người gọi]",
        "chị Hoà": "chị [người gọi]",
        "chị Thuý Hoà": "chị [người gọi]",
        "Nguyen Thi Thuy Hoa": "[người gọi]",
        "chi Hoa": "chi [người gọi]",
        "NGUYEN THI THUY HOA": "[người gọi]",
        "Nguyễn\u200bHòa": "[người gọi]",
        "Nguyễn\u200b Thị Thúy Hòa": "[người gọi]",
        "Nguyễn Văn Thụy": "[trẻ em khác]",
        "Nguyen Van Thuy": "[trẻ em khác]",
        "Lê Văn An": "Lê Văn An",  # the child the referral is about still prints
    }
    assert {line: redactor.clean(line) for line in lines} == lines
