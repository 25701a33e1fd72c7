"""Errors a user can cause: each carries a Vietnamese and an English message.

`str(error)` is the message in the active language (Vietnamese unless set otherwise), so
the CLI prints one clear line and the UI shows it as is. Programming errors are not
`CaselineError`s: they should fail loudly in tests.
"""

from __future__ import annotations

_language = "vi"


def set_language(code: str) -> None:
    """'vi' (default) or 'en': the language of `str(CaselineError)`."""
    global _language
    _language = "en" if code.lower().startswith("en") else "vi"


def language() -> str:
    return _language


class CaselineError(Exception):
    """Base of every user-facing error. Subclasses set `code`; instances carry both texts."""

    code = "error"

    def __init__(self, message_vi: str, message_en: str, **details: object) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en
        self.details = details

    def message(self, lang: str | None = None) -> str:
        return self.message_en if (lang or _language) == "en" else self.message_vi

    def __str__(self) -> str:
        return self.message()


class ValidationError(CaselineError):
    """Bad field values. `field_errors` maps a field path ('children[0].sex') to (vi, en)."""

    code = "validation"

    def __init__(self, field_errors: dict[str, tuple[str, str]]) -> None:
        self.field_errors = field_errors
        vi = "; ".join(f"{k}: {v[0]}" for k, v in field_errors.items())
        en = "; ".join(f"{k}: {v[1]}" for k, v in field_errors.items())
        super().__init__(f"Dữ liệu không hợp lệ — {vi}", f"Invalid data — {en}")


class AuthError(CaselineError):
    code = "auth"


class WrongPassword(AuthError):
    code = "wrong_password"


class UnknownUser(AuthError):
    code = "unknown_user"


class UserDisabled(AuthError):
    """The account exists on this desk and was disabled by an admin (issue 11: not told
    "there is no such user")."""

    code = "user_disabled"


class PermissionDenied(CaselineError):
    code = "permission"


class StepOwnedField(PermissionDenied):
    """A generic edit tried to change a field that only its own step changes (issue 11):
    e.g. a contact update that sets `case_id`. `details['field']` names it."""

    code = "step_owned"


class NotFound(CaselineError):
    code = "not_found"


class StoreError(CaselineError):
    """The database file is missing, not ours, corrupted, or the disk is full."""

    code = "store"


class SyncError(CaselineError):
    """Typed sync failures: kind is auth | network | server | upgrade | conflict | protocol |
    revoked | tls (`desktop.sync.client.TlsError`: untrusted, hostname, expired, changed)."""

    code = "sync"

    def __init__(self, kind: str, message_vi: str, message_en: str, **details: object) -> None:
        super().__init__(message_vi, message_en, **details)
        self.kind = kind


class OutputRefused(CaselineError):
    """An output path (`-o`, a save dialog) that Caseline will not write: one of the desk's
    own files, or something that is not a regular file (a folder, a FIFO, a device)."""

    code = "output_refused"


class UnsentChanges(CaselineError):
    """`restore` over a desk that holds changes central has not taken yet (its outbox, and
    ops central refused and the desk keeps aside): restoring would drop them, so it is
    refused unless asked with `discard_unsent` (`caseline restore --discard-unsent`).
    `details['unsent']`: how many ops; `details['records']`: how many records they touch."""

    code = "unsent_changes"


class ConsentMissing(PermissionDenied):
    """A use of a child's data (a referral print, …) that neither the recorded consent nor
    a recorded legal basis allows (Law 91/2025/QH15; desktop.domain.consent).
    `details['purpose']` names the purpose."""

    code = "consent_missing"
