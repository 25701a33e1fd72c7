"""Attachments in the app (issue 16): thumbnails, an in-app preview, Add…, Save as….

Nothing here writes a clear file: the bytes come from `ws.attachments.content` (audited,
SHA-256 checked) into memory, images are decoded by Qt (JPEG, PNG, TIFF) and PDF pages
drawn by PDFium (`printout_view.render_pages`), all on the DB worker (QImage, never a
widget there). Only "Save as…" writes, where the user chooses, audited as an export.
A file another desk attached is fetched from central when first previewed.
"""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import file_dialogs, i18n, ops
from desktop.ui.messages import error_text
from desktop.ui.printout_view import _page_image, render_pages

THUMB = 96  # pixels, the longer side
PREVIEW_DPI = 100
MAX_PAGES = 500  # a TIFF's pages shown in the preview (a fax or scan has a few)
FILTER = "PDF, JPEG, PNG, TIFF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)"


def images_of(data: bytes, media_type: str, dpi: float = PREVIEW_DPI) -> list[QImage]:
    """The file's pages as images (a PDF's every page; a multi-page TIFF's every page,
    at most MAX_PAGES; a JPEG or PNG itself). Any thread."""
    if media_type == "application/pdf":
        return render_pages(data, dpi)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    pages: list[QImage] = []
    for _ in range(max(1, min(reader.imageCount(), MAX_PAGES))):
        image = reader.read()
        if image.isNull():
            break
        pages.append(image)
        if not reader.jumpToNextImage():
            break
    del reader  # before its device: Qt's TIFF reader closes its file through the buffer
    buffer.close()
    return pages


def thumbnail_of(data: bytes, media_type: str) -> QImage | None:
    """A THUMB-pixel picture of the file's first page, or None when it does not draw."""
    if media_type == "application/pdf":
        document = pdfium.PdfDocument(data)
        try:
            image = _page_image(document, 0, 24) if len(document) else None
        finally:
            document.close()
    else:
        image = QImage.fromData(data)
    if image is None or image.isNull():
        return None
    return image.scaled(
        THUMB,
        THUMB,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    return f"{max(1, size // 1024)} KiB"


class AttachmentsPanel(i18n.RetranslatedOnLanguageChange, QWidget):
    """The attachments of one contact or case, as thumbnails with the actions on them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachments_panel")
        self.number = ""
        self.items: list[Any] = []
        self.heading = QLabel(self)
        self.list = QListWidget(self)
        self.list.setObjectName("attachments")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 60, THUMB + 44))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(THUMB + 60)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.itemActivated.connect(lambda _item: self.preview())
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_attachment")
        self.add_button.clicked.connect(self.choose_file)
        self.view_button = QPushButton(self)
        self.view_button.setObjectName("view_attachment")
        self.view_button.clicked.connect(self.preview)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_attachment")
        self.save_button.clicked.connect(self.save_as)
        self.message = QLabel(self)
        self.message.setObjectName("attachments_message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.heading)
        buttons.addStretch(1)
        for button in (self.add_button, self.view_button, self.save_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        layout.addWidget(self.message)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Attachments (letters, scans, photos)"))
        self.add_button.setText(self.tr("Add a file…"))
        self.view_button.setText(self.tr("View"))
        self.save_button.setText(self.tr("Save as…"))

    # -- loading --------------------------------------------------------------------
    def show_owner(self, number: str) -> None:
        """Show the attachments of the contact or case `number` (thumbnails load on the
        DB worker; each thumbnail is an audited view)."""
        self.number = number

        def read(ws: Any) -> list[tuple[Any, QImage | None]]:
            out = []
            for info in ws.attachments.list(number):
                image = None
                if info.here:
                    data = ws.attachments.content(info.id, reason="thumbnail")
                    image = thumbnail_of(data, info.media_type)
                out.append((info, image))
            return out

        ops.run_op(self, read, self._show, self._failed)

    def _show(self, rows: list[tuple[Any, QImage | None]]) -> None:
        self.list.clear()
        self.items = [info for info, _ in rows]
        for info, image in rows:
            label = f"{info.file_name}\n{size_text(info.size)}"
            if not info.here:
                label += "\n" + self.tr("(on central)")
            item = QListWidgetItem(label)
            if image is not None:
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            item.setToolTip(
                self.tr("{name} — added by {user}").format(name=info.file_name, user=info.added_by)
            )
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(item)
        self.view_button.setEnabled(bool(rows))
        self.save_button.setEnabled(bool(rows))

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))

    def _current(self) -> Any | None:
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() else None)
        if item is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((i for i in self.items if i.id == wanted), None)

    # -- actions --------------------------------------------------------------------
    @Slot()
    def choose_file(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Attach a file"), FILTER)
        if path:
            self.add_file(path)

    def add_file(self, path: str) -> None:
        number = self.number

        def done(_saved: Any) -> None:
            self.message.setStyleSheet("color: #2e7d32;")
            self.message.setText(self.tr("File attached."))
            self.show_owner(number)
            self.changed.emit()

        ops.run_op(self, lambda ws: ws.attachments.add_file(number, path), done, self._failed)

    @Slot()
    def preview(self) -> None:
        info = self._current()
        if info is not None:
            self.open_preview(info)

    def open_preview(self, info: Any) -> AttachmentViewer:
        viewer = AttachmentViewer(info, self)
        viewer.finished.connect(viewer.deleteLater)
        viewer.open()
        return viewer

    @Slot()
    def save_as(self) -> None:
        info = self._current()
        if info is None:
            return
        path = file_dialogs.save_file(self, self.tr("Save the attachment"), info.file_name)
        if path:
            self.save_to(info, path)

    def save_to(self, info: Any, path: str) -> None:
        def op(ws: Any) -> Any:
            if not info.here:
                ws.sync.fetch_attachment(info.id)
            return ws.attachments.save(info.id, path)

        def done(_path: Any) -> None:
            self.message.setStyleSheet("color: #2e7d32;")
            self.message.setText(self.tr("Saved: {path}").format(path=path))

        ops.run_op(self, op, done, self._failed)


class AttachmentViewer(QDialog):
    """One attachment's pages, drawn in memory (never a file)."""

    def __init__(self, info: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachment_viewer")
        self.info = info
        self.setWindowTitle(info.file_name)
        self.pages = QWidget(self)
        self.pages_layout = QVBoxLayout(self.pages)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        self.message = QLabel(self.tr("Loading…"), self)
        self.message.setWordWrap(True)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.resize(820, 640)
        attachment_id, media_type, here = info.id, info.media_type, info.here

        def read(ws: Any) -> list[QImage]:
            if not here:
                ws.sync.fetch_attachment(attachment_id)  # another desk's file: from central
            return images_of(ws.attachments.content(attachment_id, reason="preview"), media_type)

        ops.run_op(self, read, self._show, self._failed)

    def _show(self, images: list[QImage]) -> None:
        self.page_labels = []
        for image in images:
            label = QLabel(self.pages)
            label.setPixmap(QPixmap.fromImage(image))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        self.message.setText(
            self.tr("{name}: {pages} page(s), {size}").format(
                name=self.info.file_name, pages=len(images), size=size_text(self.info.size)
            )
        )

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(error_text(error))
