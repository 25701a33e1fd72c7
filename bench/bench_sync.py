"""Sync speed on loopback: a provincial desk's first sync to central (SQLite and
PostgreSQL), a second desk's first pull, the round with nothing to do, bytes per contact.

    .venv/bin/python -m bench.bench_sync [--contacts 100000] [--backend both|sqlite|postgres]

Targets (DESIGN.md): first sync >= 2,000 records/s; a round with nothing to do is at most
1 push + 1 pull request in <= 100 ms; <= 400 bytes on the wire per contact (gzip).
The desk is made once (realistic demo data) and copied for each backend.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")  # the KDF is not what is measured here

import psycopg  # noqa: E402
import requests  # noqa: E402

from central.db import make_engine  # noqa: E402
from central.devices import new_enrolment_code  # noqa: E402
from desktop.db import sync_store  # noqa: E402
from desktop.demo.seed import seed_demo  # noqa: E402
from desktop.services import Workspace  # noqa: E402
from desktop.sync import SyncEngine, enroll  # noqa: E402
from desktop.sync.client import SyncClient  # noqa: E402

PASSWORD = "bench-pass-2026"
ROOT = Path(__file__).resolve().parents[1]
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CountingClient(SyncClient):
    """The real client; the bench reads its request and byte counters after each round."""

    last: CountingClient | None = None

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        CountingClient.last = self


def _make_desk(folder: Path, contacts: int) -> None:
    _new_desk(folder)
    with Workspace.open(folder, "mai", PASSWORD) as ws:
        seed_demo(ws, contacts=contacts, seed=7)


def _new_desk(folder: Path) -> None:
    Workspace.init(
        folder,
        centre="Trung tâm CTXH Đà Nẵng",
        province_code="48",
        admin_username="admin",
        admin_password=PASSWORD,
    )
    with Workspace.open(folder, "admin", PASSWORD) as admin:
        admin.add_user("mai", "manager", PASSWORD, "Trần Thị Mai")


class Central:
    def __init__(self, url: str) -> None:
        self.url = url
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "central.cli", "--db", url, "serve", "--port", str(self.port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"http://127.0.0.1:{self.port}/v1/health", timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("central did not start") from None
                time.sleep(0.1)
        self.engine = make_engine(url)

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.engine.dispose()


def _enrolled_copy(template: Path | None, folder: Path, central: Central) -> Workspace:
    if template is None:
        _new_desk(folder)
    else:
        shutil.copytree(template, folder)
    with Workspace.open(folder, "admin", PASSWORD) as admin:
        enroll(admin, central.http, new_enrolment_code(central.engine, "48")["code"])
    return Workspace.open(folder, "mai", PASSWORD)


def _engine(ws: Workspace) -> SyncEngine:
    return SyncEngine(lambda fn: fn(ws), lambda url, tok, ca: CountingClient(url, tok, ca_file=ca))


def _measure(name: str, url: str, template: Path, work: Path, contacts: int) -> dict[str, Any]:
    central = Central(url)
    try:
        ws = _enrolled_copy(template, work / f"{name}-a", central)
        records = sync_store.pending_count(ws.store.conn)
        engine = _engine(ws)
        started = time.perf_counter()
        first = engine.sync_once()
        push_s = time.perf_counter() - started
        client = CountingClient.last
        wire = client.bytes_sent + client.bytes_received
        quiet = []
        requests_per_round = set()
        for _ in range(20):
            t0 = time.perf_counter()
            result = engine.sync_once()
            quiet.append((time.perf_counter() - t0) * 1000)
            requests_per_round.add(result.requests)
        fresh = _enrolled_copy(None, work / f"{name}-b", central)  # a new, empty desk
        started = time.perf_counter()
        pulled = _engine(fresh).sync_once()
        pull_s = time.perf_counter() - started
        ws.close()
        fresh.close()
    finally:
        central.stop()
    return {
        "backend": name,
        "records": records,
        "push_rps": first.pushed / push_s,
        "pull_rps": pulled.pulled / pull_s,
        "bytes_per_contact": wire / contacts,
        "quiet_ms": statistics.median(quiet),
        "quiet_p95_ms": sorted(quiet)[int(len(quiet) * 0.95) - 1],
        "quiet_requests": max(requests_per_round),
    }


def _pg_database() -> tuple[str, str]:
    name = f"caseline_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _drop_pg(name: str) -> None:
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--backend", choices=["both", "sqlite", "postgres"], default="both")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="caseline-bench-sync-") as tmp:
        work = Path(tmp)
        print(f"making a desk with {args.contacts} contacts …", flush=True)
        _make_desk(work / "template", args.contacts)
        if args.backend in ("both", "sqlite"):
            rows.append(
                _measure(
                    "sqlite",
                    f"sqlite:///{work / 'central.db'}",
                    work / "template",
                    work,
                    args.contacts,
                )
            )
        if args.backend in ("both", "postgres"):
            name, url = _pg_database()
            try:
                rows.append(_measure("postgres", url, work / "template", work, args.contacts))
            finally:
                _drop_pg(name)
    print()
    print(
        f"{'backend':<9} {'records':>8} {'push rec/s':>11} {'pull rec/s':>11} "
        f"{'B/contact':>10} {'quiet ms':>9} {'p95 ms':>7} {'requests':>9}"
    )
    ok = True
    for r in rows:
        print(
            f"{r['backend']:<9} {r['records']:>8} {r['push_rps']:>11.0f} {r['pull_rps']:>11.0f} "
            f"{r['bytes_per_contact']:>10.0f} {r['quiet_ms']:>9.1f} {r['quiet_p95_ms']:>7.1f} "
            f"{r['quiet_requests']:>9}"
        )
        ok &= r["push_rps"] >= 2000 and r["bytes_per_contact"] <= 400
        ok &= r["quiet_ms"] <= 100 and r["quiet_requests"] <= 2
    print("targets: push >= 2000 rec/s, <= 400 B/contact, quiet round <= 100 ms in <= 2 requests")
    print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
