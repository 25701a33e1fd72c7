"""The login window: user name and password unlock the desk's encrypted store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import WrongPassword
from desktop.ui import i18n, ops
from desktop.ui.messages import error_text


class LoginWindow(i18n.RetranslatedOnLanguageChange, QWidget):
    """Asks for a user name and password; `unlocked` carries the open session's facts."""

    unlocked = Signal(object)  # dict: user, centre, settings … (see CaselineApp.open_session)

    def __init__(self, data_dir: Path, open_session, banner: str | None = None) -> None:
        super().__init__()
        self.setObjectName("login_window")
        self.data_dir = Path(data_dir)
        self._open_session = open_session
        self._wait_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

        self.banner = QLabel(banner or "", self)
        self.banner.setVisible(bool(banner))
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3cd; padding: 8px; border: 1px solid #ffb300;")
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.subtitle = QLabel(self)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.user_label, self.password_label = QLabel(self), QLabel(self)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.wait_label = QLabel(self)
        self.wait_label.setObjectName("wait")
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.forgot_button = QPushButton(self)
        self.forgot_button.setObjectName("forgot_password")
        self.forgot_button.setFlat(True)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.setStyleSheet("color: #1565c0; text-decoration: underline;")
        self.forgot_button.clicked.connect(self.open_recovery)
        self.language = QComboBox(self)
        self.language.addItem("Tiếng Việt", "vi")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if i18n.current() == "vi" else 1)
        self.language.currentIndexChanged.connect(
            lambda: i18n.language().set(self.language.currentData())
        )

        form = QFormLayout()
        form.addRow(self.user_label, self.username)
        form.addRow(self.password_label, self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.language)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        box = QWidget(self)
        box.setMaximumWidth(460)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(12)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.wait_label)
        inner.addLayout(buttons)
        inner.addWidget(self.forgot_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.resize(640, 420)
        self.retranslate_ui()

    def prefill(self, username: str, message: str = "") -> None:
        self.username.setText(username)
        self.password.clear()
        self.message.setText(message)
        self.wait_label.clear()
        (self.password if username else self.username).setFocus()

    @Slot()
    def submit(self) -> None:
        if self._wait_left > 0 or not self.unlock_button.isEnabled():
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.message.setText(self.tr("Enter your user name and password."))
            return
        self.unlock_button.setEnabled(False)
        self.message.setText(self.tr("Unlocking…"))
        self.password.clear()
        ops.db_worker().run_call(
            self, lambda: self._open_session(username, password), self._opened, self._refused
        )

    def _opened(self, session: dict[str, Any]) -> None:
        self.unlock_button.setEnabled(True)
        self.message.clear()
        self.unlocked.emit(session)

    def _refused(self, error: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.password.setFocus()
        self.message.setText(error_text(error))
        delay = 0
        if isinstance(error, WrongPassword):
            delay = int(round(float(error.details.get("delay_s", 0) or 0)))
        if delay > 0:
            self._wait_left = delay
            self.unlock_button.setEnabled(False)
            self._countdown.start()
            self._show_wait()

    @Slot()
    def open_recovery(self) -> None:
        """A forgotten password: set a new one with the desk's recovery key."""
        from desktop.ui.recovery import RecoveryDialog

        dialog = RecoveryDialog(self.data_dir, self.username.text().strip(), self)
        dialog.password_reset.connect(self._password_reset)
        dialog.open()
        dialog.key.setFocus()

    @Slot(str)
    def _password_reset(self, username: str) -> None:
        self.prefill(username, self.tr("The new password is set. Sign in with it."))

    def _show_wait(self) -> None:
        self.wait_label.setText(
            self.tr("You can try again in {seconds} s.").format(seconds=self._wait_left)
        )

    @Slot()
    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left > 0:
            self._show_wait()
            return
        self._countdown.stop()
        QTimer.singleShot(400, self._wait_over)  # a margin over the store's own clock

    def _wait_over(self) -> None:
        self._wait_left = 0
        self.unlock_button.setEnabled(True)
        self.wait_label.setText(self.tr("You can try again now."))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Caseline — unlock"))
        self.title.setText(self.tr("Caseline"))
        self.subtitle.setText(
            self.tr("The records on this desk are encrypted. Sign in to open them.")
        )
        self.user_label.setText(self.tr("User name"))
        self.password_label.setText(self.tr("Password"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.forgot_button.setText(self.tr("Forgot your password? Use the recovery key"))
