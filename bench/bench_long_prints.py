"""Prints of a lot of content (issue 14): the case summary of a case whose history holds
50,000 characters (a transcribed letter as the summary, a long plan and notes), and a
thematic report over ten years (120 months, shown by year). Prints a table; never a test.

    .venv/bin/python -m bench.bench_long_prints [--contacts 20000] [--runs 5]

A fresh desk in a temporary folder, seeded through the services (`seed-demo` over the
last two years), plus the long case. Times are for `ws.reports.*` (data gathered, PDF
rendered in memory), the median of --runs after one warm-up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")  # the KDF is not what is measured here

import pypdf  # noqa: E402

from desktop.demo.seed import seed_demo  # noqa: E402
from desktop.services import Workspace  # noqa: E402

PASSWORD = "Bench-pass-2026!"
SENTENCE = (
    "Hôm nay em viết thư này để kể lại những gì đã xảy ra ở nhà trong mấy tháng qua; "
    "mỗi lần bố say rượu về là cả nhà phải trốn sang nhà hàng xóm và chờ đến sáng.\n"
)


def _text(length: int) -> str:
    return (SENTENCE * (length // len(SENTENCE) + 1))[:length]


def long_case(ws: Workspace) -> str:
    """A case with 50,000 characters of history: a 20,000-character letter, a
    10,000-character plan and four notes of 5,000 characters."""
    saved = ws.record_contact(
        {
            "received_at": "2026-10-03T14:05:00+07:00",
            "channel": "letter",
            "call_type": "counselling",
            "caller": {"relation": "self"},
            "children": [
                {"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2013, "province_code": "48"}
            ],  # fmt: skip
            "categories": ["violence.physical"],
            "services": ["counselling"],
            "risk": "high",
            "summary": _text(20_000),
        }
    )
    case = ws.open_case(saved.number)
    ws.move_case(case.id, "initial_assessment", {})
    ws.move_case(case.id, "needs_assessment", {"assessment": "Đã gặp em.", "risk": "high"})
    ws.move_case(case.id, "plan", {"assessment": "Cần tư vấn tâm lý."})
    ws.move_case(
        case.id,
        "intervention",
        {
            "plan": _text(10_000),
            "approved_by": "Chủ tịch UBND phường",
            "approved_at": "2026-10-09T10:00:00+07:00",
            "decision_no": "12/QĐ-UBND",
        },
    )
    for _ in range(4):
        ws.add_entry(case.id, "note", _text(5_000))
    return case.number


def very_long_case(ws: Workspace) -> str:
    """A case of about 170 pages (the fresh-eyes tester's 178-page case took about 60 s):
    a 50,000-character letter, a 20,000-character assessment and plan, and 100 notes of
    5,000 characters."""
    saved = ws.record_contact(
        {
            "received_at": "2026-10-05T09:00:00+07:00",
            "channel": "letter",
            "call_type": "counselling",
            "caller": {"relation": "self"},
            "children": [
                {"full_name": "Lê Văn Tú", "sex": "M", "birth_year": 2012, "province_code": "48"}
            ],  # fmt: skip
            "categories": ["violence.physical"],
            "services": ["counselling"],
            "risk": "high",
            "summary": _text(50_000),
        }
    )
    case = ws.open_case(saved.number)
    ws.move_case(case.id, "initial_assessment", {})
    ws.move_case(case.id, "needs_assessment", {"assessment": _text(20_000), "risk": "high"})
    ws.move_case(case.id, "plan", {"assessment": "Cần tư vấn tâm lý."})
    ws.move_case(
        case.id,
        "intervention",
        {
            "plan": _text(20_000),
            "approved_by": "Chủ tịch UBND phường",
            "approved_at": "2026-10-09T10:00:00+07:00",
            "decision_no": "13/QĐ-UBND",
        },
    )
    with ws.batch():
        for _ in range(100):
            ws.add_entry(case.id, "note", _text(5_000))
    return case.number


def timed(make, runs: int) -> tuple[float, float, bytes]:
    make()  # warm-up: fonts, taxonomy
    times, pdf = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        pdf = make().pdf
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), pdf


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="caseline-bench-") as folder:
        data_dir = Path(folder)
        Workspace.init(data_dir, centre="Trung tâm Công tác xã hội Đà Nẵng", province_code="48",
                       admin_username="admin", admin_password=PASSWORD)  # fmt: skip
        with Workspace.open(data_dir, "admin", PASSWORD) as admin:
            admin.add_user("quanly", "manager", PASSWORD, full_name="Lê Văn Quản")
        with Workspace.open(data_dir, "quanly", PASSWORD) as ws:
            seed_demo(ws, contacts=args.contacts, cases=args.contacts // 20, seed=1)
            number = long_case(ws)
            longest = very_long_case(ws)
            rows = [
                ("case summary, 50,000-char history", lambda: ws.reports.case_summary(number)),
                ("case summary, ~170 pages", lambda: ws.reports.case_summary(longest)),
                (
                    "thematic 2016-11..2026-10 (by year)",
                    lambda: ws.reports.thematic("2016-11", "2026-10"),
                ),  # fmt: skip
                (
                    "thematic 2016-11..2026-10 + xlsx",
                    lambda: ws.reports.thematic("2016-11", "2026-10", xlsx=True),
                ),  # fmt: skip
            ]
            print(f"long prints: {args.contacts} contacts, median of {args.runs} runs")
            print(f"{'printout':40} {'median s':>9} {'max s':>7} {'pages':>6} {'KB':>6}")
            for name, make in rows:
                median, worst, pdf = timed(make, args.runs)
                pages = len(pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages)
                print(f"{name:40} {median:9.3f} {worst:7.3f} {pages:6d} {len(pdf) // 1024:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
