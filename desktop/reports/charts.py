"""Charts where a reader would rather look than read: grouped bars and pies (ReportLab
graphics, drawn with the bundled font so Vietnamese labels print right)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from desktop.domain.text import nfc
from desktop.reports.fonts import BOLD, FAMILY, register_fonts

PALETTE = [
    colors.HexColor(c)
    for c in (
        "#1F4E79",
        "#9DC3E6",
        "#C9C9C9",
        "#ED7D31",
        "#70AD47",
        "#FFC000",
        "#5B9BD5",
        "#A5A5A5",
        "#7030A0",
        "#C00000",
    )
]


def _short(label: str, limit: int = 34) -> str:
    label = nfc(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def grouped_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[Sequence[int]],
    series_names: Sequence[str],
    width: float,
) -> Drawing:
    """Horizontal bars, one group per label, one bar per series (e.g. the three months)."""
    register_fonts()
    bar_height = 6 if len(series) > 1 else 9
    group = bar_height * len(series) + 6
    plot_height = max(group * len(labels), 30)
    height = plot_height + 48
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, nfc(title), fontName=BOLD, fontSize=9))
    chart = HorizontalBarChart()
    chart.x = 150
    chart.y = 28
    chart.width = width - 170
    chart.height = plot_height
    # ReportLab draws the first category at the bottom; reverse so the order reads as the table.
    chart.data = [list(reversed(values)) for values in series]
    chart.categoryAxis.categoryNames = [_short(label) for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = FAMILY
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = FAMILY
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max((max(values) for values in series if values), default=0)
    chart.valueAxis.valueMax = max(top, 1) * 1.1
    chart.valueAxis.valueStep = _nice_step(max(top, 1))
    chart.barSpacing = 0.5
    chart.groupSpacing = 4
    for i in range(len(series)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.fontName = FAMILY
        legend.fontSize = 7
        legend.x = 150
        legend.y = 8
        legend.dx = legend.dy = 6
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 90
        legend.colorNamePairs = [
            (PALETTE[i % len(PALETTE)], nfc(name)) for i, name in enumerate(series_names)
        ]
        drawing.add(legend)
    return drawing


def pie(title: str, labels: Sequence[str], values: Sequence[int], width: float) -> Drawing:
    """A pie of the parts of one total, with a legend giving count and share."""
    register_fonts()
    parts = [(label, value) for label, value in zip(labels, values, strict=True) if value > 0]
    total = sum(value for _, value in parts) or 1
    height = max(140, 14 * len(parts) + 40)
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, nfc(title), fontName=BOLD, fontSize=9))
    chart = Pie()
    chart.x, chart.y = 20, 12
    chart.width = chart.height = min(110, height - 30)
    chart.data = [value for _, value in parts]
    chart.labels = None
    chart.slices.strokeColor = colors.white
    chart.slices.strokeWidth = 0.5
    for i in range(len(parts)):
        chart.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(chart)
    legend = Legend()
    legend.fontName = FAMILY
    legend.fontSize = 7.5
    legend.x = 150
    legend.y = height - 24
    legend.dx = legend.dy = 7
    legend.alignment = "right"
    legend.columnMaximum = len(parts) or 1
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], f"{_short(label, 48)}: {value} ({value * 100 / total:.0f}%)")
        for i, (label, value) in enumerate(parts)
    ]
    drawing.add(legend)
    return drawing


def _nice_step(top: float) -> float:
    raw = top / 5
    magnitude = 10 ** max(len(str(int(raw))) - 1, 0)
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(factor * magnitude, 1)
    return 10 * magnitude
