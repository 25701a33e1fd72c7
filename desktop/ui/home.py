"""The home page: the first thing after unlocking, one per role (`ws.home()`).

Every figure is a button that opens the list it counts with the same filters
(`open_list(target, filters)`); the manager's page adds a small chart of contacts per
month, the caseworker's a table of their open cases by next deadline.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import fmt, i18n, ops
from desktop.ui.messages import error_text

FIGURE_STYLE = (
    "QPushButton {{ text-align: left; padding: 12px 16px; border: 1px solid #cfd8dc;"
    " border-left: 6px solid {colour}; border-radius: 4px; background: white; font-size: 11pt; }}"
    "QPushButton:hover {{ background: #e3f2fd; }}"
)
COLOURS = {
    "overdue": "#c62828",
    "due_24h": "#ef6c00",
    "due_3_working_days": "#f9a825",
    "unassigned": "#6a1b9a",
    "plans_waiting": "#1565c0",
    "contacts_today": "#2e7d32",
    "drafts": "#ef6c00",
    "follow_up": "#1565c0",
    "users": "#2e7d32",
    "disabled_users": "#757575",
    # national handoffs (issue 15)
    "handoffs_waiting": "#1565c0",
    "handoffs_overdue": "#c62828",
    "handoffs_declined": "#6a1b9a",
    "handoffs_outcomes": "#2e7d32",
    "handoffs_incoming": "#1565c0",
    "handoffs_incoming_overdue": "#c62828",
}


class MonthChart(QWidget):
    """Bars of contacts per month (13 months): the same month last year, last month and
    this month in colour, the others grey. Clicking a bar opens that month's contacts."""

    month_clicked = Signal(dict)  # the month's filters

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("month_chart")
        self.months: list[dict[str, Any]] = []
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_months(self, months: list[dict[str, Any]]) -> None:
        self.months = months
        self.update()

    def _bars(self) -> list[tuple[QRectF, dict[str, Any]]]:
        if not self.months:
            return []
        top, bottom = 18.0, 22.0
        width = self.width() / len(self.months)
        height = max(1.0, self.height() - top - bottom)
        peak = max(1, max(m["contacts"] for m in self.months))
        bars = []
        for index, month in enumerate(self.months):
            h = height * month["contacts"] / peak
            rect = QRectF(index * width + width * 0.15, top + height - h, width * 0.7, h)
            bars.append((rect, month))
        return bars

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        last = len(self.months) - 1
        for index, (rect, month) in enumerate(self._bars()):
            colour = {last: "#1565c0", last - 1: "#64b5f6", 0: "#ffb300"}.get(index, "#b0bec5")
            painter.fillRect(rect, QColor(colour))
            painter.setPen(QPen(QColor("#263238")))
            painter.drawText(
                QRectF(rect.left() - 10, rect.top() - 17, rect.width() + 20, 16),
                Qt.AlignmentFlag.AlignCenter,
                str(month["contacts"]),
            )
            painter.drawText(
                QRectF(rect.left() - 10, self.height() - 20, rect.width() + 20, 18),
                Qt.AlignmentFlag.AlignCenter,
                f"{month['month'][5:7]}/{month['month'][2:4]}",
            )
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        for rect, month in self._bars():
            if rect.left() <= event.position().x() <= rect.right():
                self.month_clicked.emit(month["filters"])
                return
        super().mousePressEvent(event)


class HomePage(i18n.RetranslatedOnLanguageChange, QWidget):
    """Figures for the signed-in role; `open_list(target, filters)` when one is clicked,
    `open_case(id)` from the caseworker's table."""

    open_list = Signal(str, dict)
    open_case = Signal(str)

    def __init__(self, session: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home_page")
        self.session = session
        self.data: dict[str, Any] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        self.desk_label = QLabel(self)
        self.desk_label.setObjectName("home_desk")
        self.desk_label.setWordWrap(True)
        self.desk_label.setTextFormat(Qt.TextFormat.RichText)
        self.chart_title = QLabel(self)
        self.chart_title.setStyleSheet("font-weight: bold;")
        self.chart = MonthChart(self)
        self.chart.month_clicked.connect(lambda f: self.open_list.emit("contacts", f))
        self.comparison = QLabel(self)
        self.comparison.setObjectName("home_comparison")
        self.cases_title = QLabel(self)
        self.cases_title.setStyleSheet("font-weight: bold;")
        self.cases = QTreeWidget(self)
        self.cases.setObjectName("home_cases")
        self.cases.setRootIsDecorated(False)
        self.cases.setColumnCount(5)
        self.cases.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cases.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.cases.itemActivated.connect(
            lambda item: self.open_case.emit(item.data(0, Qt.ItemDataRole.UserRole))
        )
        self.all_cases = QPushButton(self)  # the table is cut: say so, open them all
        self.all_cases.setObjectName("home_all_cases")
        self.all_cases.clicked.connect(
            lambda: self.open_list.emit("cases", dict(self.data.get("open_cases_filters") or {}))
        )
        self.all_cases.setVisible(False)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addLayout(self.grid)
        layout.addWidget(self.desk_label)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.comparison)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.cases_title)
        layout.addWidget(self.cases, 1)
        layout.addWidget(self.all_cases, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addStretch(0)
        role = session.get("role", "")
        for widget in (self.chart_title, self.chart, self.comparison):
            widget.setVisible(role == "manager")
        for widget in (self.cases_title, self.cases):
            widget.setVisible(role == "caseworker")
        self.desk_label.setVisible(role == "admin")
        self.retranslate_ui()

    # -- loading --------------------------------------------------------------------
    def refresh(self) -> None:
        ops.run_op(self, lambda ws: ws.home(), self._show, self._failed)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)

    def refresh_if_affected(self, changed: frozenset[str]) -> None:
        if self.isVisible() and changed:
            self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))

    def _show(self, data: dict[str, Any]) -> None:
        self.data = data
        self.message.clear()
        for index, figure in enumerate(data.get("figures") or []):
            key = figure["key"]
            button = self.buttons.get(key)
            if button is None:
                button = QPushButton(self)
                button.setObjectName(f"home_{key}")
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setStyleSheet(FIGURE_STYLE.format(colour=COLOURS.get(key, "#1565c0")))
                button.setMinimumHeight(72)
                button.clicked.connect(lambda _=False, k=key: self._clicked(k))
                self.buttons[key] = button
                self.grid.addWidget(button, index // 3, index % 3)
        self._render()

    def _clicked(self, key: str) -> None:
        for figure in self.data.get("figures") or []:
            if figure["key"] == key:
                self.open_list.emit(figure["target"], dict(figure["filters"]))

    def _render(self) -> None:
        labels = self._labels()
        for figure in self.data.get("figures") or []:
            button = self.buttons[figure["key"]]
            button.setText(
                f"{figure['count']:,}".replace(",", ".") + "\n" + labels.get(figure["key"], "")
            )
            button.setToolTip(self.tr("Open the list"))
        months = self.data.get("months") or []
        self.chart.set_months(months)
        if len(months) >= 2:
            this, last, year_ago = months[-1], months[-2], months[0]
            self.comparison.setText(
                self.tr(
                    "Contacts this month: {this} · last month: {last} ·"
                    " the same month last year: {year_ago}"
                ).format(
                    this=this["contacts"], last=last["contacts"], year_ago=year_ago["contacts"]
                )
            )
        self._render_cases(self.data.get("next_cases") or [])
        desk = self.data.get("desk")
        if desk:
            self.desk_label.setText(self._desk_text(desk))

    def _render_cases(self, cases: list[dict[str, Any]]) -> None:
        self.cases.clear()
        for case in cases:
            due = fmt.date_time(case.get("next_due")) or "—"
            if case.get("overdue"):
                due = self.tr("Overdue since {when}").format(when=due)
            item = QTreeWidgetItem(
                [
                    case.get("number", ""),
                    case.get("child_name") or self.tr("(name unknown)"),
                    fmt.label("case_steps", case.get("status")),
                    fmt.label("risk_levels", case.get("risk")),
                    due,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, case["id"])
            if case.get("overdue"):
                item.setForeground(4, QColor("#c62828"))
            self.cases.addTopLevelItem(item)
        for column in (0, 2, 3, 4):
            self.cases.resizeColumnToContents(column)
        total = int(self.data.get("open_cases") or 0)
        self.all_cases.setVisible(total > len(cases))
        self.all_cases.setText(
            self.tr("Showing {shown} of {total} — open the full list").format(
                shown=len(cases), total=total
            )
        )

    def _desk_text(self, desk: dict[str, Any]) -> str:
        chain = (
            self.tr("intact")
            if desk.get("chain_ok")
            else self.tr("{count} problem(s) — run Verify on the Administration page").format(
                count=desk.get("chain_problems", 0)
            )
        )
        rows = [
            (self.tr("Desk code"), desk.get("device_code", "")),
            (
                self.tr("Connected to the central line"),
                self.tr("yes") if desk.get("enrolled") else self.tr("no"),
            ),
            (
                self.tr("Last sync"),
                fmt.date_time(desk.get("last_sync")) or self.tr("never"),
            ),
            (self.tr("Changes to send"), str(desk.get("pending_ops", 0))),
            (
                self.tr("Last backup"),
                fmt.date_time(desk.get("last_backup")) or self.tr("never"),
            ),
            (self.tr("Audit log and records"), chain),
        ]
        colour = "#2e7d32" if desk.get("chain_ok") else "#c62828"
        body = "".join(
            f"<tr><td style='padding-right:16px'>{name}</td><td><b>{value}</b></td></tr>"
            for name, value in rows[:-1]
        )
        body += (
            f"<tr><td style='padding-right:16px'>{rows[-1][0]}</td>"
            f"<td><b style='color:{colour}'>{rows[-1][1]}</b></td></tr>"
        )
        return f"<table>{body}</table>"

    def _labels(self) -> dict[str, str]:
        return {
            "contacts_today": self.tr("my contacts today"),
            "drafts": self.tr("unsaved draft of a contact (open the form)"),
            "follow_up": self.tr("contacts waiting for follow-up (no case yet)"),
            "overdue": self.tr("overdue cases"),
            "due_24h": self.tr("cases with a deadline within 24 hours"),
            "due_3_working_days": self.tr("cases with a deadline within 3 working days"),
            "unassigned": self.tr("open cases nobody is assigned to"),
            "plans_waiting": self.tr("plans waiting for approval"),
            "users": self.tr("active users"),
            "disabled_users": self.tr("disabled users"),
            "handoffs_waiting": self.tr("handoffs not yet accepted by the province"),
            "handoffs_overdue": self.tr("handoffs past their deadline to accept"),
            "handoffs_declined": self.tr("handoffs declined: redirect them"),
            "handoffs_outcomes": self.tr("outcomes received from the provinces"),
            "handoffs_incoming": self.tr("handoffs from the national line to answer"),
            "handoffs_incoming_overdue": self.tr("national handoffs past their deadline"),
        }

    def drop_records(self) -> None:
        self.data = {}
        self.cases.clear()
        self.chart.set_months([])
        self.comparison.clear()
        self.desk_label.clear()
        for button in self.buttons.values():
            button.setText("")

    @Slot()
    def retranslate_ui(self) -> None:
        name = self.session.get("full_name") or self.session.get("username", "")
        self.heading.setText(self.tr("Hello, {name}").format(name=name))
        self.subtitle.setText(
            {
                "intake": self.tr("Your day at the line: click a figure to open its list."),
                "caseworker": self.tr(
                    "Your cases by their next Decree 56 deadline: click a figure or a case."
                ),
                "manager": self.tr("The centre at a glance: click a figure or a month."),
                "admin": self.tr("This desk's users, sync, backup and audit log."),
            }.get(self.session.get("role", ""), "")
        )
        self.chart_title.setText(self.tr("Contacts per month"))
        self.cases_title.setText(self.tr("My open cases, nearest deadline first"))
        self.cases.setHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Child"),
                self.tr("Step"),
                self.tr("Risk"),
                self.tr("Next deadline"),
            ]
        )
        if self.data:
            self._render()
