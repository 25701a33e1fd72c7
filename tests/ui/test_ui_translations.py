"""Every string the desktop app shows has a Vietnamese translation, compiled and correct."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

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
