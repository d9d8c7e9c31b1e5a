"""The range chart drawn under compare, derive and pool tables: text on a common axis."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Shell
from shellcount.arithmetic.interval import Interval
from shellcount.formats.chart import RangePanel, RangeRow
from shellcount.formats.range_chart import BELOW, NOMINAL, OPEN, draw


def test_linear_axis_with_closed_and_open_bars() -> None:
    chart = RangePanel(
        "Containers",
        "container",
        (
            RangeRow("a", Interval(6650, 6750), 6700),
            RangeRow("b", Interval(7000, math.inf), 7000),
        ),
    )
    lines = draw(chart, width=60)
    assert lines[0] == "Containers"
    a, b = lines[1], lines[2]
    assert a.startswith("a  ["), lines
    assert a.endswith("]"), lines
    assert NOMINAL in a
    assert b.endswith(OPEN), lines  # an open high end runs off the axis
    assert lines[-1].strip() == "container", lines
    assert "(log scale)" not in "\n".join(lines)


def test_log_axis_when_values_span_more_than_ten_times() -> None:
    chart = RangePanel(
        "Per container",
        "round/container",
        (
            RangeRow("small", Interval(222.22, 225.56), 223.88),
            RangeRow("wide", Interval(296.3, 150_375.94)),
        ),
    )
    lines = draw(chart, width=80)
    assert lines[-1].strip() == "round/container (log scale)", lines
    assert "1,000" in lines[-2], lines


def test_band_and_zero_ends_on_a_log_axis() -> None:
    chart = RangePanel(
        "Pool",
        "shell",
        (RangeRow("up-to", Interval(0, 500)), RangeRow("big", Interval(1000, 100_000), 5000)),
        band=RangeRow("pool p5-p95", Interval(2000, 50_000), 9000),
    )
    lines = draw(chart, width=70)
    up_to = next(line for line in lines if line.startswith("up-to"))
    assert BELOW in up_to, lines  # zero cannot sit on a log axis: runs off to the left
    band = next(line for line in lines if line.startswith("pool p5-p95"))
    assert "░" in band, lines
    assert "┃" in band, lines


def test_nothing_to_draw() -> None:
    assert draw(RangePanel("Empty", "shell", ())) == []


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1e9),
            st.floats(min_value=0, max_value=1e9),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    ),
    st.integers(min_value=20, max_value=200),
)
def test_every_bar_is_one_line_of_bounded_width(
    ends: list[tuple[float, float, bool]], width: int
) -> None:
    bars = tuple(
        RangeRow(f"c{index}", Interval(min(a, b), math.inf if open_ else max(a, b)))
        for index, (a, b, open_) in enumerate(ends)
    )
    lines = draw(RangePanel("t", "u", bars), width=width)
    assert len(lines) == len(bars) + 4
    assert all(len(line) <= max(width, 80) + 20 for line in lines), lines


@pytest.mark.parametrize(
    "command", [["derive", "--calibre", "152"], ["compare"], ["pool", "--measure", "shells"]]
)
def test_tables_end_with_a_chart(shellcount: Shell, command: list[str]) -> None:
    result = shellcount(*command)
    assert result.exit_code == 0, result.stderr
    assert "round/container (log scale)" in result.stdout or "shell" in result.stdout
    assert OPEN in result.stdout, result.stdout


def test_machine_formats_have_no_chart(shellcount: Shell) -> None:
    for output_format in ("csv", "json", "markdown"):
        result = shellcount("derive", "--calibre", "152", "--format", output_format)
        assert OPEN not in result.stdout, result.stdout
