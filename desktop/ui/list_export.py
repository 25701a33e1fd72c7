"""Export a list as shown (its columns, its filters and order, every row, not only those
loaded) to CSV or Excel, for managers; audited by the services like a print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.ui import file_dialogs, ops

PAGE = 2000  # rows per request while exporting


def table_of(fetch: Any, ws: Any, columns: Any, filters: dict[str, Any]) -> list[list[str]]:
    """Runs on the DB worker: every row the filters match, as the list's cells."""
    header = [QCoreApplication.translate("Columns", c.title) for c in columns]
    table, after = [header], None
    while True:
        page = fetch(ws, filters, after, PAGE)
        table += [[c.value(row) for c in columns] for row in page.rows]
        after = page.after
        if not after or not page.rows:
            return table


def export_page(page: Any) -> None:
    """Ask where, then export `page` (a ListPage) there; the page says how it went."""
    title = QCoreApplication.translate("ListPage", "Export the list")
    name = f"danh-sach-{page.kind}.xlsx"
    path = file_dialogs.save_file(page, title, name, "Excel (*.xlsx);;CSV (*.csv)")
    if path:
        export_to(page, Path(path))


def export_to(page: Any, path: Path) -> None:
    fmt = "csv" if path.suffix.lower() == ".csv" else "xlsx"
    if path.suffix.lower() not in (".csv", ".xlsx"):
        path = path.with_suffix(".xlsx")
    filters = dict(page.model.filters)
    if page.model.sort_name:
        filters["sort"] = page.model.sort_name
    fetch, columns, kind = page.model.fetch, page.model.columns, page.kind

    def op(ws: Any) -> tuple[Path, int]:
        table = table_of(fetch, ws, columns, filters)
        return ws.export_list(kind, table, path, fmt), len(table) - 1

    page.export_message(QCoreApplication.translate("ListPage", "Exporting…"), busy=True)
    ops.run_op(page, op, page.exported, page.export_failed)


__all__ = ["export_page", "export_to", "table_of"]
