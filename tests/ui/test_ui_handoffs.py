"""The national line in the app (issue 15): the national desk's home page counts its
handoffs (waiting, overdue, declined, outcomes) and opens them; it hands a contact off
with the dialog (the province proposed from the child's address, a refusal keeps the
dialog open); the province's incoming list shows the acceptance deadline, overdue in red,
and accepts or declines (a reason is required). Real desks, the real central on a thread,
real widgets offscreen. Screenshots: into docs/screenshots/ with CASELINE_SCREENSHOTS=1
(so a test run leaves the checkout as it was), else into the test's temporary folder."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from ui_support import PASSWORDS, log_in, make_desk, wait_idle

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from sync_harness import Central, contact  # noqa: E402

from desktop.services import Workspace  # noqa: E402
from desktop.sync import SyncEngine, enroll  # noqa: E402

DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(widget, name: str, tmp_path: Path) -> Path:
    folder = DOCS_SHOTS if os.environ.get("CASELINE_SCREENSHOTS") else tmp_path
    path = folder / f"ui-{name}.png"
    assert widget.grab().save(str(path))
    return path


URGENT_HOURS = 0.0003  # ~1 s: the urgent handoff is overdue by the time the app opens


def _national_desk(data_dir: Path) -> Path:
    Workspace.init(
        data_dir,
        centre="Tổng đài quốc gia bảo vệ trẻ em 111",
        province_code="00",
        admin_username="admin",
        admin_password=PASSWORDS["admin"],
    )
    ws = Workspace.open(data_dir, "admin", PASSWORDS["admin"])
    try:
        ws.add_user("hoa", "manager", PASSWORDS["hoa"], full_name="Lê Thị Hoa")
        ws.add_user("lan", "intake", PASSWORDS["lan"], full_name="Phạm Ngọc Lan")
    finally:
        ws.close()
    return data_dir


def _enrol(data_dir: Path, central: Central, province: str) -> None:
    ws = Workspace.open(data_dir, "admin", PASSWORDS["admin"])
    try:
        enroll(ws, central.url, central.enrolment_code(province))
    finally:
        ws.close()


def _sync(data_dir: Path) -> None:
    ws = Workspace.open(data_dir, "hoa", PASSWORDS["hoa"])
    try:
        assert SyncEngine(lambda fn: fn(ws)).sync_once().ok
    finally:
        ws.close()


def _close(ws, case_id: str) -> None:
    ws.move_case(case_id, "initial_assessment", {})
    ws.move_case(case_id, "closed", {"closure_reason": "duplicate"})


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A national desk that sent four handoffs to Đà Nẵng (48): one waiting, one urgent
    now overdue, one declined there, one accepted there whose case was closed."""
    root = tmp_path_factory.mktemp("national")
    central = Central(
        f"sqlite:///{root / 'central.db'}", root, handoff_urgent_hours=URGENT_HOURS
    ).start()
    national, province = _national_desk(root / "national"), make_desk(root / "province")
    _enrol(national, central, "00")
    _enrol(province, central, "48")
    ws = Workspace.open(national, "lan", PASSWORDS["lan"])
    try:
        numbers = [ws.record_contact(contact(i, children=True)).number for i in range(5)]
        sent = [
            ws.handoffs.send(numbers[0], "48", note="Mẹ gọi lúc 22 giờ, cần gọi lại."),
            ws.handoffs.send(numbers[1], "48", urgent=True, note="Trẻ bị đánh, còn ở nhà."),
            ws.handoffs.send(numbers[2], "48"),
            ws.handoffs.send(numbers[3], "48"),
        ]
    finally:
        ws.close()
    _sync(national)
    _sync(province)
    ws = Workspace.open(province, "hoa", PASSWORDS["hoa"])
    try:
        ws.handoffs.decline(sent[2].id, "Gia đình đã chuyển ra Hà Nội.")
        case = ws.handoffs.accept(sent[3].id, open_case=True)
        _close(ws, case.id)
    finally:
        ws.close()
    _sync(province)
    _sync(national)
    time.sleep(URGENT_HOURS * 3600 + 0.1)
    yield {"national": national, "province": province, "numbers": numbers, "sent": sent}
    central.stop()


def test_the_province_answers_handoffs_from_its_incoming_list(world, app_for, qtbot, tmp_path):
    main = log_in(qtbot, app_for(world["province"]), "lan")
    page = main.page("handoffs")
    main.show_page("handoffs")
    qtbot.waitUntil(lambda: page.table.topLevelItemCount() == 4, timeout=10000)
    sent = world["sent"]
    rows = {page.table.topLevelItem(i).text(0): page.table.topLevelItem(i) for i in range(4)}
    urgent = rows[sent[1].id[-8:]]
    assert "QUÁ HẠN" in urgent.text(6) and urgent.foreground(6).color().name() == "#c62828"
    assert rows[sent[0].id[-8:]].text(5), "the acceptance deadline is shown"
    assert "Gia đình đã chuyển" in rows[sent[2].id[-8:]].text(7)
    assert "Chờ trả lời" in page.summary.text() or "2" in page.summary.text()
    page.table.setCurrentItem(rows[sent[0].id[-8:]])
    _shot(main, "province-handoffs", tmp_path)

    page.accept_button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith("Đã nhận"), timeout=10000)
    assert "48-" in page.message.text()

    page.table.setCurrentItem(
        next(
            page.table.topLevelItem(i)
            for i in range(page.table.topLevelItemCount())
            if page.table.topLevelItem(i).text(0) == sent[1].id[-8:]
        )
    )
    dialog = page.decline_dialog()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10000)
    assert dialog.isVisible() and "lý do" in dialog.message.text()
    dialog.reason.setText("Không thuộc địa bàn.")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    wait_idle(qtbot, main)
    statuses = {r.id: r.status for r in page.rows}
    assert statuses[sent[0].id] == "accepted" and statuses[sent[1].id] == "declined"

    from desktop.ui.contact_view import ContactDialog

    number = next(r.accepted_number for r in page.rows if r.id == sent[0].id)
    shown = ContactDialog(number, main)
    qtbot.waitUntil(lambda: bool(shown.contact), timeout=10000)
    texts = [
        shown.form.itemAt(i).widget().text()
        for i in range(shown.form.count())
        if hasattr(shown.form.itemAt(i).widget(), "text")
    ]
    assert "Chuyển tuyến từ tổng đài quốc gia" in texts
    assert any("Mẹ gọi lúc 22 giờ" in t for t in texts), "the national note comes along"
    shown.close()


def test_the_national_home_counts_its_handoffs_and_the_dialog_hands_one_off(
    world, app_for, qtbot, tmp_path
):
    main = log_in(qtbot, app_for(world["national"]), "hoa")
    home = main.page("home")
    qtbot.waitUntil(lambda: bool(home.data.get("figures")), timeout=10000)
    figures = {f["key"]: f["count"] for f in home.data["figures"]}
    assert {k: v for k, v in figures.items() if k.startswith("handoffs_")} == {
        "handoffs_waiting": 2,
        "handoffs_overdue": 1,
        "handoffs_declined": 1,
        "handoffs_outcomes": 1,
    }
    wait_idle(qtbot, main)
    _shot(main, "national-home", tmp_path)

    home.buttons["handoffs_overdue"].click()
    page = main.page("handoffs")
    assert main.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.table.topLevelItemCount() == 1, timeout=10000)
    assert page.table.topLevelItem(0).text(0) == world["sent"][1].id[-8:]

    number = world["numbers"][4]
    dialog = page.send_dialog(number)
    qtbot.waitUntil(lambda: dialog.province.currentData() == "48", timeout=10000)
    dialog.note.setPlainText("Trẻ 12 tuổi, cần liên hệ trong ngày.")
    dialog.urgent.setChecked(True)
    dialog.province.setCurrentIndex(0)  # nothing chosen: refused, the dialog stays open
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10000)
    assert dialog.isVisible() and "tỉnh" in dialog.message.text()
    assert dialog.note.toPlainText().startswith("Trẻ 12 tuổi")
    dialog.province.setCurrentIndex(dialog.province.findData("48"))
    dialog.message.clear()
    _shot(dialog, "handoff-dialog", tmp_path)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: any(r.source_number == number for r in page.rows), timeout=10000)


def test_the_national_manager_gets_the_countrys_figures_from_central(
    world, app_for, qtbot, tmp_path
):
    main = log_in(qtbot, app_for(world["national"]), "hoa")
    page = main.page("national")
    main.show_page("national")
    page.fetch_button.click()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=15000)
    rows = {
        page.table.topLevelItem(i).text(0): page.table.topLevelItem(i)
        for i in range(page.table.topLevelItemCount())
    }
    da_nang = rows["Thành phố Đà Nẵng"]
    assert int(da_nang.text(4)) >= 4 and da_nang.text(3) == "—"  # no population known
    assert page.preview_button.isEnabled() and "Đà Nẵng" not in page.message.text()
    assert page.thematic_button.text().startswith("Báo cáo chuyên đề toàn quốc")
    _shot(main, "national-figures", tmp_path)
