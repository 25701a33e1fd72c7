"""Reports: choose the report and the period; preview, print or save the PDF (built in the
background through `ws.reports`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import file_dialogs, fmt, i18n, ops
from desktop.ui.messages import error_text, show_error
from desktop.ui.printout_view import (
    PrintoutDialog,
    preview_printout,
    redaction_items,
    redaction_label,
)
from desktop.ui.widgets import CodeCombo, FoldedPicker

MONTHLY, THEMATIC, CASE = "monthly", "thematic", "case"


def default_file_name(kind: str, params: dict[str, Any]) -> str:
    """The file name offered for a printout, naming what it holds, so two months, two
    periods or two profiles of a case never share one (review i14):
    'bao-cao-thang-2026-10.pdf', 'bao-cao-chuyen-de-2026-08-2026-10.pdf',
    'HS-2026-0001-chuyen-gui.pdf'."""
    if kind == MONTHLY:
        return f"bao-cao-thang-{params['month']}.pdf"
    if kind == THEMATIC:
        theme = f"-{params['category']}" if params.get("category") else ""
        return f"bao-cao-chuyen-de{theme}-{params['from']}-{params['to']}.pdf"
    return case_file_name(params.get("number") or "tom-tat-ho-so", params.get("redact", "full"))


def case_file_name(number: str, profile: str) -> str:
    """'HS-2026-0001.pdf' (full), 'HS-2026-0001-chuyen-gui.pdf', '…-an-danh.pdf'."""
    suffix = {"referral": "-chuyen-gui", "anonymous": "-an-danh"}.get(profile, "")
    return f"{number}{suffix}.pdf"


def printout_for(ws: Any, kind: str, params: dict[str, Any]) -> Any:
    """Runs on the DB worker: the printout `ws.reports` builds for the chosen report."""
    if kind == MONTHLY:
        return ws.reports.monthly(params["month"], csv=params.get("csv_path") is not None)
    if kind == THEMATIC:
        return ws.reports.thematic(
            params["from"], params["to"], category=params.get("category") or None
        )
    return ws.reports.case_summary(params["number"], params.get("redact", "full"))


def build_report(ws: Any, kind: str, params: dict[str, Any], out_path: Path) -> Path:
    """Runs on the DB worker: the printout, saved where the user chose (refused at once,
    before printing, when that is one of the desk's own files)."""
    for path in (out_path, params.get("csv_path")):
        if path is not None:
            ws.check_output_path(path)
    return printout_for(ws, kind, params).save(out_path, params.get("csv_path"))


def preview_case_summary(parent: QWidget, number: str, profile: str, opened: Any = None) -> None:
    """From the case view: build the case summary with the chosen redaction profile in the
    background and open its preview (print, save)."""
    preview_printout(
        parent,
        lambda ws: ws.reports.case_summary(number, profile),
        case_file_name(number, profile),
        lambda error: show_error(parent, error),
        opened,
    )


def month_edit(parent: QWidget, *, begun: bool = False) -> QDateEdit:
    """A month picker set to this month; with `begun`, no later month can be picked (a
    report about a month still to come is refused: it has no figures yet)."""
    edit = QDateEdit(parent)
    edit.setDisplayFormat("MM/yyyy")
    edit.setCalendarPopup(False)
    today = QDate.currentDate()
    edit.setDate(QDate(today.year(), today.month(), 1))
    if begun:
        edit.setMaximumDate(QDate(today.year(), today.month(), today.daysInMonth()))
    return edit


class ReportsPage(i18n.RetranslatedOnLanguageChange, QWidget):
    """Monthly, thematic and case-summary PDFs."""

    saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports_page")
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.kind = CodeCombo(self)
        self.kind.setObjectName("report_kind")
        self.month = month_edit(self, begun=True)
        self.month.setObjectName("report_month")
        self.from_month = month_edit(self, begun=True)
        self.to_month = month_edit(self, begun=True)  # review i14 #3
        self.category = FoldedPicker(self)
        self.case_number = QLineEdit(self)
        self.case_number.setObjectName("case_number")
        self.redact = CodeCombo(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_pdf")
        self.save_button.clicked.connect(self.choose_file)
        self.preview_button = QPushButton(self)
        self.preview_button.setObjectName("preview_report")
        self.preview_button.clicked.connect(self.preview)
        self.preview_dialog: PrintoutDialog | None = None
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: the report builder gives no steps
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setObjectName("report_message")
        self.message.setWordWrap(True)
        self.labels = [QLabel(self) for _ in range(7)]
        form = QFormLayout()
        rows = (
            self.kind,
            self.month,
            self.from_month,
            self.to_month,
            self.category,
            self.case_number,
            self.redact,
        )
        for label, widget in zip(self.labels, rows, strict=True):
            form.addRow(label, widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        box = QWidget(self)
        box.setMaximumWidth(640)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.save_button)
        inner.addLayout(buttons)
        inner.addWidget(self.progress)
        inner.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(box)
        layout.addStretch(1)
        self.retranslate_ui()

    @Slot()
    def _kind_changed(self) -> None:
        kind = self.kind.value()
        shown = {MONTHLY: {1}, THEMATIC: {2, 3, 4}, CASE: {5, 6}}.get(kind, set())
        for i, (label, widget) in enumerate(
            zip(
                self.labels[1:],
                (
                    self.month,
                    self.from_month,
                    self.to_month,
                    self.category,
                    self.case_number,
                    self.redact,
                ),
                strict=True,
            ),
            start=1,
        ):
            label.setVisible(i in shown)
            widget.setVisible(i in shown)

    def params(self) -> dict[str, Any]:
        kind = self.kind.value()
        if kind == MONTHLY:
            return {"month": self.month.date().toString("yyyy-MM")}
        if kind == THEMATIC:
            return {
                "from": self.from_month.date().toString("yyyy-MM"),
                "to": self.to_month.date().toString("yyyy-MM"),
                "category": self.category.value(),
            }
        return {"number": self.case_number.text().strip(), "redact": self.redact.value()}

    @Slot()
    def preview(self) -> None:
        """Build the chosen report on the DB worker and open its preview (print, save)."""
        kind, params = self.kind.value(), self.params()
        self.preview_button.setEnabled(False)
        self.progress.show()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Building the report…"))
        preview_printout(
            self,
            lambda ws: printout_for(ws, kind, params),
            default_file_name(kind, params),
            self._failed,
            self._previewed,
        )

    def _previewed(self, dialog: PrintoutDialog) -> None:
        self.preview_button.setEnabled(True)
        self.progress.hide()
        self.message.clear()
        self.preview_dialog = dialog
        dialog.saved.connect(self._done)

    @Slot()
    def choose_file(self) -> None:
        default = default_file_name(self.kind.value(), self.params())
        path = file_dialogs.save_file(self, self.tr("Save the report"), default, "PDF (*.pdf)")
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> None:
        """Build the chosen report into `path` on the DB worker; progress shows meanwhile."""
        kind, params = self.kind.value(), self.params()
        self.save_button.setEnabled(False)
        self.progress.show()
        self.message.setText(self.tr("Building the report…"))
        ops.run_op(self, lambda ws: build_report(ws, kind, params, path), self._done, self._failed)

    def _done(self, path: Any) -> None:
        self.save_button.setEnabled(True)
        self.progress.hide()
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(self.tr("Saved: {path}").format(path=str(path)))
        self.saved.emit(str(path))

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        self.progress.hide()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))

    def drop_records(self) -> None:
        self.message.clear()
        self.case_number.clear()

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Reports"))
        texts = (
            self.tr("Report"),
            self.tr("Month"),
            self.tr("From month"),
            self.tr("To month"),
            self.tr("Theme (category)"),
            self.tr("Case number"),
            redaction_label(),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.kind.set_items(
            [
                (MONTHLY, self.tr("Monthly report")),
                (THEMATIC, self.tr("Thematic report")),
                (CASE, self.tr("Case summary")),
            ]
        )
        self.redact.set_items(redaction_items())
        self.category.set_items([(c, label) for c, label in fmt.category_items() if "." not in c])
        self.category.relabel()
        self.category.edit.setPlaceholderText(self.tr("All categories"))
        self.save_button.setText(self.tr("Save PDF…"))
        self.preview_button.setText(self.tr("Preview and print…"))
        self._kind_changed()
