"""Every desk setting, declared once with its type, default and bounds (in the manner of
Picard's option registry). The values live in the encrypted store's `setting` table; the
services read them through `Workspace.preferences()` / `get_setting` and check a new value
against its declaration in `set_setting`, so no screen repeats a default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

from desktop.errors import ValidationError

# What a setting holds: a JSON value (settings are stored as JSON text in the encrypted DB).
SettingValue: TypeAlias = (
    "str | int | float | bool | None | list[SettingValue] | dict[str, SettingValue]"
)


@dataclass(frozen=True)
class Setting:
    """One declared setting: `key` in the store, `kind` (float | int | str), `default`
    (used when the store has none or an unusable value), `minimum`/`maximum` for numbers,
    `choices` for text, and what it is for (`doc`, with its unit)."""

    key: str
    kind: type
    default: Any
    doc: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None

    def accepts(self, value: Any) -> bool:
        kinds = (int, float) if self.kind is float else (self.kind,)
        if isinstance(value, bool) or not isinstance(value, kinds):
            return False
        if self.minimum is not None and value < self.minimum:
            return False
        if self.maximum is not None and value > self.maximum:
            return False
        return self.choices is None or value in self.choices

    def read(self, stored: Any) -> Any:
        """The stored value as this setting's type, or the default when it is missing or
        out of bounds (an older desk, a hand-edited value)."""
        if stored is None:
            return self.default
        try:
            value = self.kind(stored)
        except (TypeError, ValueError):
            return self.default
        return value if self.accepts(value) else self.default

    def check(self, value: Any) -> Any:
        """A new value as this setting's type; ValidationError on the key otherwise."""
        if not self.accepts(value):
            raise ValidationError(
                {self.key: ("Giá trị cài đặt không hợp lệ.", "Not a valid value for this setting.")}
            )
        return self.kind(value)


AUTO_LOCK_MINUTES = Setting(
    "auto_lock_minutes", float, 10.0, "minutes without input before the desk locks", 1, 240
)
SYNC_INTERVAL_S = Setting(
    "sync_interval_s", int, 300, "seconds between unattended sync rounds", 60, 86400
)
LANGUAGE = Setting(
    "language", str, "", "the app's language; '' follows the system", choices=("", "vi", "en")
)

ATTACHMENT_DOWNLOAD = Setting(
    "attachments.download",
    str,
    "on_demand",
    "other desks' attachments: 'on_demand' (fetched when opened) or 'all' (every sync round)",
    choices=("on_demand", "all"),
)

# Admin-only, set through `Workspace.set_holiday_file` (which validates the file first and
# needs the "settings" permission), so it is not among the user-editable ones below.
HOLIDAY_FILE = Setting(
    "holiday_file",
    str,
    "",
    "absolute path of the centre's own holiday file; '' uses the bundled one"
    " (desktop.domain.calendar)",
)

# Set through `ws.reports.set_managing_body` (admin, "settings" permission).
MANAGING_BODY = Setting(
    "print.managing_body",
    str,
    "",
    "the body that manages the centre, the first line of every print's letterhead (Decree"
    " 30/2020 App. I: 'tên cơ quan chủ quản'); '' prints the default,"
    " desktop.reports.document_form.default_managing_body",
)

# Every user-editable setting, by key (`ws.set_setting` checks these).
SETTINGS: dict[str, Setting] = {
    s.key: s for s in (AUTO_LOCK_MINUTES, SYNC_INTERVAL_S, LANGUAGE, ATTACHMENT_DOWNLOAD)
}

# The desk's identity, written once by `Workspace.init` (and device_code by enrolment), and
# the settings other parts own; declared here so every key of the `setting` table is listed.
DESK_KEYS: dict[str, str] = {
    "centre_name": "the centre's name (NFC)",
    "province_code": "the province's 2-digit code (2025 units)",
    "device_code": "this desk's 3 letters in new record numbers",
    "created_at": "when the desk was set up (UTC ISO-8601 text)",
    HOLIDAY_FILE.key: HOLIDAY_FILE.doc,
    MANAGING_BODY.key: MANAGING_BODY.doc,
    "sync.server_url": "the central server (desktop.db.sync_store.SERVER_URL)",
    "sync.device_id": "this desk's id at central",
    "sync.token": "this desk's bearer token (inside the encrypted store only)",
    "sync.ca_file": "a CA bundle to trust for central's TLS, or null",
    "numbers.restored": "after a restore: {floor, through_year, at}, numbers of a year up to"
    " through_year start above floor (desktop.db.repository.start_block_after_restore)",
}
