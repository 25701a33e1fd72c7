"""Vietnam's 2025 administrative units (34 provinces, 3,321 communes), offline.

Codes are the statistics-office codes as text: provinces 2 digits ("01", "48", "79"),
communes 5 digits ("20242"). Data from the `vietnam-provinces` package, read once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from desktop.domain.text import fold, nfc


@dataclass(frozen=True)
class Place:
    code: str
    name: str  # official name, e.g. "Thành phố Đà Nẵng", "Phường Hải Châu"
    kind: str  # division type as the package gives it, e.g. "phường", "xã", "tỉnh"
    province_code: str  # the province itself for a province
    folded: str  # search key: fold(name)


def province_code_text(code: str | int) -> str:
    """'48' from 48, '48' or '048'. ValueError when it is not a number."""
    return f"{int(str(code).strip()):02d}"


def commune_code_text(code: str | int) -> str:
    return f"{int(str(code).strip()):05d}"


@cache
def _provinces() -> dict[str, Place]:
    from vietnam_provinces import Province

    places = {}
    for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        code = province_code_text(int(p.code))
        name = nfc(p.name)
        places[code] = Place(code, name, str(p.division_type.value), code, fold(name))
    return places


@cache
def _communes() -> dict[str, Place]:
    from vietnam_provinces import Ward

    places = {}
    for w in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        code = commune_code_text(int(w.code))
        name = nfc(w.name)
        province = province_code_text(int(w.province_code))
        places[code] = Place(code, name, str(w.division_type.value), province, fold(name))
    return places


@cache
def _communes_by_province() -> dict[str, tuple[Place, ...]]:
    grouped: dict[str, list[Place]] = {}
    for place in _communes().values():
        grouped.setdefault(place.province_code, []).append(place)
    return {code: tuple(sorted(rows, key=lambda p: p.folded)) for code, rows in grouped.items()}


def provinces() -> list[Place]:
    """All 34 provinces and centrally-run cities, in code order."""
    return list(_provinces().values())


def communes(province_code: str) -> list[Place]:
    """The communes, wards and special zones of one province, sorted by folded name."""
    return list(_communes_by_province().get(_province_key(province_code), ()))


def is_province(code: str | int | None) -> bool:
    return _province_key(code) in _provinces()


def is_commune(code: str | int | None) -> bool:
    return _commune_key(code) in _communes()


def province(code: str) -> Place:
    """KeyError when the code is not a 2025 province."""
    return _provinces()[_province_key(code)]


def commune(code: str) -> Place:
    """KeyError when the code is not a 2025 commune."""
    return _communes()[_commune_key(code)]


def province_name(code: str) -> str:
    return province(code).name


def commune_name(code: str) -> str:
    return commune(code).name


def commune_province(code: str) -> str:
    """The 2-digit code of the province a commune belongs to."""
    return commune(code).province_code


def commune_in_province(commune_code: str, province_code: str) -> bool:
    place = _communes().get(_commune_key(commune_code))
    return place is not None and place.province_code == _province_key(province_code)


def search_communes(province_code: str | None, text: str, limit: int = 50) -> list[Place]:
    """Communes whose folded name contains every folded word of `text` ('hai chau' finds
    'Phường Hải Châu'). Names starting with the words come first. All provinces if None."""
    words = fold(text).split()
    if province_code is None:
        pool: tuple[Place, ...] | list[Place] = list(_communes().values())
    else:
        pool = _communes_by_province().get(_province_key(province_code), ())
    hits = [p for p in pool if all(w in p.folded for w in words)]
    query = " ".join(words)
    hits.sort(key=lambda p: (not _starts_word(p.folded, query), p.folded))
    return hits[:limit]


def _starts_word(folded_name: str, query: str) -> bool:
    # "Phường Hải Châu" → "phuong hai chau": the query should start a word after the type.
    return f" {query}" in f" {folded_name}"


def _province_key(code: str | int | None) -> str:
    try:
        return province_code_text(code) if code not in (None, "") else ""
    except (TypeError, ValueError):
        return ""


def _commune_key(code: str | int | None) -> str:
    try:
        return commune_code_text(code) if code not in (None, "") else ""
    except (TypeError, ValueError):
        return ""
