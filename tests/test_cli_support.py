"""Helpers for the `caseline` command-line tests: run the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CASELINE = str(Path(sys.executable).with_name("caseline"))
ADMIN, ADMIN_PASSWORD = "admin", "quan-tri-2026"
MANAGER, MANAGER_PASSWORD = "lan", "lan-quan-ly-2026"
INTAKE, INTAKE_PASSWORD = "hoa", "hoa-tiep-nhan-2026"
PASSWORDS = {ADMIN: ADMIN_PASSWORD, MANAGER: MANAGER_PASSWORD, INTAKE: INTAKE_PASSWORD}

CONTACT = {
    "received_at": "2026-10-03T14:05:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
    "children": [
        {
            "full_name": "Đặng Thị Hoà",
            "sex": "F",
            "birth_year": 2014,
            "province_code": "48",
            "commune_code": "20242",
        }
    ],
    "categories": ["violence.physical"],
    "services": ["counselling"],
    "risk": "high",
    "summary": "Mẹ báo con bị đánh ở trường; tư vấn viên hướng dẫn cách giữ an toàn.",
}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def caseline(
    data_dir: Path,
    *args: str,
    user: str | None = None,
    password: str | None = None,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Run:
    """Run `caseline --data-dir DATA_DIR ARGS…` as a user would, passwords from the env."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("CASELINE_")}
    full_env["CASELINE_TEST_FAST_KDF"] = "1"
    full_env["QT_QPA_PLATFORM"] = "offscreen"
    if user:
        full_env["CASELINE_USER"] = user
        full_env["CASELINE_PASSWORD"] = password if password is not None else PASSWORDS[user]
    full_env.update(env or {})
    done = subprocess.run(
        [CASELINE, "--data-dir", str(data_dir), *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def ok(run: Run) -> Run:
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return run


def fails_with_one_line(run: Run) -> str:
    """A failure: non-zero exit, exactly one line on stderr, no traceback."""
    assert run.returncode != 0, run.stdout
    assert "Traceback" not in run.stderr
    assert len(run.error_lines) == 1, run.stderr
    return run.error_lines[0]


def new_desk(data_dir: Path) -> Path:
    """A desk in Đà Nẵng (48) with an admin, a manager and an intake worker."""
    ok(
        caseline(
            data_dir, "init", "--centre", "Trung tâm Công tác xã hội Đà Nẵng",
            "--province", "48", "--admin", ADMIN,
            env={"CASELINE_PASSWORD": ADMIN_PASSWORD},
        )
    )  # fmt: skip
    for name, role in ((MANAGER, "manager"), (INTAKE, "intake")):
        ok(
            caseline(
                data_dir, "user", "add", name, "--role", role, user=ADMIN,
                env={"CASELINE_NEW_PASSWORD": PASSWORDS[name]},
            )
        )  # fmt: skip
    return data_dir


def add_contact(data_dir: Path, data: dict[str, Any] | None = None, user: str = INTAKE) -> dict:
    run = caseline(
        data_dir,
        "contact",
        "add",
        "--json",
        "-",
        user=user,
        stdin=json.dumps(data or CONTACT, ensure_ascii=False),
    )
    return ok(run).json()


def open_workspace(data_dir: Path, user: str = MANAGER):
    """The same desk opened in-process, to look at what the commands left behind."""
    from desktop.services import Workspace

    return Workspace.open(data_dir, user, PASSWORDS[user])


def contact_count(data_dir: Path) -> int:
    ws = open_workspace(data_dir)
    try:
        return ws.list_contacts({}, 0, 1).total
    finally:
        ws.close()
