"""One contact, read-only, with "Open a case" (a correction is made by a new edit)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.ui import fmt, ops
from desktop.ui.messages import error_text


class ContactDialog(QDialog):
    def __init__(self, contact_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contact_dialog")
        self.contact_id = contact_id
        self.contact: dict[str, Any] = {}
        self.form = QFormLayout(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.open_case_button = QPushButton(self.tr("Open a case"), self)
        self.open_case_button.setObjectName("open_case")
        self.open_case_button.clicked.connect(self.open_case)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.open_case_button)
        buttons.addWidget(close)
        self.form.addRow(buttons)
        self.setMinimumWidth(560)
        self.setWindowTitle(self.tr("Contact"))
        ops.run_op(
            self,
            lambda ws: ws.get_contact(contact_id),
            self._show,
            lambda error: self.message.setText(error_text(error)),
        )

    def _show(self, contact: dict[str, Any]) -> None:
        self.contact = contact
        self.setWindowTitle(self.tr("Contact {number}").format(number=contact.get("number", "")))
        caller = (
            self.tr("Anonymous")
            if contact.get("caller_anonymous")
            else " ".join(
                p for p in (contact.get("caller_name", ""), contact.get("caller_phone", "")) if p
            )
        )
        children = ", ".join(
            f"{c.get('full_name') or '?'} ({c.get('birth_year') or '?'})"
            for c in contact.get("children") or []
        )
        rows = (
            (self.tr("Received"), fmt.date_time(contact.get("received_at"))),
            (self.tr("Channel"), fmt.label("channels", contact.get("channel"))),
            (self.tr("Call type"), fmt.label("call_types", contact.get("call_type"))),
            (
                self.tr("Caller"),
                f"{fmt.label('caller_relations', contact.get('caller_relation'))} · {caller}",
            ),
            (self.tr("Children"), children),
            (
                self.tr("Categories"),
                ", ".join(fmt.category_label(c) for c in contact.get("categories") or []),
            ),
            (
                self.tr("Services provided"),
                ", ".join(fmt.label("services", c) for c in contact.get("services") or []),
            ),
            (self.tr("Risk"), fmt.label("risk_levels", contact.get("risk"))),
            (self.tr("Summary"), contact.get("summary", "")),
        )
        for i, (name, value) in enumerate(rows):
            label = QLabel(value, self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.insertRow(i, name, label)
        self.open_case_button.setEnabled(not contact.get("case_id"))

    def open_case(self) -> None:
        contact_id = self.contact_id
        ops.run_op(
            self,
            lambda ws: ws.open_case(contact_id),
            self._opened,
            lambda error: self.message.setText(error_text(error)),
        )

    def _opened(self, saved: Any) -> None:
        parent = self.parent()
        self.accept()
        if parent is not None and hasattr(parent, "open_case"):
            parent.open_case(saved.id)
