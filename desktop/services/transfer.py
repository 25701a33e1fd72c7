"""A case moves to another province with its whole history (issue 12): a child who moves
keeps their file. `ws.transfer_case(NUMBER, PROVINCE)`; CLI `caseline case transfer`.

What moves (one op each, central accepts the province change only under the transfer,
docs/dev-contracts.md "Case transfer"): the case (with `transfer_from`/`transferred_at`,
unassigned: its worker belongs to the old centre), its timeline, referrals and
attachments, and its child. A `transfer` timeline entry (made here, never by hand) says
from where, by whom and which source contacts told of it. The source contacts stay where
the call was received (they count in that province's reports) and follow its retention.
After the transfer the sending desk may read the case but no longer act on it.
"""

from __future__ import annotations

from typing import Any

from desktop.db import repository
from desktop.domain import places
from desktop.domain.ids import utc_now
from desktop.domain.records import ATTACHMENT, CASE, CASE_ENTRY, CHILD, CONTACT, REFERRAL
from desktop.errors import PermissionDenied, ValidationError
from desktop.services.base import WorkspaceBase, reports_changes
from desktop.services.rights import check_not_restricted
from desktop.services.types import Saved

CASE_WHAT = ("hồ sơ", "case")


class TransferPart(WorkspaceBase):
    @reports_changes
    def transfer_case(self, id_or_number: str, province_code: str) -> Saved:
        """Move case `id_or_number` to `province_code` (a 2025 province code) with its
        timeline, referrals, attachments and child. A manager's right (case.transfer).
        ValidationError: not a province, this province, a duplicate case, or the child has
        another case here (transfer that first); PermissionDenied; NotFound."""
        self._require("case.transfer")
        case = self._find(CASE, id_or_number, CASE_WHAT)
        target = str(province_code or "").strip()
        if places.is_province(target):  # stored as every desk and central spell it:
            target = places.province_code_text(target)  # '７９', '079', '7' → '79', '07'
        if not places.is_province(target) or target == self.province_code:
            raise ValidationError(
                {
                    "province": (
                        f"Không chuyển được sang {target or '(trống)'}: cần mã một tỉnh, thành"
                        " phố khác (ví dụ 79).",
                        f"Cannot transfer to {target or '(empty)'}: give the code of another"
                        " province (e.g. 79).",
                    )
                }
            )
        if case["province_code"] != self.province_code:
            raise moved_away(case)
        if case.get("duplicate_of"):
            raise ValidationError(
                {"case": ("Hồ sơ trùng không chuyển được.", "A duplicate case is not moved.")}
            )
        conn = self.conn
        check_not_restricted(
            repository.get(conn, CHILD, case["child_id"]) if case["child_id"] else None,
            "chuyển hồ sơ sang tỉnh khác",
            "transfer the case",
        )
        others = [
            c["number"]
            for c in repository.select(
                conn,
                CASE,
                "child_id = ? AND deleted = 0 AND id != ?",
                (case["child_id"], case["id"]),
            )
        ]
        if others:
            raise ValidationError(
                {
                    "case": (
                        f"Trẻ em còn hồ sơ khác ở đây ({', '.join(others)}): chuyển từng hồ sơ,"
                        " bắt đầu từ hồ sơ đó.",
                        f"The child has another case here ({', '.join(others)}): transfer that"
                        " one first.",
                    )
                }
            )
        sources = repository.get_many(conn, CONTACT, list(case.get("contact_ids") or []))
        with self.store.transaction():
            moved = repository.move_province(
                conn,
                self.actor,
                CASE,
                case,
                target,
                {
                    "transfer_from": self.province_code,
                    "transferred_at": utc_now(),
                    "assigned_to": "",
                },
            )
            repository.create(  # after the case op: central checks the case shows it
                conn,
                self.actor,
                CASE_ENTRY,
                {
                    "case_id": case["id"],
                    "kind": "transfer",
                    "occurred_at": utc_now(),
                    "text": "",
                    "data": {
                        "from_province": self.province_code,
                        "to_province": target,
                        "by": self.user.username,
                        "source_contacts": [c["number"] for c in sources],
                    },
                },
            )
            for entity, where in (
                (CASE_ENTRY, "case_id = ?"),
                (REFERRAL, "case_id = ?"),
                (ATTACHMENT, "owner_id = ?"),
            ):
                for row in repository.select(
                    conn, entity, f"{where} AND deleted = 0", (case["id"],)
                ):
                    repository.move_province(conn, self.actor, entity, row, target)
            child = repository.get(conn, CHILD, case["child_id"]) if case["child_id"] else None
            if child is not None and not child["deleted"]:
                repository.move_province(conn, self.actor, CHILD, child, target)
        return Saved(moved["id"], moved["number"], CASE)


def moved_away(case: dict[str, Any]) -> PermissionDenied:
    name = places.province_name(case["province_code"]) or case["province_code"]
    return PermissionDenied(
        f"Hồ sơ {case['number']} đã chuyển sang {name}: chỉ xem, không cập nhật ở đây.",
        f"Case {case['number']} was transferred to {name}: read only here.",
        action="case.transfer",
    )
