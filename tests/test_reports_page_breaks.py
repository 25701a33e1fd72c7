"""Where pages break in the printouts (review i14 #6): the signature block never stands
alone on a page; the page holding "Nơi nhận" and the signatures also holds the
document's last section ("Kết quả" in a case summary)."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pdf_text import page_texts, squeeze
from test_reports_redaction import FRAME, _case_file

from desktop.reports.case_summary import render_case_summary

LINE = "Gặp gia đình, tư vấn tâm lý cho em và mẹ; hẹn lần sau ở nhà văn hoá tổ dân phố.\n"


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(lines=st.integers(0, 120))
@example(lines=31)  # on the old code page 3 held only the signatures (28..34 did)
def test_the_signature_page_always_carries_the_last_section(lines):
    case_file, _ = _case_file({"summary": LINE * lines})
    pages = page_texts(render_case_summary(case_file, "full", FRAME))
    signed = [squeeze(p) for p in pages if squeeze("Nơi nhận:") in squeeze(p)]
    assert len(signed) == 1 and signed[0] == squeeze(pages[-1])
    assert squeeze("Kết quả") in signed[0], (lines, len(pages))


def test_a_callers_phone_never_joins_a_right_to_left_name():
    """Review i14 #10: caller 'Trần Thị Ngọc Ánh 🙏 محمد', phone 0912345678 printed
    'Mẹ — Trần Thị Ngọc Ánh 🙏 0912345678 — محمد — …' (the number drawn into the Arabic
    run). The name, the phone and the place now print on rows of their own."""
    import dataclasses

    from test_reports_redaction import _printed

    case_file, _ = _case_file({})
    contact = case_file.contacts[0] | {
        "caller_relation": "mother",
        "caller_name": "Trần Thị Ngọc Ánh 🙏 محمد",
        "caller_phone": "0912345678",
        "caller_location": "Thôn Trà Kiệu",
    }
    printed = _printed(dataclasses.replace(case_file, contacts=[contact]), "full")
    assert squeeze("Điện thoại người gọi 0912345678") in printed
    assert squeeze("Nơi ở người gọi Thôn Trà Kiệu") in printed
    assert squeeze("Ánh 🙏 0912345678") not in printed
