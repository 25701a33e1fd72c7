"""The main window: navigation, the pages, the sync status bar and the lock button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import i18n
from desktop.ui.lists import CASES, CHILDREN, CONTACTS, ListPage

HOME, INTAKE, REPORTS, ADMIN, CASE_VIEW = "home", "intake", "reports", "admin", "case"
AUDIT = "audit"
HANDOFFS = "handoffs"  # issue 15: national handoffs, on every desk's working roles
NATIONAL_FIGURES = "national"  # issue 15: the country's figures, national managers


class MainWindow(i18n.RetranslatedOnLanguageChange, QMainWindow):
    """Everything an unlocked user works with. `drop_records()` empties every page."""

    lock_requested = Signal()

    def __init__(self, app: Any, session: dict[str, Any]) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.app = app
        self.session = session
        self.role = session.get("role", "")
        self.pages: dict[str, QWidget] = {}
        self.stack = QStackedWidget(self)
        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(190)
        self.nav.setStyleSheet(
            "QListWidget { background: #263238; color: #eceff1; font-size: 11pt; border: none; }"
            "QListWidget::item { padding: 10px 12px; }"
            "QListWidget::item:selected { background: #1565c0; color: white; }"
        )
        self._build_pages()
        self.nav.currentRowChanged.connect(self._nav_changed)

        # The login window shows the whole demo banner (with the demo logins); here, its headline.
        self.banner = QLabel((app.demo_banner or "").split("\n", 1)[0], self)
        self.banner.setVisible(bool(app.demo_banner))
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fff3cd; padding: 6px; border-bottom: 1px solid #ffb300;"
        )
        self.who = QLabel(self)
        self.who.setObjectName("who")
        self.language = QComboBox(self)
        self.language.setObjectName("language_switch")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if i18n.current() == "vi" else 1)
        self.language.currentIndexChanged.connect(
            lambda: self.set_language(str(self.language.currentData()))
        )
        self.lock_button = QPushButton(self)
        self.lock_button.setObjectName("lock")
        self.lock_button.clicked.connect(self.lock_requested)
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.lock_requested)

        top = QHBoxLayout()
        top.setContentsMargins(8, 4, 8, 4)
        top.addWidget(self.who, 1)
        top.addWidget(self.language)
        top.addWidget(self.lock_button)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(top)
        right.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addLayout(right, 1)
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.banner)
        outer.addLayout(body, 1)
        central = QWidget(self)
        central.setLayout(outer)
        self.setCentralWidget(central)
        self._build_status_bar()
        app.db.operation_did_execute.connect(self._data_changed)
        self.retranslate_ui()
        self.nav.setCurrentRow(0)

    # -- pages ----------------------------------------------------------------------
    def _build_pages(self) -> None:
        from desktop.ui.case.view import CaseView
        from desktop.ui.home import HomePage

        role = self.role
        order: list[str] = []
        self.home = HomePage(self.session, self)
        self.home.open_list.connect(self.open_list)
        self.home.open_case.connect(self.open_case)
        self._add(HOME, self.home, order)
        if role in ("intake", "caseworker", "manager"):
            from desktop.ui.intake.page import IntakeForm

            self.intake = IntakeForm(self.session, self)
            self.intake.case_opened.connect(self.open_case)
            self._add(INTAKE, self.intake, order)
            from desktop.ui.contact_view import refusal

            for kind in (CONTACTS, CASES, CHILDREN):
                page = ListPage(kind, self)
                page.open_record.connect(self.open_record)
                page.allow_export(refusal(self, "report.export"))
                self._add(kind, page, order)
            from desktop.ui.handoffs import HandoffsPage

            handoffs = HandoffsPage(self.session, self)
            handoffs.open_case.connect(self.open_case)
            self._add(HANDOFFS, handoffs, order)
        if role == "manager":
            from desktop.ui.reports_page import ReportsPage

            self._add(REPORTS, ReportsPage(self), order)
            if self.session.get("province_code") == "00":  # the national line (issue 15)
                from desktop.ui.handoffs import NationalFiguresPage

                self._add(NATIONAL_FIGURES, NationalFiguresPage(self), order)
        if role == "admin":
            from desktop.ui.admin import AdminPage

            admin = AdminPage(self.session, self.app.data_dir, self)
            admin.language_chosen.connect(self.set_language)
            admin.auto_lock_changed.connect(self.app.set_auto_lock)
            admin.sync_interval_changed.connect(self._interval_changed)
            admin.enrol_requested.connect(self.open_enrolment)
            admin.desk_replaced.connect(self._desk_replaced)
            self._add(ADMIN, admin, order)
            admin.refresh()
        if role in ("manager", "admin"):  # those who answer for the log (audit.read)
            from desktop.ui.audit_page import AuditPage

            self._add(AUDIT, AuditPage(self), order)
        self.case_view = CaseView(self.session, self)
        self.case_view.closed.connect(lambda: self.show_page(CASES))
        self.pages[CASE_VIEW] = self.case_view
        self.stack.addWidget(self.case_view)
        self.nav_order = order
        for _ in order:
            self.nav.addItem(QListWidgetItem())

    def _add(self, name: str, page: QWidget, order: list[str]) -> None:
        self.pages[name] = page
        self.stack.addWidget(page)
        order.append(name)

    def _build_status_bar(self) -> None:
        from desktop.ui.status import SyncController, SyncStatusBar

        self.sync = SyncController(self.app.db, self.app.net, int(self.session["sync_interval_s"]))
        self.sync.desk_wiped.connect(self.app.desk_was_wiped)
        self.sync_bar = SyncStatusBar(self.sync, self)
        self.statusBar().addPermanentWidget(self.sync_bar, 1)
        # Long work on the DB worker (backup, restore, reports, exports): a busy bar once an
        # op has run 0.4 s, so a slow step never looks like a frozen window.
        self.busy = QProgressBar(self)
        self.busy.setObjectName("busy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.statusBar().addWidget(self.busy)
        self._busy_poll = QTimer(self)
        self._busy_poll.setInterval(150)
        self._busy_poll.timeout.connect(self._show_busy)
        self._busy_poll.start()
        self.sync.start()

    @Slot()
    def _show_busy(self) -> None:
        """Shown while the op running on the DB worker has taken over 0.4 s."""
        self.busy.setVisible(self.app.db.running_for() > 0.4)

    def page(self, name: str) -> Any:
        return self.pages[name]

    def show_page(self, name: str) -> None:
        if name in self.nav_order:
            self.nav.setCurrentRow(self.nav_order.index(name))
        else:
            self.stack.setCurrentWidget(self.pages[name])

    @Slot(int)
    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(self.nav_order):
            self.stack.setCurrentWidget(self.pages[self.nav_order[row]])

    @Slot(str, str)
    def open_record(self, kind: str, record_id: str) -> None:
        if kind == CASES:
            self.open_case(record_id)
        elif kind == CONTACTS:
            from desktop.ui.contact_view import ContactDialog

            ContactDialog(record_id, self).open()
        elif kind == CHILDREN:  # the child's page: every contact and case of theirs
            from desktop.ui.contact_view import ChildDialog

            ChildDialog(record_id, self).open()

    @Slot(str, dict)
    def open_list(self, target: str, filters: dict[str, Any]) -> None:
        """A home page figure was clicked: show the records it counted."""
        if target in (CONTACTS, CASES, CHILDREN) and target in self.pages:
            self.show_page(target)
            self.pages[target].show_preset(filters)
        elif target == HANDOFFS and HANDOFFS in self.pages:
            self.show_page(HANDOFFS)
            self.pages[HANDOFFS].show_preset(filters)
        elif target == "drafts" and INTAKE in self.pages:
            self.show_page(INTAKE)
        elif target in self.pages:
            self.show_page(target)

    @Slot(str)
    def open_case(self, case_id: str) -> None:
        self.case_view.show_case(case_id)
        self.stack.setCurrentWidget(self.case_view)
        self.nav.blockSignals(True)
        if CASES in self.nav_order:
            self.nav.setCurrentRow(self.nav_order.index(CASES))
        self.nav.blockSignals(False)

    @Slot(object)
    def _data_changed(self, changed: frozenset[str]) -> None:
        for name in (HOME, CONTACTS, CASES, CHILDREN, HANDOFFS):
            if name in self.pages:
                self.pages[name].refresh_if_affected(changed)
        if self.stack.currentWidget() is self.case_view:
            self.case_view.refresh_if_affected(changed)
        self.sync.refresh_pending()

    @Slot()
    def open_enrolment(self) -> None:
        self.sync_bar.open_enrolment()

    @Slot(str)
    def _desk_replaced(self, message: str) -> None:
        """A backup replaced this desk's data (the restore locked the workspace): everyone
        signs in again, against the restored users."""
        username = self.session.get("username", "")
        self.app.lock()
        self.app.show_login(username, message)

    @Slot(int)
    def _interval_changed(self, interval_s: int) -> None:
        self.session["sync_interval_s"] = interval_s
        self.sync.stop()
        self.sync.interval_s = interval_s
        self.sync.start()

    # -- language and locking -------------------------------------------------------
    @Slot(str)
    def set_language(self, code: str) -> None:
        i18n.language().set(code)
        self.language.blockSignals(True)
        self.language.setCurrentIndex(0 if i18n.current() == "vi" else 1)
        self.language.blockSignals(False)

    def drop_records(self, keep_draft: bool = True) -> None:
        """Before locking: keep the draft, then clear everything decrypted from the screen.
        After a wipe there is no store to keep a draft in (`keep_draft=False`)."""
        self.sync.stop()
        if keep_draft and INTAKE in self.pages:
            self.intake.keep_draft()
        for page in self.pages.values():
            drop = getattr(page, "drop_records", None)
            if drop is not None:
                drop()
        for dialog in self.findChildren(QWidget):
            if dialog.isWindow() and dialog is not self:
                getattr(dialog, "discard", dialog.close)()  # no question while locking

    def retranslate_ui(self) -> None:
        titles = {
            HOME: self.tr("Home"),
            INTAKE: self.tr("New contact"),
            CONTACTS: self.tr("Contacts"),
            CASES: self.tr("Cases"),
            CHILDREN: self.tr("Children"),
            HANDOFFS: self.tr("Handoffs"),
            NATIONAL_FIGURES: self.tr("National figures"),
            REPORTS: self.tr("Reports"),
            ADMIN: self.tr("Administration"),
            AUDIT: self.tr("Audit log"),
        }
        for row, name in enumerate(self.nav_order):
            self.nav.item(row).setText(titles[name])
        self.setWindowTitle(
            self.tr("Caseline — {centre}").format(centre=self.session.get("centre", ""))
        )
        from desktop.ui import fmt

        self.who.setText(
            self.tr("{name} ({role}) · {centre}").format(
                name=self.session.get("full_name") or self.session.get("username", ""),
                role=fmt.label("roles", self.role),
                centre=self.session.get("centre", ""),
            )
        )
        self.lock_button.setText(self.tr("Lock (Ctrl+L)"))
