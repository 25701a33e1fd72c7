"""Run by test_ui_drafts in a child process: sign in, keep typing into the intake form,
say "DRAFT-SAVED" once the encrypted draft has been written, and keep typing until killed.

Usage: python typing_desk.py DATA_DIR USER PASSWORD
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.ui.app import CaselineApp  # noqa: E402

CALLER = "Lê Thị Hạnh"
CHILD = "Đặng Thị Hoà"
SUMMARY = "Cháu bị đánh ở trường. "


def main() -> None:
    data_dir, user, password = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    app = QApplication(sys.argv[:1])
    caseline = CaselineApp(data_dir)
    caseline.start()
    caseline.login.username.setText(user)
    caseline.login.password.setText(password)
    caseline.login.submit()
    typed = {"n": 0, "announced": False}

    def keep_typing() -> None:
        main_window = caseline.main
        if main_window is None:
            return
        main_window.show_page("intake")  # from the home page
        intake = main_window.intake
        if typed["n"] == 0:
            intake.caller_name.setText(CALLER)
            intake.phone.setText("0905 123 456")
            intake.children_forms[0].name.setText(CHILD)
            intake.categories.set_values(["violence.physical"])
            intake.risk.set_value("high")
        intake.summary.insertPlainText(SUMMARY[typed["n"] % len(SUMMARY)])
        typed["n"] += 1
        intake._mark_dirty()
        if getattr(intake, "draft_saved_at", None) and not typed["announced"]:
            typed["announced"] = True
            print("DRAFT-SAVED", flush=True)

    timer = QTimer()
    timer.timeout.connect(keep_typing)
    timer.start(50)
    app.exec()


if __name__ == "__main__":
    main()
