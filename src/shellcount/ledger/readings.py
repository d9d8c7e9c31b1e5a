"""Readings: what a hedged figure means as an interval, kept as data.

The packaged ``data/readings.yaml`` holds the hedge words of each kind and the readings
(``default``, the contract's table, and ``literal``, format 1's first table). Each
reading has a one-line summary, the way it finds a number's step ``s``, and one rule per
kind of figure, written in the contract's notation (``[x - s/2, x + s/2]``,
``[x, open)``, ``[2, 10) × 10 × scale``, ``A ∪ B``) with the reason for it. This module
reads the file once, checks it, and parses each rule with a small parser of linear
expressions (no ``eval``), so the file is the one source of truth and its text is what
users are shown. :mod:`shellcount.ledger.figure` applies the rules.

The names and the default are constants, so that the command line can offer them
without reading the file or importing PyYAML; a test checks that they match the file.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, NoReturn

from shellcount.arithmetic.interval import Interval, hull
from shellcount.choices import ReadingName
from shellcount.errors import ShellcountError
from shellcount.packaged import packaged_path
from shellcount.record import record

__all__ = [
    "DEFAULT_READING",
    "HEDGE_KINDS",
    "READING_NAMES",
    "RULE_KINDS",
    "STEP_METHODS",
    "Example",
    "Linear",
    "Reading",
    "ReadingError",
    "ReadingsData",
    "ReadingsFileError",
    "Rule",
    "build",
    "get_reading",
    "hedge_words",
    "parse_rule",
]

READING_NAMES: tuple[str, ...] = tuple(name.value for name in ReadingName)
"""The readings in the packaged file, in its order (checked when it is loaded). The
command line's ``--reading`` choices (``shellcount.choices``) are the same names."""

DEFAULT_READING = ReadingName.DEFAULT.value

HEDGE_KINDS: tuple[str, ...] = ("exactly", "about", "more-than", "up-to", "fewer-than", "almost")
"""The hedges that take a number; the file lists the words of each."""

STEP_METHODS: tuple[str, ...] = ("significant", "last-non-zero")
"""How a reading finds a number's step ``s`` (the grammar computes both)."""

# Each kind of rule and the names its interval may use: what the grammar binds when it
# applies the rule. A name outside these is a typo in the file, caught when it is read.
_NUMBER_NAMES = frozenset({"x", "s"})
_VAGUE_NAMES = frozenset({"scale"})
_NAMES_BY_KIND: dict[str, frozenset[str]] = {
    "bare": _NUMBER_NAMES,
    **dict.fromkeys(HEDGE_KINDS, _NUMBER_NAMES),
    **dict.fromkeys(
        ("a-few", "several", "dozens", "plural", "tens-of", "hundreds-of"), _VAGUE_NAMES
    ),
    "range": frozenset({"a", "b"}),
    "hedged-range": frozenset({"A", "B"}),  # intervals, not numbers: joined by ∪
}
RULE_KINDS: tuple[str, ...] = tuple(_NAMES_BY_KIND)
"""Every kind a reading has one rule for."""

_INTERVAL_NAMES = frozenset({"A", "B"})
_FILE = "readings.yaml"


class ReadingError(ShellcountError):
    """A reading asked for by a name the packaged file does not have."""


class ReadingsFileError(ValueError):
    """The packaged readings file is broken: a bug in shellcount, not the user's mistake."""


@record
class Example:
    """A figure and the interval a reading gives it, as written in the file."""

    figure: str | int | float
    interval: str


@record
class Linear:
    """``constant + Σ coefficient × name``, exactly: one end of a rule, or its factor."""

    constant: Decimal
    terms: tuple[tuple[str, Decimal], ...] = ()  # (name, coefficient), by name

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.terms)

    def evaluate(self, values: Mapping[str, Decimal | Interval]) -> Decimal:
        total = self.constant
        for name, coefficient in self.terms:
            value = values[name]
            if not isinstance(value, Decimal):
                raise TypeError(f"{name} is an interval where a number is needed")
            total += coefficient * value
        return total

    def __add__(self, other: Linear) -> Linear:
        merged = dict(self.terms)
        for name, coefficient in other.terms:
            merged[name] = merged.get(name, Decimal(0)) + coefficient
        return _linear(self.constant + other.constant, merged)

    def __neg__(self) -> Linear:
        return self.times(Decimal(-1))

    def times(self, factor: Decimal) -> Linear:
        return _linear(self.constant * factor, {n: c * factor for n, c in self.terms})

    def __mul__(self, other: Linear) -> Linear:
        # Linear stays linear only when one side is a plain number.
        if not other.terms:
            return self.times(other.constant)
        if not self.terms:
            return other.times(self.constant)
        raise _NotARule("a product of two names is not linear")


def _linear(constant: Decimal, terms: Mapping[str, Decimal]) -> Linear:
    return Linear(constant, tuple(sorted((n, c) for n, c in terms.items() if c)))


@record
class _Bounds:
    """``[low, high]``, ``[low, high)`` or ``[low, open)`` (``high`` None)."""

    low: Linear
    high: Linear | None
    high_excluded: bool

    @property
    def names(self) -> frozenset[str]:
        return self.low.names | (self.high.names if self.high is not None else frozenset())

    def apply(self, values: Mapping[str, Decimal | Interval]) -> Interval:
        low = _finite(self.low.evaluate(values))
        if self.high is None:
            return Interval(low, math.inf)
        return Interval(low, _finite(self.high.evaluate(values)), high_excluded=self.high_excluded)


@record
class _Union:
    """``A ∪ B``: the smallest interval holding both named intervals."""

    first: str
    second: str

    @property
    def names(self) -> frozenset[str]:
        return frozenset({self.first, self.second})

    def apply(self, values: Mapping[str, Decimal | Interval]) -> Interval:
        intervals = [values[self.first], values[self.second]]
        if not all(isinstance(i, Interval) for i in intervals):
            raise TypeError("∪ joins intervals, not numbers")
        return hull(i for i in intervals if isinstance(i, Interval))


@record
class Rule:
    """One row of a reading: the interval of one kind of figure, and why."""

    kind: str
    text: str  # the interval rule as written in the file, e.g. "[x - s/2, x + s/2]"
    why: str
    examples: tuple[Example, ...]
    shape: _Bounds | _Union = field(repr=False)

    def apply(self, values: Mapping[str, Decimal | Interval]) -> Interval:
        """The interval for these values of the rule's names (``x``, ``s``, ``scale``...).

        Raises OverflowError (an ArithmeticError) when an end is too large for a float.
        """
        return self.shape.apply(values)


@record
class Reading:
    """A named reading: its summary, how it finds the step ``s``, and its rules."""

    name: str
    summary: str
    step: str  # one of STEP_METHODS
    rules: Mapping[str, Rule] = field(hash=False)  # kind -> rule, every one of RULE_KINDS


def get_reading(name: str) -> Reading:
    """The reading called ``name``; raises :class:`ReadingError` naming the choices."""
    readings = _file().readings
    if name not in readings:
        raise ReadingError(f"unknown reading {name!r}: choose one of {', '.join(readings)}")
    return readings[name]


def hedge_words() -> dict[str, tuple[str, ...]]:
    """The hedge words of each kind, in the file's order (a fresh dict: the caller's own)."""
    return dict(_file().hedges)


@record
class ReadingsData:
    """The checked contents of a readings file."""

    hedges: Mapping[str, tuple[str, ...]]  # kind -> words, in HEDGE_KINDS
    readings: Mapping[str, Reading]  # name -> reading, in READING_NAMES


@functools.cache
def _file() -> ReadingsData:
    """The packaged file, read and checked once per process (and kept in ``cache``)."""
    from shellcount.ledger import cache

    text = packaged_path(_FILE).read_text("utf-8")
    kept = cache.cached("readings", text, ())
    if isinstance(kept, ReadingsData):
        return kept
    import yaml

    # The C loader is several times faster; the pure-Python one reads the same.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = build(yaml.load(text, Loader=loader))
    cache.keep("readings", data, text, ())
    return data


def build(data: Any) -> ReadingsData:
    """Check the file's contents and build its readings; public for the tests.

    Raises :class:`ReadingsFileError` naming the first broken row.
    """
    _keys(data, "the file", {"hedges", "readings"})
    hedges = _hedges(data["hedges"])
    readings = data["readings"]
    if not isinstance(readings, dict) or tuple(readings) != READING_NAMES:
        names = tuple(readings) if isinstance(readings, dict) else readings
        raise ReadingsFileError(
            f"{_FILE}: readings: the file has {names!r}, shellcount.ledger.readings.READING_NAMES "
            f"is {READING_NAMES!r}: keep them the same"
        )
    built = {name: _reading(name, body) for name, body in readings.items()}
    return ReadingsData(MappingProxyType(hedges), MappingProxyType(built))


def _hedges(data: Any) -> dict[str, tuple[str, ...]]:
    _keys(data, "hedges", set(HEDGE_KINDS))
    seen: dict[str, str] = {}
    hedges: dict[str, tuple[str, ...]] = {}
    for kind, words in data.items():
        where = f"hedges.{kind}"
        if not isinstance(words, list) or not words:
            _broken(where, "expected a list of words")
        for word in words:
            if not isinstance(word, str) or not _HEDGE_WORD.fullmatch(word):
                _broken(
                    where,
                    f"{word!r} is neither lower-case words with single spaces (an optional "
                    "'.' ending a word) nor symbols",
                )
            if word in seen:
                _broken(where, f"{word!r} is also a word of {seen[word]!r}")
            seen[word] = kind
        hedges[kind] = tuple(words)
    return hedges


# Words of letters with single spaces ("more than", "approx."), or symbols ("~", ">=");
# a symbol may not be one of the grammar's own characters (digits, signs, separators).
_HEDGE_WORD = re.compile(r"[a-z]+\.?(?: [a-z]+\.?)*|[^\w\s.,+\-–$%€£]+")


def _reading(name: str, data: Any) -> Reading:
    where = f"readings.{name}"
    _keys(data, where, {"summary", "step", "rules"})
    summary = data["summary"]
    if not isinstance(summary, str) or not summary.strip() or "\n" in summary:
        _broken(f"{where}.summary", "expected one line of text")
    if data["step"] not in STEP_METHODS:
        _broken(f"{where}.step", f"expected one of {', '.join(STEP_METHODS)}")
    _keys(data["rules"], f"{where}.rules", set(RULE_KINDS))
    rules = {kind: _rule(f"{where}.rules.{kind}", kind, row) for kind, row in data["rules"].items()}
    return Reading(name, summary, data["step"], MappingProxyType(rules))


def _rule(where: str, kind: str, data: Any) -> Rule:
    _keys(data, where, {"interval", "why", "examples"})
    text, why, examples = data["interval"], data["why"], data["examples"]
    if not isinstance(text, str):
        _broken(f"{where}.interval", "expected the rule as text, e.g. '[x - s/2, x + s/2]'")
    try:
        shape = parse_rule(text)
    except _NotARule as reason:
        _broken(f"{where}.interval", f"{text!r} is not a rule: {reason}")
    allowed = _NAMES_BY_KIND[kind]
    unknown = shape.names - allowed
    if unknown:
        _broken(
            f"{where}.interval",
            f"{text!r} uses {', '.join(sorted(unknown))}; the {kind} rule knows only "
            f"{', '.join(sorted(allowed))}",
        )
    if not isinstance(why, str) or not why.strip():
        _broken(f"{where}.why", "expected the reason or citation for the rule")
    if not isinstance(examples, list) or not examples:
        _broken(f"{where}.examples", "expected at least one example")
    return Rule(kind, text, why, tuple(_example(f"{where}.examples", e) for e in examples), shape)


def _example(where: str, data: Any) -> Example:
    _keys(data, where, {"figure", "interval"})
    figure, interval = data["figure"], data["interval"]
    if isinstance(figure, bool) or not isinstance(figure, str | int | float):
        _broken(where, f"figure {figure!r} is not a figure")
    if not isinstance(interval, str):
        _broken(where, f"interval {interval!r} is not text such as '[6,650, 6,750]'")
    return Example(figure, interval)


def _keys(data: Any, where: str, expected: set[str]) -> None:
    if not isinstance(data, dict):
        _broken(where, f"expected a mapping with {', '.join(sorted(expected))}")
    missing, extra = expected - set(data), set(data) - expected
    if missing or extra:
        wrong = [f"missing {', '.join(sorted(missing))}"] if missing else []
        wrong += [f"unexpected {', '.join(sorted(map(str, extra)))}"] if extra else []
        _broken(where, "; ".join(wrong))


def _broken(where: str, problem: str) -> NoReturn:
    raise ReadingsFileError(f"{_FILE}: {where}: {problem}")


# --- the rule notation ----------------------------------------------------------------
#
#   rule     := bounds | NAME "∪" NAME
#   bounds   := "[" linear "," (linear | "open") ("]" | ")") ("×" term)?
#   linear   := ["-"] term (("+" | "-") term)*
#   term     := factor (("×" | "*" | "/") factor)*      (division by a number only)
#   factor   := NUMBER | NAME | "(" linear ")"


class _NotARule(Exception):
    """The text is not in the rule notation, for the reason given."""


_RULE_TOKEN = re.compile(r"\s*(?:([0-9]+(?:\.[0-9]+)?)|([A-Za-z]+)|([-+×*/()\[\],∪]))")


def parse_rule(text: str) -> _Bounds | _Union:
    """Parse a rule in the contract's notation; raises _NotARule."""
    parser = _RuleParser(text)
    shape = parser.rule()
    parser.end()
    return shape


class _RuleParser:
    """Recursive descent over the notation; every step consumes a token, so it ends."""

    def __init__(self, text: str) -> None:
        self.tokens = list(self._tokenize(text))
        self.position = 0

    @staticmethod
    def _tokenize(text: str) -> Iterator[str]:
        position, end = 0, len(text.rstrip())
        while position < end:
            match = _RULE_TOKEN.match(text, position)
            if match is None:
                raise _NotARule(f"unexpected {text[position:].strip()[:1]!r}")
            position = match.end()
            yield match.group(match.lastindex or 0)

    def peek(self) -> str:
        return self.tokens[self.position] if self.position < len(self.tokens) else ""

    def take(self, *expected: str) -> str:
        token = self.peek()
        if expected and token not in expected:
            shown = " or ".join(repr(e) for e in expected)
            raise _NotARule(f"expected {shown}, found {token or 'the end'!r}")
        if not token:
            raise _NotARule("it ends too soon")
        self.position += 1
        return token

    def end(self) -> None:
        if self.peek():
            raise _NotARule(f"unexpected {self.peek()!r} after the rule")

    def rule(self) -> _Bounds | _Union:
        if self.peek() != "[":
            first = self.name()
            self.take("∪")
            second = self.name()
            if not {first, second} <= _INTERVAL_NAMES:
                raise _NotARule(f"∪ joins the intervals {' and '.join(sorted(_INTERVAL_NAMES))}")
            return _Union(first, second)
        self.take("[")
        low = self.linear()
        self.take(",")
        if self.peek() == "open":
            self.take()
            self.take(")")
            high: Linear | None = None
            high_excluded = True
        else:
            high = self.linear()
            high_excluded = self.take("]", ")") == ")"
        if self.peek() in ("×", "*"):
            self.take()
            factor = self.term()
            low = low * factor
            high = None if high is None else high * factor
        if {*low.names, *(high.names if high else ())} & _INTERVAL_NAMES:
            raise _NotARule("A and B are intervals: join them with ∪")
        return _Bounds(low, high, high_excluded)

    def name(self) -> str:
        token = self.take()
        if not token.isalpha() or token == "open":
            raise _NotARule(f"expected a name, found {token!r}")
        return token

    def linear(self) -> Linear:
        negative = self.peek() == "-"
        if negative:
            self.take()
        total = self.term()
        if negative:
            total = -total
        while self.peek() in ("+", "-"):
            sign = self.take()
            term = self.term()
            total = total + (term if sign == "+" else -term)
        return total

    def term(self) -> Linear:
        product = self.factor()
        while self.peek() in ("×", "*", "/"):
            operator = self.take()
            factor = self.factor()
            if operator != "/":
                product = product * factor
            elif factor.terms or not factor.constant:
                raise _NotARule("division is by a number other than 0 only")
            else:
                product = product.times(1 / factor.constant)
        return product

    def factor(self) -> Linear:
        token = self.take()
        if token == "(":
            inner = self.linear()
            self.take(")")
            return inner
        if token[0].isdigit():
            try:
                return Linear(Decimal(token))
            except InvalidOperation:  # pragma: no cover - the token pattern admits only digits
                raise _NotARule(f"{token!r} is not a number") from None
        if token.isalpha() and token != "open":
            return Linear(Decimal(0), ((token, Decimal(1)),))
        raise _NotARule(f"expected a number, a name or '(', found {token!r}")


def _finite(value: Decimal) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise OverflowError(value)
    return number
