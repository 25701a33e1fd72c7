"""More about a child on the intake form (issue 12): the address as told, ethnicity
(coded, sensitive: Decree 356/2025), disability and the Law on Children Art. 10 groups.
Folded away under a button so a short call stays short; what is not filled in is "not
recorded" on every print, never "none"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import fmt
from desktop.ui.widgets import CodeCombo, FoldedPicker


class ChildDetails(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QPushButton(self)
        self.toggle.setObjectName("child_more")
        self.toggle.setCheckable(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.toggle.setFlat(True)
        self.toggle.setStyleSheet("text-align: left; color: #1565c0;")
        self.body = QWidget(self)
        self.address = QLineEdit(self.body)
        self.address.setObjectName("child_address_text")
        self.ethnicity = CodeCombo(self.body)
        self.ethnicity.setObjectName("child_ethnicity")
        self.disability = QLineEdit(self.body)
        self.disability.setObjectName("child_disability")
        self.groups = FoldedPicker(self.body, multi=True)
        self.groups.setObjectName("child_special_groups")
        form = QFormLayout(self.body)
        form.setContentsMargins(0, 0, 0, 0)
        self.labels = [QLabel(self.body) for _ in range(4)]
        for label, widget in zip(
            self.labels, (self.address, self.ethnicity, self.disability, self.groups), strict=True
        ):
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.body.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self.body.setVisible)
        self.address.textEdited.connect(self.changed)
        self.disability.textEdited.connect(self.changed)
        self.ethnicity.activated.connect(self.changed)
        self.groups.changed.connect(self.changed)
        self.retranslate_ui()

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.address.text().strip():
            out["address_text"] = self.address.text().strip()
        if self.ethnicity.value():
            out["ethnicity"] = self.ethnicity.value()
        if self.disability.text().strip():
            out["disability"] = self.disability.text().strip()
        if self.groups.values():
            out["special_groups"] = self.groups.values()
        return out

    def state(self) -> dict[str, Any]:
        return self.data()

    def restore(self, state: dict[str, Any] | None) -> None:
        state = state or {}
        self.address.setText(state.get("address_text", ""))
        self.ethnicity.set_value(state.get("ethnicity") or "")
        self.disability.setText(state.get("disability", ""))
        self.groups.set_values(state.get("special_groups") or [])
        if state:
            self.toggle.setChecked(True)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.address, self.ethnicity, self.disability, self.groups):
            widget.setEnabled(enabled)

    def retranslate_ui(self) -> None:
        self.toggle.setText(
            self.tr("More about the child: address as told, ethnicity, disability, Art. 10 groups")
        )
        texts = (
            self.tr("Address as told"),
            self.tr("Ethnicity (sensitive)"),
            self.tr("Disability"),
            self.tr("Special circumstances (Art. 10)"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.address.setPlaceholderText(self.tr("As the caller gives it; old units allowed"))
        self.ethnicity.set_items([("", self.tr("not recorded")), *fmt.items("ethnicities")])
        self.disability.setPlaceholderText(self.tr("Kind of disability, if any was told"))
        self.groups.set_items(
            [
                (
                    code,
                    f"{fmt.taxonomy().items('special_groups')[n].extra.get('letter', code)})"
                    f" {text}",
                )
                for n, (code, text) in enumerate(fmt.items("special_groups"))
            ]
        )
        self.groups.relabel()
        self.groups.edit.setPlaceholderText(self.tr("Type to search, Enter to add"))
