"""Devices: one-time enrolment codes, bearer tokens (stored as SHA-256 only), revocation,
and the device-code clash rule (DESIGN.md "Records")."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update
from vietnam_provinces import Province

from central.audit import audit
from central.db import as_utc, iso, utc_now
from central.errors import CentralError
from central.tables import central_audit, devices, enrolment_codes
from desktop.domain.records import NATIONAL_PROVINCE
from desktop.sync import protocol as p

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
DEVICE_CODE_ALPHABET = CODE_ALPHABET
_DEVICE_CODE = re.compile(r"^[A-Z0-9]{1,8}$")
LAST_SEEN_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Device:
    device_id: str
    province_code: str
    device_code: str
    last_seen_at: datetime | None


class UserInputError(ValueError):
    """A bad value given on central's command line."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def check_province(code: str) -> str:
    try:
        return f"{Province.from_code(int(code)).code:02d}"
    except ValueError as exc:
        raise UserInputError(f"unknown province code {code!r}") from exc


def _normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def new_enrolment_code(
    engine: Engine,
    province_code: str,
    centre: str = "",
    ttl_hours: float = 24,
    *,
    national: bool = False,
) -> dict[str, str]:
    """A one-time code a central admin reads to a desk; only its hash is stored.
    `national`: a code for a national-line desk (scope "00", issue 15)."""
    province = NATIONAL_PROVINCE if national else check_province(province_code)
    if not 0 < ttl_hours <= 24 * 30:
        raise UserInputError("--ttl-hours must be between 0 and 720")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    code = f"{raw[:5]}-{raw[5:]}"
    now = utc_now()
    expires = now + timedelta(hours=ttl_hours)
    with engine.begin() as conn:
        conn.execute(
            insert(enrolment_codes).values(
                code_hash=hash_secret(_normalise_code(code)),
                province_code=province,
                centre=centre,
                created_at=now,
                expires_at=expires,
            )
        )
        audit(conn, "enrolment_code_created", province_code=province)
    return {"code": code, "expires_at": iso(expires) or ""}


def _bad_code() -> CentralError:
    return CentralError(
        401,
        p.ERR_ENROL_CODE,
        "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn.",
        "The enrolment code is wrong, already used or expired.",
    )


def enrol(engine: Engine, request: p.EnrolRequest) -> p.EnrolResponse:
    """Turn a valid unused code into a device with a fresh bearer token."""
    code_hash = hash_secret(_normalise_code(request.code))
    asked = request.device_code.upper()
    if not _DEVICE_CODE.match(asked):
        raise CentralError(400, p.ERR_BAD_REQUEST, "Mã máy không hợp lệ.", "Bad device code.")
    try:
        return _enrol(engine, request, code_hash, asked)
    except _Refused as refused:
        # Audited after the enrolment transaction rolled back, so the record stays.
        with engine.begin() as conn:
            audit(conn, "enrolment_refused", **refused.audit)
        raise refused.error from None


class _Refused(Exception):
    def __init__(self, error: CentralError, **audit: Any) -> None:
        super().__init__(str(error))
        self.error = error
        self.audit = audit


def _enrol(engine: Engine, request: p.EnrolRequest, code_hash: str, asked: str) -> p.EnrolResponse:
    token = secrets.token_urlsafe(32)  # 256 random bits
    device_id = str(uuid.uuid4())
    now = utc_now()
    with engine.begin() as conn:
        row = conn.execute(
            select(enrolment_codes).where(enrolment_codes.c.code_hash == code_hash)
        ).first()
        if row is None or row.used_at is not None or as_utc(row.expires_at) <= now:
            raise _Refused(_bad_code(), reason="bad_code")
        province = row.province_code
        if request.province_code and request.province_code != province:
            raise _Refused(
                CentralError(
                    403,
                    p.ERR_FORBIDDEN,
                    "Mã đăng ký này dành cho tỉnh/thành khác.",
                    "This enrolment code is for another province.",
                ),
                province_code=province,
                reason="province",
            )
        taken = set(
            conn.execute(
                select(devices.c.device_code).where(devices.c.province_code == province)
            ).scalars()
        )
        given = asked if asked not in taken else _fresh_device_code(taken, len(asked))
        done = conn.execute(
            update(enrolment_codes)
            .where(enrolment_codes.c.code_hash == code_hash, enrolment_codes.c.used_at.is_(None))
            .values(used_at=now, device_id=device_id)
        )
        if done.rowcount != 1:
            raise _Refused(_bad_code(), reason="bad_code")
        conn.execute(
            insert(devices).values(
                device_id=device_id,
                province_code=province,
                centre=row.centre,
                device_code=given,
                asked_device_code=asked,
                token_hash=hash_secret(token),
                app_version=request.app_version,
                enrolled_at=now,
                last_seen_at=now,
            )
        )
        audit(
            conn,
            "device_enrolled",
            device_id=device_id,
            province_code=province,
            device_code=given,
            code_clash=given != asked,
        )
    return p.EnrolResponse(device_id, given, province, token, iso(now) or "")


def _fresh_device_code(taken: set[str], length: int) -> str:
    length = max(3, length)
    while True:
        code = "".join(secrets.choice(DEVICE_CODE_ALPHABET) for _ in range(length))
        if code not in taken:
            return code


def token_row(engine: Engine, authorization: str | None) -> tuple[Any, str]:
    """The device row behind a bearer token, or `(None, reason)` with reason `no_token` or
    `unknown_token`. Reads only (the gate calls it for every device request)."""
    token = ""
    if authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    if not token:
        return None, "no_token"
    if len(token) > 200 or not token.isascii():
        return None, "unknown_token"
    with engine.connect() as conn:
        row = conn.execute(
            select(devices).where(devices.c.token_hash == hash_secret(token))
        ).first()
        conn.rollback()
    return row, "" if row is not None else "unknown_token"


def _token_row(engine: Engine, authorization: str | None) -> Any:
    """The device row behind a bearer token; 401 (audited) when there is none."""
    row, reason = token_row(engine, authorization)
    if row is None:
        with engine.begin() as conn:
            audit(conn, "auth_refused", reason=reason)
        raise unauthorised()
    return row


def authenticate(engine: Engine, authorization: str | None) -> Device:
    """The device behind a bearer token; 401 with a reason when unknown or revoked.
    (Without `central.api.gate` in front: the gate does this check before the queue.)"""
    row = _token_row(engine, authorization)
    if row.revoked_at is not None:
        with engine.begin() as conn:
            audit(
                conn,
                "revoked_device_refused",
                device_id=row.device_id,
                province_code=row.province_code,
                reason=row.revoked_reason or "revoked",
            )
        raise revoked_error(row.revoked_reason or "revoked")
    return device_of(engine, row)


def device_of(engine: Engine, row: Any) -> Device:
    """The `Device` of a (not revoked) device row; notes when it was last seen (at most
    once a minute, so a busy desk does not write on every request)."""
    device = Device(row.device_id, row.province_code, row.device_code, as_utc(row.last_seen_at))
    now = utc_now()
    if device.last_seen_at is None or now - device.last_seen_at > LAST_SEEN_EVERY:
        with engine.begin() as conn:
            conn.execute(
                update(devices)
                .where(devices.c.device_id == device.device_id)
                .values(last_seen_at=now)
            )
    return device


def revoked_error(reason: str) -> CentralError:
    return CentralError(
        401,
        p.ERR_REVOKED,
        "Máy này đã bị thu hồi quyền đồng bộ. Hãy liên hệ quản trị viên.",
        "This device's sync access was revoked. Contact the administrator.",
        reason=reason,
    )


def unauthorised() -> CentralError:
    return CentralError(
        401,
        p.ERR_AUTH,
        "Máy chưa đăng ký hoặc mã xác thực không hợp lệ.",
        "This device is not enrolled or its token is not valid.",
    )


def report_wipe(engine: Engine, authorization: str | None, report: p.WipeReport) -> None:
    """A desk marked lost says it wiped itself, and how many changes it never sent
    (they are lost: central counts them for the administrator, by kind)."""
    row = _token_row(engine, authorization)
    if row.revoked_reason != "lost":
        raise CentralError(
            409,
            p.ERR_BAD_REQUEST,
            "Máy này không bị báo mất.",
            "This device is not marked lost.",
        )
    with engine.begin() as conn:
        audit(
            conn,
            "lost_device_wiped",
            device_id=row.device_id,
            province_code=row.province_code,
            lost_ops=report.pending_ops,
            lost_by_entity=report.by_entity,
        )


def _wipes(engine: Engine) -> dict[str, dict[str, Any]]:
    """The newest wipe report of each lost device."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(central_audit)
            .where(central_audit.c.action == "lost_device_wiped")
            .order_by(central_audit.c.id)
        ).all()
    return {r.device_id: {"at": iso(r.at), **dict(r.detail)} for r in rows}


def list_devices(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(devices).order_by(devices.c.enrolled_at)).all()
    wipes = _wipes(engine)
    return [
        {
            "device_id": r.device_id,
            "province_code": r.province_code,
            "centre": r.centre,
            "device_code": r.device_code,
            "asked_device_code": r.asked_device_code,
            "app_version": r.app_version,
            "enrolled_at": iso(r.enrolled_at),
            "last_seen_at": iso(r.last_seen_at),
            "revoked_at": iso(r.revoked_at),
            "revoked_reason": r.revoked_reason,
            "wiped_at": wipes.get(r.device_id, {}).get("at"),
            "lost_ops": wipes.get(r.device_id, {}).get("lost_ops"),
        }
        for r in rows
    ]


def revoke(engine: Engine, device_id: str, *, lost: bool = False) -> None:
    """Revoke a device's token at once; `lost` marks it lost or stolen in the audit."""
    with engine.begin() as conn:
        done = conn.execute(
            update(devices)
            .where(devices.c.device_id == device_id)
            .values(revoked_at=utc_now(), revoked_reason="lost" if lost else "revoked")
        )
        if done.rowcount != 1:
            raise UserInputError(f"no device {device_id!r}")
        row = conn.execute(select(devices).where(devices.c.device_id == device_id)).one()
        audit(
            conn,
            "device_lost" if lost else "device_revoked",
            device_id=device_id,
            province_code=row.province_code,
        )
