"""Contacts and children: record, edit, read, list, find by phone, find similar children."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.db import paging, repository, search_index
from desktop.domain import sensitive, times
from desktop.domain.records import CHILD, CONTACT, META_FIELDS, STEP_OWNED, Child
from desktop.domain.text import fold
from desktop.domain.validation import ChildRecord
from desktop.errors import StepOwnedField, ValidationError
from desktop.services import checks, errors
from desktop.services.base import WorkspaceBase, reports_changes
from desktop.services.types import ChildContact, ChildDetail, Page, Saved, SimilarChild

CONTACT_WHAT = ("cuộc liên hệ", "contact")
CHILD_WHAT = ("trẻ em", "child")
LIST_COLUMNS = (
    "id",
    "number",
    "received_at",
    "channel",
    "call_type",
    "risk",
    "worker",
    "caller_relation",
    "caller_name",
    "caller_phone",
    "categories",
    "follow_up",
    "case_id",
    "child_ids",
)


def year_of(received_at: str) -> int:
    """The local year of a stored receipt time (a number's year); this year when unset."""
    if not received_at:
        return times.now_local().year
    return times.to_local(received_at).year


# Child fields only a person-rights request changes (desktop.services.rights).
_CHILD_RIGHTS_FIELDS = frozenset({"processing_restricted"})


class ContactsPart(WorkspaceBase):
    # --- writing ------------------------------------------------------------------------

    @reports_changes
    def record_contact(self, data: dict[str, Any]) -> Saved:
        """Save one contact (and its new children) with its number, search, outbox, audit.

        The number, `case_id` and `child_ids` are the desk's to set (children go in
        "children"), and `worker` is the user recording it: given otherwise, StepOwnedField.
        """
        self._require("contact.create")
        if isinstance(data, dict):
            given = {k for k in ("number", "case_id", "child_ids") if k in data}
            if data.get("worker") not in (None, "", self.user.username):
                given.add("worker")
            _refuse_step_owned(given)
        contact = checks.contact(data)  # parsed once: stored as it is
        flat = {**contact.fields, "worker": contact.fields.get("worker") or self.user.username}
        if flat.get("consent"):  # who asked, and when (Law 91/2025: consent is provable)
            flat["consent"] = {
                **flat["consent"],
                "by": flat["consent"].get("by") or self.user.username,
                "at": flat["consent"].get("at") or times.now_local().isoformat(),
            }
        year = contact.year or times.now_local().year
        with self.store.transaction() as conn:
            flat["child_ids"] = self._children_ids(contact.children or ())
            flat["number"] = repository.next_number(
                conn, self.province_code, self.device_code, year
            )
            record = repository.create(conn, self.actor, CONTACT, flat)
        return Saved(record["id"], record["number"], CONTACT)

    def _children_ids(self, children: Iterable[ChildRecord]) -> list[str]:
        """Ids of the validated children: a reference is checked, a new child created."""
        ids: list[str] = []
        for index, child in enumerate(children):
            if child.is_reference:
                if repository.get(self.conn, CHILD, child.id) is None:
                    raise errors.bad_field(
                        f"children[{index}].id",
                        "Không tìm thấy trẻ em này.",
                        "No such child.",
                    )
                ids.append(child.id)
            else:
                ids.append(repository.create(self.conn, self.actor, CHILD, child.fields)["id"])
        return ids

    @reports_changes
    def update_contact(self, id_or_number: str, changes: dict[str, Any]) -> Saved:
        """Change the given fields only (caller.* accepted as in record_contact).

        Fields that belong to a step (`desktop.domain.records.STEP_OWNED`: number, worker,
        taxonomy_version, case_id, child_ids/children) are refused with StepOwnedField,
        before anything is read or written: a case is opened with `open_case`, a child
        added with `add_children`.
        """
        self._require("contact.update")
        if isinstance(changes, dict):
            _refuse_step_owned(set(changes) & set(STEP_OWNED[CONTACT]))
        current = self._find(CONTACT, id_or_number, CONTACT_WHAT)
        checked = checks.contact(changes, partial=True)
        if checked.base_rev is not None and checked.base_rev != current["rev"]:
            # The rev rule (docs/dev-contracts.md): an edit may only claim a base the desk
            # holds. A base from elsewhere (older, or one central never gave) would let the
            # edit overwrite changes it never saw, with no conflict, or be refused whole.
            raise ValidationError(
                {
                    "base_rev": (
                        f"Cuộc liên hệ đã thay đổi từ khi bắt đầu sửa (phiên bản hiện tại"
                        f" {current['rev']}, không phải {checked.base_rev}): mở lại và sửa lại;"
                        " không có gì được lưu.",
                        f"The contact changed since this edit began (its rev is"
                        f" {current['rev']}, not {checked.base_rev}): open it again and redo"
                        " the change; nothing was saved.",
                    )
                }
            )
        with self.store.transaction():
            repository.change(
                self.conn,
                self.actor,
                CONTACT,
                current["id"],
                checked.fields,
                base_rev=checked.base_rev,
            )
        return Saved(current["id"], current["number"], CONTACT)

    @reports_changes
    def add_children(self, id_or_number: str, children: list[Any]) -> Saved:
        """Add children to a contact (new ones as in record_contact's "children", or
        `{"id": …}` of a child the desk knows). Never removes one: a case opened from the
        contact keeps its child. Permission: contact.update."""
        self._require("contact.update")
        current = self._find(CONTACT, id_or_number, CONTACT_WHAT)
        checked = checks.contact({"children": list(children or [])}, partial=True)
        with self.store.transaction():
            added = self._children_ids(checked.children or ())
            ids = list(current["child_ids"]) + [c for c in added if c not in current["child_ids"]]
            repository.change(self.conn, self.actor, CONTACT, current["id"], {"child_ids": ids})
        return Saved(current["id"], current["number"], CONTACT)

    @reports_changes
    def update_child(self, child_id: str, changes: dict[str, Any]) -> Saved:
        """Change the given child fields (name parts follow a new full_name); returns the
        child (`changed`: {"child"}, or empty when nothing differed). StepOwnedField for
        meta fields, ValidationError, PermissionDenied, NotFound."""
        self._require("contact.update")
        if isinstance(changes, dict) and set(changes) & _CHILD_RIGHTS_FIELDS:
            # Law 91/2025: a restriction is a person's request, set and lifted only by
            # `person restrict` (audited with its due date), never by an ordinary edit.
            name = sorted(set(changes) & _CHILD_RIGHTS_FIELDS)[0]
            raise StepOwnedField(
                f"Không sửa được trường {name} của trẻ em: hạn chế xử lý chỉ đặt hoặc bỏ"
                " bằng yêu cầu của người có quyền (caseline person restrict).",
                f"A child edit cannot change {name}: a restriction is set or lifted only"
                " by the person's request (caseline person restrict).",
                field=name,
            )
        if isinstance(changes, dict) and set(changes) & set(META_FIELDS):
            name = sorted(set(changes) & set(META_FIELDS))[0]
            raise StepOwnedField(
                f"Không sửa được trường {name} của trẻ em: trường này do hệ thống quản lý.",
                f"A child edit cannot change {name}: the desk keeps it.",
                field=name,
            )
        current = self._find(CHILD, child_id, CHILD_WHAT)
        checked = checks.child(changes, partial=True)  # name parts follow a new full name
        with self.store.transaction():
            repository.change(self.conn, self.actor, CHILD, current["id"], checked.fields)
        return Saved(current["id"], "", CHILD)

    # --- reading ------------------------------------------------------------------------

    def get_contact(self, id_or_number: str) -> dict[str, Any]:
        """The contact `id_or_number` (id, or number like "48-ABC-2026-000123"): its record
        fields (desktop.domain.records.Contact: times as ISO-8601 text with offset,
        Vietnam time; lists as lists) plus "children": the child records it names, and
        "handoff": for a contact accepted from a national handoff (issue 15), the national
        history — {id, source_number, note, urgent, sent_at, accept_by, national} — else None.
        Audited as a view. PermissionDenied, NotFound."""
        self._require("contact.read")
        record = self._find(CONTACT, id_or_number, CONTACT_WHAT)
        record["children"] = repository.get_many(self.conn, CHILD, record["child_ids"])
        handoff = repository.get(self.conn, "handoff", record.get("handoff_id") or "")
        record["handoff"] = (
            {
                k: handoff[k]
                for k in ("id", "source_number", "note", "urgent", "sent_at", "accept_by")
            }
            | {"national": handoff["national"]}
            if handoff is not None
            else None
        )
        self._audit("view", CONTACT, record["id"])
        return record

    def get_child(self, child_id: str) -> ChildDetail:
        """The child `child_id` and the contacts about it, newest first (ChildDetail).
        Audited as a view (marked sensitive when the record holds sensitive data).
        PermissionDenied, NotFound."""
        self._require("contact.read")
        record = self._find(CHILD, child_id, CHILD_WHAT)
        rows = self.conn.execute(
            "SELECT c.id, c.number, c.received_at FROM contact c JOIN contact_child cc"
            " ON cc.contact_id = c.id WHERE cc.child_id = ? AND c.deleted = 0"
            " ORDER BY c.received_at DESC",
            (record["id"],),
        ).fetchall()
        # A view of sensitive data (Decree 356/2025) says so in the audit log.
        marked = {"sensitive": True} if sensitive.holds_sensitive(record) else None
        self._audit("view", CHILD, record["id"], marked)
        return ChildDetail(Child.from_row(record), tuple(ChildContact(*r) for r in rows))

    def list_contacts(
        self,
        filters: dict[str, Any] | None = None,
        offset: int = 0,
        limit: int = 100,
        *,
        after: str | None = None,
        sort: str | None = None,
    ) -> Page:
        """One page of contacts and how many match.

        filters: period_from, period_to (ISO dates, local, both included), channel,
        call_type, category (a family matches its subcategories), risk, worker, follow_up
        (marked, no case yet), text
        (folded search: name, number, or six or more consecutive digits of a phone).
        Order: `sort`, one of CONTACT_SORTS ("-received_at", newest first, by default;
        "-x" descending, "x" ascending; ties newest first in the same direction); with
        text, ranked instead (`search_index.rank_expressions`: whole words, prefixes,
        digits inside a phone; newest first within a rank). Paging: `after` is the
        previous page's `Page.after` (keyset: every page costs the same); `offset` is
        read only without `after`. `Page.total` is counted on the first page (no `after`)
        and None on later ones. Rows: id, number, received_at (ISO-8601 text with
        offset), channel, call_type, risk, worker, caller_relation, caller_name,
        caller_phone, categories, follow_up, case_id, child_ids, children [{id,
        full_name}]. PermissionDenied; ValidationError for an unknown sort or a cursor
        that is not this list's."""
        self._require("contact.read")
        filters = filters or {}
        limit = max(0, int(limit))
        if filters.get("text"):
            rows, cursor = self._ranked_contacts(filters, limit, after, offset)
        else:
            rows, cursor = self._sorted_contacts(filters, limit, after, offset, sort)
        total = None if after is not None else self._count_contacts(filters)
        return Page(self._contact_rows(rows), total, cursor)

    def _sorted_contacts(
        self,
        filters: dict[str, Any],
        limit: int,
        after: str | None,
        offset: int,
        sort: str | None,
    ) -> tuple[list[Any], str | None]:
        order = contact_order(sort)
        where, params = self._contact_where(filters)
        source = "contact"
        if filters.get("category"):
            if order.columns[0] == "contact.received_at":
                # Walk the category's index in time order instead of every contact's JSON.
                source = "contact_category cc JOIN contact ON contact.id = cc.contact_id"
                order = paging.Order(("cc.at", "cc.contact_id"), order.descending)
                index_where, index_params = _category_where(filters)
                where, params = f"{index_where} AND {where}", [*index_params, *params]
            else:
                where += (
                    " AND contact.id IN (SELECT contact_id FROM contact_category WHERE code = ?)"
                )
                params = [*params, str(filters["category"])]
        return paging.page_rows(
            self.conn, select=_LIST_SELECT, source=source, where=where, params=params,
            order=order, after=after, limit=limit, offset=offset,
        )  # fmt: skip

    def _ranked_contacts(
        self, filters: dict[str, Any], limit: int, after: str | None, offset: int
    ) -> tuple[list[Any], str | None]:
        """Search hits in rank order, each rank newest first, filtered as the list is."""
        where, params = self._contact_where(filters)
        return search_index.ranked_rows(
            self.conn, filters["text"], CONTACT, table="contact", select=_LIST_SELECT,
            where=where, params=params, limit=limit, after=after, offset=offset,
        )  # fmt: skip

    def _count_contacts(self, filters: dict[str, Any]) -> int:
        """How many contacts match, along an index (no filter: the kept live count)."""
        if not any(filters.get(k) for k in _CONTACT_FILTERS):
            return counted(self.conn, CONTACT)
        if filters.get("text"):
            where, params = self._contact_where(filters)
            only_text = not any(filters.get(k) for k in _CONTACT_FILTERS if k != "text")
            return search_index.count_hits(
                self.conn, filters["text"], CONTACT, table="contact",
                where=None if only_text else where, params=() if only_text else params,
            )  # fmt: skip
        where, params = self._contact_where(filters)
        source = "contact"
        if filters.get("category"):
            source = "contact_category cc JOIN contact ON contact.id = cc.contact_id"
            index_where, index_params = _category_where(filters)
            where, params = f"{index_where} AND {where}", [*index_params, *params]
            if not any(filters.get(k) for k in _CONTACT_ONLY_FILTERS):
                # The index holds live contacts only: count it without visiting them.
                source, where, params = "contact_category cc", index_where, index_params
        return int(
            self.conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]
        )

    def _contact_rows(self, rows: list[Any]) -> list[dict[str, Any]]:
        """List rows (the LIST_COLUMNS first in each row) with their children's names,
        read in one query for the page."""
        records = [
            repository.decode_row(CONTACT, dict(zip(LIST_COLUMNS, r, strict=False))) for r in rows
        ]
        wanted = list(dict.fromkeys(c for r in records for c in r["child_ids"]))
        names = {c["id"]: c["full_name"] for c in repository.get_many(self.conn, CHILD, wanted)}
        for record in records:
            record["children"] = [
                {"id": c, "full_name": names[c]} for c in record["child_ids"] if c in names
            ]
        return records

    def _contact_row(self, row: Any) -> dict[str, Any]:
        return self._contact_rows([row])[0]

    def _contact_where(self, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        clauses, params = ["contact.deleted = 0"], []
        if filters.get("period_from"):
            clauses.append("contact.received_at >= ?")
            params.append(str(filters["period_from"])[:10])
        if filters.get("period_to"):  # '~' sorts after any time of that day
            clauses.append("contact.received_at < ?")
            params.append(str(filters["period_to"])[:10] + "~")
        for key in ("channel", "risk", "worker", "call_type"):
            if filters.get(key):
                clauses.append(f"contact.{key} = ?")
                params.append(filters[key])
        if filters.get("follow_up"):  # marked for follow-up, no case opened from it yet
            clauses.append("contact.follow_up = 1 AND coalesce(contact.case_id, '') = ''")
        if filters.get("text") and filters.get("category"):
            # Search hits come in rank order; the category index answers "is it filed".
            clauses.append("contact.id IN (SELECT contact_id FROM contact_category WHERE code = ?)")
            params.append(str(filters["category"]))
        return " AND ".join(clauses), params

    def contacts_by_phone(self, phone: str, limit: int = 10) -> list[dict[str, Any]]:
        """Earlier contacts from the same number (with or without spaces, +84 or 0), newest
        first, at most `limit`; rows as `list_contacts`. PermissionDenied."""
        self._require("contact.read")
        wanted = search_index.phone_tokens(phone)
        if not wanted:
            return []
        forms = set(wanted)
        forms.update("84" + w[1:] for w in wanted if w.startswith("0"))
        marks = ",".join("?" * len(forms))
        rows = self.conn.execute(
            f"SELECT {_LIST_SELECT} FROM contact WHERE caller_phone_digits IN ({marks})"
            " AND deleted = 0 ORDER BY received_at DESC LIMIT ?",
            [*forms, int(limit)],
        ).fetchall()
        return self._contact_rows(rows)

    def similar_children(
        self,
        full_name: str,
        birth_year: int | None = None,
        commune_code: str | None = None,
        limit: int = 10,
    ) -> list[SimilarChild]:
        """Children who may be the same child as `full_name` (born `birth_year`, living in
        `commune_code`), best first, at most `limit` (SimilarChild: record and score).
        PermissionDenied."""
        self._require("contact.read")
        folded = fold(full_name)
        if not folded:
            return []
        found = search_index.find(self.conn, folded, limit=max(limit * 4, 40), kinds=("child",))
        children = repository.get_many(self.conn, CHILD, [rid for _, rid in found])
        hits = [
            SimilarChild(Child.from_row(c), _likeness(c, folded, birth_year, commune_code))
            for c in children
        ]
        hits.sort(key=lambda hit: -hit.score)
        return hits[:limit]

    def list_children(
        self,
        filters: dict[str, Any] | None = None,
        offset: int = 0,
        limit: int = 100,
        *,
        after: str | None = None,
        sort: str | None = None,
    ) -> Page:
        """One page of children and how many match. filters: sex, province_code,
        commune_code (home), birth_year, text. Order: by name ("full_name", the default,
        or "-full_name"); with text, ranked (as `list_contacts`). Paging and total as
        `list_contacts`. Rows: child record fields (desktop.domain.records.Child).
        PermissionDenied; ValidationError (sort, cursor)."""
        self._require("contact.read")
        filters = filters or {}
        limit = max(0, int(limit))
        clauses, params = ["child.deleted = 0"], []
        for key, column in (
            ("sex", "sex"),
            ("province_code", "home_province_code"),
            ("commune_code", "home_commune_code"),
            ("birth_year", "birth_year"),
        ):
            if filters.get(key):
                clauses.append(f"child.{column} = ?")
                params.append(filters[key])
        where = " AND ".join(clauses)
        text = filters.get("text")
        if text:
            rows, cursor = search_index.ranked_rows(
                self.conn, text, CHILD, table="child", select="child.*", where=where,
                params=params, limit=limit, after=after, offset=offset,
            )  # fmt: skip
        else:
            order = paging.order_of(sort or "full_name", CHILD_SORTS)
            rows, cursor = paging.page_rows(
                self.conn, select="child.*", source="child", where=where, params=params,
                order=order, after=after, limit=limit, offset=offset,
            )  # fmt: skip
        total = None
        if after is None and text:
            total = search_index.count_hits(
                self.conn, text, CHILD, table="child",
                where=where if len(clauses) > 1 else None, params=params,
            )  # fmt: skip
        elif after is None:
            total = (
                counted(self.conn, CHILD)
                if len(clauses) == 1
                else self.conn.execute(
                    f"SELECT count(*) FROM child WHERE {where}", params
                ).fetchone()[0]
            )
        return Page([repository.decode_row(CHILD, r) for r in rows], total, cursor)


def _refuse_step_owned(fields: set[str]) -> None:
    """StepOwnedField naming the first (sorted) field that only its own step changes."""
    if not fields:
        return
    name = sorted(fields)[0]
    how_vi, how_en = STEP_OWNED[CONTACT][name]
    raise StepOwnedField(
        f"Không sửa được trường {name} khi sửa cuộc liên hệ: trường này {how_vi}.",
        f"A contact edit cannot change {name}: it {how_en}.",
        field=name,
    )


# Filters the category index cannot answer by itself (it holds code, time and id).
_CONTACT_ONLY_FILTERS = ("channel", "risk", "worker", "call_type", "text", "follow_up")
_CONTACT_FILTERS = ("period_from", "period_to", "category", *_CONTACT_ONLY_FILTERS)
_LIST_SELECT = ", ".join(f"contact.{c}" for c in LIST_COLUMNS)

# The orders the contact list offers, each along an index (ties by time, then rowid).
CONTACT_SORTS = {
    "received_at": ("contact.received_at", "contact.rowid"),
    "number": ("contact.number", "contact.rowid"),
    "channel": ("contact.channel", "contact.received_at", "contact.rowid"),
    "risk": ("contact.risk", "contact.received_at", "contact.rowid"),
    "worker": ("contact.worker", "contact.received_at", "contact.rowid"),
}


CHILD_SORTS = {"full_name": ("child.sort_name", "child.rowid")}


def contact_order(sort: str | None) -> paging.Order:
    """The order named by `sort` ("-received_at" when None)."""
    return paging.order_of(sort or "-received_at", CONTACT_SORTS)


def counted(conn: Any, entity: str) -> int:
    """The live records of `entity` the desk holds (`live_count`, kept by triggers)."""
    row = conn.execute("SELECT n FROM live_count WHERE entity = ?", (entity,)).fetchone()
    return int(row[0]) if row else 0


def _category_where(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """The category and the period, on `contact_category cc` (its key's order)."""
    clauses, params = ["cc.code = ?"], [str(filters["category"])]
    if filters.get("period_from"):
        clauses.append("cc.at >= ?")
        params.append(str(filters["period_from"])[:10])
    if filters.get("period_to"):  # '~' sorts after any time of that day
        clauses.append("cc.at < ?")
        params.append(str(filters["period_to"])[:10] + "~")
    return " AND ".join(clauses), params


def _likeness(
    child: dict[str, Any], folded: str, birth_year: int | None, commune: str | None
) -> int:
    score = 0
    if fold(child.get("full_name")) == folded:
        score += 4
    if birth_year and child.get("birth_year"):
        gap = abs(int(child["birth_year"]) - int(birth_year))
        score += 3 if gap == 0 else 1 if gap == 1 else 0
    if commune and child.get("home_commune_code") == str(commune):
        score += 2
    return score
