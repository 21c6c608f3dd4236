"""Charts of the Word report as PNG (issue #12 item 3), drawn by matplotlib from the same :class:`Chart`
as the SVG of the Markdown and HTML reports (render/charts.py).

Why matplotlib here: Word holds raster images everywhere (SVG only in recent versions, with a PNG
fallback), and laying text out in a bitmap — wrapping titles, measuring labels, serif glyphs with
Vietnamese diacritics — is what a plotting library does well and a hand-written rasteriser would not.
matplotlib ships self-contained wheels with an embedded serif font (DejaVu Serif), draws on its own Agg
canvas (no display, no global pyplot state) and, given the same data and fonts, the same bytes: the PNG
carries no date or software stamp. It is imported only when a Word report is made.

Readability rules of issue #12: Times New Roman where the system has it (else a metric-compatible serif,
else the embedded one); the title wraps at its measured width instead of being cut; the y axis and its unit
fit inside the figure; value labels sit on an opaque box above the lines, so neither the target line nor a
series break ever crosses one, each where it covers no other label and no marker (measured extents).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from .charts import BREAK, GRID, INK, SERIES, TARGET, Chart, nice_ticks, within_ceiling, year_position

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SERIFS = ("Times New Roman", "Liberation Serif", "Tinos", "Nimbus Roman", "DejaVu Serif")
WIDTH_IN, HEIGHT_IN, DPI = 6.3, 3.2, 150  # 16 cm wide (the text width of the page), 150 dpi in print


@cache
def _charmap(name: str) -> frozenset[int]:
    """The characters font ``name`` has; empty when the system has no such font."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    try:
        path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    except ValueError:
        return frozenset()
    return frozenset(FT2Font(path).get_charmap())


def serif(texts: tuple[str, ...]) -> str:
    """The first of :data:`SERIFS` that has every character of ``texts`` (Vietnamese needs its own
    precomposed letters, which older Liberation fonts lack); DejaVu Serif, shipped with matplotlib, has them."""
    needed = {ord(c) for text in texts for c in text if not c.isspace()}
    return next((name for name in SERIFS if needed <= _charmap(name)), "DejaVu Serif")


def wrapped(title: str, fits: Callable[[str], bool]) -> str:
    """The title on as many lines as it needs, each line as many words as ``fits`` (its measured width)
    allows (issue #12: a title wrapped at a fixed 78 characters was still cut at the chart's edge)."""
    lines: list[str] = []
    for word in title.split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _extent(artist: Any, renderer: Any, pad: float = 0.0) -> Box:
    box = artist.get_window_extent(renderer)
    return (box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)


def _style(chart: Chart, number: Callable[[float], str]) -> Any:  # matplotlib types rc keys as literals
    """The font (a serif with every letter drawn) and sizes of ``chart``."""
    words = (chart.title, chart.unit, *vars(chart.labels).values(), *(p.label for p in chart.points))
    font = serif((*words, *(number(t) for t in _ticks(chart)), "0123456789"))
    return {"font.family": font, "font.size": 9, "path.simplify": False}


def _ticks(chart: Chart) -> list[float]:
    return nice_ticks(max([p.value for p in chart.points] + [chart.target_value]) * 1.12)


def render_png(chart: Chart, number: Callable[[float], str]) -> bytes:
    """The chart as PNG bytes; ``number`` formats the axis ticks in the report's locale."""
    from matplotlib import rc_context

    with rc_context(_style(chart, number)):
        figure = figure_of(chart, number)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def figure_of(chart: Chart, number: Callable[[float], str]) -> Figure:
    """The chart laid out on a matplotlib figure of its own (no pyplot state), ready to be saved."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with rc_context(_style(chart, number)):
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg's: measures text
        top = _title(figure, renderer, chart) - 0.06
        axes = _axes(figure, chart, number, top)
        _fit_y_axis(axes, renderer, top)
        # Lines first, labels last: a label's opaque box lies over every line (zorder).
        shown_breaks = _reference_lines(axes, chart)
        ordered, markers = _series(axes, chart)
        _place_labels(axes, renderer, ordered, markers, chart)
        _legend(figure, chart, with_break=bool(shown_breaks))
        figure.canvas.draw()  # every tick label made now, in this font
    return figure


def _title(figure: Figure, renderer: Any, chart: Chart) -> float:
    """Draws the title and returns its bottom edge (a fraction of the figure's height)."""
    full = WIDTH_IN * DPI
    # The title wraps at its measured width: never wider than the figure, whatever the font and letters.
    heading = figure.text(0.01, 0.985, "", ha="left", va="top", fontsize=10.5, fontweight="bold", color=INK)

    def fits(line: str) -> bool:
        heading.set_text(line)
        return _extent(heading, renderer)[2] <= full * 0.99

    heading.set_text(wrapped(chart.title, fits))
    return _extent(heading, renderer)[1] / (HEIGHT_IN * DPI)


def _axes(figure: Figure, chart: Chart, number: Callable[[float], str], top: float) -> Any:
    """The plot under the title: the unit, y ticks up to the ceiling, a tick in the middle of each year."""
    axes = figure.add_axes((0.09, 0.25, 0.89, top - 0.25))
    if chart.unit:
        axes.set_ylabel(chart.unit, color=INK)
    ticks = within_ceiling(chart, _ticks(chart))
    axes.set_ylim(0, ticks[-1] * 1.04)
    axes.set_yticks(ticks, [number(t) for t in ticks])
    axes.set_xlim(chart.first_year - 0.1, chart.last_year + 1.1)  # a point on 1 January stays whole
    years = list(range(chart.first_year, chart.last_year + 1))
    every = 1 if len(years) <= 16 else 2
    shown = [y for y in years if (y - chart.first_year) % every == 0 or y == chart.last_year]
    axes.set_xticks([y + 0.5 for y in shown], [str(y) for y in shown])
    axes.tick_params(length=0, colors=INK)
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    return axes


def _fit_y_axis(axes: Any, renderer: Any, top: float) -> None:
    """The y axis (tick labels and the unit) fits in the figure: wide figures ("50.000") move the plot
    right rather than push the unit off the left edge (issue #12: it was clipped to a stray glyph)."""
    spine = axes.yaxis.get_tightbbox(renderer)
    left = spine.x0 if spine is not None else 4.0
    if left < 4:
        shift = (4 - left) / (WIDTH_IN * DPI)
        axes.set_position((0.09 + shift, 0.25, 0.89 - shift, top - 0.25))


def _reference_lines(axes: Any, chart: Chart) -> list[Any]:
    """The target line (with its marker in the target year) and the series breaks shown; returns those breaks."""
    axes.axhline(chart.target_value, color=TARGET, linestyle=(0, (6, 4)), linewidth=1.2, zorder=1)
    target_x = chart.target_year + 0.5 if chart.first_year <= chart.target_year <= chart.last_year else None
    if target_x is not None:
        axes.plot([target_x], [chart.target_value], marker="D", color=TARGET, markersize=5, zorder=3)
    shown_breaks = [b for b in chart.breaks if chart.first_year <= b.date.year <= chart.last_year]
    for brk in shown_breaks:
        x = brk.date.year + year_position(brk.date)
        axes.axvline(x, color=BREAK, linestyle=(0, (2, 3)), linewidth=1.2, zorder=1)
    return shown_breaks


def _series(axes: Any, chart: Chart) -> tuple[list[Any], list[Any]]:
    """The observations, joined within a segment; returns the points in date order and their markers."""
    points = sorted(chart.points, key=lambda p: (p.segment, p.year, p.position))
    for segment in sorted({p.segment for p in points}):
        members = [p for p in points if p.segment == segment]
        axes.plot(
            [p.year + p.position for p in members],
            [p.value for p in members],
            color=SERIES,
            linewidth=1.6,
            zorder=2,
        )
    markers = []
    ordered = sorted(points, key=lambda p: (p.year, p.position))
    for p in ordered:
        (dot,) = axes.plot(
            [p.year + p.position], [p.value], marker="o", markersize=5, color=SERIES,
            markerfacecolor=SERIES if p.submitted else "white", zorder=4, clip_on=False,
        )  # fmt: skip
        markers.append(dot)
    return ordered, markers


def _legend(figure: Figure, chart: Chart, *, with_break: bool) -> None:
    """The legend under the plot: submitted, published, target and (when one is shown) series break."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", color=SERIES, markerfacecolor=SERIES, linestyle="none"),
        Line2D([], [], marker="o", color=SERIES, markerfacecolor="white", linestyle="none"),
        Line2D([], [], color=TARGET, linestyle=(0, (6, 4))),
    ]
    labels = [chart.labels.submitted, chart.labels.published, chart.labels.target]
    if with_break:
        handles.append(Line2D([], [], color=BREAK, linestyle=(0, (2, 3))))
        labels.append(chart.labels.series_break)
    figure.legend(
        handles, labels, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=2, frameon=False, fontsize=8,
        handlelength=2.2, columnspacing=1.5,
    )  # fmt: skip


def _place_labels(axes: Any, renderer: Any, points: list[Any], markers: list[Any], chart: Chart) -> None:
    """Each value label beside its point where it covers no other label and no marker (issue #12: 40.982
    sat on 38.000 and hid the 2020 marker). Candidates, nearest first: above, below, then further above
    and below; the first free one is taken, else the least covered. Measured, so the same for every font."""
    figure = axes.figure
    frame = _extent(axes, renderer)
    taken: list[Box] = [_extent(m, renderer, pad=2) for m in markers]
    gaps = (9.0, -9.0, 21.0, -21.0, 33.0, -33.0)  # points; the label's centre above (+) or below its marker
    for p in points:
        x, y = p.year + p.position, p.value
        halign = "left" if x - chart.first_year < 0.6 else "right" if chart.last_year + 1 - x < 0.6 else "center"
        label = axes.text(
            x, y, p.label, ha=halign, va="center", fontsize=8, color=SERIES, zorder=6,
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )  # fmt: skip
        best: tuple[float, float] | None = None
        for gap in gaps:
            label.set_position((x, y))
            label.set_transform(axes.transData + _shift(figure, gap))
            box = _extent(label, renderer, pad=2)
            inside = box[3] <= frame[3] + 14 and box[1] >= frame[1]
            cover = sum(_overlap(box, other) for other in taken) + (0.0 if inside else 1e9)
            if best is None or cover < best[0]:
                best = (cover, gap)
            if cover == 0.0:
                break
        assert best is not None
        label.set_transform(axes.transData + _shift(figure, best[1]))
        taken.append(_extent(label, renderer, pad=2))


def _shift(figure: Any, points: float) -> Any:
    """A vertical offset of ``points`` (1/72 in) in display space."""
    from matplotlib.transforms import ScaledTranslation

    return ScaledTranslation(0, points / 72, figure.dpi_scale_trans)
