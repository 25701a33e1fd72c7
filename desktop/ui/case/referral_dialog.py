"""The dialog for a new referral to an agency, or for a referral's status and outcome.
It saves while it stays open: a refusal keeps the text (desktop.ui.forms)."""

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

from desktop.domain.records import Referral
from desktop.ui import fmt
from desktop.ui.forms import SavingDialog
from desktop.ui.widgets import CodeCombo


class ReferralDialog(SavingDialog):
    """A new referral of case `case_id` (agency, name, reason) or a status update of
    `referral` (status, outcome)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        referral: Referral | None = None,
        case_id: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referral_dialog")
        self.referral = referral
        self.case_id = case_id
        form = QFormLayout(self)
        if referral is None:
            self.agency = CodeCombo(self)
            self.agency.setObjectName("agency")
            self.agency.set_items(fmt.items("referral_agencies"))
            self.agency_name = QLineEdit(self)
            self.agency_name.setObjectName("agency_name")
            self.reason = QPlainTextEdit(self)
            self.reason.setObjectName("reason")
            self.reason.setTabChangesFocus(True)
            rows = (
                ("agency", self.tr("Agency"), self.agency),
                ("agency_name", self.tr("Agency name"), self.agency_name),
                ("reason", self.tr("Reason"), self.reason),
            )
            self.setWindowTitle(self.tr("Refer the case"))
        else:
            self.status = CodeCombo(self)
            self.status.setObjectName("status")
            self.status.set_items(fmt.items("referral_statuses"))
            self.status.set_value(referral.status)
            self.outcome = QPlainTextEdit(referral.outcome, self)
            self.outcome.setObjectName("outcome")
            self.outcome.setTabChangesFocus(True)
            rows = (
                ("status", self.tr("Status"), self.status),
                ("outcome", self.tr("Outcome"), self.outcome),
            )
            self.setWindowTitle(self.tr("Referral status"))
        for key, label, widget in rows:
            form.addRow(label, self.field(key, label, widget))
        form.addRow(self.message)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(520)

    def save_op(self) -> Callable[[Any], Any]:
        if self.referral is None:
            case_id, agency = self.case_id, self.agency.value()
            name, reason = self.agency_name.text().strip(), self.reason.toPlainText()
            return lambda ws: ws.add_referral(case_id, agency, reason, agency_name=name)
        referral_id = self.referral.id
        status, outcome = self.status.value(), self.outcome.toPlainText()
        return lambda ws: ws.update_referral(referral_id, status, outcome)
