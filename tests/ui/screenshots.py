"""Screenshots of each main screen, in Vietnamese at 1366×768, into docs/screenshots/.

Run: .venv/bin/python tests/ui/screenshots.py   (offscreen; takes about a minute)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from ui_support import PASSWORDS, make_desk  # noqa: E402

from desktop.db import sync_store  # noqa: E402
from desktop.domain.ids import utc_now, uuid7  # noqa: E402
from desktop.services import Workspace  # noqa: E402
from desktop.ui import ops  # noqa: E402
from desktop.ui.app import CaselineApp  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)


def settle(ms: int = 400) -> None:
    ops.db_worker().wait_idle()
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    ops.db_worker().wait_idle()
    QApplication.processEvents()


def wait_for(condition, timeout_s: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("screen did not get ready")
        settle(50)


def shoot(widget: QWidget, name: str, size: tuple[int, int] | None = SIZE) -> None:
    if size:
        widget.resize(*size)
    widget.show()
    settle()
    path = OUT / f"ui-{name}.png"
    widget.grab().save(str(path))
    print("wrote", path.relative_to(ROOT))


def seed(desk: Path) -> tuple[str, str]:
    from desktop.demo.seed import seed_demo

    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        seed_demo(ws, contacts=600, cases=60, seed=7, assignees=["minh"])
        page = ws.list_cases({"step": "intervention"}, 0, 1)
        case = (page.rows or ws.list_cases({}, 0, 1).rows)[0]
        with ws.store.transaction() as conn:
            sync_store.upsert_remote(
                conn,
                "conflict",
                {
                    "id": uuid7(),
                    "province_code": "48",
                    "rev": 3,
                    "created_at": utc_now(),
                    "updated_at": utc_now(),
                    "record_entity": "case",
                    "record_id": case["id"],
                    "field_name": "risk",
                    "kept_value": case["risk"],
                    "other_value": "urgent",
                    "kept_by": "hoa",
                    "other_by": "tuan",
                    "other_device": "Q7M",
                    "other_at": "2026-11-21T02:30:00+00:00",
                },
            )
        phone_contact = ws.list_contacts({}, 0, 1).rows[0]
    return case["id"], phone_contact["id"]


def main() -> None:
    app = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="caseline-shots-"))
    try:
        run(app, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(app: QApplication, work: Path) -> None:
    from desktop.ui import i18n
    from desktop.ui.setup import SetupWizard

    i18n.language().set("vi")

    wizard = SetupWizard(work / "fresh")
    wizard.centre.setText("Trung tâm Công tác xã hội thành phố Đà Nẵng")
    wizard.province.set_value("48")
    shoot(wizard, "setup-1-centre", None)
    wizard.next_button.click()
    wizard.admin_name.setText("Trần Quản Trị")
    wizard.password.setText("mat-khau-dai-2026")
    wizard.password2.setText("mat-khau-dai-2026")
    wizard.next_button.click()
    wait_for(lambda: wizard.pages.currentIndex() == 2)
    shoot(wizard, "setup-2-recovery-key", None)
    wizard.close()

    desk = make_desk(work / "desk")
    case_id, _ = seed(desk)
    caseline = CaselineApp(desk)
    caseline.start()
    shoot(caseline.login, "login")
    show_recovery(caseline.login)
    caseline.login.username.setText("hoa")
    caseline.login.password.setText(PASSWORDS["hoa"])
    caseline.login.submit()
    wait_for(lambda: caseline.main is not None)
    main = caseline.main
    main.resize(*SIZE)
    show_intake(main)
    shoot(main, "intake")
    for name in ("contacts", "cases", "children"):
        main.show_page(name)
        wait_for(lambda n=name: main.page(n).model.rowCount() > 0)
        table = main.page(name).table
        table.resizeColumnsToContents()
        shoot(main, name)
    main.open_case(case_id)
    wait_for(lambda: main.case_view.detail is not None)
    shoot(main, "case")
    main.case_view.resolve_button.click()
    settle()
    from desktop.ui.case.conflict_dialog import ConflictDialog
    from desktop.ui.case.step_dialog import StepDialog

    shoot(main.case_view.findChild(ConflictDialog), "conflict", None)
    main.case_view.findChild(ConflictDialog).close()
    step = StepDialog(main.case_view.detail.case, "review", main)
    next_steps = [
        s
        for s in ("intervention", "review", "closed", "plan")
        if main.case_view.findChild(QWidget, f"move_{s}")
    ]
    if next_steps:
        step = StepDialog(main.case_view.detail.case, next_steps[0], main)
    shoot(step, "step-dialog", None)
    step.close()
    main.show_page("reports")
    shoot(main, "reports")
    main.lock_button.click()
    settle()

    caseline.login.username.setText("admin")
    caseline.login.password.setText(PASSWORDS["admin"])
    caseline.login.submit()
    wait_for(lambda: caseline.main is not None)
    admin = caseline.main
    admin.resize(*SIZE)
    wait_for(lambda: admin.page("admin").users.topLevelItemCount() > 0)
    shoot(admin, "admin")
    admin.sync_bar.open_enrolment()
    from desktop.ui.status import EnrolDialog

    shoot(admin.sync_bar.findChild(EnrolDialog), "enrol", None)
    caseline.quit()
    show_desk_wiped(work / "lost")


def show_recovery(login) -> None:
    """The forgotten-password dialog, filled in as a user would."""
    from desktop.ui.recovery import RecoveryDialog

    login.username.setText("lan")
    login.open_recovery()
    dialog = login.findChild(RecoveryDialog)
    dialog.key.setText("k7q4m acdef ghjkm nprqt uvwxy 34679 acdef ghjkm")
    dialog.key.editingFinished.emit()
    dialog.password.setText("mat-khau-moi-2026")
    dialog.password2.setText("mat-khau-moi-2026")
    shoot(dialog, "recovery-key", None)
    dialog.close()


def show_desk_wiped(data_dir: Path) -> None:
    """The message after central erased a desk reported lost (the engine's real error)."""
    from desktop.sync import protocol
    from desktop.sync.lost import wiped_error
    from desktop.ui.setup import SetupWizard
    from desktop.ui.wipe import wiped_message

    wizard = SetupWizard(data_dir)
    wizard.resize(*SIZE)
    wizard.show()
    box = wiped_message(wizard, wiped_error(protocol.WipeReport(7, {"contact": 7}), True))
    settle()
    shoot(box, "desk-wiped", None)
    box.close()
    wizard.close()


def show_intake(main) -> None:
    """An intake in progress: a known phone and a child already on file."""
    from ui_support import type_text  # noqa: F401 - same helpers as the tests

    main.show_page("intake")  # from the home page

    intake = main.intake
    settle()
    found: list[dict] = []

    def a_known_caller(ws) -> dict:
        for row in ws.list_contacts({}, 0, 200).rows:
            contact = ws.get_contact(row["id"])
            if (
                contact.get("caller_phone")
                and contact.get("children")
                and not contact.get("caller_anonymous")
            ):
                return contact
        raise LookupError("no contact with a phone and a child")

    ops.run_op(None, a_known_caller, found.append)
    settle()
    known = found[0]
    intake.relation.set_value(known.get("caller_relation") or "mother")
    intake.caller_name.setText(known.get("caller_name") or "")
    intake.phone.setText(known["caller_phone"])
    intake.look_up_phone()
    child = intake.children_forms[0]
    child.name.setText(known["children"][0]["full_name"])
    intake.look_up_child(child)
    intake.categories.set_values(["violence.emotional"])
    intake.services["counselling"].setChecked(True)
    intake.risk.set_value("medium")
    intake.summary.setPlainText(
        "Người gọi lo lắng vì cháu thường xuyên bị mắng chửi, cháu ít nói và sợ về nhà."
    )
    settle()


if __name__ == "__main__":
    main()
