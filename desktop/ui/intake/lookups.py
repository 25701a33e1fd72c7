"""The intake form's look-ups: earlier contacts from the caller's phone number, and
children already on file with a similar name (linked instead of recorded twice)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QListWidgetItem

from desktop.domain.text import digits
from desktop.services.types import SimilarChild
from desktop.ui import fmt, ops
from desktop.ui.intake.child_form import ChildForm, parse_birth


class IntakeLookups:
    """Mixin for `IntakeForm` (listed before the Qt base class): the look-ups run on the
    DB worker and fill `phone_hits` / `child_hits`; activating a child hit links it."""

    @Slot()
    def look_up_phone(self) -> None:
        phone = digits(self.phone.text())
        if len(phone) < 6:
            self.phone_hits.clear()
            return
        ops.run_op(
            self,
            lambda ws: ws.contacts_by_phone(phone, limit=10),
            self._show_phone_hits,
            lambda error: None,
        )

    def _show_phone_hits(self, rows: list[dict[str, Any]]) -> None:
        self.phone_hits.clear()
        for row in rows:
            names = row.get("child_names") or [
                c.get("full_name", "") for c in row.get("children", [])
            ]
            if isinstance(names, list):
                names = ", ".join(n for n in names if n)
            text = " · ".join(
                p
                for p in (
                    fmt.date_time(row.get("received_at")),
                    row.get("number", ""),
                    names,
                    ", ".join(fmt.category_label(c) for c in row.get("categories") or []),
                )
                if p
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.phone_hits.addItem(item)
        self._retranslate_hits()

    def open_phone_hit(self, item: QListWidgetItem | None) -> None:
        """An earlier contact from this number opens (the form keeps what is typed)."""
        if item is None:
            return
        from desktop.ui.contact_view import ContactDialog

        row = item.data(Qt.ItemDataRole.UserRole) or {}
        if row.get("id"):
            ContactDialog(row["id"], self.window()).open()

    @Slot(object)
    def look_up_child(self, child: ChildForm) -> None:
        if child.linked is not None:
            return
        name = child.name.text().strip()
        if len(name) < 3:
            self.child_hits.clear()
            return
        birth = parse_birth(child.birth.text())
        year, commune = birth.get("birth_year"), child.commune.value() or None
        self._hits_for = child
        ops.run_op(
            self,
            lambda ws: ws.similar_children(name, birth_year=year, commune_code=commune, limit=10),
            self._show_child_hits,
            lambda error: None,
        )

    def _show_child_hits(self, hits: list[SimilarChild]) -> None:
        from desktop.ui.models import _commune

        self.child_hits.clear()
        for hit in hits:
            child = hit.child
            born = fmt.date(child.birth_date) or str(child.birth_year or "?")
            text = " · ".join(
                p for p in (child.full_name, born, _commune(child.home_commune_code)) if p
            )
            item = QListWidgetItem(text)
            # The form keeps the linked child as JSON (it goes into the intake draft).
            item.setData(Qt.ItemDataRole.UserRole, child.to_dict())
            self.child_hits.addItem(item)
        if hits:
            self.child_hits.setCurrentRow(0)
        self._retranslate_hits()

    def _link_hit(self, item: QListWidgetItem | None) -> None:
        child = getattr(self, "_hits_for", None)
        if item is None or child is None or child not in self.children_forms:
            return
        child.link(item.data(Qt.ItemDataRole.UserRole))
        self.child_hits.clear()
        self._mark_dirty()
