"""Every string the desktop app shows has a Vietnamese translation, compiled and correct."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt, QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "caseline_vi.ts"
QM = ROOT / "resources" / "i18n" / "caseline_vi.qm"
LUPDATE = str(Path(sys.executable).with_name("pyside6-lupdate"))
LRELEASE = str(Path(sys.executable).with_name("pyside6-lrelease"))


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            found[(name, message.findtext("source"))] = message.find("translation")
    return found


def test_every_ui_string_in_the_code_is_in_the_vietnamese_file(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").rglob("*.py"))
    subprocess.run([LUPDATE, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    missing = set(messages(fresh)) - set(messages(TS))
    assert not missing, f"run pyside6-lupdate and translate: {sorted(missing)[:5]}"


def test_every_string_is_translated_in_nfc_with_its_placeholders():
    for (context, source), translation in messages(TS).items():
        if translation.get("type") in ("vanished", "obsolete"):
            continue
        text = translation.text or ""
        assert text and translation.get("type") != "unfinished", (context, source)
        assert unicodedata.normalize("NFC", text) == text, (context, source)
        for part in source.split("{")[1:]:
            placeholder = "{" + part.split("}")[0] + "}"
            assert placeholder in text, (context, source, placeholder)


def test_the_compiled_file_carries_the_translations(qapp, tmp_path):
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.translate("IntakeForm", "New contact") == "Tiếp nhận mới"
    assert translator.translate("LoginWindow", "Unlock") == "Mở khoá"
    # The shipped .qm is exactly what the .ts compiles to (file dates mean nothing in a clone).
    fresh = tmp_path / "fresh.qm"
    subprocess.run([LRELEASE, str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run pyside6-lrelease"


QT_ENGLISH = {
    "Look in:",
    "Files of type:",
    "File &name:",
    "File name:",
    "&Save",
    "&Open",
    "Cancel",
    "Save",
    "Open",
    "OK",
    "&Yes",
    "&No",
    "Yes",
    "No",
    "&Undo",
    "&Redo",
    "Cu&t",
    "&Copy",
    "&Paste",
    "Delete",
    "Select All",
    "Name",
    "Size",
    "Type",
    "Date Modified",
    "Back",
    "Forward",
    "Parent Directory",
    "Create New Folder",
    "List View",
    "Detail View",
}


def _shown_texts(widget) -> set[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = {w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)}
    texts |= {w.toolTip() for w in widget.findChildren(QAbstractButton)}
    return {t.split("\t")[0].replace("&", "") for t in texts if t}


def test_qts_own_dialogs_buttons_and_menus_speak_vietnamese(qapp, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QTreeView

    from desktop.ui import i18n

    i18n.language().set("en")
    i18n.language().set("vi")
    dialog = QFileDialog(None, "Lưu báo cáo", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.show()
    qapp.processEvents()
    shown = _shown_texts(dialog)
    header = dialog.findChild(QTreeView).model()
    shown |= {header.headerData(c, Qt.Orientation.Horizontal) for c in range(4)}
    english = {t.replace("&", "") for t in QT_ENGLISH}
    assert not shown & english, sorted(shown & english)
    assert {"Thư mục:", "Tên tệp:", "Loại tệp:", "Lưu", "Huỷ", "Tên", "Ngày sửa"} <= shown, sorted(
        shown
    )
    dialog.close()

    box = QMessageBox()
    box.setStandardButtons(
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel
        | QMessageBox.StandardButton.Ok
    )
    buttons = {b.text() for b in box.buttons()}
    assert buttons == {"&Có", "&Không", "Huỷ", "Đồng ý"}, buttons

    edit = QLineEdit("chữ")
    menu = edit.createStandardContextMenu()
    actions = {a.text().split("\t")[0] for a in menu.actions() if a.text()}
    assert not actions & QT_ENGLISH and "&Sao chép" in actions, actions


def test_file_dialogs_open_in_documents_then_where_the_last_file_went(qapp, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from desktop.ui import file_dialogs, window

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    (tmp_path / "Documents").mkdir()
    (tmp_path / "Báo cáo").mkdir()
    window.settings().remove(file_dialogs.KEY)
    opened_in: list[str] = []

    def answer(path) -> None:
        def choose() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QFileDialog):
                QTimer.singleShot(20, choose)
                return
            opened_in.append(dialog.directory().absolutePath())
            dialog.selectFile(str(path))
            dialog.accept()

        QTimer.singleShot(20, choose)

    answer(tmp_path / "Báo cáo" / "thang-11.pdf")
    first = file_dialogs.save_file(None, "Lưu báo cáo", "thang-11.pdf", "PDF (*.pdf)")
    answer(tmp_path / "Báo cáo" / "thang-12.pdf")
    file_dialogs.save_file(None, "Lưu báo cáo", "thang-12.pdf", "PDF (*.pdf)")
    assert opened_in == [str(tmp_path / "Documents"), str(tmp_path / "Báo cáo")]
    assert first == str(tmp_path / "Báo cáo" / "thang-11.pdf")
