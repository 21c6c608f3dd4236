"""Charts for the yearly report: one small SVG per indicator, written by hand, deterministic.

Why hand-written SVG (docs/report.md, "Charts"): the report needs one kind of chart (points over years, a
target line, a series break), GitHub shows SVG files referenced from Markdown, browsers show SVG inline in
HTML, and a plain string is byte-for-byte reproducible and needs neither network nor a plotting library
(matplotlib would add tens of megabytes and embeds dates and random ids unless tamed). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 44, 66
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
# Colours: readable in print (grey scale distinguishable) and for common colour blindness.
INK, GRID, SERIES, TARGET, BREAK = "#222222", "#dddddd", "#1f5fa8", "#c0392b", "#7f7f7f"


@dataclass(frozen=True)
class Point:
    """One observation placed on the chart."""

    year: int
    value: float
    label: str  # the value as the reader sees it (locale format, "≥" for lower bounds)
    position: float  # where in its year the point sits, 0 (1 January) to 1 (31 December)
    segment: int  # series segment: points are joined by a line only within one segment (issue #3, series breaks)
    submitted: bool  # an agency submission (filled dot) rather than a published figure (hollow dot)


@dataclass(frozen=True)
class SeriesBreak:
    date: dt.date
    label: str


@dataclass(frozen=True)
class Labels:
    """Words drawn on the chart, already in the report's language."""

    submitted: str
    published: str
    target: str  # e.g. "Mục tiêu 2030: ≥ 65 %"
    series_break: str


@dataclass(frozen=True)
class Chart:
    """Everything one chart shows; built by the report from the status computations."""

    indicator: str
    title: str
    unit: str
    first_year: int
    last_year: int
    points: tuple[Point, ...]
    target_value: float
    target_year: int
    breaks: tuple[SeriesBreak, ...]
    labels: Labels
    ceiling: float | None = None  # the largest value the unit allows (100 for a percentage): the axis stops there


def year_position(day: dt.date) -> float:
    """Where ``day`` falls inside its year: 0.0 on 1 January, close to 1.0 on 31 December."""
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return (day - start).days / length


def nice_ticks(high: float, count: int = 5) -> list[float]:
    """Round tick values from 0 up to at least ``high`` (1, 2, 2.5 or 5 times a power of ten apart)."""
    if high <= 0:
        high = 1.0
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    top = math.ceil(high / step - 1e-9) * step
    n = round(top / step)
    return [float(round(i * step, 10)) for i in range(n + 1)]


def _num(x: float) -> str:
    # Fixed precision: coordinates print identically on every platform and Python version.
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "middle",
    size: int = 11,
    fill: str = INK,
    weight: str | None = None,
) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{bold}>'
        f"{escape(content)}</text>"
    )


# A line of the title holds at most this many characters: 13 px bold at a generous 0.7 em a character (the
# browser's font is unknown; DejaVu Sans Bold averages about 0.62 em on Vietnamese text) in the chart's width.
TITLE_LINE = 16
TITLE_CHARS = int((WIDTH - LEFT - RIGHT) / (0.7 * 13))


def title_lines(title: str) -> list[str]:
    """The title in lines of at most :data:`TITLE_CHARS` characters, broken between words only."""
    return textwrap.wrap(title, TITLE_CHARS, break_long_words=False, break_on_hyphens=False) or [""]


def within_ceiling(chart: Chart, ticks: list[float]) -> list[float]:
    """``ticks`` stopping at the unit's ceiling (100 for a percentage) when the values stay under it."""
    high = max([p.value for p in chart.points] + [chart.target_value])
    if chart.ceiling is not None and high <= chart.ceiling < ticks[-1]:
        return [t for t in ticks if t < chart.ceiling] + [chart.ceiling]
    return ticks


PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
BASE = TOP + PLOT_H  # the x axis


@dataclass(frozen=True)
class _Frame:
    """Where a year and a value fall on the plot: one band per year, values from 0 up to ``top_value``."""

    chart: Chart
    top_value: float

    @property
    def years(self) -> int:
        return self.chart.last_year - self.chart.first_year + 1

    def x_of(self, year: int, position: float) -> float:
        return LEFT + (year - self.chart.first_year + position) * (PLOT_W / self.years)

    def y_of(self, value: float) -> float:
        return TOP + PLOT_H - (value / self.top_value) * PLOT_H


def render_svg(chart: Chart, number: Callable[[float], str]) -> str:
    """The chart as a standalone SVG document (UTF-8 text ending in a newline).

    ``number`` formats axis tick values in the report's locale.
    """
    high = max([p.value for p in chart.points] + [chart.target_value])
    ticks = within_ceiling(chart, nice_ticks(high * 1.08))
    frame = _Frame(chart, ticks[-1])
    # The title wraps instead of running off the right edge (issue #12 item 4); each further line makes the
    # chart taller and moves everything under it down, so no other coordinate changes.
    title = title_lines(chart.title)
    extra = TITLE_LINE * (len(title) - 1)
    out = _heading(chart, title, HEIGHT + extra)
    if extra:
        out.append(f'<g transform="translate(0 {extra})">')
    out.append(_text(LEFT, 36, chart.unit, anchor="start", size=10, fill=BREAK))
    out.extend(_y_axis(frame, ticks, number))
    out.extend(_x_axis(frame))
    out.extend(_breaks(frame))
    out.extend(_target(frame))
    out.extend(_observations(frame))
    out.extend(_legend(chart, BASE + 36))
    if extra:
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _heading(chart: Chart, title: list[str], height: int) -> list[str]:
    """The opening ``<svg>`` element, its accessible title, the white background and the title lines."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label={quoteattr(chart.title)} font-family={quoteattr(FONT)}>',
        f"<title>{escape(chart.title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        *(
            _text(LEFT, 20 + TITLE_LINE * i, line, anchor="start", size=13, weight="bold")
            for i, line in enumerate(title)
        ),
    ]


def _y_axis(frame: _Frame, ticks: list[float], number: Callable[[float], str]) -> list[str]:
    """Grid lines and y axis labels."""
    out: list[str] = []
    for tick in ticks:
        y = frame.y_of(tick)
        out.append(
            f'<line x1="{LEFT}" y1="{_num(y)}" x2="{WIDTH - RIGHT}" y2="{_num(y)}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(_text(LEFT - 6, y + 4, number(tick), anchor="end", size=10))
    return out


def _x_axis(frame: _Frame) -> list[str]:
    """The x axis: one band per year, labelled in its middle (every other year when crowded)."""
    chart = frame.chart
    out = [
        f'<line x1="{LEFT}" y1="{_num(BASE)}" x2="{WIDTH - RIGHT}" y2="{_num(BASE)}" stroke="{INK}" stroke-width="1"/>'
    ]
    every = 1 if frame.years <= 16 else 2
    for i in range(frame.years):
        year = chart.first_year + i
        x0 = frame.x_of(year, 0)
        out.append(
            f'<line x1="{_num(x0)}" y1="{_num(BASE)}" x2="{_num(x0)}" y2="{_num(BASE + 4)}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        if (year - chart.first_year) % every == 0 or year == chart.last_year:
            out.append(_text(frame.x_of(year, 0.5), BASE + 16, str(year), size=10))
    return out


def _breaks(frame: _Frame) -> list[str]:
    """Series breaks: a dashed vertical line at the date the new series starts."""
    chart = frame.chart
    out: list[str] = []
    for brk in chart.breaks:
        if chart.first_year <= brk.date.year <= chart.last_year:
            x = frame.x_of(brk.date.year, year_position(brk.date))
            out.append(
                f'<line x1="{_num(x)}" y1="{TOP}" x2="{_num(x)}" y2="{_num(BASE)}" stroke="{BREAK}" '
                'stroke-width="1.5" stroke-dasharray="2 3"/>'
            )
    return out


def _target(frame: _Frame) -> list[str]:
    """The target: a dashed horizontal line and a marker in the target year."""
    chart = frame.chart
    ty = frame.y_of(chart.target_value)
    in_range = chart.first_year <= chart.target_year <= chart.last_year
    tx = frame.x_of(chart.target_year, 0.5) if in_range else WIDTH - RIGHT
    return [
        f'<line x1="{LEFT}" y1="{_num(ty)}" x2="{WIDTH - RIGHT}" y2="{_num(ty)}" stroke="{TARGET}" '
        'stroke-width="1.5" stroke-dasharray="6 4"/>',
        f'<path d="M {_num(tx)} {_num(ty - 6)} L {_num(tx + 6)} {_num(ty)} L {_num(tx)} {_num(ty + 6)} '
        f'L {_num(tx - 6)} {_num(ty)} Z" fill="{TARGET}"/>',
    ]


def _observations(frame: _Frame) -> list[str]:
    """Observations: joined within a segment, never across a series break; each dot with its value label."""
    points = sorted(frame.chart.points, key=lambda p: (p.segment, p.year, p.position))
    out: list[str] = []
    for segment in sorted({p.segment for p in points}):
        members = [p for p in points if p.segment == segment]
        if len(members) > 1:
            path = " ".join(
                f"{'M' if i == 0 else 'L'} {_num(frame.x_of(p.year, p.position))} {_num(frame.y_of(p.value))}"
                for i, p in enumerate(members)
            )
            out.append(f'<path d="{path}" fill="none" stroke="{SERIES}" stroke-width="2"/>')
    previous: tuple[float, bool] | None = None  # x of the last label and whether it went below its point
    for p in sorted(points, key=lambda p: (p.year, p.position)):
        x, y = frame.x_of(p.year, p.position), frame.y_of(p.value)
        fill = SERIES if p.submitted else "#ffffff"
        out.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill="{fill}" stroke="{SERIES}" stroke-width="2"/>')
        # Labels of close neighbours alternate above and below their points so that they do not overlap.
        below = previous is not None and x - previous[0] < 6 * len(p.label) and not previous[1]
        # Near the edges a label is anchored inwards so that it stays inside the plot.
        half = 2.8 * len(p.label)
        anchor, lx = (
            ("start", x - 6) if x - half < LEFT else ("end", x + 6) if x + half > WIDTH - RIGHT else ("middle", x)
        )
        out.append(_text(lx, y + 17 if below else y - 9, p.label, anchor=anchor, size=10, fill=SERIES))
        previous = (x, below)
    return out


def _legend(chart: Chart, y: float) -> list[str]:
    """The legend under the axis: submitted, published, target, series break (wrapping onto a second line)."""

    def dot(fill: str) -> Callable[[float, float], str]:
        return lambda x, y: (
            f'<circle cx="{_num(x + 4)}" cy="{_num(y - 4)}" r="4" fill="{fill}" stroke="{SERIES}" stroke-width="2"/>'
        )

    def target(x: float, y: float) -> str:
        return (
            f'<line x1="{_num(x - 4)}" y1="{_num(y - 4)}" x2="{_num(x + 12)}" y2="{_num(y - 4)}" stroke="{TARGET}" '
            'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )

    def series_break(x: float, y: float) -> str:
        return (
            f'<line x1="{_num(x + 4)}" y1="{_num(y - 11)}" x2="{_num(x + 4)}" y2="{_num(y + 3)}" stroke="{BREAK}" '
            'stroke-width="1.5" stroke-dasharray="2 3"/>'
        )

    items: list[tuple[Callable[[float, float], str], str]] = [
        (dot(SERIES), chart.labels.submitted),
        (dot("#ffffff"), chart.labels.published),
        (target, chart.labels.target),
    ]
    if any(chart.first_year <= b.date.year <= chart.last_year for b in chart.breaks):
        items.append((series_break, chart.labels.series_break))
    out: list[str] = []
    x = float(LEFT)
    for symbol, label in items:
        # A rough width estimate is enough: labels are short; an item that would overflow starts a second line.
        width = 28 + 5.6 * len(label)
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, y = float(LEFT), y + 16
        out.append(symbol(x, y))
        out.append(_text(x + 18, y, label, anchor="start", size=10))
        x += width
    return out
