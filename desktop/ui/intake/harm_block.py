"""The intake form's harm details (taxonomy 2027.1, issue 12): where the harm happened —
in the family, online, across a border (settings, not forms of abuse) — and the alleged
perpetrator's relation to the child. `data()` gives the contact's `settings` and
`perpetrator_relation`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui import fmt
from desktop.ui.widgets import CodeCombo


class HarmDetails(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("harm_details")
        self.settings: dict[str, QCheckBox] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for code in fmt.codes("settings"):
            box = QCheckBox(self)
            box.setObjectName(f"setting_{code}")
            box.toggled.connect(self.changed)
            self.settings[code] = box
            row.addWidget(box)
        row.addStretch(1)
        self.perpetrator_label = QLabel(self)
        self.perpetrator = CodeCombo(self)
        self.perpetrator.setObjectName("perpetrator_relation")
        self.perpetrator.activated.connect(self.changed)
        self.perpetrator_label.setBuddy(self.perpetrator)
        who = QHBoxLayout()
        who.setContentsMargins(0, 0, 0, 0)
        who.addWidget(self.perpetrator_label)
        who.addWidget(self.perpetrator, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(who)
        self.retranslate_ui()

    def focus_chain(self) -> list[QWidget]:
        return [*self.settings.values(), self.perpetrator]

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "settings": [code for code, box in self.settings.items() if box.isChecked()]
        }
        if self.perpetrator.value():
            out["perpetrator_relation"] = self.perpetrator.value()
        return out

    def state(self) -> dict[str, Any]:
        return self.data()

    def restore(self, state: dict[str, Any] | None) -> None:
        state = state or {}
        chosen = set(state.get("settings") or [])
        for code, box in self.settings.items():
            box.setChecked(code in chosen)
        self.perpetrator.set_value(state.get("perpetrator_relation") or "")

    def reset(self) -> None:
        self.restore({})
        self.perpetrator.setCurrentIndex(0)

    def retranslate_ui(self) -> None:
        for code, box in self.settings.items():
            box.setText(fmt.label("settings", code))
        self.perpetrator_label.setText(self.tr("Alleged perpetrator is the child's"))
        self.perpetrator.set_items(
            [("", self.tr("not recorded")), *fmt.items("perpetrator_relations")]
        )
