"""Text as typed (issue 10, finding 5): what a worker types in a multi-line field is what
every copy keeps — on this desk, on central, on the other desk of the province — except
for NFC normalisation. Line breaks (\\n, \\r\\n), tabs, runs of spaces, leading and
trailing blanks and punctuation all survive. One-line fields (names, phones) are NFC and
trimmed at both ends, nothing more.
"""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_harness import contact

from desktop.domain.text import nfc

# What a worker types, the protocol's value limits aside (no NUL, no lone surrogates, no
# unassigned code points or other non-characters): letters with their marks in either
# form, digits, punctuation, symbols and every kind of blank and line break.
TYPED_PIECES = st.one_of(
    st.text(
        st.characters(
            whitelist_categories=("L", "M", "N", "P", "S", "Zs", "Zl", "Zp"),
            whitelist_characters="\n\r\t",
        ),
        max_size=40,
    ),
    st.sampled_from(
        [
            "\n",
            "\r\n",
            "\t",
            "   ",
            "\n\n",
            unicodedata.normalize("NFD", "Mẹ gọi báo:"),
            unicodedata.normalize("NFD", "Đặng Thị Hoà"),
            "Bố đánh, con sợ — “không dám về”…",
            "1. ",
            "2. ",
            "- ",
        ]
    ),
)
TYPED = st.lists(TYPED_PIECES, max_size=8).map("".join)
EXAMPLE = "Mẹ gọi báo:\n1. Con bị bố đánh tối qua.\n2. Con đang ở nhà bà ngoại.\n"

SLOW_OK = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _case_on(desk) -> str:
    saved = desk.ws.record_contact(contact(0, children=True, province=desk.ws.province_code))
    return desk.ws.open_case(saved.id).id


def _entry_texts(ws, case_id: str) -> list[str]:
    return [e.text for e in ws.get_case(case_id).entries if e.kind == "note"]


def test_multi_line_text_reads_back_as_typed_here_and_on_the_other_desk(central, desk_factory):
    a = desk_factory(central)
    b = desk_factory(central)
    case_id = _case_on(a)

    @SLOW_OK
    @given(summary=TYPED, note=TYPED.filter(lambda t: t.strip()), reason=TYPED)
    def saved_anywhere_reads_back_as_nfc(summary: str, note: str, reason: str) -> None:
        data = contact(1)
        data["summary"] = summary
        contact_id = a.ws.record_contact(data).id
        a.ws.add_entry(case_id, "note", note)
        referral_id = a.ws.add_referral(case_id, "police", "Lý do:\n" + reason).id

        here = a.ws.get_contact(contact_id)
        assert here["summary"] == nfc(summary)
        assert _entry_texts(a.ws, case_id)[-1] == nfc(note)

        a.sync()
        b.sync()
        there = b.ws.get_contact(contact_id)
        assert there["summary"] == nfc(summary)
        assert _entry_texts(b.ws, case_id)[-1] == nfc(note)
        referrals = {r.id: r for r in b.ws.get_case(case_id).referrals}
        assert referrals[referral_id].reason == nfc("Lý do:\n" + reason)

        # The other desk edits it and the first desk gets back exactly that.
        b.ws.update_contact(contact_id, {"summary": reason + "\n" + summary})
        b.sync()
        a.sync()
        assert a.ws.get_contact(contact_id)["summary"] == nfc(reason + "\n" + summary)

    saved_anywhere_reads_back_as_nfc()


def test_mother_s_numbered_report_keeps_its_lines_through_sync(central, desk_factory):
    """Regression: "Mẹ gọi báo:\\n1. …\\n2. …" was stored as one line."""
    a = desk_factory(central)
    b = desk_factory(central)
    data = contact(0)
    data["summary"] = unicodedata.normalize("NFD", EXAMPLE)
    contact_id = a.ws.record_contact(data).id
    case_id = _case_on(a)
    a.ws.move_case(case_id, "initial_assessment")
    a.ws.move_case(case_id, "needs_assessment", {"assessment": EXAMPLE, "risk": "high"})

    a.sync()
    b.sync()

    assert a.ws.get_contact(contact_id)["summary"] == EXAMPLE
    assert b.ws.get_contact(contact_id)["summary"] == EXAMPLE
    texts = [e.text for e in b.ws.get_case(case_id).entries if e.kind == "assessment"]
    assert texts == [EXAMPLE]


def test_one_line_fields_are_nfc_and_trimmed_only(central, desk_factory):
    a = desk_factory(central)
    data = contact(0, children=True)
    data["caller"]["name"] = unicodedata.normalize("NFD", "  Lê  Thị Hạnh \n")
    data["children"][0]["full_name"] = unicodedata.normalize("NFD", "\tĐặng Thị  Hoà ")
    saved = a.ws.get_contact(a.ws.record_contact(data).id)

    assert saved["caller_name"] == "Lê  Thị Hạnh"
    child = saved["children"][0]
    assert child["full_name"] == "Đặng Thị  Hoà"
    assert (child["family_name"], child["middle_name"], child["given_name"]) == (
        "Đặng",
        "Thị",
        "Hoà",
    )
