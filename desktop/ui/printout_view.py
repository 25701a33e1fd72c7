"""Preview, print and save a printout (a report or a case summary) without leaving the app.

The pages are drawn from the PDF bytes `ws.reports` returns with pypdfium2 (PDFium; the
PySide6-Essentials wheel carries no QtPdf module). Printing goes through the operating
system's print dialog (`QPrintDialog`, QtPrintSupport): each page is drawn at the
printer's resolution. "Save PDF…" writes the bytes where the user chooses and says where.
Nothing is written anywhere else: the preview lives in memory only.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import CaselineError
from desktop.ui import file_dialogs, i18n, ops
from desktop.ui.messages import error_text

PREVIEW_DPI = 96.0
PRINT_DPI_CAP = 300.0  # enough for text; a 1200 dpi printer would need 140 MB per page


def render_pages(pdf: bytes, dpi: float = PREVIEW_DPI) -> list[QImage]:
    """Every page of `pdf` as an image at `dpi` (any thread: QImage, not QPixmap)."""
    images = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            images.append(_page_image(document, index, dpi))
    finally:
        document.close()
    return images


def _page_image(document: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72.0)
        picture = bitmap.to_pil().convert("RGB")
    finally:
        page.close()
    data = picture.tobytes()
    image = QImage(
        data, picture.width, picture.height, 3 * picture.width, QImage.Format.Format_RGB888
    )
    return image.copy()  # own the pixels: `data` goes away


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The 0-based indexes of the pages of a `count`-page document the print dialog chose,
    in order, each once: its page list ("1,3", "2-4,6": `QPrinter.pageRanges()`, 1-based,
    clipped to the document), else its range ("from" to "to"), else every page."""
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        spans = [(r.from_, r.to) for r in printer.pageRanges().toRangeList()]
        if not spans and printer.fromPage() > 0:
            spans = [(printer.fromPage(), printer.toPage() or count)]
        if spans:
            chosen = sorted(
                {n for first, last in spans for n in range(max(first, 1), min(last, count) + 1)}
            )
            return [n - 1 for n in chosen]
    return list(range(count))


def print_pdf(printout: Any, printer: QPrinter) -> int:
    """Send the pages of `printout` (a `ws.reports` Printout: `pdf` bytes, `save(path)`)
    the print dialog chose (`chosen_pages`) to `printer`; returns the number of pages sent.

    To a PDF file ("Print to file"): those pages of the PDF itself, text kept (a 2-page
    copy of a case summary is a few kB), written by `Printout.save` like "Save PDF…": the
    desk's own files are refused (OutputRefused, nothing written) and the file is replaced
    atomically. To a printer: each page drawn at the printer's
    resolution (at most `PRINT_DPI_CAP`), in grey when the printer is set to grey, scaled
    to the printable area with its proportions kept (about 1.5 MB a page in colour at
    300 dpi: the spool holds the chosen pages only). OSError when the printer or the file
    cannot be opened."""
    document = pdfium.PdfDocument(printout.pdf)
    try:
        pages = chosen_pages(printer, len(document))
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            copy = pdfium.PdfDocument.new()
            try:
                copy.import_pages(document, pages)
                handle = io.BytesIO()
                copy.save(handle)
            finally:
                copy.close()
            chosen = dataclasses.replace(printout, pdf=handle.getvalue(), csv=None, xlsx=None)
            chosen.save(printer.outputFileName())
            return len(pages)
        dpi = min(float(printer.resolution()), PRINT_DPI_CAP)
        grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be opened")
        try:
            for n, index in enumerate(pages):
                if n:
                    printer.newPage()
                image = _page_image(document, index, dpi)
                if grey:
                    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
                area = painter.viewport()
                scale = min(area.width() / image.width(), area.height() / image.height())
                width, height = image.width() * scale, image.height() * scale
                painter.drawImage(QRectF(0, 0, width, height), image)
        finally:
            painter.end()
        return len(pages)
    finally:
        document.close()


class PrintoutDialog(i18n.RetranslatedOnLanguageChange, QDialog):
    """The pages of one printout, with "Print…" and "Save PDF…". `printout` is a
    `ws.reports` Printout (`pdf` bytes, `save(path)`); `images` its pages, rendered off
    the GUI thread by `preview_printout`."""

    saved = Signal(str)

    def __init__(
        self, printout: Any, images: list[QImage], file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printout_dialog")
        self.printout = printout
        self.file_name = file_name
        self.confirmation: QMessageBox | None = None
        self.pages_label = QLabel(self)
        self.pages = QWidget(self)
        column = QVBoxLayout(self.pages)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels = []
        for image in images:
            label = QLabel(self.pages)
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #9aa8b5; background: white;")
            column.addWidget(label)
            self.page_labels.append(label)
        scroll = QScrollArea(self)
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(False)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("print_printout")
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_printout")
        self.save_button.clicked.connect(self.choose_file)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        self.message = QLabel(self)
        self.message.setObjectName("printout_message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        width = images[0].width() + 60 if images else 700
        self.resize(min(width, 1000), 900)
        self.retranslate_ui()

    @Slot()
    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        document = pdfium.PdfDocument(self.printout.pdf)
        count = len(document)
        document.close()
        printer.setFromTo(1, count)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, count)  # the range the dialog offers: this printout's pages
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        try:
            pages = print_pdf(self.printout, printer)
        except (OSError, CaselineError) as error:
            self._show_error(error)
            return
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(self.tr("Sent {pages} pages to the printer.").format(pages=pages))

    @Slot()
    def choose_file(self) -> None:
        path = file_dialogs.save_file(self, self.tr("Save the PDF"), self.file_name, "PDF (*.pdf)")
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the PDF on the worker (a slow or full disk never freezes the window),
        then say where it went."""
        printout = self.printout
        self.save_button.setEnabled(False)
        ops.run_op(self, lambda ws: printout.save(path), self._saved, self._show_error)

    def _saved(self, path: Any) -> None:
        self.save_button.setEnabled(True)
        text = self.tr("Saved the PDF as {path}").format(path=str(path))
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(text)
        self.confirmation = QMessageBox(QMessageBox.Icon.Information, self.windowTitle(), text,
                                        QMessageBox.StandardButton.Ok, self)  # fmt: skip
        self.confirmation.open()
        self.saved.emit(str(path))

    def _show_error(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Preview"))
        self.pages_label.setText(self.tr("{pages} pages").format(pages=len(self.page_labels)))
        self.print_button.setText(self.tr("Print…"))
        self.save_button.setText(self.tr("Save PDF…"))
        self.close_button.setText(self.tr("Close"))


def redaction_items() -> list[tuple[str, str]]:
    """The redaction profiles of a case summary, named alike on the case page and the
    reports page (and as the PDF names them: "Mức che thông tin")."""
    return [
        ("full", QCoreApplication.translate("Redaction", "Full (for the case file)")),
        (
            "referral",
            QCoreApplication.translate("Redaction", "For a referral (no caller identity)"),
        ),
        (
            "anonymous",
            QCoreApplication.translate(
                "Redaction", "Anonymous (initials, birth year, no free text)"
            ),
        ),
    ]


def redaction_label() -> str:
    return QCoreApplication.translate("Redaction", "Redaction level")


def preview_printout(
    parent: QWidget,
    make: Callable[[Any], Any],
    file_name: str,
    failure: Callable[[BaseException], None],
    opened: Callable[[PrintoutDialog], None] | None = None,
) -> None:
    """Build a printout with `make(ws)` on the DB worker, render its pages there too,
    then open the preview (`opened(dialog)` is told, e.g. for a test or a status line)."""

    def work(ws: Any) -> tuple[Any, list[QImage]]:
        printout = make(ws)
        return printout, render_pages(printout.pdf)

    def show(result: tuple[Any, list[QImage]]) -> None:
        printout, images = result
        dialog = PrintoutDialog(printout, images, file_name, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        if opened is not None:
            opened(dialog)

    ops.run_op(parent, work, show, failure)
