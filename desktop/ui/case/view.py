"""The case page (`CaseView`): header with deadline badge, timeline, Decree 56 step
actions, referrals, assignment and the banner for open sync conflicts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import places, steps
from desktop.ui import fmt, i18n, ops
from desktop.ui.case.conflict_dialog import ConflictDialog
from desktop.ui.case.entry_dialog import EntryDialog
from desktop.ui.case.referral_dialog import ReferralDialog
from desktop.ui.case.step_dialog import StepDialog
from desktop.ui.messages import error_text
from desktop.ui.printout_view import redaction_items, redaction_label
from desktop.ui.widgets import Badge, CodeCombo


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
        self.duplicate_banner = QLabel(self)
        self.duplicate_banner.setObjectName("duplicate_banner")
        self.duplicate_banner.setWordWrap(True)
        self.duplicate_banner.setStyleSheet(
            "#duplicate_banner { background: #e3f2fd; border: 1px solid #64b5f6; padding: 4px; }"
        )
        self.duplicate_banner.hide()

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
        self.print_button.setObjectName("print_case_summary")
        self.print_button.clicked.connect(self.print_summary)
        self.redact_label = QLabel(self)
        self.redact = CodeCombo(self)
        self.redact.setObjectName("case_redaction")
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
        header.addWidget(self.redact_label)
        header.addWidget(self.redact)
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
        layout.addWidget(self.duplicate_banner)
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
            + self._harm_commune(case.get("harm_commune_code"))
        )
        self._show_steps(case)
        self._show_timeline(case.get("entries") or [], case.get("duplicates") or [])
        self._show_duplicates(case)
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

    def _harm_commune(self, code: str | None) -> str:
        """' · where the harm happened: <commune>' (its People's Committee is responsible)."""
        if not code or not places.is_commune(code):
            return ""
        return " · " + self.tr("where the harm happened: {commune}").format(
            commune=places.commune_name(code)
        )

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
        if deadlines.get("emergency_due") and not case.get("emergency_measure_at"):
            due = ("emergency", deadlines["emergency_due"])  # Decree 56 Art. 26.3: 12 hours
        elif status in (
            "received",
            "initial_assessment",
            "needs_assessment",
            "plan",
        ) and deadlines.get("plan_due"):
            due = ("plan", deadlines["plan_due"])
        if deadlines.get("overdue"):
            which = (deadlines.get("overdue_steps") or ["plan"])[0]
            when = deadlines.get("emergency_due" if which == "emergency_measure" else "plan_due")
            self.deadline_badge.setText(
                self.tr("Overdue since {when}").format(when=fmt.date_time(when))
            )
            self.deadline_badge.set_colour("red")
        elif due:
            self.deadline_badge.setText(self.tr("Due {when}").format(when=fmt.date_time(due[1])))
            self.deadline_badge.set_colour("amber" if due[0] == "emergency" else "green")
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

    def _show_duplicates(self, case: dict[str, Any]) -> None:
        """One contact, one live case: central marked a case opened twice offline."""
        first = case.get("duplicate_of_number") or ""
        others = ", ".join(d.get("number", "") for d in case.get("duplicates") or [])
        if first:
            text = self.tr(
                "This case duplicates case {number}: two desks opened a case for the same"
                " contact while offline. It is kept with its entries; work goes on in case"
                " {number}."
            ).format(number=first)
        elif others:
            text = self.tr(
                "Case {numbers} was opened for the same contact on another desk while offline;"
                " its entries are shown in this timeline, marked with its number."
            ).format(numbers=others)
        else:
            text = ""
        self.duplicate_banner.setText(text)
        self.duplicate_banner.setVisible(bool(text))

    def _show_timeline(
        self, entries: list[dict[str, Any]], duplicates: list[dict[str, Any]] = ()
    ) -> None:
        self.timeline.clear()
        marked = [(e, "") for e in entries] + [
            (e, d.get("number", "")) for d in duplicates for e in d.get("entries") or []
        ]
        for entry, from_case in sorted(
            marked, key=lambda m: m[0].get("occurred_at") or m[0].get("created_at") or ""
        ):
            data = entry.get("data") or {}
            text = entry.get("text") or ""
            if not text:
                text = self._entry_text(entry.get("kind", ""), data)
            if from_case:
                text = f"[{from_case}] {text}"
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
        if kind == "plan_approval" and data.get("decision_no"):
            return self.tr("Plan approved by {who} on {when}, decision {number}").format(
                who=data.get("approved_by", ""),
                when=fmt.date_time(data.get("approved_at")),
                number=data["decision_no"],
            )
        if kind == "plan_approval":
            return self.tr("Plan approved by {who} on {when}").format(
                who=data.get("approved_by", ""), when=fmt.date_time(data.get("approved_at"))
            )
        if kind == "closure" and data.get("approved_by"):
            return self.tr("{reason} (decided by {who} on {when})").format(
                reason=fmt.label("closure_reasons", data.get("closure_reason")),
                who=data["approved_by"],
                when=fmt.date_time(data.get("approved_at")),
            )
        if kind == "closure":
            return fmt.label("closure_reasons", data.get("closure_reason"))
        if kind == "emergency_measure":
            return fmt.label("emergency_measures", data.get("measure"))
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
            kind, text = dialog.kind.value(), dialog.text.toPlainText()
            data, when = dialog.data(), dialog.occurred_at()
            ops.run_op(
                self,
                lambda ws: ws.add_entry(case_id, kind, text, data, occurred_at=when),
                None,
                self._action_failed,
            )

        dialog.accepted.connect(send)
        dialog.open()

    @Slot()
    def add_referral(self) -> None:
        dialog = ReferralDialog(self)
        case_id = self.case_id

        def send() -> None:
            agency, name = dialog.agency.value(), dialog.agency_name.text().strip()
            reason = dialog.reason.toPlainText()
            ops.run_op(
                self,
                lambda ws: ws.add_referral(case_id, agency, reason, agency_name=name),
                None,
                self._action_failed,
            )

        dialog.accepted.connect(send)
        dialog.open()

    def _update_referral(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        referral = item.data(0, Qt.ItemDataRole.UserRole)
        dialog = ReferralDialog(self, referral)

        def send() -> None:
            status, outcome = dialog.status.value(), dialog.outcome.toPlainText()
            ops.run_op(
                self,
                lambda ws: ws.update_referral(referral["id"], status, outcome),
                None,
                self._action_failed,
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
        from desktop.ui.reports_page import preview_case_summary

        if self.case is not None:
            preview_case_summary(self, self.case.get("number", ""), self.redact.value() or "full")

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
        self.print_button.setText(self.tr("Case summary…"))
        self.redact_label.setText(redaction_label())
        self.redact.set_items(redaction_items())
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
