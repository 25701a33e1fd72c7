"""Who may print, and the record of each print: reports check `report.print` /
`report.export` and write a `print` / `export` audit event (what was printed, never whom
it is about)."""

from __future__ import annotations

from typing import Any

from desktop.domain import permissions


def require(ws: Any, action: str) -> None:
    permissions.require(ws.user.role, action, username=ws.user.username)


def printed_by(ws: Any) -> str:
    user = ws.user
    return f"{user.full_name} ({user.username})" if user.full_name else user.username


def record_print(
    ws: Any,
    action: str,
    report: str,
    subject: str,
    *,
    entity: str = "",
    record_id: str = "",
    **detail: Any,
) -> None:
    """Audit a print or an export. `subject` is a month, a period or a case number."""
    ws.record_event(action, entity, record_id, report=report, subject=subject, **detail)
