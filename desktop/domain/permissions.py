"""Who may do what. Checked in the services layer, never only in the UI.

- intake records and reads contacts; opens a case from a contact (unassigned or to
  themselves); reads unassigned cases and acts on cases assigned to them, never on a case
  assigned to someone else;
- caseworker: contacts, and the cases assigned to them (closing or reopening one needs a
  manager's decision, which the services ask for);
- manager: every record of the centre; assigns, records plan approvals, decides closures
  and reopenings, prints, exports;
- admin: users, devices, backups, settings, the audit log; no case or contact content.
"""

from __future__ import annotations

from desktop.errors import PermissionDenied

INTAKE = "intake"
CASEWORKER = "caseworker"
MANAGER = "manager"
ADMIN = "admin"
ROLES = (INTAKE, CASEWORKER, MANAGER, ADMIN)

# Action → (Vietnamese, English) description used in refusals.
ACTIONS: dict[str, tuple[str, str]] = {
    "contact.create": ("ghi nhận cuộc liên hệ", "record a contact"),
    "contact.read": ("xem cuộc liên hệ", "read a contact"),
    "contact.update": ("sửa cuộc liên hệ", "edit a contact"),
    "case.open": ("mở hồ sơ trường hợp", "open a case"),
    "case.read": ("xem hồ sơ trường hợp", "read a case"),
    "case.update": ("cập nhật hồ sơ trường hợp", "update a case"),
    "case.assign": ("phân công hồ sơ", "assign a case"),
    "case.approve_plan": ("ghi nhận phê duyệt kế hoạch", "record a plan approval"),
    "case.close": ("kết thúc hồ sơ", "close a case"),
    "case.reopen": ("mở lại hồ sơ đã kết thúc", "reopen a closed case"),
    "referral.create": ("chuyển gửi trường hợp", "refer a case"),
    "referral.update": ("cập nhật chuyển gửi", "update a referral"),
    "report.print": ("in báo cáo", "print a report"),
    "report.export": ("xuất báo cáo", "export a report"),
    "user.manage": ("quản lý người dùng", "manage users"),
    "device.manage": ("quản lý thiết bị", "manage devices"),
    "backup": ("sao lưu, khôi phục dữ liệu", "back up or restore data"),
    "settings": ("thay đổi cài đặt", "change settings"),
    "conflict.resolve": ("xử lý xung đột đồng bộ", "resolve a sync conflict"),
    "audit.read": ("xem nhật ký truy cập", "read the audit log"),
    # issue 12: a person's rights and retention (Law 91/2025/QH15)
    "person.export": ("xuất dữ liệu của một người", "export a person's data"),
    "person.erase": ("xoá dữ liệu của một người", "erase a person's data"),
    "retention.purge": ("xoá dữ liệu hết thời hạn lưu giữ", "purge data past its retention"),
    "case.transfer": (
        "chuyển hồ sơ sang tỉnh, thành phố khác",
        "transfer a case to another province",
    ),
    # issue 15: national handoffs (sent by the national line, answered by a province)
    "handoff.send": ("chuyển tuyến cho tỉnh/thành", "hand a contact to a province"),
    "handoff.read": ("xem yêu cầu chuyển tuyến", "read handoffs"),
    "handoff.answer": ("nhận hoặc từ chối chuyển tuyến", "accept or decline a handoff"),
}

_CONTACT_WORK = {
    "contact.create",
    "contact.read",
    "contact.update",
    "handoff.send",
    "handoff.read",
    "handoff.answer",
}
# Case actions a worker may take on a case assigned to them.
# Closing and reopening their own case: only with a manager's decision, which the services
# require as data (Decree 56: closure by a manager or with a manager's approval).
_OWN_CASE_WORK = {
    "case.read",
    "case.update",
    "case.close",
    "case.reopen",
    "referral.create",
    "referral.update",
}
_MANAGER_ONLY = {"case.assign", "case.approve_plan", "report.print", "report.export"}
_ADMINISTRATION = {"user.manage", "device.manage", "backup", "settings"}


def can(
    role: str,
    action: str,
    *,
    username: str | None = None,
    assigned_to: str | None = None,
) -> bool:
    """May a user with `role` (named `username`) do `action` on a record `assigned_to`?

    `assigned_to` is the case's worker ('' or None: unassigned, or not a case).
    Unknown actions are programming errors (KeyError); unknown roles may do nothing.
    """
    if action not in ACTIONS:
        raise KeyError(f"unknown action: {action}")
    if role == MANAGER:
        return action not in _ADMINISTRATION
    if role == ADMIN:
        return action in _ADMINISTRATION or action == "audit.read"
    if role not in (INTAKE, CASEWORKER):
        return False
    if action in _CONTACT_WORK or action == "case.open":
        return True
    own = bool(username) and assigned_to == username
    unassigned = not assigned_to
    if action == "case.read":
        return own or (role == INTAKE and unassigned)
    if action == "conflict.resolve":
        return own or unassigned
    if action in _OWN_CASE_WORK:
        return own
    return False


def require(
    role: str,
    action: str,
    *,
    username: str | None = None,
    assigned_to: str | None = None,
) -> None:
    """Raise PermissionDenied (naming the action, never the data) unless `can(...)`."""
    if not can(role, action, username=username, assigned_to=assigned_to):
        vi, en = ACTIONS[action]
        raise PermissionDenied(
            f"Bạn không có quyền {vi}.",
            f"You are not allowed to {en}.",
            action=action,
        )


def may_open_case_for(role: str, username: str, assign_to: str | None) -> bool:
    """Intake may open a case only unassigned or to themselves; caseworkers likewise;
    managers may assign it to anyone."""
    if role == MANAGER:
        return True
    if role in (INTAKE, CASEWORKER):
        return not assign_to or assign_to == username
    return False


# Which cases a role may read, as a list query needs it (the same rule as `can`).
ALL_CASES = "all"
OWN_AND_UNASSIGNED = "own_and_unassigned"
OWN_CASES = "own"
NO_CASES = "none"


def readable_cases(role: str) -> str:
    """The cases `role` may read, for listing them: ALL_CASES (managers), OWN_AND_UNASSIGNED
    (intake: assigned to them or to nobody), OWN_CASES (caseworkers) or NO_CASES. Agrees
    with `can(role, "case.read", …)` for every user and assignee (tests)."""
    if role == MANAGER:
        return ALL_CASES
    if role == INTAKE:
        return OWN_AND_UNASSIGNED
    if role == CASEWORKER:
        return OWN_CASES
    return NO_CASES
