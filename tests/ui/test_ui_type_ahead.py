"""Type-ahead in every drop-down follows Vietnamese input methods: Unikey's Telex takes
back a letter with Backspace before sending the accented one ("dd" → d, ⌫, đ)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication
from ui_support import type_text

from desktop.domain.text import fold
from desktop.ui import fmt
from desktop.ui.widgets import CodeCombo

KINDS = ("channels", "call_types", "caller_relations", "risk_levels", "caller_age_bands", "sexes")


def telex(qtbot, combo, text: str) -> None:
    """Type `text` as Unikey's Telex mode sends it: an accented letter arrives as its
    plain letter, a Backspace, then the accented letter."""
    for char in text:
        plain = fold(char)
        if plain and plain != char.lower() and plain.isascii():
            qtbot.keyClicks(combo, plain)
            qtbot.keyClick(combo, Qt.Key.Key_Backspace)
        type_text(qtbot, combo, char)


@pytest.mark.parametrize("kind", KINDS)
def test_every_label_typed_the_telex_way_is_chosen(qapp, qtbot, kind):
    combo = CodeCombo()
    qtbot.addWidget(combo)
    combo.set_items(fmt.items(kind))
    combo.show()
    labels = [combo.itemText(i) for i in range(combo.count())]
    for label in labels:
        combo.focusOutEvent(QFocusEvent(QEvent.Type.FocusOut))  # a new field: typing anew
        combo.setCurrentIndex(-1)
        telex(qtbot, combo, label)
        assert fold(combo.currentText()) == fold(label), (kind, label, combo.currentText())


def test_den_truc_tiep_in_telex_is_not_dien_thoai(qapp, qtbot):
    combo = CodeCombo()
    qtbot.addWidget(combo)
    combo.set_items(fmt.items("channels"))
    telex(qtbot, combo, "đến")
    assert combo.value() == "walk_in"


def test_text_committed_by_an_input_method_types_ahead(qapp, qtbot):
    combo = CodeCombo()
    qtbot.addWidget(combo)
    combo.set_items(fmt.items("channels"))
    event = QInputMethodEvent()
    event.setCommitString("Đến")
    QApplication.sendEvent(combo, event)
    assert combo.value() == "walk_in"


def test_den_in_telex_with_the_list_open_chooses_den_truc_tiep(qapp, qtbot):
    """Review i13 #3: with the drop-down list open the keys go to the list, whose own
    search neither folds nor takes Backspace: "đến" in Telex stayed on "Điện thoại"."""
    combo = CodeCombo()
    qtbot.addWidget(combo)
    combo.set_items(fmt.items("channels"))
    combo.show()
    combo.setFocus()
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    telex(qtbot, view, "đến")
    assert combo.view().isVisible(), "the list stays open while typing"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert combo.value() == "walk_in"


@pytest.mark.parametrize("kind", KINDS)
def test_every_label_typed_the_telex_way_into_the_open_list_is_chosen(qapp, qtbot, kind):
    combo = CodeCombo()
    qtbot.addWidget(combo)
    combo.set_items(fmt.items(kind))
    combo.show()
    labels = [combo.itemText(i) for i in range(combo.count())]
    for label in labels:
        combo.focusOutEvent(QFocusEvent(QEvent.Type.FocusOut))  # a new field: typing anew
        combo.setCurrentIndex(-1)
        combo.showPopup()
        qtbot.waitUntil(combo.view().isVisible)
        telex(qtbot, combo.view(), label)
        qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
        assert fold(combo.currentText()) == fold(label), (kind, label, combo.currentText())
