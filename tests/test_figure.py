"""The figure grammar: every hedge word, number form and range form of the contract.

Expectations are by the default reading (the contract's table); tests/test_readings.py
checks every row of every reading, and that the literal reading reproduces format 1.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shellcount.arithmetic.interval import Interval
from shellcount.errors import FigureError
from shellcount.ledger.figure import HEDGE_WORDS, Figure, parse_figure, parse_tolerance

INF = math.inf


def interval_of(text: str | int | float, **kwargs: float) -> tuple[float, float, bool, bool]:
    i = parse_figure(text, **kwargs).interval
    return (i.low, i.high, i.low_excluded, i.high_excluded)


def approx_interval(low: float, high: float, high_excluded: bool = False) -> object:
    return (
        pytest.approx(low),
        high if math.isinf(high) else pytest.approx(high),
        False,
        high_excluded,
    )


# --- numbers: value and step of bare figures ------------------------------------------

# The step s is the place value of the last significant digit, one digit finer when the
# only significant digit is 1 (1,000 -> 100); a bare figure is [x - s/2, x + s/2].
NUMBERS = [
    # text, value, step
    ("6,700", 6700, 100),
    ("6700", 6700, 100),
    ("1,500,000", 1_500_000, 100_000),
    ("1,000", 1000, 100),
    ("30", 30, 10),
    ("12", 12, 1),
    ("0", 0, 1),
    ("1.5", 1.5, 0.1),
    ("0.25", 0.25, 0.01),
    ("6,700.5", 6700.5, 0.1),
    ("-20", -20, 10),
    ("-2.5", -2.5, 0.1),
    ("500k", 500_000, 100_000),
    ("500K", 500_000, 100_000),
    ("3M", 3_000_000, 1_000_000),
    ("3m", 3_000_000, 1_000_000),
    ("3mn", 3_000_000, 1_000_000),
    ("2B", 2_000_000_000, 1_000_000_000),
    ("2b", 2_000_000_000, 1_000_000_000),
    ("1.5bn", 1_500_000_000, 100_000_000),
    ("1.5BN", 1_500_000_000, 100_000_000),
    ("3 million", 3_000_000, 1_000_000),
    ("1.5 million", 1_500_000, 100_000),
    ("2 billion", 2_000_000_000, 1_000_000_000),
    ("7 thousand", 7000, 1000),
    ("6 hundred", 600, 100),
    ("3 hundred thousand", 300_000, 100_000),
    ("3 dozen", 36, 1),
    ("four", 4, 1),
    ("ten", 10, 1),
    ("nineteen", 19, 1),
    ("ninety", 90, 10),
    ("twenty-five", 25, 1),
    ("twenty five", 25, 1),
    ("Twenty-Five", 25, 1),
    ("three million", 3_000_000, 1_000_000),
    ("a million", 1_000_000, 100_000),
    ("an hundred", 100, 10),
    ("a hundred", 100, 10),
    ("a thousand", 1000, 100),
    ("a billion", 1_000_000_000, 100_000_000),
    ("seven thousand", 7000, 1000),
    ("three hundred thousand", 300_000, 100_000),
    ("two hundred and fifty thousand", 250_000, 10_000),
    ("two hundred fifty thousand", 250_000, 10_000),
    ("twenty-five million", 25_000_000, 1_000_000),
    ("twenty-five hundred", 2500, 100),
    ("two million three hundred thousand", 2_300_000, 100_000),
    ("one thousand and fifty", 1050, 10),
    ("a dozen", 12, 1),
    ("two dozen", 24, 1),
    ("one and a half million", 1_500_000, 100_000),
    ("two and a half thousand", 2500, 100),
    ("half a million", 500_000, 100_000),
    ("Half a Billion", 500_000_000, 100_000_000),
    ("a quarter of a million", 250_000, 10_000),
    ("a quarter of a thousand", 250, 10),
    ("1.50 million", 1_500_000, 10_000),
    ("1.0", 1, 0.1),
    ("10", 10, 1),
    ("0.1", 0.1, 0.01),
    ("6\u2009700", 6700, 100),
    ("6\u202f700", 6700, 100),
    ("6\u00a0700", 6700, 100),
    ("1\u2009000\u2009000", 1_000_000, 100_000),
    ("6\u2009700.5", 6700.5, 0.1),
    ("  6,700  ", 6700, 100),
]


@pytest.mark.parametrize(
    ("text", "value", "step"), NUMBERS, ids=[row[0].strip() for row in NUMBERS]
)
def test_bare_number_is_rounded(text: str, value: float, step: float) -> None:
    figure = parse_figure(text)
    assert figure.value == pytest.approx(value)
    assert figure.step == pytest.approx(step)
    assert interval_of(text) == approx_interval(value - step / 2, value + step / 2)
    assert figure.hedge is None
    assert figure.text == text
    assert figure.reading == "default"


# --- the hedge table, every word ------------------------------------------------------

# hedge kind -> the expected interval of "<hedge> 6,700" (its step s is 100)
EXPECTED_6700 = {
    "exactly": approx_interval(6700, 6700),
    "about": approx_interval(6600, 6800),
    "more-than": approx_interval(6700, INF),
    "up-to": approx_interval(0, 6700),
    "fewer-than": approx_interval(0, 6700, high_excluded=True),
    "almost": approx_interval(6650, 6700),
}
# Every hedge with a space before the number; symbols also glued to it ("~6,700").
HEDGE_ROWS = [
    (kind, f"{word}{space}6,700")
    for kind, words in HEDGE_WORDS.items()
    for word in words
    for space in (" ", "")
    if space or not word[-1].isalpha()
]


@pytest.mark.parametrize(("kind", "text"), HEDGE_ROWS, ids=[text for _, text in HEDGE_ROWS])
def test_every_hedge_word(kind: str, text: str) -> None:
    figure = parse_figure(text)
    assert figure.hedge == kind
    assert figure.value == 6700
    assert figure.step == 100
    assert interval_of(text) == EXPECTED_6700[kind]


def test_hedge_words_cover_the_contract() -> None:
    contract = {
        "exactly": {"exactly", "precisely"},
        "about": {"about", "approximately", "around", "roughly", "some", "an estimated", "~"}
        | {"approx."},
        "more-than": {"more than", "over", "at least", "upwards of", "in excess of", ">", "≥"},
        "up-to": {"up to", "as many as", "at most", "no more than", "≤"},
        "fewer-than": {"fewer than", "less than", "under", "below", "<"},
        "almost": {"almost", "nearly", "just under", "close to"},
    }
    for kind, words in contract.items():
        assert words <= set(HEDGE_WORDS[kind]), kind
    assert set(HEDGE_WORDS) == set(contract)


HEDGED = [
    # text, hedge, value, step, (low, high, high_excluded)
    ("6,700", None, 6700, 100, (6650, 6750, False)),
    ("exactly 6,700", "exactly", 6700, 100, (6700, 6700, False)),
    ("Precisely 3 million", "exactly", 3e6, 1e6, (3e6, 3e6, False)),
    ("exactly -2.5", "exactly", -2.5, 0.1, (-2.5, -2.5, False)),
    ("about 6,700", "about", 6700, 100, (6600, 6800, False)),
    ("About 6,700", "about", 6700, 100, (6600, 6800, False)),
    ("approx. 6,700", "about", 6700, 100, (6600, 6800, False)),
    ("Approx. 3M", "about", 3e6, 1e6, (2e6, 4e6, False)),
    ("approximately 3 million", "about", 3e6, 1e6, (2e6, 4e6, False)),
    ("roughly 1.5 million", "about", 1.5e6, 1e5, (1.4e6, 1.6e6, False)),
    ("some 30", "about", 30, 10, (20, 40, False)),
    ("an estimated 500k", "about", 5e5, 1e5, (4e5, 6e5, False)),
    ("about a dozen", "about", 12, 1, (11, 13, False)),
    ("about a million", "about", 1e6, 1e5, (9e5, 1.1e6, False)),
    ("about -30", "about", -30, 10, (-40, -20, False)),
    ("about 0", "about", 0, 1, (-1, 1, False)),
    ("more than three million", "more-than", 3e6, 1e6, (3e6, INF, False)),
    ("more than -20", "more-than", -20, 10, (-20, INF, False)),
    ("over a million", "more-than", 1e6, 1e5, (1e6, INF, False)),
    ("6,700+", "more-than", 6700, 100, (6700, INF, False)),
    ("3M+", "more-than", 3e6, 1e6, (3e6, INF, False)),
    ("3 million +", "more-than", 3e6, 1e6, (3e6, INF, False)),
    (">=5", "more-than", 5, 1, (5, INF, False)),
    ("≥ 3 million", "more-than", 3e6, 1e6, (3e6, INF, False)),
    ("up to 500,000", "up-to", 5e5, 1e5, (0, 5e5, False)),
    ("up to 0", "up-to", 0, 1, (0, 0, False)),
    ("<=5", "up-to", 5, 1, (0, 5, False)),
    ("fewer than 1,000", "fewer-than", 1000, 100, (0, 1000, True)),
    ("<5", "fewer-than", 5, 1, (0, 5, True)),
    ("almost 6,700", "almost", 6700, 100, (6650, 6700, False)),
    ("nearly a million", "almost", 1e6, 1e5, (9.5e5, 1e6, False)),
    ("nearly 1,000", "almost", 1000, 100, (950, 1000, False)),
    ("just under 2.5 million", "almost", 2.5e6, 1e5, (2.45e6, 2.5e6, False)),
    ("close to 0.5", "almost", 0.5, 0.1, (0.45, 0.5, False)),
    ("about half a million", "about", 5e5, 1e5, (4e5, 6e5, False)),
]


@pytest.mark.parametrize(
    ("text", "hedge", "value", "step", "expected"), HEDGED, ids=[row[0] for row in HEDGED]
)
def test_hedged_number(
    text: str,
    hedge: str | None,
    value: float,
    step: float,
    expected: tuple[float, float, bool],
) -> None:
    figure = parse_figure(text)
    assert figure.hedge == hedge
    assert figure.value == pytest.approx(value)
    assert figure.step == pytest.approx(step)
    low, high, high_excluded = expected
    assert interval_of(text) == approx_interval(low, high, high_excluded)


# --- vague quantities: several, plurals, and hedges on them ---------------------------

VAGUE = [
    # text, hedge, (low, high, high_excluded)
    ("a few", "a-few", (2, 5, False)),
    ("a few dozen", "a-few", (24, 60, False)),
    ("a few hundred", "a-few", (200, 500, False)),
    ("A Few Thousand", "a-few", (2000, 5000, False)),
    ("a few hundred thousand", "a-few", (2e5, 5e5, False)),
    ("several", "several", (3, 9, False)),
    ("several dozen", "several", (36, 108, False)),
    ("several hundred", "several", (300, 900, False)),
    ("several thousand", "several", (3000, 9000, False)),
    ("several million", "several", (3e6, 9e6, False)),
    ("Several Billion", "several", (3e9, 9e9, False)),
    ("several hundred thousand", "several", (3e5, 9e5, False)),
    ("dozens", "dozens", (24, 144, True)),
    ("hundreds", "plural", (200, 1000, True)),
    ("thousands", "plural", (2000, 10_000, True)),
    ("millions", "plural", (2e6, 1e7, True)),
    ("billions", "plural", (2e9, 1e10, True)),
    ("tens of thousands", "tens-of", (2e4, 1e5, True)),
    ("hundreds of thousands", "hundreds-of", (2e5, 1e6, True)),
    ("tens of millions", "tens-of", (2e7, 1e8, True)),
    ("hundreds of millions", "hundreds-of", (2e8, 1e9, True)),
    ("tens of billions", "tens-of", (2e10, 1e11, True)),
    ("at least several million", "more-than several", (3e6, INF, False)),
    ("more than millions", "more-than plural", (2e6, INF, False)),
    ("more than a few thousand", "more-than a-few", (2000, INF, False)),
    ("up to several million", "up-to several", (0, 9e6, False)),
    ("up to millions", "up-to plural", (0, 1e7, True)),
    ("up to dozens", "up-to dozens", (0, 144, True)),
    ("fewer than several thousand", "fewer-than several", (0, 9000, True)),
    ("an estimated several million", "about several", (3e6, 9e6, False)),
    ("some hundreds of thousands", "about hundreds-of", (2e5, 1e6, True)),
    ("about a few hundred", "about a-few", (200, 500, False)),
]


@pytest.mark.parametrize(("text", "hedge", "expected"), VAGUE, ids=[row[0] for row in VAGUE])
def test_vague_quantity(text: str, hedge: str, expected: tuple[float, float, bool]) -> None:
    figure = parse_figure(text)
    assert figure.hedge == hedge
    assert figure.value is None
    assert figure.step == 1
    assert interval_of(text) == approx_interval(*expected)


def test_about_tolerance_does_not_widen_a_vague_quantity() -> None:
    assert interval_of("about several million", about=0.5) == interval_of("several million")


# --- ranges and hedged ranges ---------------------------------------------------------

RANGES = [
    # text, hedge, value, step, (low, high, high_excluded)
    ("1-1.5 million", "range", 1.25e6, 1e5, (1e6, 1.5e6, False)),
    ("1–1.5 million", "range", 1.25e6, 1e5, (1e6, 1.5e6, False)),
    ("1 - 1.5 million", "range", 1.25e6, 1e5, (1e6, 1.5e6, False)),
    ("1 to 1.5 million", "range", 1.25e6, 1e5, (1e6, 1.5e6, False)),
    ("between 1 and 1.5 million", "range", 1.25e6, 1e5, (1e6, 1.5e6, False)),
    ("1-1.5M", "range", 1.25e6, 1e5, (1e6, 1.5e6, False)),
    ("6,000-7,000", "range", 6500, 1000, (6000, 7000, False)),
    ("500k-1M", "range", 7.5e5, 1e5, (5e5, 1e6, False)),
    ("500 thousand to 1 million", "range", 7.5e5, 1e5, (5e5, 1e6, False)),
    ("1 million-2 million", "range", 1.5e6, 1e5, (1e6, 2e6, False)),
    ("5-5", "range", 5, 1, (5, 5, False)),
    ("-30 to -20", "range", -25, 10, (-30, -20, False)),
    ("-30--20", "range", -25, 10, (-30, -20, False)),
    ("-10-20", "range", 5, 1, (-10, 20, False)),
    ("between -30 and -20", "range", -25, 10, (-30, -20, False)),
    ("two to three million", "range", 2.5e6, 1e6, (2e6, 3e6, False)),
    ("five-six million", "range", 5.5e6, 1e6, (5e6, 6e6, False)),
    ("twenty-thirty", "range", 25, 10, (20, 30, False)),
    ("twenty-five-thirty", "range", 27.5, 1, (25, 30, False)),
    ("two to three hundred thousand", "range", 2.5e5, 1e5, (2e5, 3e5, False)),
    ("between one hundred and two hundred", "range", 150, 10, (100, 200, False)),
    ("between two hundred and fifty and three hundred", "range", 275, 10, (250, 300, False)),
    ("a hundred to a thousand", "range", 550, 10, (100, 1000, False)),
    ("about 1-1.5 million", "about range", 1.25e6, 1e5, (0.9e6, 1.6e6, False)),
    ("about 6,000-7,000", "about range", 6500, 1000, (5000, 8000, False)),
    ("~6,600-6,800", "about range", 6700, 100, (6500, 6900, False)),
    ("more than 1-2 million", "more-than range", 1.5e6, 1e5, (1e6, INF, False)),
    ("up to 1-2 million", "up-to range", 1.5e6, 1e5, (0, 2e6, False)),
    ("fewer than 1-2 million", "fewer-than range", 1.5e6, 1e5, (0, 2e6, True)),
    ("almost 1-2 million", "almost range", 1.5e6, 1e5, (0.95e6, 2e6, False)),
    ("almost between 60 and 70", "almost range", 65, 10, (55, 70, False)),
    ("exactly 1-2 million", "exactly range", 1.5e6, 1e5, (1e6, 2e6, False)),
    ("half a million to a million", "range", 7.5e5, 1e5, (5e5, 1e6, False)),
    ("1\u2009000-2\u2009000", "range", 1500, 100, (1000, 2000, False)),
]


@pytest.mark.parametrize(
    ("text", "hedge", "value", "step", "expected"), RANGES, ids=[row[0] for row in RANGES]
)
def test_range(
    text: str,
    hedge: str,
    value: float,
    step: float,
    expected: tuple[float, float, bool],
) -> None:
    figure = parse_figure(text)
    assert figure.hedge == hedge
    assert figure.value == pytest.approx(value)
    assert figure.step == pytest.approx(step)
    assert interval_of(text) == approx_interval(*expected)


# --- the about tolerance, --about -----------------------------------------------------

ABOUT = [
    # text, tolerance, (low, high)
    ("about 6,700", 0.1, (6030, 7370)),
    ("~3 million", 0.2, (2.4e6, 3.6e6)),
    ("about -30", 0.1, (-33, -27)),
    ("roughly 0", 0.1, (0, 0)),
    ("about 1-1.5 million", 0.1, (0.9e6, 1.65e6)),
    ("approx. 6,700", 0.1, (6030, 7370)),
    ("6,700", 0.1, (6650, 6750)),
    ("exactly 6,700", 0.1, (6700, 6700)),
    ("almost 6,700", 0.1, (6650, 6700)),
    ("more than 6,700", 0.1, (6700, INF)),
]


@pytest.mark.parametrize(("text", "tolerance", "expected"), ABOUT, ids=[r[0] for r in ABOUT])
def test_about_tolerance(text: str, tolerance: float, expected: tuple[float, float]) -> None:
    assert interval_of(text, about=tolerance) == approx_interval(*expected)


@pytest.mark.parametrize("text", ["about 6,700", "~3 million", "about 1-1.5 million"])
def test_about_tolerance_is_the_same_in_every_reading(text: str) -> None:
    default = parse_figure(text, about=0.1)
    literal = parse_figure(text, about=0.1, reading="literal")
    assert default.interval == literal.interval


@pytest.mark.parametrize("tolerance", [0, 1, -0.1, 1.5, math.nan])
def test_about_tolerance_out_of_range(tolerance: float) -> None:
    with pytest.raises(FigureError, match="tolerance"):
        parse_figure("about 6,700", about=tolerance)


TOLERANCES = [("10%", 0.1), ("10 %", 0.1), ("0.1", 0.1), (".25", 0.25), ("2.5%", 0.025)]


@pytest.mark.parametrize(("text", "expected"), TOLERANCES, ids=[t for t, _ in TOLERANCES])
def test_parse_tolerance(text: str, expected: float) -> None:
    assert parse_tolerance(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["0", "0%", "1", "100%", "150%", "-10%", "ten", "", "nan", "10%%"])
def test_parse_tolerance_rejects(text: str) -> None:
    with pytest.raises(FigureError, match="tolerance") as caught:
        parse_tolerance(text)
    assert repr(text) in str(caught.value)


def test_parse_tolerance_suggests_a_percentage() -> None:
    with pytest.raises(FigureError, match=r"did you mean 10%\?"):
        parse_tolerance("10")


# --- YAML numbers ---------------------------------------------------------------------

YAML = [
    # figure, text, value, step
    (6700, "6700", 6700, 100),
    (0, "0", 0, 1),
    (-20, "-20", -20, 10),
    (1.5, "1.5", 1.5, 0.1),
    (3e6, "3000000.0", 3e6, 1e6),
    (1_500_000, "1500000", 1.5e6, 1e5),
    (1_000_000, "1000000", 1e6, 1e5),
    (1.0, "1.0", 1, 0.1),
]


@pytest.mark.parametrize(("figure", "text", "value", "step"), YAML, ids=[r[1] for r in YAML])
def test_yaml_number_is_a_bare_figure(figure: float, text: str, value: float, step: float) -> None:
    parsed = parse_figure(figure)
    rounded = Interval(value - step / 2, value + step / 2)
    assert parsed == Figure(text, value, rounded, None, step, "default")


@pytest.mark.parametrize(
    ("figure", "text"), [(6700, "6,700"), (1_000_000, "1 million"), (1.5, "1.5")]
)
def test_yaml_number_reads_as_the_same_text(figure: float, text: str) -> None:
    for reading in ("default", "literal"):
        as_number = parse_figure(figure, reading=reading)
        as_text = parse_figure(text, reading=reading)
        assert (as_number.interval, as_number.step) == (as_text.interval, as_text.step)


@pytest.mark.parametrize("figure", [True, False, math.nan, math.inf, -math.inf, 10**400], ids=str)
def test_yaml_value_rejected(figure: float) -> None:
    with pytest.raises(FigureError, match="figure"):
        parse_figure(figure)


# --- rejected figures -----------------------------------------------------------------

REJECTED = [
    # text, a word the message must contain
    ("lots", "'lots' is not a number"),
    ("", "empty"),
    ("   ", "empty"),
    ("6,70", "malformed group"),
    ("67,00", "malformed group"),
    ("1,5", "malformed group"),
    ("6\u200970", "well-formed"),
    ("6,700\u2009000", "mixes thousands separators"),
    ("1.5.2", "well-formed"),
    ("6,700.", "well-formed"),
    ("about", "no number"),
    ("more than", "no number"),
    ("+", "no number"),
    ("three millions shells", "'shells'"),
    ("three millions", "does not read"),
    ("12 apples", "'apples'"),
    ("12x", "suffix"),
    ("1e5", "suffix"),
    ("2million", "suffix"),
    ("$5", "'$'"),
    ("5%", "'%'"),
    ("a", "does not read"),
    ("an", "does not read"),
    ("hundred", "does not read"),
    ("million", "does not read"),
    ("1 2", "does not read"),
    ("1-2-3", "does not read"),
    ("- 20", "does not read"),
    ("+5", "does not read"),
    ("1M million", "does not read"),
    ("three thousand million", "does not read"),
    ("twenty ten", "does not read"),
    ("between 1 to 2", "does not read"),
    ("1 and 2", "does not read"),
    ("two hundred and", "does not read"),
    ("about more than 5", "two hedges"),
    ("more than 6,700+", "two hedges"),
    ("~ ~5", "two hedges"),
    ("1-2 million+", "trailing '+'"),
    ("several million+", "trailing '+'"),
    ("several millions", "does not read"),
    ("tens", "does not read"),
    ("5-3", "low end 5 is above its high end 3"),
    ("between 10 and 2", "above its high end"),
    ("500-1 million", "applies to both ends"),
    ("a hundred to two hundred thousand", "unclear"),
    ("up to -5", "cannot be negative"),
    ("up to -5 to 10", "cannot be negative"),
    ("fewer than -1", "above 0"),
    ("fewer than 0", "above 0"),
    ("almost -3", "above 0"),
    ("almost millions", "already vague"),
    ("nearly several thousand", "already vague"),
    ("9" * 400 + " billion", "too long"),
    ("exactly dozens", "already vague"),
    ("almost a few hundred", "already vague"),
    ("a few millions", "does not read"),
    ("tens of hundreds", "does not read"),
    ("half a dozen", "does not read"),
    ("approx 6,700", "did you mean 'approx.'?"),
    ("line one\nline two", "'line'"),
]


@pytest.mark.parametrize(("text", "reason"), REJECTED, ids=[repr(r[0])[:40] for r in REJECTED])
def test_rejected(text: str, reason: str) -> None:
    with pytest.raises(FigureError) as caught:
        parse_figure(text)
    message = str(caught.value)
    assert reason in message
    quoted = repr(text) if len(text) <= 80 else repr(text[:77] + "...")
    assert f"figure {quoted}" in message
    assert "\n" not in message


def test_grammar_error_gives_examples() -> None:
    with pytest.raises(FigureError, match=r"expected e\.g\. 'about 4,200'"):
        parse_figure("lots")


def test_repeated_figure_is_the_same() -> None:
    assert parse_figure("about 6,700") == parse_figure("about 6,700")
    assert parse_figure("about 6,700", about=0.1) != parse_figure("about 6,700")
    assert parse_figure("about 6,700", reading="literal") != parse_figure("about 6,700")


def test_the_figure_says_which_reading_gave_it() -> None:
    assert parse_figure("6,700").reading == "default"
    literal = parse_figure("6,700", reading="literal")
    assert (literal.reading, literal.interval) == ("literal", Interval(6700, 6700))


# --- any text at all ------------------------------------------------------------------

# Pieces of real figures, so that generated text often gets deep into the grammar.
FIGURE_PIECES = st.sampled_from(
    [
        *"0123456789,.-–+~≈<>≤≥= kmbn",
        *("about ", "more than ", "up to ", "almost ", "fewer than ", "between ", " and "),
        *(" to ", "a ", "one ", "twenty", "-five", " hundred", " thousand", " million"),
        *(" billion", "several ", "millions", " of ", "dozen", "s", " and a half"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(FIGURE_PIECES, max_size=8).map("".join)))
def test_any_text_gives_a_figure_or_a_figure_error(text: str) -> None:
    try:
        figure = parse_figure(text)
    except FigureError as error:
        message = str(error)
        assert "\n" not in message, message
        return
    assert figure.interval.low <= figure.interval.high
    assert figure.step > 0
    if figure.value is not None:
        assert math.isfinite(figure.value)
        assert figure.interval.contains(figure.value) or figure.hedge == "fewer-than"


@pytest.mark.parametrize("text", ["6.700", "about 1.125", "more than 12.500"])
def test_dot_grouped_thousands_are_refused_not_guessed(text: str) -> None:
    with pytest.raises(FigureError, match="ambiguous"):
        parse_figure(text)
