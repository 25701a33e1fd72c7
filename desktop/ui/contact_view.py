"""A contact's page (every field, whole), its correction in the app, and a child's page
with every contact and case of that child.

A correction goes through `ws.update_contact` as the CLI's `contact update` does: audited,
synced, and refused when the contact changed since the page was opened (its `base_rev`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import permissions
from desktop.domain.records import Child
from desktop.errors import PermissionDenied
from desktop.services.types import ChildDetail
from desktop.ui import fmt, ops
from desktop.ui.attachments import AttachmentsPanel
from desktop.ui.forms import SavingDialog
from desktop.ui.messages import error_text
from desktop.ui.widgets import CodeCombo, FoldedPicker


def refusal(window: QWidget | None, action: str) -> str:
    """Why the signed-in user may not take `action` ('' when they may)."""
    session = getattr(window, "session", None) or {}
    try:
        permissions.require(session.get("role", ""), action, username=session.get("username"))
    except PermissionDenied as refused:
        return error_text(refused)
    return ""


def full_names(ws: Any) -> dict[str, str]:
    """username → full name (the username when the user has none), on the DB worker."""
    return {u.username: u.full_name or u.username for u in ws.list_users()}


def _value_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)  # shown whole, never clipped
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ContactDialog(QDialog):
    """One contact with every field shown whole; Edit…, Open a case, and its children
    (each opens the child's page)."""

    changed = Signal()

    def __init__(self, contact_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contact_dialog")
        self.contact_id = contact_id
        self.contact: dict[str, Any] = {}
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        self.children_list = QTreeWidget(self)
        self.children_list.setObjectName("contact_children")
        self.children_list.setRootIsDecorated(False)
        self.children_list.setHeaderLabels([self.tr("Child"), self.tr("Born")])
        self.children_list.setMaximumHeight(110)
        self.children_list.itemActivated.connect(self._open_child)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("edit_contact")
        self.edit_button.clicked.connect(self.edit)
        self.open_case_button = QPushButton(self.tr("Open a case"), self)
        self.open_case_button.setObjectName("open_case")
        self.open_case_button.clicked.connect(self.open_case)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.open_case_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(QLabel(self.tr("Children (double-click: the child's page)"), self))
        layout.addWidget(self.children_list)
        self.attachments = AttachmentsPanel(self)  # issue 16
        layout.addWidget(self.attachments)
        layout.addLayout(buttons)
        self.resize(720, 620)
        self.setWindowTitle(self.tr("Contact"))
        for button, action in (
            (self.edit_button, "contact.update"),
            (self.open_case_button, "case.open"),
        ):
            why = refusal(self.window_of(), action)
            button.setEnabled(not why)
            button.setToolTip(why)
        self.load()

    def window_of(self) -> QWidget | None:
        parent = self.parent()
        return parent.window() if isinstance(parent, QWidget) else None

    def load(self) -> None:
        contact_id = self.contact_id
        ops.run_op(
            self,
            lambda ws: (ws.get_contact(contact_id), full_names(ws)),
            self._show,
            lambda error: self.message.setText(error_text(error)),
        )

    def _show(self, result: tuple[dict[str, Any], dict[str, str]]) -> None:
        contact, names = result
        self.contact = contact
        self.attachments.show_owner(contact.get("number") or contact["id"])
        while self.form.rowCount():
            self.form.removeRow(0)
        self.setWindowTitle(self.tr("Contact {number}").format(number=contact.get("number", "")))
        caller = (
            self.tr("Anonymous")
            if contact.get("caller_anonymous")
            else " ".join(
                p for p in (contact.get("caller_name", ""), contact.get("caller_phone", "")) if p
            )
        )
        minutes, seconds = divmod(int(contact.get("duration_s") or 0), 60)
        rows = (
            (self.tr("Number"), contact.get("number", "")),
            (self.tr("Received"), fmt.date_time(contact.get("received_at"))),
            (self.tr("Call length"), f"{minutes}:{seconds:02d}"),
            (self.tr("Channel"), fmt.label("channels", contact.get("channel"))),
            (self.tr("Call type"), fmt.label("call_types", contact.get("call_type"))),
            (
                self.tr("Caller"),
                f"{fmt.label('caller_relations', contact.get('caller_relation'))} · {caller}",
            ),
            (
                self.tr("Caller's age"),
                fmt.label("caller_age_bands", contact.get("caller_age_band")),
            ),
            (
                self.tr("Categories"),
                ", ".join(fmt.category_label(c) for c in contact.get("categories") or []),
            ),
            (
                self.tr("Services provided"),
                ", ".join(fmt.label("services", c) for c in contact.get("services") or []),
            ),
            (self.tr("Risk"), fmt.label("risk_levels", contact.get("risk"))),
            (self.tr("Follow-up"), self.tr("yes") if contact.get("follow_up") else self.tr("no")),
            (
                self.tr("Recorded by"),
                names.get(contact.get("worker", ""), contact.get("worker", "")),
            ),
            (self.tr("Summary"), contact.get("summary", "")),
        )
        for name, value in rows:
            self.form.addRow(name, _value_label(value, self.body))
        handoff = contact.get("handoff")
        if handoff:  # accepted from a national handoff (issue 15): its national history
            national = handoff.get("national") or {}
            history = self.tr("{number}, recorded by {worker}; note: {note}").format(
                number=handoff.get("source_number", ""),
                worker=national.get("worker", ""),
                note=handoff.get("note") or "—",
            )
            self.form.addRow(self.tr("From the national line"), _value_label(history, self.body))
        self.children_list.clear()
        for child in contact.get("children") or []:
            born = fmt.date(child.get("birth_date")) or str(child.get("birth_year") or "?")
            item = QTreeWidgetItem([child.get("full_name") or "?", born])
            item.setData(0, Qt.ItemDataRole.UserRole, child.get("id"))
            self.children_list.addTopLevelItem(item)
        self.children_list.resizeColumnToContents(0)
        if not refusal(self.window_of(), "case.open"):
            self.open_case_button.setEnabled(not contact.get("case_id"))

    def edit(self) -> None:
        if not self.contact:
            return
        dialog = ContactEditDialog(self.contact, self)
        dialog.saved.connect(lambda _r: (self.message.setText(self.tr("Saved.")), self.load()))
        dialog.open()

    def _open_child(self, item: QTreeWidgetItem) -> None:
        child_id = item.data(0, Qt.ItemDataRole.UserRole)
        if child_id:
            ChildDialog(child_id, self.parent() or self).open()

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


class ContactEditDialog(SavingDialog):
    """Correct a contact: what was said and done on the call. Only the fields changed are
    sent, with the rev the page was opened at."""

    def __init__(self, contact: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contact_edit_dialog")
        self.contact = contact
        self.channel = CodeCombo(self)
        self.channel.set_items(fmt.items("channels"))
        self.channel.set_value(contact.get("channel"))
        self.call_type = CodeCombo(self)
        self.call_type.set_items(fmt.items("call_types"))
        self.call_type.set_value(contact.get("call_type"))
        self.relation = CodeCombo(self)
        self.relation.set_items([("", "—"), *fmt.items("caller_relations")])
        self.relation.set_value(contact.get("caller_relation") or "")
        self.caller_name = QLineEdit(contact.get("caller_name", ""), self)
        self.caller_name.setObjectName("caller_name")
        self.phone = QLineEdit(contact.get("caller_phone", ""), self)
        self.phone.setObjectName("caller_phone")
        self.anonymous = QCheckBox(self.tr("The caller stays anonymous"), self)
        self.anonymous.setChecked(bool(contact.get("caller_anonymous")))
        self.categories = FoldedPicker(self, multi=True)
        self.categories.setObjectName("categories")
        self.categories.set_items(fmt.category_items())
        self.categories.set_values(contact.get("categories") or [])
        self.risk = CodeCombo(self)
        self.risk.set_items(fmt.items("risk_levels"))
        self.risk.set_value(contact.get("risk"))
        self.follow_up = QCheckBox(self.tr("Needs follow-up"), self)
        self.follow_up.setChecked(bool(contact.get("follow_up")))
        self.summary = QPlainTextEdit(contact.get("summary", ""), self)
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setMinimumHeight(120)
        form = QFormLayout(self)
        for key, label, widget in (
            ("channel", self.tr("Channel"), self.channel),
            ("call_type", self.tr("Call type"), self.call_type),
            ("caller_relation", self.tr("Caller"), self.relation),
            ("caller_name", self.tr("Caller's name"), self.caller_name),
            ("caller_phone", self.tr("Phone"), self.phone),
            ("caller_anonymous", self.tr("Anonymous"), self.anonymous),
            ("categories", self.tr("Categories"), self.categories),
            ("risk", self.tr("Risk"), self.risk),
            ("follow_up", self.tr("Follow-up"), self.follow_up),
            ("summary", self.tr("Summary"), self.summary),
        ):
            form.addRow(label, self.field(key, label, widget))
        self.labels["caller"] = self.tr("Caller")
        self.labels["base_rev"] = self.tr("Contact")
        form.addRow(self.message)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setWindowTitle(
            self.tr("Correct contact {number}").format(number=contact.get("number", ""))
        )
        self.setMinimumWidth(620)

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the contact as opened (caller fields together)."""
        c = self.contact
        now = {
            "channel": self.channel.value(),
            "call_type": self.call_type.value(),
            "categories": self.categories.values(),
            "risk": self.risk.value(),
            "follow_up": self.follow_up.isChecked(),
            "summary": self.summary.toPlainText(),
        }
        out = {k: v for k, v in now.items() if v != c.get(k)}
        caller = {
            "caller_relation": self.relation.value(),
            "caller_name": "" if self.anonymous.isChecked() else self.caller_name.text().strip(),
            "caller_phone": self.phone.text().strip(),
            "caller_age_band": c.get("caller_age_band", ""),
            "caller_anonymous": self.anonymous.isChecked(),
        }
        if any(v != c.get(k) for k, v in caller.items()):
            out.update(caller)
        return out

    def save_op(self) -> Callable[[Any], Any]:
        contact_id, changes = self.contact["id"], self.changes()
        if not changes:
            return lambda ws: None
        changes["base_rev"] = self.contact.get("rev")
        return lambda ws: ws.update_contact(contact_id, changes)


class ChildDialog(QDialog):
    """A child's page: who they are, every contact that named them and every case of
    theirs this user may read; each opens."""

    def __init__(self, child_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("child_dialog")
        self.child_id = child_id
        self.child: Child | None = None
        self.cases: list[dict[str, Any]] = []
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contacts = QTreeWidget(self)
        self.contacts.setObjectName("child_contacts")
        self.contacts.setRootIsDecorated(False)
        self.contacts.setHeaderLabels([self.tr("Contact"), self.tr("Received")])
        self.contacts.itemActivated.connect(self._open_contact)
        self.case_list = QTreeWidget(self)
        self.case_list.setObjectName("child_cases")
        self.case_list.setRootIsDecorated(False)
        self.case_list.setHeaderLabels(
            [self.tr("Case"), self.tr("Step"), self.tr("Received"), self.tr("Worker")]
        )
        self.case_list.itemActivated.connect(self._open_case)
        self.message = QLabel(self)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        grid = QGridLayout(self)
        grid.addWidget(self.details, 0, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Contacts"), self), 1, 0)
        grid.addWidget(QLabel(self.tr("Cases"), self), 1, 1)
        grid.addWidget(self.contacts, 2, 0)
        grid.addWidget(self.case_list, 2, 1)
        grid.addWidget(self.message, 3, 0)
        grid.addWidget(close, 3, 1, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(0, 1)
        self.resize(1100, 480)
        self.setWindowTitle(self.tr("Child"))

        def read(ws: Any) -> tuple[ChildDetail, list[dict[str, Any]], dict[str, str]]:
            child = ws.get_child(child_id)
            try:
                cases = ws.list_cases({"child_id": child_id}, 0, 500).rows
            except PermissionDenied:
                cases = []
            return child, cases, full_names(ws)

        ops.run_op(self, read, self._show, lambda e: self.message.setText(error_text(e)))

    def _show(self, result: tuple[ChildDetail, list[dict[str, Any]], dict[str, str]]) -> None:
        from desktop.ui.models import _commune

        detail, self.cases, names = result
        self.child = child = detail.child
        self.setWindowTitle(self.tr("Child: {name}").format(name=child.full_name or "?"))
        born = fmt.date(child.birth_date) or str(child.birth_year or "?")
        self.details.setText(
            self.tr("{name} · born {born} · {sex} · lives in {place}").format(
                name=child.full_name or "?",
                born=born,
                sex=fmt.label("sexes", child.sex),
                place=_commune(child.home_commune_code) or "—",
            )
        )
        self.contacts.clear()
        for contact in detail.contacts:
            item = QTreeWidgetItem([contact.number, fmt.date_time(contact.received_at)])
            item.setData(0, Qt.ItemDataRole.UserRole, contact.id)
            self.contacts.addTopLevelItem(item)
        self.case_list.clear()
        for case in self.cases:
            item = QTreeWidgetItem(
                [
                    case.get("number", ""),
                    fmt.label("case_steps", case.get("status")),
                    fmt.date(case.get("received_at")),
                    names.get(case.get("assigned_to", ""), case.get("assigned_to", "")),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, case["id"])
            self.case_list.addTopLevelItem(item)
        for tree in (self.contacts, self.case_list):
            for column in range(tree.columnCount()):
                tree.resizeColumnToContents(column)

    def _open_contact(self, item: QTreeWidgetItem) -> None:
        ContactDialog(item.data(0, Qt.ItemDataRole.UserRole), self.parent() or self).open()

    def _open_case(self, item: QTreeWidgetItem) -> None:
        parent = self.parent()
        if parent is not None and hasattr(parent, "open_case"):
            self.accept()
            parent.open_case(item.data(0, Qt.ItemDataRole.UserRole))
