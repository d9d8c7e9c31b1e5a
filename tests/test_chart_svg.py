"""``formats.chart_svg.svg(chart)``: the inline SVG of the HTML report. It needs no
matplotlib, parses as XML, carries every label, fetches nothing, escapes claims-file text,
and follows the one axis rule (log above a tenfold span)."""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shellcount.analysis.pool import Selection, Settings
from shellcount.arithmetic.interval import Interval
from shellcount.formats.chart import (
    DatedCount,
    NothingToChart,
    RangeChart,
    RangePanel,
    RangeRow,
    TimelineChart,
    TimelinePanel,
)
from shellcount.formats.chart_svg import svg
from shellcount.ledger.loader import load_claims
from shellcount.ledger.model import Ledger
from shellcount.views import charts

SVG = "{http://www.w3.org/2000/svg}"


def texts(document: str) -> list[str]:
    """Every text element's words, in order (the title element included)."""
    root = ET.fromstring(document)
    assert root.tag == f"{SVG}svg", root.tag
    return ["".join(e.itertext()) for e in root.iter() if e.tag in (f"{SVG}text", f"{SVG}title")]


def range_chart(*rows: RangeRow, band: RangeRow | None = None) -> RangeChart:
    return RangeChart("A chart", (RangePanel("Panel", "shells", rows, band),), ("A note.",))


def axis_label(document: str) -> str:
    return next(t for t in texts(document) if t.startswith("shells"))


def test_derive_chart_of_the_packaged_data(packaged: Ledger) -> None:
    chart = charts.derive_chart(packaged, 152.0)
    document = svg(chart)
    words = texts(document)
    labels = [f"{row.label}  ·  {row.detail}" for row in chart.panels[0].rows]
    assert [w for w in words if "  ·  " in w] == labels
    assert words.count("no container count") == sum(
        row.interval is None for row in chart.panels[0].rows
    )
    assert "448 [441, open)" in words
    assert words[0] == chart.title  # the <title>, for screen readers
    assert "rounds per container" in words


def test_pool_chart_has_its_band_and_median(seeds: str) -> None:
    chart = charts.pool_chart(load_claims(seeds), Selection("shells"), Settings())
    words = texts(svg(chart))
    assert "pool p5 to p95" in words
    assert "pool p50" in words
    for row in chart.panels[0].rows:
        assert f"{row.label}  ·  {row.detail}" in words, row.label


def test_timeline_chart_names_every_count(packaged: Ledger) -> None:
    chart = charts.timeline_chart(packaged)
    words = texts(svg(chart))
    for panel in chart.panels:
        assert panel.title in words
        for count in panel.counts:
            assert count.label in words, count.label


def test_log_axis_above_a_tenfold_span() -> None:
    tenfold = range_chart(RangeRow("a", Interval(100, 500)), RangeRow("b", Interval(900, 1000)))
    wider = range_chart(RangeRow("a", Interval(100, 500)), RangeRow("b", Interval(900, 1001)))
    assert axis_label(svg(tenfold)) == "shells"
    assert axis_label(svg(wider)) == "shells (log scale)"


def test_nothing_fetched_nothing_global() -> None:
    document = svg(range_chart(RangeRow("a", Interval(1, 2), 1.5)))
    for needle in ("href", "<script", "<style", "url(", "@import", " id=", "<image", "http:/"):
        found = needle in document.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not found, needle
    assert not document.startswith("<?xml")  # inline in HTML: no declaration


def test_claims_file_text_is_escaped_data() -> None:
    hostile = "<script>alert(1)</script> & \x1b[31m \ud8ff \ufffe"
    row = RangeRow(hostile, Interval(1, 2), 1.5, hostile, hostile, hostile)
    chart = RangeChart(hostile, (RangePanel(hostile, hostile, (row,)),), (hostile,))
    document = svg(chart)
    root = ET.fromstring(document)
    assert not [e for e in root.iter() if "script" in e.tag]
    shown = "<script>alert(1)</script> & \\x1b[31m \\ud8ff \ufffd"
    assert shown in texts(document)


def test_the_same_chart_gives_the_same_text(packaged: Ledger) -> None:
    assert svg(charts.timeline_chart(packaged)) == svg(charts.timeline_chart(packaged))


def test_values_at_the_float_limit_draw_finite_shapes() -> None:
    for rows in (
        (RangeRow("huge", Interval(1e307, 1.7e308), 1e308), RangeRow("tiny", Interval(5e-324, 1))),
        (RangeRow("both", Interval(-1.7e308, 1.7e308)),),
        (RangeRow("open", Interval(1e308, math.inf)),),
    ):
        document = svg(range_chart(*rows))
        numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height|cx|cy)="([^"]*)"', document)
        assert all(math.isfinite(float(n)) for n in numbers), document
        assert {row.label for row in rows} <= set(texts(document))


def test_extreme_dates_on_a_timeline() -> None:
    counts = (
        DatedCount("first", "a → b", dt.date(1, 1, 1), dt.date(1, 6, 1), Interval(1, 2), 1.5),
        DatedCount("last", "a → b", None, dt.date(9999, 12, 31), Interval(5, math.inf)),
    )
    chart = TimelineChart("Dates", (TimelinePanel("counts", "shells", counts),))
    words = texts(svg(chart))
    assert {"first", "last"} <= set(words)
    assert [w for w in words if w.isdigit()][-4:] == ["2000", "4000", "6000", "8000"]


def test_nothing_to_draw_is_an_error() -> None:
    with pytest.raises(NothingToChart):
        svg(range_chart(RangeRow("no figure", None, text="no container count")))
    with pytest.raises(NothingToChart):
        svg(TimelineChart("t", (TimelinePanel("p", "u", ()),)))


def test_long_labels_widen_the_picture_rather_than_clip() -> None:
    long = "a" * 150
    document = svg(range_chart(RangeRow(long, Interval(1, 2), 1.5, text="words " * 10)))
    width = float(ET.fromstring(document).attrib["width"])
    assert width > 150 * 12 * 0.6, width
    for element in ET.fromstring(document).iter(f"{SVG}text"):
        assert 0 <= float(element.attrib["x"]) <= width


@given(
    st.lists(
        st.tuples(st.floats(0, 1e12), st.floats(0, 1e12), st.booleans(), st.booleans()),
        min_size=1,
        max_size=8,
    )
)
def test_any_rows_make_valid_svg(ends: list[tuple[float, float, bool, bool]]) -> None:
    rows = tuple(
        RangeRow(
            f"c{index}",
            Interval(min(a, b), math.inf if open_ else max(a, b)),
            min(a, b) if stated else None,
        )
        for index, (a, b, open_, stated) in enumerate(ends)
    )
    document = svg(range_chart(*rows))
    assert [t for t in texts(document) if re.fullmatch(r"c\d+", t)] == [r.label for r in rows]
    assert "nan" not in document
    assert "inf" not in document
