"""Administration: users, device enrolment, settings, backup and restore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.settings import AUTO_LOCK_MINUTES, SYNC_INTERVAL_S
from desktop.services import Preferences
from desktop.ui import file_dialogs, fmt, i18n, ops
from desktop.ui.messages import error_text
from desktop.ui.widgets import CodeCombo

PACKET_FILTER = "Caseline (*.clpkt)"
DISABLED_ROLE = Qt.ItemDataRole.UserRole + 1  # a user row: is the account disabled


class UserDialog(QDialog):
    """A new user: user name, full name, role, first password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_dialog")
        self.username = QLineEdit(self)
        self.username.setObjectName("new_username")
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("new_full_name")
        self.role = CodeCombo(self)
        self.role.setObjectName("new_role")
        self.role.set_items(fmt.items("roles"))
        self.password = QLineEdit(self)
        self.password.setObjectName("new_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("First password"), self.password)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Add user"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setWindowTitle(self.tr("Add a user"))


def secret_dialog(parent: QWidget, title: str, label: str) -> QInputDialog:
    """A password-style prompt with translated buttons (not shown yet)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText(QCoreApplication.translate("AdminPage", "OK"))
    dialog.setCancelButtonText(QCoreApplication.translate("AdminPage", "Cancel"))
    return dialog


def ask_secret(parent: QWidget, title: str, label: str) -> str | None:
    """A password-style prompt with translated buttons; None when cancelled."""
    dialog = secret_dialog(parent, title, label)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


class RestoreDialog(QDialog):
    """Restore over this desk: the backup file, its passphrase, and what it will do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.path = QLineEdit(self)
        self.path.setObjectName("restore_path")
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self.browse)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("restore_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.warning = QLabel(self)
        self.warning.setObjectName("restore_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c62828;")
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse_button)
        form = QFormLayout(self)
        self.labels = [QLabel(self), QLabel(self)]
        form.addRow(self.labels[0], file_row)
        form.addRow(self.labels[1], self.passphrase)
        form.addRow(self.warning)
        self.buttons = QDialogButtonBox(self)
        self.replace_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.path.textChanged.connect(self._allow)
        self.passphrase.textChanged.connect(self._allow)
        form.addRow(self.buttons)
        self.retranslate_ui()
        self._allow()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.labels[0].setText(self.tr("Backup file"))
        self.labels[1].setText(self.tr("Backup passphrase"))
        self.browse_button.setText(self.tr("Choose…"))
        self.warning.setText(
            self.tr(
                "All of this desk's current data will be replaced by the backup's: records "
                "saved after the backup was made will no longer be shown. The current files "
                "are kept aside, still encrypted, in a “before-restore” folder. Everyone is "
                "signed out; sign in again with the passwords the backup had."
            )
        )
        self.replace_button.setText(self.tr("Replace this desk's data"))
        self.cancel_button.setText(self.tr("Cancel"))

    @Slot()
    def browse(self) -> None:
        path = file_dialogs.open_file(
            self,
            self.tr("Choose the backup"),
            self.tr("Caseline backups (*.clbak);;All files (*)"),
        )
        if path:
            self.path.setText(path)

    @Slot()
    def _allow(self) -> None:
        self.replace_button.setEnabled(
            bool(self.path.text().strip()) and bool(self.passphrase.text())
        )


class AdminPage(i18n.RetranslatedOnLanguageChange, QWidget):
    """What the centre's administrator manages."""

    language_chosen = Signal(str)
    auto_lock_changed = Signal(float)
    sync_interval_changed = Signal(int)
    enrol_requested = Signal()
    desk_replaced = Signal(str)  # a backup was restored: lock, then show this at the login

    def __init__(
        self, session: dict[str, Any], data_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("admin_page")
        self.session = session
        self.data_dir = Path(data_dir)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.message = QLabel(self)
        self.message.setObjectName("admin_message")
        self.message.setWordWrap(True)

        self.users_group = QGroupBox(self)
        self.users = QTreeWidget(self)
        self.users.setObjectName("users")
        self.users.setColumnCount(4)
        self.users.setRootIsDecorated(False)
        self.add_user_button = QPushButton(self)
        self.add_user_button.setObjectName("add_user")
        self.role_combo = CodeCombo(self)
        self.set_role_button = QPushButton(self)
        self.reset_button = QPushButton(self)
        self.disable_button = QPushButton(self)
        self.disable_button.setObjectName("disable_user")
        self.enable_button = QPushButton(self)
        self.enable_button.setObjectName("enable_user")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("remove_user")
        users_buttons = QHBoxLayout()
        for widget in (
            self.add_user_button,
            self.role_combo,
            self.set_role_button,
            self.reset_button,
        ):
            users_buttons.addWidget(widget)
        users_buttons.addStretch(1)
        state_buttons = QHBoxLayout()
        for widget in (self.disable_button, self.enable_button, self.remove_button):
            state_buttons.addWidget(widget)
        state_buttons.addStretch(1)
        users_layout = QVBoxLayout(self.users_group)
        users_layout.addWidget(self.users)
        users_layout.addLayout(users_buttons)
        users_layout.addLayout(state_buttons)
        self.users.currentItemChanged.connect(self._update_user_buttons)
        self.add_user_button.clicked.connect(self.add_user)
        self.set_role_button.clicked.connect(self.set_role)
        self.reset_button.clicked.connect(self.reset_password)
        self.disable_button.clicked.connect(self.disable_user)
        self.enable_button.clicked.connect(self.enable_user)
        self.remove_button.clicked.connect(self.remove_user)

        self.device_group = QGroupBox(self)
        self.device_text = QLabel(self)
        self.device_text.setWordWrap(True)
        self.enrol_button = QPushButton(self)
        self.enrol_button.clicked.connect(self.enrol_requested)
        device_layout = QHBoxLayout(self.device_group)
        device_layout.addWidget(self.device_text, 1)
        device_layout.addWidget(self.enrol_button)

        self.settings_group = QGroupBox(self)
        self.auto_lock = QDoubleSpinBox(self)
        self.auto_lock.setObjectName("auto_lock_minutes")
        self.auto_lock.setRange(AUTO_LOCK_MINUTES.minimum, AUTO_LOCK_MINUTES.maximum)
        self.auto_lock.setDecimals(0)
        self.auto_lock.setValue(float(session["auto_lock_minutes"]))
        self.sync_minutes = QSpinBox(self)
        self.sync_minutes.setObjectName("sync_minutes")
        self.sync_minutes.setRange(
            int(SYNC_INTERVAL_S.minimum // 60), int(SYNC_INTERVAL_S.maximum // 60)
        )
        self.sync_minutes.setValue(max(1, int(session["sync_interval_s"]) // 60))
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if i18n.current() == "vi" else 1)
        self.attachment_download = QComboBox(self)  # issue 16: `attachments.download`
        self.attachment_download.setObjectName("attachment_download")
        self.attachment_download.addItems(["", ""])  # texts in retranslate_ui
        self.attachment_download.setCurrentIndex(
            1 if session.get("attachment_download") == "all" else 0
        )
        self.save_settings_button = QPushButton(self)
        self.save_settings_button.setObjectName("save_settings")
        self.save_settings_button.clicked.connect(self.save_settings)
        settings = QFormLayout(self.settings_group)
        self.settings_labels = [QLabel(self) for _ in range(4)]
        settings.addRow(self.settings_labels[0], self.auto_lock)
        settings.addRow(self.settings_labels[1], self.sync_minutes)
        settings.addRow(self.settings_labels[2], self.language)
        settings.addRow(self.settings_labels[3], self.attachment_download)
        settings.addRow("", self.save_settings_button)

        self.backup_group = QGroupBox(self)
        self.backup_button = QPushButton(self)
        self.backup_button.clicked.connect(self.choose_backup)
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restore_backup")
        self.restore_button.clicked.connect(self.choose_restore)
        self.restore_text = QLabel(self)
        self.restore_text.setWordWrap(True)
        backup_layout = QVBoxLayout(self.backup_group)
        backup_layout.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignLeft)
        backup_layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        backup_layout.addWidget(self.restore_text)

        # issue 16: the sync packet, for days without internet
        self.packet_group = QGroupBox(self)
        self.packet_text = QLabel(self)
        self.packet_text.setWordWrap(True)
        self.export_packet_button = QPushButton(self)
        self.export_packet_button.setObjectName("export_packet")
        self.export_packet_button.clicked.connect(self.choose_packet_export)
        self.import_packet_button = QPushButton(self)
        self.import_packet_button.setObjectName("import_packet")
        self.import_packet_button.clicked.connect(self.choose_packet_import)
        packet_layout = QVBoxLayout(self.packet_group)
        packet_layout.addWidget(self.packet_text)
        packet_buttons = QHBoxLayout()
        packet_buttons.addWidget(self.export_packet_button)
        packet_buttons.addWidget(self.import_packet_button)
        packet_buttons.addStretch(1)
        packet_layout.addLayout(packet_buttons)

        right = QVBoxLayout()
        right.addWidget(self.device_group)
        right.addWidget(self.settings_group)
        right.addWidget(self.backup_group)
        right.addWidget(self.packet_group)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.users_group, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        self.retranslate_ui()

    # -- users ----------------------------------------------------------------------
    def refresh(self) -> None:
        ops.run_op(self, lambda ws: ws.list_users(), self._show_users, self._failed)

    def _show_users(self, users: list[Any]) -> None:
        self.users.clear()
        for user in users:
            disabled = getattr(user, "disabled", False)
            item = QTreeWidgetItem(
                [
                    user.username,
                    user.full_name,
                    fmt.label("roles", user.role),
                    self.tr("disabled") if disabled else self.tr("active"),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, user.username)
            item.setData(0, DISABLED_ROLE, bool(disabled))
            self.users.addTopLevelItem(item)
        self._update_user_buttons()

    def _update_user_buttons(self, *_args: Any) -> None:
        """Disable for an active user, Enable for a disabled one, Remove for either; none
        without a selection (the tooltip says why)."""
        item = self.users.currentItem()
        disabled = bool(item.data(0, DISABLED_ROLE)) if item else False
        self.disable_button.setEnabled(item is not None and not disabled)
        self.enable_button.setEnabled(item is not None and disabled)
        self.remove_button.setEnabled(item is not None)
        for button in (self.disable_button, self.enable_button, self.remove_button):
            button.setToolTip("" if item else self.tr("Choose a user in the list first."))

    def _selected(self) -> str:
        item = self.users.currentItem()
        return str(item.data(0, Qt.ItemDataRole.UserRole)) if item else ""

    def _run(self, op, done_text: str) -> None:
        def done(_result: Any) -> None:
            self.message.setStyleSheet("color: #2e7d32;")
            self.message.setText(done_text)
            self.refresh()

        ops.run_op(self, op, done, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))

    @Slot()
    def add_user(self) -> None:
        dialog = UserDialog(self)

        def send() -> None:
            username, role = dialog.username.text().strip(), dialog.role.value()
            password, name = dialog.password.text(), dialog.full_name.text().strip()
            self._run(
                lambda ws: ws.add_user(username, role, password, full_name=name),
                self.tr("User {name} added.").format(name=username),
            )

        dialog.accepted.connect(send)
        dialog.open()

    @Slot()
    def set_role(self) -> None:
        username, role = self._selected(), self.role_combo.value()
        if username:
            self._run(
                lambda ws: ws.set_role(username, role),
                self.tr("{name} is now: {role}.").format(
                    name=username, role=fmt.label("roles", role)
                ),
            )

    @Slot()
    def reset_password(self) -> None:
        username = self._selected()
        if not username:
            return
        password = ask_secret(
            self,
            self.tr("Reset password"),
            self.tr("New password for {name}:").format(name=username),
        )
        if password:
            self._run(
                lambda ws: ws.reset_password(username, password),
                self.tr("The password of {name} was reset.").format(name=username),
            )

    @Slot()
    def disable_user(self) -> None:
        username = self._selected()
        if username:
            self._run(
                lambda ws: ws.disable_user(username),
                self.tr("{name} can no longer sign in.").format(name=username),
            )

    @Slot()
    def enable_user(self) -> None:
        """A disabled user may sign in again, with a new password (asked here)."""
        username = self._selected()
        if not username:
            return
        dialog = secret_dialog(
            self,
            self.tr("Enable a user"),
            self.tr("{name} will sign in with a new password. New password:").format(name=username),
        )
        dialog.setObjectName("enable_password")

        def send(password: str) -> None:
            if password:
                self._run(
                    lambda ws: ws.enable_user(username, password),
                    self.tr("{name} can sign in again with the new password.").format(
                        name=username
                    ),
                )

        dialog.textValueSelected.connect(send)
        dialog.open()

    @Slot()
    def remove_user(self) -> None:
        """Remove a user after a confirmation: their record and key slot go, the database
        is encrypted again under a new key (their history stays in the access log)."""
        username = self._selected()
        if not username:
            return
        box = QMessageBox(self)
        box.setObjectName("confirm_remove")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Remove a user"))
        box.setText(
            self.tr(
                "Remove {name}? Their account and key go, and the database is encrypted again "
                "under a new key (this may take a minute). What they did stays in the access "
                "log; cases assigned to them stay so until a manager reassigns them."
            ).format(name=username)
        )
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)

        def chosen(button: Any) -> None:
            if button is remove:
                self._run(
                    lambda ws: ws.remove_user(username),
                    self.tr("{name} was removed; the database has a new key.").format(
                        name=username
                    ),
                )

        box.buttonClicked.connect(chosen)
        box.open()

    # -- settings -------------------------------------------------------------------
    @Slot()
    def save_settings(self) -> None:
        minutes = float(self.auto_lock.value())
        interval = int(self.sync_minutes.value()) * 60
        language = str(self.language.currentData())
        download = "all" if self.attachment_download.currentIndex() == 1 else "on_demand"

        def op(ws: Any) -> None:
            ws.save_preferences(Preferences(minutes, interval, language, download))

        def done(_result: Any) -> None:
            self.auto_lock_changed.emit(minutes)
            self.sync_interval_changed.emit(interval)
            self.language_chosen.emit(language)
            self.message.setStyleSheet("color: #2e7d32;")
            self.message.setText(self.tr("Settings saved."))

        ops.run_op(self, op, done, self._failed)

    # -- backup ---------------------------------------------------------------------
    @Slot()
    def choose_backup(self) -> None:
        path = file_dialogs.save_file(self, self.tr("Save the backup"), "caseline-backup.clbak")
        if not path:
            return
        passphrase = ask_secret(
            self,
            self.tr("Backup passphrase"),
            self.tr("A passphrase to protect the backup (keep it safe):"),
        )
        if passphrase:
            self.back_up(Path(path), passphrase)

    def back_up(self, path: Path, passphrase: str) -> None:
        self.message.setText(self.tr("Backing up…"))
        self._run(
            lambda ws: ws.backup(path, passphrase),
            self.tr("Backup saved: {path}").format(path=str(path)),
        )

    @Slot()
    def choose_restore(self) -> None:
        dialog = RestoreDialog(self)
        dialog.accepted.connect(
            lambda: self.restore_from(Path(dialog.path.text().strip()), dialog.passphrase.text())
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def restore_from(self, path: Path, passphrase: str) -> None:
        """Replace this desk's data with the backup's on the DB worker; the workspace is
        locked by the restore, so the app goes back to the login window."""
        self.restore_button.setEnabled(False)
        self.backup_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Restoring the backup…"))

        def done(result: dict[str, Any]) -> None:
            self.desk_replaced.emit(
                self.tr(
                    "The backup of {date} was restored. The previous data is kept, still "
                    "encrypted, in {folder}. Sign in again."
                ).format(
                    date=fmt.date_time(result.get("created_at") or ""),
                    folder=result.get("kept", ""),
                )
            )

        def failed(error: BaseException) -> None:
            self.restore_button.setEnabled(True)
            self.backup_button.setEnabled(True)
            self._failed(error)

        ops.run_op(self, lambda ws: ws.restore_over(path, passphrase), done, failed)

    # -- sync packet (issue 16) -------------------------------------------------------
    @Slot()
    def choose_packet_export(self) -> None:
        code = str(self.session.get("device_code") or "desk")
        path = file_dialogs.save_file(
            self, self.tr("Save the sync packet"), f"caseline-{code}.clpkt", PACKET_FILTER
        )
        if path:
            self.export_packet(Path(path))

    def export_packet(self, path: Path) -> None:
        def done(written: Any) -> None:
            self.message.setStyleSheet("color: #2e7d32;")
            self.message.setText(
                self.tr(
                    "Sync packet saved: {path} ({ops} changes, {chunks} file chunks). Carry it"
                    " to central; import the answer here."
                ).format(path=str(path), ops=written.ops, chunks=written.chunks)
            )

        ops.run_op(self, lambda ws: ws.sync.export_packet(path), done, self._failed)

    @Slot()
    def choose_packet_import(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Central's answer packet"), PACKET_FILTER)
        if path:
            self.import_packet(Path(path))

    def import_packet(self, path: Path) -> None:
        def done(result: Any) -> None:
            self.message.setStyleSheet("color: #2e7d32;")
            self.message.setText(
                self.tr(
                    "Answer imported: {answered} changes answered, {pulled} records received."
                ).format(answered=result.answered, pulled=result.pulled)
            )

        ops.run_op(
            self,
            lambda ws: ws.sync.import_packet(path),
            done,
            self._failed,
            changes=("contact", "case", "child", "attachment"),
        )

    def drop_records(self) -> None:
        self.users.clear()
        self.message.clear()

    # -- language -------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Administration"))
        self.packet_group.setTitle(self.tr("Sync packet (no internet)"))
        self.packet_text.setText(
            self.tr(
                "Without a connection for days: save this desk's changes to a packet, carry"
                " it to central, then import central's answer here."
            )
        )
        self.export_packet_button.setText(self.tr("Export a sync packet…"))
        self.import_packet_button.setText(self.tr("Import the answer…"))
        self.users_group.setTitle(self.tr("Users"))
        self.users.setHeaderLabels(
            [self.tr("User name"), self.tr("Full name"), self.tr("Role"), self.tr("State")]
        )
        self.add_user_button.setText(self.tr("Add a user…"))
        self.role_combo.set_items(fmt.items("roles"))
        self.set_role_button.setText(self.tr("Set role"))
        self.reset_button.setText(self.tr("Reset password…"))
        self.disable_button.setText(self.tr("Disable"))
        self.enable_button.setText(self.tr("Enable…"))
        self.remove_button.setText(self.tr("Remove…"))
        self.device_group.setTitle(self.tr("This desk"))
        self.device_text.setText(
            self.tr("Centre: {centre}\nDevice code: {device}").format(
                centre=self.session.get("centre", ""), device=self.session.get("device_code", "")
            )
        )
        self.enrol_button.setText(self.tr("Enrol with the central line…"))
        self.settings_group.setTitle(self.tr("Settings"))
        for label, text in zip(
            self.settings_labels,
            (
                self.tr("Lock after idle (minutes)"),
                self.tr("Sync every (minutes)"),
                self.tr("Language"),
                self.tr("Other desks' attachments"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.attachment_download.setItemText(0, self.tr("Fetch when opened"))
        self.attachment_download.setItemText(1, self.tr("Fetch all at every sync"))
        self.save_settings_button.setText(self.tr("Save settings"))
        self.backup_group.setTitle(self.tr("Backup and restore"))
        self.backup_button.setText(self.tr("Back up now…"))
        self.restore_button.setText(self.tr("Restore from a backup…"))
        self.restore_text.setText(
            self.tr(
                "Restoring replaces this desk's data with the backup's; the current files are "
                "kept aside, still encrypted. On a new computer, choose “Restore from a "
                "backup…” in the first set-up instead; the same passwords will work."
            )
        )
