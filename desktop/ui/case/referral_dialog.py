"""The dialog for a new referral to an agency, or for a referral's status and outcome."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.ui import fmt
from desktop.ui.widgets import CodeCombo


class ReferralDialog(QDialog):
    """A new referral (agency, name, reason) or a status update (status, outcome)."""

    def __init__(
        self, parent: QWidget | None = None, referral: dict[str, Any] | None = None
    ) -> None:
        super().__init__(parent)
        self.referral = referral
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
            form.addRow(self.tr("Agency"), self.agency)
            form.addRow(self.tr("Agency name"), self.agency_name)
            form.addRow(self.tr("Reason"), self.reason)
            self.setWindowTitle(self.tr("Refer the case"))
        else:
            self.status = CodeCombo(self)
            self.status.setObjectName("status")
            self.status.set_items(fmt.items("referral_statuses"))
            self.status.set_value(referral.get("status"))
            self.outcome = QPlainTextEdit(referral.get("outcome", ""), self)
            self.outcome.setObjectName("outcome")
            self.outcome.setTabChangesFocus(True)
            form.addRow(self.tr("Status"), self.status)
            form.addRow(self.tr("Outcome"), self.outcome)
            self.setWindowTitle(self.tr("Referral status"))
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(480)
