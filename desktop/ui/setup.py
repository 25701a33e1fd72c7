"""First run: the set-up wizard (centre, province, admin account, recovery key shown once)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import file_dialogs, i18n, ops
from desktop.ui.messages import error_text
from desktop.ui.widgets import FoldedPicker


def province_items() -> list[tuple[str, str]]:
    from desktop.domain import places

    return [(p.code, p.name) for p in places.provinces()]


class SetupWizard(i18n.RetranslatedOnLanguageChange, QDialog):
    """Three steps: the centre, the administrator, the recovery key (shown once)."""

    finished_setup = Signal(str)  # the admin's username

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setObjectName("setup_wizard")
        self.setMinimumWidth(700)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._centre_page())
        self.pages.addWidget(self._admin_page())
        self.pages.addWidget(self._key_page())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.back_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self._back)
        self.next_button.clicked.connect(self._next)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self._update_buttons()

    # -- pages ----------------------------------------------------------------------
    def _centre_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.centre = QLineEdit(page)
        self.centre.setObjectName("centre")
        self.province = FoldedPicker(page)
        self.province.setObjectName("province")
        self.province.set_items(province_items())
        self.centre_label, self.province_label = QLabel(page), QLabel(page)
        self.centre_intro = QLabel(page)
        self.centre_intro.setWordWrap(True)
        form.addRow(self.centre_intro)
        form.addRow(self.centre_label, self.centre)
        form.addRow(self.province_label, self.province)
        self.restore_intro = QLabel(page)
        self.restore_intro.setWordWrap(True)
        self.restore_button = QPushButton(page)
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.choose_backup)
        form.addRow(self.restore_intro)
        form.addRow("", self.restore_button)
        return page

    def _admin_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.admin_user = QLineEdit("admin", page)
        self.admin_user.setObjectName("admin_user")
        self.admin_name = QLineEdit(page)
        self.admin_name.setObjectName("admin_name")
        self.password = QLineEdit(page)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit(page)
        self.password2.setObjectName("password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_labels = [QLabel(page) for _ in range(4)]
        self.admin_intro = QLabel(page)
        self.admin_intro.setWordWrap(True)
        form.addRow(self.admin_intro)
        for label, field in zip(
            self.admin_labels,
            (self.admin_user, self.admin_name, self.password, self.password2),
            strict=True,
        ):
            form.addRow(label, field)
        return page

    def _key_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.key_intro = QLabel(page)
        self.key_intro.setWordWrap(True)
        self.recovery_key = QLabel(page)
        self.recovery_key.setObjectName("recovery_key")
        self.recovery_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont("Monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        font.setPointSize(14)
        self.recovery_key.setFont(font)
        self.recovery_key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recovery_key.setStyleSheet(
            "background: #fff8e1; padding: 16px; border: 1px solid #ffb300;"
        )
        self.copy_button = QPushButton(page)
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.recovery_key.text())
        )
        self.written_down = QCheckBox(page)
        self.written_down.setObjectName("written_down")
        self.written_down.toggled.connect(self._update_buttons)
        layout.addWidget(self.key_intro)
        layout.addWidget(self.recovery_key)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.written_down)
        layout.addStretch(1)
        return page

    # -- flow -----------------------------------------------------------------------
    @Slot()
    def _back(self) -> None:
        if self.pages.currentIndex() == 1:
            self.pages.setCurrentIndex(0)
        self.message.clear()
        self._update_buttons()

    @Slot()
    def _next(self) -> None:
        self.message.clear()
        page = self.pages.currentIndex()
        if page == 0:
            if not self.centre.text().strip() or not self.province.value():
                self.message.setText(self.tr("Enter the centre's name and choose its province."))
                return
            self.pages.setCurrentIndex(1)
            self.admin_user.setFocus()
        elif page == 1:
            self._create()
        else:
            self.finished_setup.emit(self.admin_user.text().strip())
            self.accept()
        self._update_buttons()

    def _create(self) -> None:
        if self.password.text() != self.password2.text():
            self.message.setText(self.tr("The two passwords are not the same."))
            return
        from desktop.services import Workspace

        data_dir, centre = self.data_dir, self.centre.text().strip()
        province, user = self.province.value(), self.admin_user.text().strip()
        name, password = self.admin_name.text().strip(), self.password.text()

        def init() -> str:
            data_dir.mkdir(parents=True, exist_ok=True)
            return Workspace.init(
                data_dir,
                centre=centre,
                province_code=province,
                admin_username=user,
                admin_password=password,
                admin_full_name=name,
            )

        self.next_button.setEnabled(False)
        ops.db_worker().run_call(self, init, self._created, self._failed)

    def _created(self, key: str) -> None:
        self.password.clear()
        self.password2.clear()
        self.recovery_key.setText(key)
        self.pages.setCurrentIndex(2)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
        self._update_buttons()

    # -- restore instead of a new desk ----------------------------------------------
    @Slot()
    def choose_backup(self) -> None:
        from desktop.ui.admin import ask_secret

        path = file_dialogs.open_file(self, self.tr("Choose the backup file"))
        if not path:
            return
        passphrase = ask_secret(
            self,
            self.tr("Backup passphrase"),
            self.tr("The passphrase given when the backup was made:"),
        )
        if passphrase:
            self.restore_from(Path(path), passphrase)

    def restore_from(self, path: Path, passphrase: str) -> None:
        """Restore a backup into this (empty) data folder; the same users sign in after."""
        from desktop.services import Workspace

        data_dir = self.data_dir
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Restoring…"))
        self.restore_button.setEnabled(False)
        ops.db_worker().run_call(
            self,
            lambda: Workspace.restore(data_dir, path, passphrase),
            self._restored,
            self._restore_failed,
        )

    def _restored(self, _info: object) -> None:
        self.restore_button.setEnabled(True)
        self.finished_setup.emit("")
        self.accept()

    def _restore_failed(self, error: BaseException) -> None:
        self.restore_button.setEnabled(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))

    @Slot()
    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        self.back_button.setVisible(page == 1)
        self.next_button.setEnabled(page != 2 or self.written_down.isChecked())
        self.retranslate_buttons()

    def reject(self) -> None:
        if self.pages.currentIndex() == 2:
            return  # the key must be acknowledged: the desk exists already
        super().reject()

    # -- language -------------------------------------------------------------------
    def retranslate_buttons(self) -> None:
        page = self.pages.currentIndex()
        self.back_button.setText(self.tr("Back"))
        self.next_button.setText(
            (self.tr("Next"), self.tr("Create the desk"), self.tr("Finish"))[page]
        )

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Caseline — first set-up"))
        self.heading.setText(self.tr("Set up this desk"))
        self.centre_intro.setText(
            self.tr(
                "Caseline keeps every record encrypted on this computer. First, tell it "
                "which centre this desk belongs to."
            )
        )
        self.centre_label.setText(self.tr("Centre name"))
        self.province_label.setText(self.tr("Province or city"))
        self.province.edit.setPlaceholderText(self.tr("Type to search, e.g. Đà Nẵng"))
        self.restore_intro.setText(
            self.tr(
                "Moving to a new computer? Restore the centre's backup instead; the same "
                "users and passwords will work."
            )
        )
        self.restore_button.setText(self.tr("Restore from a backup…"))
        self.admin_intro.setText(
            self.tr("Create the administrator account. The administrator adds the other users.")
        )
        texts = (
            self.tr("User name"),
            self.tr("Full name"),
            self.tr("Password"),
            self.tr("Repeat the password"),
        )
        for label, text in zip(self.admin_labels, texts, strict=True):
            label.setText(text)
        self.key_intro.setText(
            self.tr(
                "This is the recovery key. It opens the desk if every password is lost. "
                "It is shown only once: write it down on paper and keep it locked away."
            )
        )
        self.copy_button.setText(self.tr("Copy"))
        self.written_down.setText(self.tr("I have written it down"))
        self.retranslate_buttons()
