"""Small value types the services return."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, NotRequired, TypeAlias, TypedDict

from desktop.domain.records import Case, CaseEntry, Child, Conflict, Contact, Referral
from desktop.domain.settings import SettingValue


@dataclass(frozen=True)
class UserInfo:
    """A user of this desk: username (lower case, no spaces), full_name (NFC, may be ''),
    role ("intake" | "caseworker" | "manager" | "admin"), disabled (cannot unlock)."""

    username: str
    full_name: str
    role: str
    disabled: bool = False


@dataclass(frozen=True)
class Saved:
    """What a write returns.

    id: the record written (a UUIDv7 string); number: its human-readable number
    ("48-ABC-2026-000123") for contacts and cases, '' otherwise; entity: its entity name
    ("contact", "child", "case", "case_entry", "referral", "conflict"); changed: the entity
    names of every record the call wrote (e.g. a new contact with a new child:
    {"contact", "child"}; nothing changed: empty), so a list showing them can refresh.

    Two results naming the same record are equal, whatever each call changed.
    `to_dict()` is the public `--json` shape of the CLI: {"id", "number"}."""

    id: str
    number: str = ""
    entity: str = ""
    changed: frozenset[str] = field(default=frozenset(), compare=False)

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "number": self.number}


@dataclass
class Page:
    """One page of a list: rows (the list's row dicts, as the method documents them),
    total (how many rows match the filters, all pages together; None on a page asked for
    with `after`, whose first page already said) and after (where the next page starts:
    pass it back as `after=`; None when this page was the last)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int | None = 0
    after: str | None = None


# An unfinished form as its page saved it (`ws.save_draft` / `ws.load_draft`): a JSON object
# whose keys are the form's own field names; the services keep it whole, never read it.
DraftFields: TypeAlias = "dict[str, SettingValue]"


@dataclass(frozen=True)
class SimilarChild:
    """A child who may be the one being recorded (`ws.similar_children`): the record and
    score (4 for the same folded name, +3 for the same birth year or +1 for a year apart,
    +2 for the same home commune; higher is likelier)."""

    child: Child
    score: int


@dataclass(frozen=True)
class ChildContact:
    """A contact about a child: id, number ("48-ABC-2026-000123"), received_at (ISO-8601
    text with its offset, as recorded)."""

    id: str
    number: str
    received_at: str


@dataclass(frozen=True)
class ChildDetail:
    """A child as `ws.get_child` shows it: the record (desktop.domain.records.Child: names
    NFC, birth_date YYYY-MM-DD or None, birth_year int or None, 2025 place codes, Art. 10
    group letters) and contacts, the contacts about the child, newest first.

    `to_dict()`: the child's fields, then "contacts" ([{id, number, received_at}])."""

    child: Child
    contacts: tuple[ChildContact, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {**self.child.to_dict(), "contacts": [asdict(c) for c in self.contacts]}


@dataclass(frozen=True)
class OpenConflict:
    """An open sync conflict (`ws.list_conflicts`): the conflict record (desktop.domain.
    records.Conflict: record_entity, record_id, field_name, kept_value / other_value — the
    field's values as stored, JSON —, kept_by, other_by, other_device, other_at as UTC
    ISO-8601 text) and record_number, the number of the contact or case it is about ('' for
    a child, an entry or a referral, or a record no longer here).

    `to_dict()` is one item of `caseline case conflicts --json`: the conflict's fields, then
    "record_number"."""

    conflict: Conflict
    record_number: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**self.conflict.to_dict(), "record_number": self.record_number}


@dataclass(frozen=True)
class Rekeyed:
    """What a rekey did (`ws.rekey`, and `disable_user` / `remove_user`, which rekey):
    seconds (wall-clock time the change took, float), pages (the database's size in SQLite
    pages, each 4096 bytes, when rekeyed), lost_slots (usernames, or "recovery", whose
    slot was still version 1 — not opened since the upgrade — and could not be re-sealed:
    they need a new password / a new recovery key)."""

    seconds: float
    pages: int
    lost_slots: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"seconds": self.seconds, "pages": self.pages, "lost_slots": list(self.lost_slots)}


@dataclass(frozen=True)
class Preferences:
    """The desk's user-editable settings (declared in desktop/domain/settings.py):
    auto_lock_minutes (minutes without input before the desk locks, 1–240),
    sync_interval_s (seconds between unattended sync rounds, 60–86400),
    language ("vi" | "en", or "" to follow the system),
    attachment_download ("on_demand": other desks' attachments are fetched when opened;
    "all": in every sync round; setting `attachments.download`)."""

    auto_lock_minutes: float
    sync_interval_s: int
    language: str
    attachment_download: str = "on_demand"


# Results that were plain dicts before the typed-results convention keep their keys (the
# CLI prints them with --json, and callers index them): they are declared as TypedDicts,
# so their shape is checked and documented without changing a caller. New results are
# frozen dataclasses (docs/dev-contracts.md "Typed results").


class Verification(TypedDict):
    """`ws.verify()`: ok (both checks passed), integrity ("ok" or SQLite's findings),
    audit_chain ("ok" | "broken"), keyed_chain (the offline keyed chain: "ok" | "broken" |
    "not checked (admin only)"), user_records ("ok" | "broken": the signed user records, the
    signed list of users, the signing key and this session's admin key; review i11 #6),
    problems (one line each; no record content)."""

    ok: bool
    integrity: str
    audit_chain: str
    keyed_chain: str
    user_records: str
    problems: list[str]


class BackupManifest(TypedDict):
    """What a backup says of itself: created_at (UTC ISO-8601 text), centre (name),
    province_code (2 digits), device_code (the desk's 3 letters)."""

    created_at: str
    centre: str
    province_code: str
    device_code: str


class RestoredDesk(BackupManifest):
    """A restore: the backup's manifest plus `numbers_from`, the sequence new contact and
    case numbers start from (a restore starts a new block: docs/dev-contracts.md)."""

    numbers_from: int


class RestoreResult(RestoredDesk):
    """A restore over a desk: the restore's answer plus `kept`, the folder (absolute path
    text) holding the desk's previous files, still encrypted, and `discarded`: how many
    ops not yet sent to central were given up (`restore_over(discard_unsent=True)`; 0
    otherwise). Only `restore_over` sets it."""

    kept: str
    discarded: NotRequired[int]


class SearchHit(TypedDict):
    """One `ws.search` hit: kind ("child" | "contact" | "case"), id, number ('' for a
    child), name (the child's full name; a contact: its children's names joined by ", ").
    A child also has birth_year (int or None) and sex ("F" | "M" | "U"); a contact
    caller (name), caller_phone, received_at (ISO-8601 text with offset, Vietnam time)
    and case_id ('' or None when no case); a case status (a Decree 56 step code) and
    assigned_to (username, '' when unassigned)."""

    kind: str
    id: str
    number: str
    name: str
    birth_year: NotRequired[int | None]
    sex: NotRequired[str]
    caller: NotRequired[str]
    caller_phone: NotRequired[str]
    received_at: NotRequired[str]
    case_id: NotRequired[str | None]
    status: NotRequired[str]
    assigned_to: NotRequired[str]


# --- a case as `ws.get_case` shows it ------------------------------------------------------


@dataclass(frozen=True)
class Deadlines:
    """A case's deadlines now (desktop.domain.steps.deadline_state): assessment_due
    (older records only), plan_due (23:59:59 of the 5th working day) and emergency_due
    (receipt + 12 h, urgent cases) as ISO-8601 text with the +07:00 offset, or None;
    overdue (any step late), overdue_steps ("emergency_measure" and/or "plan")."""

    assessment_due: str | None
    plan_due: str | None
    emergency_due: str | None
    overdue: bool
    overdue_steps: tuple[str, ...]

    @classmethod
    def of(cls, state: Mapping[str, Any]) -> Deadlines:
        """From desktop.domain.steps.deadline_state's dict."""
        return cls(
            assessment_due=state["assessment_due"],
            plan_due=state["plan_due"],
            emergency_due=state["emergency_due"],
            overdue=bool(state["overdue"]),
            overdue_steps=tuple(state["overdue_steps"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "overdue_steps": list(self.overdue_steps)}


@dataclass(frozen=True)
class Decision:
    """A Decree 56 decision on a case (the plan's approval, Mẫu số 05, or the closure):
    approved_by (the manager's username), approved_at (UTC ISO-8601 text), decision_no
    (the decision's number as written, may be '')."""

    approved_by: str
    approved_at: str | None
    decision_no: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ConsentDecision:
    """What the case's consent allows for one purpose today (Law 91/2025; desktop.domain.
    consent): allowed, basis ("consent" | a legal basis code | ''), vi / en (the reason,
    one sentence each; for a purpose the desk does not check, it says so), `enforced`
    (does the desk refuse the action without it: only the referral print today)."""

    allowed: bool
    basis: str
    vi: str
    en: str
    enforced: bool = False


@dataclass(frozen=True)
class CaseConsent:
    """The case's consent: records (one per source contact: {"contact": its number, and
    the contact's consent fields as recorded: desktop.domain.records.Contact.consent}) and
    decisions (purpose code → ConsentDecision, for every purpose of desktop.domain.consent)."""

    records: tuple[Mapping[str, Any], ...]
    decisions: Mapping[str, ConsentDecision]

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": [dict(r) for r in self.records],
            "decisions": {k: asdict(v) for k, v in self.decisions.items()},
        }


@dataclass(frozen=True)
class DuplicateCase:
    """A case central marked as a duplicate of this one (two desks opened a case for one
    contact offline): its id, number and timeline entries (oldest first)."""

    id: str
    number: str
    entries: tuple[CaseEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "entries": _dicts(self.entries)}


@dataclass(frozen=True)
class CaseMoved:
    """What a step move did (`ws.move_case`): case (the record as it now is), changed (the
    names of the case fields the move set, sorted), added_entries (the timeline entries it
    wrote), deadlines now, approval / closure_decision (the Decree 56 decisions, or None).
    `ws.get_case` reads the whole case and audits the view."""

    case: Case
    changed: tuple[str, ...]
    added_entries: tuple[CaseEntry, ...]
    deadlines: Deadlines
    approval: Decision | None
    closure_decision: Decision | None


@dataclass(frozen=True)
class CaseDetail:
    """One case with everything its page shows (`ws.get_case`).

    case: the record (desktop.domain.records.Case: times are ISO-8601 text — created_at,
    updated_at, closed_at, approvals in UTC; received_at with its offset; due times local
    with +07:00); child: its child (None if the record is missing); contacts: its source
    contacts, in the case's order; entries: its timeline (oldest first); referrals (by
    sending time); duplicates: cases central marked as duplicates of this one;
    duplicate_of_number: the first case's number when this one is a duplicate, else '';
    open_conflicts: unresolved conflicts on the case record; deadlines: now;
    approval / closure_decision: the Decree 56 decisions, or None; consent: what the
    source contacts' consent allows today.

    `to_dict()` is the public `caseline case show --json` shape: the case's fields, then
    "child", "contacts", "entries", "referrals", "duplicates", "duplicate_of_number",
    "open_conflicts", "deadlines", "approval", "closure_decision", "consent"."""

    case: Case
    child: Child | None
    contacts: tuple[Contact, ...]
    entries: tuple[CaseEntry, ...]
    referrals: tuple[Referral, ...]
    duplicates: tuple[DuplicateCase, ...]
    duplicate_of_number: str
    open_conflicts: tuple[Conflict, ...]
    deadlines: Deadlines
    approval: Decision | None
    closure_decision: Decision | None
    consent: CaseConsent

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.case.to_dict(),
            "child": self.child.to_dict() if self.child is not None else None,
            "contacts": _dicts(self.contacts),
            "entries": _dicts(self.entries),
            "referrals": _dicts(self.referrals),
            "duplicates": [d.to_dict() for d in self.duplicates],
            "duplicate_of_number": self.duplicate_of_number,
            "open_conflicts": _dicts(self.open_conflicts),
            "deadlines": self.deadlines.to_dict(),
            "approval": self.approval.to_dict() if self.approval else None,
            "closure_decision": self.closure_decision.to_dict() if self.closure_decision else None,
            "consent": self.consent.to_dict(),
        }


def _dicts(records: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [r.to_dict() for r in records]
