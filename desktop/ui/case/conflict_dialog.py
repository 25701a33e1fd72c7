"""The open sync conflicts, both values of each field side by side; the worker keeps one."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.records import Conflict
from desktop.services.types import OpenConflict
from desktop.ui import fmt, ops
from desktop.ui.messages import error_text, show_error

CODED_FIELDS = {
    "risk": "risk_levels",
    "status": "case_steps",
    "channel": "channels",
    "call_type": "call_types",
    "sex": "sexes",
    "caller_relation": "caller_relations",
    "perpetrator_relation": "perpetrator_relations",
    "closure_reason": "closure_reasons",
    "agency": "referral_agencies",
}


def show_value(field: str, value: Any) -> str:
    """A conflicting value as people read it: labels for codes, dates dd/mm/yyyy."""
    if value is None or value == "":
        return "—"
    if field in CODED_FIELDS and isinstance(value, str):
        return fmt.label(CODED_FIELDS[field], value)
    if field == "categories" and isinstance(value, list):
        return ", ".join(fmt.category_label(str(c)) for c in value)
    if field == "services" and isinstance(value, list):
        return ", ".join(fmt.label("services", str(c)) for c in value)
    if isinstance(value, bool):
        if value:
            return QCoreApplication.translate("ConflictDialog", "yes")
        return QCoreApplication.translate("ConflictDialog", "no")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def field_name(field: str) -> str:
    names = {
        "risk": QT_TRANSLATE_NOOP("ConflictDialog", "Risk"),
        "status": QT_TRANSLATE_NOOP("ConflictDialog", "Step"),
        "assigned_to": QT_TRANSLATE_NOOP("ConflictDialog", "Assigned to"),
        "categories": QT_TRANSLATE_NOOP("ConflictDialog", "Categories"),
        "summary": QT_TRANSLATE_NOOP("ConflictDialog", "Summary"),
        "full_name": QT_TRANSLATE_NOOP("ConflictDialog", "Name"),
        "closure_reason": QT_TRANSLATE_NOOP("ConflictDialog", "Reason for closing"),
        "urgent": QT_TRANSLATE_NOOP("ConflictDialog", "Urgent"),
    }
    return QCoreApplication.translate("ConflictDialog", names[field]) if field in names else field


class ConflictDialog(QDialog):
    """Both values of each conflicting field side by side; the worker keeps one."""

    resolved = Signal()

    def __init__(self, conflicts: list[OpenConflict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        self.conflicts = list(conflicts)
        self.setWindowTitle(self.tr("Resolve sync conflicts"))
        self.setMinimumSize(760, 320)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Two desks changed the same field at the same time. Nothing was "
                "lost: choose the value to keep."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #c62828;")
        self.rows: dict[str, QGroupBox] = {}
        for conflict in self.conflicts:
            box = self._conflict_box(conflict)
            self.rows[conflict.conflict.id] = box
            layout.addWidget(box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    def _conflict_box(self, shown_conflict: OpenConflict) -> QGroupBox:
        conflict = shown_conflict.conflict
        box = QGroupBox(
            self.tr("{record} — field “{field}”").format(
                record=shown_conflict.record_number or conflict.record_entity,
                field=field_name(conflict.field_name),
            ),
            self,
        )
        grid = QGridLayout(box)
        sides = (
            (
                "kept",
                self.tr("Kept by the central line (changed by {who})").format(
                    who=conflict.kept_by or "?"
                ),
                conflict.kept_value,
            ),
            (
                "other",
                self.tr("From desk {device} ({who}, {when})").format(
                    device=conflict.other_device or "?",
                    who=conflict.other_by or "?",
                    when=fmt.date_time(conflict.other_at),
                ),
                conflict.other_value,
            ),
        )
        for column, (side, title, value) in enumerate(sides):
            heading = QLabel(title, box)
            heading.setWordWrap(True)
            heading.setStyleSheet("font-weight: bold;")
            shown = QLabel(show_value(conflict.field_name, value), box)
            shown.setObjectName(f"{side}_value")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setStyleSheet("background: #f5f5f5; padding: 8px; border: 1px solid #ddd;")
            keep = QPushButton(self.tr("Keep this value"), box)
            keep.setObjectName(f"keep_{side}")
            keep.clicked.connect(lambda _=False, c=conflict, v=value: self.choose(c, v))
            grid.addWidget(heading, 0, column)
            grid.addWidget(shown, 1, column)
            grid.addWidget(keep, 2, column)
        return box

    def choose(self, conflict: Conflict, value: Any) -> None:
        conflict_id = conflict.id
        ops.run_op(
            self,
            lambda ws: ws.resolve_conflict(conflict_id, value),
            lambda _r: self._done(conflict_id),
            lambda error: self.message.setText(error_text(error)),
        )

    def _done(self, conflict_id: str) -> None:
        box = self.rows.pop(conflict_id, None)
        if box is not None:
            box.setEnabled(False)
            box.setTitle(box.title() + " — " + self.tr("resolved"))
        self.resolved.emit()
        if not self.rows:
            self.accept()


def open_conflicts_dialog(parent: QWidget) -> None:
    """All open conflicts of the desk (from the status bar)."""
    ops.run_op(
        parent,
        lambda ws: ws.list_conflicts(),
        lambda rows: ConflictDialog(rows, parent).open() if rows else None,
        lambda error: show_error(parent, error),
    )
