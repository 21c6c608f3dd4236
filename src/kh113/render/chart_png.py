"""Charts of the Word report as PNG (issue #12 item 3), drawn by matplotlib from the same :class:`Chart`
as the SVG of the Markdown and HTML reports (render/charts.py).

Why matplotlib here: Word holds raster images everywhere (SVG only in recent versions, with a PNG
fallback), and laying text out in a bitmap — wrapping titles, measuring labels, serif glyphs with
Vietnamese diacritics — is what a plotting library does well and a hand-written rasteriser would not.
matplotlib ships self-contained wheels with an embedded serif font (DejaVu Serif), draws on its own Agg
canvas (no display, no global pyplot state) and, given the same data and fonts, the same bytes: the PNG
carries no date or software stamp. It is imported only when a Word report is made.

Readability rules of issue #12: Times New Roman where the system has it (else a metric-compatible serif,
else the embedded one); the title wraps instead of being cut; value labels sit on an opaque box above the
lines, so neither the target line nor a series break ever crosses one.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from functools import cache

from .charts import BREAK, GRID, INK, SERIES, TARGET, Chart, nice_ticks, year_position

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


def wrapped(title: str, width: int = 78) -> str:
    """The title on as many lines as it needs (issue #12: a title was cut at the chart's edge)."""
    return textwrap.fill(title, width, break_long_words=False, break_on_hyphens=False)


def render_png(chart: Chart, number: Callable[[float], str]) -> bytes:
    """The chart as PNG bytes; ``number`` formats the axis ticks in the report's locale."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    words = (chart.title, chart.unit, *vars(chart.labels).values(), *(p.label for p in chart.points))
    ticks = nice_ticks(max([p.value for p in chart.points] + [chart.target_value]) * 1.12)
    font = serif((*words, *(number(t) for t in ticks), "0123456789"))
    with rc_context({"font.family": font, "font.size": 9, "path.simplify": False}):
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        title = wrapped(chart.title)
        figure.text(0.01, 0.985, title, ha="left", va="top", fontsize=10.5, fontweight="bold", color=INK)
        lines = title.count("\n") + 1
        top = 0.86 - 0.065 * (lines - 1)
        axes = figure.add_axes((0.09, 0.25, 0.89, top - 0.25))
        if chart.unit:
            axes.set_ylabel(chart.unit, color=INK)

        high = max([p.value for p in chart.points] + [chart.target_value])
        if chart.ceiling is not None and high <= chart.ceiling < ticks[-1]:
            ticks = [t for t in ticks if t < chart.ceiling] + [chart.ceiling]
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

        # Lines first, labels last: a label's opaque box lies over every line (zorder).
        axes.axhline(chart.target_value, color=TARGET, linestyle=(0, (6, 4)), linewidth=1.2, zorder=1)
        target_x = chart.target_year + 0.5 if chart.first_year <= chart.target_year <= chart.last_year else None
        if target_x is not None:
            axes.plot([target_x], [chart.target_value], marker="D", color=TARGET, markersize=5, zorder=3)
        shown_breaks = [b for b in chart.breaks if chart.first_year <= b.date.year <= chart.last_year]
        for brk in shown_breaks:
            x = brk.date.year + year_position(brk.date)
            axes.axvline(x, color=BREAK, linestyle=(0, (2, 3)), linewidth=1.2, zorder=1)
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
        span = ticks[-1]
        previous: tuple[float, bool] | None = None
        for p in sorted(points, key=lambda p: (p.year, p.position)):
            x = p.year + p.position
            axes.plot(
                [x], [p.value], marker="o", markersize=5, color=SERIES,
                markerfacecolor=SERIES if p.submitted else "white", zorder=4, clip_on=False,
            )  # fmt: skip
            # Close neighbours alternate above and below their points; near a line the box covers it.
            below = previous is not None and x - previous[0] < 0.9 and not previous[1]
            offset = -0.09 * span if below else 0.07 * span
            halign = "left" if x - chart.first_year < 0.6 else "right" if chart.last_year + 1 - x < 0.6 else "center"
            axes.text(
                x, p.value + offset, p.label, ha=halign, va="center", fontsize=8, color=SERIES, zorder=6,
                bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            )  # fmt: skip
            previous = (x, below)

        handles = [
            Line2D([], [], marker="o", color=SERIES, markerfacecolor=SERIES, linestyle="none"),
            Line2D([], [], marker="o", color=SERIES, markerfacecolor="white", linestyle="none"),
            Line2D([], [], color=TARGET, linestyle=(0, (6, 4))),
        ]
        labels = [chart.labels.submitted, chart.labels.published, chart.labels.target]
        if shown_breaks:
            handles.append(Line2D([], [], color=BREAK, linestyle=(0, (2, 3))))
            labels.append(chart.labels.series_break)
        figure.legend(
            handles, labels, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=2, frameon=False, fontsize=8,
            handlelength=2.2, columnspacing=1.5,
        )  # fmt: skip
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()
