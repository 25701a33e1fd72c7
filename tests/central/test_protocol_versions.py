"""The handshake's version rule (PEP 440, `packaging.version`) and central's settings
(`pydantic-settings`), against the real server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from central.api.middleware import app_version_ok
from central.settings import Settings
from desktop.sync import protocol as p

ROOT = Path(__file__).resolve().parents[2]


def test_a_release_candidate_does_not_pass_a_final_minimum_version(central_factory):
    central = central_factory(min_app_version="0.2.0")
    pull = central.url + "/v1/sync/pull"

    def status(app_version: str) -> int:
        headers = {p.PROTOCOL_HEADER: "1", p.APP_VERSION_HEADER: app_version}
        return requests.get(pull, headers=headers, timeout=10).status_code

    assert status("0.2.0rc1") == 426  # a pre-release comes before its release
    assert status("0.2.0.dev3") == 426
    assert status("0.1.9") == 426 and status("not a version") == 426
    # Past the gate, an unknown token is the next answer: 401.
    assert status("0.2.0") == status("0.2.1") == status("0.10.0") == 401
    reply = requests.get(pull, headers={p.PROTOCOL_HEADER: "1", p.APP_VERSION_HEADER: "0.2.0rc1"})
    assert reply.json()["detail"]["min_app_version"] == "0.2.0"


@pytest.mark.parametrize(
    ("given", "minimum", "ok"),
    [("0.2.0rc1", "0.2.0", False), ("0.2.0", "0.2.0rc1", True), ("1.0", "0.9.9", True)],
)
def test_versions_compare_as_pep_440_says(given, minimum, ok):
    assert app_version_ok(given, minimum) is ok


def test_settings_are_read_from_the_environment_with_types(monkeypatch, tmp_path):
    monkeypatch.setenv("CASELINE_CENTRAL_MAX_BODY", "1234")
    monkeypatch.setenv("CASELINE_CENTRAL_MIN_APP", "0.3.0")
    monkeypatch.setenv("CASELINE_CENTRAL_DB", f"sqlite:///{tmp_path / 'env.db'}")
    settings = Settings.from_env()
    assert settings.max_body_bytes == 1234 and settings.min_app_version == "0.3.0"
    assert settings.db_url.endswith("env.db")
    assert Settings.from_env("sqlite:///other.db").db_url == "sqlite:///other.db"


@pytest.mark.parametrize(
    ("name", "value"),
    [("CASELINE_CENTRAL_MAX_BODY", "lots"), ("CASELINE_CENTRAL_MIN_APP", "banana")],
)
def test_a_bad_setting_stops_the_server_with_one_line_naming_it(tmp_path, name, value):
    env = {**os.environ, name: value}
    out = subprocess.run(
        [sys.executable, "-m", "central.cli", "--db", f"sqlite:///{tmp_path / 'c.db'}", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and name in out.stderr, out.stderr
