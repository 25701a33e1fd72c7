"""Reports: choose the report and the period, save the PDF (built in the background)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Signal, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import fmt, i18n, ops
from desktop.ui.messages import error_text, show_error
from desktop.ui.widgets import CodeCombo, FoldedPicker

MONTHLY, THEMATIC, CASE = "monthly", "thematic", "case"


def build_report(ws: Any, kind: str, params: dict[str, Any], out_path: Path) -> Path:
    """Runs on the DB worker: `ws.reports` builds the printout, saved where the user chose."""
    if kind == MONTHLY:
        csv_path = params.get("csv_path")
        printout = ws.reports.monthly(params["month"], csv=csv_path is not None)
        return printout.save(out_path, csv_path)
    if kind == THEMATIC:
        printout = ws.reports.thematic(
            params["from"], params["to"], category=params.get("category") or None
        )
        return printout.save(out_path)
    return ws.reports.case_summary(params["number"], params.get("redact", "full")).save(out_path)


def save_case_summary(parent: QWidget, number: str) -> None:
    """From the case view: ask where, then build the case summary in the background."""
    path, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("ReportsPage", "Save the case summary"),
        f"{number}.pdf",
        "PDF (*.pdf)",
    )
    if path:
        ops.run_op(
            parent,
            lambda ws: build_report(ws, CASE, {"number": number}, Path(path)),
            None,
            lambda error: show_error(parent, error),
        )


def month_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat("MM/yyyy")
    edit.setCalendarPopup(False)
    today = QDate.currentDate()
    edit.setDate(QDate(today.year(), today.month(), 1))
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
        self.month = month_edit(self)
        self.month.setObjectName("report_month")
        self.from_month = month_edit(self)
        self.to_month = month_edit(self)
        self.category = FoldedPicker(self)
        self.case_number = QLineEdit(self)
        self.case_number.setObjectName("case_number")
        self.redact = CodeCombo(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_pdf")
        self.save_button.clicked.connect(self.choose_file)
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
        inner.addWidget(self.save_button)
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
    def choose_file(self) -> None:
        default = {
            MONTHLY: "bao-cao-thang.pdf",
            THEMATIC: "bao-cao-chuyen-de.pdf",
            CASE: "tom-tat-ho-so.pdf",
        }[self.kind.value()]
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report"), default, "PDF (*.pdf)"
        )
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
            self.tr("Privacy"),
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
        self.redact.set_items(
            [
                ("full", self.tr("Full (for the case file)")),
                ("referral", self.tr("For a referral (no caller identity)")),
                ("anonymous", self.tr("Anonymous (initials, birth year)")),
            ]
        )
        self.category.set_items([(c, label) for c, label in fmt.category_items() if "." not in c])
        self.category.relabel()
        self.category.edit.setPlaceholderText(self.tr("All categories"))
        self.save_button.setText(self.tr("Save PDF…"))
        self._kind_changed()
