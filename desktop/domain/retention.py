"""Retention: how long each kind of record keeps a person's data (issue 12).

The data-protection law (Law 91/2025/QH15; Decree 356/2025) keeps personal data only as
long as its purpose needs. The periods below are the defaults a centre starts with; the
law sets none of these numbers, so each is a setting an admin changes (`caseline purge`
applies them; docs/admin-guide.md "Retention"). Pure data and arithmetic: the desk
(desktop.services.rights) and central (central.retention) apply the same rules.

A rule's `action`:
- `clear_caller`: the contact stays (its codes still count in reports), the caller's name,
  phone and place and the summary are emptied;
- `anonymise_contact`: the same plus its links to children;
- `erase_case`: the case, its timeline, referrals and attachments are erased (tombstones
  that sync), and its child too when no other case or contact keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

SILENT_PRANK = "silent_prank_caller"
CONTACT_WITHOUT_CASE = "contact_without_case"
CLOSED_CASE = "closed_case"


@dataclass(frozen=True)
class RetentionRule:
    """One rule: `code`, what it removes (`vi`/`en`), the `action`, the default period
    `default_days` (and its bounds), and where the default comes from (`source`)."""

    code: str
    vi: str
    en: str
    action: str
    default_days: int
    source: str
    minimum_days: int = 30
    maximum_days: int = 36_500


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        SILENT_PRANK,
        "Cuộc gọi im lặng, trêu đùa: họ tên, số điện thoại, nơi ở của người gọi và nội dung",
        "Silent and prank calls: the caller's name, phone and place, and the summary",
        "clear_caller",
        90,
        "Mặc định của trung tâm (Luật 91/2025/QH15: chỉ lưu trong thời gian cần cho mục đích)",
    ),
    RetentionRule(
        CONTACT_WITHOUT_CASE,
        "Cuộc liên hệ không lập hồ sơ: thông tin người gọi, nội dung, liên kết với trẻ em",
        "Contacts that never became a case: the caller's details, the summary, the children",
        "anonymise_contact",
        5 * 365,
        "Mặc định của trung tâm, chưa xác minh với quy định lưu trữ (có thể đổi)",
    ),
    RetentionRule(
        CLOSED_CASE,
        "Hồ sơ đã kết thúc: toàn bộ hồ sơ và trẻ em (khi không còn hồ sơ, cuộc liên hệ khác)",
        "Closed cases: the whole case, and its child when nothing else keeps them",
        "erase_case",
        10 * 365,
        "Mặc định của trung tâm, chưa xác minh với quy định lưu trữ hồ sơ (có thể đổi)",
        minimum_days=365,
    ),
)
BY_CODE = {rule.code: rule for rule in RULES}


def periods(stored: dict | None) -> dict[str, int]:
    """The period in days of every rule: the stored value where it is a whole number
    within the rule's bounds, the default otherwise."""
    stored = stored if isinstance(stored, dict) else {}
    out = {}
    for rule in RULES:
        value = stored.get(rule.code)
        ok = isinstance(value, int) and not isinstance(value, bool)
        ok = ok and rule.minimum_days <= value <= rule.maximum_days
        out[rule.code] = value if ok else rule.default_days
    return out


def cutoff(now: datetime, days: int) -> str:
    """The moment (UTC ISO text, seconds) before which a record's time is past a period of
    `days` counted back from the aware moment `now`. Compare with julianday() in SQL:
    stored times carry different offsets."""
    return (now - timedelta(days=days)).astimezone(UTC).isoformat(timespec="seconds")
