"""The dialog that adds an intervention, a follow-up or a note to a case's timeline."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QWidget,
)

from desktop.ui import fmt
from desktop.ui.widgets import CodeCombo


class EntryDialog(QDialog):
    """Add a timeline entry: an intervention, a follow-up or a note."""

    KINDS = ("intervention", "follow_up", "note")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = CodeCombo(self)
        self.kind.set_items([(k, fmt.label("case_entry_kinds", k)) for k in self.KINDS])
        self.kind.set_value("note")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("entry_text")
        self.text.setTabChangesFocus(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Text"), self.text)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setWindowTitle(self.tr("Add to the timeline"))
        self.setMinimumWidth(480)
