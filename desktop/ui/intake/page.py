"""The intake page (`IntakeForm`): the contact's fields, their layout and keyboard order,
saving (optionally opening a case), and the language switch."""

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
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import CaselineError, ValidationError
from desktop.ui import fmt, i18n, ops
from desktop.ui.forms import confirm_discard
from desktop.ui.intake.child_form import ChildForm
from desktop.ui.intake.consent_block import ConsentBlock
from desktop.ui.intake.draft import DRAFT_INTERVAL_MS, DRAFT_KEY, IntakeDraft
from desktop.ui.intake.harm_block import HarmDetails
from desktop.ui.intake.lookups import IntakeLookups
from desktop.ui.messages import error_text
from desktop.ui.widgets import CodeCombo, FoldedPicker


class IntakeForm(IntakeLookups, IntakeDraft, i18n.RetranslatedOnLanguageChange, QWidget):
    """Record one contact. Emits `case_opened(case_id)` after Ctrl+Shift+S."""

    saved = Signal(str, str)  # contact id, number
    case_opened = Signal(str)

    def __init__(self, session: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake")
        self.session = session
        self.province_code = session.get("province_code", "")
        self.children_forms: list[ChildForm] = []
        # The call's clock starts with the first thing typed or chosen, stops at save.
        self.started_at: datetime | None = None
        self._dirty = False
        self._saving = False
        self._draft_restored = False
        self.last_call_s: int | None = None

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
        self.consent = ConsentBlock(self)
        self.harm = HarmDetails(self)
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
        add(concerns, "harm", self.harm)  # taxonomy 2027.1: setting, perpetrator (issue 12)
        form.addWidget(self.contact_group)
        form.addWidget(self.caller_group)
        form.addWidget(self.children_group)
        form.addWidget(self.concerns_group)
        form.addWidget(self.consent)
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
        self.new_button.clicked.connect(self.new_contact)
        self.anonymous.toggled.connect(self._anonymous_toggled)
        self._phone_timer = QTimer(self)
        self._phone_timer.setSingleShot(True)
        self._phone_timer.setInterval(300)
        self._phone_timer.timeout.connect(self.look_up_phone)
        self.phone.textEdited.connect(lambda: self._phone_timer.start())
        self.child_hits.itemActivated.connect(self._link_hit)
        self.phone_hits.itemActivated.connect(self.open_phone_hit)
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
        self.consent.changed.connect(self._mark_dirty)
        self.harm.changed.connect(self._mark_dirty)
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
        child.birth.refused.connect(self._birth_refused)
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
            *self.harm.focus_chain(),
            *self.consent.focus_chain(),
            self.save_button,
            self.save_case_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- look-ups -------------------------------------------------------------------
    @Slot(bool)
    def _anonymous_toggled(self, anonymous: bool) -> None:
        self.caller_name.setEnabled(not anonymous)
        if anonymous:
            self.caller_name.clear()
        self._mark_dirty()

    # -- saving ---------------------------------------------------------------------
    def contact_data(self) -> dict[str, Any]:
        children = [c.data() for c in self.children_forms if not c.is_empty()]
        started = self.started_at or fmt.now_local()
        elapsed = int((fmt.now_local() - started).total_seconds())
        return {
            "received_at": started.isoformat(timespec="seconds"),
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
            **self.harm.data(),
            "services": [code for code, box in self.services.items() if box.isChecked()],
            "risk": self.risk.value(),
            "follow_up": self.follow_up.isChecked(),
            "summary": self.summary.toPlainText(),  # kept as typed (records.MULTI_LINE)
            **({"consent": consent} if (consent := self.consent.data()) else {}),
        }

    def birth_problems(self) -> list[str]:
        """Impossible birth dates, each naming its child ("Trẻ 2 — …"); marked on the form."""
        problems = []
        for index, child in enumerate(self.children_forms):
            if not child.birth.check():
                problems.append(
                    f"{_field_name(self, f'children[{index}]')} — {child.birth.problem()}"
                )
        return problems

    @Slot(str)
    def _birth_refused(self, problem: str) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(problem)

    @Slot()
    def new_contact(self) -> None:
        """'New contact': a fresh form, after asking when something typed would be lost."""
        if self.has_content() and not confirm_discard(
            self, self.tr("This contact is not saved. Start a new one and discard it?")
        ):
            return
        self.reset()
        ops.run_op(self, lambda ws: ws.discard_draft(DRAFT_KEY), None, lambda error: None)

    def choose_child_for_case(self) -> int | None:
        """With two or more children on the contact, ask which child the case is for (one
        live case per contact: desktop.services.cases.open_case); None when cancelled."""
        names = [
            c.name.text().strip() or c.linked_label.text()
            for c in self.children_forms
            if not c.is_empty()
        ]
        if len(names) < 2:
            return 0
        dialog = QInputDialog(self)
        dialog.setObjectName("choose_child")
        dialog.setWindowTitle(self.tr("Which child is the case for?"))
        dialog.setLabelText(
            self.tr(
                "The contact names {count} children. A contact opens one case: choose the"
                " child it is for (a case for another child is opened from that child's"
                " next contact)."
            ).format(count=len(names))
        )
        dialog.setComboBoxItems(names)
        dialog.setComboBoxEditable(False)
        if dialog.exec() != QInputDialog.DialogCode.Accepted:
            return None
        return names.index(dialog.textValue()) if dialog.textValue() in names else 0

    def save(self, *, open_case: bool) -> None:
        if self._saving:
            return
        problems = self.birth_problems()
        if not self.risk.value():  # never preselected: the worker judges it on every call
            problems.append(
                f"{_field_name(self, 'risk')} — "
                + self.tr("choose the risk level you judged on this call")
            )
        if open_case and not any(not c.is_empty() for c in self.children_forms):
            # checked before anything is saved: a refusal after record_contact left a saved
            # contact behind a filled form, and the next Ctrl+S made a duplicate (review i13 #1)
            problems.append(
                f"{_field_name(self, 'children')} — "
                + self.tr("add the child the case is for, or save the contact only (Ctrl+S)")
            )
        if problems:
            self.message.setStyleSheet("color: #c62828;")
            self.message.setText(
                self.tr("Please correct: {problems}").format(problems="; ".join(problems))
            )
            return
        child_index = 0
        if open_case:
            chosen = self.choose_child_for_case()
            if chosen is None:
                return  # cancelled: nothing saved, nothing lost
            child_index = chosen
        self._saving = True
        data = self.contact_data()
        self._saving_duration = int(data["duration_s"])  # the clock stops at save
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saving…"))

        def op(ws: Any) -> dict[str, str]:
            saved = ws.record_contact(data)
            result = {"id": saved.id, "number": saved.number, "case_id": "", "case_number": ""}
            ws.discard_draft(DRAFT_KEY)
            if open_case:
                # The contact is saved whatever happens next: a refused case must not leave
                # the form as if nothing was saved (the next save would duplicate it).
                try:
                    child_ids = ws.get_contact(saved.id)["child_ids"]
                    chosen = child_ids[child_index] if child_index < len(child_ids) else None
                    case = ws.open_case(saved.id, child_id=chosen)
                    result["case_id"], result["case_number"] = case.id, case.number
                except CaselineError as error:
                    result["case_error"] = str(error)
            return result

        ops.run_op(self, op, self._saved, self._save_failed)

    def _saved(self, result: dict[str, str]) -> None:
        self._saving = False
        self.last_call_s = self._saving_duration
        self.reset(keep_message=True)
        if result["case_id"]:
            self.message.setText(
                self.tr("Contact {contact} saved and case {case} opened.").format(
                    contact=result["number"], case=result["case_number"]
                )
            )
        elif result.get("case_error"):
            self.message.setText(
                self.tr("Contact {number} saved; no case was opened: {reason}").format(
                    number=result["number"], reason=result["case_error"]
                )
            )
            self.message.setStyleSheet("color: #c62828; font-weight: bold;")
        else:
            self.message.setText(self.tr("Contact {number} saved.").format(number=result["number"]))
        if not result.get("case_error"):
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
        self.risk.setCurrentIndex(0)  # "— choose —": no risk level preselected
        self.follow_up.setChecked(False)
        self.summary.clear()
        self.consent.reset()
        self.harm.reset()
        self.phone_hits.clear()
        self.child_hits.clear()
        if not keep_message:
            self.message.clear()
        self.started_at = None
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

    # -- timer & language -----------------------------------------------------------
    @Slot()
    def _tick(self) -> None:
        if self.started_at is None:
            if self.last_call_s is not None:  # the call just saved: its own length
                self.timer_label.setText(
                    self.tr("Last call {clock}").format(clock=_clock(self.last_call_s))
                )
            else:
                self.timer_label.setText(self.tr("Call time 00:00 (starts as you type)"))
            return
        seconds = max(0, int((fmt.now_local() - self.started_at).total_seconds()))
        self.timer_label.setText(self.tr("Call time {clock}").format(clock=_clock(seconds)))

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
        self.risk.set_items([("", self.tr("— choose —")), *fmt.items("risk_levels")])
        if not self.channel.value() or self.channel.currentIndex() < 0:
            self.channel.set_value("phone")
        self.categories.set_items(fmt.category_items())
        self.categories.relabel()
        for code, box in self.services.items():
            box.setText(fmt.label("services", code))
        for child in self.children_forms:
            child.retranslate_ui()
        self.consent.retranslate_ui()
        self.harm.retranslate_ui()
        self.form_labels["harm"].setText(self.tr("Where it happened"))
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
        "consent": QCoreApplication.translate("IntakeForm", "Consent and legal basis"),
    }
    if key in names:
        return names[key]
    if key.startswith("consent."):
        return names["consent"]
    match = re.match(r"children\[(\d+)\]", key)
    if match:
        return QCoreApplication.translate("IntakeForm", "Child {n}").format(
            n=int(match.group(1)) + 1
        )
    return key


def _clock(seconds: int) -> str:
    hours, rest = divmod(max(0, int(seconds)), 3600)
    return (
        f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
        if hours
        else f"{rest // 60:02d}:{rest % 60:02d}"
    )
