"""The labelled tables a statistics report prints: lines of counts per month, grouped in
sections. Built from the raw counts of `desktop.domain.counts`; no SQL, no store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from desktop.reports import labels

Counts = tuple[int, ...]


@dataclass
class Line:
    code: str
    label: str
    counts: Counts  # one per month, in the order of the report's months


@dataclass
class Section:
    key: str
    title: str
    unit: str
    lines: list[Line] = field(default_factory=list)
    chart: str | None = None  # "bar" | "pie" | None
    note: str = ""

    def line(self, code: str) -> Line | None:
        return next((line for line in self.lines if line.code == code), None)


def lines_from(
    counts: dict[str, list[int]],
    label_of: Callable[[str], str],
    width: int,
    always: Sequence[str] = (),
    top: int | None = None,
    other_label: str = "Khác",
) -> list[Line]:
    """Lines in a stable order: `always` codes first (even when zero), then the rest by
    the size of the first month; past `top`, the remainder is summed into one line."""
    ordered = [code for code in always]
    rest = sorted(
        (c for c in counts if c not in always), key=lambda c: (-counts[c][0], -sum(counts[c]), c)
    )
    ordered += rest
    lines = []
    for code in ordered:
        values = counts.get(code) or [0] * width
        lines.append(Line(code, label_of(code), tuple(values)))
    if top is not None and len(lines) > top:
        kept, dropped = lines[:top], lines[top:]
        summed = tuple(sum(line.counts[i] for line in dropped) for i in range(width))
        kept.append(Line("_other", other_label, summed))
        lines = kept
    return lines


def zero_lines(codes: Sequence[str], label_of: Callable[[str], str], width: int) -> list[Line]:
    return [Line(code, label_of(code), (0,) * width) for code in codes]


def sex_age_label(code: str) -> str:
    sex, _, group = code.partition(":")
    return f"{labels.SEX.get(sex, labels.UNKNOWN)}, {labels.AGE_GROUP_LABEL.get(group, labels.UNKNOWN).lower()}"


SEX_AGE_ORDER = tuple(
    f"{sex}:{group}" for sex in ("F", "M") for group, _ in labels.AGE_GROUPS if group != "unknown"
)
