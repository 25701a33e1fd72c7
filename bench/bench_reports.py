"""Report timings on a realistic desk: the case summary (target ≤ 200 ms) and the monthly
report over 100k contacts (target ≤ 2 s). Prints a table; never run as a test.

    .venv/bin/python bench/bench_reports.py [--contacts 100000] [--cases 5000]
        [--data-dir DIR] [--screenshots]

The desk is seeded once through the services (`seed-demo`) and kept in --data-dir for the
next run. --screenshots renders each report's pages (up to 6) to
docs/screenshots/report-*.png (page 1) and report-*-N.png.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")  # the KDF is not what is measured here

import pypdf  # noqa: E402

from desktop.demo.seed import seed_demo  # noqa: E402
from desktop.domain.periods import shift  # noqa: E402
from desktop.errors import ConsentMissing  # noqa: E402
from desktop.services import Workspace  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Bench-pass-2026!"
VN = timezone(timedelta(hours=7))


# The printouts through the one door (`ws.reports`), saved where a user would choose.
def build_case_summary(ws, number, out_path, redact="full"):
    return ws.reports.case_summary(number, redact).save(out_path)


def build_monthly(ws, month, out_path, csv_path=None):
    return ws.reports.monthly(month, csv=csv_path is not None).save(out_path, csv_path)


def build_thematic(ws, from_ym, to_ym, out_path, category=None, case_numbers=()):
    return ws.reports.thematic(from_ym, to_ym, category, case_numbers).save(out_path)


def open_desk(data_dir: Path, contacts: int, cases: int) -> Workspace:
    if not Workspace.exists(data_dir):
        started = time.perf_counter()
        Workspace.init(
            data_dir,
            centre="Trung tâm Công tác xã hội Đà Nẵng",
            province_code="48",
            admin_username="admin",
            admin_password=PASSWORD,
        )
        with Workspace.open(data_dir, "admin", PASSWORD) as admin:
            admin.add_user("quanly", "manager", PASSWORD, full_name="Lê Văn Quản")
        with Workspace.open(data_dir, "quanly", PASSWORD) as ws:
            seed_demo(ws, contacts=contacts, cases=cases, seed=1)
        print(f"seeded {contacts} contacts, {cases} cases in {time.perf_counter() - started:.0f} s")
    return Workspace.open(data_dir, "quanly", PASSWORD)


def timed(action, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=5_000)
    parser.add_argument(
        "--data-dir", default=str(Path(tempfile.gettempdir()) / "caseline-bench-reports")
    )
    parser.add_argument("--screenshots", action="store_true")
    args = parser.parse_args()
    ws = open_desk(Path(args.data_dir), args.contacts, args.cases)
    try:
        total = ws.conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        numbers = [
            r[0]
            for r in ws.conn.execute(
                "SELECT number FROM case_file WHERE deleted = 0 ORDER BY number LIMIT 20"
            )
        ]
        month = shift(datetime.now(VN).strftime("%Y-%m"), -1)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            cold = timed(lambda: build_case_summary(ws, numbers[0], out / "c.pdf"), 1)
            warm = []
            for profile in ("full", "referral", "anonymous"):
                for number in numbers:
                    try:
                        warm += timed(
                            lambda n=number, p=profile: build_case_summary(
                                ws, n, out / "c.pdf", redact=p
                            ),
                            1,
                        )
                    except ConsentMissing:  # the demo records no consent to refer
                        continue
            monthly = timed(lambda: build_monthly(ws, month, out / "m.pdf", out / "m.csv"), 5)
            thematic = timed(
                lambda: build_thematic(
                    ws,
                    shift(month, -5),
                    month,
                    out / "t.pdf",
                    category="violence",
                    case_numbers=numbers[:3],
                ),
                3,
            )
        rows = [
            ("case summary, first in process (fonts load)", cold, 200),
            (f"case summary, p95 of {len(warm)} (3 profiles)", warm, 200),
            (f"monthly report {month} + CSV, {total} contacts", monthly, 2000),
            ("thematic report, 6 months, 3 cases", thematic, None),
        ]
        print(f"{'what':<52} {'median ms':>10} {'p95/max ms':>11} {'target ms':>10}")
        for label, values, target in rows:
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
            verdict = f"{target:>10}" if target else f"{'—':>10}"
            print(f"{label:<52} {statistics.median(values):>10.1f} {p95:>11.1f} {verdict}")
        if args.screenshots:
            screenshots(ws, story_case(ws), month)
    finally:
        ws.close()
    return 0


def story_case(ws: Workspace) -> str:
    """A case to show the three redaction profiles on: a caller, another child, names
    and a phone typed in the notes, a plan, a referral, consent to refer."""
    child, caller, other = "Đặng Thị Hoà", "Lê Thị Hạnh", "Ngô Văn Tú"
    saved = ws.record_contact(
        {
            "received_at": "2026-10-03T14:05:00+07:00",
            "channel": "phone",
            "call_type": "emergency",
            "caller": {
                "relation": "mother",
                "name": caller,
                "phone": "0905123456",
                "location": "Tổ 5, Hải Châu",
            },  # fmt: skip
            "children": [
                {
                    "full_name": child,
                    "sex": "F",
                    "birth_date": "2014-05-02",
                    "province_code": "48",
                    "commune_code": "20242",
                    "address_text": "Tổ 5, phường Hải Châu",
                    "school": "Trường THCS Nguyễn Huệ",
                },
                {"full_name": other, "sex": "M", "birth_year": 2016, "province_code": "48"},
            ],  # fmt: skip
            "categories": ["violence.physical"],
            "services": ["counselling", "forward_authorities"],
            "risk": "urgent",
            "summary": f"Bà {caller} (0905 123 456) báo {child} bị cha dượng là ông Trần Văn"
            f" Bảo đánh nhiều lần;\nem {other} cũng ở cùng nhà.",
            "consent": {"purposes": {"referral": {"child": True, "representative": True}}},
        }
    )
    case = ws.open_case(saved.number)
    ws.move_case(case.id, "initial_assessment", {})
    ws.move_case(case.id, "needs_assessment",
                 {"assessment": f"Đã gặp {child} tại nhà, có vết bầm ở tay.", "risk": "high"})  # fmt: skip
    ws.move_case(case.id, "plan", {"assessment": "Cần tư vấn tâm lý, làm việc với gia đình."})
    ws.move_case(
        case.id,
        "intervention",
        {
            "plan": f"1. Tư vấn tâm lý hằng tuần cho {child}.\n2. Làm việc với mẹ là bà"
            f" {caller}.\n3. Rà soát sau 30 ngày.",
            "approved_by": "Chủ tịch UBND phường Hải Châu",
            "approved_at": "2026-10-09T10:00:00+07:00",
            "decision_no": "27/QĐ-UBND",
        },
    )
    ws.add_entry(case.id, "intervention", "Buổi tư vấn đầu tiên; chị Hạnh có mặt.")
    referral = ws.add_referral(case.id, "police", "Bạo lực gia đình",
                               "2026-10-04T09:00:00+07:00", "Công an phường Hải Châu")  # fmt: skip
    ws.update_referral(referral.id, "accepted", "Đã xác minh, lập biên bản.")
    return case.number


def screenshots(ws: Workspace, number: str, month: str) -> None:
    """Page 1 of each report as PNG (pdftoppm from poppler-utils)."""
    target = ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        pdfs = {
            "report-case-full": build_case_summary(ws, number, out / "a.pdf"),
            "report-case-referral": build_case_summary(ws, number, out / "b.pdf", "referral"),
            "report-case-anonymous": build_case_summary(ws, number, out / "c.pdf", "anonymous"),
            "report-monthly": build_monthly(ws, month, out / "m.pdf"),
            "report-thematic": build_thematic(
                ws, shift(month, -5), month, out / "t.pdf", category="violence"
            ),
        }
        for name, pdf in pdfs.items():
            for stale in target.glob(f"{name}-*.png"):  # pages of an earlier, longer print
                stale.unlink()
            pages = len(pypdf.PdfReader(pdf).pages)
            for page in range(1, min(pages, 6) + 1):
                suffix = "" if page == 1 else f"-{page}"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page),
                     "-singlefile", str(pdf), str(target / f"{name}{suffix}")],
                    check=True,
                )  # fmt: skip
                print(f"wrote {target / name}{suffix}.png")


if __name__ == "__main__":
    sys.exit(main())
