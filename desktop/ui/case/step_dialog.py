"""The dialog for a move to the next Decree 56 step: it asks exactly what the move needs
(`desktop.domain.steps.needed_for`), plus the optional decision number of a closure or
reopening. It saves while it stays open: a refusal marks the field, names it with its
label and keeps every word typed (desktop.ui.forms)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import steps
from desktop.domain.records import Case
from desktop.ui import fmt
from desktop.ui.forms import DateField, SavingDialog, parse_day
from desktop.ui.widgets import CodeCombo

TEXT_FIELDS = ("assessment", "plan", "review", "reason")


def parse_local(text: str) -> str | None:
    """'03/10/2026 14:05' (or without the time) → ISO-8601 in Vietnam time; None if bad."""
    return parse_day(text, with_time=True)


class StepDialog(SavingDialog):
    """Asks exactly what a move to the next step needs (desktop.domain.steps.required_for)."""

    def __init__(self, case: Case, to_step: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"step_dialog_{to_step}")
        self.case = case
        self.to_step = to_step
        self.from_step = case.status or steps.RECEIVED
        self.decision = steps.is_decision(self.from_step, to_step)
        self.needed = list(steps.needed_for(case, to_step))
        if self.decision and "approved_by" in self.needed:
            self.needed.append("decision_no")  # optional for a closure or reopening
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        intro = QLabel(self)
        intro.setWordWrap(True)
        intro.setText(
            self.tr("Move case {number} from “{old}” to “{new}”.").format(
                number=case.number,
                old=fmt.label("case_steps", self.from_step),
                new=fmt.label("case_steps", to_step),
            )
        )
        form.addRow(intro)
        for key in self.needed:
            widget = self._field(key)
            widget.setObjectName(key)
            self.fields[key] = widget
            form.addRow(self._label(key), self.field(key, self._label(key), widget))
        if not self.needed:
            form.addRow(QLabel(self.tr("Nothing else is needed for this step."), self))
        form.addRow(self.message)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(
            self.tr("Move the case"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("Next step"))
        self.setMinimumWidth(520)

    def _field(self, key: str) -> QWidget:
        if key in TEXT_FIELDS:
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(80)
            return edit
        if key == "risk":
            combo = CodeCombo(self)
            combo.set_items(fmt.items("risk_levels"))
            combo.set_value(self.case.risk or "low")
            return combo
        if key == "closure_reason":
            combo = CodeCombo(self)
            combo.set_items(fmt.items("closure_reasons"))
            return combo
        if key == "approved_at":
            return DateField(fmt.now_local().strftime("%d/%m/%Y %H:%M"), self)
        return QLineEdit(self)

    def _label(self, key: str) -> str:
        if self.decision and key in steps.DECISION_KEYS:
            return {
                "approved_by": self.tr(
                    "Decided by (a manager's username; empty if you are the manager)"
                ),
                "approved_at": self.tr("Decided on (dd/mm/yyyy hh:mm)"),
                "decision_no": self.tr("Decision number (if any)"),
            }[key]
        return {
            "assessment": self.tr("Assessment (what was found, risk and harm)"),
            "risk": self.tr("Risk level"),
            "plan": self.tr("Support and intervention plan"),
            "approved_by": self.tr("Plan approved by (commune chairperson)"),
            "approved_at": self.tr("Approved on (dd/mm/yyyy hh:mm)"),
            "decision_no": self.tr("Approval decision number"),
            "review": self.tr("Review of the results"),
            "closure_reason": self.tr("Reason for closing"),
            "reason": self.tr("Reason for reopening"),
        }.get(key, key)

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText()  # multi-line: kept as typed
            elif isinstance(widget, CodeCombo):
                out[key] = widget.value()
            elif isinstance(widget, DateField):
                out[key] = widget.value() or widget.text().strip()
            else:
                out[key] = widget.text().strip()
        return out

    def save_op(self) -> Callable[[Any], Any]:
        case_id, to_step, data = self.case.id, self.to_step, self.data()
        return lambda ws: ws.move_case(case_id, to_step, data)
