"""The intake form (the home screen): record one contact with the keyboard alone.

The call timer starts with the form. Typing a phone number shows earlier contacts from
it; typing a child's name shows children already on file (folded name + birth year +
commune) so the worker can link instead of duplicating. Ctrl+S saves, Ctrl+Shift+S saves
and opens a case. The form is kept as an encrypted draft (`ws.save_draft`) every few
seconds, so a crash loses at most those seconds.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.text import digits
from desktop.errors import ValidationError
from desktop.ui import fmt, i18n, ops
from desktop.ui.messages import error_text
from desktop.ui.widgets import CodeCombo, FoldedPicker

DRAFT_KEY = "intake"
DRAFT_INTERVAL_MS = 3000
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
        self.birth = QLineEdit(self)
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
        grid.addWidget(self.linked_label, 3, 0, 1, 4)
        grid.addWidget(self.unlink_button, 3, 4)
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
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.name.setText(state.get("name", ""))
        self.sex.set_value(state.get("sex", "U"))
        self.birth.setText(state.get("birth", ""))
        if state.get("province"):
            self.province.set_value(state["province"])
            self._province_picked(state["province"])
        self.commune.set_value(state.get("commune", ""))
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
        self.unlink_button.setText(self.tr("Record as a new child"))
        self.province.relabel()
        self.commune.relabel()


class IntakeForm(i18n.RetranslatedOnLanguageChange, QWidget):
    """Record one contact. Emits `case_opened(case_id)` after Ctrl+Shift+S."""

    saved = Signal(str, str)  # contact id, number
    case_opened = Signal(str)

    def __init__(self, session: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake")
        self.session = session
        self.province_code = session.get("province_code", "")
        self.children_forms: list[ChildForm] = []
        self.started_at = fmt.now_local()
        self._dirty = False
        self._saving = False
        self._draft_restored = False

        self._build_fields()
        self._build_layout()
        self._connect()
        self.add_child()
        self.retranslate_ui()
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._draft_timer = QTimer(self)
        self._draft_timer.setInterval(DRAFT_INTERVAL_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)
        self._draft_timer.start()
        self._tick()
        self.load_draft()

    # -- building -------------------------------------------------------------------
    def _build_fields(self) -> None:
        self.channel = CodeCombo(self)
        self.channel.setObjectName("channel")
        self.call_type = CodeCombo(self)
        self.call_type.setObjectName("call_type")
        self.relation = CodeCombo(self)
        self.relation.setObjectName("caller_relation")
        self.anonymous = QCheckBox(self)
        self.anonymous.setObjectName("caller_anonymous")
        self.caller_name = QLineEdit(self)
        self.caller_name.setObjectName("caller_name")
        self.phone = QLineEdit(self)
        self.phone.setObjectName("caller_phone")
        self.age_band = CodeCombo(self)
        self.age_band.setObjectName("caller_age_band")
        self.children_box = QVBoxLayout()
        self.add_child_button = QPushButton(self)
        self.add_child_button.setObjectName("add_child")
        self.categories = FoldedPicker(self, multi=True)
        self.categories.setObjectName("categories")
        self.services: dict[str, QCheckBox] = {}
        for code in fmt.codes("services"):
            box = QCheckBox(self)
            box.setObjectName(f"service_{code}")
            self.services[code] = box
        self.risk = CodeCombo(self)
        self.risk.setObjectName("risk")
        self.follow_up = QCheckBox(self)
        self.follow_up.setObjectName("follow_up")
        self.summary = QPlainTextEdit(self)
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setMinimumHeight(90)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save")
        self.save_case_button = QPushButton(self)
        self.save_case_button.setObjectName("save_and_open_case")
        self.new_button = QPushButton(self)
        self.new_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.message = QLabel(self)
        self.message.setObjectName("intake_message")
        self.message.setWordWrap(True)
        self.timer_label = QLabel(self)
        self.timer_label.setObjectName("call_timer")
        self.timer_label.setStyleSheet("font-size: 16pt; font-weight: bold; color: #1565c0;")
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.phone_hits = QListWidget(self)
        self.phone_hits.setObjectName("phone_hits")
        self.phone_hits.setWordWrap(True)
        self.child_hits = QListWidget(self)
        self.child_hits.setObjectName("child_hits")
        self.child_hits.setWordWrap(True)
        self.link_button = QPushButton(self)
        self.link_button.setObjectName("link_child")
        self.link_button.setEnabled(False)

    def _build_layout(self) -> None:
        form_widget = QWidget(self)
        form_widget.setObjectName("intake_fields")
        form = QVBoxLayout(form_widget)
        self.contact_group = QGroupBox(form_widget)
        grid = QFormLayout(self.contact_group)
        self.form_labels: dict[str, QLabel] = {}

        def add(layout: QFormLayout, name: str, widget: QWidget) -> None:
            label = QLabel(form_widget)
            label.setBuddy(widget)
            self.form_labels[name] = label
            layout.addRow(label, widget)

        add(grid, "channel", self.channel)
        add(grid, "call_type", self.call_type)
        self.caller_group = QGroupBox(form_widget)
        caller = QFormLayout(self.caller_group)
        add(caller, "relation", self.relation)
        caller.addRow("", self.anonymous)
        add(caller, "caller_name", self.caller_name)
        add(caller, "phone", self.phone)
        add(caller, "age_band", self.age_band)
        self.children_group = QGroupBox(form_widget)
        children = QVBoxLayout(self.children_group)
        children.addLayout(self.children_box)
        children.addWidget(self.add_child_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.concerns_group = QGroupBox(form_widget)
        concerns = QFormLayout(self.concerns_group)
        add(concerns, "categories", self.categories)
        services = QWidget(form_widget)
        services_grid = QGridLayout(services)
        services_grid.setContentsMargins(0, 0, 0, 0)
        for i, box in enumerate(self.services.values()):
            services_grid.addWidget(box, i // 2, i % 2)
        add(concerns, "services", services)
        add(concerns, "risk", self.risk)
        concerns.addRow("", self.follow_up)
        add(concerns, "summary", self.summary)
        form.addWidget(self.contact_group)
        form.addWidget(self.caller_group)
        form.addWidget(self.children_group)
        form.addWidget(self.concerns_group)
        form.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll = scroll

        side = QVBoxLayout()
        self.phone_hits_label = QLabel(self)
        self.phone_hits_label.setWordWrap(True)
        self.child_hits_label = QLabel(self)
        self.child_hits_label.setWordWrap(True)
        side.addWidget(self.phone_hits_label)
        side.addWidget(self.phone_hits, 1)
        side.addWidget(self.child_hits_label)
        side.addWidget(self.child_hits, 1)
        side.addWidget(self.link_button)
        side_widget = QWidget(self)
        side_widget.setLayout(side)
        side_widget.setMaximumWidth(380)

        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addStretch(1)
        header.addWidget(self.timer_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_case_button)
        buttons.addWidget(self.save_button)
        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        body.addWidget(side_widget, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.add_child_button.clicked.connect(self.add_child_and_focus)
        self.save_button.clicked.connect(lambda: self.save(open_case=False))
        self.save_case_button.clicked.connect(lambda: self.save(open_case=True))
        self.new_button.clicked.connect(self.reset)
        self.anonymous.toggled.connect(self._anonymous_toggled)
        self._phone_timer = QTimer(self)
        self._phone_timer.setSingleShot(True)
        self._phone_timer.setInterval(300)
        self._phone_timer.timeout.connect(self.look_up_phone)
        self.phone.textEdited.connect(lambda: self._phone_timer.start())
        self.child_hits.itemActivated.connect(self._link_hit)
        self.child_hits.currentItemChanged.connect(
            lambda item, _old: self.link_button.setEnabled(item is not None)
        )
        self.link_button.clicked.connect(lambda: self._link_hit(self.child_hits.currentItem()))
        for widget in (self.caller_name, self.phone, self.summary):
            signal = getattr(widget, "textEdited", None) or widget.textChanged
            signal.connect(self._mark_dirty)
        for combo in (self.channel, self.call_type, self.relation, self.risk, self.age_band):
            combo.activated.connect(self._mark_dirty)
        self.categories.changed.connect(self._mark_dirty)
        for box in self.services.values():
            box.toggled.connect(self._mark_dirty)
        save = QShortcut(QKeySequence("Ctrl+S"), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(lambda: self.save(open_case=False))
        save_case = QShortcut(QKeySequence("Ctrl+Shift+S"), self)
        save_case.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_case.activated.connect(lambda: self.save(open_case=True))
        add_child = QShortcut(QKeySequence("Alt+N"), self)
        add_child.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_child.activated.connect(self.add_child_and_focus)

    # -- children -------------------------------------------------------------------
    def add_child(self) -> ChildForm:
        child = ChildForm(self.province_code, self)
        child.remove_requested.connect(self.remove_child)
        child.lookup.connect(self.look_up_child)
        child.name.textEdited.connect(self._mark_dirty)
        child.birth.textEdited.connect(self._mark_dirty)
        self.children_forms.append(child)
        self.children_box.addWidget(child)
        child.remove_button.setVisible(len(self.children_forms) > 1)
        self._chain_focus()
        return child

    @Slot()
    def add_child_and_focus(self) -> None:
        self.add_child().name.setFocus()

    @Slot(object)
    def remove_child(self, child: ChildForm) -> None:
        if len(self.children_forms) <= 1:
            return
        self.children_forms.remove(child)
        child.deleteLater()
        self._chain_focus()
        self._mark_dirty()

    def _chain_focus(self) -> None:
        chain: list[QWidget] = [
            self.channel,
            self.call_type,
            self.relation,
            self.anonymous,
            self.caller_name,
            self.phone,
            self.age_band,
        ]
        for child in self.children_forms:
            chain += child.focus_chain()
        chain += [
            self.add_child_button,
            self.categories.edit,
            self.categories.chosen,
            *self.services.values(),
            self.risk,
            self.follow_up,
            self.summary,
            self.save_button,
            self.save_case_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- look-ups -------------------------------------------------------------------
    @Slot()
    def look_up_phone(self) -> None:
        phone = digits(self.phone.text())
        if len(phone) < 6:
            self.phone_hits.clear()
            return
        ops.run_op(
            self,
            lambda ws: ws.contacts_by_phone(phone, limit=10),
            self._show_phone_hits,
            lambda error: None,
        )

    def _show_phone_hits(self, rows: list[dict[str, Any]]) -> None:
        self.phone_hits.clear()
        for row in rows:
            names = row.get("child_names") or [
                c.get("full_name", "") for c in row.get("children", [])
            ]
            if isinstance(names, list):
                names = ", ".join(n for n in names if n)
            text = " · ".join(
                p
                for p in (
                    fmt.date_time(row.get("received_at")),
                    row.get("number", ""),
                    names,
                    ", ".join(fmt.category_label(c) for c in row.get("categories") or []),
                )
                if p
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.phone_hits.addItem(item)
        self._retranslate_hits()

    @Slot(object)
    def look_up_child(self, child: ChildForm) -> None:
        if child.linked is not None:
            return
        name = child.name.text().strip()
        if len(name) < 3:
            self.child_hits.clear()
            return
        birth = parse_birth(child.birth.text())
        year, commune = birth.get("birth_year"), child.commune.value() or None
        self._hits_for = child
        ops.run_op(
            self,
            lambda ws: ws.similar_children(name, birth_year=year, commune_code=commune, limit=10),
            self._show_child_hits,
            lambda error: None,
        )

    def _show_child_hits(self, rows: list[dict[str, Any]]) -> None:
        from desktop.ui.models import _commune

        self.child_hits.clear()
        for row in rows:
            born = fmt.date(row.get("birth_date")) or str(row.get("birth_year") or "?")
            text = " · ".join(
                p
                for p in (row.get("full_name", ""), born, _commune(row.get("home_commune_code")))
                if p
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.child_hits.addItem(item)
        if rows:
            self.child_hits.setCurrentRow(0)
        self._retranslate_hits()

    def _link_hit(self, item: QListWidgetItem | None) -> None:
        child = getattr(self, "_hits_for", None)
        if item is None or child is None or child not in self.children_forms:
            return
        child.link(item.data(Qt.ItemDataRole.UserRole))
        self.child_hits.clear()
        self._mark_dirty()

    @Slot(bool)
    def _anonymous_toggled(self, anonymous: bool) -> None:
        self.caller_name.setEnabled(not anonymous)
        if anonymous:
            self.caller_name.clear()
        self._mark_dirty()

    # -- saving ---------------------------------------------------------------------
    def contact_data(self) -> dict[str, Any]:
        children = [c.data() for c in self.children_forms if not c.is_empty()]
        elapsed = int((fmt.now_local() - self.started_at).total_seconds())
        return {
            "received_at": self.started_at.isoformat(timespec="seconds"),
            "duration_s": max(0, elapsed),
            "channel": self.channel.value(),
            "call_type": self.call_type.value(),
            "caller": {
                "relation": self.relation.value(),
                "name": "" if self.anonymous.isChecked() else self.caller_name.text().strip(),
                "phone": self.phone.text().strip(),
                "age_band": self.age_band.value(),
                "anonymous": self.anonymous.isChecked(),
            },
            "children": children,
            "categories": self.categories.values(),
            "services": [code for code, box in self.services.items() if box.isChecked()],
            "risk": self.risk.value() or "low",
            "follow_up": self.follow_up.isChecked(),
            "summary": self.summary.toPlainText().strip(),
        }

    def save(self, *, open_case: bool) -> None:
        if self._saving:
            return
        self._saving = True
        data = self.contact_data()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saving…"))

        def op(ws: Any) -> dict[str, str]:
            saved = ws.record_contact(data)
            result = {"id": saved.id, "number": saved.number, "case_id": "", "case_number": ""}
            ws.discard_draft(DRAFT_KEY)
            if open_case:
                case = ws.open_case(saved.id)
                result["case_id"], result["case_number"] = case.id, case.number
            return result

        ops.run_op(self, op, self._saved, self._save_failed, changes=("contact", "child", "case"))

    def _saved(self, result: dict[str, str]) -> None:
        self._saving = False
        self.reset(keep_message=True)
        if result["case_id"]:
            self.message.setText(
                self.tr("Contact {contact} saved and case {case} opened.").format(
                    contact=result["number"], case=result["case_number"]
                )
            )
        else:
            self.message.setText(self.tr("Contact {number} saved.").format(number=result["number"]))
        self.message.setStyleSheet("color: #2e7d32; font-weight: bold;")
        self.saved.emit(result["id"], result["number"])
        if result["case_id"]:
            self.case_opened.emit(result["case_id"])

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))
        if isinstance(error, ValidationError):
            self.message.setText(
                self.tr("Please correct: {problems}").format(
                    problems="; ".join(
                        f"{_field_name(self, key)} — {msgs[1] if _english() else msgs[0]}"
                        for key, msgs in error.field_errors.items()
                    )
                )
            )

    @Slot()
    def reset(self, keep_message: bool = False) -> None:
        """A fresh form: a new call starts now."""
        for child in list(self.children_forms):
            self.children_forms.remove(child)
            child.deleteLater()
        self.add_child()
        self.channel.set_value("phone")
        self.call_type.set_value("counselling")
        self.relation.setCurrentIndex(0)
        self.age_band.setCurrentIndex(0)
        self.anonymous.setChecked(False)
        for widget in (self.caller_name, self.phone):
            widget.clear()
        self.categories.clear()
        for box in self.services.values():
            box.setChecked(False)
        self.risk.set_value("low")
        self.follow_up.setChecked(False)
        self.summary.clear()
        self.phone_hits.clear()
        self.child_hits.clear()
        if not keep_message:
            self.message.clear()
        self.started_at = fmt.now_local()
        self._dirty = False
        self._tick()
        self.channel.setFocus()

    def drop_records(self) -> None:
        """Forget everything typed (the desk is locking; the draft is already saved)."""
        self._draft_timer.stop()
        self._dirty = False
        for widget in (self.caller_name, self.phone):
            widget.clear()
        self.summary.clear()
        for child in self.children_forms:
            child.name.clear()
            child.linked = None
        self.phone_hits.clear()
        self.child_hits.clear()
        self.message.clear()

    # -- draft ----------------------------------------------------------------------
    @Slot()
    def _mark_dirty(self, *_: object) -> None:
        self._dirty = True

    def form_state(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(),
            "channel": self.channel.value(),
            "call_type": self.call_type.value(),
            "relation": self.relation.value(),
            "anonymous": self.anonymous.isChecked(),
            "caller_name": self.caller_name.text(),
            "phone": self.phone.text(),
            "age_band": self.age_band.value(),
            "children": [c.state() for c in self.children_forms],
            "categories": self.categories.values(),
            "services": [code for code, box in self.services.items() if box.isChecked()],
            "risk": self.risk.value(),
            "follow_up": self.follow_up.isChecked(),
            "summary": self.summary.toPlainText(),
        }

    def has_content(self) -> bool:
        """Has anything been typed that would be lost?"""
        typed = (self.caller_name.text(), self.phone.text(), self.summary.toPlainText())
        return (
            any(t.strip() for t in typed)
            or bool(self.categories.values())
            or any(not c.is_empty() for c in self.children_forms)
        )

    def keep_draft(self) -> None:
        """Before locking: save what is typed now, whether or not the timer has run."""
        if self.has_content():
            self._dirty = True
            self.save_draft_now()

    @Slot()
    def save_draft_now(self) -> None:
        """Keep what is typed in the encrypted store (only when something changed)."""
        if not self._dirty or self._saving:
            return
        self._dirty = False
        state = self.form_state()
        ops.run_op(
            self,
            lambda ws: ws.save_draft(DRAFT_KEY, state),
            self._draft_saved,
            lambda error: self._mark_dirty(),
        )

    def _draft_saved(self, _result: object) -> None:
        self.draft_saved_at = fmt.now_local()

    def load_draft(self) -> None:
        ops.run_op(self, lambda ws: ws.load_draft(DRAFT_KEY), self._restore, lambda error: None)

    def _restore(self, state: dict[str, Any] | None) -> None:
        if not state or self._dirty:
            return
        for child in list(self.children_forms):
            self.children_forms.remove(child)
            child.deleteLater()
        for child_state in state.get("children") or [{}]:
            self.add_child().restore(child_state)
        if not self.children_forms:
            self.add_child()
        self.channel.set_value(state.get("channel"))
        self.call_type.set_value(state.get("call_type"))
        self.relation.set_value(state.get("relation"))
        self.anonymous.setChecked(bool(state.get("anonymous")))
        self.caller_name.setText(state.get("caller_name", ""))
        self.phone.setText(state.get("phone", ""))
        self.age_band.set_value(state.get("age_band"))
        self.categories.set_values(state.get("categories") or [])
        for code, box in self.services.items():
            box.setChecked(code in (state.get("services") or []))
        self.risk.set_value(state.get("risk"))
        self.follow_up.setChecked(bool(state.get("follow_up")))
        self.summary.setPlainText(state.get("summary", ""))
        started = fmt.parse_time(state.get("started_at"))
        if started is not None:
            self.started_at = started
        self._dirty = False
        self._draft_restored = True
        self.message.setStyleSheet("color: #1565c0; font-weight: bold;")
        self.message.setText(
            self.tr("The unsaved contact from {time} was restored.").format(
                time=fmt.date_time(self.started_at.isoformat())
            )
        )
        self._tick()

    # -- timer & language -----------------------------------------------------------
    @Slot()
    def _tick(self) -> None:
        seconds = max(0, int((fmt.now_local() - self.started_at).total_seconds()))
        hours, rest = divmod(seconds, 3600)
        clock = (
            f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
            if hours
            else f"{rest // 60:02d}:{rest % 60:02d}"
        )
        self.timer_label.setText(self.tr("Call time {clock}").format(clock=clock))

    def _retranslate_hits(self) -> None:
        self.phone_hits_label.setText(
            self.tr("Earlier contacts from this phone number ({count})").format(
                count=self.phone_hits.count()
            )
            if self.phone_hits.count()
            else self.tr("Earlier contacts from this phone number appear here.")
        )
        self.child_hits_label.setText(
            self.tr(
                "Children already on file with a similar name ({count}) — link instead of "
                "recording the child twice"
            ).format(count=self.child_hits.count())
            if self.child_hits.count()
            else self.tr("Children already on file with a similar name appear here.")
        )

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("New contact"))
        self.contact_group.setTitle(self.tr("Contact"))
        self.caller_group.setTitle(self.tr("Caller"))
        self.children_group.setTitle(self.tr("Children"))
        self.concerns_group.setTitle(self.tr("Concerns and help given"))
        labels = {
            "channel": self.tr("Channel"),
            "call_type": self.tr("Call type"),
            "relation": self.tr("Relation to the child"),
            "caller_name": self.tr("Caller's name"),
            "phone": self.tr("Phone"),
            "age_band": self.tr("Caller's age"),
            "categories": self.tr("Categories"),
            "services": self.tr("Services provided"),
            "risk": self.tr("Risk"),
            "summary": self.tr("Summary"),
        }
        for name, text in labels.items():
            self.form_labels[name].setText(text)
        self.anonymous.setText(self.tr("Anonymous caller"))
        self.follow_up.setText(self.tr("Needs follow-up"))
        self.caller_name.setPlaceholderText(self.tr("As the caller gives it"))
        self.phone.setPlaceholderText(self.tr("e.g. 0905 123 456"))
        self.categories.edit.setPlaceholderText(
            self.tr("Type to search, Enter to add (e.g. bạo lực)")
        )
        self.add_child_button.setText(self.tr("Add another child (Alt+N)"))
        self.save_button.setText(self.tr("Save (Ctrl+S)"))
        self.save_case_button.setText(self.tr("Save and open a case (Ctrl+Shift+S)"))
        self.new_button.setText(self.tr("New contact"))
        self.link_button.setText(self.tr("Link the selected child"))
        self.channel.set_items(fmt.items("channels"))
        self.call_type.set_items(fmt.items("call_types"))
        self.relation.set_items(fmt.items("caller_relations"))
        self.age_band.set_items([("", "—"), *fmt.items("caller_age_bands")])
        self.risk.set_items(fmt.items("risk_levels"))
        if not self.channel.value() or self.channel.currentIndex() < 0:
            self.channel.set_value("phone")
        self.categories.set_items(fmt.category_items())
        self.categories.relabel()
        for code, box in self.services.items():
            box.setText(fmt.label("services", code))
        for child in self.children_forms:
            child.retranslate_ui()
        self._retranslate_hits()
        self._tick()


def _english() -> bool:

    return i18n.current() == "en"


def _field_name(form: IntakeForm, key: str) -> str:
    """A readable name for a validation error's field path."""
    names = {
        "channel": QCoreApplication.translate("IntakeForm", "Channel"),
        "call_type": QCoreApplication.translate("IntakeForm", "Call type"),
        "caller.phone": QCoreApplication.translate("IntakeForm", "Phone"),
        "caller.name": QCoreApplication.translate("IntakeForm", "Caller's name"),
        "categories": QCoreApplication.translate("IntakeForm", "Categories"),
        "services": QCoreApplication.translate("IntakeForm", "Services provided"),
        "risk": QCoreApplication.translate("IntakeForm", "Risk"),
        "summary": QCoreApplication.translate("IntakeForm", "Summary"),
        "children": QCoreApplication.translate("IntakeForm", "Children"),
    }
    if key in names:
        return names[key]
    match = re.match(r"children\[(\d+)\]", key)
    if match:
        return QCoreApplication.translate("IntakeForm", "Child {n}").format(
            n=int(match.group(1)) + 1
        )
    return key
