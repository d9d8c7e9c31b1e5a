"""Properties checked on generated input (hypothesis):

1. the figure grammar, given any text, returns a figure or raises FigureError: nothing else;
2. interval arithmetic holds every combination of its operands' ends (and every value
   between them), open ends included;
3. CSV read back gives the JSON's values: for reports built from generated claims files,
   every CSV cell is the JSON value of the same row and field (numbers as floats, empty
   for null, text after taking off the neutralising ``'``, control characters escaped).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import math
import operator
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import original
from shellcount.arithmetic.interval import Interval
from shellcount.characters import printable
from shellcount.errors import FigureError
from shellcount.formats import OutputFormat, render
from shellcount.formats.report import Report
from shellcount.ledger.figure import HEDGE_WORDS, parse_figure
from shellcount.ledger.loader import load_claims
from shellcount.ledger.model import Ledger

# -- 1. the figure grammar on arbitrary text ---------------------------------------------------

_WORDS = [
    *(phrase for phrases in HEDGE_WORDS.values() for phrase in phrases),
    *("one", "three", "twenty-five", "a", "an", "dozen", "hundred", "thousand", "million"),
    *("billion", "millions", "hundreds of thousands", "several", "and", "a half", "between"),
    *("to", "-", "–", "+", "k", "M", "bn", "0", "1", "6,700", "1.5", "6.700", "1e9", ".", ","),
    *("-5", "9" * 40, "½", "٣", "\x00", "\u202e", "  "),
]

# Arbitrary text, and text made of the grammar's own words (which reaches deeper).
figure_texts = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join),
    st.lists(st.sampled_from(_WORDS), max_size=8).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(figure_texts, st.one_of(st.none(), st.floats(0.01, 0.99)))
def test_the_figure_grammar_raises_only_figure_error(text: str, about: float | None) -> None:
    try:
        figure = parse_figure(text, about=about)
    except FigureError:
        return  # anything else propagates and fails the test
    assert figure.interval.low <= figure.interval.high
    assert figure.value is None or math.isfinite(figure.value)


@given(st.one_of(st.integers(), st.floats(), st.booleans()))
def test_the_figure_grammar_on_yaml_numbers(value: float) -> None:
    with contextlib.suppress(FigureError):
        parse_figure(value)


# -- 2. interval arithmetic ----------------------------------------------------------------------

_ENDS = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    a, b = sorted((draw(_ENDS), draw(_ENDS)))
    if draw(st.booleans()) and draw(st.booleans()):
        b = math.inf  # an open upper end, as 'more than' gives
    return Interval(a, b, low_excluded=draw(st.booleans()), high_excluded=draw(st.booleans()))


def _samples(interval: Interval) -> list[float]:
    """The ends (an open end stands for ever larger values), and points between."""
    low = interval.low
    if interval.is_open:
        return [low, low + 1, low + 1e3, abs(low) * 10 + 1e9]
    high = interval.high
    return [low, high, (low + high) / 2, low + (high - low) / 3]


def _holds(result: Interval, value: float) -> bool:
    slack = 1e-9 * max(1.0, abs(value))
    return result.low - slack <= value <= result.high + slack


_OPERATIONS: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


@settings(max_examples=300, deadline=None)
@given(intervals(), intervals(), st.sampled_from(sorted(_OPERATIONS)))
def test_interval_arithmetic_holds_every_combination(x: Interval, y: Interval, op: str) -> None:
    apply = _OPERATIONS[op]
    if op == "/" and y.low == y.high == 0:
        return  # division by nothing but zero is not defined
    result = apply(x, y)  # type: ignore[operator]
    for a in _samples(x):
        for b in _samples(y):
            if op == "/" and b == 0:
                continue
            value = apply(a, b)
            if math.isfinite(value):
                assert _holds(result, value), (x, op, y, a, b, value, result)


@given(intervals(), st.floats(-1e6, 1e6, allow_nan=False))
def test_interval_with_a_number_is_the_interval_with_a_point(x: Interval, n: float) -> None:
    for op in ("+", "-", "*"):
        apply = _OPERATIONS[op]
        assert apply(x, n) == apply(x, Interval.point(n))  # type: ignore[operator]


# -- 3. CSV read back equals JSON ----------------------------------------------------------------

# Text as analysts (and mischief) write it: any character of the basic plane, often after
# a formula start, a quote mark or a control character.
_STARTS = ["", "", "", "=", "+", "-", "@", "'", "\t", "\r", "\n", "\x1b", "\x9b", "\u202e"]
_TEXT = st.builds(
    str.__add__,
    st.sampled_from(_STARTS),
    st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), max_size=10),
).filter(bool)
_HEDGES = ["", "about ", "more than ", "up to ", "fewer than ", "almost ", "at least "]
_FIGURES = st.one_of(
    st.builds(lambda h, n: f"{h}{n:,}", st.sampled_from(_HEDGES), st.integers(1, 10**7)),
    st.builds(lambda a, b: f"{a:,}-{a + b:,}", st.integers(1, 10**6), st.integers(1, 10**6)),
    st.sampled_from(["several million", "millions", "about 1.5 million", "three million"]),
)
_DAYS = st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def _quoted(text: str) -> str:
    return json.dumps(text)  # a YAML double-quoted scalar: JSON's escapes are YAML's


@st.composite
def claims_files(draw: st.DrawFn) -> str:
    lines = ["format: 1", "sources:"]
    sources = draw(st.integers(1, 3))
    for n in range(sources):
        lines += [
            f"  - id: s{n}",
            f"    outlet: {_quoted(draw(_TEXT))}",
            f"    published: {draw(_DAYS).isoformat()}",
        ]
        if draw(st.booleans()):
            lines.append(f"    speaker: {_quoted(draw(_TEXT))}")
    lines.append("claims:")
    for n in range(draw(st.integers(1, 5))):
        measure = draw(st.sampled_from(["containers", "shells", "shells", "rockets"]))
        lines += [
            f"  - id: c{n}",
            f"    source: s{draw(st.integers(0, sources - 1))}",
            f"    measure: {measure}",
            f"    figure: {_quoted(draw(_FIGURES))}",
            f"    unit: {'container' if measure == 'containers' else 'shell'}",
            f"    quote: {_quoted(draw(_TEXT))}",
        ]
        if measure == "shells" and draw(st.booleans()):
            lines.append(f"    calibre: {draw(st.sampled_from(['152 mm', '122 mm']))}")
        if draw(st.booleans()):
            since = draw(st.dates(dt.date(2022, 1, 1), dt.date(2023, 12, 31)))
            lines.append(f"    since: {since.isoformat()}")
        if draw(st.booleans()):
            lines.append(f"    note: {_quoted(draw(_TEXT))}")
    return "\n".join(lines) + "\n"


def _reports(ledger: Ledger) -> list[Report]:
    from shellcount.views.compare import compare_report
    from shellcount.views.derive import derive_report
    from shellcount.views.ledger import claims_report, sources_report
    from shellcount.views.reconcile import reconcile_report
    from shellcount.views.timeline import timeline_report

    return [
        compare_report(ledger),
        claims_report(ledger),
        sources_report(ledger),
        derive_report(ledger, 152.0),
        reconcile_report(ledger, show_all=True),
        timeline_report(ledger),
    ]


def _same(cell: str, value: object) -> bool:
    if value is None:
        return cell == ""
    if isinstance(value, bool):
        return cell == ("true" if value else "false")
    if isinstance(value, int | float):
        return float(cell) == float(value)
    assert isinstance(value, str)
    return original(cell) == printable(value)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(claims_files())
def test_csv_read_back_gives_the_json_values(text: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "claims.yaml"
        path.write_text(text, encoding="utf-8")
        ledger = load_claims(path)
    for report in _reports(ledger):
        rows = list(csv.DictReader(io.StringIO(render(report, OutputFormat.CSV), newline="")))
        objects = json.loads(render(report, OutputFormat.JSON))["rows"]
        assert len(rows) == len(objects), report.title
        for row, item in zip(rows, objects, strict=True):
            assert list(row) == list(report.fields), report.title
            for name, value in item.items():
                assert _same(row[name], value), (report.title, name, row[name], value)
