"""Nothing typed is lost: dialogs that save while they stay open, fields that refuse an
impossible date on the spot, and a question before typed text is thrown away.

`SavingDialog` runs its service call on the DB worker with the dialog still open; only a
successful save closes it. A refusal (`ValidationError`) marks each field it names, says
what is wrong with the field's own label (never the internal key), and keeps the text.
Closing a dialog (or replacing a form) with typed text asks first (`confirm_discard`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.ui import fmt, i18n, ops
from desktop.ui.messages import error_text

BAD_STYLE = "border: 2px solid #c62828; background: #ffebee;"


def parse_day(text: str, with_time: bool) -> str | None:
    """'03/10/2026 14:05' (or '03/10/2026') → ISO-8601 in Vietnam time; None when it is not
    a real date (31/02, 32/13) or not in that shape. With `with_time` False only a day."""
    text = text.strip()
    patterns = ("%d/%m/%Y %H:%M", "%d/%m/%Y") if with_time else ("%d/%m/%Y",)
    for pattern in patterns:
        try:
            moment = datetime.strptime(text, pattern)
        except ValueError:
            continue
        if not with_time:
            return moment.date().isoformat()
        return moment.replace(tzinfo=fmt.LOCAL_TZ).isoformat()
    return None


def mark(widget: QWidget, problem: str | None) -> None:
    """Show (or clear) a problem on a field: red frame and the reason as its tooltip."""
    widget.setStyleSheet(BAD_STYLE if problem else "")
    widget.setToolTip(problem or "")
    widget.setProperty("problem", problem or "")


def problem_of(widget: QWidget) -> str:
    return str(widget.property("problem") or "")


class DateField(QLineEdit):
    """A day (dd/mm/yyyy), or a day and time (dd/mm/yyyy hh:mm), checked when the user
    leaves the field: an impossible date (31/02/2026, 32/13/2020) is marked at once,
    `refused` says why, and the text stays for correcting."""

    refused = Signal(str)

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        with_time: bool = True,
        allow_year: bool = False,
        allow_empty: bool = True,
    ) -> None:
        super().__init__(text, parent)
        self.with_time = with_time
        self.allow_year = allow_year
        self.allow_empty = allow_empty
        self.setPlaceholderText("dd/mm/yyyy hh:mm" if with_time else "dd/mm/yyyy")
        self.editingFinished.connect(self.check)
        self.textEdited.connect(lambda _t: mark(self, None) if problem_of(self) else None)

    def value(self) -> str | None:
        """The ISO text (a moment, or a day), or None when empty or not a date."""
        return parse_day(self.text(), self.with_time)

    def problem(self) -> str | None:
        text = self.text().strip()
        if not text:
            return (
                None if self.allow_empty else QCoreApplication.translate("Forms", "Enter a date.")
            )
        if self.allow_year and text.isdigit() and len(text) == 4:
            return None
        if self.value() is not None:
            return None
        if self.with_time:
            return QCoreApplication.translate(
                "Forms", "“{text}” is not a date: write dd/mm/yyyy hh:mm, e.g. 03/10/2026 14:05."
            ).format(text=text)
        return QCoreApplication.translate(
            "Forms", "“{text}” is not a date: write dd/mm/yyyy, e.g. 03/10/2014."
        ).format(text=text)

    @Slot()
    def check(self) -> bool:
        problem = self.problem()
        mark(self, problem)
        if problem:
            self.refused.emit(problem)
        return problem is None


def typed_state(widgets: list[QWidget]) -> list[Any]:
    """What the fields hold now (to tell whether anything was typed since)."""
    state: list[Any] = []
    for widget in widgets:
        if isinstance(widget, QPlainTextEdit):
            state.append(widget.toPlainText())
        elif isinstance(widget, QLineEdit):
            state.append(widget.text())
        elif isinstance(widget, QComboBox):
            state.append(widget.currentIndex())
        elif isinstance(widget, QAbstractButton):
            state.append(widget.isChecked())
        elif hasattr(widget, "values"):  # a multi-choice picker
            state.append(list(widget.values()))
    return state


def confirm_discard(parent: QWidget | None, question: str | None = None) -> bool:
    """Ask before throwing typed text away; True when the user agrees to discard it."""
    box = QMessageBox(parent)
    box.setObjectName("confirm_discard")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("Forms", "Unsaved text"))
    box.setText(
        question or QCoreApplication.translate("Forms", "What you typed is not saved. Discard it?")
    )
    discard = box.addButton(
        QCoreApplication.translate("Forms", "Discard what I typed"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    keep = box.addButton(
        QCoreApplication.translate("Forms", "Keep editing"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is discard


class SavingDialog(QDialog):
    """A dialog that saves through the services while it stays open.

    Subclasses register their fields with `field(key, label, widget)` (key: the service's
    field name, as a `ValidationError` names it), give `save_op()` (the call, run on the DB
    worker) and may add `local_problems()` checked before anything is sent. `saved(result)`
    fires after a successful save, just before the dialog closes."""

    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, str] = {}
        self.widgets: dict[str, QWidget] = {}
        self.message = QLabel(self)
        self.message.setObjectName("dialog_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.saving = False
        self._state_at_open: list[Any] | None = None

    def field(self, key: str, label: str, widget: QWidget) -> QWidget:
        self.labels[key] = label.split(" (")[0]
        self.widgets[key] = widget
        if isinstance(widget, DateField):
            widget.refused.connect(self._show_local)
        return widget

    # -- what subclasses give -------------------------------------------------------
    def save_op(self) -> Callable[[Any], Any]:
        raise NotImplementedError

    def local_problems(self) -> dict[str, str]:
        """{key: problem} found without asking the services (dates by default)."""
        return {
            key: problem
            for key, widget in self.widgets.items()
            if isinstance(widget, DateField) and widget.isVisibleTo(self)
            for problem in [widget.problem()]
            if problem
        }

    # -- saving ---------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._state_at_open is None:
            self._state_at_open = typed_state(list(self.widgets.values()))
        super().showEvent(event)

    def is_dirty(self) -> bool:
        if self._state_at_open is None:
            return False
        return typed_state(list(self.widgets.values())) != self._state_at_open

    @Slot()
    def accept(self) -> None:
        """The save button: check, send, and close only when the save went through."""
        if self.saving:
            return
        for widget in self.widgets.values():
            mark(widget, None)
        problems = self.local_problems()
        if problems:
            self._show_problems(problems)
            return
        try:
            op = self.save_op()
        except ValidationError as error:
            self._failed(error)
            return
        self.saving = True
        self.message.setStyleSheet("color: #455a64;")
        self.message.setText(QCoreApplication.translate("Forms", "Saving…"))
        ops.run_op(self, op, self._succeeded, self._failed)

    def _succeeded(self, result: Any) -> None:
        self.saving = False
        self.message.clear()
        self.saved.emit(result)
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        if isinstance(error, ValidationError):
            english = i18n.current() == "en"
            self._show_problems(
                {key: msgs[1] if english else msgs[0] for key, msgs in error.field_errors.items()}
            )
            return
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))

    def _widget_for(self, key: str) -> tuple[str, QWidget | None]:
        """The field a service's error key names ('data.measure' → 'measure'; a nested
        record's path, 'caller.phone', → the flat form field 'caller_phone')."""
        for candidate in (key, key.replace(".", "_"), key.split(".")[-1], key.split("[")[0]):
            if candidate in self.widgets:
                return candidate, self.widgets[candidate]
        return key, None

    def _show_problems(self, problems: dict[str, str]) -> None:
        lines, first = [], None
        for key, problem in problems.items():
            name, widget = self._widget_for(key)
            if widget is not None:
                mark(widget, problem)
                first = first or widget
            label = self.labels.get(name) or QCoreApplication.translate("Forms", "This entry")
            lines.append(
                QCoreApplication.translate("Forms", "{field}: {problem}").format(
                    field=label, problem=problem
                )
            )
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText("\n".join(lines))
        if first is not None:
            first.setFocus()

    @Slot(str)
    def _show_local(self, problem: str) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(problem)

    @Slot()
    def reject(self) -> None:
        """Cancel, Esc or the close button: ask first when something was typed."""
        if self.saving:
            return
        if self.is_dirty() and not confirm_discard(self):
            return
        super().reject()

    def discard(self) -> None:
        """Close without asking (the desk is locking: nothing decrypted stays on screen)."""
        self._state_at_open = None
        self.saving = False
        super().reject()
