"""The contacts, cases and children lists: one folded search box, filters, paged tables."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import fmt, i18n
from desktop.ui.models import (
    CASE_COLUMNS,
    CASE_KEEP,
    CHILD_COLUMNS,
    CHILD_KEEP,
    CONTACT_COLUMNS,
    CONTACT_KEEP,
    ID_ROLE,
    ROW_ROLE,
    PagedTableModel,
)
from desktop.ui.widgets import CodeCombo, FoldedPicker

CONTACTS, CASES, CHILDREN = "contacts", "cases", "children"


def _fetch(kind: str):
    def fetch(ws: Any, filters: dict[str, Any], after: str | None, limit: int) -> Any:
        method = {CONTACTS: ws.list_contacts, CASES: ws.list_cases, CHILDREN: ws.list_children}
        filters = dict(filters)
        sort = filters.pop("sort", None)
        page = method[kind](filters, limit=limit, after=after, sort=sort)
        _with_full_names(ws, page.rows)
        return page

    return fetch


def _with_full_names(ws: Any, rows: list[dict[str, Any]]) -> None:
    """People by their full names, not usernames, in the worker columns (and exports)."""
    if not rows or not any(r.get("worker") or r.get("assigned_to") for r in rows):
        return
    names = {u.username: u.full_name or u.username for u in ws.list_users()}
    for row in rows:
        for key in ("worker", "assigned_to"):
            if row.get(key):
                row[key] = names.get(row[key], row[key])


PERIODS = ("all", "today", "7d", "30d", "this_month", "last_month", "range")
# The order each list opens in: (the column's sort name, newest/first first).
DEFAULT_SORT = {CONTACTS: ("received_at", True), CASES: ("received_at", True)}
DEFAULT_SORT[CHILDREN] = ("full_name", False)


def period_range(period: str, today: date | None = None) -> tuple[str | None, str | None]:
    """(from, to) ISO dates, both included, for a period choice."""
    today = today or fmt.now_local().date()
    if period == "today":
        return today.isoformat(), today.isoformat()
    if period in ("7d", "30d"):
        days = 7 if period == "7d" else 30
        return (today - timedelta(days=days - 1)).isoformat(), today.isoformat()
    first = today.replace(day=1)
    if period == "this_month":
        return first.isoformat(), today.isoformat()
    if period == "last_month":
        previous = (first - timedelta(days=1)).replace(day=1)
        return previous.isoformat(), (first - timedelta(days=1)).isoformat()
    return None, None


class ListPage(i18n.RetranslatedOnLanguageChange, QWidget):
    """A searchable, filterable list of one kind of record."""

    open_record = Signal(str, str)  # kind, id

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"{kind}_page")
        columns = {CONTACTS: CONTACT_COLUMNS, CASES: CASE_COLUMNS, CHILDREN: CHILD_COLUMNS}[kind]
        keep = {CONTACTS: CONTACT_KEEP, CASES: CASE_KEEP, CHILDREN: CHILD_KEEP}[kind]
        self.model = PagedTableModel(columns, _fetch(kind), keep=keep)
        self.model.loaded.connect(self._show_count)
        self.model.loaded.connect(self._fit_columns)
        self.model.rowsInserted.connect(lambda *_: self._show_count(self.model.total))

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda: self._debounce.start())
        self.search.returnPressed.connect(self.apply_filters)

        self.period = CodeCombo(self)
        self.range_from = self._date_edit("range_from")
        self.range_to = self._date_edit("range_to")
        self.channel = CodeCombo(self)
        self.category = FoldedPicker(self)
        self.risk = CodeCombo(self)
        self.step = CodeCombo(self)
        self.worker = QLineEdit(self)
        self.worker.setMaximumWidth(140)
        self.overdue = QCheckBox(self)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("export_list")
        self.export_button.clicked.connect(self.export)
        self.count = QLabel(self)
        # Filters set from elsewhere (a home page figure) that no widget here shows.
        self.preset: dict[str, Any] = {}
        self.preset_label = QLabel(self)
        self.preset_label.setObjectName("preset_filter")
        self.preset_label.setStyleSheet(
            "background: #e3f2fd; border: 1px solid #64b5f6; padding: 2px 6px;"
        )
        self.preset_label.hide()
        for combo in (self.period, self.channel, self.risk, self.step):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.category.picked.connect(self.apply_filters)
        self.category.edit.textChanged.connect(
            lambda text: self.apply_filters() if not text else None
        )
        self.worker.editingFinished.connect(self.apply_filters)
        self.overdue.toggled.connect(self.apply_filters)

        self.table = QTableView(self)
        self.table.setObjectName(f"{kind}_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        self._show_default_sort()
        header.sortIndicatorChanged.connect(self._sort_changed)

        self.search_label = QLabel(self)
        self.filter_labels: dict[str, QLabel] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.search_label)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        bar.addWidget(self.export_button)
        filters = QHBoxLayout()
        shown = self._filters_for(kind)
        for name, widget in shown:
            label = QLabel(self)
            self.filter_labels[name] = label
            filters.addWidget(label)
            filters.addWidget(widget)
            if name == "period":
                filters.addWidget(self.range_from)
                filters.addWidget(self.range_to)
        for name, widget in (
            ("period", self.period),
            ("channel", self.channel),
            ("category", self.category),
            ("risk", self.risk),
            ("step", self.step),
            ("worker", self.worker),
            ("overdue", self.overdue),
        ):
            widget.setVisible(name in dict(shown))
        filters.addWidget(self.clear_button)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.preset_label)  # its own row: it never widens the window
        self.preset_label.setWordWrap(True)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    def _filters_for(self, kind: str) -> list[tuple[str, QWidget]]:
        if kind == CONTACTS:
            return [
                ("period", self.period),
                ("channel", self.channel),
                ("category", self.category),
                ("risk", self.risk),
                ("worker", self.worker),
            ]
        if kind == CASES:
            return [
                ("period", self.period),
                ("step", self.step),
                ("risk", self.risk),
                ("worker", self.worker),
                ("overdue", self.overdue),
            ]
        return []

    def _date_edit(self, name: str) -> QDateEdit:
        """A day picker of the date-range filter (shown when the period is "range")."""
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setDate(QDate.currentDate())
        edit.setVisible(False)
        edit.dateChanged.connect(self.apply_filters)
        return edit

    # -- order ----------------------------------------------------------------------
    def _show_default_sort(self) -> None:
        name, descending = DEFAULT_SORT[self.kind]
        column = next(i for i, c in enumerate(self.model.columns) if c.sort == name)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    @Slot(int, Qt.SortOrder)
    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        """A click on a column header: sort by it when the list can (along an index);
        other columns keep the current order and its arrow."""
        if self.model.columns[column].sort is None:
            current = self.model.sort_column()
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            if current >= 0:
                header.setSortIndicator(current, header.sortIndicatorOrder())
            else:
                self._show_default_sort()
            header.blockSignals(False)
            return
        self.model.sort(column, order)

    # -- filters --------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.preset)
        text = self.search.text().strip()
        if text:
            out["text"] = text
        if self.kind == CHILDREN:
            return out
        period = self.period.value() or "all"
        if period == "range":
            start = self.range_from.date().toString("yyyy-MM-dd")
            end = self.range_to.date().toString("yyyy-MM-dd")
            start, end = min(start, end), max(start, end)
        else:
            start, end = period_range(period)
        if start:
            out["period_from"], out["period_to"] = start, end
        for key, combo in (("channel", self.channel), ("risk", self.risk), ("step", self.step)):
            if combo.isVisibleTo(self) and combo.value():
                out[key] = combo.value()
        if self.kind == CONTACTS and self.category.value():
            out["category"] = self.category.value()
        worker = self.worker.text().strip()
        if worker:
            out["worker" if self.kind == CONTACTS else "assigned_to"] = worker
        if self.kind == CASES and self.overdue.isChecked():
            out["overdue"] = True
        return out

    @Slot()
    def apply_filters(self) -> None:
        self._debounce.stop()
        ranged = self.period.isVisibleTo(self) and self.period.value() == "range"
        self.range_from.setVisible(ranged)
        self.range_to.setVisible(ranged)
        filters = self.filters()
        # Search hits come best first (whole words, prefixes, the rest): no column arrow.
        self.table.horizontalHeader().setSortIndicatorShown("text" not in filters)
        self.model.reload(filters)

    # -- export (managers) -----------------------------------------------------------
    def allow_export(self, refusal: str) -> None:
        """Only those who may export (report.export) get the button working; others see why."""
        self.export_button.setEnabled(not refusal)
        self.export_button.setToolTip(refusal)

    @Slot()
    def export(self) -> None:
        from desktop.ui.list_export import export_page

        export_page(self)

    def export_message(self, text: str, busy: bool = False) -> None:
        self.export_button.setEnabled(not busy)
        self.count.setText(text)

    def exported(self, result: tuple[Any, int]) -> None:
        path, rows = result
        self.export_button.setEnabled(True)
        # The file's name only (a long folder would widen the window past the screen).
        self.count.setText(
            self.tr("{rows} rows exported to {path}").format(rows=rows, path=Path(path).name)
        )
        self.count.setToolTip(str(path))

    def export_failed(self, error: BaseException) -> None:
        from desktop.ui.messages import error_text

        self.export_button.setEnabled(True)
        self.count.setText(error_text(error))

    def show_preset(self, filters: dict[str, Any]) -> None:
        """Show exactly the records a home page figure counted (`filters` as the service
        takes them); "Clear filters" drops them."""
        self.clear_filters(reload=False)
        self.preset = dict(filters)
        self.preset_label.setVisible(bool(self.preset))
        self._stale = False
        self._show_preset_text()
        self.apply_filters()

    def _show_preset_text(self) -> None:
        parts = []
        preset = self.preset
        if preset.get("period_from"):
            parts.append(
                self.tr("from {start} to {end}").format(
                    start=fmt.date(preset["period_from"]), end=fmt.date(preset.get("period_to"))
                )
            )
        names = {
            "overdue": self.tr("overdue"),
            "unassigned": self.tr("nobody assigned"),
            "follow_up": self.tr("waiting for follow-up"),
            "open_only": self.tr("open"),
        }
        parts += [name for key, name in names.items() if preset.get(key)]
        if preset.get("due_by"):
            parts.append(
                self.tr("deadline before {when}").format(when=fmt.date_time(preset["due_by"]))
            )
        if preset.get("step"):
            parts.append(fmt.label("case_steps", preset["step"]))
        who = preset.get("assigned_to") or preset.get("worker")
        if who:
            parts.append(self.tr("worker {name}").format(name=who))
        self.preset_label.setText(
            self.tr("From the home page: {what}").format(what=", ".join(parts))
        )

    @Slot()
    def clear_filters(self, reload: bool = True) -> None:
        self.preset = {}
        self.preset_label.hide()
        for widget in (self.period, self.channel, self.risk, self.step):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        self.category.clear()
        self.worker.clear()
        self.overdue.blockSignals(True)
        self.overdue.setChecked(False)
        self.overdue.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        if reload:
            self.apply_filters()

    def refresh_if_affected(self, changed: frozenset[str]) -> None:
        watched = {
            CONTACTS: {"contact", "child", "case"},
            CASES: {"case", "case_entry", "child"},
            CHILDREN: {"child"},
        }[self.kind]
        if changed & watched and self.isVisible():
            self.model.reload()
        elif changed & watched:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if getattr(self, "_stale", True):
            self._stale = False
            self.model.reload(self.filters())
        super().showEvent(event)

    def drop_records(self) -> None:
        self.model.clear()
        self.search.clear()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        record_id = index.data(ID_ROLE)
        if record_id:
            self.open_record.emit(self.kind, str(record_id))

    def selected_row(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    @Slot(int)
    def _fit_columns(self, _total: int) -> None:
        """Size the columns to the first page once; later pages keep the widths."""
        if getattr(self, "_fitted", False) or not self.model.rows:
            return
        self._fitted = True
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), 320))

    @Slot(int)
    def _show_count(self, total: int) -> None:
        self.count.setText(
            self.tr("{shown} of {total}").format(
                shown=f"{len(self.model.rows):,}".replace(",", "."),
                total=f"{total:,}".replace(",", "."),
            )
        )

    # -- language -------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.heading.setText(
            {CONTACTS: self.tr("Contacts"), CASES: self.tr("Cases"), CHILDREN: self.tr("Children")}[
                self.kind
            ]
        )
        self.search_label.setText(self.tr("Search"))
        self.search.setPlaceholderText(self.tr("Name, phone or number — accents optional"))
        labels = {
            "period": self.tr("Period"),
            "channel": self.tr("Channel"),
            "category": self.tr("Category"),
            "risk": self.tr("Risk"),
            "step": self.tr("Step"),
            "worker": self.tr("Worker"),
            "overdue": "",
        }
        for name, label in self.filter_labels.items():
            label.setText(labels[name])
        self.overdue.setText(self.tr("Overdue only"))
        self.clear_button.setText(self.tr("Clear filters"))
        self.export_button.setText(self.tr("Export…"))
        everything = self.tr("All")
        self.period.set_items(
            [
                ("all", everything),
                ("today", self.tr("Today")),
                ("7d", self.tr("Last 7 days")),
                ("30d", self.tr("Last 30 days")),
                ("this_month", self.tr("This month")),
                ("last_month", self.tr("Last month")),
                ("range", self.tr("From … to …")),
            ]
        )
        self.range_from.setToolTip(self.tr("From this day"))
        self.range_to.setToolTip(self.tr("To this day (included)"))
        for combo, kind in (
            (self.channel, "channels"),
            (self.risk, "risk_levels"),
            (self.step, "case_steps"),
        ):
            combo.blockSignals(True)
            combo.set_items([("", everything), *fmt.items(kind)])
            combo.blockSignals(False)
        self.category.set_items(fmt.category_items())
        self.category.relabel()
        self.category.edit.setPlaceholderText(self.tr("Any"))
        self.model.retranslate()
        self._show_count(self.model.total)
        if self.preset:
            self._show_preset_text()
