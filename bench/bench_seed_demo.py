"""How fast `caseline seed-demo` fills a desk (target: 100k contacts + 5k cases < 120 s).

    .venv/bin/python -m bench.bench_seed_demo [--contacts 100000] [--cases 5000]

Runs the real console script on a fresh desk in a temporary folder (production key-slot
KDF is irrelevant here: it is paid once per command) and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASELINE = str(Path(sys.executable).with_name("caseline"))
TARGET_S = 120.0


def _run(data_dir: Path, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [CASELINE, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"caseline {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def measure(contacts: int, cases: int, seed: int) -> dict[str, float]:
    env = {**os.environ, "CASELINE_TEST_FAST_KDF": "1", "CASELINE_PASSWORD": "admin-bench-1"}
    with tempfile.TemporaryDirectory(prefix="caseline-bench-") as tmp:
        desk = Path(tmp) / "desk"
        _run(desk, "init", "--centre", "Bench", "--province", "48", "--admin", "admin", env=env)
        _run(desk, "user", "add", "lan", "--role", "manager", "--user", "admin",
             env={**env, "CASELINE_NEW_PASSWORD": "manager-bench-1"})  # fmt: skip
        manager = {**env, "CASELINE_USER": "lan", "CASELINE_PASSWORD": "manager-bench-1"}
        started = time.perf_counter()
        out = _run(desk, "seed-demo", "--contacts", str(contacts), "--cases", str(cases),
                   "--seed", str(seed), "--json", env=manager)  # fmt: skip
        wall = time.perf_counter() - started
        summary = json.loads(out)
        size_mb = sum(p.stat().st_size for p in desk.iterdir() if p.is_file()) / 1e6
    return {**summary, "wall_s": wall, "db_mb": size_mb}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    r = measure(args.contacts, args.cases, args.seed)
    rows = [
        ("contacts", f"{r['contacts']:,}"),
        ("children", f"{r['children']:,}"),
        ("cases", f"{r['cases']:,}"),
        ("timeline entries (extra)", f"{r['entries']:,}"),
        ("referrals", f"{r['referrals']:,}"),
        ("seed-demo wall time", f"{r['wall_s']:.1f} s (target < {TARGET_S:.0f} s at 100k/5k)"),
        ("  of which contacts", f"{r['contacts_seconds']:.1f} s"),
        ("  of which cases", f"{r['cases_seconds']:.1f} s"),
        ("contacts per second", f"{r['contacts'] / r['wall_s']:,.0f} (cases included)"),
        ("database + WAL on disk", f"{r['db_mb']:.0f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'seed-demo'.ljust(width)}  result")
    for key, value in rows:
        print(f"{key.ljust(width)}  {value}")
    at_full_size = args.contacts >= 100_000 and args.cases >= 5_000
    return 1 if at_full_size and r["wall_s"] > TARGET_S else 0


if __name__ == "__main__":
    sys.exit(main())
