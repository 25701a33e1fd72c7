"""Real files for the attachment tests: PNGs (optionally carrying a marker in a tEXt chunk,
which PNG keeps verbatim) and a one-page PDF drawn by ReportLab."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(
    width: int = 8, height: int = 8, *, marker: bytes = b"", noise: bool = False, seed: int = 1
) -> bytes:
    """An RGB PNG; `noise`: random pixels stored uncompressed (a scan-sized file that does
    not shrink), else grey. `marker` goes into a tEXt chunk."""
    rng = random.Random(seed)
    row = 3 * width
    if noise:
        raw = b"".join(b"\0" + rng.randbytes(row) for _ in range(height))
        data = zlib.compress(raw, 0)
    else:
        data = zlib.compress((b"\0" + b"\x80" * row) * height)
    out = b"\x89PNG\r\n\x1a\n" + _chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    )
    if marker:
        out += _chunk(b"tEXt", b"Comment\0" + marker)
    return out + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def scan_png(megabytes: float, *, marker: bytes = b"", seed: int = 1) -> bytes:
    """A noise PNG of about `megabytes` MB (10^6 bytes)."""
    side = int((megabytes * 1_000_000 / 3) ** 0.5)
    return png(side, side, marker=marker, noise=True, seed=seed)


FONT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "DejaVuSans.ttf"


def pdf(text: str = "Công văn số 12/UBND") -> bytes:
    """A one-page A4 PDF with `text` (DejaVu Sans: Vietnamese diacritics print)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("DejaVu", 14)
    page.drawString(72, 760, text)
    page.setFont("DejaVu", 11)
    for i, line in enumerate(
        ["Họ và tên: Đặng Thị Hoà, 12 tuổi", "Chẩn đoán: bầm tím cẳng tay trái, vết trầy ở gối",
         "Ngày khám: 03/10/2026", "Bác sĩ điều trị: (đã ký)"]
    ):  # fmt: skip
        page.drawString(72, 720 - 20 * i, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def jpeg(width: int = 64, height: int = 48, *, seed: int = 1) -> bytes:
    """A noise JPEG drawn by Pillow (quality 90)."""
    from PIL import Image

    image = Image.frombytes(
        "RGB", (width, height), random.Random(seed).randbytes(3 * width * height)
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def tiff(pages: int = 3, width: int = 40, height: int = 56) -> bytes:
    """A `pages`-page TIFF (a faxed letter), each page a different grey, drawn by Pillow."""
    from PIL import Image

    frames = [Image.new("L", (width, height), 40 + 60 * i) for i in range(pages)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def wide_png(width: int, height: int) -> bytes:
    """A 1-bit black PNG of `width`×`height` pixels: small on disk, huge once decoded."""
    row = b"\0" + b"\0" * ((width + 7) // 8)
    data = zlib.compress(row * height, 9)
    out = b"\x89PNG\r\n\x1a\n" + _chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    )
    return out + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")
