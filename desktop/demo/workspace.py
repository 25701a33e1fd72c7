"""`caseline demo`: a demo desk with one user per role, synthetic data, an embedded central
server on 127.0.0.1, enrolment and a first sync — then the app.

The demo lives in its own folder (default `<user data dir>/demo/`), never in the real
desk's files. Demo passwords are fixed and printed: the data is synthetic.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.errors import CaselineError, language

if TYPE_CHECKING:
    pass

PROVINCE = "48"  # Đà Nẵng
CENTRE = "Trung tâm Công tác xã hội thành phố Đà Nẵng (bản demo)"
DESK_FOLDER = "desk"
CENTRAL_FILE = "central.db"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    password: str
    full_name: str


USERS = (
    DemoUser("admin", "admin", "admin-demo-111", "Trần Quốc Bảo"),
    DemoUser("quanly", "manager", "quanly-demo-111", "Nguyễn Thị Thu Hà"),
    DemoUser("tiepnhan", "intake", "tiepnhan-demo-111", "Lê Minh Châu"),
    DemoUser("canbo", "caseworker", "canbo-demo-111", "Phạm Văn Đức"),
    DemoUser("canbo2", "caseworker", "canbo2-demo-111", "Huỳnh Ngọc Anh"),
)
ADMIN, MANAGER = USERS[0], USERS[1]
BANNER_HEADLINE = "BẢN DEMO — dữ liệu giả lập, không phải người thật / DEMO — synthetic data"
ROLE_NAMES = {
    "admin": "quản trị / admin",
    "manager": "lãnh đạo / manager",
    "intake": "tiếp nhận / intake",
    "caseworker": "cán bộ hồ sơ / caseworker",
}
# The login window shows every demo login; the main window only the first line.
BANNER = "\n".join(
    [BANNER_HEADLINE] + [f"{u.username}  ·  {u.password}  ·  {ROLE_NAMES[u.role]}" for u in USERS]
)


class DemoFailed(CaselineError):
    code = "demo"


def default_demo_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("Caseline", appauthor=False)) / "demo"


def run_demo(
    folder: Path | None,
    *,
    contacts: int = 3000,
    cases: int = 150,
    open_ui: bool = True,
    with_server: bool = True,
    out: Any = None,
) -> int:
    """Set up (first time) or reopen the demo; with `open_ui`, run the app until it closes."""
    out = out or sys.stdout
    folder = folder or default_demo_dir()
    desk = folder / DESK_FOLDER
    fresh = _set_up(desk, contacts, cases, out)
    server: CentralServer | None = None
    try:
        if with_server:
            server = _start_and_connect(folder, desk, out)
        _print_how_to(desk, server, fresh, out)
        if not open_ui:
            return 0
        from desktop.ui.app import run_gui

        return int(run_gui(desk, demo_banner=BANNER) or 0)
    finally:
        if server is not None:
            server.stop()


# ------------------------------------------------------------------------- the desk


def _set_up(desk: Path, contacts: int, cases: int, out: Any) -> bool:
    from desktop.demo.seed import seed_demo
    from desktop.services import Workspace

    if Workspace.exists(desk):
        return False
    _say(out, "Đang tạo bàn làm việc demo…", "Creating the demo desk…")
    Workspace.init(
        desk,
        centre=CENTRE,
        province_code=PROVINCE,
        admin_username=ADMIN.username,
        admin_password=ADMIN.password,
        admin_full_name=ADMIN.full_name,
    )
    with Workspace.open(desk, ADMIN.username, ADMIN.password) as ws:
        for user in USERS[1:]:
            ws.add_user(user.username, user.role, user.password, full_name=user.full_name)
    _say(
        out,
        f"Đang tạo {contacts} cuộc gọi và {cases} hồ sơ giả lập…",
        f"Making {contacts} synthetic contacts and {cases} cases…",
    )
    caseworkers = [u.username for u in USERS if u.role == "caseworker"]
    with Workspace.open(desk, MANAGER.username, MANAGER.password) as ws:
        seed_demo(ws, contacts=contacts, cases=cases, seed=111, assignees=caseworkers)
    return True


def _start_and_connect(folder: Path, desk: Path, out: Any) -> CentralServer | None:
    """The demo still opens when central cannot start or sync fails: it says so and the
    desk works offline, as a real desk would."""
    try:
        server = CentralServer.start(folder / CENTRAL_FILE)
    except CaselineError as exc:
        sys.stderr.write(f"caseline demo: {exc}\n")
        return None
    try:
        _connect(desk, server, out)
    except CaselineError as exc:
        sys.stderr.write(f"caseline demo: {exc}\n")
    return server


def _connect(desk: Path, server: CentralServer, out: Any) -> None:
    """Enrol on first run; later runs point the desk at this run's port. Then one sync."""
    from desktop.services import Workspace

    with Workspace.open(desk, ADMIN.username, ADMIN.password) as ws:
        if ws.sync.is_enrolled():
            ws.sync.move_server(server.url)
        else:
            ws.sync.enroll(server.url, server.enrolment_code(PROVINCE))
        _say(out, "Đang đồng bộ với máy chủ trung tâm demo…", "Syncing with the demo central…")
        summary = ws.sync.run_once().to_dict()
        if summary.get("error"):
            _say(
                out,
                f"Đồng bộ chưa xong: {summary['error']}",
                f"Sync incomplete: {summary['error']}",
            )


def _print_how_to(desk: Path, server: CentralServer | None, fresh: bool, out: Any) -> None:
    lines = [
        "",
        BANNER_HEADLINE,
        _text(f"Thư mục dữ liệu demo: {desk}", f"Demo data folder: {desk}"),
    ]
    if server is not None:
        lines.append(
            _text(f"Máy chủ trung tâm demo: {server.url}", f"Demo central server: {server.url}")
        )
    lines.append(_text("Người dùng (tên / mật khẩu / vai trò):", "Users (name / password / role):"))
    lines += [f"    {u.username:<10} {u.password:<20} {u.role}" for u in USERS]
    lines.append("")
    out.write("\n".join(lines) + "\n")
    out.flush()


# ------------------------------------------------------------------------- central


class CentralServer:
    """`caseline-central serve` on a free loopback port, as a child process."""

    def __init__(self, process: subprocess.Popen, db_url: str, port: int, log: Path) -> None:
        self.process = process
        self.log = log
        self.db_url = db_url
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    @classmethod
    def start(cls, db_file: Path, timeout_s: float = 30.0) -> CentralServer:
        db_file.parent.mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{db_file}"
        port = _free_port()
        log = db_file.with_suffix(".log")  # central logs what happened, never who
        with open(log, "ab") as log_file:
            process = subprocess.Popen(
                _central_command(
                    db_url,
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--stop-when-stdin-closes",
                ),  # fmt: skip
                # The pipe stays open while this process lives; when it ends — closed, or
                # killed — the pipe closes and the server stops itself.
                stdin=subprocess.PIPE,
                stdout=log_file,
                stderr=log_file,
                env=_child_env(),
            )
        server = cls(process, db_url, port, log)
        server._wait_ready(timeout_s)
        return server

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                detail = self.log.read_text(encoding="utf-8", errors="replace")
                last = detail.strip().splitlines()[-1:] or ["?"]
                raise DemoFailed(
                    f"Máy chủ trung tâm demo không khởi động được: {last[0]}",
                    f"The demo central server did not start: {last[0]}",
                )
            try:
                with urllib.request.urlopen(f"{self.url}/v1/health", timeout=1) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise DemoFailed(
            "Máy chủ trung tâm demo không trả lời.", "The demo central server does not answer."
        )

    def enrolment_code(self, province: str) -> str:
        done = subprocess.run(
            _central_command(self.db_url, "enroll-code", "--province", province, "--json"),
            capture_output=True,
            text=True,
            env=_child_env(),
            timeout=60,
        )
        if done.returncode != 0:
            raise DemoFailed(
                f"Không tạo được mã đăng ký: {done.stderr.strip()}",
                f"Could not make an enrolment code: {done.stderr.strip()}",
            )
        return str(json.loads(done.stdout)["code"])

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _central_command(db_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "central.cli", "--db", db_url, *args]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ------------------------------------------------------------------------- text


def _text(vi: str, en: str) -> str:
    return en if language() == "en" else vi


def _say(out: Any, vi: str, en: str) -> None:
    out.write(_text(vi, en) + "\n")
    out.flush()
