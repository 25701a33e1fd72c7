"""The demo's embedded central server ends with the app that started it, even a killed one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

STARTER = """
import json, sys, time
from pathlib import Path
from desktop.demo.workspace import CentralServer
server = CentralServer.start(Path(sys.argv[1]))
print(json.dumps({"url": server.url, "pid": server.process.pid}), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie waiting for its (dead) parent's reaper counts as gone
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


def test_killing_the_demo_app_stops_its_embedded_central_server(tmp_path):
    app = subprocess.Popen(
        [sys.executable, "-c", STARTER, str(tmp_path / "central.db")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        started = json.loads(app.stdout.readline())
        with urllib.request.urlopen(f"{started['url']}/v1/health", timeout=5) as reply:
            assert reply.status == 200

        app.send_signal(signal.SIGKILL)
        app.wait(timeout=10)

        deadline = time.monotonic() + 15
        while _alive(started["pid"]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(started["pid"]), "the central server outlived the app that started it"
    finally:
        app.kill()
