"""Charts of the yearly report: deterministic, valid SVG, honest about series breaks (issue #5)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from kh113.render.charts import LEFT, Chart, Labels, Point, SeriesBreak, nice_ticks, render_svg, year_position

SVG = "{http://www.w3.org/2000/svg}"
BREAK = dt.date(2025, 7, 1)


def chart(
    points: tuple[Point, ...],
    *,
    title: str = "Tỷ lệ tham gia BHYT",
    target: float = 95.0,
    ceiling: float | None = 100.0,
) -> Chart:
    return Chart(
        indicator="bhyt-tham-gia",
        title=title,
        unit="%",
        first_year=2016,
        last_year=2030,
        points=points,
        target_value=target,
        target_year=2030,
        breaks=(SeriesBreak(BREAK, "merger"),),
        labels=Labels("Số liệu cơ quan báo cáo", "Số liệu đã công bố", "Mục tiêu 2030: ≥ 95 %", "Gián đoạn 01/07/2025"),
        ceiling=ceiling,
    )


def point(year: int, value: float, segment: int = 0, submitted: bool = False, position: float = 0.5) -> Point:
    return Point(year, value, f"{value:g} %", position, segment, submitted)


BHYT = (point(2016, 81.5), point(2022, 88.98), point(2024, 90.1, submitted=True), point(2025, 92.0, 1, True, 0.75))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def axis_labels(root: ET.Element) -> list[str]:
    """The y axis tick labels: right-aligned just left of the plot."""
    return [t.text for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "end" and float(t.get("x")) < LEFT]


def test_same_data_gives_the_same_bytes() -> None:
    assert render_svg(chart(BHYT), str) == render_svg(chart(BHYT), str)


def test_svg_is_well_formed_with_a_title_and_one_dot_per_figure() -> None:
    root = parse(render_svg(chart(BHYT), str))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Tỷ lệ tham gia BHYT"
    # 4 figures + 2 legend dots
    assert len(root.findall(f"{SVG}circle")) == len(BHYT) + 2
    filled = [c for c in root.findall(f"{SVG}circle") if c.get("fill") != "#ffffff"]
    assert len(filled) == 2 + 1  # the two submitted figures and the legend's filled dot


def test_points_are_not_joined_across_a_series_break() -> None:
    root = parse(render_svg(chart(BHYT), str))
    lines = [p for p in root.findall(f"{SVG}path") if p.get("fill") == "none"]
    # One line through the three figures before the break; the lone figure after it stands alone.
    assert len(lines) == 1
    assert lines[0].get("d").count("L") == 2


def test_break_and_target_lines_are_drawn() -> None:
    root = parse(render_svg(chart(BHYT), str))
    dashed = [line for line in root.findall(f"{SVG}line") if line.get("stroke-dasharray")]
    vertical = [line for line in dashed if line.get("x1") == line.get("x2") and line.get("y1") != line.get("y2")]
    horizontal = [line for line in dashed if line.get("y1") == line.get("y2")]
    assert len(vertical) == 2  # the break in the plot and its legend symbol
    assert len(horizontal) == 2  # the target line and its legend symbol
    texts = [t.text for t in root.findall(f"{SVG}text")]
    assert "Gián đoạn 01/07/2025" in texts and "Mục tiêu 2030: ≥ 95 %" in texts


def test_text_from_the_data_is_escaped() -> None:
    svg = render_svg(chart(BHYT, title='<script>alert("x")</script> & {{ 7*7 }}'), str)
    root = parse(svg)  # still well-formed
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & {{ 7*7 }}'
    assert "<script>" not in svg


def test_percent_axis_stops_at_100() -> None:
    root = parse(render_svg(chart(BHYT), lambda v: f"{v:g}"))
    assert axis_labels(root) == ["0", "25", "50", "75", "100"]
    unbounded = parse(render_svg(chart(BHYT, ceiling=None), lambda v: f"{v:g}"))
    assert axis_labels(unbounded)[-1] == "125"


def test_labels_near_the_edges_stay_inside_the_plot() -> None:
    root = parse(render_svg(chart((point(2016, 38000.0), point(2030, 39000.0)), target=40000.0, ceiling=None), str))
    values = [t for t in root.findall(f"{SVG}text") if t.get("fill") == "#1f5fa8"]
    assert [t.get("text-anchor") for t in values] == ["start", "end"]


def test_tick_labels_use_the_given_number_format() -> None:
    root = parse(
        render_svg(
            chart((point(2021, 38000.0),), target=40000.0, ceiling=None), lambda v: f"{v:,.0f}".replace(",", ".")
        )
    )
    assert "40.000" in axis_labels(root)


@pytest.mark.parametrize(
    ("high", "expected"),
    [
        (102.6, [0, 25, 50, 75, 100, 125]),
        (3.24, [0, 1, 2, 3, 4]),
        (43200, [0, 10000, 20000, 30000, 40000, 50000]),
        (0, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (18.9, [0, 5, 10, 15, 20]),
    ],
)
def test_nice_ticks(high: float, expected: list[float]) -> None:
    assert nice_ticks(high) == pytest.approx(expected)


def test_year_position() -> None:
    assert year_position(dt.date(2025, 1, 1)) == 0
    assert year_position(BREAK) == pytest.approx(181 / 365)
    assert year_position(dt.date(2024, 12, 31)) == pytest.approx(365 / 366)


LONG = (
    "Đối tượng đủ điều kiện hưởng trợ cấp xã hội hàng tháng đối với đối tượng bảo trợ xã hội được hưởng "
    "trợ cấp xã hội theo quy định"
)


def test_a_long_title_wraps_inside_the_chart() -> None:
    # Issue #12 item 4.5: the HTML chart's title ran off the right edge ("…đối với đối tượng bả|").
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    short, long = parse(render_svg(chart(BHYT), str)), parse(render_svg(chart(BHYT, title=LONG), str))
    lines = [t.text or "" for t in long.findall(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert len(lines) >= 2 and " ".join(lines).split() == LONG.split()  # every word, in order
    # Measured in the chart's font (DejaVu Sans Bold, 13 px): each line ends before the right edge.
    font = FontProperties(family="DejaVu Sans", weight="bold", size=13)
    for line in lines:
        width = TextToPath().get_text_width_height_descent(line, font, ismath=False)[0]
        assert LEFT + width < float(long.get("width")), line
    # The chart grows by the extra lines and nothing else moves: the plot is the short title's, shifted down.
    grown = float(long.get("height")) - float(short.get("height"))
    assert grown == 16 * (len(lines) - 1)
    group = long.find(f"{SVG}g")
    assert group is not None and group.get("transform") == f"translate(0 {grown:g})"
