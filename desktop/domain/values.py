"""The value contract: what a synced record's fields may hold, the same on the desk and on
central (issue 10 "One contract for values on both sides").

It is checked in three places, with one set of limits:
- when the desk saves (`desktop.db.repository`): a `ValidationError` naming the field and
  the limit, nothing saved;
- when central accepts a push (`central.push`): the op is answered `rejected` with the
  reason (never a 5xx);
- when central serves a pull and when the desk applies a pulled record, the *storable*
  part only (types, characters, nesting; not the lengths, so a long text stored before a
  limit existed still flows): a record that fails is quarantined by central, refused by the
  desk.

A value that passes is one SQLite (the desk, central's default) and PostgreSQL (JSONB)
both store and give back unchanged:
- text holds no NUL and no other C0 control character but tab, LF and CR (PostgreSQL
  refuses NUL; printouts and spreadsheets refuse the others), no lone surrogate
  (U+D800–U+DFFF: UTF-8 cannot carry one) and no Unicode non-character (U+FDD0–U+FDEF and
  the last two code points of every plane);
- each field has its declared JSON type (from `desktop.domain.records`): `str` is text,
  `int` a whole number within ±(2^53 − 1) (booleans are not numbers), `bool` true or false,
  `list[str]` a list of texts, `dict` an object, `Any` any JSON value; `None` only where
  the record declares `X | None`; numbers inside objects are whole numbers too (no
  floats: PostgreSQL would give 1e+20 back as a whole number, SQLite as a float);
- lengths in characters (code points) per field kind: `CODE` (ids, codes, times, user
  names), `NAME` (people's names), `LINE` (one line of free text), `TEXT` (free text);
- at most `MAX_ITEMS` items in a list or keys in an object, values nested at most
  `MAX_DEPTH` levels below the field, and a whole record at most `MAX_RECORD_BYTES` of
  UTF-8 JSON (so one record always fits one push, whatever central's body limits).

Pure Python plus pydantic; imports nothing of ours but the record definitions.
"""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import dataclass, fields
from functools import cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    create_model,
)
from pydantic_core import PydanticCustomError

from desktop.domain.records import RECORD_TYPES

# ------------------------------------------------------------------ the limits

CODE = 64  # ids, codes, statuses, ISO times, user names, device ids
NAME = 200  # a person's name
LINE = 1_000  # one line of free text: an address, a school, an agency's name
TEXT = 50_000  # free text: a summary, an assessment, a note, a reason
KEY = 200  # a key inside an object field (consent, case entry data)
MAX_ITEMS = 1_000  # items in one list, keys in one object
MAX_DEPTH = 8  # levels of lists/objects below a field
MAX_RECORD_BYTES = 512 * 1024  # a whole record as UTF-8 JSON
MAX_INT = 2**53 - 1  # JSON-safe whole numbers

# Fields shorter or longer than the default `TEXT`; a new free-text field gets `TEXT`.
FIELD_LENGTHS: dict[str, int] = {
    **dict.fromkeys(("full_name", "family_name", "middle_name", "given_name"), NAME),
    "caller_name": NAME,
    **dict.fromkeys(
        ("address_text", "disability", "school", "caller_location", "agency_name", "file_name"),
        LINE,
    ),
    "province_code": 8,  # central's indexed column
    "number": 40,  # central's indexed column
    **dict.fromkeys(
        (
            "id",
            "created_at",
            "updated_at",
            "created_by",
            "updated_by",
            "sex",
            "birth_date",
            "ethnicity",
            "home_province_code",
            "home_commune_code",
            "received_at",
            "channel",
            "call_type",
            "caller_relation",
            "perpetrator_relation",
            "transfer_from",
            "transferred_at",
            "follow_up_on",
            "review_on",
            "caller_phone",
            "caller_age_band",
            "caller_sex",
            "risk",
            "worker",
            "taxonomy_version",
            "case_id",
            "child_id",
            "status",
            "assigned_to",
            "assessment_due",
            "plan_due",
            "plan_approved_by",
            "plan_approved_at",
            "closed_at",
            "kind",
            "occurred_at",
            "corrects_id",
            "agency",
            "sent_at",
            "record_entity",
            "record_id",
            "field_name",
            "kept_by",
            "other_by",
            "other_device",
            "other_at",
            "resolved_by",
            "resolved_at",
            "owner_entity",
            "owner_id",
            "media_type",
            "sha256",
            "added_at",
            # issue 15: handoffs
            "handoff_id",
            "source_entity",
            "source_id",
            "source_number",
            "sent_by",
            "redirect_of",
            "routed_at",
            "accept_by",
            "answered_at",
            "answered_by",
            "accepted_contact_id",
            "accepted_number",
            "outcome_step",
            "outcome_reason",
            "outcome_at",
        ),
        CODE,
    ),
    "to_province": 8,  # central's routing column
    "decline_reason": LINE,
}

# Not allowed anywhere in text: C0 controls but tab/LF/CR, surrogates (in a Python str a
# surrogate is always a lone one: a pair decodes to one code point), non-characters.
BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# The non-characters of the other planes (U+1FFFE, U+1FFFF, … U+10FFFF) are looked for
# among astral characters only: one class holding all 34 makes every search ~10× slower.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Problem:
    """One field that breaks the contract: its name and why, in both languages (no value)."""

    field: str
    message_vi: str
    message_en: str


# ------------------------------------------------------------------ checks on one value


def bad_char(text: str) -> str:
    """'' when `text` holds only allowed characters, else the first bad one as 'U+XXXX'."""
    found = BAD_CHAR.search(text)
    if found:
        return f"U+{ord(found.group()):04X}"
    if not text.isascii():
        for astral in _ASTRAL.finditer(text):
            if ord(astral.group()) & 0xFFFE == 0xFFFE:
                return f"U+{ord(astral.group()):04X}"
    return ""


def check_text(text: str) -> str:
    """Pydantic after-validator: refuses a text holding a character not allowed."""
    code_point = bad_char(text)
    if code_point:
        raise PydanticCustomError(
            "bad_char",
            "holds a character that is not allowed ({code_point})",
            {"code_point": code_point},
        )
    return text


def _json_value(limit: int | None) -> typing.Callable[[Any], Any]:
    """An after-validator for a JSON value: types, characters, numbers, nesting, lengths."""

    def check(value: Any) -> Any:
        stack: list[tuple[Any, int]] = [(value, 0)]
        while stack:
            item, depth = stack.pop()
            if isinstance(item, str):
                check_text(item)
                if limit is not None and len(item) > limit:
                    raise PydanticCustomError(
                        "text_too_long", "too long: at most {limit} characters", {"limit": limit}
                    )
            elif item is None or isinstance(item, bool):
                continue
            elif isinstance(item, int):
                if not -MAX_INT <= item <= MAX_INT:
                    raise PydanticCustomError("number_range", "number out of range", {})
            elif isinstance(item, float):
                # PostgreSQL (JSONB numeric) gives 1e+20 back as 100000000000000000000, a
                # whole number: records hold no fractions, so no float is stored at all.
                raise PydanticCustomError("not_whole", "only whole numbers are allowed", {})
            elif isinstance(item, list | dict):
                if depth >= MAX_DEPTH:
                    raise PydanticCustomError(
                        "too_deep", "nested too deep: at most {depth} levels", {"depth": MAX_DEPTH}
                    )
                if limit is not None and len(item) > MAX_ITEMS:
                    raise PydanticCustomError(
                        "too_many", "too many items: at most {items}", {"items": MAX_ITEMS}
                    )
                if isinstance(item, dict):
                    for key in item:
                        if not isinstance(key, str):
                            raise PydanticCustomError("json_type", "not a JSON value", {})
                        check_text(key)
                        if limit is not None and len(key) > KEY:
                            raise PydanticCustomError(
                                "text_too_long",
                                "too long: at most {limit} characters",
                                {"limit": KEY},
                            )
                    stack.extend((v, depth + 1) for v in item.values())
                else:
                    stack.extend((v, depth + 1) for v in item)
            else:
                raise PydanticCustomError("json_type", "not a JSON value", {})
        return value

    return check


# ------------------------------------------------------------------ per-entity models

_KIND_NAMES = {
    "text": ("văn bản", "text"),
    "int": ("số nguyên", "a whole number"),
    "bool": ("đúng/sai", "true or false"),
    "list": ("danh sách", "a list"),
    "object": ("đối tượng", "an object"),
    "any": ("giá trị JSON", "a JSON value"),
}


def _field_type(name: str, hint: Any, limits: bool) -> tuple[Any, str]:
    """The pydantic type of one record field, and its kind's name."""
    optional = False
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        optional = True
        hint = next(a for a in args if a is not type(None))
    length = FIELD_LENGTHS.get(name, TEXT) if limits else None
    if hint is str:
        kind, base = (
            "text",
            # characters: one scan over all text fields after validation (`_scan_texts`)
            Annotated[StrictStr, Field(max_length=length)],
        )
    elif hint is bool:
        kind, base = "bool", StrictBool
    elif hint is int:
        kind, base = "int", Annotated[StrictInt, Field(ge=-MAX_INT, le=MAX_INT)]
    elif typing.get_origin(hint) is list:
        item = Annotated[StrictStr, Field(max_length=CODE if limits else None)]
        kind, base = (
            "list",
            Annotated[
                list[item], Field(max_length=MAX_ITEMS if limits else None)  # type: ignore[valid-type]
            ],
        )
    elif typing.get_origin(hint) is dict:
        kind = "object"
        base = Annotated[dict[str, Any], AfterValidator(_json_value(TEXT if limits else None))]
    else:
        kind, base = "any", Annotated[Any, AfterValidator(_json_value(TEXT if limits else None))]
    return (base | None if optional else base), kind


@cache
def _model(entity: str, limits: bool) -> type[BaseModel]:
    cls = RECORD_TYPES[entity]
    hints = typing.get_type_hints(cls)
    spec: dict[str, Any] = {}
    for f in fields(cls):
        annotation, _kind = _field_type(f.name, hints[f.name], limits)
        spec[f.name] = (annotation, None)
    return create_model(  # type: ignore[call-overload]
        f"{cls.__name__}Values{'' if limits else 'Stored'}",
        __config__=ConfigDict(strict=True, extra="forbid", defer_build=False),
        **spec,
    )


@cache
def _kinds(entity: str) -> dict[str, str]:
    cls = RECORD_TYPES[entity]
    hints = typing.get_type_hints(cls)
    return {f.name: _field_type(f.name, hints[f.name], False)[1] for f in fields(cls)}


def field_kind(entity: str, name: str) -> str:
    """'text' | 'int' | 'bool' | 'list' | 'object' | 'any' ('' for an unknown field)."""
    return _kinds(entity).get(name, "")


def safe_name(name: Any) -> str:
    """A field name fit for a message or a log: printable ASCII, at most 40 characters."""
    return ascii(str(name))[1:-1][:40]


def _problem(entity: str, error: Any) -> Problem:
    loc = error.get("loc") or ("",)
    name = safe_name(loc[0])
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return Problem(name, "trường không được hỗ trợ", "unknown field")
    if kind in ("string_too_long", "text_too_long"):
        n = ctx.get("max_length") or ctx.get("limit")
        return Problem(name, f"quá dài: tối đa {n} ký tự", f"too long: at most {n} characters")
    if kind == "too_long":  # a list
        n = ctx.get("max_length")
        return Problem(name, f"quá nhiều mục: tối đa {n}", f"too many items: at most {n}")
    if kind == "too_many":
        n = ctx.get("items")
        return Problem(name, f"quá nhiều mục: tối đa {n}", f"too many items: at most {n}")
    if kind in ("bad_char", "string_unicode"):
        text = error.get("input")
        cp = ctx.get("code_point") or (bad_char(text) if isinstance(text, str) else "")
        return Problem(
            name,
            f"có ký tự không được phép ({cp})",
            f"holds a character that is not allowed ({cp})",
        )
    if kind == "too_deep":
        n = ctx.get("depth")
        return Problem(
            name, f"lồng quá sâu: tối đa {n} mức", f"nested too deep: at most {n} levels"
        )
    if kind == "not_whole":
        return Problem(name, "chỉ chấp nhận số nguyên", "only whole numbers are allowed")
    if kind in ("number_range", "greater_than_equal", "less_than_equal"):
        return Problem(name, "số ngoài khoảng cho phép", "number out of range")
    vi, en = _KIND_NAMES.get(field_kind(entity, str(loc[0])), _KIND_NAMES["any"])
    return Problem(name, f"sai kiểu dữ liệu (cần {vi})", f"wrong type (expected {en})")


@cache
def _layout(entity: str) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """(field names, text fields, list-of-text fields) of an entity."""
    kinds = _kinds(entity)
    texts = tuple(n for n, k in kinds.items() if k == "text")
    lists = tuple(n for n, k in kinds.items() if k == "list")
    return frozenset(kinds), texts, lists


def _scan_texts(entity: str, values: dict[str, Any]) -> list[Problem]:
    """Characters of the text and list-of-text fields: one regex pass over all of them
    (the hot path of every save); per field only when something is found."""
    _names, texts, lists = _layout(entity)
    parts = [values[n] for n in texts if isinstance(values.get(n), str)]
    for name in lists:
        items = values.get(name)
        if isinstance(items, list):
            parts += [x for x in items if isinstance(x, str)]
    if not bad_char("\n".join(parts)):
        return []
    problems = []
    for name in (*texts, *lists):
        value = values.get(name)
        found = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for text in found:
            code_point = bad_char(text) if isinstance(text, str) else ""
            if code_point:
                problems.append(
                    Problem(
                        name,
                        f"có ký tự không được phép ({code_point})",
                        f"holds a character that is not allowed ({code_point})",
                    )
                )
                break
    return problems


def is_too_large(values: dict[str, Any]) -> bool:
    """True when the record may pass `MAX_RECORD_BYTES`: exact only when a cheap upper
    bound (6 bytes a character: the worst JSON escape) does not already rule it out."""
    bound = 2
    for name, value in values.items():
        bound += len(name) + 4
        if isinstance(value, str):
            bound += 6 * len(value) + 2
        elif isinstance(value, list | dict):
            bound += 6 * len(json.dumps(value, ensure_ascii=False))
        else:
            bound += 24
        if bound > MAX_RECORD_BYTES:
            return record_size(values) > MAX_RECORD_BYTES
    return False


def record_problems(entity: str, values: Any, *, limits: bool = True) -> list[Problem]:
    """The contract's verdict on some fields of a record of `entity` (an op's fields, or a
    whole record): [] when they pass. `limits=False` checks only what storing needs
    (types, characters, nesting), not lengths and sizes. Never raises for any input."""
    if entity not in RECORD_TYPES:
        return [Problem("entity", "loại bản ghi không xác định", "unknown entity")]
    if not isinstance(values, dict):
        return [Problem("fields", "phải là một đối tượng", "must be an object")]
    names = _layout(entity)[0]
    seen: dict[str, Problem] = {}
    for key in values:
        if not isinstance(key, str) or key not in names:
            name = safe_name(key)
            seen.setdefault(name, Problem(name, "trường không được hỗ trợ", "unknown field"))
    if seen:
        return list(seen.values())
    try:
        _model(entity, limits).model_validate(values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problem = _problem(entity, error)
            seen.setdefault(problem.field, problem)
    except RecursionError:  # cannot happen after a depth-limited parse; never a crash
        return [Problem("fields", "lồng quá sâu", "nested too deep")]
    for problem in _scan_texts(entity, values):
        seen.setdefault(problem.field, problem)
    if seen:
        return list(seen.values())
    if limits and is_too_large(values):
        return [too_large()]
    return []


def record_size(values: dict[str, Any]) -> int:
    """Bytes of a record as UTF-8 JSON (what `MAX_RECORD_BYTES` limits)."""
    return len(json.dumps(values, ensure_ascii=False).encode("utf-8"))


def too_large() -> Problem:
    kb = MAX_RECORD_BYTES // 1024
    return Problem(
        "*", f"bản ghi quá lớn: tối đa {kb} KB", f"the record is too large: at most {kb} KB"
    )


def warm() -> None:
    """Build the per-entity validators now (~0.1 s) rather than on the first save."""
    for entity in RECORD_TYPES:
        _model(entity, True)
        _layout(entity)
