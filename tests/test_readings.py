"""The readings as data: every row of every reading, checked against the grammar.

Each row of ``data/readings.yaml`` carries examples; every example is parsed here by its
reading and must give the interval written beside it, and must exercise the row it is
under. So a row added to the file without an example fails when the file is read, and
one whose example is wrong, or belongs to another row, fails here.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import re
import subprocess
import sys
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from shellcount.arithmetic.interval import Interval
from shellcount.errors import FigureError, ShellcountError
from shellcount.ledger import figure_statement as grammar
from shellcount.ledger import readings
from shellcount.ledger.figure import MAX_FIGURE_LENGTH, parse_figure
from shellcount.ledger.figure_words import Rejected, Unusable, tokenize
from shellcount.ledger.readings import (
    DEFAULT_READING,
    READING_NAMES,
    RULE_KINDS,
    ReadingError,
    ReadingsFileError,
    get_reading,
    parse_rule,
)

DATA = Path(__file__).parent / "data"
INF = math.inf

_INTERVAL_TEXT = re.compile(
    r"\[(-?[0-9][0-9,]*(?:\.[0-9]+)?), (-?[0-9][0-9,]*(?:\.[0-9]+)?|open)([\])])"
)


def interval_from_text(text: str) -> Interval:
    """'[6,650, 6,750]', '[0, 1,000)' or '[3,000,000, open)' as an Interval."""
    match = _INTERVAL_TEXT.fullmatch(text)
    assert match is not None, f"{text!r} is not an interval as the file writes them"
    low, high, closer = match.groups()
    if high == "open":
        assert closer == ")", text
        return Interval(float(low.replace(",", "")), INF)
    return Interval(
        float(low.replace(",", "")), float(high.replace(",", "")), high_excluded=closer == ")"
    )


def row_exercised(hedge: str | None) -> str:
    """The row of a reading that a figure of this hedge kind is read by."""
    if hedge is None:
        return "bare"
    if hedge == "range":
        return "range"
    if hedge.endswith(" range"):
        return "hedged-range"
    return hedge.split()[-1]


def packaged_data() -> Any:
    path = resources.files("shellcount").joinpath("data").joinpath("readings.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- every row of every reading -------------------------------------------------------

EXAMPLES = [
    (name, kind, example.figure, example.interval)
    for name in READING_NAMES
    for kind, rule in get_reading(name).rules.items()
    for example in rule.examples
]


@pytest.mark.parametrize(
    ("reading", "kind", "text", "expected"),
    EXAMPLES,
    ids=[f"{name}/{kind}/{text}" for name, kind, text, _ in EXAMPLES],
)
def test_every_example_of_every_row(reading: str, kind: str, text: str, expected: str) -> None:
    figure = parse_figure(text, reading=reading)
    assert figure.interval == interval_from_text(expected)
    assert row_exercised(figure.hedge) == kind
    assert figure.reading == reading


@pytest.mark.parametrize("reading", READING_NAMES)
def test_every_reading_has_a_rule_and_an_example_for_every_kind(reading: str) -> None:
    rules = get_reading(reading).rules
    assert tuple(rules) == RULE_KINDS
    assert all(rule.examples for rule in rules.values())
    assert {kind for name, kind, _, _ in EXAMPLES if name == reading} == set(RULE_KINDS)


@pytest.mark.parametrize("reading", READING_NAMES)
def test_every_row_says_why(reading: str) -> None:
    for kind, rule in get_reading(reading).rules.items():
        assert len(rule.why.split()) >= 8, kind
        assert rule.kind == kind


def test_the_default_reading_cites_its_anchor() -> None:
    rules = get_reading("default").rules
    assert "Ferson et al." in rules["bare"].why
    assert "International Journal of Approximate Reasoning 57 (2015)" in rules["bare"].why
    assert "Ferson et al." in rules["about"].why
    assert "two dozen" in rules["dozens"].why.lower()


def test_the_rules_text_is_the_files() -> None:
    default, literal = get_reading("default"), get_reading("literal")
    assert default.rules["bare"].text == "[x - s/2, x + s/2]"
    assert default.rules["more-than"].text == "[x, open)"
    assert default.rules["plural"].text == "[2 × scale, 10 × scale)"
    assert default.rules["tens-of"].text == "[2, 10) × 10 × scale"
    assert literal.rules["bare"].text == "[x, x]"
    assert literal.rules["about"].text == "[x - s/2, x + s/2]"
    data = packaged_data()["readings"]
    for name in READING_NAMES:
        for kind, rule in get_reading(name).rules.items():
            assert rule.text == data[name]["rules"][kind]["interval"]


@pytest.mark.parametrize("reading", READING_NAMES)
def test_the_summary_is_one_line_naming_the_reading(reading: str) -> None:
    summary = get_reading(reading).summary
    assert summary.startswith(f"{reading} reading (")
    assert "\n" not in summary
    assert "[6,650, 6,750]" in summary


def test_the_steps() -> None:
    assert get_reading("default").step == "significant"
    assert get_reading("literal").step == "last-non-zero"


# --- the names, without the file -----------------------------------------------------


def test_the_names_are_the_files() -> None:
    data = packaged_data()
    assert tuple(data["readings"]) == READING_NAMES
    assert DEFAULT_READING in READING_NAMES
    assert READING_NAMES[0] == DEFAULT_READING


def test_the_names_load_neither_the_file_nor_yaml() -> None:
    code = (
        "import sys\n"
        "from shellcount.ledger.readings import DEFAULT_READING, READING_NAMES\n"
        "from shellcount.ledger.figure import parse_tolerance\n"
        "assert 'yaml' not in sys.modules, 'yaml was imported'\n"
        "print(DEFAULT_READING, *READING_NAMES)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [DEFAULT_READING, *READING_NAMES]


def test_an_unknown_reading_lists_the_choices() -> None:
    with pytest.raises(ReadingError) as caught:
        get_reading("loose")
    assert str(caught.value) == "unknown reading 'loose': choose one of default, literal"
    assert isinstance(caught.value, ShellcountError)
    with pytest.raises(ReadingError, match="choose one of default, literal"):
        parse_figure("6,700", reading="loose")


def test_a_reading_is_read_once() -> None:
    assert get_reading("default") is get_reading("default")


# --- the contract's worked examples ---------------------------------------------------

CONTRACT = [
    ("6,700", (6650, 6750, False)),
    ("1 million", (950_000, 1_050_000, False)),
    ("about 6,700", (6600, 6800, False)),
    ("about 1 million", (900_000, 1_100_000, False)),
    ("nearly 1,000", (950, 1000, False)),
    ("hundreds", (200, 1000, True)),
    ("millions", (2e6, 1e7, True)),
    ("tens of thousands", (20_000, 100_000, True)),
    ("hundreds of thousands", (200_000, 1_000_000, True)),
    ("a few hundred", (200, 500, False)),
    ("several million", (3e6, 9e6, False)),
    ("dozens", (24, 144, True)),
    ("at least several million", (3e6, INF, False)),
    ("half a million", (450_000, 550_000, False)),
    ("about half a million", (400_000, 600_000, False)),
    ("exactly 6,700", (6700, 6700, False)),
    ("1-1.5 million", (1e6, 1.5e6, False)),
    ("about 1-1.5 million", (900_000, 1_600_000, False)),
]


@pytest.mark.parametrize(("text", "expected"), CONTRACT, ids=[t for t, _ in CONTRACT])
def test_the_contracts_examples(text: str, expected: tuple[float, float, bool]) -> None:
    low, high, high_excluded = expected
    assert parse_figure(text).interval == Interval(low, high, high_excluded=high_excluded)


STEPS = [
    ("6,700", 100),
    ("3 million", 1_000_000),
    ("1.5 million", 100_000),
    ("7,000", 1000),
    ("1 million", 100_000),
    ("1,000", 100),
    ("10", 1),
    ("1.50 million", 10_000),
]


@pytest.mark.parametrize(("text", "step"), STEPS, ids=[t for t, _ in STEPS])
def test_the_contracts_steps(text: str, step: float) -> None:
    assert parse_figure(text).step == step


def test_the_literal_reading_steps_by_the_last_non_zero_digit() -> None:
    assert parse_figure("1 million", reading="literal").step == 1_000_000
    assert parse_figure("1.50 million", reading="literal").step == 100_000


# --- the literal reading reproduces format 1 ------------------------------------------


def _captured() -> list[list[Any]]:
    rows: list[list[Any]] = json.loads((DATA / "literal_reading.json").read_text("utf-8"))[
        "figures"
    ]
    return rows


def test_the_literal_reading_reproduces_format_1() -> None:
    """Every figure captured from the grammar before readings existed (see the fixture's
    note) reads the same by the literal reading: interval, value and step."""
    rows = _captured()
    assert len(rows) > 3000
    for text, about, value, _hedge, step, low, high, low_excluded, high_excluded in rows:
        figure = parse_figure(text, about=about, reading="literal")
        expected = Interval(
            low,
            INF if high is None else high,
            low_excluded=low_excluded,
            high_excluded=high_excluded,
        )
        assert (figure.interval, figure.value, figure.step) == (expected, value, step), text


def test_the_hedge_kinds_are_format_1s_but_for_the_new_vague_words() -> None:
    renamed = {"dozens": "plural", "tens-of": "plural", "hundreds-of": "plural"}
    for text, about, _value, old_hedge, *_ in _captured():
        hedge = parse_figure(text, about=about, reading="literal").hedge
        assert old_hedge == (
            None if hedge is None else " ".join(renamed.get(k, k) for k in hedge.split())
        ), text


# --- separators, approx., exactly ---------------------------------------------------


@pytest.mark.parametrize("space", ["\u2009", "\u202f", "\u00a0"], ids=["thin", "narrow", "nbsp"])
def test_thin_and_no_break_spaces_group_thousands(space: str) -> None:
    assert parse_figure(f"6{space}700").interval == Interval(6650, 6750)
    assert parse_figure(f"1{space}500{space}000").value == 1_500_000
    assert parse_figure(f"about 6{space}700.5").value == 6700.5
    assert parse_figure(f"6{space}000-7{space}000").interval == Interval(6000, 7000)
    assert parse_figure(f"6{space}million").value == 6e6  # between words it is a space


SPACE_GROUPS = [
    ("6\u200970", "is not a well-formed number"),
    ("6\u20097000", "is not a well-formed number"),
    ("67\u2009000\u200900", "is not a well-formed number"),
    ("6\u2009\u2009700", "does not read as one number"),  # two spaces are a space
]


@pytest.mark.parametrize(("text", "reason"), SPACE_GROUPS, ids=[repr(t) for t, _ in SPACE_GROUPS])
def test_space_groups_are_of_three_digits(text: str, reason: str) -> None:
    with pytest.raises(FigureError, match=reason):
        parse_figure(text)


def test_an_ordinary_space_between_digits_is_refused() -> None:
    with pytest.raises(FigureError, match="does not read as one number"):
        parse_figure("6 700")


@pytest.mark.parametrize(
    "text", ["approx. 6,700", "approx.6,700", "Approx. 6,700", "APPROX. 6,700", "approx.  6,700"]
)
def test_approx_with_its_dot(text: str) -> None:
    figure = parse_figure(text)
    assert (figure.hedge, figure.interval) == ("about", Interval(6600, 6800))


def test_approx_alone_has_no_number() -> None:
    with pytest.raises(FigureError, match=re.escape("the hedge 'approx.' has no number")):
        parse_figure("approx.")


@pytest.mark.parametrize("reading", READING_NAMES)
@pytest.mark.parametrize("text", ["exactly 6,700", "precisely 6,700", "Exactly 6,700"])
def test_exactly_is_the_number_itself(text: str, reading: str) -> None:
    figure = parse_figure(text, reading=reading)
    assert (figure.hedge, figure.interval, figure.step) == ("exactly", Interval(6700, 6700), 100)


# --- refusals: the exact messages -----------------------------------------------------

GRAMMAR = "is not a number the grammar accepts"
EXAMPLES_HINT = "(expected e.g. 'about 4,200', 'more than two million', '1-2.5 million')"
REFUSALS = [
    (
        "30 percent",
        f"figure '30 percent' {GRAMMAR}: 'percent' is a unit; units belong in 'unit:' "
        "(e.g. figure: 30, unit: percent)",
    ),
    (
        "about 6,700 containers",
        f"figure 'about 6,700 containers' {GRAMMAR}: 'containers' is a unit; units belong in "
        "'unit:' (e.g. figure: about 6,700, unit: container)",
    ),
    (
        "three million shells",
        f"figure 'three million shells' {GRAMMAR}: 'shells' is a unit; units belong in "
        "'unit:' (e.g. figure: three million, unit: shell)",
    ),
    (
        "40 km",
        f"figure '40 km' {GRAMMAR}: 'km' is a unit; units belong in 'unit:' "
        "(e.g. figure: 40, unit: kilometer)",
    ),
    (
        "2 billion USD",
        f"figure '2 billion USD' {GRAMMAR}: 'usd' is a unit; units belong in 'unit:' "
        "(e.g. figure: 2 billion, unit: USD)",
    ),
    (
        "30%",
        f"figure '30%' {GRAMMAR}: '%' is a unit; units belong in 'unit:' "
        "(e.g. figure: 30, unit: percent)",
    ),
    (
        "$5 million",
        f"figure '$5 million' {GRAMMAR}: '$' is a unit; units belong in 'unit:' "
        "(e.g. figure: 5 million, unit: USD)",
    ),
    (
        "US$2 billion",
        f"figure 'US$2 billion' {GRAMMAR}: 'us$' is a unit; units belong in 'unit:' "
        "(e.g. figure: 2 billion, unit: USD)",
    ),
    (
        "S$40",
        f"figure 'S$40' {GRAMMAR}: 's$' is a unit; units belong in 'unit:' "
        "(e.g. figure: 40, unit: SGD)",
    ),
    (
        "€3bn",
        f"figure '€3bn' {GRAMMAR}: '€' is a unit; units belong in 'unit:' "
        "(e.g. figure: 3bn, unit: EUR)",
    ),
    (
        "£300",
        f"figure '£300' {GRAMMAR}: '£' is a unit; units belong in 'unit:' "
        "(e.g. figure: 300, unit: GBP)",
    ),
    (
        "5km",
        f"figure '5km' {GRAMMAR}: '5km' has an unknown suffix 'km' (k, M, mn, B or bn); "
        "units belong in 'unit:' (e.g. figure: 5, unit: kilometer)",
    ),
    (
        "three milion",
        f"figure 'three milion' {GRAMMAR}: 'milion' is not a number, scale or hedge word; "
        "did you mean 'million'?",
    ),
    (
        "aproximately 6,700",
        f"figure 'aproximately 6,700' {GRAMMAR}: 'aproximately' is not a number, scale or "
        "hedge word; did you mean 'approximately'?",
    ),
    (
        "sevral thousand",
        f"figure 'sevral thousand' {GRAMMAR}: 'sevral' is not a number, scale or hedge word; "
        "did you mean 'several'?",
    ),
    (
        "5,2 million",
        f"figure '5,2 million' {GRAMMAR}: '5,2' reads as a malformed group of thousands "
        "(',' separates groups of three digits, '.' starts the decimals); "
        "did you mean '5.2 million'?",
    ),
    (
        "2million",
        f"figure '2million' {GRAMMAR}: '2million' has an unknown suffix 'million' "
        "(k, M, mn, B or bn); did you mean '2 million'?",
    ),
    (
        "6,700\u2009000",
        f"figure '6,700\\u2009000' {GRAMMAR}: '6,700\\u2009000' mixes thousands separators, "
        f"',' and a thin space: use one kind throughout {EXAMPLES_HINT}",
    ),
    (
        "12 apples",
        f"figure '12 apples' {GRAMMAR}: 'apples' is not a number, scale or hedge word "
        f"{EXAMPLES_HINT}",
    ),
    (
        "almost a few hundred",
        "figure 'almost a few hundred' cannot be used: 'almost' cannot qualify a quantity "
        "that is already vague",
    ),
    (
        "exactly dozens",
        "figure 'exactly dozens' cannot be used: 'exactly' cannot qualify a quantity that "
        "is already vague",
    ),
    (
        "x" * 201,
        f"figure '{'x' * 77}...' is too long to be a figure (201 characters; at most 200): "
        "a figure is a number and a few words, and the source's text belongs in 'quote:'",
    ),
]


@pytest.mark.parametrize(("text", "message"), REFUSALS, ids=[repr(t)[:30] for t, _ in REFUSALS])
def test_refusal_messages(text: str, message: str) -> None:
    with pytest.raises(FigureError) as caught:
        parse_figure(text)
    assert str(caught.value) == message


def test_a_unit_hint_without_a_figure_that_reads() -> None:
    # Taking the unit out leaves words the grammar does not read: no example figure then.
    with pytest.raises(FigureError) as caught:
        parse_figure("30 percent or so")
    assert str(caught.value).endswith("units belong in 'unit:' (e.g. unit: percent)")


def test_a_figure_of_exactly_the_longest_length_is_read() -> None:
    text = "about 6,700" + " " * (MAX_FIGURE_LENGTH - len("about 6,700"))
    assert parse_figure(text).value == 6700


# --- the work stays linear ------------------------------------------------------------


def test_a_huge_figure_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(grammar, "tokenize", lambda text, **_: calls.append(text) or [])
    with pytest.raises(FigureError, match=r"too long to be a figure \(100,000 characters"):
        parse_figure("1-" * 50_000)
    assert calls == []


def _tokens_parsed_as_numbers(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    """How many tokens the grammar hands to its number parser while reading ``text``."""
    seen = [0]
    single = grammar._single

    def counting(tokens: list[Any]) -> Any:
        seen[0] += len(tokens)
        return single(tokens)

    monkeypatch.setattr(grammar, "_single", counting)
    with contextlib.suppress(Rejected, Unusable):
        grammar.read(tokenize(text))
    monkeypatch.setattr(grammar, "_single", single)
    return seen[0]


# What the range splitter may add beyond one pass over the tokens: each side of at most
# MAX_NUMBER_TOKENS + 1 separators, each side at most MAX_NUMBER_TOKENS tokens.
_BOUND = 2 * (grammar.MAX_NUMBER_TOKENS + 1) * grammar.MAX_NUMBER_TOKENS


@pytest.mark.parametrize(
    "piece", ["1-", "1 to ", "twenty-", "- ", "between 1 and ", "1,000-", "a-"], ids=repr
)
def test_the_range_search_is_linear(monkeypatch: pytest.MonkeyPatch, piece: str) -> None:
    """The grammar read well past the length limit (called inside it): the number parser
    sees each token about once, plus a constant, not once per separator."""
    for repeats in (10, 100, 1000, 10_000):
        text = piece * repeats + "1"
        count = len(tokenize(text))
        assert _tokens_parsed_as_numbers(monkeypatch, text) <= 2 * count + _BOUND, repeats


def test_the_longest_number_fits_the_range_search() -> None:
    """The bound the splitter relies on: no number the grammar reads is longer."""
    group = "twenty-one hundred and ninety-nine"
    longest = f"{group} billion and {group} million and {group} thousand and {group}"
    tokens = tokenize(longest)
    assert len(tokens) == grammar.MAX_NUMBER_TOKENS
    assert grammar._single(tokens) is not None
    # A range of two of them is still found (read inside the length limit).
    statement = grammar.read(tokenize(f"{longest} to {longest}"))
    assert isinstance(statement.what, grammar.Range)


def test_a_long_figure_within_the_limit_takes_little_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = ("1-" * MAX_FIGURE_LENGTH)[:MAX_FIGURE_LENGTH]
    tokens = len(tokenize(text))
    assert _tokens_parsed_as_numbers(monkeypatch, text) <= 2 * tokens + _BOUND


# --- properties -------------------------------------------------------------------------

_MANTISSAS = st.one_of(
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.integers(0, 10**6).map(str),
    st.decimals(0, 10**4, places=3, allow_nan=False, allow_infinity=False).map(str),
)
_BARE = st.tuples(_MANTISSAS, st.sampled_from(["", " thousand", " million", "k", "M"])).filter(
    lambda parts: not (parts[1] and ("," in parts[0] or len(parts[0]) > 12))
)


def _text(parts: tuple[str, str]) -> str:
    return "".join(parts)


@given(_BARE)
def test_a_bare_figure_by_default_holds_x_and_is_one_step_wide(parts: tuple[str, str]) -> None:
    text = _text(parts)
    try:
        figure = parse_figure(text)
    except FigureError:
        return  # "6.700" and its kin are refused as ambiguous
    assert figure.value is not None
    assert figure.interval.contains(figure.value)
    assert figure.interval.high - figure.interval.low == pytest.approx(figure.step)
    exponent = math.log10(figure.step)
    assert exponent == pytest.approx(round(exponent))  # a power of ten


@given(_BARE)
def test_literal_is_within_default_for_bare_figures(parts: tuple[str, str]) -> None:
    text = _text(parts)
    try:
        default = parse_figure(text)
    except FigureError:
        return
    literal = parse_figure(text, reading="literal")
    assert default.interval.low <= literal.interval.low <= literal.interval.high
    assert literal.interval.high <= default.interval.high
    assert default.step <= literal.step


@given(st.integers(1, 10**15))
def test_the_step_of_a_whole_number(n: int) -> None:
    """The place value of the last non-zero digit, one digit finer if that is the only
    significant digit and it is 1 (1,000 -> 100, 1,200 -> 100, 2,000 -> 1,000)."""
    digits = str(n)
    significant = digits.rstrip("0")
    place = 10 ** (len(digits) - len(significant))
    expected = place / 10 if significant == "1" else place
    assert parse_figure(f"{n:,}").step == pytest.approx(expected)
    assert parse_figure(f"{n:,}", reading="literal").step == place


@given(_BARE, st.sampled_from(["about", "almost", "exactly", "more than", "up to"]))
def test_every_hedged_figure_holds_its_number(parts: tuple[str, str], hedge: str) -> None:
    text = f"{hedge} {_text(parts)}"
    for reading in READING_NAMES:
        try:
            figure = parse_figure(text, reading=reading)
        except FigureError:
            return
        assert figure.value is not None
        assert figure.interval.contains(figure.value), (reading, text)


@given(_BARE)
def test_about_is_wider_than_bare_by_default(parts: tuple[str, str]) -> None:
    try:
        bare = parse_figure(_text(parts))
    except FigureError:
        return
    about = parse_figure(f"about {_text(parts)}")
    assert about.interval.low <= bare.interval.low
    assert bare.interval.high <= about.interval.high


# --- the rule notation and the file's checks ------------------------------------------

RULES = [
    # text, values, expected interval
    ("[x - s/2, x + s/2]", {"x": "6700", "s": "100"}, Interval(6650, 6750)),
    ("[x, open)", {"x": "5"}, Interval(5, INF)),
    ("[0, x)", {"x": "5"}, Interval(0, 5, high_excluded=True)),
    ("[2, 10) × 10 × scale", {"scale": "1000"}, Interval(20_000, 100_000, high_excluded=True)),
    ("[3 × scale, 9 × scale]", {"scale": "100"}, Interval(300, 900)),
    ("[24, 144)", {}, Interval(24, 144, high_excluded=True)),
    ("[(x - s) / 2 * 2, -(-x)]", {"x": "10", "s": "1"}, Interval(9, 10)),
    ("[x-s,x+s]", {"x": "1", "s": "0.1"}, Interval(0.9, 1.1)),
]


@pytest.mark.parametrize(("text", "values", "expected"), RULES, ids=[r[0] for r in RULES])
def test_the_rule_notation(text: str, values: dict[str, str], expected: Interval) -> None:
    shape = parse_rule(text)
    assert shape.apply({name: Decimal(v) for name, v in values.items()}) == expected


def test_a_union_rule() -> None:
    shape = parse_rule("A ∪ B")
    assert shape.apply({"A": Interval(1, 2), "B": Interval(5, 6)}) == Interval(1, 6)


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "[x, x",
        "[x, x] extra",
        "[x × s, x]",
        "[x / s, x]",
        "[x / 0, x]",
        "[open, x]",
        "[x, open]",
        "[A, B]",
        "x ∪ y",
        "__import__('os').system('true')",
        "[x ** 2, x]",
        "",
    ],
)
def test_what_is_not_a_rule(text: str) -> None:
    with pytest.raises(readings._NotARule):
        parse_rule(text)


def _broken(change: Any) -> str:
    data = copy.deepcopy(packaged_data())
    change(data)
    with pytest.raises(ReadingsFileError) as caught:
        readings.build(data)
    return str(caught.value)


def test_the_packaged_data_builds() -> None:
    built = readings.build(packaged_data())
    assert tuple(built.readings) == READING_NAMES


BROKEN = [
    (
        lambda d: d["readings"]["default"]["rules"]["about"].update(interval="[x - z, x + z]"),
        "readings.yaml: readings.default.rules.about.interval: '[x - z, x + z]' uses z; "
        "the about rule knows only s, x",
    ),
    (
        lambda d: d["readings"]["literal"]["rules"]["plural"].update(interval="[x × s, x]"),
        "readings.yaml: readings.literal.rules.plural.interval: '[x × s, x]' is not a rule: "
        "a product of two names is not linear",
    ),
    (
        lambda d: d["readings"]["default"]["rules"]["dozens"].pop("why"),
        "readings.yaml: readings.default.rules.dozens: missing why",
    ),
    (
        lambda d: d["readings"]["default"]["rules"]["range"].update(examples=[]),
        "readings.yaml: readings.default.rules.range.examples: expected at least one example",
    ),
    (
        lambda d: d["readings"]["default"]["rules"].pop("a-few"),
        "readings.yaml: readings.default.rules: missing a-few",
    ),
    (
        lambda d: d["readings"]["default"]["rules"].update(lots={}),
        "readings.yaml: readings.default.rules: unexpected lots",
    ),
    (
        lambda d: d["readings"]["literal"].update(step="rounded"),
        "readings.yaml: readings.literal.step: expected one of significant, last-non-zero",
    ),
    (
        lambda d: d["readings"].update(generous=d["readings"]["default"]),
        "readings.yaml: readings: the file has ('default', 'literal', 'generous'), "
        "shellcount.ledger.readings.READING_NAMES is ('default', 'literal'): keep them the same",
    ),
    (
        lambda d: d["hedges"]["almost"].append("over"),
        "readings.yaml: hedges.almost: 'over' is also a word of 'more-than'",
    ),
    (
        lambda d: d["hedges"]["almost"].append("Nearly"),
        "readings.yaml: hedges.almost: 'Nearly' is neither lower-case words with single "
        "spaces (an optional '.' ending a word) nor symbols",
    ),
]


@pytest.mark.parametrize(("change", "message"), BROKEN, ids=[m.split(": ")[1] for _, m in BROKEN])
def test_a_broken_file_names_the_row(change: Any, message: str) -> None:
    assert _broken(change) == message
