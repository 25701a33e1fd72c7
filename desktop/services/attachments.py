"""`ws.attachments`: letters, scans and photos kept with a contact or a case (issue 16).

The bytes live only inside the encrypted database (`desktop.db.attachments`: chunks of
256 KiB under their SHA-256); the synced `attachment` record says what the file is. Nothing
here writes a clear file except where the user asks (`save`, through the output rule) or
a viewer needs one (`temporary_file`, wiped when it closes).

Limits (docs/admin-guide.md "Attachments"): a file at most MAX_FILE_BYTES; a contact or a
case at most MAX_OWNER_BYTES of live attachments; only PDF, JPEG, PNG and TIFF, whose
content must be what the file name's extension says (sniffed with `filetype`) and must
decode whole (a PDF opens in PDFium; an image, every TIFF page, decodes with Pillow to its
last pixel and has at most MAX_PIXELS pixels). Every read of the content is audited (`view`; `export` for a save).
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import filetype
import pypdfium2 as pdfium
from PIL import Image, ImageSequence

from desktop.db import attachments as chunks
from desktop.db import repository
from desktop.domain.ids import utc_now
from desktop.domain.records import ATTACHMENT, CASE, CONTACT
from desktop.errors import NotFound, ValidationError
from desktop.services import errors
from desktop.services.base import store_errors_as_user_errors
from desktop.services.types import Saved

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace

MAX_FILE_BYTES = 25 * 1024 * 1024  # one file: a 20-page colour scan at 300 dpi fits
MAX_OWNER_BYTES = 200 * 1024 * 1024  # every live attachment of one contact or case
# pixels in one image (one page of a TIFF): an A4 page at 600 dpi is ~35 million; Qt, which
# draws the thumbnail and preview, refuses images over 256 MB of memory (64 Mpx at 32 bits)
MAX_PIXELS = 50_000_000
# media type -> the file-name extensions that may carry it
MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/tiff": (".tif", ".tiff"),
}
_KIND_VI = {
    "application/pdf": "tệp PDF",
    "image/jpeg": "ảnh JPEG",
    "image/png": "ảnh PNG",
    "image/tiff": "ảnh TIFF",
}
ATTACHMENT_WHAT = ("tệp đính kèm", "attachment")


@dataclass(frozen=True)
class AttachmentInfo:
    """One attachment as listed: id (UUIDv7), owner_entity ("contact" | "case"),
    owner_number (the contact's or case's number), file_name (no folder), media_type,
    size (bytes), sha256 (hex, of the whole file), added_by (username), added_at (UTC
    ISO-8601 text), here (True when the content is on this desk; False: it is still on
    central, `ws.sync.fetch_attachment` brings it)."""

    id: str
    owner_entity: str
    owner_number: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    added_by: str
    added_at: str
    here: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner": self.owner_number,
            "owner_kind": self.owner_entity,
            "file_name": self.file_name,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "added_by": self.added_by,
            "added_at": self.added_at,
            "here": self.here,
        }


def _refused(vi: str, en: str) -> ValidationError:
    return ValidationError({"file": (vi, en)})


def size_text(size: int) -> str:
    """'25 MiB', '1.5 MiB', '4,096 bytes' (the limits as messages name them)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.4g} MiB"
    return f"{size:,} bytes"


def _too_large() -> ValidationError:
    limit = size_text(MAX_FILE_BYTES)
    return _refused(
        f"Tệp quá lớn: tối đa {limit} mỗi tệp.",
        f"The file is too large: at most {limit} per file.",
    )


def sniff(data: bytes, file_name: str) -> str:
    """The media type of `data`, checked against the extension of `file_name`.
    ValidationError (field "file") when the file is empty, too large, of a kind not
    accepted, or not what its extension says."""
    if not data:
        raise _refused("Tệp rỗng (0 byte).", "The file is empty (0 bytes).")
    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    ext = os.path.splitext(file_name)[1].lower()
    claimed = next((m for m, exts in MEDIA_TYPES.items() if ext in exts), None)
    if claimed is None:
        raise _refused(
            "Chỉ nhận tệp PDF, JPEG, PNG hoặc TIFF (đuôi .pdf, .jpg, .png, .tif).",
            "Only PDF, JPEG, PNG or TIFF files are accepted (.pdf, .jpg, .png, .tif).",
        )
    kind = filetype.guess(data)
    actual = kind.mime if kind is not None else None
    if actual == claimed:
        _check_decodes(data, claimed)
    if actual != claimed:
        what_vi = _KIND_VI.get(actual or "", "không phải loại tệp được nhận")
        what_en = {
            "application/pdf": "a PDF",
            "image/jpeg": "a JPEG image",
            "image/png": "a PNG image",
            "image/tiff": "a TIFF image",
        }.get(actual or "", "none of the accepted kinds")
        raise _refused(
            f"Tệp có đuôi {ext} nhưng nội dung là {what_vi}: không nhận.",
            f"The file is named {ext} but its content is {what_en}: refused.",
        )
    return claimed


_KIND_EN = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
}


def _damaged(media_type: str) -> ValidationError:
    kind = _KIND_EN[media_type]
    return _refused(
        f"Tệp {kind} bị hỏng hoặc không đầy đủ (không đọc được hết): không nhận.",
        f"The {kind} file is damaged or incomplete (it cannot be read to the end): refused.",
    )


def _check_decodes(data: bytes, media_type: str) -> None:
    """Refuse `data` (already sniffed as `media_type`) unless it can be shown: a PDF must
    open in PDFium with at least one page; an image (every page of a TIFF) must decode to
    its last pixel with Pillow and hold at most MAX_PIXELS pixels a page. ValidationError
    (field "file"): "damaged PDF/JPEG/PNG/TIFF" or "too many pixels"."""
    if media_type == "application/pdf":
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            raise _damaged(media_type) from None
        try:
            if len(document) == 0:
                raise _damaged(media_type)
        finally:
            document.close()
        return
    try:
        with Image.open(io.BytesIO(data)) as image:
            for page in ImageSequence.Iterator(image):
                width, height = page.size
                if width * height > MAX_PIXELS:
                    raise _too_many_pixels(f"{width}×{height}")
                page.load()
    except Image.DecompressionBombError:  # Pillow's own ceiling, far above MAX_PIXELS
        raise _too_many_pixels("") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _damaged(media_type) from None


def _too_many_pixels(size: str) -> ValidationError:
    most = MAX_PIXELS // 1_000_000
    return _refused(
        f"Ảnh quá lớn{' (' + size + ' điểm ảnh)' if size else ''}: tối đa {most} triệu "
        "điểm ảnh mỗi ảnh hoặc mỗi trang.",
        f"The image is too large{' (' + size + ' pixels)' if size else ''}: at most {most} "
        "million pixels an image or page.",
    )


def _wipe(path: Path) -> None:
    """Overwrite a temporary copy with zeros, flush it to the disk, remove it."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


@store_errors_as_user_errors
class AttachmentsPart:
    """The attachments of one workspace (`ws.attachments`), on the workspace's thread."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    # --- owners and permissions ---------------------------------------------------------

    def _owner(self, number: str, write: bool) -> dict[str, Any]:
        """The contact or case `number` (or id), with the right to read or write it."""
        ws = self._ws
        key = str(number).strip()
        for entity in (CONTACT, CASE):
            record = repository.get(ws.conn, entity, key) or repository.get_by_number(
                ws.conn, entity, key.upper()
            )
            if record is not None and not record.get("deleted"):
                if entity == CONTACT:
                    ws._require("contact.update" if write else "contact.read")
                else:
                    ws._require(
                        "case.update" if write else "case.read",
                        assigned_to=record.get("assigned_to") or None,
                    )
                record["_entity"] = entity
                return record
        raise errors.not_found("cuộc liên hệ hoặc hồ sơ", "contact or case", key)

    def _record(self, attachment_id: str) -> dict[str, Any]:
        """The attachment `attachment_id`, with the right to read its owner."""
        ws = self._ws
        record = repository.get(ws.conn, ATTACHMENT, str(attachment_id).strip())
        if record is None or record.get("deleted"):
            raise errors.not_found(*ATTACHMENT_WHAT, str(attachment_id))
        owner = repository.get(ws.conn, record["owner_entity"], record["owner_id"])
        if owner is None:
            raise errors.not_found(*ATTACHMENT_WHAT, str(attachment_id))
        action = "contact.read" if record["owner_entity"] == CONTACT else "case.read"
        ws._require(action, assigned_to=owner.get("assigned_to") or None)
        record["_owner_number"] = owner.get("number", "")
        return record

    # --- writing ------------------------------------------------------------------------

    def add(self, number: str, data: bytes, file_name: str) -> Saved:
        """Attach `data` (the file's bytes) named `file_name` to the contact or case
        `number`: sniffed (`sniff`), limited, stored encrypted as chunks with its record
        (what, size, SHA-256, who, when) in one transaction; audited `create`. Returns
        Saved(id, "", "attachment"). ValidationError (field "file": empty, too large, not
        accepted, not what its extension says, or the owner's total over MAX_OWNER_BYTES),
        PermissionDenied, NotFound."""
        ws = self._ws
        owner = self._owner(number, write=True)
        name = os.path.basename(str(file_name).replace("\\", "/")).strip() or "tệp"
        media_type = sniff(data, name)
        held = ws.conn.execute(
            "SELECT coalesce(sum(size), 0) FROM attachment WHERE owner_id = ? AND deleted = 0",
            (owner["id"],),
        ).fetchone()[0]
        if int(held) + len(data) > MAX_OWNER_BYTES:
            limit = size_text(MAX_OWNER_BYTES)
            raise _refused(
                f"Vượt giới hạn {limit} tệp đính kèm cho mỗi cuộc liên hệ hoặc hồ sơ.",
                f"Over the limit of {limit} of attachments per contact or case.",
            )
        pieces = list(chunks.split(data))
        with ws.store.transaction() as conn:
            chunks.put_chunks(conn, pieces)
            record = repository.create(
                conn,
                ws.actor,
                ATTACHMENT,
                {
                    "owner_entity": owner["_entity"],
                    "owner_id": owner["id"],
                    "file_name": name,
                    "media_type": media_type,
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "chunks": [d for d, _ in pieces],
                    "added_at": utc_now(),
                    "province_code": owner.get("province_code") or ws.province_code,
                },
            )
        return Saved(record["id"], "", ATTACHMENT, frozenset({ATTACHMENT}))

    def add_file(self, number: str, path: str | os.PathLike[str]) -> Saved:
        """`add` with the content read from the file at `path` (its name kept).
        ValidationError (field "file") when it cannot be read or is over the limit."""
        path = Path(path)
        try:
            size = path.stat().st_size
            if path.is_dir():
                raise IsADirectoryError(str(path))
            if size > MAX_FILE_BYTES:
                raise _too_large()
            data = path.read_bytes()
        except OSError as exc:
            raise _refused(
                f"Không đọc được tệp ({exc.strerror or type(exc).__name__}).",
                f"Cannot read the file ({exc.strerror or type(exc).__name__}).",
            ) from exc
        return self.add(number, data, path.name)

    # --- reading ------------------------------------------------------------------------

    def list(self, number: str) -> list[AttachmentInfo]:
        """The live attachments of the contact or case `number`, oldest first.
        PermissionDenied, NotFound."""
        ws = self._ws
        owner = self._owner(number, write=False)
        rows = repository.select(
            ws.conn, ATTACHMENT, "owner_id = ? AND deleted = 0", (owner["id"],), "ORDER BY id"
        )
        return [self._info(r, owner.get("number", "")) for r in rows]

    def info(self, attachment_id: str) -> AttachmentInfo:
        """One attachment's description (no content read, nothing audited)."""
        record = self._record(attachment_id)
        return self._info(record, record["_owner_number"])

    def _info(self, record: dict[str, Any], owner_number: str) -> AttachmentInfo:
        here = not chunks.missing(self._ws.conn, record["chunks"])
        return AttachmentInfo(
            record["id"],
            record["owner_entity"],
            owner_number,
            record["file_name"],
            record["media_type"],
            int(record["size"]),
            record["sha256"],
            record["created_by"],
            record["added_at"] or record["created_at"],
            here,
        )

    def content(self, attachment_id: str, *, purpose: str = "view", reason: str = "") -> bytes:
        """The file's bytes, checked against its SHA-256, for showing in the app (kept in
        memory only); audited `view` with the attachment's id and size (and `reason`:
        "thumbnail" or "preview" in the app). NotFound when the
        content is not on this desk yet (a sync brings it: `ws.sync.fetch_attachment`),
        StoreError when it does not match its hash."""
        ws = self._ws
        record = self._record(attachment_id)
        data = chunks.assemble(ws.conn, record["chunks"])
        if data is None:
            raise NotFound(
                "Nội dung tệp chưa có trên máy này; hãy đồng bộ để tải về.",
                "The file's content is not on this desk yet; sync to download it.",
                key=record["id"],
            )
        if hashlib.sha256(data).hexdigest() != record["sha256"]:
            raise errors.damaged_attachment(record["id"])
        detail: dict[str, Any] = {"bytes": len(data)}
        if reason:
            detail["shown_as"] = reason  # "thumbnail" | "preview"
        ws._audit(purpose, ATTACHMENT, record["id"], detail)
        return data

    def save(self, attachment_id: str, path: str | os.PathLike[str]) -> Path:
        """Write the file to `path` the user chose (the output rule: never the desk's own
        files; atomic); audited `export`. Returns the path. OutputRefused, NotFound."""
        ws = self._ws
        ws.check_output_path(path)
        data = self.content(attachment_id, purpose="export")
        return ws.save_output(path, data)

    @contextmanager
    def temporary_file(self, attachment_id: str) -> Iterator[Path]:
        """For a viewer that can only read a file: a copy in a new private folder (0700,
        a random name, under the system's temp folder), audited `view`; when the `with`
        block ends, even by an error, the copy is overwritten with zeros, flushed and
        removed, and the folder too."""
        data = self.content(attachment_id)
        record = self._record(attachment_id)
        folder = Path(tempfile.mkdtemp(prefix="caseline-view-"))
        os.chmod(folder, 0o700)
        ext = MEDIA_TYPES.get(record["media_type"], (".bin",))[0]
        path = folder / f"{secrets.token_hex(8)}{ext}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            yield path
        finally:
            for leftover in folder.glob("*"):
                _wipe(leftover)
            shutil.rmtree(folder, ignore_errors=True)
