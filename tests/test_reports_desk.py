"""A centre manager prints case summaries, the monthly report and a thematic report from a
real encrypted desk seeded through the services; every PDF is read back with pypdf."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import unicodedata
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.text import initials
from desktop.errors import PermissionDenied, ValidationError
from desktop.services import Workspace

VN = timezone(timedelta(hours=7))


# The printouts through the one door (`ws.reports`), saved where a user would choose.
def build_case_summary(ws, number, out_path, redact="full"):
    return ws.reports.case_summary(number, redact).save(out_path)


def build_monthly(ws, month, out_path, csv_path=None):
    return ws.reports.monthly(month, csv=csv_path is not None).save(out_path, csv_path)


def build_thematic(ws, from_ym, to_ym, out_path, category=None, case_numbers=()):
    return ws.reports.thematic(from_ym, to_ym, category, case_numbers).save(out_path)


ADMIN_PW = "Admin-pass-2026!"
MANAGER_PW = "Manager-pass-2026!"
WORKER_PW = "Worker-pass-2026!"
CHILD = "Đặng Thị Hoà"
CALLER = "Lê Thị Hạnh"
CALLER_PHONE = "0905123456"
OTHER_CHILD = "Ngô Văn Tú"
COMMUNE = "20242"  # Phường Hải Châu, Đà Nẵng
COMMUNES = ["20242", "20275", "20224", "20260"]
CHANNELS = ["phone", "phone", "phone", "chat", "walk_in", "letter"]
CALL_TYPES = ["counselling", "information", "silent", "prank", "emergency"]
CATEGORIES = [
    "violence.physical",
    "violence.emotional",
    "sexual_abuse",
    "neglect",
    "education",
    "family_relationships",
]
SERVICES = ["answer_question", "information", "counselling", "connect_services"]
RELATIONS = ["self", "mother", "father", "teacher", "neighbour"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Phạm Minh Khoa", "Huỳnh Thị Thuỷ", "Võ Đức Long"]
MONTHS = ["2026-10", "2026-09", "2025-10", "2026-08"]


def text_of(path: Path) -> str:
    """The PDF's text with every run of white space made one space (table cells come back
    one per line)."""
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def local_month(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(VN).strftime("%Y-%m")


def _random_contact(rng: random.Random, month: str) -> dict:
    day, hour = rng.randint(1, 28), rng.randint(0, 23)
    children = []
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        children.append(
            {
                "full_name": rng.choice(NAMES),
                "sex": rng.choice("FFMMU"),
                "birth_year": rng.choice([2009, 2012, 2015, 2019, 2022]),
                "province_code": "48",
                "commune_code": rng.choice(COMMUNES),
            }
        )
    return {
        "received_at": f"{month}-{day:02d}T{hour:02d}:15:00+07:00",
        "channel": rng.choice(CHANNELS),
        "call_type": rng.choice(CALL_TYPES),
        "caller": {"relation": rng.choice(RELATIONS)},
        "children": children,
        "categories": rng.sample(CATEGORIES, rng.choice([0, 1, 2])),
        "services": rng.sample(SERVICES, rng.choice([1, 2])),
        "risk": rng.choice(["low", "medium", "high"]),
        "summary": "Cuộc gọi tư vấn.",
    }


def _seed(ws: Workspace) -> dict:
    rng = random.Random(20261003)
    with ws.batch():
        for month in MONTHS:
            for _ in range(rng.randint(25, 40)):
                ws.record_contact(_random_contact(rng, month))
        # Edges of the local month: both belong to the month named by Vietnam time.
        for iso in ("2026-10-31T23:50:00+07:00", "2026-09-30T17:30:00+00:00"):
            edge = _random_contact(rng, "2026-10")
            edge["received_at"] = iso
            ws.record_contact(edge)
    hoa = ws.record_contact(
        {
            "received_at": "2026-10-03T14:05:00+07:00",
            "channel": "phone",
            "call_type": "emergency",
            "caller": {"relation": "mother", "name": CALLER, "phone": CALLER_PHONE},
            "children": [
                {
                    "full_name": CHILD,
                    "sex": "F",
                    "birth_date": "2014-05-02",
                    "province_code": "48",
                    "commune_code": COMMUNE,
                    "address_text": "Tổ 5, phường Hải Châu 1, quận Hải Châu",
                    "school": "Trường THCS Nguyễn Huệ",
                },
                {
                    "full_name": OTHER_CHILD,
                    "sex": "M",
                    "birth_year": 2016,
                    "province_code": "48",
                    "commune_code": COMMUNE,
                },
            ],
            "categories": ["violence.physical"],
            "services": ["counselling", "forward_authorities"],
            "risk": "urgent",
            "summary": f"Bà {CALLER} (0905 123 456) báo {CHILD} bị cha dượng đánh;"
            f" em {OTHER_CHILD} cũng ở cùng nhà.",
            "consent": {"purposes": {"referral": {"child": True, "representative": True}}},
        }
    )
    case = ws.open_case(hoa.number, assigned_to="thanh")
    ws.move_case(case.id, "initial_assessment", {})
    ws.move_case(
        case.id,
        "needs_assessment",
        {"assessment": f"Đã gặp {CHILD} tại nhà, có vết bầm ở tay.", "risk": "high"},
    )
    ws.move_case(case.id, "plan", {"assessment": "Cần tư vấn tâm lý và làm việc với gia đình."})
    ws.move_case(
        case.id,
        "intervention",
        {
            "plan": f"Tư vấn tâm lý hằng tuần cho {CHILD}; làm việc với mẹ là bà {CALLER}.",
            "approved_by": "Chủ tịch UBND phường Hải Châu",
            "approved_at": "2026-10-09T10:00:00+07:00",
            "decision_no": "27/QĐ-UBND",
        },
    )
    ws.add_entry(case.id, "intervention", "Buổi tư vấn đầu tiên.")
    referral = ws.add_referral(
        case.id,
        "police",
        "Bạo lực gia đình",
        "2026-10-04T09:00:00+07:00",
        "Công an phường Hải Châu",
    )
    ws.update_referral(referral.id, "accepted", "Đã xác minh")
    # Two more cases from October contacts: one closed, one still at the start.
    october = [
        r["number"]
        for r in ws.conn.execute(
            "SELECT number FROM contact WHERE received_at LIKE '2026-10-1%' AND json_array_length("
            "child_ids) > 0 AND case_id IS NULL ORDER BY number LIMIT 2"
        )
    ]
    closed = ws.open_case(october[0])
    ws.move_case(closed.id, "closed", {"closure_reason": "duplicate"})
    ws.open_case(october[1], urgent=True)
    return {"case": case.number, "others": october}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("desk")
    Workspace.init(
        data_dir,
        centre="Trung tâm Công tác xã hội Đà Nẵng",
        province_code="48",
        admin_username="admin",
        admin_password=ADMIN_PW,
    )
    with Workspace.open(data_dir, "admin", ADMIN_PW) as admin:
        admin.add_user("quanly", "manager", MANAGER_PW, full_name="Lê Văn Quản")
        admin.add_user("thanh", "caseworker", WORKER_PW, full_name="Phan Thị Thanh")
    ws = Workspace.open(data_dir, "quanly", MANAGER_PW)
    seeded = _seed(ws)
    yield ws, seeded, data_dir
    ws.close()


def _rows(ws: Workspace, sql: str) -> list[dict]:
    cursor = ws.conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# ---------------------------------------------------------------- case summary


def test_full_case_summary_names_everyone_exactly_and_is_marked_secret(desk, tmp_path):
    ws, seeded, _ = desk
    out = build_case_summary(ws, seeded["case"], tmp_path / "full.pdf")
    text = text_of(out)
    assert unicodedata.is_normalized("NFC", text)
    for expected in (
        CHILD,
        CALLER,
        CALLER_PHONE,
        OTHER_CHILD,
        seeded["case"],
        "MẬT",
        "Phường Hải Châu",
        "02/05/2014",
        "Trường THCS Nguyễn Huệ",
        "Chủ tịch UBND phường Hải Châu",
        "Công an",
        "Đã tiếp nhận",
    ):
        assert expected in text, expected
    pages = pypdf.PdfReader(out).pages
    for number, page in enumerate(pages, start=1):
        page_text = page.extract_text()
        assert f"Trang {number}/{len(pages)}" in page_text
        assert "In bởi: Lê Văn Quản (quanly)" in page_text
        assert "MẬT" in page_text


def test_case_summary_judges_the_deadlines_of_decree_56(desk, tmp_path):
    ws, seeded, _ = desk
    case = ws.get_case(seeded["case"])
    text = text_of(build_case_summary(ws, seeded["case"], tmp_path / "steps.pdf"))
    # The moves were made now, long after the October deadlines: the plan was late, and the
    # urgent case never got its 12-hour emergency measure (Decree 56 Art. 26.3).
    first_plan = min(e.occurred_at for e in case.entries if e.kind == "plan")
    assert datetime.fromisoformat(first_plan) > datetime.fromisoformat(case.case.plan_due)
    assert text.count("Trễ hạn") == 1
    assert "Biện pháp khẩn cấp, tạm thời cách ly (Điều 26.3)" in text
    assert "Quá hạn, chưa thực hiện" in text
    assert "quyết định số 27/QĐ-UBND" in text
    assert "▶ Tổ chức thực hiện kế hoạch" in text  # the step's one name (docs/glossary.md)


def test_case_summary_says_not_recorded_for_what_the_intake_never_asked(desk, tmp_path):
    """Issue 12: a printout never says "none" for something that was not asked — the
    special circumstances (Law on Children Art. 10) the intake screen cannot record print
    "Chưa ghi nhận", not "Không"."""
    ws, seeded, _ = desk
    text = text_of(build_case_summary(ws, seeded["case"], tmp_path / "nr.pdf"))
    flat = " ".join(text.split())
    assert "Hoàn cảnh đặc biệt (Điều 10) Chưa ghi nhận" in flat
    assert "Hoàn cảnh đặc biệt (Điều 10) Không" not in flat
    assert "Khuyết tật Chưa ghi nhận" in flat


def test_referral_profile_leaves_out_the_caller_and_other_children(desk, tmp_path):
    ws, seeded, _ = desk
    text = text_of(build_case_summary(ws, seeded["case"], tmp_path / "ref.pdf", redact="referral"))
    assert CHILD in text
    for hidden in (CALLER, CALLER_PHONE, "0905 123 456", OTHER_CHILD):
        assert hidden not in text, hidden
    assert "Mức che thông tin: chuyển gửi" in text


def test_anonymous_profile_shows_initials_and_birth_year_only(desk, tmp_path):
    ws, seeded, _ = desk
    text = text_of(
        build_case_summary(ws, seeded["case"], tmp_path / "anon.pdf", redact="anonymous")
    )
    for hidden in (
        CHILD,
        "Hoà ",
        CALLER,
        CALLER_PHONE,
        OTHER_CHILD,
        "Hải Châu",
        "02/05/2014",
        "Nguyễn Huệ",
    ):
        assert hidden not in text, hidden
    assert initials(CHILD) in text and "2014" in text


def test_printing_a_case_is_audited_and_only_managers_may(desk, tmp_path):
    ws, seeded, data_dir = desk
    build_case_summary(ws, seeded["case"], tmp_path / "a.pdf", redact="referral")
    last = ws.conn.execute(
        "SELECT action, entity, detail FROM audit_event ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert (last[0], last[1]) == ("print", "case")
    assert json.loads(last[2]) == {
        "report": "case_summary",
        "subject": seeded["case"],
        "redact": "referral",
    }
    with Workspace.open(data_dir, "thanh", WORKER_PW) as worker:
        with pytest.raises(PermissionDenied):
            build_case_summary(worker, seeded["case"], tmp_path / "no.pdf")
    assert not (tmp_path / "no.pdf").exists()


def test_an_unknown_profile_is_refused_and_nothing_is_written(desk, tmp_path):
    ws, seeded, _ = desk
    with pytest.raises(ValidationError):
        build_case_summary(ws, seeded["case"], tmp_path / "x.pdf", redact="public")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- monthly report


def _expected_monthly(ws: Workspace) -> dict[str, Counter]:
    """Counts per (section, code, month) straight from the rows, bucketed in Python."""
    counts: dict[str, Counter] = {
        k: Counter() for k in ("total", "channel", "call_type", "services", "family", "children")
    }
    children = {r["id"]: r for r in _rows(ws, "SELECT id, sex, birth_year, birth_date FROM child")}
    for row in _rows(ws, "SELECT * FROM contact WHERE deleted = 0"):
        month = local_month(row["received_at"])
        counts["total"][month] += 1
        counts["channel"][row["channel"], month] += 1
        counts["call_type"][row["call_type"], month] += 1
        for service in json.loads(row["services"]):
            counts["services"][service, month] += 1
        for family in {c.split(".")[0] for c in json.loads(row["categories"])}:
            counts["family"][family, month] += 1
        for child_id in json.loads(row["child_ids"]):
            child = children[child_id]
            year = child["birth_year"] or int(child["birth_date"][:4])
            age = int(month[:4]) - year
            if child["birth_date"] and row["received_at"][5:10] < child["birth_date"][5:10]:
                age -= 1
            group = (
                "0_5" if age <= 5 else "6_10" if age <= 10 else "11_15" if age <= 15 else "16_plus"
            )
            counts["children"][(child["sex"], group), month] += 1
    return counts


def _figures(text: str, label: str) -> tuple[int, int, int]:
    match = re.search(rf"(?<!\w){re.escape(label)} (\d+) (\d+) (\d+) ", text)
    assert match, f"no line for {label!r}"
    return tuple(int(g) for g in match.groups())


def test_monthly_report_figures_equal_counts_from_the_records(desk, tmp_path):
    ws, _, _ = desk
    pdf = build_monthly(ws, "2026-10", tmp_path / "m.pdf", csv_path=tmp_path / "m.csv")
    text = text_of(pdf)
    expected = _expected_monthly(ws)
    months = ("2026-10", "2026-09", "2025-10")
    assert _figures(text, "Tổng số cuộc liên hệ") == tuple(expected["total"][m] for m in months)
    assert expected["total"]["2026-10"] > 20
    for code, label in (
        ("phone", "Điện thoại"),
        ("chat", "Nhắn tin (Zalo, Facebook)"),
        ("walk_in", "Đến trực tiếp"),
        ("letter", "Đơn thư"),
    ):
        assert _figures(text, label) == tuple(expected["channel"][code, m] for m in months)
    for code, label in (
        ("counselling", "Tư vấn"),
        ("silent", "Im lặng"),
        ("emergency", "Khẩn cấp"),
        ("prank", "Trêu đùa, quấy rối"),
    ):
        assert _figures(text, label) == tuple(expected["call_type"][code, m] for m in months)
    for code, label in (
        ("violence", "Bạo lực"),
        ("sexual_abuse", "Xâm hại tình dục"),
        ("neglect", "Bỏ rơi, bỏ mặc"),
    ):
        assert _figures(text, label) == tuple(expected["family"][code, m] for m in months)
    for (sex, group), label in (
        ((("F", "11_15")), "Nữ, từ 11 đến 15 tuổi"),
        ((("M", "0_5")), "Nam, từ 0 đến 5 tuổi"),
    ):
        assert _figures(text, label) == tuple(expected["children"][(sex, group), m] for m in months)
    with open(tmp_path / "m.csv", encoding="utf-8-sig", newline="") as handle:
        lines = {(r["section"], r["code"]): r for r in csv.DictReader(handle)}
    for code in ("answer_question", "information", "counselling", "connect_services"):
        row = lines["services", code]
        assert (
            int(row["this_month"]),
            int(row["previous_month"]),
            int(row["same_month_last_year"]),
        ) == tuple(expected["services"][code, m] for m in months)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv", "m.pdf"]


def test_monthly_report_counts_cases_deadlines_and_referrals(desk, tmp_path):
    ws, _, _ = desk
    text = text_of(build_monthly(ws, "2026-10", tmp_path / "m.pdf"))
    cases = _rows(ws, "SELECT * FROM case_file WHERE deleted = 0")
    opened = sum(local_month(c["received_at"]) == "2026-10" for c in cases)
    closed = sum(1 for c in cases if c["closed_at"] and local_month(c["closed_at"]) == "2026-10")
    assert _figures(text, "Hồ sơ mới mở")[0] == opened == 3
    assert _figures(text, "Hồ sơ đã kết thúc")[0] == closed  # closed today, not in October
    # At the end of October all three were open (the moves were made later, today): the two
    # urgent ones were past their 12-hour emergency measure, all three past the plan deadline.
    assert _figures(text, "Hồ sơ đang xử lý (cuối tháng)")[0] == 3
    month_end = datetime(2026, 11, 1, tzinfo=VN)
    firsts = {
        (e["case_id"], e["kind"]): e["first"]
        for e in _rows(
            ws, "SELECT case_id, kind, min(occurred_at) AS first FROM case_entry GROUP BY 1, 2"
        )
    }

    def overdue(due: str | None, done: str | None) -> bool:
        return (
            bool(due)
            and datetime.fromisoformat(due) < month_end
            and (done is None or datetime.fromisoformat(done) > month_end)
        )

    emergencies = sum(overdue(c["emergency_due"], c["emergency_measure_at"]) for c in cases)
    late_plans = sum(overdue(c["plan_due"], firsts.get((c["id"], "plan"))) for c in cases)
    # Decree 56 Art. 26.3: the two urgent cases had no emergency measure within 12 hours.
    assert _figures(text, "Quá hạn biện pháp khẩn cấp (12 giờ)")[0] == emergencies == 2
    assert _figures(text, "Quá hạn xây dựng kế hoạch (5 ngày làm việc)")[0] == late_plans == 3
    assert _figures(text, "Công an")[0] == 1
    assert _figures(text, "Đã tiếp nhận")[0] == 1


def test_a_month_without_contacts_gives_a_valid_report_saying_so(desk, tmp_path):
    ws, _, _ = desk
    out = build_monthly(ws, "2024-02", tmp_path / "empty.pdf")
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) >= 1
    assert "Trong tháng 02/2024 không có cuộc liên hệ nào." in text_of(out)


def test_monthly_report_is_audited_and_refuses_a_bad_month(desk, tmp_path):
    ws, _, data_dir = desk
    build_monthly(ws, "2026-09", tmp_path / "m.pdf", csv_path=tmp_path / "m.csv")
    actions = [
        tuple(r)
        for r in ws.conn.execute("SELECT action, detail FROM audit_event ORDER BY seq DESC LIMIT 2")
    ]
    assert [a for a, _ in actions] == ["export", "print"]
    with pytest.raises(ValidationError):
        build_monthly(ws, "2026-13", tmp_path / "bad.pdf")
    with Workspace.open(data_dir, "thanh", WORKER_PW) as worker:
        with pytest.raises(PermissionDenied):
            build_monthly(worker, "2026-10", tmp_path / "no.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv", "m.pdf"]


# ---------------------------------------------------------------- thematic report


def test_thematic_report_follows_a_theme_month_by_month(desk, tmp_path):
    ws, seeded, _ = desk
    out = build_thematic(
        ws,
        "2026-08",
        "2026-10",
        tmp_path / "t.pdf",
        category="violence",
        case_numbers=[seeded["case"]],
    )
    text = text_of(out)
    per_month = Counter()
    for row in _rows(ws, "SELECT received_at, categories FROM contact WHERE deleted = 0"):
        if any(c.split(".")[0] == "violence" for c in json.loads(row["categories"])):
            per_month[local_month(row["received_at"])] += 1
    for month in ("2026-08", "2026-09", "2026-10"):
        label = f"Tháng {month[5:]}/{month[:4]}"
        last_year = f"{int(month[:4]) - 1}{month[4:]}"
        match = re.search(rf"{re.escape(label)} (\d+) (\d+) ", text)
        assert match and tuple(map(int, match.groups())) == (per_month[month], per_month[last_year])
    assert "Chủ đề: Bạo lực" in text
    descriptions = text.split("Một số trường hợp điển hình (đã ẩn danh)")[1]
    assert "Trường hợp 1" in descriptions
    assert "Trẻ em nữ, 12 tuổi khi tiếp nhận" in descriptions
    for hidden in (CHILD, CALLER, CALLER_PHONE, OTHER_CHILD, "Hải Châu", seeded["case"]):
        assert hidden not in text.replace("Phường Hải Châu", ""), hidden
        assert hidden not in descriptions, hidden
    assert "MẬT" in text


def test_thematic_report_refuses_an_unknown_theme_or_reversed_period(desk, tmp_path):
    ws, _, _ = desk
    with pytest.raises(ValidationError):
        build_thematic(ws, "2026-07", "2026-09", tmp_path / "t.pdf", category="weather")
    with pytest.raises(ValidationError):
        build_thematic(ws, "2026-09", "2026-07", tmp_path / "t.pdf")
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(offset=st.integers(-30, 30))
def test_a_report_of_any_month_is_final_provisional_or_refused(desk, offset):
    """By kind (the tester's "a future month is 'chưa kết thúc'"): a month over prints as
    final, the month under way as provisional with the time taken, a month still to come
    is refused, in the monthly report and as the start of a thematic period."""
    ws, _, _ = desk
    now = datetime.now(VN)
    index = now.year * 12 + now.month - 1 + offset
    month = f"{index // 12:04d}-{index % 12 + 1:02d}"
    if offset > 0:
        for report in (
            lambda: ws.reports.monthly(month),
            lambda: ws.reports.thematic(month, month),
        ):
            with pytest.raises(ValidationError) as refused:
                report()
            assert "chưa bắt đầu" in str(refused.value.field_errors), refused.value.field_errors
        return
    for printout in (ws.reports.monthly(month), ws.reports.thematic(month, month)):
        text = " ".join(
            page.extract_text() for page in pypdf.PdfReader(io.BytesIO(printout.pdf)).pages
        )
        assert ("Số liệu tạm tính" in text) == (offset == 0)
        assert "chưa bắt đầu" not in text


def test_recipients_name_the_bodies_in_full_and_the_agency_a_referral_goes_to(desk, tmp_path):
    """ "Nơi nhận" as Decree 30 writes it (checked after the tester asked): the People's
    Committee and the department by their full names ("… thành phố Đà Nẵng", not
    "Ủy ban nhân dân Đà Nẵng"), and a referral print addressed to the agency it goes to."""
    ws, seeded, _ = desk
    monthly = " ".join(page_texts_of(ws.reports.monthly("2026-10").pdf).split())
    assert "- Ủy ban nhân dân thành phố Đà Nẵng (để báo cáo);" in monthly
    assert "- Sở Y tế thành phố Đà Nẵng (để báo cáo);" in monthly
    referral = text_of(build_case_summary(ws, seeded["case"], tmp_path / "r.pdf", "referral"))
    assert "Nơi nhận: - Công an phường Hải Châu; - Lưu: hồ sơ trường hợp, VT." in referral
    full = text_of(build_case_summary(ws, seeded["case"], tmp_path / "f.pdf"))
    assert "Nơi nhận: - Hồ sơ trường hợp; - Lưu: VT." in full


def page_texts_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _month_at(offset: int) -> str:
    now = datetime.now(VN)
    index = now.year * 12 + now.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(start=st.integers(-30, 0), length=st.integers(1, 6))
def test_a_thematic_period_is_refused_if_it_runs_past_this_month_and_marks_the_running_month(
    desk, start, length
):
    """Review i14 #3: `--from 2026-11 --to 2027-02` printed 0 for the months to come and
    collapses of -100%. A period ending after this month is refused; one ending in it
    marks the running month's row (and its quarter or year) provisional."""
    ws, _, _ = desk
    first, last = _month_at(start), _month_at(start + length - 1)
    if start + length - 1 > 0:
        with pytest.raises(ValidationError) as refused:
            ws.reports.thematic(first, last, csv=True)
        assert "chưa bắt đầu" in str(refused.value.field_errors["to"])
        return
    printout = ws.reports.thematic(first, last, csv=True)
    rows = list(csv.reader(io.StringIO(printout.csv.decode("utf-8-sig"))))
    marked = [row[1] for row in rows if row[2].endswith("(tạm tính)")]
    running = _month_at(0)
    assert marked == ([running] if last == running else []), marked


def test_a_thematic_report_into_months_to_come_is_refused(desk, tmp_path):
    """The tester's example, relative to today: this month to three months ahead."""
    ws, _, _ = desk
    with pytest.raises(ValidationError) as refused:
        build_thematic(ws, _month_at(0), _month_at(3), tmp_path / "t.pdf")
    assert "chưa bắt đầu" in str(refused.value.field_errors["to"])
    assert list(tmp_path.iterdir()) == []


def test_a_period_over_twelve_months_is_not_compared_with_the_overlapping_last_year(desk):
    """Review i14 #4: 2025-01..2026-11 printed 'Cùng kỳ năm trước 171' — 2025-06..2025-11,
    inside the period. Over 12 months only the preceding equal-length period is compared."""
    ws, _, _ = desk
    text = " ".join(page_texts_of(ws.reports.thematic("2025-01", "2026-10").pdf).split())
    overview = text.split("Tổng quan")[1].split("Diễn biến")[0]
    assert "Cùng kỳ năm trước" not in overview and "So với cùng kỳ" not in overview
    assert "Kỳ trước (22 tháng)" in overview and "22 tháng liền trước" in overview
    table = ws.reports.thematic("2025-01", "2026-10", csv=True).csv.decode("utf-8-sig")
    totals = next(row for row in csv.reader(io.StringIO(table)) if row[0] == "totals")
    assert totals[5] == ""
    short = " ".join(page_texts_of(ws.reports.thematic("2025-11", "2026-10").pdf).split())
    assert "So với cùng kỳ" in short.split("Tổng quan")[1].split("Diễn biến")[0]


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(offset=st.integers(-2, 0))
def test_every_table_of_a_provisional_report_says_so_in_csv_and_xlsx(desk, offset):
    """Review i14 #8: the current month's CSV carried no provisional mark and the workbook's
    column read just 'Tháng 11/2026'. Every CSV row's `provisional` column, and the
    workbook's figure column, say so exactly when the PDF does."""
    import openpyxl

    ws, _, _ = desk
    month = _month_at(offset)
    for printout in (
        ws.reports.monthly(month, csv=True, xlsx=True),
        ws.reports.thematic(_month_at(offset - 2), month, csv=True, xlsx=True),
    ):
        provisional = "Số liệu tạm tính" in page_texts_of(printout.pdf)
        assert provisional == (offset == 0)
        rows = list(csv.DictReader(io.StringIO(printout.csv.decode("utf-8-sig"))))
        assert rows and all(bool(row["provisional"]) == provisional for row in rows)
        if provisional:
            assert all("tạm tính" in row["provisional"] for row in rows)
        book = openpyxl.load_workbook(io.BytesIO(printout.xlsx))
        headers = [
            str(sheet.cell(sheet.freeze_panes and sheet[sheet.freeze_panes].row - 1, 2).value)
            for sheet in book.worksheets[1:]
        ]
        marked = [h for h in headers if "(tạm tính)" in h]
        assert bool(marked) == provisional, headers


def test_the_current_months_csv_says_its_figures_are_provisional(desk):
    ws, _, _ = desk
    table = ws.reports.monthly(_month_at(0), csv=True).csv.decode("utf-8-sig")
    assert "Số liệu tạm tính" in table and "chưa kết thúc" in table


def test_the_thematic_reports_first_page_carries_its_trend_not_a_blank(desk):
    """Review i14 #5: over 23 months page 1 held the heading and a one-row overview, the
    rest blank, as the trend's table and chart were kept whole for page 2. The chart
    comes first now, its table flowing on from the same page."""
    ws, _, _ = desk
    pdf = ws.reports.thematic("2025-01", "2026-10").pdf
    first = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Diễn biến theo tháng" in first
    assert "Tháng 01/2025" in first and "Tháng 06/2025" in first


def test_the_letterhead_names_the_managing_body_not_a_place(desk, tmp_path):
    """Review i14 #7: the first line read 'THÀNH PHỐ ĐÀ NẴNG', a place; Decree 30 wants the
    managing body. Default: the province's Department of Health; an admin sets another
    (`caseline report body`), a manager may not; one line of at most 120 characters."""
    ws, seeded, data_dir = desk
    for pdf in (
        ws.reports.monthly("2026-10").pdf,
        ws.reports.thematic("2026-08", "2026-10").pdf,
        ws.reports.case_summary(seeded["case"]).pdf,
    ):
        first = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert first.lstrip().startswith("SỞ Y TẾ THÀNH PHỐ ĐÀ NẴNG"), first[:80]
    with pytest.raises(PermissionDenied):
        ws.reports.set_managing_body("Ủy ban nhân dân thành phố Đà Nẵng")
    with Workspace.open(data_dir, "admin", ADMIN_PW) as admin:
        with pytest.raises(ValidationError):
            admin.reports.set_managing_body("Ủy ban " * 30)
        body = admin.reports.set_managing_body(" Ủy ban nhân dân thành phố Đà Nẵng ")
        assert body == "Ủy ban nhân dân thành phố Đà Nẵng"
    try:
        first = pypdf.PdfReader(io.BytesIO(ws.reports.monthly("2026-10").pdf)).pages[0]
        assert first.extract_text().lstrip().startswith("ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG")
    finally:
        with Workspace.open(data_dir, "admin", ADMIN_PW) as admin:
            assert admin.reports.set_managing_body(None) == "SỞ Y TẾ THÀNH PHỐ ĐÀ NẴNG"
