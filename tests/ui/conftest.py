"""A real encrypted desk with one user per role, and the real app over it (Qt offscreen)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from ui_support import CENTRAL, RECOVERY_KEYS, free_port, log_in, make_desk

from desktop.ui import i18n
from desktop.ui.app import CaselineApp

# Window geometry is kept with QSettings in the user's config folder: tests keep theirs
# apart from the person running them.
os.environ["XDG_CONFIG_HOME"] = os.path.join(
    os.environ.get("TMPDIR", "/tmp"), f"caseline-ui-tests-{os.getpid()}"
)


@pytest.fixture(scope="session")
def desk_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One desk made once per session (KDF work), copied for each test."""
    return make_desk(tmp_path_factory.mktemp("template") / "desk")


@pytest.fixture
def recovery_key(desk_template: Path) -> str:
    """The recovery key shown when the desk (every copy of the template) was set up."""
    return RECOVERY_KEYS[str(desk_template)]


@pytest.fixture
def desk(desk_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "desk"
    shutil.copytree(desk_template, target)
    return target


@pytest.fixture
def app_for(qtbot) -> Iterator:
    """`app_for(data_dir)` starts Caseline on a data dir; everything is shut at the end."""
    started: list[CaselineApp] = []

    def start(data_dir: Path, **kwargs) -> CaselineApp:
        i18n.language().set("vi")
        caseline = CaselineApp(data_dir, **kwargs)
        caseline.start()
        started.append(caseline)
        return caseline

    yield start
    for caseline in started:
        if caseline.main is not None:
            caseline.main.sync.stop()
        caseline.idle.stop()
        caseline.db.close_workspace().result(30)
        caseline.net.shutdown()
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    i18n.language().set("vi")


@pytest.fixture
def signed_in(desk: Path, app_for, qtbot):
    """`signed_in(username)` → the main window of that user on a fresh desk."""

    def sign_in(username: str):
        return log_in(qtbot, app_for(desk), username)

    return sign_in


@pytest.fixture
def central_server(tmp_path):
    """The real central line: `caseline-central serve` on a free port, SQLite file."""
    db_url = f"sqlite:///{tmp_path / 'central.db'}"
    port = free_port()
    server = subprocess.Popen(
        [CENTRAL, "--db", db_url, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("central server did not start")
    yield {"url": f"http://127.0.0.1:{port}", "db": db_url, "process": server}
    server.kill()
    server.wait(10)
