"""`ws.rights`: a person's rights over their data, and retention (issue 12).

The law: Personal Data Protection Law 91/2025/QH15 and Decree 356/2025 — a person (for a
child, the legal representative) may get, correct, restrict and erase their data, and a
request is answered within 2 working days; data is kept only as long as its purpose needs.

Who the person is, from what the centre knows them by:
- a **contact number** → the caller of that contact (every live contact with the same
  phone number, or that contact alone when no phone was given);
- a **case number** or a **child id** → that child.

`export` gives everything about them (JSON + PDF) and leaves out other people (a child's
export carries no caller's name or phone, a caller's no child's story). `erase` empties
and tombstones their records so the erasure syncs to central and every desk; an open
case holds its child and its source contacts (legal hold: Decree 56 work in progress)
and stops the erasure with a clear message. Each request is audited with its due date.

Retention (`purge`): the rules of desktop.domain.retention, with the periods an admin
set; `purge(dry_run=True)` lists exactly what `purge()` then removes.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import files
from desktop.db import repository
from desktop.domain import consent, retention, times
from desktop.domain.records import (
    ATTACHMENT,
    CASE,
    CASE_ENTRY,
    CHILD,
    CONTACT,
    META_FIELDS,
    RECORD_TYPES,
    REFERRAL,
)
from desktop.domain.text import digits
from desktop.errors import CaselineError, NotFound, PermissionDenied, ValidationError
from desktop.reports.person import TITLE as PERSON_TITLE
from desktop.reports.person import render_person_export
from desktop.reports.redaction import REFERRAL as REFERRAL_PROFILE
from desktop.reports.redaction import Redactor, redactor_for
from desktop.services import outputs
from desktop.services.base import store_errors_as_user_errors

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace

RESPONSE_WORKING_DAYS = 2  # Law 91/2025 / Decree 356/2025: a request answered in 2 working days
RETENTION_SETTING = "retention_days"  # {rule code: days}; admin only (`set_retention`)
CHILD_KEPT = ("id", "province_code")  # an erased record keeps only what sync needs
CALLER_FIELDS = ("caller_name", "caller_phone", "caller_location")


def check_not_restricted(child: dict[str, Any] | None, what_vi: str, what_en: str) -> None:
    """PermissionDenied when the child's processing is restricted (Law 91/2025/QH15):
    nothing of theirs is disclosed until the restriction is lifted."""
    if child and child.get("processing_restricted"):
        raise PermissionDenied(
            f"Không {what_vi}: dữ liệu của trẻ em đang bị hạn chế xử lý theo yêu cầu"
            " (Luật 91/2025/QH15). Gỡ hạn chế trước (caseline person restrict … --lift).",
            f"Cannot {what_en}: the child's data is restricted at their request (Law"
            " 91/2025/QH15). Lift the restriction first (caseline person restrict … --lift).",
            action="person.restricted",
        )


class LegalHold(CaselineError):
    """An erasure an open case stops (the case's work needs the data)."""

    code = "legal_hold"


@dataclass(frozen=True)
class Removal:
    """One record a request or the purge removes: `action` is erase (emptied and
    tombstoned) | clear_caller | anonymise (personal fields emptied, codes kept) |
    unlink (the erased child taken out of a contact)."""

    entity: str
    id: str
    number: str
    action: str
    rule: str = ""


@dataclass(frozen=True)
class PersonExport:
    """Everything the desk holds about one person. `data`: the JSON document; `pdf`: the
    same as a printout."""

    subject: str  # child | caller
    key: str
    data: dict[str, Any]
    pdf: bytes
    data_dir: Path | None = field(default=None, repr=False, compare=False)

    def save(self, folder: str | Path) -> list[Path]:
        """Write `person-KEY.json` and `person-KEY.pdf` into `folder` (which must exist:
        ValidationError otherwise). OutputRefused for the desk's own files."""
        folder = Path(folder)
        if not folder.is_dir():
            raise ValidationError(
                {
                    "-o": (
                        f"Thư mục {folder} không tồn tại hoặc không phải thư mục: tạo trước rồi"
                        " xuất lại.",
                        f"{folder} is not an existing folder: create it, then export again.",
                    )
                }
            )
        stem = "person-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in self.key)
        written = []
        for suffix, content in (
            (".json", json.dumps(self.data, ensure_ascii=False, indent=1).encode("utf-8")),
            (".pdf", self.pdf),
        ):
            target = folder / f"{stem}{suffix}"
            if self.data_dir is not None:
                outputs.check_output_path(self.data_dir, target)
            files.write_atomically(target, content, same_kind=True)
            written.append(target)
        return written


@dataclass(frozen=True)
class ErasePlan:
    """What erasing one person removes (`removals`), and the request's due date."""

    subject: str
    key: str
    removals: tuple[Removal, ...]
    due: str
    done: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "key": self.key,
            "due": self.due,
            "done": self.done,
            "removals": [asdict(r) for r in self.removals],
        }


@dataclass
class _Subject:
    kind: str  # child | caller
    key: str
    child: dict[str, Any] | None
    contacts: list[dict[str, Any]]
    cases: list[dict[str, Any]]


@store_errors_as_user_errors
class RightsPart:
    """A person's rights (`ws.rights`): export, erase, and the retention purge. A
    manager's right (`person.*`); the retention periods are an admin's setting."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    # --- who ------------------------------------------------------------------------------

    def _subject(self, key: str) -> _Subject:
        ws = self._ws
        conn = ws.conn
        key = str(key or "").strip()
        contact = repository.get_by_number(conn, CONTACT, key.upper()) if key else None
        if contact and not contact["deleted"]:
            phone = digits(contact.get("caller_phone") or "")
            contacts = [contact]
            if phone:
                contacts = repository.select(
                    conn,
                    CONTACT,
                    "caller_phone_digits = ? AND deleted = 0",
                    (phone,),
                    "ORDER BY received_at, id",
                )
            return _Subject("caller", contact["number"], None, contacts, [])
        case = repository.get_by_number(conn, CASE, key.upper()) if key else None
        child_id = case["child_id"] if case and not case["deleted"] else key
        child = repository.get(conn, CHILD, child_id) if child_id else None
        if child is None or child["deleted"]:
            raise NotFound(
                f"Không tìm thấy người có số cuộc liên hệ, số hồ sơ hoặc mã trẻ em {key}.",
                f"No person with the contact number, case number or child id {key}.",
            )
        contacts = repository.select(
            conn,
            CONTACT,
            "deleted = 0 AND id IN (SELECT contact_id FROM contact_child WHERE child_id = ?)",
            (child["id"],),
            "ORDER BY received_at, id",
        )
        cases = repository.select(
            conn, CASE, "child_id = ? AND deleted = 0", (child["id"],), "ORDER BY received_at, id"
        )
        return _Subject("child", case["number"] if case else child["id"], child, contacts, cases)

    def _due(self) -> str:
        """The request's due moment: the end of the 2nd working day after today."""
        calendar = self._ws.calendar()
        return calendar.working_days_end(times.now_local(), RESPONSE_WORKING_DAYS).isoformat()

    # --- export ---------------------------------------------------------------------------

    def export(self, key: str) -> PersonExport:
        """Everything about the person `key` (contact number: the caller; case number or
        child id: the child) as JSON and PDF. Audited as an export with the request's due
        date. PermissionDenied, NotFound."""
        ws = self._ws
        ws._require("person.export")
        subject = self._subject(key)
        data: dict[str, Any] = {
            "subject": subject.kind,
            "centre": ws.centre_name,
            "exported_at": times.now_local().isoformat(timespec="seconds"),
            "request": {"kind": "access", "due": self._due()},
        }
        if subject.kind == "child":
            data.update(self._child_data(subject))
        else:
            data.update(self._caller_data(subject))
        pdf = render_person_export(data, ws.reports._frame(PERSON_TITLE, confidential=True))
        ws.record_event(
            "export",
            subject.kind,
            _subject_id(subject),
            request="access",
            due=data["request"]["due"],
        )
        return PersonExport(subject.kind, subject.key, data, pdf, data_dir=ws.data_dir)

    def _child_redactor(self, subject: _Subject) -> Redactor:
        """The referral print's redactor (desktop.reports.redaction) for a child's export:
        the callers' names, phones and places, the representatives named in consent
        records, other children, every phone number and e-mail address are blanked in the
        free text (the child's rights are exercised by a representative, who may be the
        person the caller reported; review i12 #2)."""
        other_ids: set[str] = set()
        for contact in subject.contacts:
            other_ids.update(str(i) for i in _json_list(contact.get("child_ids")))
        other_ids.discard((subject.child or {}).get("id", ""))
        others = [repository.get(self._ws.conn, CHILD, i) for i in sorted(other_ids)]
        return redactor_for(
            REFERRAL_PROFILE,
            (subject.child or {}).get("full_name", ""),
            [
                (c.get("caller_name", ""), c.get("caller_phone", ""), c.get("caller_location", ""))
                for c in subject.contacts
            ],
            [o.get("full_name", "") for o in others if o],
            representatives=[_representative_name(c.get("consent")) for c in subject.contacts],
        )

    def _child_data(self, subject: _Subject) -> dict[str, Any]:
        conn = self._ws.conn
        child = _content(CHILD, subject.child or {})
        redactor = self._child_redactor(subject)
        contacts = []
        for contact in subject.contacts:
            about = {
                k: contact.get(k)
                for k in (
                    "number",
                    "received_at",
                    "channel",
                    "call_type",
                    "categories",
                    "settings",
                    "services",
                    "risk",
                    "summary",
                    "consent",
                )
            }
            about["summary"] = redactor.clean(about.get("summary"))
            contacts.append(about)  # the caller is another person: left out
        cases = []
        for case in subject.cases:
            entries = repository.select(
                conn,
                CASE_ENTRY,
                "case_id = ? AND deleted = 0",
                (case["id"],),
                "ORDER BY occurred_at",
            )
            referrals = repository.select(
                conn, REFERRAL, "case_id = ? AND deleted = 0", (case["id"],), "ORDER BY sent_at"
            )
            cases.append(
                {
                    **_content(CASE, case),
                    "entries": [
                        {
                            "kind": e.get("kind"),
                            "occurred_at": e.get("occurred_at"),
                            "text": redactor.clean(e.get("text")),
                            "data": _cleaned(e.get("data"), redactor),
                        }
                        for e in entries
                    ],
                    "referrals": [
                        {
                            k: redactor.clean(r.get(k)) if k in ("reason", "outcome") else r.get(k)
                            for k in (
                                "agency",
                                "agency_name",
                                "reason",
                                "sent_at",
                                "status",
                                "outcome",
                            )
                        }
                        for r in referrals
                    ],
                }
            )
        return {"child": child, "contacts": contacts, "cases": cases}

    def _caller_data(self, subject: _Subject) -> dict[str, Any]:
        first = subject.contacts[0]
        caller = {
            k[len("caller_") :]: first.get(k)
            for k in (
                "caller_name",
                "caller_phone",
                "caller_relation",
                "caller_age_band",
                "caller_sex",
                "caller_location",
            )
        }
        contacts = [
            {
                k: c.get(k)
                for k in ("number", "received_at", "channel", "call_type", "caller_name", "consent")
            }
            for c in subject.contacts
        ]  # what the caller told about a child is the child's data: left out
        return {"caller": caller, "contacts": contacts}

    # --- withdraw consent -----------------------------------------------------------------

    def withdraw_consent(self, key: str, purposes: list[str] | None = None) -> list[str]:
        """The person `key` withdraws consent for `purposes` (default: all): on each of
        their contacts, every consent-based answer for those purposes becomes a refusal
        (a legal basis recorded instead of consent stays: it never rested on consent).
        From then on a referral print that needed it is refused (desktop.domain.consent).
        Returns the numbers of the contacts changed; audited with the request's due date.
        PermissionDenied, NotFound, ValidationError (unknown purpose)."""
        ws = self._ws
        ws._require("person.erase")
        chosen = list(purposes or consent.PURPOSES)
        unknown = [p for p in chosen if p not in consent.PURPOSES]
        if unknown:
            raise ValidationError(
                {
                    "purpose": (
                        f"Mục đích không có: {', '.join(unknown)} (dùng {', '.join(consent.PURPOSES)}).",
                        f"No such purpose: {', '.join(unknown)} (use {', '.join(consent.PURPOSES)}).",
                    )
                }
            )
        subject = self._subject(key)
        changed: list[str] = []
        with ws.store.transaction() as conn:
            for contact in subject.contacts:
                record = dict(contact.get("consent") or {})
                answers = dict(record.get("purposes") or {})
                for purpose in chosen:
                    old = consent.purpose_answer(record, purpose)
                    if old is not None and (old.get("basis") or consent.CONSENT) != consent.CONSENT:
                        continue
                    answers[purpose] = {"child": False, "representative": False, "basis": "consent"}
                new = {
                    k: v
                    for k, v in record.items()
                    if k not in ("child", "representative", "purpose", "legal_basis")
                }
                new["purposes"] = answers
                if new != record:
                    repository.change(
                        conn, ws.actor, CONTACT, contact["id"], {"consent": new}, current=contact
                    )
                    changed.append(contact["number"])
            ws._audit(
                "edit",
                subject.kind,
                _subject_id(subject),
                {"request": "withdraw_consent", "purposes": chosen, "due": self._due()},
            )
        return changed

    # --- restrict -------------------------------------------------------------------------

    def restrict(self, key: str, *, lift: bool = False) -> str:
        """Restrict (or, with `lift`, free) the processing of a child's data at the
        request of the child's representative: the desk keeps the records and the case
        work the law requires (Decree 56), but prints, referrals and transfers of the
        child's cases are refused until lifted (`check_not_restricted`). Returns the
        child's id; audited with the request's due date. A caller's data: withdraw consent
        or erase. PermissionDenied, NotFound, ValidationError."""
        ws = self._ws
        ws._require("person.erase")
        subject = self._subject(key)
        if subject.kind != "child" or subject.child is None:
            raise ValidationError(
                {
                    "number": (
                        "Hạn chế xử lý áp dụng cho dữ liệu của trẻ em (số hồ sơ hoặc mã trẻ em);"
                        " với người gọi, dùng rút lại sự đồng ý hoặc xoá.",
                        "Restriction applies to a child's data (a case number or child id);"
                        " for a caller, withdraw consent or erase.",
                    )
                }
            )
        child = subject.child
        with ws.store.transaction() as conn:
            repository.change(
                conn,
                ws.actor,
                CHILD,
                child["id"],
                {"processing_restricted": not lift},
                current=child,
            )
            ws._audit(
                "edit",
                CHILD,
                child["id"],
                {"request": "lift_restriction" if lift else "restrict", "due": self._due()},
            )
        return child["id"]

    # --- erase ----------------------------------------------------------------------------

    def erase(self, key: str, *, dry_run: bool = False) -> ErasePlan:
        """Erase the person `key`: a child with their cases (timeline, referrals,
        attachments) and their place in contacts; a caller's name, phone and place in
        their contacts. Tombstones and emptied fields sync to central and the other desks.
        `dry_run`: list what would go, change nothing. LegalHold (nothing changed) when an
        open case needs the data; PermissionDenied; NotFound."""
        ws = self._ws
        ws._require("person.erase")
        subject = self._subject(key)
        held = self._holds(subject)
        if held:
            raise LegalHold(
                f"Không xoá được: hồ sơ {', '.join(held)} đang mở và cần dữ liệu này"
                " (Nghị định 56/2017/NĐ-CP). Kết thúc hồ sơ trước, rồi yêu cầu xoá lại.",
                f"Cannot erase: case {', '.join(held)} is open and needs this data"
                " (Decree 56/2017). Close the case first, then ask again.",
                cases=held,
            )
        removals = self._erase_plan(subject)
        due = self._due()
        if not dry_run:
            with ws.store.transaction():
                self._apply(removals)
                ws._audit(
                    "erase",
                    subject.kind,
                    _subject_id(subject),
                    {"request": "erasure", "due": due, "records": len(removals)},
                )
        return ErasePlan(subject.kind, subject.key, tuple(removals), due, not dry_run)

    def _holds(self, subject: _Subject) -> list[str]:
        conn = self._ws.conn
        case_ids = {c["case_id"] for c in subject.contacts if c.get("case_id")}
        case_ids |= {c["id"] for c in subject.cases}
        open_cases = [
            c["number"]
            for c in repository.get_many(conn, CASE, sorted(case_ids))
            if not c["deleted"] and c["status"] != "closed"
        ]
        return sorted(open_cases)

    def _erase_plan(self, subject: _Subject) -> list[Removal]:
        if subject.kind == "caller":
            return [
                Removal(CONTACT, c["id"], c["number"], "clear_caller") for c in subject.contacts
            ]
        removals: list[Removal] = []
        for case in subject.cases:
            removals += self._case_removals(case)
        child_id = subject.child["id"] if subject.child else ""
        for contact in subject.contacts:
            others = [i for i in contact.get("child_ids") or [] if i != child_id]
            action = "unlink" if others else "anonymise"
            removals.append(Removal(CONTACT, contact["id"], contact["number"], action))
        removals.append(Removal(CHILD, child_id, "", "erase"))
        return removals

    def _case_removals(self, case: dict[str, Any], rule: str = "") -> list[Removal]:
        conn = self._ws.conn
        out = [Removal(CASE, case["id"], case["number"], "erase", rule)]
        for entity in (CASE_ENTRY, REFERRAL):
            for row in repository.select(
                conn, entity, "case_id = ? AND deleted = 0", (case["id"],)
            ):
                out.append(Removal(entity, row["id"], "", "erase", rule))
        for row in repository.select(
            conn, ATTACHMENT, "owner_id = ? AND deleted = 0", (case["id"],)
        ):
            out.append(Removal(ATTACHMENT, row["id"], "", "erase", rule))
        return out

    def _apply(self, removals: list[Removal]) -> None:
        ws = self._ws
        conn = ws.conn
        erased_children = {r.id for r in removals if r.entity == CHILD and r.action == "erase"}
        for removal in removals:
            record = repository.get(conn, removal.entity, removal.id)
            if record is None or record["deleted"]:
                continue
            if removal.action == "erase":
                changes = {**_emptied(removal.entity, record), "deleted": True}
            elif removal.action == "clear_caller":  # the consent record names people too
                changes = {**dict.fromkeys(CALLER_FIELDS, ""), "summary": "", "consent": {}}
            else:  # anonymise | unlink: a contact keeps its codes (it still counts)
                kept = [i for i in record.get("child_ids") or [] if i not in erased_children]
                changes = {"child_ids": kept}
                if removal.action == "anonymise":
                    changes.update(dict.fromkeys(CALLER_FIELDS, ""), summary="", consent={})
                    changes["child_ids"] = []
            repository.change(conn, ws.actor, removal.entity, removal.id, changes, current=record)
            if removal.entity == CONTACT and removal.action in ("anonymise", "erase"):
                for row in repository.select(
                    conn, ATTACHMENT, "owner_id = ? AND deleted = 0", (removal.id,)
                ):
                    repository.change(
                        conn,
                        ws.actor,
                        ATTACHMENT,
                        row["id"],
                        {**_emptied(ATTACHMENT, row), "deleted": True},
                        current=row,
                    )
        _drop_unused_chunks(conn)

    # --- retention ------------------------------------------------------------------------

    def retention(self) -> dict[str, Any]:
        """The rules with the periods in force: [{code, vi, en, action, days, default_days,
        source}]."""
        stored = self._ws.store.get_setting(RETENTION_SETTING, None)
        days = retention.periods(stored)
        return {
            "rules": [
                {
                    "code": r.code,
                    "vi": r.vi,
                    "en": r.en,
                    "action": r.action,
                    "days": days[r.code],
                    "default_days": r.default_days,
                    "source": r.source,
                }
                for r in retention.RULES
            ]
        }

    def set_retention(self, code: str, days: int) -> None:
        """Set one rule's period (admin: the `settings` right). ValidationError for an
        unknown rule or a period outside its bounds."""
        ws = self._ws
        ws._require("settings")
        rule = retention.BY_CODE.get(code)
        if rule is None or not isinstance(days, int) or isinstance(days, bool):
            raise ValidationError({code: ("Quy tắc lưu giữ không có.", "No such retention rule.")})
        if not rule.minimum_days <= days <= rule.maximum_days:
            raise ValidationError(
                {
                    code: (
                        f"Thời hạn phải từ {rule.minimum_days} đến {rule.maximum_days} ngày.",
                        f"The period must be {rule.minimum_days} to {rule.maximum_days} days.",
                    )
                }
            )
        stored = dict(ws.store.get_setting(RETENTION_SETTING, None) or {})
        stored[code] = days
        ws.store.set_setting(RETENTION_SETTING, stored)
        ws._audit("settings", "", "", {"retention": code, "days": days})

    def purge(self, *, dry_run: bool = False, now: datetime | None = None) -> list[Removal]:
        """Apply the retention rules at `now` (default: now): what each rule removes, in
        rule order. With `dry_run` nothing changes and the same list comes back. Audited
        (one event per rule that removed something). A manager's right."""
        ws = self._ws
        ws._require("retention.purge")
        now = now or times.now_local()
        days = retention.periods(ws.store.get_setting(RETENTION_SETTING, None))
        with ws.store.transaction():
            plan = self._purge_plan(now, days)
            if not dry_run and plan:
                self._apply(plan)
                for rule in retention.RULES:
                    count = sum(1 for r in plan if r.rule == rule.code)
                    if count:
                        ws._audit(
                            "purge",
                            "",
                            "",
                            {"rule": rule.code, "days": days[rule.code], "records": count},
                        )
        return plan

    def _purge_plan(self, now: datetime, days: dict[str, int]) -> list[Removal]:
        conn = self._ws.conn
        plan: list[Removal] = []
        rule = retention.SILENT_PRANK
        for row in repository.select(
            conn,
            CONTACT,
            "deleted = 0 AND call_type IN ('silent', 'prank')"
            " AND julianday(received_at) < julianday(?)"
            " AND (caller_name != '' OR caller_phone != '' OR caller_location != '' OR summary != '')",
            (retention.cutoff(now, days[rule]),),
            "ORDER BY received_at, id",
        ):
            plan.append(Removal(CONTACT, row["id"], row["number"], "clear_caller", rule))
        rule = retention.CONTACT_WITHOUT_CASE
        for row in repository.select(
            conn,
            CONTACT,
            # A contact still marked for follow-up is held (review i12 #7: an urgent child).
            "deleted = 0 AND coalesce(case_id, '') = '' AND follow_up = 0"
            " AND julianday(received_at) < julianday(?)"
            " AND (caller_name != '' OR caller_phone != '' OR caller_location != ''"
            " OR summary != '' OR child_ids != '[]')",
            (retention.cutoff(now, days[rule]),),
            "ORDER BY received_at, id",
        ):
            if any(r.id == row["id"] for r in plan):
                continue
            plan.append(Removal(CONTACT, row["id"], row["number"], "anonymise", rule))
        rule = retention.CLOSED_CASE
        for case in repository.select(
            conn,
            CASE,
            "deleted = 0 AND status = 'closed' AND closed_at IS NOT NULL AND closed_at != ''"
            " AND julianday(closed_at) < julianday(?)",
            (retention.cutoff(now, days[rule]),),
            "ORDER BY closed_at, id",
        ):
            plan += self._case_removals(case, rule)
            for contact in repository.select(
                conn, CONTACT, "case_id = ? AND deleted = 0", (case["id"],)
            ):
                if not any(r.id == contact["id"] for r in plan):
                    plan.append(
                        Removal(CONTACT, contact["id"], contact["number"], "anonymise", rule)
                    )
            if not self._child_kept_elsewhere(case, plan):
                plan.append(Removal(CHILD, case["child_id"], "", "erase", rule))
        return plan

    def _child_kept_elsewhere(self, case: dict[str, Any], plan: list[Removal]) -> bool:
        """Does another live case, or a contact the plan keeps, still hold the case's child?"""
        conn = self._ws.conn
        going = {r.id for r in plan}
        child_id = case["child_id"]
        if not child_id or child_id in going:
            return True
        for other in repository.select(conn, CASE, "child_id = ? AND deleted = 0", (child_id,)):
            if other["id"] not in going:
                return True
        for contact in repository.select(
            conn,
            CONTACT,
            "deleted = 0 AND id IN (SELECT contact_id FROM contact_child WHERE child_id = ?)",
            (child_id,),
        ):
            if contact["id"] not in going:
                return True
        return False


def _json_list(value: Any) -> list[Any]:
    """A list stored as a list or as JSON text; [] for anything else."""
    if isinstance(value, str):
        try:
            value = json.loads(value or "[]")
        except ValueError:
            return []
    return list(value) if isinstance(value, list) else []


def _representative_name(consent: Any) -> str:
    """The representative's name a contact's consent record gives, or ""."""
    if isinstance(consent, str):
        try:
            consent = json.loads(consent or "{}")
        except ValueError:
            return ""
    return str(consent.get("representative_name") or "") if isinstance(consent, dict) else ""


def _cleaned(value: Any, redactor: Redactor) -> Any:
    """`value` (an entry's data: text, lists, dicts) with every string passed through
    `redactor.clean`; numbers, booleans and None as they are."""
    if isinstance(value, str):
        return redactor.clean(value)
    if isinstance(value, dict):
        return {k: _cleaned(v, redactor) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v, redactor) for v in value]
    return value


def _subject_id(subject: _Subject) -> str:
    if subject.kind == "child" and subject.child:
        return subject.child["id"]
    return subject.contacts[0]["id"] if subject.contacts else ""


def _content(entity: str, record: dict[str, Any]) -> dict[str, Any]:
    names = RECORD_TYPES[entity].content_fields()
    return {k: record.get(k) for k in names}


def _emptied(entity: str, record: dict[str, Any]) -> dict[str, Any]:
    """Every content field back to its default (number and links kept only where sync
    needs them: a case keeps its number, an entry its case)."""
    blank = repository.defaults(entity)
    keep = {"number", "case_id", "owner_entity", "owner_id", "kind", "status"}
    return {
        name: blank.get(name)
        for name in RECORD_TYPES[entity].content_fields()
        if name not in keep and name not in META_FIELDS
    }


def _drop_unused_chunks(conn: Any) -> None:
    """An erased attachment's bytes go from the store (secure_delete zeroes the pages)."""
    used: set[str] = set()
    for (chunks,) in conn.execute("SELECT chunks FROM attachment WHERE deleted = 0"):
        used.update(json.loads(chunks or "[]"))
    stored = [row[0] for row in conn.execute("SELECT sha256 FROM attachment_chunk")]
    unused = [(digest,) for digest in stored if digest not in used]
    conn.executemany("DELETE FROM attachment_chunk WHERE sha256 = ?", unused)
