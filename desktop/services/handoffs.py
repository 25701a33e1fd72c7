"""National handoffs (issue 15): the national line hands a contact or case to the province
where the child lives; the province accepts (it becomes the province's contact, or case,
with the national history attached) or declines with a reason (the national line may
redirect it); when the province closes the case, a short outcome comes back.

`ws.handoffs` on both kinds of desk. The handoff is a synced record (`records.Handoff`):
the national desk makes it, central routes it to the province's desks and sets the
acceptance deadline (`central.handoffs`), each move is an ordinary audited edit that
survives every sync fault the rest survives (outbox, idempotent ops, rev rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.db import repository
from desktop.domain import places, steps, times
from desktop.domain.records import (
    CASE,
    CHILD,
    CONTACT,
    HANDOFF,
    HANDOFF_ACCEPTED,
    HANDOFF_DECLINED,
    HANDOFF_REDIRECTED,
    HANDOFF_SENT,
    NATIONAL_PROVINCE,
    STEP_OWNED,
    Child,
    Contact,
)
from desktop.domain.text import nfc, one_line
from desktop.errors import CaselineError, ValidationError
from desktop.services import checks, errors
from desktop.services.base import reports_changes, store_errors_as_user_errors
from desktop.services.types import Saved

HANDOFF_WHAT = ("yêu cầu chuyển tuyến", "handoff")
INCOMING, OUTGOING = "incoming", "outgoing"
# Fields of a contact that are the desk's own (never carried to the province's copy).
_DESK_OWNED = frozenset(STEP_OWNED[CONTACT]) | {"handoff_id"}
_MIN_ID_TAIL = 6


class HandoffRefused(CaselineError):
    """A handoff move this desk cannot make (wrong kind of desk, already answered, …)."""


@dataclass(frozen=True)
class HandoffRow:
    """One handoff as both ends list it.

    id (UUIDv7 text); short_id (its last 8 characters, what people read out);
    direction ("outgoing" on the national desk, "incoming" on a province's); source_number
    (the national contact or case number); source_entity ("contact" | "case");
    to_province (2-digit code) and to_province_name; child_name (the first child's full
    name, '' when none); urgent; note; status ("sent" | "accepted" | "declined" |
    "redirected"); sent_at, accept_by, answered_at: aware datetimes in Asia/Ho_Chi_Minh
    (accept_by None until central has routed it); overdue: still "sent" past accept_by;
    accepted_in_time: accepted at or before accept_by (None while not accepted);
    decline_reason; accepted_number (the province's contact number); outcome_step,
    outcome_reason (codes), outcome_at (YYYY-MM-DD, '' until the case closed);
    redirect_of (the id of the declined handoff this one redirects, or None)."""

    id: str
    short_id: str
    direction: str
    source_number: str
    source_entity: str
    to_province: str
    to_province_name: str
    child_name: str
    urgent: bool
    note: str
    status: str
    sent_at: datetime | None
    accept_by: datetime | None
    answered_at: datetime | None
    overdue: bool
    accepted_in_time: bool | None
    decline_reason: str
    accepted_number: str
    outcome_step: str
    outcome_reason: str
    outcome_at: str
    redirect_of: str | None

    def to_dict(self) -> dict[str, Any]:
        """The `caseline handoff list --json` shape: times as ISO-8601 text with +07:00."""
        out = dict(self.__dict__)
        for name in ("sent_at", "accept_by", "answered_at"):
            value = out[name]
            out[name] = times.local_iso(value) if value is not None else None
        return out


def _moment(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return times.to_local(times.parse(str(value)))
    except ValueError:
        return None


def row_of(record: dict[str, Any], province_code: str, now: datetime) -> HandoffRow:
    """The list row of a stored handoff record, seen from a desk of `province_code`."""
    accept_by = _moment(record.get("accept_by"))
    answered = _moment(record.get("answered_at"))
    status = str(record.get("status") or HANDOFF_SENT)
    children = (record.get("national") or {}).get("contact", {}).get("children") or []
    first = children[0] if children and isinstance(children[0], dict) else {}
    in_time = None
    if status == HANDOFF_ACCEPTED and accept_by is not None and answered is not None:
        in_time = answered <= accept_by
    return HandoffRow(
        id=record["id"],
        short_id=record["id"][-8:],
        direction=OUTGOING if province_code == NATIONAL_PROVINCE else INCOMING,
        source_number=str(record.get("source_number") or ""),
        source_entity=str(record.get("source_entity") or ""),
        to_province=str(record.get("to_province") or ""),
        to_province_name=_province_name(str(record.get("to_province") or "")),
        child_name=str(first.get("full_name") or ""),
        urgent=bool(record.get("urgent")),
        note=str(record.get("note") or ""),
        status=status,
        sent_at=_moment(record.get("sent_at")),
        accept_by=accept_by,
        answered_at=answered,
        overdue=status == HANDOFF_SENT and accept_by is not None and now > accept_by,
        accepted_in_time=in_time,
        decline_reason=str(record.get("decline_reason") or ""),
        accepted_number=str(record.get("accepted_number") or ""),
        outcome_step=str(record.get("outcome_step") or ""),
        outcome_reason=str(record.get("outcome_reason") or ""),
        outcome_at=str(record.get("outcome_at") or ""),
        redirect_of=record.get("redirect_of"),
    )


def _province_name(code: str) -> str:
    place = places.province(code) if places.is_province(code) else None
    return place.name if place is not None else code


@store_errors_as_user_errors
class HandoffsPart:
    """`ws.handoffs`: send, list, accept, decline; the outcome goes back by itself when the
    province closes the case (`note_outcome`, called by `move_case`)."""

    def __init__(self, ws: Any) -> None:
        self._ws = ws

    @property
    def _writes(self) -> Any:  # what `reports_changes` counts: the workspace's writes
        return self._ws._writes

    # --- the national desk ----------------------------------------------------------------

    @property
    def is_national(self) -> bool:
        """This desk is the national line's (scope "00")."""
        return self._ws.province_code == NATIONAL_PROVINCE

    def default_province(self, number: str) -> str:
        """The province a contact or case would go to: its first child's home province
        ('' when the address gives none). NotFound."""
        source, entity = self._source(number)
        child = self._first_child(source)
        code = str(child.get("home_province_code") or "") if child else ""
        if code and code == self._declined_by(source, entity):
            return ""  # that province declined it: a redirect goes to another one
        return code if places.is_province(code) else ""

    def _declined_by(self, source: dict[str, Any], entity: str) -> str:
        """The province that declined this contact's or case's last handoff ('' if none)."""
        contact = source if entity == CONTACT else self._case_contact(source)
        earlier = self._latest_for(contact["id"], source["id"])
        if earlier is None or earlier["status"] != HANDOFF_DECLINED:
            return ""
        return str(earlier.get("to_province") or "")

    @reports_changes
    def send(
        self, number: str, province: str | None = None, *, urgent: bool = False, note: str = ""
    ) -> Saved:
        """Hand the national contact or case `number` to `province` (2-digit 2025 code;
        None: its first child's home province; '' is refused). A handoff of the same
        contact that was declined is redirected to another province (the province that
        declined it is refused, and not proposed by `default_province`): the old one is marked "redirected" and
        loses its copy of the national history on every desk holding it (the declining
        province keeps no child's details), the new one names it in `redirect_of`.
        Central sets the acceptance deadline when it receives it.

        Returns Saved(id, source number, "handoff"). HandoffRefused (not a national desk;
        already handed and not declined; back to the province that declined it), ValidationError on "province", NotFound,
        PermissionDenied (handoff.send)."""
        ws = self._ws
        ws._require("handoff.send")
        if not self.is_national:
            raise HandoffRefused(
                "Chỉ tổng đài quốc gia mới chuyển tuyến cho tỉnh/thành.",
                "Only the national line hands contacts to provinces.",
            )
        source, entity = self._source(number)
        code = self._province(self.default_province(number) if province is None else province)
        contact = source if entity == CONTACT else self._case_contact(source)
        earlier = self._latest_for(contact["id"], source["id"])
        if earlier is not None and earlier["status"] in (HANDOFF_SENT, HANDOFF_ACCEPTED):
            raise HandoffRefused(
                f"{source['number']} đã được chuyển tuyến (mã {earlier['id'][-8:]}), chưa bị"
                " từ chối.",
                f"{source['number']} was already handed off (id {earlier['id'][-8:]}) and was"
                " not declined.",
            )
        if earlier is not None and earlier["status"] == HANDOFF_DECLINED:
            if earlier.get("to_province") == code:
                raise HandoffRefused(
                    f"Tỉnh/thành {code} đã từ chối yêu cầu {earlier['id'][-8:]}; chuyển hướng"
                    " là gửi cho tỉnh/thành khác.",
                    f"Province {code} declined handoff {earlier['id'][-8:]}; a redirect goes"
                    " to another province.",
                )
        fields = {
            "to_province": code,
            "source_entity": entity,
            "source_id": source["id"],
            "source_number": source["number"],
            "urgent": bool(urgent),
            "note": nfc(note or ""),
            "sent_at": times.utc_iso(times.now_utc()),
            "sent_by": ws.user.username,
            "redirect_of": earlier["id"] if earlier is not None else None,
            "national": self._history(contact, source if entity == CASE else None),
            "status": HANDOFF_SENT,
        }
        with ws.store.transaction() as conn:
            if earlier is not None:
                repository.change(
                    conn,
                    ws.actor,
                    HANDOFF,
                    earlier["id"],
                    # The declining province keeps no copy of the child's and caller's
                    # details it never took on (data minimisation): the snapshot goes
                    # with the new handoff only.
                    {"status": HANDOFF_REDIRECTED, "national": {}},
                    current=earlier,
                )
            record = repository.create(conn, ws.actor, HANDOFF, fields)
        return Saved(record["id"], source["number"], HANDOFF)

    def _source(self, number: str) -> tuple[dict[str, Any], str]:
        key = one_line(str(number or "")).upper()
        conn = self._ws.conn
        for entity in (CONTACT, CASE):
            record = repository.get_by_number(conn, entity, key)
            if record is not None and not record["deleted"]:
                return record, entity
        raise errors.not_found("cuộc liên hệ hoặc hồ sơ", "contact or case", key)

    def _case_contact(self, case: dict[str, Any]) -> dict[str, Any]:
        ids = case.get("contact_ids") or []
        contact = repository.get(self._ws.conn, CONTACT, ids[0]) if ids else None
        if contact is None:
            raise errors.not_found("cuộc liên hệ của hồ sơ", "contact of the case", case["number"])
        return contact

    def _first_child(self, source: dict[str, Any]) -> dict[str, Any] | None:
        ids = source.get("child_ids") or ([source["child_id"]] if source.get("child_id") else [])
        return repository.get(self._ws.conn, CHILD, ids[0]) if ids else None

    @staticmethod
    def _province(code: str | None) -> str:
        text = one_line(str(code or ""))
        try:
            code = places.province_code_text(text)
        except ValueError:
            code = ""
        if not places.is_province(code):
            raise ValidationError(
                {
                    "province": (
                        "Hãy chọn tỉnh/thành nhận (mã tỉnh 2025, ví dụ 48).",
                        "Choose the receiving province (a 2025 province code, e.g. 48).",
                    )
                }
            )
        return code

    def _latest_for(self, contact_id: str, source_id: str) -> dict[str, Any] | None:
        rows = repository.select(
            self._ws.conn,
            HANDOFF,
            "deleted = 0 AND source_id IN (?, ?)",
            (contact_id, source_id),
            "ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        return rows[0] if rows else None

    def _history(self, contact: dict[str, Any], case: dict[str, Any] | None) -> dict[str, Any]:
        """The national history the province receives: the contact in the `contact add`
        shape (children included; the desk's own fields left out) and, for a case, its
        number, step and timeline (kind, time, text)."""
        conn = self._ws.conn
        shape = {
            k: v
            for k, v in contact.items()
            if k in Contact.content_fields() and k not in _DESK_OWNED and v not in (None, "")
        }
        shape["children"] = [
            {k: v for k, v in child.items() if k in Child.content_fields() and v not in (None, "")}
            for child in repository.get_many(conn, CHILD, contact.get("child_ids") or [])
        ]
        history: dict[str, Any] = {
            "contact_number": contact["number"],
            "worker": contact.get("worker") or "",
            "contact": shape,
        }
        if case is not None:
            entries = repository.select(
                conn,
                "case_entry",
                "case_id = ? AND deleted = 0",
                (case["id"],),
                "ORDER BY occurred_at, id",
            )
            history["case"] = {
                "number": case["number"],
                "status": case["status"],
                "risk": case["risk"],
                "urgent": bool(case.get("urgent")),
                "entries": [
                    {"kind": e["kind"], "occurred_at": e["occurred_at"], "text": e["text"]}
                    for e in entries
                ],
            }
        return history

    # --- both ends ----------------------------------------------------------------------

    def list(
        self, direction: str | None = None, filters: dict[str, Any] | None = None
    ) -> list[HandoffRow]:
        """The handoffs this desk holds, newest first: on the national desk those it sent
        ("outgoing"), on a province's those routed to it ("incoming"). `direction` keeps
        one kind only (the other is then empty). `filters` (the home page's figures):
        "status" (sent | accepted | declined | redirected), "overdue" (True: still sent
        past the deadline), "outcome" (True: the outcome came back). PermissionDenied
        (handoff.read)."""
        rows = self._all(direction)
        filters = filters or {}
        if filters.get("status"):
            rows = [r for r in rows if r.status == filters["status"]]
        if filters.get("overdue"):
            rows = [r for r in rows if r.overdue]
        if filters.get("outcome"):
            rows = [r for r in rows if r.outcome_at]
        return rows

    def home_figures(self) -> list[dict[str, Any]]:
        """The home page's handoff figures ({"key", "count", "target": "handoffs",
        "filters"}): on the national desk always — waiting to be accepted, overdue,
        declined (to redirect), outcome received; on a province desk once a handoff ever
        reached it — incoming waiting, and overdue."""
        if not self._ws._can("handoff.read"):
            return []
        rows = self._all(None)
        if not rows and not self.is_national:
            return []
        if self.is_national:
            wanted = (
                ("handoffs_waiting", {"status": HANDOFF_SENT}),
                ("handoffs_overdue", {"overdue": True}),
                ("handoffs_declined", {"status": HANDOFF_DECLINED}),
                ("handoffs_outcomes", {"outcome": True}),
            )
        else:
            wanted = (
                ("handoffs_incoming", {"status": HANDOFF_SENT}),
                ("handoffs_incoming_overdue", {"overdue": True}),
            )
        return [
            {
                "key": key,
                "count": len(self.list(None, filters)),
                "target": "handoffs",
                "filters": filters,
            }
            for key, filters in wanted
        ]

    def _all(self, direction: str | None) -> list[HandoffRow]:
        ws = self._ws
        ws._require("handoff.read")
        mine = OUTGOING if self.is_national else INCOMING
        if direction not in (None, "", mine):
            return []
        if self.is_national:
            where, params = "deleted = 0 AND province_code = ?", (NATIONAL_PROVINCE,)
        else:
            where, params = "deleted = 0 AND to_province = ?", (ws.province_code,)
        records = repository.select(ws.conn, HANDOFF, where, params, "ORDER BY sent_at DESC, id")
        now = times.now_local()
        return [row_of(r, ws.province_code, now) for r in records]

    def get(self, handoff_id: str) -> dict[str, Any]:
        """One handoff: its record fields (the national history in "national") plus "row"
        (the `HandoffRow`). Audited as a view. NotFound."""
        record = self._find(handoff_id)
        self._ws._audit("view", HANDOFF, record["id"])
        return {**record, "row": row_of(record, self._ws.province_code, times.now_local())}

    def _find(self, handoff_id: str) -> dict[str, Any]:
        """By id, or by a unique tail of at least 6 characters (the short id)."""
        ws = self._ws
        ws._require("handoff.read")
        key = one_line(str(handoff_id or "")).lower()
        record = repository.get(ws.conn, HANDOFF, key) if key else None
        if record is None and len(key) >= _MIN_ID_TAIL:
            found = repository.select(
                ws.conn, HANDOFF, "id LIKE ? ESCAPE '\\'", ("%" + _like(key),), "LIMIT 2"
            )
            record = found[0] if len(found) == 1 else None
        visible = record is not None and (
            record["province_code"] == ws.province_code or record["to_province"] == ws.province_code
        )
        if record is None or record["deleted"] or not visible:
            raise errors.not_found(*HANDOFF_WHAT, key)
        return record

    # --- the province -------------------------------------------------------------------

    @reports_changes
    def accept(self, handoff_id: str, *, open_case: bool = False) -> Saved:
        """Accept a handoff routed to this province: it becomes this desk's contact (its
        number from this desk, `handoff_id` naming the handoff and so the national history)
        and, when a case was handed or `open_case`, a case opened from it. Returns the new
        contact's (or case's) Saved. HandoffRefused (not for this desk; already answered),
        ValidationError (the national record no longer passes this desk's validation),
        NotFound, PermissionDenied (handoff.answer)."""
        ws = self._ws
        ws._require("handoff.answer")
        record = self._answerable(handoff_id)
        history = record.get("national") or {}
        data = dict(history.get("contact") or {})
        contact = checks.contact(data)
        flat = {**contact.fields, "worker": ws.user.username, "handoff_id": record["id"]}
        year = contact.year or times.now_local().year
        with ws.store.transaction() as conn:
            flat["child_ids"] = ws._children_ids(contact.children or ())
            flat["number"] = repository.next_number(conn, ws.province_code, ws.device_code, year)
            made = repository.create(conn, ws.actor, CONTACT, flat)
            saved = Saved(made["id"], made["number"], CONTACT)
            if open_case or record.get("source_entity") == CASE:
                case = ws.open_case(made["id"])
                saved = Saved(case.id, case.number, CASE)
            repository.change(
                conn,
                ws.actor,
                HANDOFF,
                record["id"],
                {
                    "status": HANDOFF_ACCEPTED,
                    "answered_at": times.utc_iso(times.now_utc()),
                    "answered_by": ws.user.username,
                    "accepted_contact_id": made["id"],
                    "accepted_number": made["number"],
                },
                current=record,
            )
        return saved

    @reports_changes
    def decline(self, handoff_id: str, reason: str) -> Saved:
        """Decline a handoff routed to this province, with a reason (one line, required):
        it goes back to the national line, which may redirect it. HandoffRefused,
        ValidationError on "reason", NotFound, PermissionDenied (handoff.answer)."""
        ws = self._ws
        ws._require("handoff.answer")
        text = one_line(str(reason or ""))
        if not text:
            raise ValidationError(
                {"reason": ("Hãy ghi lý do từ chối.", "Give the reason for declining.")}
            )
        record = self._answerable(handoff_id)
        with ws.store.transaction() as conn:
            repository.change(
                conn,
                ws.actor,
                HANDOFF,
                record["id"],
                {
                    "status": HANDOFF_DECLINED,
                    "answered_at": times.utc_iso(times.now_utc()),
                    "answered_by": ws.user.username,
                    "decline_reason": text,
                },
                current=record,
            )
        return Saved(record["id"], str(record.get("source_number") or ""), HANDOFF)

    def _answerable(self, handoff_id: str) -> dict[str, Any]:
        record = self._find(handoff_id)
        if record["to_province"] != self._ws.province_code:
            raise HandoffRefused(
                "Yêu cầu chuyển tuyến này không gửi đến tỉnh/thành của bàn làm việc này.",
                "This handoff is not for this desk's province.",
            )
        if record["status"] != HANDOFF_SENT:
            raise HandoffRefused(
                f"Yêu cầu chuyển tuyến {record['id'][-8:]} đã được trả lời ({record['status']}).",
                f"Handoff {record['id'][-8:]} was already answered ({record['status']}).",
            )
        return record

    def note_outcome(self, conn: Any, before: dict[str, Any], after: dict[str, Any]) -> None:
        """A case closed (or reopened) on a province desk: when it came from a national
        handoff, the outcome goes back on the handoff — the furthest step the case reached
        before closing, the closure reason code and the local date; nothing else (no names,
        no notes: what the legal basis for sharing allows). A reopening clears it."""
        ws = self._ws
        if self.is_national:
            return
        ids = after.get("contact_ids") or []
        contacts = repository.get_many(conn, CONTACT, list(ids))
        handoff_ids = [(c["handoff_id"], c["id"]) for c in contacts if c.get("handoff_id")]
        if not handoff_ids:
            return
        handoff_id, contact_id = handoff_ids[0]
        record = repository.get(conn, HANDOFF, handoff_id)
        if record is None or record["to_province"] != ws.province_code:
            return
        if record.get("accepted_contact_id") not in (None, "", contact_id):
            return  # another desk's accept won: only the accepted contact's case reports
        if after.get("status") == steps.CLOSED:
            closed = _moment(after.get("closed_at")) or times.now_local()
            changes = {
                "outcome_step": str(before.get("status") or ""),
                "outcome_reason": str(after.get("closure_reason") or ""),
                "outcome_at": closed.date().isoformat(),
            }
        elif record.get("outcome_at"):
            changes = {"outcome_step": "", "outcome_reason": "", "outcome_at": None}
        else:
            return
        repository.change(conn, ws.actor, HANDOFF, record["id"], changes, current=record)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
