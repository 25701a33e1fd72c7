"""Charts where a reader would rather look than read: bars, time columns and pies, drawn
with ReportLab graphics in the bundled font so Vietnamese labels print right.

Rules every chart keeps (issue 14):
- the legend is a table beside or under the drawing, never drawn over it, so it can never
  run into the text around it;
- no colour repeats within one chart, and the palette's colours differ in lightness, so a
  chart still reads when printed in greyscale;
- parts too small to see are grouped as "Khác" (other);
- a chart never asks for more room than a page has: `Fitted` scales it down to the frame.

Every function returns one flowable (drawing and legend together), for the caller to keep
on the page of its table (`KeepTogether`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from desktop.reports.fonts import FAMILY, register_fonts
from desktop.reports.pdf import FRAME_HEIGHT, plain_text, styles, text

OTHER = "Khác"

# Eight colours whose grey values (0.299 R + 0.587 G + 0.114 B) are spread from 30 to 234,
# in an order where neighbours differ most; the neutral grey is kept for "Khác".
PALETTE = [
    colors.HexColor(c)
    for c in (
        "#081D58",  # navy, grey 30
        "#F46D43",  # orange, grey 145
        "#2166AC",  # blue, grey 89
        "#FFEDA0",  # pale yellow, grey 234
        "#A6142C",  # dark red, grey 66
        "#B8A2D0",  # lavender, grey 174
        "#35A35A",  # green, grey 122
    )
]
OTHER_COLOUR = colors.HexColor("#CBCBCB")  # grey 203
# Series of one bar chart (this month, the month before, a year before): dark, mid, light.
SERIES = [PALETTE[0], PALETTE[1], PALETTE[3], PALETTE[5]]
OUTLINE = colors.HexColor("#404040")
MAX_PARTS = 7  # slices before the rest becomes "Khác"
MIN_SHARE = 0.03  # a slice under 3% is hard to see


@dataclass(frozen=True)
class Part:
    """One slice of a pie or one line of a legend."""

    label: str
    value: int
    colour: colors.Color


def colour(i: int) -> colors.Color:
    """The i-th colour of one chart; a chart with more parts than colours is a bug
    (`group_small` keeps pies within the palette)."""
    if i >= len(PALETTE):
        raise ValueError(f"a chart has at most {len(PALETTE)} colours")
    return PALETTE[i]


def group_small(
    labels: Sequence[str],
    values: Sequence[int],
    *,
    max_parts: int = MAX_PARTS,
    min_share: float = MIN_SHARE,
) -> list[Part]:
    """The parts of a total worth showing, largest first, the rest summed as "Khác".

    Zero values are left out. A part is grouped when it is beyond the `max_parts` largest or
    under `min_share` of the total, but only when at least two would be grouped (one small
    part is shown under its own name)."""
    pairs = sorted(
        ((plain_text(label), value) for label, value in zip(labels, values, strict=True)),
        key=lambda pair: -pair[1],
    )
    pairs = [(label, value) for label, value in pairs if value > 0]
    total = sum(value for _, value in pairs)
    shown = [
        (label, value)
        for i, (label, value) in enumerate(pairs)
        if i < max_parts and value >= total * min_share
    ]
    rest = pairs[len(shown) :]
    if len(rest) == 1:
        shown, rest = pairs[: len(shown) + 1], []
        if len(shown) > max_parts:  # the single rest would push us past the palette
            shown, rest = pairs[: max_parts - 1], pairs[max_parts - 1 :]
    parts = [Part(label, value, colour(i)) for i, (label, value) in enumerate(shown)]
    if rest:
        parts.append(Part(OTHER, sum(value for _, value in rest), OTHER_COLOUR))
    return parts


# ---------------------------------------------------------------- a drawing that fits


class Fitted(Flowable):
    """A drawing scaled down to the width it is given and, when it is taller than a whole
    page's frame, to that height (a chart then fits on a fresh page instead of failing
    with LayoutError)."""

    # Room for the cell padding and a title row of the `_stack` it sits in: a stack's row
    # cannot split, so the row, not only the drawing, must fit an empty page.
    def __init__(self, drawing: Drawing, max_height: float = FRAME_HEIGHT - 40) -> None:
        super().__init__()
        self.drawing = drawing
        self.max_height = max_height
        self.scale = 1.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.drawing.width, self.drawing.height
        self.scale = min(1.0, avail_width / width, self.max_height / height)
        return width * self.scale, height * self.scale

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        self.drawing.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


# ---------------------------------------------------------------- legends as tables


def _swatch(fill: colors.Color, size: float = 7) -> Drawing:
    drawing = Drawing(size, size)
    drawing.add(Rect(0, 0, size, size, fillColor=fill, strokeColor=OUTLINE, strokeWidth=0.3))
    return drawing


def legend_table(
    entries: Sequence[tuple[colors.Color, str]], width: float, columns: int = 1
) -> Table:
    """Colour swatch and label, in `columns` columns (labels wrap, never overlap)."""
    style = styles()["small"]
    cells = [[_swatch(fill), Paragraph(text(label), style)] for fill, label in entries]
    rows = [sum(cells[i : i + columns], []) for i in range(0, len(cells), columns)]
    if rows and len(rows[-1]) < 2 * columns:
        rows[-1] += [""] * (2 * columns - len(rows[-1]))
    column = width / columns
    table = Table(rows, colWidths=[12, column - 12] * columns, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _stack(items: Sequence[Flowable], width: float) -> Table:
    """Flowables one under another as one unsplittable block."""
    table = Table([[item] for item in items], colWidths=[width], hAlign="LEFT")
    table.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)])
    )
    return table


# ---------------------------------------------------------------- the charts


def pie(title: str, labels: Sequence[str], values: Sequence[int], width: float) -> Flowable:
    """A pie of the parts of one total; its legend (count and share) is a table beside it."""
    register_fonts()
    parts = group_small(labels, values)
    total = sum(part.value for part in parts) or 1
    size = 110.0
    drawing = Drawing(size + 10, size + 10)
    chart = Pie()
    chart.x = chart.y = 5
    chart.width = chart.height = size
    chart.data = [part.value for part in parts] or [1]
    chart.labels = None
    chart.slices.strokeColor = OUTLINE
    chart.slices.strokeWidth = 0.4
    for i, part in enumerate(parts):
        chart.slices[i].fillColor = part.colour
    drawing.add(chart)
    legend = legend_table(
        [
            (part.colour, f"{part.label}: {part.value} ({part.value * 100 / total:.0f}%)")
            for part in parts
        ],
        width - drawing.width - 16,
    )
    row = Table(
        [[Fitted(drawing), legend]], colWidths=[drawing.width + 16, width - drawing.width - 16]
    )
    row.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return _titled(title, row, width)


def grouped_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[Sequence[int]],
    series_names: Sequence[str],
    width: float,
) -> Flowable:
    """Horizontal bars, one group per label, one bar per series (e.g. the three months);
    the series' legend is a table under the drawing."""
    register_fonts()
    if len(series) > len(SERIES):
        raise ValueError("too many series for one chart")
    label_width = min(170.0, width * 0.36)
    bar = 4.5 if len(series) > 1 else 8.0
    plot_height = max((bar * len(series) + 4) * len(labels), 30)
    height = plot_height + 22
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 16
    chart.width = width - label_width - 12
    chart.height = plot_height
    # ReportLab draws the first category, and the first series of a group, at the bottom:
    # reverse both so the chart reads top-down like the table and the legend.
    chart.data = [list(reversed(values)) for values in reversed(series)]
    chart.categoryAxis.categoryNames = [_short(label, label_width) for label in reversed(labels)]
    _style_axes(chart, series, reverse=True)
    chart.barSpacing = 0.3
    chart.groupSpacing = 4
    drawing.add(chart)
    items: list[Flowable] = [Fitted(drawing)]
    if len(series) > 1:
        entries = [(SERIES[i], name) for i, name in enumerate(series_names)]
        items.append(legend_table(entries, width, columns=len(series)))
    return _titled(title, _stack(items, width), width)


def time_columns(
    title: str,
    labels: Sequence[str],
    series: Sequence[Sequence[int]],
    series_names: Sequence[str],
    width: float,
    height: float = 190.0,
) -> Flowable:
    """Vertical columns over time (months, quarters or years), a fixed height whatever the
    number of periods: labels turn upright when they would collide."""
    register_fonts()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    slot = (width - 50) / max(len(labels), 1)
    upright = slot < 34
    chart.x, chart.y = 36, 58 if upright else 22
    chart.width = width - 50
    chart.height = height - chart.y - 8
    chart.data = [list(values) for values in series]
    chart.categoryAxis.categoryNames = [plain_text(label) for label in labels]
    chart.categoryAxis.labels.angle = 90 if upright else 0
    chart.categoryAxis.labels.boxAnchor = "e" if upright else "n"
    chart.categoryAxis.labels.dy = 0 if upright else -2
    _style_axes(chart, series)
    chart.barSpacing = 0.5
    chart.groupSpacing = max(1.0, slot * 0.2)
    drawing.add(chart)
    items: list[Flowable] = [Fitted(drawing)]
    if len(series) > 1:
        entries = [(SERIES[i], name) for i, name in enumerate(series_names)]
        items.append(legend_table(entries, width, columns=len(series)))
    return _titled(title, _stack(items, width), width)


def _style_axes(
    chart: HorizontalBarChart | VerticalBarChart,
    series: Sequence[Sequence[int]],
    *,
    reverse: bool = False,
) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = FAMILY
        axis.labels.fontSize = 7
    if isinstance(chart, HorizontalBarChart):
        chart.categoryAxis.labels.boxAnchor = "e"
    top = max((max(values) for values in series if len(values)), default=0)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_top(max(top, 1))
    chart.valueAxis.valueStep = _nice_step(max(top, 1))
    for i in range(len(series)):
        chart.bars[i].fillColor = SERIES[len(series) - 1 - i if reverse else i]
        chart.bars[i].strokeColor = OUTLINE
        chart.bars[i].strokeWidth = 0.25


def _titled(title: str, body: Flowable, width: float) -> Flowable:
    if not title:
        return body
    return _stack([Paragraph(text(title), styles()["head"]), body], width)


def _short(label: str, room: float, font_size: float = 7) -> str:
    """A category label cut to the room left of the bars (about 0.55 em per letter)."""
    label = plain_text(label).replace("\n", " ")
    limit = max(int(room / (font_size * 0.55)) - 1, 8)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _nice_step(top: float) -> float:
    raw = top / 5
    magnitude = 10 ** max(len(str(int(raw))) - 1, 0)
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(factor * magnitude, 1)
    return 10 * magnitude


def _nice_top(top: float) -> float:
    step = _nice_step(top)
    return step * (int(top // step) + 1)
