"""The dialog that adds an intervention, an emergency measure, a follow-up or a note to a
case's timeline. Step changes, approvals, closures and reopenings are not offered: only a
move writes them (desktop.domain.steps.SYSTEM_ENTRY_KINDS). It saves while it stays open:
a refusal keeps the text (desktop.ui.forms)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain import steps
from desktop.ui import fmt
from desktop.ui.forms import DateField, SavingDialog
from desktop.ui.widgets import CodeCombo


class EntryDialog(SavingDialog):
    """Add a timeline entry to case `case_id`: an intervention, an emergency measure
    (Decree 56 Art. 26.3: the measure, who decided it, when), a follow-up or a note."""

    KINDS = ("intervention", steps.EMERGENCY_MEASURE, "follow_up", "note")

    def __init__(self, case_id: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entry_dialog")
        self.case_id = case_id
        self.kind = CodeCombo(self)
        self.kind.setObjectName("kind")
        self.kind.set_items([(k, fmt.label("case_entry_kinds", k)) for k in self.KINDS])
        self.kind.set_value("note")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("entry_text")
        self.text.setTabChangesFocus(True)
        self.measure = CodeCombo(self)
        self.measure.setObjectName("measure")
        self.measure.set_items(fmt.items("emergency_measures"))
        self.decided_by = QLineEdit(self)
        self.decided_by.setObjectName("decided_by")
        self.when = DateField(fmt.now_local().strftime("%d/%m/%Y %H:%M"), self)
        self.when.setObjectName("when")
        self.form = form = QFormLayout(self)
        for key, label, widget in (
            ("kind", self.tr("Kind"), self.kind),
            ("measure", self.tr("Emergency measure"), self.measure),
            ("decided_by", self.tr("Decided by"), self.decided_by),
            ("occurred_at", self.tr("When (dd/mm/yyyy hh:mm)"), self.when),
            ("text", self.tr("Text"), self.text),
        ):
            form.addRow(label, self.field(key, label, widget))
        form.addRow(self.message)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._show_rows)
        self._show_rows()
        self.setWindowTitle(self.tr("Add to the timeline"))
        self.setMinimumWidth(520)

    def is_emergency(self) -> bool:
        return self.kind.value() == steps.EMERGENCY_MEASURE

    def _show_rows(self, *_: Any) -> None:
        for widget in (self.measure, self.decided_by, self.when):
            self.form.setRowVisible(widget, self.is_emergency())

    def data(self) -> dict[str, Any] | None:
        """The entry's data: {"measure", "decided_by"} for an emergency measure, else None."""
        if not self.is_emergency():
            return None
        return {"measure": self.measure.value(), "decided_by": self.decided_by.text().strip()}

    def occurred_at(self) -> str | None:
        """When an emergency measure was taken (ISO-8601, Vietnam time); None: now."""
        if not self.is_emergency():
            return None
        return self.when.value()

    def save_op(self) -> Callable[[Any], Any]:
        case_id, kind, text = self.case_id, self.kind.value(), self.text.toPlainText()
        data, when = self.data(), self.occurred_at()
        return lambda ws: ws.add_entry(case_id, kind, text, data, occurred_at=when)
