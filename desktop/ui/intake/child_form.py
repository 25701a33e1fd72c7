"""One child in the contact (`ChildForm`): a new child, or a link to one already on file;
and the parsing of what is typed for the child's birth and place."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.ui import fmt
from desktop.ui.forms import DateField
from desktop.ui.intake.child_details import ChildDetails
from desktop.ui.widgets import CodeCombo, FoldedPicker

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_birth(text: str) -> dict[str, Any]:
    """'2014' → birth_year; '03/10/2014' → birth_date (+ year); '' → nothing."""
    if match := _YEAR.match(text):
        return {"birth_year": int(match.group(1))}
    if match := _DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
        try:
            born = datetime(year, month, day).date()
        except ValueError:
            return {"birth_text": text}
        return {"birth_date": born.isoformat(), "birth_year": year}
    return {"birth_text": text} if text.strip() else {}


def province_items() -> list[tuple[str, str]]:
    from desktop.domain import places

    return [(p.code, p.name) for p in places.provinces()]


def commune_items(province_code: str) -> list[tuple[str, str]]:
    from desktop.domain import places

    return [(c.code, c.name) for c in places.communes(province_code)] if province_code else []


class ChildForm(QFrame):
    """One child in the contact: a new child, or a link to one already on file."""

    remove_requested = Signal(object)
    lookup = Signal(object)  # self: name/birth/commune changed, look for existing children

    def __init__(self, default_province: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.linked: dict[str, Any] | None = None
        self.name = QLineEdit(self)
        self.name.setObjectName("child_name")
        self.sex = CodeCombo(self)
        self.sex.setObjectName("child_sex")
        # A year, or a whole date; an impossible date (32/13/2020) is refused on the spot.
        self.birth = DateField("", self, with_time=False, allow_year=True)
        self.birth.setPlaceholderText("yyyy / dd/mm/yyyy")
        self.birth.setObjectName("child_birth")
        self.birth.setMaximumWidth(120)
        self.province = FoldedPicker(self)
        self.province.setObjectName("child_province")
        self.province.set_items(province_items())
        self.commune = FoldedPicker(self)
        self.commune.setObjectName("child_commune")
        self.province.set_value(default_province)
        self.commune.set_items(commune_items(default_province))
        self.province.picked.connect(self._province_picked)
        self.linked_label = QLabel(self)
        self.linked_label.setWordWrap(True)
        self.linked_label.setStyleSheet("color: #1565c0; font-weight: bold;")
        self.linked_label.hide()
        self.unlink_button = QPushButton(self)
        self.unlink_button.hide()
        self.unlink_button.clicked.connect(self.unlink)
        self.remove_button = QPushButton(self)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self._lookup_timer = QTimer(self)
        self._lookup_timer.setSingleShot(True)
        self._lookup_timer.setInterval(300)
        self._lookup_timer.timeout.connect(lambda: self.lookup.emit(self))
        self.name.textEdited.connect(lambda: self._lookup_timer.start())
        self.birth.textEdited.connect(lambda: self._lookup_timer.start())
        self.commune.picked.connect(lambda: self._lookup_timer.start())

        self.details = ChildDetails(self)  # issue 12: address as told, ethnicity, Art. 10
        self.labels = [QLabel(self) for _ in range(5)]
        grid = QGridLayout(self)
        grid.addWidget(self.labels[0], 0, 0)
        grid.addWidget(self.name, 0, 1, 1, 3)
        grid.addWidget(self.remove_button, 0, 4)
        grid.addWidget(self.labels[1], 1, 0)
        grid.addWidget(self.sex, 1, 1)
        grid.addWidget(self.labels[2], 1, 2)
        grid.addWidget(self.birth, 1, 3)
        grid.addWidget(self.labels[3], 2, 0)
        grid.addWidget(self.province, 2, 1)
        grid.addWidget(self.labels[4], 2, 2)
        grid.addWidget(self.commune, 2, 3, 1, 2)
        grid.addWidget(self.details, 3, 0, 1, 5)
        grid.addWidget(self.linked_label, 4, 0, 1, 4)
        grid.addWidget(self.unlink_button, 4, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.commune.setMinimumWidth(170)
        self.province.setMinimumWidth(150)
        self.retranslate_ui()
        self.sex.set_value("U")

    def focus_chain(self) -> list[QWidget]:
        return [self.name, self.sex, self.birth, self.province.edit, self.commune.edit]

    @Slot(str)
    def _province_picked(self, code: str) -> None:
        self.commune.clear()
        self.commune.set_items(commune_items(code))

    def link(self, child: dict[str, Any]) -> None:
        """Use a child already on file instead of recording a new one."""
        self.linked = child
        self.name.setText(child.get("full_name", ""))
        for widget in (self.name, self.sex, self.birth, self.province, self.commune):
            widget.setEnabled(False)
        self.details.set_enabled(False)
        self.linked_label.setText(
            self.tr("Linked to the child already on file: {name}, born {born}").format(
                name=child.get("full_name", ""), born=child.get("birth_year") or "?"
            )
        )
        self.linked_label.show()
        self.unlink_button.show()

    @Slot()
    def unlink(self) -> None:
        self.linked = None
        for widget in (self.name, self.sex, self.birth, self.province, self.commune):
            widget.setEnabled(True)
        self.details.set_enabled(True)
        self.linked_label.hide()
        self.unlink_button.hide()

    def data(self) -> dict[str, Any]:
        if self.linked is not None:
            return {"id": self.linked["id"]}
        out: dict[str, Any] = {
            "full_name": self.name.text().strip(),
            "sex": self.sex.value() or "U",
        }
        out.update({k: v for k, v in parse_birth(self.birth.text()).items() if k != "birth_text"})
        if self.province.value():
            out["province_code"] = self.province.value()
        if self.commune.value():
            out["commune_code"] = self.commune.value()
        out.update(self.details.data())
        return out

    def state(self) -> dict[str, Any]:
        """Everything typed, for the draft (including a link)."""
        return {
            "name": self.name.text(),
            "sex": self.sex.value(),
            "birth": self.birth.text(),
            "province": self.province.value(),
            "commune": self.commune.value(),
            "linked": self.linked,
            "details": self.details.state(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.name.setText(state.get("name", ""))
        self.sex.set_value(state.get("sex", "U"))
        self.birth.setText(state.get("birth", ""))
        if state.get("province"):
            self.province.set_value(state["province"])
            self._province_picked(state["province"])
        self.commune.set_value(state.get("commune", ""))
        self.details.restore(state.get("details"))
        if state.get("linked"):
            self.link(state["linked"])

    def is_empty(self) -> bool:
        return (
            self.linked is None and not self.name.text().strip() and not self.birth.text().strip()
        )

    def retranslate_ui(self) -> None:
        texts = (
            self.tr("Child's name"),
            self.tr("Sex"),
            self.tr("Born"),
            self.tr("Province"),
            self.tr("Commune/ward"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.sex.set_items(fmt.items("sexes"))
        self.name.setPlaceholderText(
            self.tr("Family, middle and given name — or leave empty if unknown")
        )
        self.province.edit.setPlaceholderText(self.tr("Type to search"))
        self.birth.setPlaceholderText(self.tr("year or dd/mm/yyyy"))
        self.commune.edit.setPlaceholderText(self.tr("Type to search, e.g. Hải Châu"))
        self.remove_button.setText(self.tr("Remove"))
        self.details.retranslate_ui()
        self.unlink_button.setText(self.tr("Record as a new child"))
        self.province.relabel()
        self.commune.relabel()
