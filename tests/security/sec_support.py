"""Shared pieces for the security tests: a real central server on 127.0.0.1 (SQLite file or
PostgreSQL), desks made and enrolled with the real services, raw authenticated calls, and
the seeded people whose names and phone numbers must never leak."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from desktop import __version__
from desktop.services import Workspace
from desktop.sync import protocol as p
from desktop.sync.engine import SyncEngine, enroll

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

ADMIN, ADMIN_PASSWORD = "admin", "quan-tri-2026"
MANAGER, MANAGER_PASSWORD = "lan", "lan-quan-ly-2026"
INTAKE, INTAKE_PASSWORD = "hoa", "hoa-tiep-nhan-2026"
CASEWORKER, CASEWORKER_PASSWORD = "minh", "minh-ca-2026"
PASSWORDS = {
    ADMIN: ADMIN_PASSWORD,
    MANAGER: MANAGER_PASSWORD,
    INTAKE: INTAKE_PASSWORD,
    CASEWORKER: CASEWORKER_PASSWORD,
}

# Seeded people: these must appear nowhere on disk outside the encrypted database.
SECRET_NAMES = ("Đặng Thị Hoà", "Lê Thị Hạnh", "Phùng Quốc Vượng", "Nguyễn Thị Quỳnh")
SECRET_PHONES = ("0905123456", "0912777345")


def contact_data(
    child: str = "Đặng Thị Hoà",
    caller: str = "Lê Thị Hạnh",
    phone: str = "0905123456",
    province: str = "48",
) -> dict[str, Any]:
    """The DESIGN.md `contact add --json` shape."""
    return {
        "received_at": "2026-10-03T14:05:00+07:00",
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": caller, "phone": phone},
        "children": [
            {
                "full_name": child,
                "sex": "F",
                "birth_year": 2014,
                "province_code": province,
                "commune_code": "20242" if province == "48" else "",
            }
        ],
        "categories": ["violence.physical"],
        "services": ["counselling"],
        "risk": "high",
        "summary": f"{caller} báo {child} bị đánh; gọi lại số {phone}.",
    }


# ---------------------------------------------------------------------------- processes


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASELINE_")}
    env["CASELINE_TEST_FAST_KDF"] = "1"
    env["QT_QPA_PLATFORM"] = "offscreen"
    paths = (str(ROOT), str(HERE), env.get("PYTHONPATH", ""))
    env["PYTHONPATH"] = os.pathsep.join(x for x in paths if x)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def central_cli(db_url: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Run `caseline-central --db URL ARGS…`; its stdout (fails loudly)."""
    done = subprocess.run(
        [sys.executable, "-m", "central.cli", "--db", db_url, *args],
        capture_output=True,
        text=True,
        env=env or child_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@dataclass
class Central:
    """`caseline-central serve` as a child process on a free loopback port."""

    process: subprocess.Popen
    db_url: str
    url: str

    @classmethod
    def start(
        cls, db_url: str, env: dict[str, str] | None = None, log: Path | None = None
    ) -> Central:
        """`log`: a file that receives the server's log (stdout and stderr)."""
        port = free_port()
        out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "central.cli", "--db", db_url, "serve", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            env=env or child_env(),
        )
        if log:
            out.close()  # the child holds its own copy
        central = cls(process, db_url, f"http://127.0.0.1:{port}")
        central.wait_ready()
        return central

    def wait_ready(self, timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "central did not start"
            try:
                with urllib.request.urlopen(f"{self.url}/v1/health", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("central does not answer")

    def enrolment_code(self, province: str, ttl_hours: float = 24) -> str:
        out = central_cli(
            self.db_url,
            "enroll-code",
            "--province",
            province,
            "--ttl-hours",
            str(ttl_hours),
            "--json",
        )
        return str(json.loads(out)["code"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


# ---------------------------------------------------------------------------- central reads


def enrolment_code(central: Any, province: str, ttl_hours: float = 24) -> str:
    """A one-time code from central's own function (the CLI's `enroll-code`)."""
    from central.devices import new_enrolment_code

    engine = central_engine(central.db_url)
    try:
        return new_enrolment_code(engine, province, ttl_hours=ttl_hours)["code"]
    finally:
        engine.dispose()


def central_engine(db_url: str) -> Any:
    from central.db import make_engine

    return make_engine(db_url)


def audit_actions(db_url: str) -> list[dict[str, Any]]:
    """Central's audit trail, oldest first."""
    from sqlalchemy import select

    from central.tables import central_audit

    engine = central_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(central_audit).order_by(central_audit.c.id)).all()
    finally:
        engine.dispose()
    return [
        {"action": r.action, "device_id": r.device_id, "province": r.province_code, **r.detail}
        for r in rows
    ]


def central_docs(db_url: str) -> dict[str, dict[str, Any]]:
    """Every record central holds, by id."""
    from sqlalchemy import select

    from central.tables import records

    engine = central_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(records.c.id, records.c.doc)).all()
    finally:
        engine.dispose()
    return {r.id: (r.doc if isinstance(r.doc, dict) else json.loads(r.doc)) for r in rows}


# ---------------------------------------------------------------------------- desks


def new_desk(data_dir: Path, province: str = "48", centre: str = "Trung tâm CTXH") -> str:
    """A desk with an admin, a manager, an intake worker and a case worker; the recovery key."""
    recovery = Workspace.init(
        data_dir,
        centre=centre,
        province_code=province,
        admin_username=ADMIN,
        admin_password=ADMIN_PASSWORD,
    )
    with Workspace.open(data_dir, ADMIN, ADMIN_PASSWORD) as ws:
        ws.add_user(MANAGER, "manager", MANAGER_PASSWORD, "Trần Thị Lan")
        ws.add_user(INTAKE, "intake", INTAKE_PASSWORD, "Vũ Thị Hoa")
        ws.add_user(CASEWORKER, "caseworker", CASEWORKER_PASSWORD, "Lý Văn Minh")
    return recovery


def open_as(data_dir: Path, user: str) -> Workspace:
    return Workspace.open(data_dir, user, PASSWORDS[user])


def enrol_desk(data_dir: Path, central: Central, province: str = "48") -> dict[str, Any]:
    with open_as(data_dir, ADMIN) as ws:
        return enroll(ws, central.url, central.enrolment_code(province))


def sync(ws: Workspace) -> Any:
    return SyncEngine(run_db=lambda fn: fn(ws)).sync_once()


def desk_token(data_dir: Path) -> str:
    with open_as(data_dir, ADMIN) as ws:
        return str(ws.store.get_setting("sync.token"))


class Api:
    """Raw calls to central as one device (what a hostile desk could send)."""

    def __init__(self, base_url: str, token: str | None) -> None:
        self.base = base_url
        self.headers = {
            p.PROTOCOL_HEADER: str(p.PROTOCOL_VERSION),
            p.APP_VERSION_HEADER: __version__,
        }
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> requests.Response:
        return requests.get(self.base + path, params=params, headers=self.headers, timeout=30)

    def post(self, path: str, body: Any) -> requests.Response:
        return requests.post(self.base + path, json=body, headers=self.headers, timeout=30)

    def push(self, *ops: dict[str, Any]) -> requests.Response:
        return self.post("/v1/sync/push", {"ops": list(ops)})

    def pull_all(self, since: int = 0, **params: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while True:
            reply = self.get("/v1/sync/pull", since=since, include_own="true", **params)
            assert reply.status_code == 200, reply.text
            page = reply.json()
            out += page["changes"]
            since = page["next_since"]
            if not page["has_more"]:
                return out


def op(record_id: str, fields: dict[str, Any], entity: str = "contact", base_rev: int = 0) -> dict:
    return {
        "op_id": secrets.token_hex(16),
        "entity": entity,
        "record_id": record_id,
        "fields": fields,
        "base_rev": base_rev,
        "user": "attacker",
    }


def disk_files(*folders: Path) -> list[Path]:
    return [f for folder in folders if folder.exists() for f in folder.rglob("*") if f.is_file()]


# ---------------------------------------------------------------------------- an insider


def insider_connection(data_dir: Path, user: str) -> Any:
    """What a local user can do with the real files and their own password: unwrap their
    key slot and open the SQLCipher file directly (sqlcipher3), outside Caseline."""
    from sqlcipher3 import dbapi2 as sqlcipher

    try:  # key slots of version 2 (issue 11)
        from desktop.db import access

        data_key = access.unlock(data_dir, user, PASSWORDS[user]).data_key
    except ImportError:  # the code before them (to show the attacks passing there)
        from desktop.db import keys

        data_key = keys.unlock(data_dir, user, PASSWORDS[user])[0]
    conn = sqlcipher.connect(str(data_dir / "caseline.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn
