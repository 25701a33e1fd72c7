"""One case: header with deadline badge, timeline, Decree 56 step actions, referrals,
assignment, and the open sync conflicts with a side-by-side resolution dialog."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import steps
from desktop.ui import fmt, i18n, ops
from desktop.ui.messages import error_text, show_error
from desktop.ui.widgets import Badge, CodeCombo

TEXT_FIELDS = ("assessment", "plan", "review", "reason")


def parse_local(text: str) -> str | None:
    """'03/10/2026 14:05' (or without the time) → ISO-8601 in Vietnam time; None if bad."""
    text = text.strip()
    for pattern in ("%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=fmt.LOCAL_TZ).isoformat()
        except ValueError:
            continue
    return None


class StepDialog(QDialog):
    """Asks exactly what a move to the next step needs (desktop.domain.steps.required_for)."""

    def __init__(self, case: dict[str, Any], to_step: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"step_dialog_{to_step}")
        self.case = case
        self.to_step = to_step
        self.from_step = case.get("status", steps.RECEIVED)
        self.needed = [
            key
            for key in steps.required_for(to_step, self.from_step)
            if not (key in ("approved_by", "approved_at") and case.get(f"plan_{key}"))
        ]
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        intro = QLabel(self)
        intro.setWordWrap(True)
        intro.setText(
            self.tr("Move case {number} from “{old}” to “{new}”.").format(
                number=case.get("number", ""),
                old=fmt.label("case_steps", self.from_step),
                new=fmt.label("case_steps", to_step),
            )
        )
        form.addRow(intro)
        for key in self.needed:
            widget = self._field(key)
            widget.setObjectName(key)
            self.fields[key] = widget
            form.addRow(self._label(key), widget)
        if not self.needed:
            form.addRow(QLabel(self.tr("Nothing else is needed for this step."), self))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
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
            combo.set_value(self.case.get("risk") or "low")
            return combo
        if key == "closure_reason":
            combo = CodeCombo(self)
            combo.set_items(fmt.items("closure_reasons"))
            return combo
        if key == "approved_at":
            edit = QLineEdit(fmt.now_local().strftime("%d/%m/%Y %H:%M"), self)
            edit.setPlaceholderText("dd/mm/yyyy hh:mm")
            return edit
        return QLineEdit(self)

    def _label(self, key: str) -> str:
        return {
            "assessment": self.tr("Assessment (what was found, risk and harm)"),
            "risk": self.tr("Risk level"),
            "plan": self.tr("Support and intervention plan"),
            "approved_by": self.tr("Plan approved by (commune chairperson)"),
            "approved_at": self.tr("Approved on (dd/mm/yyyy hh:mm)"),
            "review": self.tr("Review of the results"),
            "closure_reason": self.tr("Reason for closing"),
            "reason": self.tr("Reason for reopening"),
        }.get(key, key)

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText().strip()
            elif isinstance(widget, CodeCombo):
                out[key] = widget.value()
            elif key == "approved_at":
                out[key] = parse_local(widget.text()) or widget.text().strip()
            else:
                out[key] = widget.text().strip()
        return out


class EntryDialog(QDialog):
    """Add a timeline entry: an intervention, a follow-up or a note."""

    KINDS = ("intervention", "follow_up", "note")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = CodeCombo(self)
        self.kind.set_items([(k, fmt.label("case_entry_kinds", k)) for k in self.KINDS])
        self.kind.set_value("note")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("entry_text")
        self.text.setTabChangesFocus(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Text"), self.text)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setWindowTitle(self.tr("Add to the timeline"))
        self.setMinimumWidth(480)


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


CODED_FIELDS = {
    "risk": "risk_levels",
    "status": "case_steps",
    "channel": "channels",
    "call_type": "call_types",
    "sex": "sexes",
    "caller_relation": "caller_relations",
    "closure_reason": "closure_reasons",
    "agency": "referral_agencies",
}


def show_value(field: str, value: Any) -> str:
    """A conflicting value as people read it: labels for codes, dates dd/mm/yyyy."""
    if value is None or value == "":
        return "—"
    if field in CODED_FIELDS and isinstance(value, str):
        return fmt.label(CODED_FIELDS[field], value)
    if field == "categories" and isinstance(value, list):
        return ", ".join(fmt.category_label(str(c)) for c in value)
    if field == "services" and isinstance(value, list):
        return ", ".join(fmt.label("services", str(c)) for c in value)
    if isinstance(value, bool):
        if value:
            return QCoreApplication.translate("ConflictDialog", "yes")
        return QCoreApplication.translate("ConflictDialog", "no")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def field_name(field: str) -> str:
    names = {
        "risk": QT_TRANSLATE_NOOP("ConflictDialog", "Risk"),
        "status": QT_TRANSLATE_NOOP("ConflictDialog", "Step"),
        "assigned_to": QT_TRANSLATE_NOOP("ConflictDialog", "Assigned to"),
        "categories": QT_TRANSLATE_NOOP("ConflictDialog", "Categories"),
        "summary": QT_TRANSLATE_NOOP("ConflictDialog", "Summary"),
        "full_name": QT_TRANSLATE_NOOP("ConflictDialog", "Name"),
        "closure_reason": QT_TRANSLATE_NOOP("ConflictDialog", "Reason for closing"),
        "urgent": QT_TRANSLATE_NOOP("ConflictDialog", "Urgent"),
    }
    return QCoreApplication.translate("ConflictDialog", names[field]) if field in names else field


class ConflictDialog(QDialog):
    """Both values of each conflicting field side by side; the worker keeps one."""

    resolved = Signal()

    def __init__(self, conflicts: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        self.conflicts = list(conflicts)
        self.setWindowTitle(self.tr("Resolve sync conflicts"))
        self.setMinimumSize(760, 320)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Two desks changed the same field at the same time. Nothing was "
                "lost: choose the value to keep."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #c62828;")
        self.rows: dict[str, QGroupBox] = {}
        for conflict in self.conflicts:
            box = self._conflict_box(conflict)
            self.rows[conflict["id"]] = box
            layout.addWidget(box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    def _conflict_box(self, conflict: dict[str, Any]) -> QGroupBox:
        box = QGroupBox(
            self.tr("{record} — field “{field}”").format(
                record=conflict.get("record_number") or conflict.get("record_entity", ""),
                field=field_name(conflict.get("field_name", "")),
            ),
            self,
        )
        grid = QGridLayout(box)
        sides = (
            (
                "kept",
                self.tr("Kept by the central line (changed by {who})").format(
                    who=conflict.get("kept_by") or "?"
                ),
                conflict.get("kept_value"),
            ),
            (
                "other",
                self.tr("From desk {device} ({who}, {when})").format(
                    device=conflict.get("other_device") or "?",
                    who=conflict.get("other_by") or "?",
                    when=fmt.date_time(conflict.get("other_at")),
                ),
                conflict.get("other_value"),
            ),
        )
        for column, (side, title, value) in enumerate(sides):
            heading = QLabel(title, box)
            heading.setWordWrap(True)
            heading.setStyleSheet("font-weight: bold;")
            shown = QLabel(show_value(conflict.get("field_name", ""), value), box)
            shown.setObjectName(f"{side}_value")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setStyleSheet("background: #f5f5f5; padding: 8px; border: 1px solid #ddd;")
            keep = QPushButton(self.tr("Keep this value"), box)
            keep.setObjectName(f"keep_{side}")
            keep.clicked.connect(lambda _=False, c=conflict, v=value: self.choose(c, v))
            grid.addWidget(heading, 0, column)
            grid.addWidget(shown, 1, column)
            grid.addWidget(keep, 2, column)
        return box

    def choose(self, conflict: dict[str, Any], value: Any) -> None:
        conflict_id = conflict["id"]
        ops.run_op(
            self,
            lambda ws: ws.resolve_conflict(conflict_id, value),
            lambda _r: self._done(conflict_id),
            lambda error: self.message.setText(error_text(error)),
            changes=("conflict", conflict.get("record_entity") or "case"),
        )

    def _done(self, conflict_id: str) -> None:
        box = self.rows.pop(conflict_id, None)
        if box is not None:
            box.setEnabled(False)
            box.setTitle(box.title() + " — " + self.tr("resolved"))
        self.resolved.emit()
        if not self.rows:
            self.accept()


class CaseView(i18n.RetranslatedOnLanguageChange, QWidget):
    """Everything about one case, with the actions the user may take on it."""

    closed = Signal()

    def __init__(self, session: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_view")
        self.session = session
        self.case: dict[str, Any] | None = None
        self.case_id = ""
        self.title = QLabel(self)
        self.title.setObjectName("case_title")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.risk_badge = Badge(self)
        self.step_badge = Badge(self)
        self.deadline_badge = Badge(self)
        self.deadline_badge.setObjectName("deadline_badge")
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.conflict_banner = QFrame(self)
        self.conflict_banner.setObjectName("conflict_banner")
        self.conflict_banner.setStyleSheet(
            "#conflict_banner { background: #fff3cd; border: 1px solid #ffb300; }"
        )
        banner = QHBoxLayout(self.conflict_banner)
        self.conflict_text = QLabel(self.conflict_banner)
        self.resolve_button = QPushButton(self.conflict_banner)
        self.resolve_button.setObjectName("resolve_conflicts")
        self.resolve_button.clicked.connect(self.resolve_conflicts)
        banner.addWidget(self.conflict_text, 1)
        banner.addWidget(self.resolve_button)
        self.conflict_banner.hide()

        self.timeline = QTreeWidget(self)
        self.timeline.setObjectName("timeline")
        self.timeline.setColumnCount(4)
        self.timeline.setRootIsDecorated(False)
        self.timeline.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.referrals = QTreeWidget(self)
        self.referrals.setObjectName("referrals")
        self.referrals.setColumnCount(5)
        self.referrals.setRootIsDecorated(False)
        self.referrals.itemActivated.connect(self._update_referral)

        self.step_buttons = QHBoxLayout()
        self.add_entry_button = QPushButton(self)
        self.add_entry_button.clicked.connect(self.add_entry)
        self.refer_button = QPushButton(self)
        self.refer_button.setObjectName("refer")
        self.refer_button.clicked.connect(self.add_referral)
        self.referral_status_button = QPushButton(self)
        self.referral_status_button.clicked.connect(
            lambda: self._update_referral(self.referrals.currentItem())
        )
        self.assignee = QComboBox(self)
        self.assignee.setEditable(True)
        self.assignee.setObjectName("assignee")
        self.assign_button = QPushButton(self)
        self.assign_button.setObjectName("assign")
        self.assign_button.clicked.connect(self.assign)
        self.print_button = QPushButton(self)
        self.print_button.clicked.connect(self.print_summary)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.closed)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("case_message")

        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.details.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title, 1)
        header.addWidget(self.print_button)
        badges = QHBoxLayout()
        badges.addWidget(self.risk_badge)
        badges.addWidget(self.step_badge)
        badges.addWidget(self.deadline_badge)
        badges.addWidget(self.details, 1)
        self.steps_group = QGroupBox(self)
        steps_layout = QVBoxLayout(self.steps_group)
        steps_layout.addLayout(self.step_buttons)
        self.actions_group = QGroupBox(self)
        actions = QHBoxLayout(self.actions_group)
        actions.addWidget(self.add_entry_button)
        actions.addWidget(self.refer_button)
        actions.addWidget(self.referral_status_button)
        actions.addStretch(1)
        self.assign_label = QLabel(self)
        actions.addWidget(self.assign_label)
        actions.addWidget(self.assignee)
        actions.addWidget(self.assign_button)
        self.timeline_label, self.referrals_label = QLabel(self), QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(badges)
        layout.addWidget(self.conflict_banner)
        layout.addWidget(self.steps_group)
        layout.addWidget(self.actions_group)
        layout.addWidget(self.message)
        layout.addWidget(self.timeline_label)
        layout.addWidget(self.timeline, 3)
        layout.addWidget(self.referrals_label)
        layout.addWidget(self.referrals, 1)
        self.retranslate_ui()

    # -- loading --------------------------------------------------------------------
    def show_case(self, case_id: str) -> None:
        self.case_id = case_id
        ops.run_op(self, lambda ws: ws.get_case(case_id), self._show, self._failed)
        if self.session.get("role") == "manager" and self.assignee.count() == 0:
            ops.run_op(
                self,
                lambda ws: [u.username for u in ws.list_users()],
                self._fill_users,
                lambda error: None,
            )

    def refresh_if_affected(self, changed: frozenset[str]) -> None:
        if self.case_id and changed & {"case", "case_entry", "referral", "conflict", "child"}:
            self.show_case(self.case_id)

    def _fill_users(self, names: list[str]) -> None:
        current = self.assignee.currentText()
        self.assignee.clear()
        self.assignee.addItems(names)
        self.assignee.setCurrentText(current or (self.case or {}).get("assigned_to", ""))

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))

    def _show(self, case: dict[str, Any]) -> None:
        self.case = case
        child = case.get("child") or {}
        self.title.setText(
            self.tr("Case {number} — {child}").format(
                number=case.get("number", ""),
                child=child.get("full_name") or self.tr("(name unknown)"),
            )
        )
        self.risk_badge.setText(fmt.label("risk_levels", case.get("risk")))
        self.risk_badge.set_colour(
            {"urgent": "red", "high": "red", "medium": "amber"}.get(case.get("risk", ""), "green")
        )
        self.step_badge.setText(fmt.label("case_steps", case.get("status")))
        self.step_badge.set_colour("grey" if case.get("status") == "closed" else "blue")
        self._show_deadline(case)
        born = fmt.date(child.get("birth_date")) or str(child.get("birth_year") or "?")
        self.details.setText(
            self.tr(
                "Born {born} · assigned to {worker} · received {received} · categories: {categories}"
            ).format(
                born=born,
                worker=case.get("assigned_to") or self.tr("nobody yet"),
                received=fmt.date_time(case.get("received_at")),
                categories=", ".join(fmt.category_label(c) for c in case.get("categories") or [])
                or "—",
            )
        )
        self._show_steps(case)
        self._show_timeline(case.get("entries") or [])
        self._show_referrals(case.get("referrals") or [])
        conflicts = case.get("open_conflicts") or []
        self.conflict_banner.setVisible(bool(conflicts))
        self.conflict_text.setText(
            self.tr(
                "This case has {count} sync conflict(s): two desks changed the same field."
            ).format(count=len(conflicts))
        )
        if self.assignee.currentText() == "":
            self.assignee.setCurrentText(case.get("assigned_to", ""))
        manager = self.session.get("role") == "manager"
        for widget in (self.assign_label, self.assignee, self.assign_button):
            widget.setVisible(manager)

    def _show_deadline(self, case: dict[str, Any]) -> None:
        deadlines = case.get("deadlines") or {}
        status = case.get("status")
        if status == "closed":
            self.deadline_badge.setText(
                self.tr("Closed {date}").format(date=fmt.date(case.get("closed_at")))
            )
            self.deadline_badge.set_colour("grey")
            return
        due = None
        if status in ("received", "initial_assessment") and deadlines.get("assessment_due"):
            due = ("assessment", deadlines["assessment_due"])
        elif status in (
            "received",
            "initial_assessment",
            "needs_assessment",
            "plan",
        ) and deadlines.get("plan_due"):
            due = ("plan", deadlines["plan_due"])
        if deadlines.get("overdue"):
            which = (deadlines.get("overdue_steps") or ["plan"])[0]
            when = deadlines.get("assessment_due" if which == "initial_assessment" else "plan_due")
            self.deadline_badge.setText(
                self.tr("Overdue since {when}").format(when=fmt.date_time(when))
            )
            self.deadline_badge.set_colour("red")
        elif due:
            self.deadline_badge.setText(self.tr("Due {when}").format(when=fmt.date_time(due[1])))
            self.deadline_badge.set_colour("amber" if due[0] == "assessment" else "green")
        else:
            self.deadline_badge.setText(self.tr("No deadline"))
            self.deadline_badge.set_colour("grey")

    def _show_steps(self, case: dict[str, Any]) -> None:
        while self.step_buttons.count():
            item = self.step_buttons.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        status = case.get("status", steps.RECEIVED)
        for to_step in steps.allowed_next(status):
            text = (
                self.tr("Reopen: {step}") if status == steps.CLOSED else self.tr("Move to: {step}")
            )
            button = QPushButton(text.format(step=fmt.label("case_steps", to_step)), self)
            button.setObjectName(f"move_{to_step}")
            button.clicked.connect(lambda _=False, s=to_step: self.move_to(s))
            self.step_buttons.addWidget(button)
        self.step_buttons.addStretch(1)

    def _show_timeline(self, entries: list[dict[str, Any]]) -> None:
        self.timeline.clear()
        for entry in sorted(
            entries, key=lambda e: e.get("occurred_at") or e.get("created_at") or ""
        ):
            data = entry.get("data") or {}
            text = entry.get("text") or ""
            if not text:
                text = self._entry_text(entry.get("kind", ""), data)
            item = QTreeWidgetItem(
                [
                    fmt.date_time(entry.get("occurred_at") or entry.get("created_at")),
                    fmt.label("case_entry_kinds", entry.get("kind")),
                    entry.get("created_by", ""),
                    text,
                ]
            )
            self.timeline.addTopLevelItem(item)
        for column in range(3):
            self.timeline.resizeColumnToContents(column)

    def _entry_text(self, kind: str, data: dict[str, Any]) -> str:
        if kind == "step_change":
            old = fmt.label("case_steps", data.get("from"))
            return f"{old} → {fmt.label('case_steps', data.get('to'))}"
        if kind == "plan_approval":
            return self.tr("Plan approved by {who} on {when}").format(
                who=data.get("approved_by", ""), when=fmt.date_time(data.get("approved_at"))
            )
        if kind == "closure":
            return fmt.label("closure_reasons", data.get("closure_reason"))
        return ""

    def _show_referrals(self, referrals: list[dict[str, Any]]) -> None:
        self.referrals.clear()
        for referral in referrals:
            item = QTreeWidgetItem(
                [
                    fmt.label("referral_agencies", referral.get("agency")),
                    referral.get("agency_name", ""),
                    fmt.date(referral.get("sent_at")),
                    fmt.label("referral_statuses", referral.get("status")),
                    referral.get("outcome", ""),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, referral)
            self.referrals.addTopLevelItem(item)
        for column in range(4):
            self.referrals.resizeColumnToContents(column)

    # -- actions --------------------------------------------------------------------
    def move_to(self, to_step: str) -> None:
        if self.case is None:
            return
        dialog = StepDialog(self.case, to_step, self)
        dialog.accepted.connect(lambda: self._send_move(to_step, dialog.data()))
        dialog.open()

    def _send_move(self, to_step: str, data: dict[str, Any]) -> None:
        case_id = self.case_id
        ops.run_op(
            self,
            lambda ws: ws.move_case(case_id, to_step, data),
            self._moved,
            self._action_failed,
            changes=("case", "case_entry"),
        )

    def _moved(self, _result: Any) -> None:
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(
            self.tr("The case moved to “{step}”.").format(
                step=fmt.label(
                    "case_steps", (_result or {}).get("status") if isinstance(_result, dict) else ""
                )
            )
        )

    def _action_failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))

    @Slot()
    def add_entry(self) -> None:
        dialog = EntryDialog(self)
        case_id = self.case_id

        def send() -> None:
            kind, text = dialog.kind.value(), dialog.text.toPlainText().strip()
            ops.run_op(
                self,
                lambda ws: ws.add_entry(case_id, kind, text),
                None,
                self._action_failed,
                changes=("case_entry",),
            )

        dialog.accepted.connect(send)
        dialog.open()

    @Slot()
    def add_referral(self) -> None:
        dialog = ReferralDialog(self)
        case_id = self.case_id

        def send() -> None:
            agency, name = dialog.agency.value(), dialog.agency_name.text().strip()
            reason = dialog.reason.toPlainText().strip()
            ops.run_op(
                self,
                lambda ws: ws.add_referral(case_id, agency, reason, agency_name=name),
                None,
                self._action_failed,
                changes=("referral",),
            )

        dialog.accepted.connect(send)
        dialog.open()

    def _update_referral(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        referral = item.data(0, Qt.ItemDataRole.UserRole)
        dialog = ReferralDialog(self, referral)

        def send() -> None:
            status, outcome = dialog.status.value(), dialog.outcome.toPlainText().strip()
            ops.run_op(
                self,
                lambda ws: ws.update_referral(referral["id"], status, outcome),
                None,
                self._action_failed,
                changes=("referral",),
            )

        dialog.accepted.connect(send)
        dialog.open()

    @Slot()
    def assign(self) -> None:
        username, case_id = self.assignee.currentText().strip(), self.case_id
        if username:
            ops.run_op(
                self,
                lambda ws: ws.assign_case(case_id, username),
                None,
                self._action_failed,
                changes=("case",),
            )

    @Slot()
    def resolve_conflicts(self) -> None:
        number = (self.case or {}).get("number", "")
        conflicts = [
            {"record_number": number, **c} if c.get("record_entity") == "case" else c
            for c in (self.case or {}).get("open_conflicts") or []
        ]
        if conflicts:
            ConflictDialog(conflicts, self).open()

    @Slot()
    def print_summary(self) -> None:
        from desktop.ui.reports_page import save_case_summary

        if self.case is not None:
            save_case_summary(self, self.case.get("number", ""))

    def drop_records(self) -> None:
        self.case = None
        self.case_id = ""
        self.title.clear()
        self.details.clear()
        self.timeline.clear()
        self.referrals.clear()
        self.assignee.clear()
        self.message.clear()

    # -- language -------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("← Cases"))
        self.steps_group.setTitle(self.tr("Next step (Decree 56)"))
        self.actions_group.setTitle(self.tr("Actions"))
        self.add_entry_button.setText(self.tr("Add intervention, follow-up or note"))
        self.refer_button.setText(self.tr("Refer to an agency"))
        self.referral_status_button.setText(self.tr("Update referral status"))
        self.assign_label.setText(self.tr("Assign to"))
        self.assign_button.setText(self.tr("Assign"))
        self.print_button.setText(self.tr("Case summary PDF"))
        self.resolve_button.setText(self.tr("Resolve…"))
        self.timeline_label.setText(self.tr("Timeline"))
        self.referrals_label.setText(self.tr("Referrals"))
        self.timeline.setHeaderLabels(
            [self.tr("When"), self.tr("What"), self.tr("Who"), self.tr("Details")]
        )
        self.referrals.setHeaderLabels(
            [
                self.tr("Agency"),
                self.tr("Name"),
                self.tr("Sent"),
                self.tr("Status"),
                self.tr("Outcome"),
            ]
        )
        if self.case is not None:
            self._show(self.case)


def open_conflicts_dialog(parent: QWidget) -> None:
    """All open conflicts of the desk (from the status bar)."""
    ops.run_op(
        parent,
        lambda ws: ws.list_conflicts(),
        lambda rows: ConflictDialog(rows, parent).open() if rows else None,
        lambda error: show_error(parent, error),
    )
