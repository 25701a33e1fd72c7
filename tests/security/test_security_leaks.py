"""No plaintext leaks: after a full session of real work (contacts, a case, reports, sync,
a backup, a crash), the seeded names and phone numbers are nowhere on disk — not in the
data folder, not in the temp folder the processes used, not in any log — except inside
the encrypted database and in the PDFs the user asked to save."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path

from pypdf import PdfReader
from sec_support import (
    ADMIN,
    HERE,
    INTAKE,
    MANAGER,
    PASSWORDS,
    SECRET_NAMES,
    SECRET_PHONES,
    Central,
    child_env,
    contact_data,
    disk_files,
    new_desk,
)

from desktop.domain.text import fold

CASELINE = str(Path(sys.executable).with_name("caseline"))


def encodings_of(secret: str) -> list[bytes]:
    """The secret as a file could hold it: UTF-8 and UTF-16 (both byte orders), NFC and
    NFD, plus the folded search form."""
    forms = {unicodedata.normalize("NFC", secret), unicodedata.normalize("NFD", secret)}
    forms.add(fold(secret))
    out = []
    for form in forms:
        for codec in ("utf-8", "utf-16-le", "utf-16-be"):
            out.append(form.encode(codec))
    return out


def files_holding(secrets: tuple[str, ...], files: list[Path]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    patterns = {s: encodings_of(s) for s in secrets}
    for path in files:
        raw = path.read_bytes()
        for secret, forms in patterns.items():
            if any(form in raw for form in forms):
                found.setdefault(str(path), []).append(secret)
    return found


class Session:
    """Runs `caseline` as a user would, with TMPDIR pointed at the test's folder and
    every stderr line kept as the log."""

    def __init__(self, data_dir: Path, tmp: Path, logs: Path) -> None:
        self.data_dir, self.tmp, self.logs = data_dir, tmp, logs
        self.count = 0

    def run(self, *args: str, user: str = MANAGER, stdin: str = "", **env: str) -> str:
        self.count += 1
        done = subprocess.run(
            [CASELINE, "--data-dir", str(self.data_dir), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=child_env(
                TMPDIR=str(self.tmp),
                CASELINE_USER=user,
                CASELINE_PASSWORD=PASSWORDS[user],
                CASELINE_DEBUG="1",  # tracebacks, if any, land in the log we search
                **env,
            ),
            timeout=120,
        )
        (self.logs / f"{self.count:02d}-{args[0]}.stderr").write_text(done.stderr)
        assert done.returncode == 0, done.stderr
        return done.stdout


def test_names_and_phones_never_reach_the_disk_outside_the_encrypted_database(tmp_path):
    data, tmp, logs, exports = (tmp_path / d for d in ("desk", "tmp", "logs", "exports"))
    for folder in (tmp, logs, exports):
        folder.mkdir()
    server = Central.start(
        f"sqlite:///{tmp_path / 'central.db'}",
        env=child_env(TMPDIR=str(tmp)),
        log=logs / "central.log",
    )
    session = Session(data, tmp, logs)
    new_desk(data)
    try:
        first = json.loads(session.run("contact", "add", "--json", "-", user=INTAKE,
                                       stdin=json.dumps(contact_data())))  # fmt: skip
        other = contact_data("Phùng Quốc Vượng", "Nguyễn Thị Quỳnh", "0912777345")
        session.run("contact", "add", "--json", "-", user=INTAKE, stdin=json.dumps(other))
        case = json.loads(session.run("case", "open", first["number"], "--json"))
        session.run("search", "Hoà", "--json")
        session.run("search", "0912777345", "--json")
        session.run("case", "show", case["number"])
        session.run("report", "case", case["number"], "-o", str(exports / "case.pdf"))
        session.run("report", "monthly", "2026-10", "-o", str(exports / "monthly.pdf"),
                    "--csv", str(exports / "monthly.csv"))  # fmt: skip
        code = server.enrolment_code("48")
        session.run("enroll", "--server", server.url, "--code", code, user=ADMIN)
        session.run("sync", "--json")
        session.run("backup", "-o", str(data / "desk.bak"), user=ADMIN,
                    CASELINE_BACKUP_PASSWORD="sao-luu-an-toan-2026")  # fmt: skip
        crash_a_writer(data, tmp, logs)
        session.run("sync", "--json")
        session.run("verify")
    finally:
        server.stop()

    # The search below does find a secret where it is in plain text (the control).
    control = tmp_path / "control.txt"
    control.write_bytes(unicodedata.normalize("NFD", SECRET_NAMES[0]).encode("utf-16-le"))
    assert files_holding(SECRET_NAMES, [control]) == {str(control): [SECRET_NAMES[0]]}
    # The PDFs the user asked for do hold the names: that is what they are for.
    text = "".join(page.extract_text() for page in PdfReader(exports / "case.pdf").pages)
    assert "Hoà" in unicodedata.normalize("NFC", text)

    encrypted = {data / "caseline.db", data / "caseline.db-wal"}
    assert not (data / "caseline.db").read_bytes().startswith(b"SQLite format 3")
    searched = [f for f in disk_files(data, tmp, logs) if f not in encrypted]
    assert len(searched) >= 10  # key slots, backup, logs of every command, ...
    assert files_holding(SECRET_NAMES + SECRET_PHONES, searched) == {}
    assert (
        files_holding(SECRET_NAMES + SECRET_PHONES, sorted(encrypted & set(disk_files(data)))) == {}
    )


def crash_a_writer(data: Path, tmp: Path, logs: Path) -> None:
    """A writer killed mid-work: whatever it leaves behind is searched too."""
    with open(logs / "crash-writer.stderr", "w") as err:
        child = subprocess.Popen(
            [sys.executable, str(HERE / "child_crash_writer.py"), str(data), "0", "2"],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=child_env(TMPDIR=str(tmp)),
        )
        assert child.stdout is not None
        saves = 0
        for line in child.stdout:
            saves += line.startswith("saved")
            if saves >= 3:
                break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
