"""Checking and normalising what users type, before anything is stored.

Every function collects all bad fields and raises one `ValidationError` whose
`field_errors` maps a path ('children[0].sex', 'caller.phone') to (vi, en) messages.
Nothing here logs values.

Parse once: what comes back is the typed, normalised record the rest of the write path
(services → desktop.db.repository) stores as it is — `ContactRecord` and `ChildRecord`:
record field names (the caller's as flat `caller_*`), text as typed (NFC; one-line fields
trimmed: records.MULTI_LINE), codes checked against the taxonomy, times parsed once into
aware Vietnam-time moments (desktop.domain.times) and stored as their local ISO text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from desktop.domain import places, times
from desktop.domain.records import (
    CONTACT,
    META_FIELDS,
    REFERRAL,
    Child,
    Contact,
    Referral,
    is_multi_line,
)
from desktop.domain.taxonomy import CATEGORIES, Taxonomy, load_taxonomy
from desktop.domain.text import digits, fold, nfc, one_line, split_name
from desktop.errors import ValidationError

Errors = dict[str, tuple[str, str]]

CHILD_AGE_LIMIT = 16  # Law on Children: a child is under 16
ACCEPTED_AGE_LIMIT = 18  # 16- and 17-year-olds are still accepted (youth, referrals)
_PHONE_CHARS = re.compile(r"^[0-9+()\-.\s]*$")
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,31}$")
_CALLER_KEYS = ("relation", "name", "phone", "age_band", "sex", "location", "anonymous")
_CONSENT_KEYS = {
    # before 2027.1: one flat answer (desktop.domain.consent reads it still)
    *("child", "representative", "by", "at", "purpose", "legal_basis"),
    # per purpose, with who represents the child
    *("purposes", "representative_name", "representative_relation"),
}
_PURPOSE_KEYS = {"child", "representative", "basis"}
# A new child may give its home place with these short names (DESIGN.md example).
_CHILD_ALIASES = {"province_code": "home_province_code", "commune_code": "home_commune_code"}
_CHILD_EXTRA = {"id", "unknown", "age"}


@dataclass(frozen=True)
class ChildRecord:
    """A child as validated. `fields`: its record fields (desktop.domain.records.Child
    names), normalised — NFC one-line text, checked codes, name parts filled from the full
    name, an `age` turned into an estimated `birth_year`. `id` alone (no fields) refers to
    a child the desk already knows."""

    fields: Mapping[str, Any]
    id: str = ""

    @property
    def is_reference(self) -> bool:
        return bool(self.id) and not self.fields


@dataclass(frozen=True)
class ContactRecord:
    """A contact as validated, parsed once.

    - `fields`: record fields (desktop.domain.records.Contact names; the caller's as flat
      `caller_*`), only the given ones for a partial update. `received_at` there is the
      Vietnam-time ISO text of `received`.
    - `received`: the aware moment of receipt in Asia/Ho_Chi_Minh, or None when not given.
    - `children`: the children given (None: the key was absent).
    - `base_rev`: the rev an update was based on, or None.
    """

    fields: Mapping[str, Any]
    received: datetime | None = None
    children: tuple[ChildRecord, ...] | None = None
    base_rev: int | None = None

    @property
    def year(self) -> int | None:
        """The local year of receipt (the contact number's year)."""
        return self.received.year if self.received else None


@dataclass(frozen=True)
class ReferralRecord:
    """A referral as validated (desktop.domain.records.Referral names): agency and status
    checked against the taxonomy, texts NFC, `sent_at` Vietnam-time ISO text. Only the
    given fields for a partial update."""

    fields: Mapping[str, Any]


def _err(vi: str, en: str) -> tuple[str, str]:
    return (vi, en)


UNKNOWN_FIELD = _err("Trường không được hỗ trợ.", "Unknown field.")
REQUIRED = _err("Bắt buộc nhập.", "Required.")
NOT_TEXT = _err("Phải là văn bản.", "Must be text.")
BAD_CODE = _err("Giá trị không có trong danh mục.", "Not a value from the list.")
NOT_A_LIST = _err("Phải là một danh sách.", "Must be a list.")
BAD_TIME = _err(
    "Thời điểm không hợp lệ (cần dạng ISO có múi giờ, ví dụ 2026-10-03T14:05:00+07:00).",
    "Not a valid time (ISO-8601 with an offset, e.g. 2026-10-03T14:05:00+07:00).",
)
TIME_OUT_OF_RANGE = _err(
    "Thời điểm nằm ngoài lịch (năm 1–9999) khi đổi sang giờ UTC hoặc giờ Việt Nam.",
    "The time is out of range: it falls outside the years 1–9999 once converted to UTC or"
    " Vietnam time.",
)


# --- contacts --------------------------------------------------------------------------


def validate_contact(
    data: dict[str, Any], taxonomy: Taxonomy | None = None, *, partial: bool = False
) -> ContactRecord:
    """A contact as typed (DESIGN.md `contact add --json` shape) → `ContactRecord`.

    `caller` may be nested or given as the record's flat `caller_*` fields; `children` is a
    list of new-child dicts or `{"id": existing_child_id}`. With `partial=True` (an update)
    only the given fields are checked and nothing is required.
    """
    taxonomy = taxonomy or load_taxonomy()
    errors: Errors = {}
    if not isinstance(data, dict):
        raise ValidationError({"contact": _err("Phải là một đối tượng.", "Must be an object.")})
    allowed = set(Contact.content_fields()) | {"caller", "children", "base_rev"}
    _reject_unknown(data, allowed, "", errors)
    out: dict[str, Any] = {}
    received = _contact_time(data, out, errors, partial)
    _contact_codes(data, out, taxonomy, errors, partial)
    _contact_lists(data, out, taxonomy, errors)
    base_rev = _contact_scalars(data, out, errors, taxonomy, partial)
    if "caller" in data or any(k.startswith("caller_") for k in data):
        out.update((f"caller_{k}", v) for k, v in _caller(data, taxonomy, errors).items())
    children = None
    if "children" in data:
        on_date = received.date() if received else None
        children = tuple(_children(data["children"], taxonomy, on_date, errors))
    if errors:
        raise ValidationError(errors)
    return ContactRecord(MappingProxyType(out), received, children, base_rev)


def _contact_time(data: dict, out: dict, errors: Errors, partial: bool) -> datetime | None:
    if "received_at" not in data:
        if not partial:
            errors["received_at"] = REQUIRED
        return None
    moment = _moment(data["received_at"], "received_at", errors)
    if moment is None:
        return None
    out["received_at"] = moment.isoformat()  # Vietnam time: text order is time order
    return moment


def _contact_codes(
    data: dict, out: dict, taxonomy: Taxonomy, errors: Errors, partial: bool
) -> None:
    defaults = {"channel": "phone", "call_type": "counselling", "risk": "low"}
    kinds = {"channel": "channels", "call_type": "call_types", "risk": "risk_levels"}
    for key, kind in kinds.items():
        if key in data:
            out[key] = _code(data[key], kind, key, taxonomy, errors, required=True)
        elif not partial:
            out[key] = defaults[key]


def _contact_lists(data: dict, out: dict, taxonomy: Taxonomy, errors: Errors) -> None:
    if "categories" in data:
        out["categories"], settings = _category_list(data["categories"], taxonomy, errors)
        if settings:
            out["settings"] = settings
    if "settings" in data:
        given = _code_list(data["settings"], "settings", "settings", taxonomy, errors)
        out["settings"] = list(dict.fromkeys(given + out.get("settings", [])))
    if data.get("perpetrator_relation"):
        out["perpetrator_relation"] = _code(
            data["perpetrator_relation"],
            "perpetrator_relations",
            "perpetrator_relation",
            taxonomy,
            errors,
        )
    elif "perpetrator_relation" in data:
        out["perpetrator_relation"] = ""
    if "services" in data:
        out["services"] = _code_list(data["services"], "services", "services", taxonomy, errors)
    if "child_ids" in data:
        out["child_ids"] = _text_list(data["child_ids"], "child_ids", errors)


def _contact_scalars(
    data: dict, out: dict, errors: Errors, taxonomy: Taxonomy, partial: bool
) -> int | None:
    for key in ("summary", "worker"):
        if key in data:
            out[key] = _text(data[key], key, errors, multi=is_multi_line(CONTACT, key))
    base_rev = None
    if "base_rev" in data:
        base_rev = _int(data["base_rev"], "base_rev", errors, 0, 2**62, None)
    if "case_id" in data:
        out["case_id"] = _text(data["case_id"], "case_id", errors) or None
    if "duration_s" in data:
        out["duration_s"] = _duration(data["duration_s"], errors)
    if "follow_up" in data:
        out["follow_up"] = _flag(data["follow_up"], "follow_up", errors)
    if "consent" in data:
        out["consent"] = _consent(data["consent"], taxonomy, errors)
    if "taxonomy_version" in data:
        out["taxonomy_version"] = _text(data["taxonomy_version"], "taxonomy_version", errors)
    elif not partial:
        out["taxonomy_version"] = taxonomy.version
    return base_rev


def _caller(data: dict, taxonomy: Taxonomy, errors: Errors) -> dict[str, Any]:
    given = data.get("caller", {})
    if not isinstance(given, dict):
        errors["caller"] = _err("Phải là một đối tượng.", "Must be an object.")
        return {}
    merged = {k[len("caller_") :]: v for k, v in data.items() if k.startswith("caller_")}
    _reject_unknown(given, set(_CALLER_KEYS), "caller.", errors)
    merged.update(given)
    out: dict[str, Any] = {}
    for key in ("name", "location"):
        if key in merged:
            out[key] = _text(merged[key], f"caller.{key}", errors)
    if "phone" in merged:
        out["phone"] = _phone(merged["phone"], "caller.phone", errors)
    if merged.get("relation"):
        out["relation"] = _code(
            merged["relation"], "caller_relations", "caller.relation", taxonomy, errors
        )
    if merged.get("age_band"):
        out["age_band"] = _code(
            merged["age_band"], "caller_age_bands", "caller.age_band", taxonomy, errors
        )
    if "sex" in merged:
        out["sex"] = _code(merged["sex"] or "U", "sexes", "caller.sex", taxonomy, errors)
    if "anonymous" in merged:
        out["anonymous"] = _flag(merged["anonymous"], "caller.anonymous", errors)
    return out


def _children(
    value: Any, taxonomy: Taxonomy, received: date | None, errors: Errors
) -> list[ChildRecord]:
    if not isinstance(value, list):
        errors["children"] = NOT_A_LIST
        return []
    out: list[ChildRecord] = []
    for i, child in enumerate(value):
        if isinstance(child, str):  # the id of a child already known to the desk
            child = {"id": child}
        try:
            out.append(validate_child(child, taxonomy, on_date=received, path=f"children[{i}]."))
        except ValidationError as bad:
            errors.update(bad.field_errors)
    return out


# --- children --------------------------------------------------------------------------


def validate_child(
    data: dict[str, Any],
    taxonomy: Taxonomy | None = None,
    *,
    on_date: date | None = None,
    path: str = "",
    partial: bool = False,
) -> ChildRecord:
    """A child → `ChildRecord` (its normalised record fields). `{"id": ...}` alone refers
    to a known child.

    `full_name` is required unless `"unknown": true`; the name parts are filled from it.
    `province_code`/`commune_code` are accepted for `home_province_code`/`home_commune_code`;
    an `age` in years gives an estimated `birth_year`. The child must be under 18 on
    `on_date` (today by default).
    """
    taxonomy = taxonomy or load_taxonomy()
    errors: Errors = {}
    if not isinstance(data, dict):
        raise ValidationError(
            {path.rstrip(".") or "child": _err("Phải là một đối tượng.", "Must be an object.")}
        )
    if set(data) == {"id"}:  # a child already known to the desk
        child_id = _text(data["id"], f"{path}id", errors)
        if errors or not child_id:
            raise ValidationError(errors or {f"{path}id": REQUIRED})
        return ChildRecord(MappingProxyType({}), child_id)
    data = {_CHILD_ALIASES.get(k, k): v for k, v in data.items()}
    allowed = set(Child.content_fields()) | _CHILD_EXTRA
    _reject_unknown(data, allowed, path, errors)
    out: dict[str, Any] = {}
    if "id" in data:  # with other fields: a new child (its id is the desk's to make)
        _text(data["id"], f"{path}id", errors)
    _child_name(data, out, path, errors, partial)
    if "sex" in data or not partial:
        out["sex"] = _code(data.get("sex") or "U", "sexes", f"{path}sex", taxonomy, errors)
    _child_birth(data, out, path, errors, on_date or date.today())
    _child_place(data, out, path, errors)
    for key in ("ethnicity", "address_text", "disability", "school"):
        if key in data:
            out[key] = _text(data[key], f"{path}{key}", errors)
    if out.get("ethnicity"):
        out["ethnicity"] = _ethnicity_code(out["ethnicity"], taxonomy)
    if "special_groups" in data:
        out["special_groups"] = _code_list(
            data["special_groups"], "special_groups", f"{path}special_groups", taxonomy, errors
        )
    if errors:
        raise ValidationError(errors)
    return ChildRecord(MappingProxyType(out))


def _ethnicity_code(value: str, taxonomy: Taxonomy) -> str:
    """Ethnicity is coded (taxonomy `ethnicities`, statistics-office codes): a code, or a
    name or alias as typed ('Hmông', 'mông' → '08'; folded, hyphens as spaces), becomes
    its code; an answer not in the list is kept as told."""
    if taxonomy.has("ethnicities", value):
        return value

    def key(text: str) -> str:
        return " ".join(fold(text).replace("-", " ").replace("'", "").split())

    wanted = key(value)
    for item in taxonomy.items("ethnicities"):
        if wanted in {key(item.vi), *(key(a) for a in item.extra.get("aliases", ()))}:
            return item.code
    return value


def _child_name(data: dict, out: dict, path: str, errors: Errors, partial: bool) -> None:
    unknown = bool(data.get("unknown"))
    parts = ("family_name", "middle_name", "given_name")
    full = _text(data.get("full_name", ""), f"{path}full_name", errors)
    if not full and any(data.get(p) for p in parts):
        full = " ".join(one_line(str(data.get(p) or "")) for p in parts if data.get(p))
    if not full:
        if not unknown and (not partial or "full_name" in data):
            errors[f"{path}full_name"] = _err(
                "Cần nhập họ tên trẻ (hoặc đánh dấu “chưa rõ tên”).",
                "The child's full name is required (or mark it as unknown).",
            )
        if unknown or not partial:
            out["full_name"] = ""
        return
    out["full_name"] = full
    family, middle, given = split_name(full)
    for part, derived in zip(parts, (family, middle, given), strict=True):
        out[part] = _text(data[part], f"{path}{part}", errors) if data.get(part) else derived


def _child_birth(data: dict, out: dict, path: str, errors: Errors, on_date: date) -> None:
    if data.get("birth_date"):
        born = _birth_date(data["birth_date"], f"{path}birth_date", errors, on_date)
        if born:
            out["birth_date"] = born.isoformat()
            out["birth_year"] = born.year
    elif data.get("birth_year") not in (None, ""):
        year = _birth_year(data["birth_year"], f"{path}birth_year", errors, on_date)
        if year:
            out["birth_year"] = year
    elif data.get("age") not in (None, ""):
        age = _int(data["age"], f"{path}age", errors, 0, ACCEPTED_AGE_LIMIT - 1, _too_old())
        if age is not None:
            out["birth_year"] = on_date.year - age
            out["birth_estimated"] = True
    if "birth_estimated" in data:
        out["birth_estimated"] = _flag(data["birth_estimated"], f"{path}birth_estimated", errors)


def _child_place(data: dict, out: dict, path: str, errors: Errors) -> None:
    province = data.get("home_province_code")
    commune = data.get("home_commune_code")
    if province not in (None, ""):
        if places.is_province(province):
            out["home_province_code"] = places.province_code_text(province)
        else:
            errors[f"{path}province_code"] = _err(
                "Mã tỉnh, thành phố không có trong danh mục 2025.",
                "Not a 2025 province code.",
            )
    if commune in (None, ""):
        if "home_commune_code" in data:
            out["home_commune_code"] = ""
        return
    if not places.is_commune(commune):
        errors[f"{path}commune_code"] = _err(
            "Mã xã, phường không có trong danh mục 2025.", "Not a 2025 commune code."
        )
        return
    out["home_commune_code"] = places.commune_code_text(commune)
    home = out.get("home_province_code")
    if home is None and f"{path}province_code" not in errors:
        out["home_province_code"] = places.commune_province(commune)
    elif home and not places.commune_in_province(commune, home):
        errors[f"{path}commune_code"] = _err(
            "Xã, phường này không thuộc tỉnh, thành phố đã chọn.",
            "This commune is not in the chosen province.",
        )


def _birth_date(value: Any, key: str, errors: Errors, on_date: date) -> date | None:
    try:
        born = date.fromisoformat(str(value).strip())
    except ValueError:
        errors[key] = _err("Ngày sinh không hợp lệ (YYYY-MM-DD).", "Not a valid date (YYYY-MM-DD).")
        return None
    if born > on_date:
        errors[key] = _err("Ngày sinh ở tương lai.", "The birth date is in the future.")
        return None
    age = on_date.year - born.year - ((on_date.month, on_date.day) < (born.month, born.day))
    if age >= ACCEPTED_AGE_LIMIT:
        errors[key] = _too_old()
        return None
    return born


def _birth_year(value: Any, key: str, errors: Errors, on_date: date) -> int | None:
    year = _int(value, key, errors, 1900, on_date.year, None)
    # With only a year, a child born in (year - 18) may still be 17.
    if year is not None and year < on_date.year - ACCEPTED_AGE_LIMIT:
        errors[key] = _too_old()
        return None
    return year


def _too_old() -> tuple[str, str]:
    return _err(
        f"Trẻ em phải dưới {ACCEPTED_AGE_LIMIT} tuổi (theo Luật Trẻ em là dưới {CHILD_AGE_LIMIT}).",
        f"A child must be under {ACCEPTED_AGE_LIMIT} (under {CHILD_AGE_LIMIT} in the Law on Children).",
    )


# --- referrals, users ------------------------------------------------------------------


def validate_referral(
    data: dict[str, Any], taxonomy: Taxonomy | None = None, *, partial: bool = False
) -> ReferralRecord:
    """A referral → its checked fields: agency and status codes, reason required (unless
    `partial`), sent_at ISO. ValidationError lists every bad field."""
    taxonomy = taxonomy or load_taxonomy()
    errors: Errors = {}
    _reject_unknown(data, set(Referral.content_fields()), "", errors)
    out: dict[str, Any] = {}
    if "agency" in data or not partial:
        out["agency"] = _code(
            data.get("agency"), "referral_agencies", "agency", taxonomy, errors, required=True
        )
    if "status" in data or not partial:
        out["status"] = _code(
            data.get("status") or "sent", "referral_statuses", "status", taxonomy, errors
        )
    for key in ("case_id", "agency_name", "reason", "outcome"):
        if key in data:
            out[key] = _text(data[key], key, errors, multi=is_multi_line(REFERRAL, key))
    if not partial and not out.get("reason", "").strip() and "reason" not in errors:
        errors["reason"] = _err(
            "Cần ghi lý do chuyển gửi.", "The reason for the referral is required."
        )
    if data.get("sent_at"):
        moment = _moment(data["sent_at"], "sent_at", errors)
        if moment:
            out["sent_at"] = moment.isoformat()
    if errors:
        raise ValidationError(errors)
    return ReferralRecord(MappingProxyType(out))


def validate_username(username: Any) -> str:
    """3–32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter."""
    name = one_line(str(username or "")).lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            {
                "username": _err(
                    "Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới"
                    " hoặc gạch ngang, bắt đầu bằng chữ cái.",
                    "A username has 3–32 characters: lower-case letters without accents, digits,"
                    " '.', '_' or '-', starting with a letter.",
                )
            }
        )
    return name


def validate_password(password: Any, field_name: str = "password") -> str:
    """At least 8 characters, not only spaces. Returned unchanged: the key slots derive from
    its NFC form (`desktop.db.keys.secret_as_typed`)."""
    text = password if isinstance(password, str) else ""
    if len(text) < 8 or not text.strip():
        raise ValidationError(
            {
                field_name: _err(
                    "Mật khẩu phải có ít nhất 8 ký tự.", "A password needs at least 8 characters."
                )
            }
        )
    return text


# --- small checks ----------------------------------------------------------------------


def _reject_unknown(data: Any, allowed: set[str], path: str, errors: Errors) -> None:
    if not isinstance(data, dict):
        return
    for key in data:
        if key not in allowed or key in META_FIELDS and key != "id":
            errors[f"{path}{key}"] = UNKNOWN_FIELD


def _text(value: Any, key: str, errors: Errors, *, multi: bool = False) -> str:
    """Text as typed: NFC only for a multi-line field, NFC and trimmed for a one-line one."""
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[key] = NOT_TEXT
        return ""
    return nfc(value) if multi else one_line(value)


def _text_list(value: Any, key: str, errors: Errors) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors[key] = NOT_A_LIST
        return []
    return [one_line(v) for v in value]


def _code(
    value: Any, kind: str, key: str, taxonomy: Taxonomy, errors: Errors, *, required: bool = False
) -> str:
    if value in (None, ""):
        if required:
            errors[key] = REQUIRED
        return ""
    code = str(value).strip()
    if not taxonomy.has(kind, code):
        errors[key] = BAD_CODE
    return code


def _code_list(value: Any, kind: str, key: str, taxonomy: Taxonomy, errors: Errors) -> list[str]:
    if not isinstance(value, list):
        errors[key] = NOT_A_LIST
        return []
    out: list[str] = []
    for i, item in enumerate(value):
        code = _code(item, kind, f"{key}[{i}]", taxonomy, errors, required=True)
        if code and code not in out:
            out.append(code)
    return out


def _category_list(value: Any, taxonomy: Taxonomy, errors: Errors) -> tuple[list[str], list[str]]:
    """Category codes → (codes of this taxonomy version, setting flags). A code an older
    version had and this one retired is taken as what it maps to ('violence.domestic' →
    'violence' + setting 'domestic'), so nothing typed against an older list is refused."""
    if not isinstance(value, list):
        errors["categories"] = NOT_A_LIST
        return [], []
    codes: list[str] = []
    for i, item in enumerate(value):
        code = str(item).strip() if item not in (None, "") else ""
        if not code or not taxonomy.retired(code):
            code = _code(item, CATEGORIES, f"categories[{i}]", taxonomy, errors, required=True)
        if code:
            codes.append(code)
    return taxonomy.map_forward(codes)


def _moment(value: Any, key: str, errors: Errors) -> datetime | None:
    """The moment in Vietnam time (desktop.domain.times), or BAD_TIME for text that is not
    ISO-8601 with an offset or naive, TIME_OUT_OF_RANGE for one beyond the calendar once
    converted ('9999-12-31T23:59:59-12:00')."""
    try:
        return times.parse_local(value if isinstance(value, str) else str(value))
    except times.OutOfRange:
        errors[key] = TIME_OUT_OF_RANGE
        return None
    except ValueError:
        errors[key] = BAD_TIME
        return None


def _phone(value: Any, key: str, errors: Errors) -> str:
    phone = _text(value, key, errors)
    if phone and (not _PHONE_CHARS.match(phone) or not 3 <= len(digits(phone)) <= 15):
        errors[key] = _err(
            "Số điện thoại chỉ gồm chữ số (3–15 số), có thể có dấu cách, +, -, ., ( ).",
            "A phone number has 3–15 digits, optionally with spaces, +, -, . or ( ).",
        )
    return phone


def _flag(value: Any, key: str, errors: Errors) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    errors[key] = _err("Phải là đúng hoặc sai.", "Must be true or false.")
    return False


def _int(
    value: Any, key: str, errors: Errors, low: int, high: int, too_high: tuple[str, str] | None
) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        errors[key] = _err("Phải là một số nguyên.", "Must be a whole number.")
        return None
    if number > high and too_high:
        errors[key] = too_high
        return None
    if not low <= number <= high:
        errors[key] = _err(f"Phải trong khoảng {low}–{high}.", f"Must be between {low} and {high}.")
        return None
    return number


def _duration(value: Any, errors: Errors) -> int:
    seconds = _int(value, "duration_s", errors, 0, 24 * 3600, None)
    return seconds or 0


def _consent(value: Any, taxonomy: Taxonomy, errors: Errors) -> dict[str, Any]:
    """The consent record (shape: desktop.domain.consent): per purpose the child's and the
    representative's answer (true/false/null = not asked) and the basis ('consent' or a
    taxonomy `legal_bases` code)."""
    if not isinstance(value, dict):
        errors["consent"] = _err("Phải là một đối tượng.", "Must be an object.")
        return {}
    _reject_unknown(value, _CONSENT_KEYS, "consent.", errors)
    out: dict[str, Any] = {}
    for key in ("child", "representative"):
        if key in value:
            out[key] = _flag(value[key], f"consent.{key}", errors)
    for key in ("by", "purpose", "legal_basis", "representative_name"):
        if key in value:
            out[key] = _text(value[key], f"consent.{key}", errors)
    if value.get("representative_relation"):
        out["representative_relation"] = _code(
            value["representative_relation"],
            "caller_relations",
            "consent.representative_relation",
            taxonomy,
            errors,
        )
    if "purposes" in value:
        out["purposes"] = _consent_purposes(value["purposes"], taxonomy, errors)
    if value.get("at"):
        moment = _moment(value["at"], "consent.at", errors)
        out["at"] = moment.isoformat() if moment else ""
    return out


def _consent_purposes(value: Any, taxonomy: Taxonomy, errors: Errors) -> dict[str, Any]:
    if not isinstance(value, dict):
        errors["consent.purposes"] = _err("Phải là một đối tượng.", "Must be an object.")
        return {}
    out: dict[str, Any] = {}
    for purpose, answer in value.items():
        path = f"consent.purposes.{purpose}"
        if not taxonomy.has("consent_purposes", str(purpose)):
            errors[path] = BAD_CODE
            continue
        if not isinstance(answer, dict):
            errors[path] = _err("Phải là một đối tượng.", "Must be an object.")
            continue
        _reject_unknown(answer, _PURPOSE_KEYS, f"{path}.", errors)
        given: dict[str, Any] = {}
        for who in ("child", "representative"):
            if answer.get(who) is not None:
                given[who] = _flag(answer[who], f"{path}.{who}", errors)
            else:
                given[who] = None
        basis = answer.get("basis") or "consent"
        if basis != "consent":
            basis = _code(basis, "legal_bases", f"{path}.basis", taxonomy, errors)
        given["basis"] = basis
        out[str(purpose)] = given
    return out
