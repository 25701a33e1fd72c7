"""The case page (`CaseView`): header with deadline badge, timeline, Decree 56 step
actions, referrals, assignment and the banner for open sync conflicts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import permissions, places, steps
from desktop.domain.records import Case, CaseEntry, Referral
from desktop.errors import PermissionDenied
from desktop.services.types import CaseDetail, CaseMoved, DuplicateCase, OpenConflict
from desktop.ui import fmt, i18n, ops
from desktop.ui.attachments import AttachmentsPanel
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
        self.detail: CaseDetail | None = None  # the case shown (ws.get_case)
        self.case_id = ""
        self.full_names: dict[str, str] = {}
        self.history: list[dict[str, Any]] = []
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
        self.timeline.itemActivated.connect(self.show_whole_entry)
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
        # issue 12: where the harm happened, a transfer, the child's data rights
        self.harm_button = QPushButton(self)
        self.harm_button.setObjectName("harm_commune_button")
        self.harm_button.clicked.connect(self.edit_harm_commune)
        self.transfer_button = QPushButton(self)
        self.transfer_button.setObjectName("transfer_button")
        self.transfer_button.clicked.connect(self.transfer)
        self.remind_button = QPushButton(self)
        self.remind_button.setObjectName("reminders_button")
        self.remind_button.clicked.connect(self.edit_reminders)
        self.rights_button = QPushButton(self)
        self.rights_button.setObjectName("person_rights_button")
        self.rights_button.clicked.connect(self.person_rights)
        self.assignee = QComboBox(self)
        self.assignee.setObjectName("assignee")
        self.assignee.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
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
        actions_rows = QVBoxLayout(self.actions_group)
        actions = QHBoxLayout()
        law_actions = QHBoxLayout()  # issue 12: a second row keeps the page within 1366 px
        actions_rows.addLayout(actions)
        actions_rows.addLayout(law_actions)
        actions.addWidget(self.add_entry_button)
        actions.addWidget(self.refer_button)
        actions.addWidget(self.referral_status_button)
        for button in (
            self.remind_button,
            self.harm_button,
            self.transfer_button,
            self.rights_button,
        ):
            law_actions.addWidget(button)
        law_actions.addStretch(1)
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
        self.attachments = AttachmentsPanel(self)  # issue 16: letters, scans, photos
        layout.addWidget(self.attachments)
        self.retranslate_ui()

    # -- loading --------------------------------------------------------------------
    def show_case(self, case_id: str) -> None:
        if case_id != self.case_id:
            self.message.clear()  # a message belongs to the case it was about
            self.assignee.setCurrentIndex(-1)
        self.case_id = case_id
        self.attachments.show_owner(case_id)
        if not self.full_names:  # queued first: the case's first paint has the full names
            ops.run_op(
                self,
                lambda ws: [(u.username, u.full_name, u.role, u.disabled) for u in ws.list_users()],
                self._fill_users,
                lambda error: None,
            )
        ops.run_op(
            self,
            lambda ws: (ws.get_case(case_id), ws.case_history(case_id)),
            self._loaded,
            self._failed,
        )

    def refresh_if_affected(self, changed: frozenset[str]) -> None:
        if self.case_id and changed & {"case", "case_entry", "referral", "conflict", "child"}:
            self.show_case(self.case_id)

    def _fill_users(self, users: list[tuple[str, str, str, bool]]) -> None:
        """Full names for every username shown; only active caseworkers and managers can
        be assigned a case."""
        self.full_names = {username: full or username for username, full, _r, _d in users}
        self.assignee.clear()
        for username, full, role, disabled in users:
            if role in (permissions.CASEWORKER, permissions.MANAGER) and not disabled:
                self.assignee.addItem(f"{full or username} ({username})", username)
        self._select_assignee()
        if self.detail is not None:
            self._show(self.detail)

    def _select_assignee(self) -> None:
        index = self.assignee.findData(self.detail.case.assigned_to if self.detail else "")
        self.assignee.setCurrentIndex(index)

    def person(self, username: str | None) -> str:
        """A person's full name (their username while names are loading or unknown)."""
        return self.full_names.get(username or "", username or "")

    def _refusal(self, action: str) -> str:
        """Why this user may not take `action` on this case ('' when they may)."""
        try:
            permissions.require(
                self.session.get("role", ""),
                action,
                username=self.session.get("username"),
                assigned_to=(self.detail.case.assigned_to if self.detail else "") or None,
            )
        except PermissionDenied as refusal:
            return error_text(refusal)
        return ""

    def _allow(self, button: QPushButton, action: str) -> None:
        """Disable an action the user may not take, before anything can be typed."""
        refusal = self._refusal(action)
        button.setEnabled(not refusal)
        button.setToolTip(refusal)

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))

    def _loaded(self, result: tuple[CaseDetail, list[dict[str, Any]]]) -> None:
        detail, self.history = result
        self._show(detail)

    def _show(self, detail: CaseDetail) -> None:
        self.detail = detail
        case, child = detail.case, detail.child
        self.title.setText(
            self.tr("Case {number} — {child}").format(
                number=case.number,
                child=(child.full_name if child else "") or self.tr("(name unknown)"),
            )
        )
        self.risk_badge.setText(fmt.label("risk_levels", case.risk))
        self.risk_badge.set_colour(
            {"urgent": "red", "high": "red", "medium": "amber"}.get(case.risk, "green")
        )
        self.step_badge.setText(fmt.label("case_steps", case.status))
        self.step_badge.set_colour("grey" if case.status == "closed" else "blue")
        self._show_deadline(detail)
        born = (
            fmt.date(child.birth_date) or str(child.birth_year or "?") if child is not None else "?"
        )
        self.details.setText(
            self.tr(
                "Born {born} · assigned to {worker} · received {received} · categories: {categories}"
            ).format(
                born=born,
                worker=self.person(case.assigned_to) or self.tr("nobody yet"),
                received=fmt.date_time(case.received_at),
                categories=", ".join(fmt.category_label(c) for c in case.categories) or "—",
            )
            + self._harm_commune(case.harm_commune_code)
            + self._reminder_text(case)
        )
        self._show_steps(case)
        self._show_timeline(detail.entries, detail.duplicates)
        self._show_duplicates(detail)
        self._show_referrals(detail.referrals)
        conflicts = detail.open_conflicts
        self.conflict_banner.setVisible(bool(conflicts))
        self.conflict_text.setText(
            self.tr(
                "This case has {count} sync conflict(s): two desks changed the same field."
            ).format(count=len(conflicts))
        )
        self._select_assignee()
        manager = self.session.get("role") == "manager"
        for widget in (self.assign_label, self.assignee, self.assign_button):
            widget.setVisible(manager)
        self._allow(self.add_entry_button, "case.update")
        self._allow(self.refer_button, "referral.create")
        self._allow(self.referral_status_button, "referral.update")
        self._allow(self.print_button, "report.print")
        self._allow(self.harm_button, "case.update")
        self._allow(self.remind_button, "case.update")
        self._allow(self.transfer_button, "case.transfer")
        self._allow(self.rights_button, "person.export")

    def _harm_commune(self, code: str | None) -> str:
        """' · where the harm happened: <commune>' (its People's Committee is responsible)."""
        if not code or not places.is_commune(code):
            return ""
        return " · " + self.tr("where the harm happened: {commune}").format(
            commune=places.commune_name(code)
        )

    def _show_deadline(self, detail: CaseDetail) -> None:
        case, deadlines = detail.case, detail.deadlines
        status = case.status
        if status == "closed":
            self.deadline_badge.setText(
                self.tr("Closed {date}").format(date=fmt.date(case.closed_at))
            )
            self.deadline_badge.set_colour("grey")
            return
        due = None
        if deadlines.emergency_due and not case.emergency_measure_at:
            due = ("emergency", deadlines.emergency_due)  # Decree 56 Art. 26.3: 12 hours
        elif (
            status
            in (
                "received",
                "initial_assessment",
                "needs_assessment",
                "plan",
            )
            and deadlines.plan_due
        ):
            due = ("plan", deadlines.plan_due)
        if deadlines.overdue:
            which = (deadlines.overdue_steps or ("plan",))[0]
            when = deadlines.emergency_due if which == "emergency_measure" else deadlines.plan_due
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

    def _show_steps(self, case: Case) -> None:
        while self.step_buttons.count():
            item = self.step_buttons.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        status = case.status or steps.RECEIVED
        for to_step in steps.allowed_next(status):
            text = (
                self.tr("Reopen: {step}") if status == steps.CLOSED else self.tr("Move to: {step}")
            )
            button = QPushButton(text.format(step=fmt.label("case_steps", to_step)), self)
            button.setObjectName(f"move_{to_step}")
            button.clicked.connect(lambda _=False, s=to_step: self.move_to(s))
            self._allow(button, steps.transition_action(status, to_step))
            self.step_buttons.addWidget(button)
        self.step_buttons.addStretch(1)

    def _show_duplicates(self, detail: CaseDetail) -> None:
        """One contact, one live case: central marked a case opened twice offline."""
        first = detail.duplicate_of_number
        others = ", ".join(d.number for d in detail.duplicates)
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
        self, entries: tuple[CaseEntry, ...], duplicates: tuple[DuplicateCase, ...] = ()
    ) -> None:
        """Every entry (a duplicate case's marked with its number) and the case's other
        events (opening, assignments, referrals, printouts), oldest first. A long text is
        shown whole in its tooltip and, on double-click, in a window of its own."""
        self.timeline.clear()
        rows = []
        for entry, from_case in [(e, "") for e in entries] + [
            (e, d.number) for d in duplicates for e in d.entries
        ]:
            text = entry.text or self._entry_text(entry.kind, entry.data or {})
            when = entry.occurred_at or entry.created_at
            kind = fmt.label("case_entry_kinds", entry.kind)
            text = f"[{from_case}] {text}" if from_case else text
            rows.append((when, 1, kind, entry.created_by, text))
        for event in self.history:
            kind, text = self._event_text(event)
            rank = 0 if event.get("kind") == "opened" else 1  # first within its second
            rows.append((event.get("at"), rank, kind, event.get("who"), text))
        rows.sort(key=_in_time)
        for when, _rank, kind, who, text in rows:
            item = QTreeWidgetItem([fmt.date_time(when), kind, self.person(who), text])
            item.setToolTip(3, _wrapped(text))
            item.setData(3, Qt.ItemDataRole.UserRole, text)
            self.timeline.addTopLevelItem(item)
        for column in range(3):
            self.timeline.resizeColumnToContents(column)

    def _event_text(self, event: dict[str, Any]) -> tuple[str, str]:
        """(what, details) of a history event (desktop.services.history)."""
        data, kind = event.get("data") or {}, event.get("kind")
        agency = " ".join(
            p
            for p in (fmt.label("referral_agencies", data.get("agency")), data.get("agency_name"))
            if p
        )
        if kind == "opened":
            return self.tr("Case opened"), self.tr("Case {number} opened, received {when}").format(
                number=data.get("number", ""), when=fmt.date_time(data.get("received_at"))
            )
        if kind == "assigned":
            to = data.get("to") or ""
            return self.tr("Assignment"), (
                self.tr("Assigned to {name}").format(name=self.person(to))
                if to
                else self.tr("Unassigned")
            )
        if kind == "referral_sent":
            return self.tr("Referral"), self.tr("Referred to {agency}: {reason}").format(
                agency=agency, reason=data.get("reason", "")
            )
        if kind == "referral_updated":
            return self.tr("Referral"), self.tr("Referral to {agency}: {status}. {outcome}").format(
                agency=agency,
                status=fmt.label("referral_statuses", data.get("status")),
                outcome=data.get("outcome", ""),
            ).strip()
        if kind == "printed":
            profiles = dict(redaction_items())
            profile = data.get("redact") or ""
            return self.tr("Printout"), self.tr("Case summary printed ({profile})").format(
                profile=profiles.get(profile, profile)
            )
        return str(kind), ""

    @Slot(QTreeWidgetItem, int)
    def show_whole_entry(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """A long entry, whole, in a window of its own (read-only, selectable)."""
        text = item.data(3, Qt.ItemDataRole.UserRole) or item.text(3)
        dialog = QDialog(self)
        dialog.setObjectName("entry_whole")
        dialog.setWindowTitle(f"{item.text(1)} — {item.text(0)} — {item.text(2)}")
        view = QPlainTextEdit(text, dialog)
        view.setReadOnly(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        box.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(box)
        dialog.resize(720, 480)
        dialog.open()

    def _entry_text(self, kind: str, data: dict[str, Any]) -> str:
        if kind == "step_change":
            old = fmt.label("case_steps", data.get("from"))
            return f"{old} → {fmt.label('case_steps', data.get('to'))}"
        if kind == "plan_approval" and data.get("decision_no"):
            return self.tr("Plan approved by {who} on {when}, decision {number}").format(
                who=self.person(data.get("approved_by")),
                when=fmt.date_time(data.get("approved_at")),
                number=data["decision_no"],
            )
        if kind == "plan_approval":
            return self.tr("Plan approved by {who} on {when}").format(
                who=self.person(data.get("approved_by")),
                when=fmt.date_time(data.get("approved_at")),
            )
        if kind == "closure" and data.get("approved_by"):
            return self.tr("{reason} (decided by {who} on {when})").format(
                reason=fmt.label("closure_reasons", data.get("closure_reason")),
                who=self.person(data["approved_by"]),
                when=fmt.date_time(data.get("approved_at")),
            )
        if kind == "closure":
            return fmt.label("closure_reasons", data.get("closure_reason"))
        if kind == "emergency_measure":
            return fmt.label("emergency_measures", data.get("measure"))
        return ""

    def _show_referrals(self, referrals: tuple[Referral, ...]) -> None:
        self.referrals.clear()
        for referral in referrals:
            item = QTreeWidgetItem(
                [
                    fmt.label("referral_agencies", referral.agency),
                    referral.agency_name,
                    fmt.date(referral.sent_at),
                    fmt.label("referral_statuses", referral.status),
                    referral.outcome,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, referral)
            self.referrals.addTopLevelItem(item)
        for column in range(4):
            self.referrals.resizeColumnToContents(column)

    # -- actions --------------------------------------------------------------------
    def move_to(self, to_step: str) -> None:
        if self.detail is None:
            return
        dialog = StepDialog(self.detail.case, to_step, self)
        dialog.saved.connect(self._moved)
        dialog.open()

    def _moved(self, result: Any) -> None:
        self._say(
            self.tr("The case moved to “{step}”.").format(
                step=fmt.label(
                    "case_steps", result.case.status if isinstance(result, CaseMoved) else ""
                )
            )
        )

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(text)

    def _action_failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))

    @Slot()
    def add_entry(self) -> None:
        dialog = EntryDialog(self.case_id, self)
        dialog.saved.connect(lambda _r: self._say(self.tr("Added to the timeline.")))
        dialog.open()

    @Slot()
    def add_referral(self) -> None:
        dialog = ReferralDialog(self, case_id=self.case_id)
        dialog.saved.connect(lambda _r: self._say(self.tr("Referral saved.")))
        dialog.open()

    def _update_referral(self, item: QTreeWidgetItem | None) -> None:
        if item is None or self._refusal("referral.update"):
            return
        dialog = ReferralDialog(self, item.data(0, Qt.ItemDataRole.UserRole))
        dialog.saved.connect(lambda _r: self._say(self.tr("Referral saved.")))
        dialog.open()

    @Slot()
    def assign(self) -> None:
        username, case_id = str(self.assignee.currentData() or ""), self.case_id
        if username:
            ops.run_op(
                self,
                lambda ws: ws.assign_case(case_id, username),
                lambda _r: self._say(
                    self.tr("Assigned to {name}.").format(name=self.person(username))
                ),
                self._action_failed,
            )

    @Slot()
    def resolve_conflicts(self) -> None:
        if self.detail is None:
            return
        number = self.detail.case.number
        conflicts = [
            OpenConflict(c, number if c.record_entity == "case" else "")
            for c in self.detail.open_conflicts
        ]
        if conflicts:
            ConflictDialog(conflicts, self).open()

    def _reminder_text(self, case: Case) -> str:
        """' · next follow-up 05/12/2026 · next review 10/12/2026' (issue 12)."""
        parts = []
        if case.follow_up_on:
            parts.append(self.tr("next follow-up {day}").format(day=fmt.date(case.follow_up_on)))
        if case.review_on:
            parts.append(self.tr("next review {day}").format(day=fmt.date(case.review_on)))
        return "".join(" · " + p for p in parts)

    @Slot()
    def edit_reminders(self) -> None:
        from desktop.ui.case.law_dialogs import ReminderDialog

        if self.detail is not None:
            dialog = ReminderDialog(self.detail.case, self)
            dialog.saved.connect(lambda _r: self.show_case(self.case_id))
            dialog.open()

    @Slot()
    def edit_harm_commune(self) -> None:
        from desktop.ui.case.law_dialogs import HarmCommuneDialog

        if self.detail is not None:
            dialog = HarmCommuneDialog(self.detail.case, self)
            dialog.saved.connect(lambda _r: self.show_case(self.case_id))
            dialog.open()

    @Slot()
    def transfer(self) -> None:
        from desktop.ui.case.law_dialogs import TransferDialog

        if self.detail is not None:
            dialog = TransferDialog(self.detail.case, self)
            dialog.saved.connect(lambda _r: self.show_case(self.case_id))
            dialog.open()

    @Slot()
    def person_rights(self) -> None:
        from desktop.ui.case.law_dialogs import PersonRightsDialog

        if self.detail is not None:
            number, child = self.detail.case.number, self.detail.child
            who = self.tr("The child {name} of case {number}").format(
                name=child.full_name if child else "", number=number
            )
            PersonRightsDialog(number, who, self).open()

    @Slot()
    def print_summary(self) -> None:
        from desktop.ui.reports_page import preview_case_summary

        if self.detail is not None:
            preview_case_summary(self, self.detail.case.number, self.redact.value() or "full")

    def drop_records(self) -> None:
        self.detail = None
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
        self.remind_button.setText(self.tr("Reminders…"))
        self.harm_button.setText(self.tr("Where the harm happened…"))
        self.transfer_button.setText(self.tr("Transfer to another province…"))
        self.rights_button.setText(self.tr("The child's data…"))
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
        if self.detail is not None:
            self._show(self.detail)


def _wrapped(text: str) -> str:
    """A tooltip that wraps (rich text): the whole entry, however long."""
    from html import escape

    return f"<div style='max-width: 600px; white-space: pre-wrap'>{escape(text)}</div>"


def _in_time(row: tuple) -> tuple:
    """Timeline order: by the second it happened (times stored with and without
    microseconds, in UTC and in Vietnam time), the opening first within its second."""
    moment = fmt.parse_time(row[0]) or fmt.parse_time("1970-01-01T00:00:00+00:00")
    return (moment.replace(microsecond=0), row[1])
