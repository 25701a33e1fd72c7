"""`caseline self-test`: an end-to-end check of this installation in a temporary folder,
one line per step (OK/FAIL), exit code 0 only when every step passed.

It uses the real parts: an encrypted desk, the services, search, cases, PDFs, backup and
restore, the audit chain, the embedded central server with enrolment and sync, and the
Qt app offscreen. Nothing is written outside the temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.errors import CaselineError

ADMIN = ("admin", "selftest-admin-1")
MANAGER = ("lan", "selftest-manager-1")
INTAKE = ("hoa", "selftest-intake-1")
BACKUP_PASSPHRASE = "selftest-backup-1"

CONTACT = {
    "received_at": "2026-10-03T14:05:00+07:00",
    "channel": "phone",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
    "children": [
        {"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014,
         "province_code": "48", "commune_code": "20242"}
    ],
    "categories": ["violence.physical"],
    "services": ["counselling"],
    "risk": "high",
    "summary": "Tự kiểm tra: dữ liệu giả lập.",
}  # fmt: skip


class SelfTest:
    def __init__(self, folder: Path, out: Any) -> None:
        self.folder = folder
        self.desk = folder / "desk"
        self.out = out
        self.failed = 0
        self.facts: dict[str, Any] = {}

    def step(self, name: str, check: Callable[[], str | None]) -> None:
        started = time.perf_counter()
        try:
            note = check() or ""
        except CaselineError as exc:
            self._line("FAIL", name, str(exc), started)
        except Exception as exc:  # noqa: BLE001 — report every failure and go on
            where = traceback.extract_tb(exc.__traceback__)[-1]
            detail = f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"
            self._line("FAIL", name, detail, started)
        else:
            self._line("OK", name, note, started)

    def _line(self, status: str, name: str, note: str, started: float) -> None:
        if status == "FAIL":
            self.failed += 1
        ms = (time.perf_counter() - started) * 1000
        text = f"{status:<4}  {name:<44} {ms:7.0f} ms"
        self.out.write(f"{text}  {' '.join(note.split())}".rstrip() + "\n")
        self.out.flush()

    def open(self, who: tuple[str, str]):
        from desktop.services import Workspace

        return Workspace.open(self.desk, *who)

    # -- steps ----------------------------------------------------------------------

    def set_up(self) -> str:
        from desktop.services import Workspace

        Workspace.init(self.desk, centre="Tự kiểm tra", province_code="48",
                       admin_username=ADMIN[0], admin_password=ADMIN[1])  # fmt: skip
        head = (self.desk / "caseline.db").read_bytes()[:16]
        if head.startswith(b"SQLite format 3"):
            raise AssertionError("the database file is not encrypted")
        with self.open(ADMIN) as ws:
            ws.add_user(MANAGER[0], "manager", MANAGER[1])
            ws.add_user(INTAKE[0], "intake", INTAKE[1])
        return "encrypted file, 3 users"

    def wrong_password(self) -> str:
        from desktop.errors import WrongPassword

        try:
            self.open((INTAKE[0], "not-the-password"))
        except WrongPassword:
            return "refused"
        raise AssertionError("a wrong password opened the desk")

    def record_and_search(self) -> str:
        with self.open(INTAKE) as ws:
            saved = ws.record_contact(CONTACT)
            hits = ws.search("dang thi hoa", limit=10)
        self.facts["contact"] = saved.number
        if not any(h.get("kind") == "child" and h.get("name") == "Đặng Thị Hoà" for h in hits):
            raise AssertionError("folded search did not find the child")
        return saved.number

    def open_case(self) -> str:
        with self.open(MANAGER) as ws:
            case = ws.open_case(self.facts["contact"])
            ws.move_case(case.id, "initial_assessment", {})
            shown = ws.get_case(case.number)
        self.facts["case"] = case.number
        if shown.case.status != "initial_assessment":
            raise AssertionError("the case did not move")
        return case.number

    def seed(self) -> str:
        from desktop.demo import seed_demo

        with self.open(MANAGER) as ws:
            summary = seed_demo(ws, contacts=200, cases=10, seed=1)
        return f"{summary.contacts} contacts, {summary.cases} cases"

    def reports(self) -> str:
        case_pdf, monthly_pdf = self.folder / "case.pdf", self.folder / "monthly.pdf"
        full_pdf = self.folder / "case-full.pdf"
        with self.open(MANAGER) as ws:
            ws.reports.case_summary(self.facts["case"], "anonymous").save(case_pdf)
            # Right-to-left words (Arabic joined, in reading order): the folder carries
            # python-bidi's compiled part and arabic-reshaper's tables.
            case_id = ws.get_case(self.facts["case"]).case.id
            ws.add_entry(case_id, "note", "Mẹ tên là مريم أحمد; thư: שלום עולם")
            ws.reports.case_summary(self.facts["case"], "full").save(full_pdf)
            ws.reports.monthly("2026-10").save(monthly_pdf)
        for pdf in (case_pdf, full_pdf, monthly_pdf):
            if not pdf.read_bytes().startswith(b"%PDF"):
                raise AssertionError(f"{pdf.name} is not a PDF")
        return "case summaries (anonymous, full with right-to-left words) + monthly"

    def backup_restore(self) -> str:
        from desktop.services import Workspace

        backup = self.folder / "desk.backup"
        with self.open(ADMIN) as ws:
            ws.backup(backup, BACKUP_PASSPHRASE)
        copy = self.folder / "restored"
        Workspace.restore(copy, backup, BACKUP_PASSPHRASE)
        with Workspace.open(copy, *MANAGER) as ws:
            ws.get_case(self.facts["case"])
            report = ws.verify()
        if not report["ok"]:
            raise AssertionError("the restored copy does not verify")
        return "restored copy verifies"

    def verify(self) -> str:
        with self.open(ADMIN) as ws:
            report = ws.verify()
        if not report["ok"]:
            raise AssertionError("; ".join(report["problems"]))
        return f"integrity {report['integrity']}, audit chain {report['audit_chain']}"

    def sync(self) -> str:
        from desktop.demo.workspace import CentralServer

        server = CentralServer.start(self.folder / "central.db")
        try:
            with self.open(ADMIN) as ws:
                ws.sync.enroll(server.url, server.enrolment_code("48"))
                result = ws.sync.run_once().to_dict()
                again = ws.sync.run_once().to_dict()
        finally:
            server.stop()
        if result.get("error") or again.get("error"):
            raise AssertionError(str(result.get("error") or again.get("error")))
        return f"pushed {result.get('pushed', '?')}"

    def ui(self) -> str:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from desktop.ui import app

        check = getattr(app, "self_test", None)
        if check is None:
            import desktop.ui.main_window  # noqa: F401 — the Qt stack and every view load

            return "app modules load offscreen"
        check(self.desk, *MANAGER)
        return "unlocked main window offscreen"


def run_self_test(*, keep: bool = False, out: Any = None) -> int:
    out = out or sys.stdout
    folder = Path(tempfile.mkdtemp(prefix="caseline-self-test-"))
    test = SelfTest(folder, out)
    try:
        test.step("desk: encrypted set-up, users", test.set_up)
        test.step("login: wrong password refused", test.wrong_password)
        test.step("contact: record + folded search", test.record_and_search)
        test.step("case: open + first step", test.open_case)
        test.step("demo data: 200 contacts, 10 cases", test.seed)
        test.step("reports: PDFs", test.reports)
        test.step("backup + restore", test.backup_restore)
        test.step("verify: integrity + audit chain", test.verify)
        test.step("sync: embedded central, enrol, 2 rounds", test.sync)
        test.step("ui: offscreen", test.ui)
    finally:
        if keep:
            out.write(f"{folder}\n")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if test.failed:
        raise SelfTestFailed(test.failed)
    out.write("OK\n")
    return 0


class SelfTestFailed(CaselineError):
    code = "self_test"

    def __init__(self, failed: int) -> None:
        super().__init__(
            f"Tự kiểm tra: {failed} bước không đạt (xem các dòng FAIL).",
            f"Self-test: {failed} step(s) failed (see the FAIL lines).",
        )
