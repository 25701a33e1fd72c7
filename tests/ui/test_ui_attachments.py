"""Attachments and the sync packet in the app (issue 16): thumbnails and a page preview
drawn in memory, refusals in Vietnamese, the admin's packet actions. Screenshots with
CASELINE_SCREENSHOTS=1 (docs/screenshots/ui-attachments.png, ui-admin-packet.png)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from ui_support import PASSWORDS, wait_idle

from desktop.services import Workspace
from desktop.ui.attachments import AttachmentViewer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from attachment_files import pdf, png, tiff  # noqa: E402

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MARKER = b"CASELINE-UI-MARKER-3b1f"
CONTACT = {
    "received_at": "2026-10-03T14:05:00+07:00",
    "channel": "letter",
    "call_type": "counselling",
    "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905123456"},
    "children": [{"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014,
                  "province_code": "48", "commune_code": "20242"}],
    "categories": ["violence.physical"], "services": ["counselling"], "risk": "high",
    "summary": "Thư của mẹ kèm giấy khám bệnh.",
}  # fmt: skip


def _case_with_files(desk: Path) -> tuple[str, str]:
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        contact = ws.record_contact(CONTACT)
        case = ws.open_case(contact.number)
        ws.attachments.add(case.number, pdf("Giấy khám bệnh — Bệnh viện Đà Nẵng"), "giay-kham.pdf")
        ws.attachments.add(case.number, png(120, 90, marker=MARKER), "anh-vet-thuong.png")
    return case.id, case.number


def test_a_case_shows_its_attachments_as_thumbnails_and_previews_pages_in_memory(
    signed_in, desk, qtbot, tmp_path
):
    started = time.time()
    case_id, _number = _case_with_files(desk)
    main = signed_in("hoa")
    main.open_case(case_id)
    panel = main.case_view.attachments
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10000)
    icons = [panel.list.item(i).icon() for i in range(2)]
    assert all(not icon.isNull() for icon in icons)  # a thumbnail for the PDF and the photo
    assert panel.heading.text() == "Tệp đính kèm (thư, bản quét, ảnh)"
    panel.list.setCurrentRow(0)
    viewer = panel.open_preview(panel._current())
    qtbot.waitUntil(lambda: bool(getattr(viewer, "page_labels", None)), timeout=10000)
    assert "1 trang" in viewer.message.text()
    assert viewer.page_labels[0].pixmap().width() > 400  # the page, drawn at 100 dpi
    if os.environ.get("CASELINE_SCREENSHOTS"):
        SHOTS.mkdir(exist_ok=True)
        main.grab().save(str(SHOTS / "ui-attachments.png"))
        viewer.grab().save(str(SHOTS / "ui-attachment-preview.png"))
    viewer.accept()
    wait_idle(qtbot, main)
    leaks = [
        p
        for folder in (desk, Path(tempfile.gettempdir()))
        for p in folder.rglob("*")
        if p.is_file() and p.stat().st_mtime >= started - 1 and _holds(p, MARKER)
    ]
    assert leaks == []
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        shown = ws.conn.execute(
            "SELECT count(*) FROM audit_event WHERE action = 'view' AND entity = 'attachment'"
        ).fetchone()[0]
    assert shown >= 3  # two thumbnails and a preview, each audited


def _holds(path: Path, marker: bytes) -> bool:
    try:
        return marker in path.read_bytes()
    except OSError:
        return False


def test_a_misnamed_file_is_refused_in_vietnamese_and_nothing_is_attached(
    signed_in, desk, qtbot, tmp_path
):
    case_id, _number = _case_with_files(desk)
    main = signed_in("hoa")
    main.open_case(case_id)
    panel = main.case_view.attachments
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10000)
    fake = tmp_path / "cong-van.pdf"
    fake.write_bytes(png())
    panel.add_file(str(fake))
    qtbot.waitUntil(lambda: "đuôi .pdf" in panel.message.text(), timeout=10000)
    assert "ảnh PNG" in panel.message.text()
    good = tmp_path / "thu-tay.png"
    good.write_bytes(png(64, 64))
    panel.add_file(str(good))
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=10000)


def test_the_admin_page_offers_the_sync_packet_and_says_why_it_cannot_yet(
    signed_in, qtbot, tmp_path
):
    main = signed_in("admin")
    admin = main.page("admin")
    assert admin.export_packet_button.text() == "Xuất gói đồng bộ…"
    assert admin.import_packet_button.text() == "Nhập gói trả lời…"
    admin.export_packet(tmp_path / "goi.clpkt")
    qtbot.waitUntil(lambda: "chưa đăng ký" in admin.message.text(), timeout=10000)
    assert not (tmp_path / "goi.clpkt").exists()
    junk = tmp_path / "tra-loi.clpkt"
    junk.write_bytes(b"not a packet")
    admin.import_packet(junk)
    qtbot.waitUntil(lambda: "không phải gói đồng bộ" in admin.message.text(), timeout=10000)
    if os.environ.get("CASELINE_SCREENSHOTS"):
        main.show_page("admin")
        qtbot.wait(50)
        main.grab().save(str(SHOTS / "ui-admin-packet.png"))


assert AttachmentViewer  # the viewer class the panel opens


def test_a_multi_page_tiff_scan_previews_every_page(signed_in, desk, qtbot):
    """Review i16 #2: a 3-page TIFF (a faxed letter) showed only its first page ("1 trang")."""
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws:
        case = ws.open_case(ws.record_contact({**CONTACT, "summary": "Thư fax ba trang."}).number)
        ws.attachments.add(case.number, tiff(3), "thu-fax.tif")
    main = signed_in("hoa")
    main.open_case(case.id)
    panel = main.case_view.attachments
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10000)
    panel.list.setCurrentRow(0)
    viewer = panel.open_preview(panel._current())
    qtbot.waitUntil(lambda: bool(getattr(viewer, "page_labels", None)), timeout=10000)
    assert "3 trang" in viewer.message.text()
    greys = [label.pixmap().toImage().pixel(1, 1) & 0xFF for label in viewer.page_labels]
    assert greys == [40, 100, 160]  # each page its own, in order
    viewer.accept()
    wait_idle(qtbot, main)


def test_the_admin_sets_other_desks_attachments_to_download_at_every_sync(signed_in, desk, qtbot):
    """Review i16 #4: the admin guide said "set attachments.download = all", but nothing
    could set it. The Admin page's settings now can; the desk keeps it."""
    main = signed_in("admin")
    admin = main.page("admin")
    choice = admin.attachment_download
    assert [choice.itemText(i) for i in range(2)] == [
        "Tải về khi mở tệp",
        "Tải hết mỗi lần đồng bộ",
    ]
    assert choice.currentIndex() == 0  # the default: on demand
    choice.setCurrentIndex(1)
    admin.save_settings_button.click()
    qtbot.waitUntil(lambda: admin.message.text() == "Đã lưu cài đặt.", timeout=5000)
    wait_idle(qtbot, main)
    with Workspace.open(desk, "admin", PASSWORDS["admin"]) as ws:
        assert ws.get_setting("attachments.download") == "all"
        assert ws.preferences().attachment_download == "all"
        ws.save_preferences(ws.preferences().__class__(10.0, 300, "", "on_demand"))
    if os.environ.get("CASELINE_SCREENSHOTS"):
        main.show_page("admin")
        qtbot.wait(50)
        main.grab().save(str(SHOTS / "ui-admin-attachment-download.png"))
