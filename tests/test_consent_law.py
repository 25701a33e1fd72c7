"""Consent and legal basis per purpose (issue 12): Law 91/2025/QH15 (processing without
consent only on a legal basis, Art. 19) and the Law on Children 2016 Art. 33 (from 7 years
the child's consent as well as the representative's). Real SQLCipher desks, PDFs read back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_text import page_texts, squeeze

from desktop.domain import consent
from desktop.errors import ConsentMissing
from desktop.services import Workspace

ANSWER = st.sampled_from([None, True, False])
BASES = ["consent", *consent.legal_bases()]


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    child=ANSWER,
    representative=ANSWER,
    basis=st.sampled_from(BASES),
    age=st.one_of(st.none(), st.integers(0, 17)),
    purpose=st.sampled_from(consent.PURPOSES),
    flat=st.booleans(),
)
def test_law91_art19_and_children_art33_any_recorded_answer_decides_as_the_law_reads(
    child, representative, basis, age, purpose, flat
):
    """Property over every answer, basis, age and purpose, in both record shapes: allowed
    exactly when a legal basis is recorded, or the representative agreed and — from 7
    years, or when the age is not known — the child agreed too. Each decision says why
    in both languages."""
    if flat:  # the shape of records made before 2027.1
        record = {"child": child, "representative": representative, "purpose": purpose}
        if basis != "consent":
            record["legal_basis"] = basis
        if child is None and representative is None and basis == "consent":
            record = {}
    else:
        answer = {"child": child, "representative": representative, "basis": basis}
        record = {"purposes": {purpose: answer}}
    decision = consent.decide(record, purpose, age)
    asked = bool(record)
    child_needed = age is None or age >= consent.CHILD_CONSENT_AGE
    expected = asked and (
        basis != "consent" or (representative is True and (child is True or not child_needed))
    )
    assert decision.allowed is expected
    assert decision.basis == ((basis if basis != "consent" else "consent") if expected else "")
    assert decision.vi and decision.en
    # Another purpose is never allowed by this purpose's answer.
    other = next(p for p in consent.PURPOSES if p != purpose)
    assert not consent.decide(record, other, age).allowed


CALL = {
    "received_at": "2026-10-05T09:30:00+07:00",
    "channel": "phone",
    "call_type": "emergency",
    "caller": {"relation": "neighbour", "name": "Hồ Văn Tư", "phone": "0935111222"},
    "children": [{"full_name": "Võ Minh Khang", "sex": "M", "birth_year": 2014}],
    "categories": ["violence.physical"],
    "risk": "urgent",
    "summary": "Hàng xóm nghe tiếng trẻ khóc, bị đánh.",
}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    data = tmp_path_factory.mktemp("desk") / "desk"
    Workspace.init(
        data,
        centre="Trung tâm CTXH",
        province_code="48",
        admin_username="admin",
        admin_password="admin-pass-1",
    )
    with Workspace.open(data, "admin", "admin-pass-1") as ws:
        ws.add_user("minh", "manager", "minh-pass-123")
    ws = Workspace.open(data, "minh", "minh-pass-123")
    yield ws
    ws.close()


def _case(ws: Workspace, answer: dict | None, birth_year: int = 2014) -> str:
    call = {**CALL, "children": [{**CALL["children"][0], "birth_year": birth_year}]}
    if answer is not None:
        call["consent"] = {"purposes": {"referral": answer}}
    return ws.open_case(ws.record_contact(call).number).number


def test_law91_a_referral_print_without_consent_or_basis_is_refused_and_nothing_written(
    desk, tmp_path
):
    """Law 91/2025: disclosing a child's data to another agency needs consent or a legal
    basis. Before 2027.1 the referral print went out with neither recorded."""
    number = _case(desk, None)
    with pytest.raises(ConsentMissing) as refused:
        desk.reports.case_summary(number, "referral").save(tmp_path / "ref.pdf")
    assert "chuyển gửi" in refused.value.message_vi and "referral" in refused.value.message_en
    assert not (tmp_path / "ref.pdf").exists()
    shown = desk.get_case(number).consent.decisions["referral"]
    assert shown.allowed is False and shown.basis == ""


def test_children_art33_a_child_of_seven_or_more_must_agree_too(desk):
    """Law on Children Art. 33: the representative's yes alone is not enough from 7."""
    number = _case(desk, {"representative": True, "child": None})  # born 2014: 12
    with pytest.raises(ConsentMissing) as refused:
        desk.reports.case_summary(number, "referral")
    assert "trẻ em" in refused.value.message_vi
    young = _case(desk, {"representative": True}, birth_year=2021)  # 5 at the print
    assert desk.reports.case_summary(young, "referral").pdf


def test_law91_art19_the_referral_page_says_which_basis_applied(desk):
    agreed = _case(desk, {"child": True, "representative": True})
    text = squeeze(" ".join(page_texts(desk.reports.case_summary(agreed, "referral").pdf)))
    assert squeeze("Căn cứ chia sẻ thông tin") in text
    assert squeeze("Có sự đồng ý của trẻ em và người đại diện") in text
    urgent = _case(desk, {"child": False, "basis": "emergency_life_health"})
    text = squeeze(" ".join(page_texts(desk.reports.case_summary(urgent, "referral").pdf)))
    assert squeeze("Không cần sự đồng ý: Bảo vệ tính mạng, sức khoẻ") in text
    assert squeeze("Luật 91/2025/QH15, Điều 19") in text
    # The full profile stays the centre's own file: no basis is printed or needed.
    assert desk.reports.case_summary(_case(desk, None), "full").pdf


def test_decree356_a_referral_print_leaves_sensitive_data_out_unless_chosen(desk):
    """Decree 356/2025: ethnicity, HIV and the details of sexual abuse are sensitive. A
    referral print printed them all before; now it says it left them out, and prints them
    only when the manager chooses to (audited)."""
    call = {
        **CALL,
        "children": [
            {
                **CALL["children"][0],
                "ethnicity": "Hmông",
                "special_groups": ["dd", "i"],
            }
        ],
        "categories": ["sexual_abuse.rape", "physical_health.hiv"],
        "consent": {"purposes": {"referral": {"child": True, "representative": True}}},
    }
    number = desk.open_case(desk.record_contact(call).number).number
    text = squeeze(" ".join(page_texts(desk.reports.case_summary(number, "referral").pdf)))
    for hidden in ("Mông", "HIV", "Hiếp dâm"):
        assert squeeze(hidden) not in text, hidden
    assert squeeze("Không in (dữ liệu nhạy cảm)") in text
    assert squeeze("Xâm hại tình dục") in text  # the form of abuse stays
    chosen = desk.reports.case_summary(number, "referral", include_sensitive=True).pdf
    text = squeeze(" ".join(page_texts(chosen)))
    for shown in ("Mông", "HIV", "Hiếp dâm"):
        assert squeeze(shown) in text, shown
    row = desk.conn.execute(
        "SELECT detail FROM audit_event WHERE action = 'print' ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert '"sensitive":true' in row[0].replace(" ", "")
    full = squeeze(" ".join(page_texts(desk.reports.case_summary(number, "full").pdf)))
    assert squeeze("Dân tộc Mông") in full  # coded '08'; the centre's own file keeps all


def test_law91_withdrawn_consent_stops_the_referral_print_a_legal_basis_does_not(desk):
    """Law 91/2025: consent may be withdrawn at any time; what rested on it stops (the
    referral print is refused), what rests on a legal basis stays."""
    agreed = _case(desk, {"child": True, "representative": True})
    assert desk.reports.case_summary(agreed, "referral").pdf
    assert desk.rights.withdraw_consent(agreed, ["referral"])
    with pytest.raises(ConsentMissing):
        desk.reports.case_summary(agreed, "referral")
    emergency = _case(desk, {"basis": "emergency_life_health"})
    desk.rights.withdraw_consent(emergency)  # every purpose
    assert desk.reports.case_summary(emergency, "referral").pdf  # the basis stands


def test_decree356_a_view_of_sensitive_data_is_marked_in_the_audit_log(desk):
    """Decree 356/2025: every view of sensitive data is audited as such (a plain view
    before)."""
    call = {**CALL, "children": [{**CALL["children"][0], "ethnicity": "Mông"}]}
    number = desk.open_case(desk.record_contact(call).number).number
    plain = desk.open_case(desk.record_contact({**CALL, "summary": "Khác."}).number).number
    for case_number, marked in ((number, True), (plain, False)):
        desk.get_case(case_number)
        detail = desk.conn.execute(
            "SELECT detail FROM audit_event WHERE action = 'view' ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
        assert ('"sensitive"' in (detail or "")) is marked, case_number


def test_law91_an_unchecked_purpose_is_not_shown_as_a_bare_not_allowed(desk, tmp_path):
    """Review i12 #9: printing and sharing showed "not allowed" while the full print went
    out and sync pushed the child. The desk checks only the referral print, so each
    decision says whether it is enforced, and an unchecked refusal says so."""
    number = _case(desk, None)
    decisions = desk.get_case(number).consent.to_dict()["decisions"]
    assert decisions["referral"]["enforced"] is True
    for purpose in ("printing", "sharing", "counselling"):
        shown = decisions[purpose]
        assert shown["allowed"] is False and shown["enforced"] is False
        assert "does not check it" in shown["en"] and "không chặn" in shown["vi"]
    desk.reports.case_summary(number, "full").save(tmp_path / "full.pdf")  # goes ahead
    assert (tmp_path / "full.pdf").exists()
    assert "does not check" not in decisions["referral"]["en"]
