"""Dialogs for the law's parts of a case (issue 12): where the harm happened, a transfer to
another province, and a person's rights over their data (export, erasure). Each goes
through the services (`ws.set_harm_commune`, `ws.transfer_case`, `ws.rights`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import places
from desktop.domain.records import Case
from desktop.ui import fmt, ops
from desktop.ui.forms import DateField, SavingDialog
from desktop.ui.messages import error_text
from desktop.ui.widgets import CodeCombo, FoldedPicker


class HarmCommuneDialog(SavingDialog):
    """The commune where the harm happened: its People's Committee is responsible."""

    def __init__(self, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("harm_commune_dialog")
        self.case = case
        province = case.province_code
        self.commune = FoldedPicker(self)
        self.commune.setObjectName("harm_commune")
        self.commune.set_items([(p.code, p.name) for p in places.communes(province)])
        self.commune.set_value(case.harm_commune_code)
        self.setWindowTitle(self.tr("Where the harm happened"))
        intro = QLabel(
            self.tr(
                "The commune or ward where the harm happened: its People's Committee is "
                "responsible for the child's protection (Decree 56/2017)."
            ),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(intro)
        form.addRow(
            self.tr("Commune or ward"),
            self.field("harm_commune_code", self.tr("Commune or ward"), self.commune),
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save_op(self) -> Callable[[Any], Any]:
        case_id, code = self.case.id, self.commune.value()
        return lambda ws: ws.set_harm_commune(case_id, code)


class ReminderDialog(SavingDialog):
    """The case's next follow-up and review dates (empty: no reminder)."""

    def __init__(self, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminder_dialog")
        self.case = case
        self.setWindowTitle(self.tr("Reminders"))
        self.follow_up = DateField(fmt.date(case.follow_up_on), self, with_time=False)
        self.follow_up.setObjectName("follow_up_on")
        self.review = DateField(fmt.date(case.review_on), self, with_time=False)
        self.review.setObjectName("review_on")
        form = QFormLayout()
        intro = QLabel(
            self.tr(
                "The dates the case is next followed up and reviewed (Decree 56). They show "
                "among the reminders when due; recording the follow-up or moving the case to "
                "review clears them."
            ),
            self,
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow(
            self.tr("Next follow-up"),
            self.field("follow_up_on", self.tr("Next follow-up"), self.follow_up),
        )
        form.addRow(
            self.tr("Next review"), self.field("review_on", self.tr("Next review"), self.review)
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save_op(self) -> Callable[[Any], Any]:
        case_id = self.case.id
        follow_up, review = self.follow_up.value() or "", self.review.value() or ""
        return lambda ws: ws.set_reminders(case_id, follow_up_on=follow_up, review_on=review)


class TransferDialog(SavingDialog):
    """Move the case, with its timeline, referrals and child, to another province."""

    def __init__(self, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transfer_dialog")
        self.case = case
        own = case.province_code
        self.province = CodeCombo(self)
        self.province.setObjectName("transfer_province")
        self.province.set_items(
            [("", "—")] + [(p.code, p.name) for p in places.provinces() if p.code != own]
        )
        self.setWindowTitle(self.tr("Transfer to another province"))
        intro = QLabel(
            self.tr(
                "Case {number} moves with its timeline, referrals, attachments and child to "
                "the province chosen; its desks take it over. This desk can read it until its "
                "next sync and no longer act on it. The source contacts stay here."
            ).format(number=case.number),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(intro)
        form.addRow(
            self.tr("Province or city"),
            self.field("province", self.tr("Province or city"), self.province),
        )
        buttons = QDialogButtonBox(self)
        self.transfer_button = buttons.addButton(
            self.tr("Transfer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save_op(self) -> Callable[[Any], Any]:
        case_id, province = self.case.id, self.province.value()
        return lambda ws: ws.transfer_case(case_id, province)


class PersonRightsDialog(QDialog):
    """A person's rights (Law 91/2025/QH15): export everything about them, see what an
    erasure would remove, erase. `key`: a case number (the child) or a contact number
    (the caller)."""

    def __init__(self, key: str, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("person_rights_dialog")
        self.key = key
        self.setWindowTitle(self.tr("A person's data"))
        intro = QLabel(
            self.tr(
                "{who}: the person (for a child, the legal representative) may get their "
                "data, and ask for it to be erased; answer within 2 working days (Law "
                "91/2025/QH15). An open case keeps the data until it is closed."
            ).format(who=who),
            self,
        )
        intro.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export everything (JSON and PDF)…"), self)
        self.export_button.setObjectName("person_export")
        self.preview_button = QPushButton(self.tr("What would an erasure remove?"), self)
        self.preview_button.setObjectName("person_erase_preview")
        self.erase_button = QPushButton(self.tr("Erase…"), self)
        self.erase_button.setObjectName("person_erase")
        self.erase_button.setEnabled(False)
        self.removals = QTreeWidget(self)
        self.removals.setObjectName("person_removals")
        self.removals.setRootIsDecorated(False)
        self.removals.setHeaderLabels(
            [self.tr("Record"), self.tr("Number"), self.tr("What happens")]
        )
        self.message = QLabel(self)
        self.message.setObjectName("person_message")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.export_button, self.preview_button, self.erase_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.removals, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.export_button.clicked.connect(self.export)
        self.preview_button.clicked.connect(self.preview)
        self.erase_button.clicked.connect(self.erase)
        self.resize(720, 420)

    @Slot()
    def export(self, folder: str | None = None) -> None:
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Export into folder"))
        if not folder:
            return
        key = self.key
        ops.run_op(
            self,
            lambda ws: ws.rights.export(key).save(Path(folder)),
            lambda paths: self._say(
                self.tr("Written: {files}").format(files=", ".join(p.name for p in paths))
            ),
            self._failed,
        )

    @Slot()
    def preview(self) -> None:
        key = self.key
        ops.run_op(self, lambda ws: ws.rights.erase(key, dry_run=True), self._planned, self._failed)

    def _planned(self, plan: Any) -> None:
        self.removals.clear()
        actions = {
            "erase": self.tr("emptied and deleted"),
            "clear_caller": self.tr("caller's name, phone, place and summary emptied"),
            "anonymise": self.tr("kept as codes only (still counted)"),
            "unlink": self.tr("the child taken out"),
        }
        kinds = {
            "child": self.tr("Child"),
            "contact": self.tr("Contact"),
            "case": self.tr("Case"),
            "case_entry": self.tr("Timeline entry"),
            "referral": self.tr("Referral"),
            "attachment": self.tr("Attachment"),
        }
        for removal in plan.removals:
            QTreeWidgetItem(
                self.removals,
                [
                    kinds.get(removal.entity, removal.entity),
                    removal.number or "—",
                    actions.get(removal.action, removal.action),
                ],
            )
        for column in range(3):
            self.removals.resizeColumnToContents(column)
        self.erase_button.setEnabled(bool(plan.removals) and not plan.done)
        self._say(
            self.tr("An erasure would remove {count} record(s); answer due {due}.").format(
                count=len(plan.removals), due=fmt.date_time(plan.due)
            )
            if not plan.done
            else self.tr("Erased {count} record(s).").format(count=len(plan.removals))
        )

    @Slot()
    def erase(self, confirmed: bool = False) -> None:
        if not confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Erase"),
                self.tr("Erase this person's data everywhere? This cannot be undone."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        key = self.key
        self.erase_button.setEnabled(False)
        ops.run_op(self, lambda ws: ws.rights.erase(key), self._planned, self._failed)

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))
