"""A manager exports a list as shown (every row the filters match, not only those loaded)
to Excel or CSV; the export is audited; other roles see why they cannot."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from test_ui_home import contact
from ui_support import PASSWORDS

from desktop.errors import PermissionDenied
from desktop.services import Workspace
from desktop.ui.list_export import export_to


@pytest.fixture
def many(desk):
    with Workspace.open(desk, "hoa", PASSWORDS["hoa"]) as ws, ws.batch():
        for day in range(1, 29):
            for hour in range(9, 18):
                ws.record_contact(contact(f"2026-10-{day:02d}T{hour:02d}:00:00+07:00"))
    return desk  # 252 contacts: more than a list's first page


def test_a_manager_exports_every_row_of_a_list_as_shown(many, signed_in, qtbot, tmp_path):
    main = signed_in("hoa")
    main.show_page("contacts")
    page = main.page("contacts")
    qtbot.waitUntil(lambda: page.model.total == 252, timeout=10000)
    assert len(page.model.rows) < 252, "only a first page is loaded"
    assert page.export_button.isEnabled()
    for suffix in ("xlsx", "csv"):
        exported_as(qtbot, page, tmp_path, suffix, many)


def exported_as(qtbot, page, tmp_path, suffix, many) -> None:
    out = tmp_path / f"lien-he.{suffix}"
    page.count.clear()
    export_to(page, out)
    qtbot.waitUntil(lambda: "252" in page.count.text(), timeout=30000)
    if suffix == "xlsx":
        rows = [[c or "" for c in r] for r in load_workbook(out).active.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    horizontal = Qt.Orientation.Horizontal
    header = [page.model.headerData(c, horizontal) for c in range(page.model.columnCount())]
    assert rows[0] == header and len(rows) == 253
    assert rows[1][:2] == [page.model.data(page.model.index(0, c)) for c in range(2)]
    assert any("Lê Thị Hạnh" in cell for cell in rows[1]), "Vietnamese kept"
    with Workspace.open(many, "hoa", PASSWORDS["hoa"]) as ws:
        detail = ws.conn.execute(
            "SELECT detail FROM audit_event WHERE action = 'export' ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
    assert json.loads(detail) == {"report": "contacts_list", "rows": 252, "format": suffix}


def test_only_those_who_may_export_can(desk, signed_in, tmp_path):
    main = signed_in("minh")
    page = main.page("cases")
    assert not page.export_button.isEnabled()
    assert page.export_button.toolTip().startswith("Bạn không có quyền")
    with Workspace.open(desk, "minh", PASSWORDS["minh"]) as ws:
        with pytest.raises(PermissionDenied):
            ws.export_list("cases", [["Số"]], tmp_path / "x.csv", "csv")
    assert not (tmp_path / "x.csv").exists()
