"""A large desk (issue 17): save, search, list pages, sort, totals, reports, backup and
verify on a desk of `--contacts` contacts, each figure beside its baseline measured in the
same run and the machine's load average at that moment.

    make bench-scale                                   # 1,000,000 contacts (built once)
    .venv/bin/python -m bench.bench_scale --contacts 100000 [--runs 3] [--cache DIR]
    .venv/bin/python -m bench.bench_scale --desk PATH  # a desk seeded as below

The desk is built once with `caseline seed-demo` (contacts, 5 % of them as cases) and
cached OUTSIDE the repository: $CASELINE_BENCH_CACHE, else ~/.cache/caseline-bench, as
desk-N/ (user "lan", a manager, password "manager-bench-1"; fast test KDF). Every figure
is the median of `--runs` runs (default 3) after one warm-up. Baselines:
- save: the physical-limit script — one transaction writing a contact row, its FTS row
  and its outbox row with the same PRAGMAs on the same connection;
- list pages: the same page by OFFSET, and the ids alone by the list's old query (OFFSET,
  ordered by received_at and id: a temporary B-tree for the last term);
- total: `count(*)` over the live-contacts index (what each page did before);
- search: one plain FTS5 query for the first word;
- monthly report: one plain scan of the month's contacts;
- backup and verify: reading the database file once (the disk's own speed).
Not measured here: a 10M-contact central on PostgreSQL (bench_sync measures first sync).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")  # the KDF is not what is measured

from desktop.db import stats  # noqa: E402
from desktop.domain.ids import utc_now, uuid7  # noqa: E402
from desktop.services import Workspace  # noqa: E402

RUN_BY_MAKE_BENCH = False  # `make bench` skips it: building 1M contacts takes long
CASELINE = str(Path(sys.executable).with_name("caseline"))
USER, PASSWORD, ADMIN_PASSWORD = "lan", "manager-bench-1", "admin-bench-1"
BACKUP_PASSPHRASE = "bench-backup-2026"
QUERIES = (
    # common family names and prefixes, one-letter last words, full names, misses,
    # numbers and phone digits: 100 queries in all (the list repeats with variations)
    "nguyen",
    "nguyen t",
    "nguyen van",
    "nguyen thi h",
    "tran",
    "tran thi",
    "le",
    "le v",
    "pham",
    "hoang",
    "hoa",
    "hoai",
    "an",
    "anh",
    "binh",
    "dung",
    "ha",
    "hai",
    "hanh",
    "hung",
    "nguyen van an",
    "tran thi hoa",
    "le van binh",
    "pham thi lan",
    "dang thi hoa",
    "nguyen zzz",
    "zzz",
    "qqqq",
    "xyz abc",
    "hoang zq",
    "0905",
    "0912",
    "090512",
    "123456",
    "345678",
    "48-",
    "2026",
    "thu",
    "minh",
    "ngoc",
    "thanh",
    "huu",
    "duc",
    "quoc",
    "gia",
    "vu",
    "vo",
    "do",
    "ho",
    "ngo",
)


def _cache() -> Path:
    root = os.environ.get("CASELINE_BENCH_CACHE") or Path.home() / ".cache" / "caseline-bench"
    return Path(root)


def _run(data_dir: Path, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [CASELINE, "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"caseline {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def build(contacts: int, cache: Path) -> tuple[Path, dict[str, Any]]:
    """The cached desk of `contacts` contacts, seeded once; its seeding figures."""
    desk = cache / f"desk-{contacts}"
    ready = desk / "bench-seeded.json"
    if ready.exists():
        return desk, json.loads(ready.read_text())
    if desk.exists():
        shutil.rmtree(desk)  # a build cut short
    desk.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CASELINE_PASSWORD": ADMIN_PASSWORD}
    _run(desk, "init", "--centre", "Bench", "--province", "48", "--admin", "admin", env=env)
    _run(desk, "user", "add", USER, "--role", "manager", "--user", "admin",
         env={**env, "CASELINE_NEW_PASSWORD": PASSWORD})  # fmt: skip
    started = time.perf_counter()
    out = _run(desk, "seed-demo", "--contacts", str(contacts), "--cases",
               str(max(1, contacts // 20)), "--json",
               env={**env, "CASELINE_USER": USER, "CASELINE_PASSWORD": PASSWORD})  # fmt: skip
    summary = {**json.loads(out), "wall_s": round(time.perf_counter() - started, 1)}
    summary["load"] = os.getloadavg()[0]
    ready.write_text(json.dumps(summary))
    return desk, summary


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """(median ms of `runs` runs after one warm-up, load average at the end)."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), os.getloadavg()[0]


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, value: str, baseline: str = "", load: float | None = None) -> None:
        self.rows.append((what, value, baseline, "" if load is None else f"{load:.1f}"))
        print(f"  {what}: {value}  [{baseline}]  load {self.rows[-1][3]}", flush=True)

    def show(self) -> None:
        head = ("measure", "measured", "baseline (same run)", "load")
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(4)]
        for row in [head, *self.rows]:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def _call(i: int) -> dict[str, Any]:
    return {
        "received_at": f"2026-11-20T10:{i % 60:02d}:00+07:00",
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": f"0905{i:06d}"},
        "children": [{"full_name": f"Nguyễn Văn Tùng {i}", "sex": "M", "birth_year": 2014}],
        "categories": ["violence.physical"],
        "risk": "medium",
        "summary": "Mẹ gọi về việc con bị đánh ở trường.",
    }


def _script_save(ws: Workspace, i: int, written: list[tuple[str, int]]) -> None:
    """The physical limit of a save: one transaction, a contact row, its FTS row and its
    outbox row, same connection and PRAGMAs (no validation, audit, numbering, links).
    `written` collects (id, FTS rowid) so the rows can be taken out again."""
    conn, now, cid = ws.conn, utc_now(), uuid7()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO contact (id, province_code, created_at, updated_at, number, received_at,"
        " caller_name, caller_phone, summary) VALUES (?, '48', ?, ?, ?, ?, ?, ?, ?)",
        (cid, now, now, f"script-{cid}", "2026-11-20T10:00:00+07:00", "Lê Thị Hạnh",
         f"0905{i:06d}", "Mẹ gọi về việc con bị đánh ở trường."),
    )  # fmt: skip
    doc = conn.execute(
        "INSERT INTO search_index (body) VALUES (?)", (f"_contact script le thi hanh 0905{i}",)
    ).lastrowid
    conn.execute(
        "INSERT INTO outbox (op_id, entity, record_id, fields) VALUES (?, 'contact', ?, ?)",
        (uuid7(), cid, json.dumps(_call(i), ensure_ascii=False)),
    )
    conn.execute("COMMIT")
    written.append((cid, int(doc)))


def _take_out(ws: Workspace, written: list[tuple[str, int]]) -> None:
    """The script's rows leave the cached desk (its lists, search and totals stay true)."""
    with ws.store.transaction() as conn:
        for cid, doc in written:
            conn.execute("DELETE FROM contact WHERE id = ?", (cid,))
            conn.execute("DELETE FROM outbox WHERE entity = 'contact' AND record_id = ?", (cid,))
            conn.execute("DELETE FROM search_index WHERE rowid = ?", (doc,))


def measure_saves(ws: Workspace, table: Table, count: int = 200) -> None:
    ws.defer_checkpoints()
    saves, script, checkpoints = [], [], []
    written: list[tuple[str, int]] = []
    for i in range(count):
        started = time.perf_counter()
        ws.record_contact(_call(900_000 + i))
        saves.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        _script_save(ws, i, written)
        script.append((time.perf_counter() - started) * 1000)
        if i % 10 == 9:  # the app's idle checkpoint, timed apart (not on the save path)
            started = time.perf_counter()
            ws.checkpoint_if_due()
            checkpoints.append((time.perf_counter() - started) * 1000)
    _take_out(ws, written)
    load = os.getloadavg()[0]
    q = statistics.quantiles
    table.add("save one contact p50", _ms(statistics.median(saves)),
              f"script {_ms(statistics.median(script))}", load)  # fmt: skip
    table.add("save one contact p95", _ms(q(saves, n=20)[-1]),
              f"script {_ms(q(script, n=20)[-1])}", load)  # fmt: skip
    table.add("idle checkpoint per 10 saves (median)", _ms(statistics.median(checkpoints)),
              "", load)  # fmt: skip


def measure_search(ws: Workspace, table: Table) -> None:
    queries = [*QUERIES, *(q.upper() for q in QUERIES)][:100]
    for label, run in (
        ("search (ws.search, 20 hits)", lambda q: ws.search(q)),
        ("list search (first page + total)", lambda q: ws.list_contacts({"text": q}, limit=200)),
    ):
        per_query = []
        for query in queries:
            run(query)
            started = time.perf_counter()
            run(query)
            per_query.append(((time.perf_counter() - started) * 1000, query))
        per_query.sort()
        load = os.getloadavg()[0]
        p95 = statistics.quantiles([t for t, _ in per_query], n=20)[-1]
        worst, worst_query = per_query[-1]
        table.add(f"{label} p50", _ms(per_query[len(per_query) // 2][0]), "", load)
        table.add(f"{label} p95", _ms(p95), "", load)
        table.add(f"{label} worst", f"{worst:.1f} ms ({worst_query!r})", "", load)
    plain, load = timed(
        lambda: ws.conn.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH '\"nguyen\"'"
            " ORDER BY rowid DESC LIMIT 20"
        ).fetchall(),
        5,
    )
    table.add("plain FTS5 query 'nguyen' (20 rows)", _ms(plain), "baseline", load)


def measure_pages(ws: Workspace, table: Table, runs: int) -> None:
    total = ws.list_contacts({}, limit=0).total or 0

    def cursor_at(position: int) -> str | None:
        """The keyset cursor after `position` rows (walked once, in big pages)."""
        after, walked = None, 0
        while walked < position:
            page = ws.list_contacts({}, limit=min(20_000, position - walked), after=after)
            walked += len(page.rows)
            after = page.after
            if after is None:
                break
        return after

    for name, offset in (("first", 0), ("middle", total // 2), ("last", max(0, total - 200))):
        cursor = cursor_at(offset)
        keyset, load = timed(lambda c=cursor: ws.list_contacts({}, limit=200, after=c), runs)
        by_offset, _ = timed(lambda o=offset: ws.list_contacts({}, o, 200), runs)
        before, _ = timed(
            lambda o=offset: ws.conn.execute(
                "SELECT id FROM contact WHERE deleted = 0 ORDER BY received_at DESC, id DESC"
                " LIMIT 200 OFFSET ?",
                (o,),
            ).fetchall(),
            runs,
        )
        table.add(f"contact list, {name} page (200 rows, keyset)", _ms(keyset),
                  f"by OFFSET {_ms(by_offset)}; the old query's ids {_ms(before)}",
                  load)  # fmt: skip
    for sort in ("number", "-channel", "risk", "-worker"):
        value, load = timed(lambda s=sort: ws.list_contacts({}, limit=200, sort=s), runs)
        table.add(f"contact list sorted by {sort} (first page)", _ms(value), "", load)
    month = ws.list_contacts({"period_from": "2026-10-01", "period_to": "2026-10-31"}, limit=200)
    value, load = timed(
        lambda: ws.list_contacts({"period_from": "2026-10-01", "period_to": "2026-10-31"}, 200),
        runs,
    )
    table.add(f"contact list, Oct 2026 ({month.total:,} rows) first page", _ms(value), "", load)
    kept, load = timed(lambda: ws.list_contacts({}, limit=0), runs)
    counted, _ = timed(
        lambda: ws.conn.execute("SELECT count(*) FROM contact WHERE deleted = 0").fetchone(), runs
    )
    table.add(f"list total ({total:,}, kept count)", _ms(kept), f"count(*) {_ms(counted)}", load)


def measure_reports(ws: Workspace, table: Table, runs: int) -> None:
    month = "2026-10"
    scan, _ = timed(
        lambda: ws.conn.execute(
            "SELECT count(*), sum(length(categories)) FROM contact"
            " WHERE deleted = 0 AND received_at >= ? AND received_at < ?",
            (month + "-01", month + "-32"),
        ).fetchone(),
        runs,
    )
    counts, load = timed(lambda: stats.monthly_counts(ws.conn, month), runs)
    table.add(f"monthly report {month}: counts", _ms(counts), f"one scan {_ms(scan)}", load)
    report, load = timed(lambda: ws.reports.monthly(month), runs)
    table.add(f"monthly report {month}: PDF in memory", _ms(report), "", load)
    thematic, load = timed(lambda: ws.reports.thematic("2025-11", "2026-10"), runs)
    table.add("thematic report 2025-11..2026-10: PDF in memory", _ms(thematic), "", load)


def measure_checks(ws: Workspace, desk: Path, table: Table, runs: int) -> None:
    db = desk / "caseline.db"
    size = db.stat().st_size

    def read_file() -> None:
        with open(db, "rb") as fh:
            while fh.read(1 << 20):
                pass

    read, _ = timed(read_file, 1)
    full, load = timed(ws.verify, 1)
    table.add("verify (integrity + whole audit chain)", f"{full / 1000:.1f} s",
              f"read the file {read / 1000:.2f} s", load)  # fmt: skip
    quick, load = timed(lambda: ws.verify(quick=True), runs)
    table.add("verify --quick (chain since the last full check)", _ms(quick), "", load)
    with tempfile.TemporaryDirectory(prefix="caseline-bench-") as tmp:
        admin = Workspace.open(desk, "admin", ADMIN_PASSWORD)
        try:
            started = time.perf_counter()
            admin.backup(Path(tmp) / "desk.backup", BACKUP_PASSPHRASE)
            backup_s = time.perf_counter() - started
        finally:
            admin.close()
    table.add("backup", f"{backup_s:.1f} s", f"read the file {read / 1000:.2f} s",
              os.getloadavg()[0])  # fmt: skip
    contacts = ws.list_contacts({}, limit=0).total or 1
    outbox = ws.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    table.add("database file per contact", f"{size / contacts / 1024:.2f} KB",
              f"{size / 1e6:,.0f} MB; {outbox:,} outbox rows not yet sent")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--desk", type=Path, default=None, help="an already seeded desk")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["saves", "search", "pages", "reports", "checks"])  # fmt: skip
    args = parser.parse_args()
    print(f"bench_scale: load average at start {os.getloadavg()}, {os.cpu_count()} cores")
    if args.desk:
        desk, seeded = args.desk, {}
    else:
        desk, seeded = build(args.contacts, args.cache or _cache())
    if seeded:
        print(f"  seeded: {json.dumps(seeded)}")
    table = Table()
    started = time.perf_counter()
    ws = Workspace.open(desk, USER, PASSWORD)  # migrations run here the first time
    table.add("open the desk (migrations on first open)", f"{time.perf_counter() - started:.1f} s",
              "", os.getloadavg()[0])  # fmt: skip
    try:
        if "pages" not in args.skip:
            measure_pages(ws, table, args.runs)
        if "search" not in args.skip:
            measure_search(ws, table)
        if "reports" not in args.skip:
            measure_reports(ws, table, args.runs)
        if "saves" not in args.skip:
            measure_saves(ws, table)
        if "checks" not in args.skip:
            measure_checks(ws, desk, table, args.runs)
    finally:
        ws.close()
    print()
    table.show()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
