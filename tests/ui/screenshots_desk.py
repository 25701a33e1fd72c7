"""Screenshots of the desk's pages and dialogs (issue 13), in Vietnamese at 1366×768.

Run: .venv/bin/python tests/ui/screenshots_desk.py [name ...]   (offscreen; under a minute)
Writes docs/screenshots/ui-home-*.png and the dialogs named in SHOTS; `tests/ui/screenshots.py`
makes the older screens.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent)]

from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshots import SIZE, seed, settle, shoot, wait_for  # noqa: E402
from ui_support import PASSWORDS, make_desk  # noqa: E402

from desktop.ui.app import CaselineApp  # noqa: E402


def sign_in(caseline: CaselineApp, username: str):
    if caseline.main is not None:
        caseline.lock()
        settle()
    caseline.login.username.setText(username)
    caseline.login.password.setText(PASSWORDS[username])
    caseline.login.submit()
    wait_for(lambda: caseline.main is not None)
    caseline.main.resize(*SIZE)
    return caseline.main


def homes(caseline: CaselineApp, case_id: str) -> None:
    for username, role in (
        ("lan", "intake"),
        ("minh", "caseworker"),
        ("hoa", "manager"),
        ("admin", "admin"),
    ):
        main = sign_in(caseline, username)
        home = main.page("home")
        wait_for(lambda h=home: bool(h.data.get("figures")))
        shoot(main, f"home-{role}")


def refused_dialogs(caseline: CaselineApp, case_id: str) -> None:
    """A step dialog and an entry dialog after a refused save: open, text kept, field named."""
    from desktop.ui.case.entry_dialog import EntryDialog
    from desktop.ui.case.step_dialog import StepDialog

    main = sign_in(caseline, "hoa")
    main.open_case(case_id)
    view = main.case_view
    wait_for(lambda: view.detail is not None)
    case = dataclasses.replace(view.detail.case, status="plan")
    step = StepDialog(case, "intervention", main)
    step.fields["plan"].setPlainText("Kế hoạch hỗ trợ ba tháng: thăm nhà mỗi tuần, tư vấn tâm lý.")
    step.fields["approved_by"].setText("Ông Trần Văn Bình")
    step.fields["approved_at"].setText("31/02/2026 10:00")
    step.show()
    step.accept()
    shoot(step, "step-dialog-refused", None)
    step.discard()
    entry = EntryDialog(view.case_id, main)
    entry.kind.set_value("emergency_measure")
    entry.text.setPlainText("Đưa cháu đến nhà tạm lánh lúc 22 giờ.")
    entry.show()
    entry.accept()
    wait_for(lambda: not entry.saving)
    shoot(entry, "entry-dialog-refused", None)
    entry.discard()


def qt_dialogs(caseline: CaselineApp, case_id: str) -> None:
    """Qt's own file dialog and a question box, in Vietnamese (resources/i18n/qtbase_vi.ts)."""
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui.file_dialogs import start_folder
    from desktop.ui.forms import confirm_discard  # noqa: F401 - the same box the app shows

    dialog = QFileDialog(None, "Lưu báo cáo", str(start_folder()), "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile("bao-cao-thang-11-2026.pdf")
    shoot(dialog, "file-dialog", (900, 520))
    dialog.close()


def contacts_and_children(caseline: CaselineApp, case_id: str) -> None:
    """A contact's page, its correction dialog and a child's page."""
    from desktop.ui.contact_view import ChildDialog, ContactDialog, ContactEditDialog

    main = sign_in(caseline, "hoa")
    main.open_case(case_id)
    wait_for(lambda: main.case_view.detail is not None)
    case = main.case_view.detail.case
    contact_id = (case.contact_ids or [""])[0]
    main.open_record("contacts", contact_id)
    page = main.findChild(ContactDialog)
    wait_for(lambda: bool(page.contact))
    shoot(page, "contact", None)
    edit = ContactEditDialog(page.contact, page)
    edit.summary.setPlainText(page.contact.get("summary", "") + "\nĐã gọi lại: mẹ cháu xác nhận.")
    shoot(edit, "contact-edit", None)
    edit.discard()
    page.close()
    main.open_record("children", case.child_id)
    child = main.findChild(ChildDialog)
    wait_for(lambda: child.contacts.topLevelItemCount() > 0)
    shoot(child, "child", None)
    child.close()


def case_timeline(caseline: CaselineApp, case_id: str) -> None:
    """The case page with its whole history (opening, assignment, referrals, printouts)."""
    from desktop.ui import ops

    main = sign_in(caseline, "hoa")

    def history(ws) -> None:
        case = ws.get_case(case_id).case
        ws.assign_case(case_id, "hoa")
        ws.assign_case(case_id, "minh")
        referral = ws.add_referral(case_id, "police", "Đề nghị công an phường xác minh.")
        ws.update_referral(referral.id, "accepted", "Công an phường đã tiếp nhận, hẹn làm việc.")
        ws.reports.case_summary(case.number, "anonymous")

    ops.run_op(None, history)
    settle()
    main.open_case(case_id)
    wait_for(lambda: main.case_view.detail is not None and bool(main.case_view.history))
    shoot(main, "case-timeline")


def list_export(caseline: CaselineApp, case_id: str) -> None:
    """The contacts list after a manager exported it (the count line says where)."""
    import tempfile as tmp

    from desktop.ui.list_export import export_to

    main = sign_in(caseline, "hoa")
    main.show_page("contacts")
    page = main.page("contacts")
    wait_for(lambda: page.model.rowCount() > 0)
    export_to(page, Path(tmp.mkdtemp()) / "danh-sach-lien-he.xlsx")
    wait_for(lambda: "xlsx" in page.count.text())
    shoot(main, "contacts-exported")


def audit_log(caseline: CaselineApp, case_id: str) -> None:
    """The audit-log viewer as a manager sees it."""
    main = sign_in(caseline, "hoa")
    main.show_page("audit")
    page = main.page("audit")
    wait_for(lambda: page.total > 0 and page.chain.text().startswith(("✔", "✘")))
    shoot(main, "audit-log")


def splash(caseline: CaselineApp, case_id: str) -> None:
    """The splash while the parts load (here: half-way)."""
    from PySide6.QtCore import QCoreApplication

    from desktop.ui.splash import PARTS, Splash

    screen = Splash()
    screen.set_step(0.5, QCoreApplication.translate("Splash", PARTS[2][1]))
    shoot(screen, "splash", None)
    screen.close()


def questions(caseline: CaselineApp, case_id: str) -> None:
    """The question before typed text is thrown away, and which child a case is for."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui.forms import confirm_discard

    main = sign_in(caseline, "lan")
    main.show_page("intake")
    intake = main.intake
    intake.caller_name.setText("Lê Thị Hạnh")
    intake.children_forms[0].name.setText("Đặng Thị Hoà")
    intake.add_child()
    intake.children_forms[1].name.setText("Đặng Văn Nam")

    def grab_and_close(name: str) -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(50, lambda: grab_and_close(name))
            return
        settle(200)
        box.grab().save(
            str(Path(__file__).resolve().parents[2] / "docs" / "screenshots" / f"ui-{name}.png")
        )
        print("wrote", f"docs/screenshots/ui-{name}.png")
        box.reject()

    QTimer.singleShot(50, lambda: grab_and_close("confirm-discard"))
    confirm_discard(intake, intake.tr("This contact is not saved. Start a new one and discard it?"))
    QTimer.singleShot(50, lambda: grab_and_close("choose-child"))
    intake.choose_child_for_case()


SHOTS = {
    "questions": questions,
    "splash": splash,
    "audit": audit_log,
    "export": list_export,
    "timeline": case_timeline,
    "contacts": contacts_and_children,
    "home": homes,
    "refused": refused_dialogs,
    "qt": qt_dialogs,
}


def main() -> None:
    from desktop.ui import i18n

    app = QApplication(sys.argv[:1])
    i18n.language().set("vi")
    wanted = sys.argv[1:] or list(SHOTS)
    work = Path(tempfile.mkdtemp(prefix="caseline-shots-"))
    try:
        desk = make_desk(work / "desk")
        case_id, _ = seed(desk)
        caseline = CaselineApp(desk)
        caseline.start()
        for name in wanted:
            SHOTS[name](caseline, case_id)
        caseline.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    del app


if __name__ == "__main__":
    main()
