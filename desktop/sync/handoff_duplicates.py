"""One accepted contact per national handoff (issue 15, review i15 #1).

Two desks of one province may both accept the same handoff while apart (offline, or
between syncs). Central keeps the first answer (the rev rule: the second desk's edit of
the handoff comes back as a conflict) and that answer names the accepted contact
(`handoff.accepted_contact_id` / `accepted_number`). When the losing desk pulls the
handoff it withdraws what its own accept made: the contact, the children it created for
it, and the case opened from it are soft-deleted (synced deletions,
so every desk of the province, central's figures and the outcome sent back see the
accepted one only), and a `sync` audit event names the handoff, the number kept and the
number withdrawn. Only the desk that made the duplicate withdraws it (its device code in
the number), so two desks never race to delete each other's records.

Central files the losing answer as conflicts on the handoff, in the handoff's scope (the
national desk's): they are settled already (central kept the first answer, the loser
withdrew), so the national desk marks them resolved itself (`settle_answer_conflicts`)
rather than asking a person to choose between two provinces' desks' answers.

`withdraw_duplicates(host)` and `settle_answer_conflicts(host)` run after every pull; it is idempotent (a crash between the
pull and this step is repaired at the next round).
"""

from __future__ import annotations

from typing import Any

from desktop.db import audit, repository
from desktop.domain import times
from desktop.domain.records import (
    CASE,
    CHILD,
    CONFLICT,
    CONTACT,
    HANDOFF,
    HANDOFF_ACCEPTED,
    HANDOFF_PROVINCE_FIELDS,
    NATIONAL_PROVINCE,
)

SYNC_USER = "sync"


def _own(number: str, province: str, device: str) -> bool:
    parts = str(number or "").split("-")
    return len(parts) >= 2 and parts[0] == province and parts[1] == device


def losing_contacts(conn: Any, province: str, device: str) -> list[tuple[dict, dict]]:
    """[(contact, handoff)]: this desk's live contacts made by accepting a handoff that
    central says was accepted as another contact."""
    found = []
    for contact in repository.select(conn, CONTACT, "deleted = 0 AND handoff_id IS NOT NULL", ()):
        if not contact.get("handoff_id") or not _own(contact["number"], province, device):
            continue
        handoff = repository.get(conn, HANDOFF, contact["handoff_id"])
        if handoff is None or handoff.get("status") != HANDOFF_ACCEPTED:
            continue
        kept = handoff.get("accepted_contact_id")
        if kept and kept != contact["id"]:
            found.append((contact, handoff))
    return found


def withdraw_duplicates(host: Any) -> list[dict[str, str]]:
    """Withdraw this desk's duplicate accepts; returns [{"handoff", "kept", "withdrawn"}]
    (numbers), one per contact withdrawn, for the sync result and the CLI."""
    conn = host.store.conn
    province, device = host.province_code, host.device_code
    if not losing_contacts(conn, province, device):
        return []
    user = getattr(getattr(host, "user", None), "username", "") or SYNC_USER
    actor = repository.Actor(user, device, province)
    done = []
    with host.store.transaction() as tx:
        for contact, handoff in losing_contacts(tx, province, device):
            withdrawn = [contact["number"]]
            cases = repository.select(
                tx, CASE, "deleted = 0 AND contact_ids LIKE ?", (f'%"{contact["id"]}"%',)
            )
            for case in cases:
                if list(case.get("contact_ids") or []) != [contact["id"]]:
                    continue  # a case that also stands on other contacts stays
                repository.change(tx, actor, CASE, case["id"], {"deleted": True}, current=case)
                withdrawn.append(case["number"])
            repository.change(tx, actor, CONTACT, contact["id"], {"deleted": True}, current=contact)
            for child_id in contact.get("child_ids") or []:
                if not _child_used_elsewhere(tx, child_id, contact["id"]):
                    repository.change(tx, actor, CHILD, child_id, {"deleted": True})
            item = {
                "handoff": handoff["id"][-8:],
                "kept": str(handoff.get("accepted_number") or ""),
                "withdrawn": ", ".join(withdrawn),
            }
            audit.append(
                tx,
                username=user,
                device=device,
                action="sync",
                entity=HANDOFF,
                record_id=handoff["id"],
                detail={"duplicate_accept_withdrawn": item},
            )
            done.append(item)
    return done


def _child_used_elsewhere(conn: Any, child_id: str, contact_id: str) -> bool:
    row = conn.execute(
        f"SELECT count(*) FROM contact_child l JOIN {repository.table(CONTACT)} c"
        " ON c.id = l.contact_id WHERE l.child_id = ? AND l.contact_id != ? AND c.deleted = 0",
        (child_id, contact_id),
    ).fetchone()
    if row[0]:
        return True
    row = conn.execute(
        f"SELECT count(*) FROM {repository.table(CASE)} WHERE child_id = ? AND deleted = 0",
        (child_id,),
    ).fetchone()
    return bool(row[0])


def settle_answer_conflicts(host: Any) -> int:
    """On the national desk: mark resolved the open conflicts on a handoff's province
    answer fields (`HANDOFF_PROVINCE_FIELDS`), keeping central's value; returns how many."""
    if host.province_code != NATIONAL_PROVINCE:
        return 0
    conn = host.store.conn
    where = "resolved = 0 AND deleted = 0 AND record_entity = ?"
    open_ = [
        c
        for c in repository.select(conn, CONFLICT, where, (HANDOFF,))
        if c.get("field_name") in HANDOFF_PROVINCE_FIELDS
    ]
    if not open_:
        return 0
    user = getattr(getattr(host, "user", None), "username", "") or SYNC_USER
    actor = repository.Actor(user, host.device_code, host.province_code)
    now = times.utc_iso(times.now_utc())
    with host.store.transaction() as tx:
        for conflict in open_:
            repository.change(
                tx,
                actor,
                CONFLICT,
                conflict["id"],
                {"resolved": True, "resolved_by": user, "resolved_at": now},
                current=conflict,
            )
    return len(open_)
