"""Real parts for sync tests: central server processes on 127.0.0.1 (SQLite or a fresh
PostgreSQL database), desks as real SQLCipher workspaces, and a fault-injecting TCP proxy.

Imported by tests/e2e and tests/central (their conftest files put this folder on the path).
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import requests
from sqlalchemy import Engine

from central.cli import counts
from central.db import make_engine
from central.devices import new_enrolment_code, revoke
from desktop.db import sync_store
from desktop.services import Workspace
from desktop.sync import SyncEngine, enroll

ROOT = Path(__file__).resolve().parents[2]
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test"
PASSWORD = "mật-khẩu-đủ-dài"
ENV_NAMES = {
    "max_body_bytes": "CASELINE_CENTRAL_MAX_BODY",
    "max_decompressed_bytes": "CASELINE_CENTRAL_MAX_DECOMPRESSED",
    "max_concurrent": "CASELINE_CENTRAL_MAX_CONCURRENT",
    "retry_after_s": "CASELINE_CENTRAL_RETRY_AFTER",
    "min_app_version": "CASELINE_CENTRAL_MIN_APP",
    "refusal_free_per_minute": "CASELINE_CENTRAL_REFUSAL_FREE",
    "refusal_delay_s": "CASELINE_CENTRAL_REFUSAL_DELAY",
    "handoff_urgent_hours": "CASELINE_CENTRAL_HANDOFF_URGENT_HOURS",
    "attachment_dir": "CASELINE_CENTRAL_ATTACHMENT_DIR",
}
COMMUNE = {"48": "20242", "01": "00070"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ------------------------------------------------------------------ databases


class PostgresDatabases:
    """One database `caseline_test_<random>` per test session, a fresh schema per test
    (cheaper than a database each); dropped at the end."""

    def __init__(self) -> None:
        self.name = f"caseline_test_{uuid.uuid4().hex[:8]}"
        self.schemas = 0
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')

    def fresh(self) -> str:
        self.schemas += 1
        schema = f"central_{self.schemas}"
        with psycopg.connect(PG_DSN.replace("dbname=test", f"dbname={self.name}")) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        return (
            f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.name}"
            f"?options=-csearch_path%3D{schema}"
        )

    def drop_all(self) -> None:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# ------------------------------------------------------------------ central process


class Central:
    """`caseline-central serve` on a free port: in its own process (`process=True`, for
    SIGKILL tests) or as a uvicorn server on a thread of the test process (faster start)."""

    def __init__(self, db_url: str, log_dir: Path, *, process: bool = False, **env: Any) -> None:
        self.db_url = db_url
        self.log_dir = log_dir
        self.process = process
        self.env = env
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.server: Any = None
        self.thread: threading.Thread | None = None
        self.engine: Engine = make_engine(db_url)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Central:
        if not self.process:
            return self._start_thread()
        env = {**os.environ, **{ENV_NAMES[k]: str(v) for k, v in self.env.items()}}
        log = open(self.log_dir / f"central-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "central.cli", "--db", self.db_url, "serve"]
            + ["--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("central exited at start")
            try:
                requests.get(self.url + "/v1/health", timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("central did not start")

    def _start_thread(self) -> Central:
        import uvicorn

        from central.api.app import create_app
        from central.settings import Settings

        settings = Settings(db_url=self.db_url, **self.env)
        app = create_app(settings)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        wait_for(lambda: self.server.started, 20)
        return self

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, no chance to finish a transaction."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def restart(self) -> Central:
        self.kill()
        return self.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
            self.thread.join(10)
            self.server.config.app.state.engine.dispose()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.engine.dispose()

    def enrolment_code(self, province: str = "48") -> str:
        national = province == "00"  # a national-line desk (issue 15)
        return new_enrolment_code(self.engine, province, national=national)["code"]

    def counts(self) -> dict[str, dict[str, int]]:
        return counts(self.engine)

    def revoke(self, device_id: str, lost: bool = False) -> None:
        revoke(self.engine, device_id, lost=lost)

    def cli(self, *args: str) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "central.cli", "--db", self.db_url, *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout


# ------------------------------------------------------------------ desks


@dataclass
class Desk:
    """A real desk: its own data dir and SQLCipher file, opened as a manager."""

    data_dir: Path
    ws: Any
    server_url: str
    device_id: str = ""
    client_factory: Any = None
    engine: SyncEngine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = SyncEngine(lambda fn: fn(self.ws), self.client_factory)

    def sync(self, **kw: Any) -> Any:
        return self.engine.sync_once(**kw)

    def sync_until_done(self, tries: int = 60) -> Any:
        return sync_until_done(self.engine, tries)

    def pending(self) -> int:
        return sync_store.pending_count(self.ws.store.conn)

    def reopen(self) -> None:
        self.ws.close()
        self.ws = Workspace.open(self.data_dir, "mai", PASSWORD)

    def close(self) -> None:
        self.ws.close()

    def scope(self) -> set[tuple[str, str, int]]:
        """(entity, id, rev) of every live synced record on this desk."""
        from desktop.db import repository
        from desktop.domain.records import SYNCED_ENTITIES

        out = set()
        for entity in SYNCED_ENTITIES:
            for rid, rev in self.ws.store.conn.execute(
                f"SELECT id, rev FROM {repository.table(entity)} WHERE deleted = 0"
            ):
                out.add((entity, rid, int(rev)))
        return out

    def live_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for entity, _rid, _rev in self.scope():
            out[entity] = out.get(entity, 0) + 1
        return out


class DbWorker:
    """The UI's pattern: one thread owns the workspace; others hand it work and wait."""

    def __init__(self, data_dir: Path, user: str = "mai") -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=1)
        self.ws = self.pool.submit(Workspace.open, data_dir, user, PASSWORD).result()

    def run(self, fn: Callable[[Any], Any]) -> Any:
        return self.pool.submit(fn, self.ws).result()

    def close(self) -> None:
        self.pool.submit(self.ws.close).result()
        self.pool.shutdown()


def sync_until_done(engine: SyncEngine, tries: int = 60) -> Any:
    """Keep trying like the scheduler would (faults are expected in these tests)."""
    from desktop.errors import SyncError

    last: Exception | None = None
    for _ in range(tries):
        try:
            result = engine.sync_once()
            if result.ok:
                return result
        except SyncError as exc:
            last = exc
            delay = exc.details.get("retry_after")
            time.sleep(min(float(delay), 0.5) if isinstance(delay, int | float) else 0.02)
    raise AssertionError(f"sync never completed: {last!r}")


def make_desk(
    folder: Path,
    central: Central,
    province: str = "48",
    *,
    server_url: str | None = None,
    client_factory: Any = None,
    enrol: bool = True,
) -> Desk:
    """Workspace.init + a manager user + enrolment with a one-time code."""
    Workspace.init(
        folder,
        centre="Trung tâm CTXH",
        province_code=province,
        admin_username="admin",
        admin_password=PASSWORD,
    )
    admin = Workspace.open(folder, "admin", PASSWORD)
    try:
        admin.add_user("mai", "manager", PASSWORD, "Trần Thị Mai")
        device_id = ""
        if enrol:
            device_id = enroll(admin, server_url or central.url, central.enrolment_code(province))[
                "device_id"
            ]
    finally:
        admin.close()
    ws = Workspace.open(folder, "mai", PASSWORD)
    return Desk(folder, ws, server_url or central.url, device_id, client_factory)


def contact(i: int = 0, *, children: bool = False, province: str = "48") -> dict[str, Any]:
    data: dict[str, Any] = {
        "received_at": "2026-10-03T14:05:00+07:00",
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
        "categories": ["violence.physical"],
        "services": ["counselling"],
        "risk": "high",
        "summary": f"Mẹ gọi về việc con bị đánh ở trường, lần {i}.",
    }
    if children:
        data["children"] = [
            {
                "full_name": "Đặng Thị Hoà",
                "sex": "F",
                "birth_year": 2014,
                "province_code": province,
                "commune_code": COMMUNE[province],
            }
        ]
    return data


def add_contacts(desk: Desk, n: int, *, children: bool = False) -> list[str]:
    province = desk.ws.province_code
    with desk.ws.batch():
        return [
            desk.ws.record_contact(contact(i, children=children, province=province)).id
            for i in range(n)
        ]


# ------------------------------------------------------------------ fault proxy


class FaultProxy:
    """A TCP proxy between a desk and central that can delay, cut and drop replies.

    - `latency_s`: delay added to every chunk each way;
    - `cut_rate`: chance per connection that it is cut after a random number of reply bytes;
    - `drop_next_reply`: let the next request through, then close without any reply;
    - `drop_next_request`: close the next connection that sends anything, before central
      gets a byte of it.
    """

    def __init__(self, upstream_port: int, seed: int = 7) -> None:
        self.upstream_port = upstream_port
        self.latency_s = 0.0
        self.cut_rate = 0.0
        self.drop_next_reply = False
        self.drop_next_request = False
        self.cut_every: int | None = None  # bytes either way, then the connection is cut
        self.cuts = 0
        self.rng = random.Random(seed)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closing = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closing = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                client.close()
                continue
            cut_after = None
            if self.rng.random() < self.cut_rate:
                cut_after = self.rng.randint(0, 20000)
            pair = _Pair(self, client, server, cut_after)
            threading.Thread(target=pair.upstream, daemon=True).start()
            threading.Thread(target=pair.downstream, daemon=True).start()


class _Pair:
    def __init__(
        self, proxy: FaultProxy, client: socket.socket, server: socket.socket, cut_after: int | None
    ) -> None:
        self.proxy, self.client, self.server, self.cut_after = proxy, client, server, cut_after
        self.sent_down = 0
        self.carried = 0  # both ways, for `cut_every`
        self._count = threading.Lock()

    def _shut(self) -> None:
        for s in (self.client, self.server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def upstream(self) -> None:
        self._pump(self.client, self.server, down=False)

    def downstream(self) -> None:
        self._pump(self.server, self.client, down=True)

    def _pump(self, src: socket.socket, dst: socket.socket, *, down: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if self.proxy.latency_s:
                    time.sleep(self.proxy.latency_s)
                if not down and self.proxy.drop_next_request:
                    self.proxy.drop_next_request = False
                    self.proxy.cuts += 1
                    break  # central never hears of it
                if down and self.proxy.drop_next_reply:
                    self.proxy.drop_next_reply = False
                    self.proxy.cuts += 1
                    break  # the server has answered (so committed); the desk never hears
                if self.proxy.cut_every is not None:
                    with self._count:
                        room = self.proxy.cut_every - self.carried
                        self.carried += len(data)
                    if len(data) >= room:
                        dst.sendall(data[: max(0, room)])
                        self.proxy.cuts += 1
                        break
                if down and self.cut_after is not None:
                    if self.sent_down + len(data) > self.cut_after:
                        dst.sendall(data[: max(0, self.cut_after - self.sent_down)])
                        self.proxy.cuts += 1
                        break
                dst.sendall(data)
                if down:
                    self.sent_down += len(data)
        except OSError:
            pass
        self._shut()


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.01)


def json_lines(stream: Any) -> Iterator[dict[str, Any]]:
    for line in stream:
        line = line.strip()
        if line.startswith(b"{"):
            yield json.loads(line)
