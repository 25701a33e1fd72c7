"""The audit-log viewer (admin and managers): who did what, when, on which record, with
filters, and whether the log's hash chain and the records are intact (`ws.verify()`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import fmt, i18n, ops
from desktop.ui.messages import error_text

PAGE = 300


class AuditPage(i18n.RetranslatedOnLanguageChange, QWidget):
    """Audit events, newest first; filters by user, action and days; the chain's state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_page")
        self.rows: list[dict[str, Any]] = []
        self.total = 0
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.chain = QLabel(self)
        self.chain.setObjectName("audit_chain")
        self.chain.setWordWrap(True)
        self.verify_button = QPushButton(self)
        self.verify_button.setObjectName("audit_verify")
        self.verify_button.clicked.connect(self.verify)
        self.user = QComboBox(self)
        self.user.setObjectName("audit_user")
        self.user.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.action = QComboBox(self)
        self.action.setObjectName("audit_action")
        self.use_dates = QCheckBox(self)
        self.date_from = QDateEdit(QDate.currentDate().addDays(-30), self)
        self.date_to = QDateEdit(QDate.currentDate(), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.dateChanged.connect(self.reload)
        self.use_dates.toggled.connect(self.reload)
        self.user.activated.connect(self.reload)
        self.action.activated.connect(self.reload)
        self.count = QLabel(self)
        self.more_button = QPushButton(self)
        self.more_button.clicked.connect(self.load_more)
        self.table = QTreeWidget(self)
        self.table.setObjectName("audit_table")
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(6)
        self.table.header().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.labels = [QLabel(self) for _ in range(4)]
        top = QHBoxLayout()
        top.addWidget(self.chain, 1)
        top.addWidget(self.verify_button)
        filters = QHBoxLayout()
        for label, widget in zip(
            self.labels, (self.user, self.action, self.date_from, self.date_to), strict=True
        ):
            if widget is self.date_from:
                filters.addWidget(self.use_dates)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        filters.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    # -- loading --------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.rows:
            ops.run_op(self, lambda ws: ws.audit_users(), self._fill_users, self._failed)
            self.reload()
            self.verify()
        super().showEvent(event)

    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.user.currentData():
            out["username"] = self.user.currentData()
        if self.action.currentData():
            out["action"] = self.action.currentData()
        if self.use_dates.isChecked():
            out["date_from"] = self.date_from.date().toString("yyyy-MM-dd")
            out["date_to"] = self.date_to.date().toString("yyyy-MM-dd")
        return out

    @Slot()
    def reload(self) -> None:
        self.rows = []
        self.table.clear()
        self._fetch(0)

    @Slot()
    def load_more(self) -> None:
        self._fetch(len(self.rows))

    def _fetch(self, offset: int) -> None:
        filters = self.filters()
        ops.run_op(
            self, lambda ws: ws.audit_log(filters, offset, PAGE), self._show_page, self._failed
        )

    def _show_page(self, page: Any) -> None:
        if page.total is not None:
            self.total = page.total
        for row in page.rows:
            self.rows.append(row)
            self.table.addTopLevelItem(self._item(row))
        for column in range(5):
            self.table.resizeColumnToContents(column)
        self.count.setText(
            self.tr("{shown} of {total}").format(shown=len(self.rows), total=self.total)
        )
        self.more_button.setEnabled(len(self.rows) < self.total)

    def _item(self, row: dict[str, Any]) -> QTreeWidgetItem:
        detail = "; ".join(
            f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in sorted((row.get("detail") or {}).items())
        )
        record = row.get("number") or (row.get("record_id") or "")[:13]
        item = QTreeWidgetItem(
            [
                fmt.date_time(row.get("at")),
                row.get("username", ""),
                self._action_label(row.get("action", "")),
                self._entity_label(row.get("entity", "")),
                record,
                detail,
            ]
        )
        item.setToolTip(5, detail)
        if row.get("action") == "failed_login":
            item.setForeground(2, Qt.GlobalColor.darkRed)
        return item

    def _fill_users(self, names: list[str]) -> None:
        current = self.user.currentData()
        self.user.clear()
        self.user.addItem(self.tr("Everyone"), "")
        for name in names:
            self.user.addItem(name, name)
        self.user.setCurrentIndex(max(0, self.user.findData(current)))

    def _failed(self, error: BaseException) -> None:
        self.count.setText(error_text(error))

    @Slot()
    def verify(self) -> None:
        self.chain.setText(self.tr("Checking the audit log and the records…"))
        ops.run_op(self, lambda ws: ws.verify(), self._verified, self._failed)

    def _verified(self, result: dict[str, Any]) -> None:
        if result.get("ok"):
            self.chain.setText("✔ " + self.tr("The audit log's chain and the records are intact."))
            self.chain.setStyleSheet("color: #2e7d32; font-weight: bold;")
            return
        problems = result.get("problems") or []
        self.chain.setText(
            "✘ "
            + self.tr(
                "The audit log or the records are damaged ({count} problems): {first}"
            ).format(
                count=len(problems), first=problems[0] if problems else result.get("integrity")
            )
        )
        self.chain.setStyleSheet("color: #c62828; font-weight: bold;")

    # -- labels ---------------------------------------------------------------------
    def _action_label(self, action: str) -> str:
        return self._actions().get(action, action)

    def _actions(self) -> dict[str, str]:
        return {
            "view": self.tr("Viewed"),
            "print": self.tr("Printed"),
            "export": self.tr("Exported"),
            "edit": self.tr("Changed"),
            "assign": self.tr("Assigned"),
            "create": self.tr("Created"),
            "login": self.tr("Signed in"),
            "failed_login": self.tr("Wrong password"),
            "sync": self.tr("Synced"),
            "user_change": self.tr("User changed"),
            "backup": self.tr("Backed up"),
            "restore": self.tr("Restored"),
        }

    def _entity_label(self, entity: str) -> str:
        return {
            "contact": self.tr("Contact"),
            "case": self.tr("Case"),
            "child": self.tr("Child"),
            "case_entry": self.tr("Timeline entry"),
            "referral": self.tr("Referral"),
            "conflict": self.tr("Sync conflict"),
        }.get(entity, entity)

    def drop_records(self) -> None:
        self.rows = []
        self.table.clear()
        self.count.clear()

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Audit log"))
        self.verify_button.setText(self.tr("Check again"))
        self.more_button.setText(self.tr("Load more"))
        self.use_dates.setText(self.tr("Only between"))
        for label, text in zip(
            self.labels,
            (self.tr("User"), self.tr("Action"), self.tr("from"), self.tr("to")),
            strict=True,
        ):
            label.setText(text)
        current = self.action.currentData()
        self.action.clear()
        self.action.addItem(self.tr("Any"), "")
        for code, label in self._actions().items():
            self.action.addItem(label, code)
        self.action.setCurrentIndex(max(0, self.action.findData(current)))
        if self.user.count():
            self.user.setItemText(0, self.tr("Everyone"))
        self.table.setHeaderLabels(
            [
                self.tr("When"),
                self.tr("User"),
                self.tr("Action"),
                self.tr("Record"),
                self.tr("Number"),
                self.tr("Details"),
            ]
        )
        self.table.clear()
        for row in self.rows:
            self.table.addTopLevelItem(self._item(row))
