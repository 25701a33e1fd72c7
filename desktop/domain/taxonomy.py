"""The coding taxonomy (categories, channels, services, ...) as versioned data.

The data lives in `resources/taxonomy/taxonomy.json`; a record keeps the taxonomy version
it was coded with. Kinds are the file's top-level lists: `categories`, `special_groups`,
`channels`, `call_types`, `caller_relations`, `caller_age_bands`, `sexes`, `services`,
`referral_agencies`, `referral_statuses`, `risk_levels`, `protection_levels`,
`case_steps`, `case_entry_kinds`, `emergency_measures`, `closure_reasons`, `roles`, and
since 2027.1 `settings` (where the harm happened: domestic, online, cross_border) and
`perpetrator_relations` (the alleged perpetrator's relation to the child).

Category codes are a family (`violence`) or `family.subcategory` (`violence.physical`).

Versions: a code is never renamed or reused. A code a version drops stays in the file's
`retired` section with its labels and where it maps to (`RetiredCode`), so a record coded
with an older version still shows its own label and counts under today's code in reports
(`map_forward`); the versions as shipped are kept in `resources/taxonomy/history/`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from desktop.domain.paths import resource_path
from desktop.domain.text import fold, nfc

CATEGORIES = "categories"


@dataclass(frozen=True)
class Item:
    """One coded value with its two labels."""

    code: str
    vi: str
    en: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def label(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class Category:
    """A category family or subcategory. `code` is the full code ('violence.physical')."""

    code: str
    vi: str
    en: str
    abuse: bool
    family: str
    children: tuple[Category, ...] = ()

    @property
    def is_family(self) -> bool:
        return self.code == self.family

    def label(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class RetiredCode:
    """A code an older taxonomy version had and a newer one dropped.

    `maps_to`: the current category code it counts under; `settings`: the setting flags it
    stood for (e.g. `violence.domestic` → `violence` + `domestic`); `since`: the version
    that dropped it; `vi`/`en`: its own labels, shown on records coded with it."""

    code: str
    vi: str
    en: str
    maps_to: str
    settings: tuple[str, ...]
    since: str

    def label(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class Taxonomy:
    """Read-only view over one taxonomy file."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = str(data["version"])
        self._lists: dict[str, list[Item]] = {}
        self._retired: dict[str, RetiredCode] = {
            str(row["code"]): RetiredCode(
                code=str(row["code"]),
                vi=nfc(row["vi"]),
                en=nfc(row["en"]),
                maps_to=str(row["maps_to"]),
                settings=tuple(row.get("settings", ())),
                since=str(row.get("since", "")),
            )
            for row in data.get("retired", {}).get(CATEGORIES, [])
        }
        for kind, rows in data.items():
            if kind in (CATEGORIES, "version") or not isinstance(rows, list):
                continue
            self._lists[kind] = [_item(row) for row in rows]
        self._tree = tuple(_family(row) for row in data.get(CATEGORIES, []))
        self._categories: dict[str, Category] = {}
        for family in self._tree:
            self._categories[family.code] = family
            for sub in family.children:
                self._categories[sub.code] = sub
        self._index = {kind: {i.code: i for i in items} for kind, items in self._lists.items()}

    @classmethod
    def from_file(cls, path: str | Path) -> Taxonomy:
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def kinds(self) -> list[str]:
        return [CATEGORIES, *self._lists]

    def codes(self, kind: str) -> list[str]:
        """Every code of a kind in file order; for categories, families and `family.sub`."""
        if kind == CATEGORIES:
            return list(self._categories)
        return [item.code for item in self._list(kind)]

    def items(self, kind: str) -> list[Item]:
        """The items of a non-category kind, in file order (for pick lists)."""
        return list(self._list(kind))

    def has(self, kind: str, code: str) -> bool:
        if kind == CATEGORIES:
            return self.is_category(code)
        return code in self._index.get(kind, {})

    def label(self, kind: str, code: str, lang: str = "vi") -> str:
        """The label of a code; a retired category its own label; an unknown code (e.g.
        from a newer taxonomy) shows as itself."""
        if kind == CATEGORIES:
            category = self._categories.get(code)
            if category is None and code in self._retired:
                return self._retired[code].label(lang)
            return category.label(lang) if category else code
        item = self._index.get(kind, {}).get(code)
        return item.label(lang) if item else code

    def category_label(self, code: str, lang: str = "vi", *, with_family: bool = True) -> str:
        """'Bạo lực › Bạo lực thể chất, đánh đập' for a subcategory, the family label otherwise."""
        category = self._categories.get(code)
        if category is None:
            retired = self._retired.get(code)
            if retired is None:
                return code
            family = self._categories.get(code.split(".", 1)[0])
            if family is None or not with_family:
                return retired.label(lang)
            return f"{family.label(lang)} › {retired.label(lang)}"
        if category.is_family or not with_family:
            return category.label(lang)
        return f"{self._categories[category.family].label(lang)} › {category.label(lang)}"

    def is_category(self, code: str) -> bool:
        """True for a code of this version (a retired code is not: see `retired`)."""
        return code in self._categories

    def retired(self, code: str) -> RetiredCode | None:
        """The retired category `code` (dropped by this or an earlier version), or None."""
        return self._retired.get(code)

    def retired_codes(self) -> tuple[RetiredCode, ...]:
        return tuple(self._retired.values())

    def current_category(self, code: str) -> str:
        """The code of this version `code` counts under: itself when current (or unknown),
        what a retired code maps to otherwise ('exploitation.pornography' →
        'sexual_abuse.pornography')."""
        retired = self._retired.get(code)
        return retired.maps_to if retired else code

    def map_forward(self, codes: list[str]) -> tuple[list[str], list[str]]:
        """Category codes of any version → (current codes, setting flags they stood for),
        each without repeats, in the given order. ['violence.domestic',
        'violence.physical'] → (['violence', 'violence.physical'], ['domestic'])."""
        current: dict[str, None] = {}
        settings: dict[str, None] = {}
        for code in codes:
            retired = self._retired.get(code)
            current[retired.maps_to if retired else code] = None
            settings.update(dict.fromkeys(retired.settings if retired else ()))
        return list(current), list(settings)

    def family_of(self, code: str) -> str:
        """'violence' for 'violence.physical' or 'violence' (a retired code: the family of
        the code it maps to). KeyError for unknown codes."""
        return self._categories[self.current_category(code)].family

    def is_abuse(self, code: str) -> bool:
        """True when the code falls under a Law on Children form of abuse."""
        return self._categories[self.current_category(code)].abuse

    def families(self) -> list[str]:
        return [family.code for family in self._tree]

    def categories(self) -> tuple[Category, ...]:
        """The two-level tree: families in file order, each with its `children`."""
        return self._tree

    def category(self, code: str) -> Category:
        return self._categories[code]

    def search_categories(self, text: str, limit: int | None = None) -> list[Category]:
        """Categories matching `text` folded (no tones, đ → d) over code and both labels.

        Where the words appear together at a word start ('tu tu' in 'y nghi tu tu') only
        those match; otherwise every word must start some word of the code or labels.
        """
        query = fold(text)
        if not query:
            return []
        texts = {code: self._search_text(c) for code, c in self._categories.items()}
        found = [self._categories[code] for code, t in texts.items() if f" {query}" in f" {t}"]
        if not found:
            words = query.split()
            found = [
                self._categories[code]
                for code, t in texts.items()
                if all(any(w.startswith(q) for w in t.split()) for q in words)
            ]
        return found[:limit] if limit else found

    def _search_text(self, category: Category) -> str:
        family = self._categories[category.family]
        parts = [category.code.replace("_", " "), category.vi, category.en]
        if not category.is_family:
            parts += [family.vi, family.en]
        return fold(" ".join(parts))

    def _list(self, kind: str) -> list[Item]:
        try:
            return self._lists[kind]
        except KeyError:
            raise KeyError(f"unknown taxonomy kind: {kind}") from None


def _item(row: dict[str, Any]) -> Item:
    extra = {k: v for k, v in row.items() if k not in ("code", "vi", "en")}
    return Item(code=str(row["code"]), vi=nfc(row["vi"]), en=nfc(row["en"]), extra=extra)


def _family(row: dict[str, Any]) -> Category:
    code = str(row["code"])
    abuse = bool(row.get("abuse", False))
    children = tuple(
        Category(
            code=f"{code}.{sub['code']}",
            vi=nfc(sub["vi"]),
            en=nfc(sub["en"]),
            abuse=abuse,
            family=code,
        )
        for sub in row.get("subcategories", [])
    )
    return Category(code, nfc(row["vi"]), nfc(row["en"]), abuse, code, children)


def default_taxonomy_path() -> Path:
    return resource_path("taxonomy", "taxonomy.json")


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy at `path`, or the bundled one (read once and cached)."""
    if path is None:
        return _load_default()
    return _load_path(str(Path(path).resolve()))


@cache
def _load_default() -> Taxonomy:
    return Taxonomy.from_file(default_taxonomy_path())


@cache
def _load_path(path: str) -> Taxonomy:
    return Taxonomy.from_file(path)


def code_label(kind: str, code: str | None, lang: str = "vi") -> str:
    """THE label of a taxonomy code for screens, prints and the CLI (one helper for all).

    `kind` as in taxonomy.json ("channels", "risk_levels", …, "categories"); `lang` "vi" |
    "en". A category prints as "Family › Subcategory" (a family as itself); an unknown
    code or kind (data coded with a newer taxonomy) shows as the code; no code gives ''."""
    if code is None or code == "":
        return ""
    taxonomy = load_taxonomy()
    if kind == CATEGORIES:
        return taxonomy.category_label(str(code), lang)
    return taxonomy.label(kind, str(code), lang)
