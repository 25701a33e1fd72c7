"""National handoffs (issue 15) in the app: the "Handoffs" page of both kinds of desk and
the dialog the national line sends one with.

National desk: what it handed off — waiting to be accepted, overdue, declined (redirect
it), accepted, with the outcome when the province closed the case. Province desk: what the
national line handed to it, with the acceptance deadline; accept (as a contact, or with a
case) or decline with the reason. Work goes through `ws.handoffs` on the DB worker.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import places
from desktop.services import NATIONAL_PROVINCE
from desktop.ui import fmt, i18n, ops
from desktop.ui.messages import error_text

OVERDUE = QColor("#c62828")
COLUMNS = 8


def _when(moment: Any) -> str:
    return moment.strftime("%d/%m/%Y %H:%M") if moment is not None else ""


class HandoffsPage(i18n.RetranslatedOnLanguageChange, QWidget):
    """The handoffs of this desk (`ws.handoffs.list`), with the actions its side takes."""

    open_case = Signal(str)

    def __init__(self, session: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoffs_page")
        self.session = session
        self.national = session.get("province_code") == NATIONAL_PROVINCE
        self.rows: list[Any] = []
        self.filters: dict[str, Any] = {}
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.summary = QLabel(self)
        self.summary.setObjectName("handoffs_summary")
        self.summary.setWordWrap(True)
        self.showing = QComboBox(self)
        self.showing.setObjectName("handoffs_filter")
        self.showing.currentIndexChanged.connect(self._filter_chosen)
        self.table = QTreeWidget(self)
        self.table.setObjectName("handoffs_table")
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(COLUMNS)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.header().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.detail = QLabel(self)
        self.detail.setObjectName("handoff_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setMinimumHeight(self.detail.fontMetrics().lineSpacing() * 3 + 6)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message = QLabel(self)
        self.message.setObjectName("handoffs_message")
        self.message.setWordWrap(True)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("handoff_send")
        self.send_button.clicked.connect(lambda: self.send_dialog())
        self.accept_button = QPushButton(self)
        self.accept_button.setObjectName("handoff_accept")
        self.accept_button.clicked.connect(lambda: self.accept_selected(open_case=False))
        self.accept_case_button = QPushButton(self)
        self.accept_case_button.setObjectName("handoff_accept_case")
        self.accept_case_button.clicked.connect(lambda: self.accept_selected(open_case=True))
        self.decline_button = QPushButton(self)
        self.decline_button.setObjectName("handoff_decline")
        self.decline_button.clicked.connect(self.decline_dialog)
        self.redirect_button = QPushButton(self)
        self.redirect_button.setObjectName("handoff_redirect")
        self.redirect_button.clicked.connect(self.redirect_selected)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.showing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (
            self.send_button,
            self.redirect_button,
            self.accept_button,
            self.accept_case_button,
            self.decline_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        for button in (self.send_button, self.redirect_button):
            button.setVisible(self.national)
        for button in (self.accept_button, self.accept_case_button, self.decline_button):
            button.setVisible(not self.national)
        self.retranslate_ui()
        self._selection_changed()

    # -- loading --------------------------------------------------------------------
    def refresh(self) -> None:
        ops.run_op(self, lambda ws: ws.handoffs.list(), self._show, self._failed)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)

    def refresh_if_affected(self, changed: frozenset[str]) -> None:
        if self.isVisible() and changed & {"handoff", "contact", "case"}:
            self.refresh()

    def show_preset(self, filters: dict[str, Any]) -> None:
        """Show the rows a home page figure counted (same filters as the service)."""
        index = next(
            (i for i in range(self.showing.count()) if self.showing.itemData(i) == filters), 0
        )
        self.showing.setCurrentIndex(index)
        self.filters = dict(filters)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))

    def _show(self, rows: list[Any]) -> None:
        self.rows = rows
        self._render()

    def _visible_rows(self) -> list[Any]:
        f = self.filters
        rows = self.rows
        if f.get("status"):
            rows = [r for r in rows if r.status == f["status"]]
        if f.get("overdue"):
            rows = [r for r in rows if r.overdue]
        if f.get("outcome"):
            rows = [r for r in rows if r.outcome_at]
        return rows

    def _render(self) -> None:
        self.table.clear()
        for row in self._visible_rows():
            item = QTreeWidgetItem(
                [
                    row.short_id,
                    row.source_number,
                    row.child_name or self.tr("(name unknown)"),
                    row.to_province_name,
                    self.tr("urgent") if row.urgent else "",
                    _when(row.accept_by) or self.tr("(at the next sync)"),
                    self._status_text(row),
                    self._answer_text(row),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            if row.overdue:
                for column in (5, 6):
                    item.setForeground(column, OVERDUE)
            self.table.addTopLevelItem(item)
        for column in range(COLUMNS - 1):
            self.table.resizeColumnToContents(column)
        self.summary.setText(self._summary_text())
        self._selection_changed()

    def _status_text(self, row: Any) -> str:
        texts = {
            "sent": self.tr("waiting to be accepted"),
            "accepted": self.tr("accepted"),
            "declined": self.tr("declined"),
            "redirected": self.tr("redirected"),
        }
        text = texts.get(row.status, row.status)
        if row.overdue:
            text = self.tr("OVERDUE — {status}").format(status=text)
        elif row.accepted_in_time is False:
            text = self.tr("{status} (after the deadline)").format(status=text)
        return text

    def _answer_text(self, row: Any) -> str:
        if row.outcome_at:
            return self.tr("Closed {date}: {reason} (step reached: {step})").format(
                date=fmt.date(row.outcome_at),
                reason=fmt.label("closure_reasons", row.outcome_reason),
                step=fmt.label("case_steps", row.outcome_step),
            )
        if row.status == "declined":
            return self.tr("Reason: {reason}").format(reason=row.decline_reason)
        if row.accepted_number:
            return self.tr("Now {number}").format(number=row.accepted_number)
        return row.note

    def _summary_text(self) -> str:
        rows = self.rows
        waiting = sum(r.status == "sent" for r in rows)
        overdue = sum(r.overdue for r in rows)
        if self.national:
            return self.tr(
                "Waiting to be accepted: {waiting} · overdue: {overdue} · declined, to"
                " redirect: {declined} · outcomes received: {outcomes}"
            ).format(
                waiting=waiting,
                overdue=overdue,
                declined=sum(r.status == "declined" for r in rows),
                outcomes=sum(bool(r.outcome_at) for r in rows),
            )
        return self.tr(
            "Handed to this province, waiting for your answer: {waiting} · past the deadline:"
            " {overdue}"
        ).format(waiting=waiting, overdue=overdue)

    def selected_row(self) -> Any:
        items = self.table.selectedItems()
        if not items:
            return None
        handoff_id = items[0].data(0, Qt.ItemDataRole.UserRole)
        return next((r for r in self.rows if r.id == handoff_id), None)

    @Slot()
    def _selection_changed(self) -> None:
        row = self.selected_row()
        waiting = row is not None and row.status == "sent"
        for button in (self.accept_button, self.accept_case_button, self.decline_button):
            button.setEnabled(waiting)
        self.redirect_button.setEnabled(row is not None and row.status == "declined")
        if row is None:
            self.detail.clear()
            return
        lines = [
            self.tr("Handoff {id} of {number}, sent {sent}").format(
                id=row.short_id, number=row.source_number, sent=_when(row.sent_at)
            )
        ]
        if row.note:
            lines.append(self.tr("Note from the national line: {note}").format(note=row.note))
        if row.accept_by is not None:
            lines.append(self.tr("Accept by {when}").format(when=_when(row.accept_by)))
        self.detail.setText("\n".join(lines))

    @Slot(int)
    def _filter_chosen(self, index: int) -> None:
        data = self.showing.itemData(index)
        self.filters = dict(data) if isinstance(data, dict) else {}
        self._render()

    # -- actions --------------------------------------------------------------------
    def send_dialog(self, number: str = "") -> HandoffDialog:
        dialog = HandoffDialog(number, self)
        dialog.sent.connect(lambda _id: self.refresh())
        dialog.open()
        return dialog

    @Slot()
    def redirect_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.send_dialog(row.source_number)

    def accept_selected(self, *, open_case: bool) -> None:
        row = self.selected_row()
        if row is None:
            return
        ops.run_op(
            self,
            lambda ws: ws.handoffs.accept(row.id, open_case=open_case),
            self._accepted,
            self._failed,
        )

    def _accepted(self, saved: Any) -> None:
        self.message.setText(self.tr("Accepted: {number}").format(number=saved.number))
        self.refresh()
        if saved.entity == "case":
            self.open_case.emit(saved.id)

    @Slot()
    def decline_dialog(self) -> DeclineDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        dialog = DeclineDialog(row, self)
        dialog.declined.connect(lambda: self.refresh())
        dialog.open()
        return dialog

    def drop_records(self) -> None:
        self.rows = []
        self.table.clear()
        self.detail.clear()
        self.summary.clear()

    @Slot()
    def retranslate_ui(self) -> None:
        self.heading.setText(
            self.tr("Handoffs sent to the provinces")
            if self.national
            else self.tr("Handoffs from the national line")
        )
        self.table.setHeaderLabels(
            [
                self.tr("Id"),
                self.tr("National number"),
                self.tr("Child"),
                self.tr("Province"),
                self.tr("Urgent"),
                self.tr("Accept by"),
                self.tr("Status"),
                self.tr("Answer / outcome"),
            ]
        )
        choices = [(self.tr("All"), {}), (self.tr("Waiting"), {"status": "sent"})]
        choices.append((self.tr("Overdue"), {"overdue": True}))
        if self.national:
            choices.append((self.tr("Declined"), {"status": "declined"}))
            choices.append((self.tr("Outcome received"), {"outcome": True}))
        current = self.filters
        self.showing.blockSignals(True)
        self.showing.clear()
        for text, data in choices:
            self.showing.addItem(text, data)
        index = next((i for i, (_t, d) in enumerate(choices) if d == current), 0)
        self.showing.setCurrentIndex(index)
        self.showing.blockSignals(False)
        self.send_button.setText(self.tr("Hand off…"))
        self.redirect_button.setText(self.tr("Redirect…"))
        self.accept_button.setText(self.tr("Accept as a contact"))
        self.accept_case_button.setText(self.tr("Accept and open a case"))
        self.decline_button.setText(self.tr("Decline…"))
        if self.rows:
            self._render()


class HandoffDialog(QDialog):
    """The national line hands a contact or case to a province: the number, the province
    (proposed from the child's address, editable), urgent, a note."""

    sent = Signal(str)

    def __init__(self, number: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoff_dialog")
        self.setWindowTitle(self.tr("Hand off to a province"))
        self.number = QLineEdit(number, self)
        self.number.setObjectName("handoff_number")
        self.number.setPlaceholderText(self.tr("e.g. 00-K7Q-2026-00042"))
        self.number.editingFinished.connect(self._propose_province)
        self.province = QComboBox(self)
        self.province.setObjectName("handoff_province")
        self.province.addItem(self.tr("— choose the province —"), "")
        for place in places.provinces():
            self.province.addItem(f"{place.code} · {place.name}", place.code)
        self.urgent = QCheckBox(self.tr("Urgent: 12 hours to accept (otherwise 1 working day)"))
        self.urgent.setObjectName("handoff_urgent")
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("handoff_note")
        self.note.setPlaceholderText(self.tr("What the province needs to know first"))
        self.note.setFixedHeight(90)
        self.message = QLabel(self)
        self.message.setObjectName("handoff_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        form = QFormLayout(self)
        form.addRow(self.tr("Contact or case number"), self.number)
        form.addRow(self.tr("Receiving province"), self.province)
        form.addRow("", self.urgent)
        form.addRow(self.tr("Note to the province"), self.note)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Hand off"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)
        if number:
            self._propose_province()

    @Slot()
    def _propose_province(self) -> None:
        number = self.number.text().strip()
        if not number or self.province.currentData():
            return
        ops.run_op(self, lambda ws: ws.handoffs.default_province(number), self._set_province, None)

    def _set_province(self, code: str) -> None:
        index = self.province.findData(code) if code else -1
        if index > 0 and not self.province.currentData():
            self.province.setCurrentIndex(index)

    @Slot()
    def submit(self) -> None:
        number, province = self.number.text().strip(), str(self.province.currentData() or "")
        urgent, note = self.urgent.isChecked(), self.note.toPlainText()
        self.buttons.setEnabled(False)
        ops.run_op(
            self,
            lambda ws: ws.handoffs.send(number, province, urgent=urgent, note=note),
            self._sent,
            self._refused,
        )

    def _sent(self, saved: Any) -> None:
        self.sent.emit(saved.id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(error_text(error))  # the dialog stays open, nothing typed lost


class DeclineDialog(QDialog):
    """Decline a handoff with the reason the national line will read."""

    declined = Signal()

    def __init__(self, row: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decline_dialog")
        self.row = row
        self.setWindowTitle(self.tr("Decline handoff {id}").format(id=row.short_id))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("decline_reason")
        self.reason.setPlaceholderText(self.tr("e.g. the child has moved to another province"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        form = QFormLayout(self)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Decline"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(480)

    @Slot()
    def submit(self) -> None:
        reason, handoff_id = self.reason.text(), self.row.id
        ops.run_op(
            self,
            lambda ws: ws.handoffs.decline(handoff_id, reason),
            self._done,
            lambda error: self.message.setText(error_text(error)),
        )

    def _done(self, _saved: Any) -> None:
        self.declined.emit()
        self.accept()


class NationalFiguresPage(i18n.RetranslatedOnLanguageChange, QWidget):
    """The national desk's figures for the country (`ws.reports.national`): the monthly
    report as central counts it (preview, print, save) and the provinces compared —
    contacts, per 100,000 children where the population is known, handoff answers and
    the median time to accept. Counts only."""

    COLUMNS = 9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("national_figures_page")
        self.figures: Any = None
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.month = QComboBox(self)
        self.month.setObjectName("national_month")
        today = fmt.now_local()
        for back in range(13):
            index = today.year * 12 + today.month - 1 - back
            ym = f"{index // 12:04d}-{index % 12 + 1:02d}"
            self.month.addItem(f"{ym[5:]}/{ym[:4]}", ym)
        self.fetch_button = QPushButton(self)
        self.fetch_button.setObjectName("national_fetch")
        self.fetch_button.clicked.connect(self.fetch)
        self.preview_button = QPushButton(self)
        self.preview_button.setObjectName("national_preview")
        self.preview_button.setEnabled(False)
        self.preview_button.clicked.connect(self.preview)
        self.thematic_button = QPushButton(self)
        self.thematic_button.setObjectName("national_thematic")
        self.thematic_button.clicked.connect(self.thematic)
        self.table = QTreeWidget(self)
        self.table.setObjectName("national_table")
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(self.COLUMNS)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.message = QLabel(self)
        self.message.setObjectName("national_message")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.month)
        top.addWidget(self.fetch_button)
        top.addWidget(self.preview_button)
        top.addWidget(self.thematic_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.retranslate_ui()

    @Slot()
    def fetch(self) -> None:
        month = str(self.month.currentData())
        self.message.setText(self.tr("Asking the central line…"))
        self.fetch_button.setEnabled(False)
        ops.run_op(self, lambda ws: ws.reports.national(month, csv=True), self._show, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.fetch_button.setEnabled(True)
        self.message.setText(error_text(error))

    def _show(self, figures: Any) -> None:
        self.figures = figures
        self.fetch_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        self.message.setText(
            self.tr("Figures of {month} from the central line: {count} provinces.").format(
                month=fmt.date(figures.month + "-01")[3:], count=len(figures.provinces)
            )
        )
        self.table.clear()
        for row in figures.provinces:
            rate = "—" if row.per_100k_children is None else f"{row.per_100k_children:.1f}"
            hours = "—" if row.median_accept_hours is None else f"{row.median_accept_hours:.1f}"
            population = "—" if row.children_population is None else f"{row.children_population:,}"
            item = QTreeWidgetItem(
                [
                    row.province_name,
                    str(row.contacts),
                    population.replace(",", "."),
                    rate.replace(".", ","),
                    str(row.handoffs_received),
                    str(row.handoffs_accepted_in_time),
                    str(row.handoffs_declined),
                    str(row.handoffs_waiting),
                    hours.replace(".", ","),
                ]
            )
            for column in range(1, self.COLUMNS):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.table.addTopLevelItem(item)
        for column in range(self.COLUMNS):
            self.table.resizeColumnToContents(column)

    @Slot()
    def preview(self) -> None:
        from desktop.ui.printout_view import preview_printout

        if self.figures is None:
            return
        printout = self.figures.printout
        preview_printout(
            self,
            lambda _ws: printout,
            f"bao-cao-toan-quoc-{self.figures.month}.pdf",
            lambda error: self.message.setText(error_text(error)),
        )

    @Slot()
    def thematic(self) -> None:
        """The country's thematic report over the three months ending with the chosen one."""
        from desktop.ui.printout_view import preview_printout

        last = str(self.month.currentData())
        index = int(last[:4]) * 12 + int(last[5:]) - 1 - 2
        first = f"{index // 12:04d}-{index % 12 + 1:02d}"
        preview_printout(
            self,
            lambda ws: ws.reports.national_thematic(first, last),
            f"bao-cao-chuyen-de-toan-quoc-{first}-{last}.pdf",
            lambda error: self.message.setText(error_text(error)),
        )

    def drop_records(self) -> None:
        self.figures = None
        self.table.clear()
        self.preview_button.setEnabled(False)

    @Slot()
    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("National figures"))
        self.explain.setText(
            self.tr(
                "The country's monthly report as the central line counts it (counts only,"
                " never a name), and the provinces compared: contacts per 100,000 children"
                " where the population is known, and how the national handoffs were answered."
            )
        )
        self.fetch_button.setText(self.tr("Get the figures from the central line"))
        self.preview_button.setText(self.tr("Monthly report for the country (central)…"))
        self.thematic_button.setText(self.tr("Thematic report, the last 3 months…"))
        self.table.setHeaderLabels(
            [
                self.tr("Province"),
                self.tr("Contacts"),
                self.tr("Children (population)"),
                self.tr("Per 100,000 children"),
                self.tr("Handoffs received"),
                self.tr("Accepted in time"),
                self.tr("Declined"),
                self.tr("Waiting"),
                self.tr("Hours to accept (median)"),
            ]
        )
