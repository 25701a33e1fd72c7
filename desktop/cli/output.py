"""What the commands print: JSON lines, plain tables, a contact or a case as text, and the
one-line failure on stderr."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from desktop.cli.common import EXIT_OK, say
from desktop.cli.common import print_json as print_json  # re-exported: commands print here
from desktop.cli.common import saved_ref as saved_ref
from desktop.domain import places
from desktop.services.types import CaseDetail, Decision


def print_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> None:
    if not rows:
        return
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        line = "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True))
        sys.stdout.write(line.rstrip() + "\n")


# Bidirectional overrides and isolates: echoed raw they reorder the rest of the line.
_BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def _escaped(char: str) -> str:
    if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def one_line(text: str) -> str:
    """`text` as one printable line: runs of whitespace become one space; control characters
    (NUL, ESC, DEL, C1) and bidi overrides, which a message may echo from the input (a JSON
    key, a file name), are shown as escapes such as \\x00, never written raw."""
    return "".join(map(_escaped, " ".join(str(text).split())))


def fail_line(text: str) -> None:
    sys.stderr.write(f"caseline: {one_line(text)}\n")
    sys.stderr.flush()


def wrote(*paths: str | None) -> int:
    for path in paths:
        if path:
            sys.stdout.write(say(f"Đã ghi {path}.\n", f"Wrote {path}.\n"))
    return EXIT_OK


def progress_printer() -> Callable[[str, int, int], None]:
    def show(stage: str, done: int, total: int) -> None:
        sys.stderr.write(f"\r{stage}: {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


# ---------------------------------------------------------------------------- plain text


_KINDS = {
    "child": ("trẻ em", "child"),
    "contact": ("cuộc gọi", "contact"),
    "case": ("hồ sơ", "case"),
}


def label(kind: str, code: str | None) -> str:
    if not code:
        return ""
    if kind == "kinds":
        vi, en = _KINDS.get(code, (code, code))
        return say(vi, en)
    from desktop.domain.taxonomy import code_label
    from desktop.errors import language

    return code_label(kind, code, language())


def when(value: str | None) -> str:
    """'2026-10-03T14:05:00+07:00' → '03/10/2026 14:05' (Vietnam time)."""
    if not value:
        return ""
    from datetime import date

    from desktop.domain import times

    if len(value) <= 10:  # a plain date (a birth date)
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    try:
        return times.format_local(times.parse_local(value))
    except ValueError:
        return value  # not a time with an offset: shown as stored, never guessed


def _lines(pairs: Sequence[tuple[str, str, Any]]) -> str:
    rows = [
        (say(vi, en), "" if v is None else str(v)) for vi, en, v in pairs if v not in (None, "", [])
    ]
    width = max((len(k) for k, _ in rows), default=0)
    return "".join(f"{k.ljust(width)}  {v}\n" for k, v in rows)


def contact_text(contact: dict[str, Any]) -> str:
    children = ", ".join(c.get("full_name", "") for c in contact.get("children", []))
    caller = contact.get("caller_name") or say("(ẩn danh)", "(anonymous)")
    return _lines(
        [
            ("Số", "Number", contact.get("number")),
            ("Thời điểm", "Received", when(contact.get("received_at"))),
            ("Kênh", "Channel", label("channels", contact.get("channel"))),
            ("Loại cuộc gọi", "Call type", label("call_types", contact.get("call_type"))),
            (
                "Người gọi",
                "Caller",
                f"{caller} ({label('caller_relations', contact.get('caller_relation'))})",
            ),
            ("Trẻ em", "Children", children),
            (
                "Vấn đề",
                "Categories",
                "; ".join(label("categories", c) for c in contact.get("categories", [])),
            ),
            (
                "Bối cảnh",
                "Setting",
                "; ".join(label("settings", c) for c in contact.get("settings") or []),
            ),
            (
                "Người bị nghi gây hại",
                "Alleged perpetrator",
                label("perpetrator_relations", contact.get("perpetrator_relation") or None),
            ),
            ("Mức nguy cơ", "Risk", label("risk_levels", contact.get("risk"))),
            ("Tóm tắt", "Summary", one_line(contact.get("summary", ""))),
            (
                "Chuyển tuyến từ tổng đài quốc gia",
                "Handed off by the national line",
                _handoff_text(contact.get("handoff")),
            ),
        ]
    )


def _handoff_text(handoff: dict[str, Any] | None) -> str | None:
    """'00-…-00042 (note)' for a contact accepted from a national handoff (issue 15)."""
    if not handoff:
        return None
    note = one_line(handoff.get("note") or "")
    return str(handoff.get("source_number") or "") + (f" — {note}" if note else "")


def _decision_text(decision: Decision | None) -> str | None:
    """'who, when, số/no. N' of a plan approval or closure decision (None: none)."""
    if not decision:
        return None
    parts = [decision.approved_by or "", when(decision.approved_at) or ""]
    if decision.decision_no:
        parts.append(say("số ", "no. ") + decision.decision_no)
    return ", ".join(p for p in parts if p)


def _commune(code: str | None) -> str | None:
    return places.commune_name(code) if code and places.is_commune(code) else code or None


def case_text(detail: CaseDetail) -> str:
    """`caseline case show`: the case's fields, then its timeline and referrals."""
    case, child, deadlines = detail.case, detail.child, detail.deadlines
    contacts = ", ".join(c.number for c in detail.contacts)
    head = _lines(
        [
            ("Hồ sơ", "Case", case.number),
            ("Trẻ em", "Child", child.full_name if child else None),
            ("Bước", "Step", label("case_steps", case.status)),
            ("Mức nguy cơ", "Risk", label("risk_levels", case.risk)),
            ("Khẩn cấp", "Urgent", say("có", "yes") if case.urgent else None),
            ("Người phụ trách", "Assigned to", case.assigned_to),
            (
                "Vấn đề",
                "Categories",
                "; ".join(label("categories", c) for c in case.categories),
            ),
            ("Tiếp nhận", "Received", when(case.received_at)),
            ("Xã nơi xảy ra", "Harm commune", _commune(case.harm_commune_code)),
            (
                "Hạn biện pháp khẩn cấp (12 giờ)",
                "Emergency measure due (12 h)",
                when(deadlines.emergency_due or case.emergency_due),
            ),
            (
                "Đã áp dụng biện pháp khẩn cấp",
                "Emergency measure taken",
                when(case.emergency_measure_at),
            ),
            ("Hạn kế hoạch", "Plan due", when(deadlines.plan_due or case.plan_due)),
            ("Quá hạn", "Overdue", say("CÓ", "YES") if deadlines.overdue else None),
            ("Phê duyệt kế hoạch", "Plan approval", _decision_text(detail.approval)),
            ("Cuộc gọi", "Contacts", contacts),
            ("Lý do kết thúc", "Closure", label("closure_reasons", case.closure_reason)),
            (
                "Quyết định kết thúc",
                "Closure decision",
                _decision_text(detail.closure_decision),
            ),
        ]
    )
    entries = [
        f"  {when(e.occurred_at or e.created_at)}  "
        f"{label('case_entry_kinds', e.kind)}: {one_line(e.text)}\n"
        for e in detail.entries
    ]
    referrals = [
        f"  {when(r.sent_at)}  {label('referral_agencies', r.agency)} "
        f"({label('referral_statuses', r.status)}): {one_line(r.reason)}\n"
        for r in detail.referrals
    ]
    out = head
    if entries:
        out += say("Diễn biến:\n", "Timeline:\n") + "".join(entries)
    if referrals:
        out += say("Chuyển gửi:\n", "Referrals:\n") + "".join(referrals)
    return out
