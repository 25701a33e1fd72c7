"""The contact list's category filter on a provincial desk (100k demo contacts).

    .venv/bin/python -m bench.bench_contact_list [--contacts 100000]

"index": `ws.list_contacts({"category": …})` (first page of 100 + the total), answered from
the `contact_category` index. "JSON scan": the same page and total found the way the list
did before that index (instr() over every contact's categories JSON), run on the same desk.
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

from desktop.demo import seed_demo  # noqa: E402
from desktop.services import Workspace  # noqa: E402

CODES = ("violence", "violence.bullying", "education", "information", "trafficking")
ROUNDS = 7


def _scan_page(ws: Workspace, code: str) -> tuple[int, int]:
    where = "deleted = 0 AND (instr(categories, ?) > 0 OR instr(categories, ?) > 0)"
    params = [f'"{code}"', f'"{code}.']
    total = ws.conn.execute(
        f"SELECT count(*) FROM contact NOT INDEXED WHERE {where}", params
    ).fetchone()[0]
    rows = ws.conn.execute(
        f"SELECT id FROM contact WHERE {where} ORDER BY received_at DESC, id DESC LIMIT 100",
        params,
    ).fetchall()
    return int(total), len(rows)


def _index_page(ws: Workspace, code: str) -> tuple[int, int]:
    page = ws.list_contacts({"category": code}, 0, 100)
    return page.total, len(page.rows)


def _median_ms(fn, ws: Workspace, code: str) -> tuple[float, tuple[int, int]]:
    times, result = [], (0, 0)
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = fn(ws, code)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="caseline-bench-") as tmp:
        data = Path(tmp) / "desk"
        Workspace.init(data, centre="Bench", province_code="48", admin_username="admin",
                       admin_password="admin-bench-1")  # fmt: skip
        with Workspace.open(data, "admin", "admin-bench-1") as ws:
            ws.add_user("lan", "manager", "manager-bench-1")
        with Workspace.open(data, "lan", "manager-bench-1") as ws:
            seed_demo(ws, contacts=args.contacts, seed=3)
        with Workspace.open(data, "lan", "manager-bench-1") as ws:
            print(f"{'category':20} {'matches':>8} {'JSON scan ms':>13} {'index ms':>9}")
            for code in CODES:
                scan_ms, scanned = _median_ms(_scan_page, ws, code)
                index_ms, indexed = _median_ms(_index_page, ws, code)
                if scanned != indexed:
                    print(f"{code}: the two ways disagree: {scanned} vs {indexed}")
                    return 1
                print(f"{code:20} {indexed[0]:>8,} {scan_ms:>13.1f} {index_ms:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
