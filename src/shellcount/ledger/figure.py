"""The figure grammar: turn a figure as reported ("about 4,200") into an interval.

A figure is an optional hedge, a number and an optional scale word (the contract is the
"Figure grammar" section of the claims-file format). Numbers may be written with
thousands separators (``4,200``, or a thin or no-break space: ``4 200``), decimals
(``2.5``), a leading ``-`` (the percentages of ``relative_to`` claims), a suffix
(``500k``, ``3M``, ``2.5bn``), scale words (``2.5 million``), in words (``twenty-five``,
``two hundred and fifty thousand``, ``a dozen``) or as a part of a scale (``half a
million``, ``a quarter of a million``). A range joins two numbers with ``-``, ``–``,
``to`` or ``between ... and ...``; a scale given only on the high end applies to both
(``1-2.5 million``). The vague quantities are ``a few`` and ``several`` before a scale
(``a few hundred``, ``several million``), ``dozens``, a plural scale (``hundreds``,
``millions``) and ``tens of`` or ``hundreds of`` before one (``tens of thousands``).

What a figure means as an interval is a *reading*. The hedge words and every reading's
rules are data, in ``data/readings.yaml`` (loaded by :mod:`shellcount.ledger.readings`), one
rule per kind of figure with the reason for it. In brief, with ``x`` the stated number
and ``s`` its step: the ``default`` reading (the contract's table) rounds a bare figure
at its last significant digit, ``[x - s/2, x + s/2]`` (4,200 is [4,150, 4,250]; a figure
whose only significant digit is 1 is read one digit finer), takes the ``about`` words as
one step each way and ``almost`` as half a step below, and gives the vague quantities
bounds below the next order of magnitude (``hundreds`` is [200, 1,000)). The ``literal``
reading is format 1's first table, kept so that earlier results are reproduced: a bare
figure exact, ``about`` half the place value of the last non-zero digit each way,
``almost`` a whole one below, a plural ``[2, 1000) × scale``.

Reading a figure takes two stages. The grammar finds what the figure says (its hedge,
and a number, a vague quantity or a range), whatever the reading
(:mod:`~shellcount.ledger.figure_words` cuts the figure into tokens,
:mod:`~shellcount.ledger.figure_statement` reads them); the reading's rule for that kind
then gives the interval (this module). The ``about`` tolerance (``--about``) replaces the
``about`` words' rule by ``[x - about·|x|, x + about·|x|]`` in every reading.

Combined hedges. A hedge before a range or a vague quantity is recorded in
:attr:`Figure.hedge` as two kinds separated by one space, the written order kept:
``"about range"``, ``"more-than several"``, ``"up-to plural"``. So ``hedge.split()[-1]``
is always what was hedged and ``hedge.split()[0]`` the hedge. A hedged range is the hull
of both ends' hedged intervals. Before a vague quantity, ``more-than`` keeps the low end
and opens the high one, ``up-to`` and ``fewer-than`` keep the high end and start at 0,
and the ``about`` words add nothing (the vague word already says the count is
approximate, so the ``about`` tolerance does not widen it); ``almost`` and ``exactly``
there are rejected, as they have no sensible reading.

Anything the grammar does not accept is a :class:`~shellcount.errors.FigureError` that
quotes the figure, with a suggestion where one would read (a unit belongs in ``unit:``;
a misspelt word; a comma written for a decimal point): the parser never guesses. A
figure longer than :data:`MAX_FIGURE_LENGTH` is refused before it is read, and nothing
in the grammar does more than linear work in the figure's length. Arithmetic is done in
:class:`Decimal`, so that ``2.6 million`` is exactly 2,600,000 and its step exactly
100,000.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from decimal import Decimal

from shellcount.arithmetic.interval import Interval
from shellcount.errors import FigureError
from shellcount.ledger.figure_statement import Range, Statement, Vague, statement
from shellcount.ledger.figure_words import Rejected, Unusable
from shellcount.ledger.readings import DEFAULT_READING, Reading, get_reading, hedge_words
from shellcount.record import record

__all__ = ["HEDGE_WORDS", "MAX_FIGURE_LENGTH", "Figure", "parse_figure", "parse_tolerance"]

MAX_FIGURE_LENGTH = 200
"""The longest figure read, in characters: a figure is a number and a few words."""

_EXAMPLES = "expected e.g. 'about 4,200', 'more than two million', '1-2.5 million'"

# The spaces before '%' belong to it: with '\s*(%?)\s*' two runs of spaces share out a
# long run in every way before failing (quadratic).
_TOLERANCE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:\s*(%))?\s*")

_INF = math.inf


@record
class Figure:
    """A parsed figure, as one reading gives it.

    ``hedge`` is the canonical hedge kind (``exactly``, ``about``, ``more-than``,
    ``up-to``, ``fewer-than``, ``almost``; ``a-few``, ``several``, ``dozens``,
    ``plural``, ``tens-of``, ``hundreds-of`` for a vague quantity; ``range``), ``None``
    for a bare number; a hedge before a range or a vague quantity gives two kinds joined
    by a space, the hedge first (``"about range"``, ``"more-than several"``). ``value``
    is the stated number with the hedge set aside (a range's midpoint), ``None`` when no
    number is stated (``several million``). ``step`` is the step ``s`` the reading used
    (a range takes the finer of its ends; 1 when no number is stated); ``reading`` is
    the reading's name.
    """

    text: str
    value: float | None
    interval: Interval
    hedge: str | None
    step: float
    reading: str


HEDGE_WORDS: dict[str, tuple[str, ...]]  # kind -> words; given by __getattr__ below


def __getattr__(name: str) -> dict[str, tuple[str, ...]]:
    # HEDGE_WORDS (kind -> words) comes from the readings file, read on first use rather
    # than on import, so that importing the grammar does not load PyYAML.
    if name == "HEDGE_WORDS":
        return hedge_words()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_figure(
    figure: str | int | float, *, about: float | None = None, reading: str = DEFAULT_READING
) -> Figure:
    """Parse a figure as written in a claims file (text, or a plain YAML number) by a reading.

    ``about`` replaces the interval of the ``about`` hedges by ``x ± about·|x|``.
    ``reading`` names the reading (see :mod:`shellcount.ledger.readings`); an unknown name is a
    :class:`~shellcount.readings.ReadingError`. Raises :class:`FigureError`, and nothing
    else, for anything the grammar does not accept.
    """
    chosen = get_reading(reading)
    if about is not None and not (isinstance(about, (int, float)) and 0 < about < 1):
        raise FigureError(f"the 'about' tolerance must be between 0 and 1 (e.g. 0.1), not {about}")
    if isinstance(figure, bool):
        raise FigureError(f"figure {figure} is a yes/no value, not a number")
    if isinstance(figure, (int, float)):
        return _parse_yaml_number(figure, chosen)
    if not isinstance(figure, str):
        raise FigureError(f"figure {figure!r} is not a number or a text figure ({_EXAMPLES})")
    if len(figure) > MAX_FIGURE_LENGTH:
        # Before any reading: the grammar's work then stays small whatever a file holds.
        raise FigureError(
            f"figure {_quote(figure)} is too long to be a figure ({len(figure):,} characters; "
            f"at most {MAX_FIGURE_LENGTH}): a figure is a number and a few words, and the "
            "source's text belongs in 'quote:'"
        )
    return _parse_text(figure, None if about is None else float(about), chosen.name)


def parse_tolerance(text: str) -> float:
    """The ``--about`` tolerance: ``10%`` or ``0.1`` -> 0.1; it must lie strictly in (0, 1)."""
    match = _TOLERANCE.fullmatch(text) if isinstance(text, str) else None
    hint = ""
    if match is not None:
        number, percent = match.groups()
        tolerance = float(number) / 100 if percent else float(number)
        if 0 < tolerance < 1:
            return tolerance
        if not percent and 1 <= tolerance < 100:
            hint = f" (did you mean {number}%?)"
    raise FigureError(
        f"tolerance {_quote(str(text))} is not accepted: give a fraction between 0 and 1 "
        f"(e.g. 0.1) or a percentage between 0% and 100% (e.g. 10%){hint}"
    )


def _parse_yaml_number(figure: int | float, reading: Reading) -> Figure:
    """A YAML number reads as the same bare figure written as text."""
    if isinstance(figure, float) and not math.isfinite(figure):
        raise FigureError(f"figure {figure} is not a finite number")
    try:
        # YAML has already dropped any written trailing zeros (1.50 is 1.5), so the
        # shortest decimal form is all there is to read: normalized, 3e6 is 3E+6.
        exact = (Decimal(figure) if isinstance(figure, int) else Decimal(repr(figure))).normalize()
        if not math.isfinite(float(exact)):
            raise OverflowError(figure)
        return _figure(str(figure), Statement(None, exact), reading, None)
    except ArithmeticError:
        raise FigureError(f"figure {figure} is too large to use") from None


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str, about: float | None, reading: str) -> Figure:
    # Figures repeat across large files and a Figure is immutable, so a cache is safe.
    try:
        return _figure(text, statement(text), get_reading(reading), about)
    except Rejected as rejected:
        detail = f"; {rejected.hint}" if rejected.hint else f" ({_EXAMPLES})"
        raise FigureError(
            f"figure {_quote(text)} is not a number the grammar accepts: {rejected.reason}{detail}"
        ) from None
    except Unusable as reason:
        raise FigureError(f"figure {_quote(text)} cannot be used: {reason}") from None
    except ArithmeticError:
        # Decimal and float overflow on absurdly long digit strings: not a real count.
        raise FigureError(f"figure {_quote(text)} is too large to use") from None


# --- the second stage: the reading ----------------------------------------------------


def _figure(text: str, statement: Statement, reading: Reading, about: float | None) -> Figure:
    """The figure's interval and step by the reading's rules."""
    hedge, what = statement.hedge, statement.what
    if isinstance(what, Vague):
        interval = _vague_interval(reading, hedge, what)
        return Figure(text, None, interval, _joined(hedge, what.kind), 1.0, reading.name)
    if isinstance(what, Range):
        low_step, high_step = _step(reading, what.low), _step(reading, what.high)
        if hedge is None:
            interval = reading.rules["range"].apply({"a": what.low, "b": what.high})
        else:
            interval = reading.rules["hedged-range"].apply(
                {
                    "A": _hedged(reading, hedge, what.low, low_step, about),
                    "B": _hedged(reading, hedge, what.high, high_step, about),
                }
            )
        value = _float((what.low + what.high) / 2)
        finer = _float(min(low_step, high_step))
        return Figure(text, value, interval, _joined(hedge, "range"), finer, reading.name)
    step = _step(reading, what)
    interval = _hedged(reading, hedge, what, step, about)
    return Figure(text, _float(what), interval, hedge, _float(step), reading.name)


def _joined(hedge: str | None, hedged: str) -> str:
    return hedged if hedge is None else f"{hedge} {hedged}"


def _hedged(
    reading: Reading, kind: str | None, x: Decimal, step: Decimal, about: float | None
) -> Interval:
    """One number's interval under a hedge, by the reading's rule for it; ``step`` is its s."""
    if kind == "about" and about is not None:
        value = _float(x)
        spread = about * abs(value)
        return Interval(value - spread, value + spread)
    return reading.rules[kind or "bare"].apply({"x": x, "s": step})


def _vague_interval(reading: Reading, hedge: str | None, vague: Vague) -> Interval:
    interval = reading.rules[vague.kind].apply({"scale": vague.scale})
    if hedge is None or hedge == "about":
        # The vague word already says "approximately"; an about-hedge adds nothing to it.
        return interval
    if hedge == "more-than":
        return Interval(interval.low, _INF)
    if hedge == "up-to":
        return Interval(0.0, interval.high, high_excluded=interval.high_excluded)
    return Interval(0.0, interval.high, high_excluded=True)  # fewer-than


def _step(reading: Reading, x: Decimal) -> Decimal:
    """The step ``s`` of a number, the way the reading finds it."""
    return _STEPS[reading.step](x)


def _place(x: Decimal) -> Decimal:
    """The place value of the last non-zero digit: 4,200 -> 100, 2.5 -> 0.1, 0 -> 1."""
    if not x:
        return Decimal(1)
    return Decimal(1).scaleb(_exponent(x.normalize()))


def _significant_step(x: Decimal) -> Decimal:
    """The place value of the last significant digit, one digit finer if the only one is 1.

    4,200 -> 100; 1.50 million -> 10,000; 1 million -> 100,000 (near 1 × 10^n a writer adds
    a digit when it matters, so "1 million" does not stand for anything up to 1.5 million).
    """
    if not x:
        return Decimal(1)
    step = Decimal(1).scaleb(_exponent(x))
    return step / 10 if abs(x) == step else step


_STEPS: dict[str, Callable[[Decimal], Decimal]] = {
    "last-non-zero": _place,
    "significant": _significant_step,
}


def _exponent(x: Decimal) -> int:
    exponent = x.as_tuple().exponent
    assert isinstance(exponent, int)  # finite by construction
    return exponent


def _float(x: Decimal) -> float:
    value = float(x)
    if not math.isfinite(value):
        raise OverflowError(x)
    return value


def _quote(text: str) -> str:
    # repr keeps the message on one line whatever the text holds.
    return repr(text if len(text) <= 80 else text[:77] + "...")
