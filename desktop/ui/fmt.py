"""How values look on screen: dates dd/MM/yyyy, local time (UTC+7), taxonomy labels."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from desktop.domain import times
from desktop.domain.taxonomy import code_label
from desktop.ui import i18n

LOCAL_TZ = times.VN_TZ


def parse_time(value: str | None) -> datetime | None:
    """A stored time in Vietnam time; None for none, or for text that is not ISO-8601 with
    an offset (desktop.domain.times: a naive time is never guessed)."""
    if not value:
        return None
    try:
        return times.parse_local(value)
    except ValueError:
        return None


def date_time(value: str | None) -> str:
    """'2026-10-03T07:05:00+00:00' → '03/10/2026 14:05'."""
    parsed = parse_time(value)
    return parsed.strftime("%d/%m/%Y %H:%M") if parsed else ""


def date(value: str | None) -> str:
    if value and len(value) == 10 and value[4] == "-":  # a plain date
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    parsed = parse_time(value)
    return parsed.strftime("%d/%m/%Y") if parsed else ""


def now_local() -> datetime:
    return times.now_local()


@lru_cache(maxsize=1)
def taxonomy():
    from desktop.domain.taxonomy import load_taxonomy

    return load_taxonomy()


def label(kind: str, code: str | None) -> str:
    """The taxonomy label of `code` in the active language (the code itself if unknown;
    `desktop.domain.taxonomy.code_label`)."""
    return code_label(kind, code, i18n.current())


def codes(kind: str) -> list[str]:
    try:
        return list(taxonomy().codes(kind))
    except Exception:  # noqa: BLE001
        return []


def category_label(code: str) -> str:
    """'violence.physical' → 'Bạo lực › Thể chất'."""
    return code_label("categories", code, i18n.current())


def items(kind: str) -> list[tuple[str, str]]:
    """(code, label) pairs of a taxonomy kind for pick lists, in the active language."""
    try:
        return [(item.code, item.label(i18n.current())) for item in taxonomy().items(kind)]
    except Exception:  # noqa: BLE001
        return []


def category_items() -> list[tuple[str, str]]:
    """Every category (families and subcategories) with 'Family › Sub' labels."""
    lang = i18n.current()
    out: list[tuple[str, str]] = []
    for family in taxonomy().categories():
        out.append((family.code, family.label(lang)))
        for sub in family.children:
            out.append((sub.code, taxonomy().category_label(sub.code, lang)))
    return out
