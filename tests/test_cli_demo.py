"""`caseline demo`: a demo desk, one user per role, an embedded central server, a sync."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_cli_support import caseline, ok

from desktop.demo.workspace import USERS


def _central_counts(folder: Path) -> dict:
    central = str(Path(sys.executable).with_name("caseline-central"))
    done = subprocess.run(
        [central, "--db", f"sqlite:///{folder / 'central.db'}", "counts", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def test_demo_sets_up_every_role_and_syncs_its_data_to_the_embedded_central(tmp_path):
    run = ok(caseline(tmp_path, "demo", "--no-ui", "--contacts", "120", "--cases", "8"))
    for user in USERS:  # printed so a visitor can log in as each role
        assert user.username in run.stdout and user.password in run.stdout
    assert "http://127.0.0.1:" in run.stdout

    desk = tmp_path / "desk"
    for user in USERS:
        role_run = ok(caseline(desk, "search", "nguyen", "--json", "--limit", "3",
                               user=user.username, password=user.password))  # fmt: skip
        if user.role in ("manager", "intake"):
            assert role_run.json(), user.role
    counts = _central_counts(tmp_path)
    assert counts["48"]["contact"] == 120
    assert counts["48"]["case"] == 8

    # A second start reuses the desk (no second seeding) and syncs again on a new port.
    again = ok(caseline(tmp_path, "demo", "--no-ui", "--contacts", "120", "--cases", "8"))
    assert "http://127.0.0.1:" in again.stdout
    assert _central_counts(tmp_path)["48"]["contact"] == 120


def test_self_test_passes_every_step_on_this_installation(tmp_path):
    run = ok(caseline(tmp_path, "self-test"))
    steps = [line for line in run.stdout.splitlines() if line[:4] in ("OK  ", "FAIL")]
    assert len(steps) >= 9
    assert all(line.startswith("OK") for line in steps), run.stdout
    assert run.stdout.rstrip().endswith("OK")
