"""The synced records. Field names here are the contract shared by the store, sync,
reports and the central server (which keeps each record as a JSON document of these
fields). Lists are JSON arrays; dates are ISO-8601 text; times are UTC.

Every synced record carries the common fields of `RecordMeta`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, Self

# Entity names as used in the outbox, the protocol and central.
CHILD = "child"
CONTACT = "contact"
CASE = "case"
CASE_ENTRY = "case_entry"
REFERRAL = "referral"
CONFLICT = "conflict"
ATTACHMENT = "attachment"  # issue 16: a letter, scan or photo on a contact or a case
HANDOFF = "handoff"  # issue 15: the national line hands a contact or case to a province
SYNCED_ENTITIES = (CHILD, CONTACT, CASE, CASE_ENTRY, REFERRAL, CONFLICT, ATTACHMENT, HANDOFF)
# Append-only entities never conflict (DESIGN.md "Merge, never lose").
APPEND_ONLY = frozenset({CASE_ENTRY})

META_FIELDS = (
    "id",
    "province_code",
    "rev",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "deleted",
)


@dataclass(kw_only=True)
class RecordMeta:
    id: str = ""
    province_code: str = ""
    rev: int = 0
    created_at: str = ""
    updated_at: str = ""
    created_by: str = ""
    updated_by: str = ""
    deleted: bool = False

    entity: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Self:
        """The record of a stored row (desktop.db.repository's decoded dict: exactly this
        record's fields). TypeError on a field this record does not have."""
        return cls(**row)

    @classmethod
    def content_fields(cls) -> tuple[str, ...]:
        """The fields a user edits (everything but the meta fields)."""
        return tuple(f.name for f in fields(cls) if f.name not in META_FIELDS)


@dataclass(kw_only=True)
class Child(RecordMeta):
    entity: ClassVar[str] = CHILD
    full_name: str = ""
    family_name: str = ""
    middle_name: str = ""
    given_name: str = ""
    sex: str = "U"  # F | M | U
    birth_date: str | None = None  # YYYY-MM-DD
    birth_year: int | None = None
    birth_estimated: bool = False
    ethnicity: str = ""
    address_text: str = ""  # the address as told (old units allowed)
    home_province_code: str = ""  # 2025 codes
    home_commune_code: str = ""
    special_groups: list[str] = field(
        default_factory=list
    )  # Art. 10 letters: a, b, c, d, dd, e, ...
    disability: str = ""
    school: str = ""
    # Processing restricted at the person's request (Law 91/2025/QH15): kept and worked on
    # under Decree 56, never disclosed (no print, referral or transfer) until lifted.
    processing_restricted: bool = False


@dataclass(kw_only=True)
class Contact(RecordMeta):
    entity: ClassVar[str] = CONTACT
    number: str = ""
    received_at: str = ""  # ISO-8601 with offset
    duration_s: int = 0
    channel: str = "phone"
    call_type: str = "counselling"
    caller_relation: str = ""
    caller_name: str = ""
    caller_phone: str = ""
    caller_age_band: str = ""
    caller_sex: str = "U"
    caller_location: str = ""
    caller_anonymous: bool = False
    child_ids: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # "family" or "family.sub"
    services: list[str] = field(default_factory=list)  # the seven service codes
    risk: str = "low"  # low | medium | high | urgent
    summary: str = ""
    follow_up: bool = False
    consent: dict[str, Any] = field(
        default_factory=dict
    )  # {"child": bool, "representative": bool, "by": str, "at": str, "purpose": str, "legal_basis": str}
    worker: str = ""  # username of the worker who took it
    taxonomy_version: str = ""
    case_id: str | None = None
    # Added with taxonomy 2027.1 (issue 12): where the harm happened (taxonomy `settings`:
    # domestic, online, cross_border) and the alleged perpetrator's relation to the child
    # (taxonomy `perpetrator_relations`; '' = not recorded).
    settings: list[str] = field(default_factory=list)
    perpetrator_relation: str = ""
    # Issue 15: the national handoff this contact was accepted from (its national history).
    handoff_id: str | None = None


@dataclass(kw_only=True)
class Case(RecordMeta):
    entity: ClassVar[str] = CASE
    number: str = ""
    child_id: str = ""
    contact_ids: list[str] = field(default_factory=list)
    status: str = "received"  # Decree 56 step code
    risk: str = "low"
    urgent: bool = False  # life, health or dignity at serious risk: 12 h emergency measure
    assigned_to: str = ""  # username
    categories: list[str] = field(default_factory=list)
    received_at: str = ""
    assessment_due: str | None = None  # older records only (see desktop.domain.steps)
    plan_due: str | None = None  # 23:59:59 local of the 5th working day (Civil Code 147-148)
    plan_approved_by: str = ""  # approval of the current plan (cleared by review -> plan)
    plan_approved_at: str | None = None
    closure_reason: str = ""
    closed_at: str | None = None
    # Set by central only: this case was opened for a contact that already had a live
    # case (two desks offline); it stays, with its entries, linked to that first case.
    duplicate_of: str | None = None
    # Added with issue 12 (Decree 56 as it reads). The step service alone sets these.
    plan_decision_no: str = ""  # the approval decision's number (Mẫu số 05)
    emergency_due: str | None = None  # urgent: receipt + 12 h (Decree 56 Art. 26.3)
    emergency_measure_at: str | None = None  # first emergency_measure entry's time (UTC)
    closure_approved_by: str = ""  # the manager who decided the closure (username)
    closure_approved_at: str | None = None
    closure_decision_no: str = ""
    # The commune where the harm happened: its People's Committee is responsible (2025 code).
    harm_commune_code: str = ""
    # A case moved from another province with its history (`caseline case transfer`):
    # the province it came from and when (UTC). Central accepts a province_code change
    # only under it (docs/dev-contracts.md "Case transfer").
    transfer_from: str = ""
    transferred_at: str | None = None
    # Reminders (issue 12): the next follow-up and review, local dates YYYY-MM-DD.
    follow_up_on: str | None = None
    review_on: str | None = None


@dataclass(kw_only=True)
class CaseEntry(RecordMeta):
    entity: ClassVar[str] = CASE_ENTRY
    case_id: str = ""
    kind: str = "note"  # assessment | plan | plan_approval | intervention | emergency_measure | follow_up | review | note | closure | reopen | step_change
    occurred_at: str = ""
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    corrects_id: str | None = None


@dataclass(kw_only=True)
class Referral(RecordMeta):
    entity: ClassVar[str] = REFERRAL
    case_id: str = ""
    agency: str = ""  # taxonomy referral_agencies
    agency_name: str = ""
    reason: str = ""
    sent_at: str = ""
    status: str = "sent"  # sent | accepted | rejected | done
    outcome: str = ""


@dataclass(kw_only=True)
class Conflict(RecordMeta):
    entity: ClassVar[str] = CONFLICT
    record_entity: str = ""
    record_id: str = ""
    field_name: str = ""
    kept_value: Any = None  # the value central kept
    other_value: Any = None  # the value that lost the race
    kept_by: str = ""
    other_by: str = ""
    other_device: str = ""
    other_at: str = ""
    resolved: bool = False
    resolved_by: str = ""
    resolved_at: str | None = None


@dataclass(kw_only=True)
class Attachment(RecordMeta):
    """A file kept with a contact or a case (issue 16). The record carries what the file
    is, never its bytes: those are content-addressed chunks (`chunks`, the SHA-256 hex of
    each CHUNK_SIZE piece, in order) that travel apart from the record ops
    (desktop/sync/attachments.py) and are kept encrypted in the desk's database."""

    entity: ClassVar[str] = ATTACHMENT
    owner_entity: str = ""  # contact | case
    owner_id: str = ""
    file_name: str = ""  # as given, without its folder
    media_type: str = ""  # application/pdf | image/jpeg | image/png | image/tiff
    size: int = 0  # bytes
    sha256: str = ""  # hex, of the whole file
    chunks: list[str] = field(default_factory=list)
    added_at: str = ""  # UTC ISO-8601 (the meta created_at too; kept for the listing)


# The national line (issue 15). The national desk's scope is the province code "00": it
# holds what it recorded and handed off, never a province's own records. A handoff record
# belongs to the national scope and is routed by central to the desks of `to_province`.
NATIONAL_PROVINCE = "00"
HANDOFF_SENT, HANDOFF_ACCEPTED, HANDOFF_DECLINED, HANDOFF_REDIRECTED = (
    "sent",
    "accepted",
    "declined",
    "redirected",
)
HANDOFF_STATUSES = (HANDOFF_SENT, HANDOFF_ACCEPTED, HANDOFF_DECLINED, HANDOFF_REDIRECTED)


@dataclass(kw_only=True)
class Handoff(RecordMeta):
    """A contact or case the national line hands to a province, and what became of it.

    Made on the national desk (`province_code` "00"); central sets `routed_at` and the
    acceptance deadline `accept_by` when it first stores it and serves it to the desks of
    `to_province`, which may set only `HANDOFF_PROVINCE_FIELDS` (their answer and the
    outcome). A redirect is a new handoff with `redirect_of` = the declined one."""

    entity: ClassVar[str] = HANDOFF
    to_province: str = ""  # 2025 province code of the centre it is handed to
    source_entity: str = ""  # contact | case (on the national desk)
    source_id: str = ""
    source_number: str = ""  # the national number, e.g. 00-K7Q-2026-00042
    urgent: bool = False  # acceptance deadline in hours (default 12) instead of working days
    note: str = ""  # the national worker's note to the province
    sent_at: str = ""  # UTC
    sent_by: str = ""  # username on the national desk
    redirect_of: str | None = None  # the declined handoff this one redirects
    # The national history: the contact as recorded ("contact add" shape, children
    # included) and, when a case was handed, its number, step and timeline summary.
    national: dict[str, Any] = field(default_factory=dict)
    routed_at: str | None = None  # central: when it reached central (UTC)
    accept_by: str | None = None  # central: acceptance deadline, local ISO with +07:00
    status: str = HANDOFF_SENT
    answered_at: str | None = None  # UTC, when the province accepted or declined
    answered_by: str = ""
    decline_reason: str = ""
    accepted_contact_id: str = ""  # the province's contact made from it
    accepted_number: str = ""
    # The outcome (no more than the legal basis allows: no names, no notes): the furthest
    # step the province's case reached, its closure reason code and the date it closed.
    outcome_step: str = ""
    outcome_reason: str = ""
    outcome_at: str | None = None  # local date YYYY-MM-DD


# What a province desk may set on a handoff routed to it; central refuses anything else.
HANDOFF_PROVINCE_FIELDS = frozenset(
    {
        "status",
        "answered_at",
        "answered_by",
        "decline_reason",
        "accepted_contact_id",
        "accepted_number",
        "outcome_step",
        "outcome_reason",
        "outcome_at",
    }
)
# Set by central only (a desk's value is ignored).
HANDOFF_CENTRAL_FIELDS = frozenset({"routed_at", "accept_by"})


# Text as typed. The free-text fields typed on several lines: stored exactly as typed but
# for NFC (line breaks, inner and outer spaces, tabs and punctuation kept). Every other text
# field of a record (names, phones, places, codes, usernames) is one line: NFC and trimmed
# at both ends (`desktop.domain.text.one_line`). The one place this is declared.
MULTI_LINE: dict[str, frozenset[str]] = {
    CHILD: frozenset(),
    CONTACT: frozenset({"summary"}),
    CASE: frozenset(),
    CASE_ENTRY: frozenset({"text"}),
    REFERRAL: frozenset({"reason", "outcome"}),
    CONFLICT: frozenset(),
    ATTACHMENT: frozenset(),
    HANDOFF: frozenset({"note", "decline_reason"}),
}
# What a case step's data holds as typed text (it becomes a case_entry's `text`).
MULTI_LINE_STEP_DATA = frozenset({"assessment", "plan", "review", "reason"})


def is_multi_line(entity: str, name: str) -> bool:
    """True for a free-text field kept as typed (see `MULTI_LINE`), False for one-line text."""
    return name in MULTI_LINE.get(entity, frozenset())


# Fields that belong to a step (issue 11): each is set only by its own service call, with
# that call's permission, never by a generic edit (`update_contact`, `contact update`,
# `update_child`). field → (how it is changed, vi; en), for the refusal's message.
STEP_OWNED: dict[str, dict[str, tuple[str, str]]] = {
    CONTACT: {
        "number": ("được cấp khi ghi nhận", "is given when the contact is recorded"),
        "worker": ("là người đã ghi nhận", "is the worker who recorded it"),
        "taxonomy_version": ("được ghi khi ghi nhận", "is set when the contact is recorded"),
        "case_id": (
            "chỉ thay đổi khi mở hồ sơ (caseline case open)",
            "changes only by opening a case (caseline case open)",
        ),
        "child_ids": (
            "chỉ thay đổi khi ghi nhận hoặc thêm trẻ em",
            "changes only when the contact is recorded or a child is added",
        ),
        "children": (
            "chỉ thay đổi khi ghi nhận hoặc thêm trẻ em",
            "changes only when the contact is recorded or a child is added",
        ),
        "handoff_id": (
            "được ghi khi nhận chuyển tuyến từ tổng đài quốc gia",
            "is set when a national handoff is accepted",
        ),
    },
    CHILD: {},
    # A case has no generic edit: every field below moves only with its step
    # (open_case, move_case, assign_case); listed for conflict resolution.
    CASE: {
        name: ("chỉ thay đổi theo bước của hồ sơ", "changes only with its case step")
        for name in (
            "number",
            "child_id",
            "contact_ids",
            "status",
            "assigned_to",
            "received_at",
            "assessment_due",
            "plan_due",
            "plan_approved_by",
            "plan_approved_at",
            "closure_reason",
            "closed_at",
            # issue 12: the decisions and deadlines the step service alone sets
            "plan_decision_no",
            "emergency_due",
            "emergency_measure_at",
            "closure_approved_by",
            "closure_approved_at",
            "closure_decision_no",
            "harm_commune_code",  # set_harm_commune
            "transfer_from",  # transfer_case
            "transferred_at",
            "follow_up_on",  # set_reminders
            "review_on",
        )
    },
}


RECORD_TYPES: dict[str, type[RecordMeta]] = {
    CHILD: Child,
    CONTACT: Contact,
    CASE: Case,
    CASE_ENTRY: CaseEntry,
    REFERRAL: Referral,
    CONFLICT: Conflict,
    ATTACHMENT: Attachment,
    HANDOFF: Handoff,
}
