"""A forgotten password: the recovery key printed at set-up lets a user set a new one.

The key may be typed in any case, with or without the dashes between its groups, with
spaces. Setting another user's password takes the administrator's permission
(`Workspace.reset_password`), so the desk is opened with the key as the user in question
when that user is an administrator, and otherwise as the desk's first active
administrator (each opening is audited as a recovery-key login).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.errors import PermissionDenied, WrongPassword
from desktop.ui import i18n, ops
from desktop.ui.messages import error_text

KEY_GROUP = 5


def key_in_groups(text: str) -> str:
    """'k7q4m aCdEf-…' → 'K7Q4M-ACDEF-…': how the key is printed, whatever was typed."""
    chars = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(chars[i : i + KEY_GROUP] for i in range(0, len(chars), KEY_GROUP))


def reset_with_recovery_key(data_dir: Path, key: str, username: str, new_password: str) -> None:
    """Runs on the DB worker: open the desk with the key and set `username`'s password."""
    from desktop.services import Workspace

    ws = Workspace.open_with_recovery_key(data_dir, key, as_user=username)
    try:
        if ws.user.role != "admin":
            admins = [u.username for u in ws.list_users() if u.role == "admin" and not u.disabled]
            if not admins:
                raise PermissionDenied(
                    "Máy này không còn quản trị viên nào để đặt lại mật khẩu.",
                    "This desk has no active administrator to reset the password.",
                )
            ws.close()
            ws = Workspace.open_with_recovery_key(data_dir, key, as_user=admins[0])
        ws.reset_password(username, new_password)
    finally:
        ws.close()


class RecoveryDialog(i18n.RetranslatedOnLanguageChange, QDialog):
    """Recovery key, the user whose password is lost, the new password twice."""

    password_reset = Signal(str)  # the user name whose password was set

    def __init__(self, data_dir: Path, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.data_dir = Path(data_dir)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.key = QLineEdit(self)
        self.key.setObjectName("recovery_key")
        font = QFont("Monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.key.setFont(font)
        self.key.editingFinished.connect(lambda: self.key.setText(key_in_groups(self.key.text())))
        self.username = QLineEdit(username, self)
        self.username.setObjectName("recovery_username")
        self.password = QLineEdit(self)
        self.password.setObjectName("recovery_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit(self)
        self.password2.setObjectName("recovery_password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel(self) for _ in range(4)]
        self.message = QLabel(self)
        self.message.setObjectName("recovery_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("recovery_ok")
        self.cancel = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self._wait = QTimer(self)
        self._wait.setSingleShot(True)
        self._wait.timeout.connect(lambda: self.ok.setEnabled(True))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.intro)
        fields = (self.key, self.username, self.password, self.password2)
        for label, field in zip(self.labels, fields, strict=True):
            form.addRow(label, field)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate_ui()

    @Slot()
    def submit(self) -> None:
        key = key_in_groups(self.key.text())
        username, password = self.username.text().strip(), self.password.text()
        if not key or not username or not password:
            self.message.setText(
                self.tr("Enter the recovery key, the user name and the new password.")
            )
            return
        if password != self.password2.text():
            self.message.setText(self.tr("The two passwords are not the same."))
            return
        self.key.setText(key)
        self.ok.setEnabled(False)
        self.message.setText(self.tr("Checking the recovery key…"))
        data_dir = self.data_dir
        ops.db_worker().run_call(
            self,
            lambda: reset_with_recovery_key(data_dir, key, username, password),
            lambda _none: self._done(username),
            self._refused,
        )

    def _done(self, username: str) -> None:
        self.password.clear()
        self.password2.clear()
        self.key.clear()
        self.password_reset.emit(username)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, WrongPassword):
            self.ok.setEnabled(True)
            self.message.setText(error_text(error))
            return
        text = self.tr(
            "This recovery key does not open this desk. Check it against the paper copy "
            "made at set-up and try again."
        )
        wait = int(error.details.get("delay_s", 0) or 0)
        if wait > 0:
            text += " " + self.tr("You can try again in {seconds} s.").format(seconds=wait)
            self._wait.start(wait * 1000 + 400)  # a margin over the store's own clock
        else:
            self.ok.setEnabled(True)
        self.message.setText(text)
        self.key.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Set a new password with the recovery key"))
        self.intro.setText(
            self.tr(
                "The recovery key was shown once when this desk was set up and kept on paper. "
                "With it you can set a new password for any user of this desk."
            )
        )
        texts = (
            self.tr("Recovery key"),
            self.tr("User name"),
            self.tr("New password"),
            self.tr("Repeat the new password"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.key.setPlaceholderText(self.tr("e.g. K7Q4M-ACDEF-…"))
        self.ok.setText(self.tr("Set the new password"))
        self.cancel.setText(self.tr("Cancel"))
