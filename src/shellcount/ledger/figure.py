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
and a number, a vague quantity or a range), whatever the reading; the reading's rule for
that kind then gives the interval. The ``about`` tolerance (``--about``) replaces the
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

import difflib
import functools
import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from shellcount.arithmetic.interval import Interval
from shellcount.errors import FigureError, UnitError
from shellcount.ledger.readings import DEFAULT_READING, Reading, get_reading, hedge_words
from shellcount.record import record

__all__ = ["HEDGE_WORDS", "MAX_FIGURE_LENGTH", "Figure", "parse_figure", "parse_tolerance"]

MAX_FIGURE_LENGTH = 200
"""The longest figure read, in characters: a figure is a number and a few words."""

_EXAMPLES = "expected e.g. 'about 4,200', 'more than two million', '1-2.5 million'"

# Why a hedge cannot take a number at or below zero; absent kinds take any number.
_NEEDS_POSITIVE: dict[str, str] = {
    "up-to": "counts up from 0, so its number cannot be negative",
    "fewer-than": "counts up from 0, so its number must be above 0",
    "almost": "means a little below a count, so its number must be above 0",
}
# The hedges a vague quantity may take; "almost several" and "exactly dozens" mean nothing.
_HEDGES_OF_VAGUE = frozenset({"about", "more-than", "up-to", "fewer-than"})

_ONES = {
    word: n
    for n, word in enumerate(
        (
            *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
            *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
            *("eighteen", "nineteen"),
        ),
        start=1,
    )
}
_UNITS = {word: n for word, n in _ONES.items() if n < 10}
_TENS = {
    word: 10 * n
    for n, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2
    )
}
_ARTICLES = frozenset({"a", "an"})
_BIGS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SCALE_WORDS = {"hundred": 100, "dozen": 12, **_BIGS}


def _scale(n: int) -> Decimal:
    # Scales are kept normalized (1E+6, not 1_000_000): multiplying a number by one then
    # adds the scale's zeros to the number's exponent, which marks its last significant
    # digit (see _Statement), so 2.5 million is 25E+5 and its step 100,000.
    return Decimal(n).normalize()


# The scale words that may follow a number written in digits, "several" or "a few".
_SCALES: dict[tuple[str, ...], Decimal] = {
    (): Decimal(1),
    ("dozen",): _scale(12),
    ("hundred",): _scale(100),
    **{(big,): _scale(value) for big, value in _BIGS.items()},
    **{("hundred", big): _scale(100 * value) for big, value in _BIGS.items()},
}
# The words that make a vague quantity of the scale after them.
_VAGUE_BEFORE_SCALE = {("several",): "several", ("a", "few"): "a-few"}
# Plural scales: "hundreds", "millions"; "tens of" and "hundreds of" go before the big ones.
_BIG_PLURALS = {big + "s": _scale(value) for big, value in _BIGS.items()}
_PLURALS = {"hundreds": _scale(100), **_BIG_PLURALS}
_ORDERS_OF = {"tens": "tens-of", "hundreds": "hundreds-of"}

# A suffix is its scale word written short.
_SUFFIXES = {
    "": "",
    "k": "thousand",
    "m": "million",
    "mn": "million",
    "b": "billion",
    "bn": "billion",
}

# The grammar's own words; the hedge words come from the readings file (_lexicon).
_GRAMMAR_WORDS = frozenset(
    {*_ONES, *_TENS, *_ARTICLES, *_SCALE_WORDS, *_PLURALS, *_ORDERS_OF, "dozens"}
    | {"several", "few", "half", "quarter", "and", "to", "between", "of"}
)

# Thousands may be grouped by these as well as by ',' (SI and French typography).
_GROUP_SPACES = {
    "\u2009": "a thin space",
    "\u202f": "a narrow no-break space",
    "\u00a0": "a no-break space",
}
_SEPARATOR_NAMES = {",": "','", **_GROUP_SPACES}
_AS_COMMAS = str.maketrans(dict.fromkeys(_GROUP_SPACES, ","))

# Currency and percent signs: units, which belong in the claim's "unit:" field.
_UNIT_SIGNS = {"%": "percent", "$": "USD", "us$": "USD", "s$": "SGD", "€": "EUR", "£": "GBP"}

_NUMBER = re.compile(r"((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)([a-z]*)")
_COMMA_DECIMAL = re.compile(r"[0-9]+,[0-9]{1,2}[a-z]*")
_GROUPED_WITH_DOT = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")
# The spaces before '%' belong to it: with '\s*(%?)\s*' two runs of spaces share out a
# long run in every way before failing (quadratic).
_TOLERANCE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:\s*(%))?\s*")

# The most tokens one number can take. A part is at most eight ("twenty - one hundred and
# ninety - nine"); a big scale word and an "and" after it make ten; the big scale words
# fall, so there are three such groups and a last part: 3 × 10 + 8. A range's separator
# is therefore within this many tokens of either end, which bounds the search for it.
_MAX_NUMBER_TOKENS = 38

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


class _Rejected(Exception):
    """The grammar does not accept the figure, for the reason given; maybe with a hint."""

    def __init__(self, reason: str, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


class _Unusable(Exception):
    """The figure is grammatical but says something that cannot be a count, for the reason given."""


@record(slots=True)
class _Token:
    """One word, number, dash or symbol of a figure, as the grammar reads it."""

    kind: str  # space-free: num, word, dash or sym
    text: str
    glued: bool  # no space before it: tells "-20" from "10 - 20"
    number: Decimal | None = None
    suffix: str = ""  # the scale word the suffix stands for


@record(slots=True)
class _Number:
    """A number as written, with the scale words that multiply it."""

    value: Decimal  # its exponent marks the last significant digit (see _Statement)
    scale: Decimal  # what the trailing scale words or suffix multiply by; 1 for none
    scale_words: tuple[str, ...]  # every scale word in it, a suffix spelt out


# A part of a big scale, read as a number: "half a billion" is 500,000,000, "a quarter of a
# million" 250,000 (a bare figure like any other: its last significant digit is the 5).
_PARTS_OF_SCALES: dict[tuple[str, ...], _Number] = {
    words: _Number(part * _scale(value), _scale(value), (big,))
    for big, value in _BIGS.items()
    for words, part in (
        (("half", "a", big), Decimal("0.5")),
        (("a", "quarter", "of", "a", big), Decimal("0.25")),
    )
}


@record(slots=True)
class _Vague:
    """A count without digits ("a few hundred", "tens of thousands"): its kind and scale."""

    kind: str  # a-few, several, dozens, plural, tens-of or hundreds-of
    scale: Decimal  # the rule's "scale": 100 for "a few hundred", 1,000 for "tens of thousands"


@record(slots=True)
class _Range:
    """The two ends of a written range ("10 to 20")."""

    low: Decimal
    high: Decimal


@record(slots=True)
class _Statement:
    """What a figure says, before any reading: its hedge and what the hedge is on.

    Numbers are Decimals whose exponent marks their last significant digit as written:
    4,200 is 42E+2, 2.50 million is 250E+4, "three million" 3E+6. That is what the
    readings' steps are found from.
    """

    hedge: str | None
    what: Decimal | _Vague | _Range


@record
class _Lexicon:
    """The grammar's words with the hedge words of the readings file, gathered once."""

    hedges: dict[tuple[str, ...], str]  # a hedge's words -> its kind
    longest_hedge: int
    vocabulary: frozenset[str]
    suggestions: tuple[str, ...]  # the words a misspelling is matched against
    token: re.Pattern[str]


@functools.cache
def _lexicon() -> _Lexicon:
    hedges = {
        tuple(phrase.split()): kind for kind, phrases in hedge_words().items() for phrase in phrases
    }
    hedge_vocabulary = {word for words in hedges for word in words}
    symbols = {word for word in hedge_vocabulary if not word[0].isalpha()} | {"+"}
    dotted = {word for word in hedge_vocabulary if word[0].isalpha() and word.endswith(".")}
    vocabulary = _GRAMMAR_WORDS | hedge_vocabulary

    def alternatives(words: set[str]) -> str:
        # Longest first, so that ">=" is one token and not ">" then "=".
        return "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))

    spaces = "".join(_GROUP_SPACES)
    signs = alternatives(set(_UNIT_SIGNS))
    token = re.compile(
        r"(?P<space>\s+)"
        rf"|(?P<num>[0-9](?:[0-9,.]|[{spaces}](?=[0-9]))*[a-z]*)"
        rf"|(?P<sign>{signs})"
        rf"|(?P<word>{alternatives(dotted) + '|' if dotted else ''}[a-z]+)"
        r"|(?P<dash>[-–])"
        rf"|(?P<sym>{alternatives(symbols)})"
    )
    suggestions = tuple(sorted(word for word in vocabulary if word[0].isalpha()))
    return _Lexicon(hedges, max(map(len, hedges)), vocabulary, suggestions, token)


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
        return _figure(str(figure), _Statement(None, exact), reading, None)
    except ArithmeticError:
        raise FigureError(f"figure {figure} is too large to use") from None


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str, about: float | None, reading: str) -> Figure:
    # Figures repeat across large files and a Figure is immutable, so a cache is safe.
    try:
        return _figure(text, _statement(text), get_reading(reading), about)
    except _Rejected as rejected:
        detail = f"; {rejected.hint}" if rejected.hint else f" ({_EXAMPLES})"
        raise FigureError(
            f"figure {_quote(text)} is not a number the grammar accepts: {rejected.reason}{detail}"
        ) from None
    except _Unusable as reason:
        raise FigureError(f"figure {_quote(text)} cannot be used: {reason}") from None
    except ArithmeticError:
        # Decimal and float overflow on absurdly long digit strings: not a real count.
        raise FigureError(f"figure {_quote(text)} is too large to use") from None


@functools.lru_cache(maxsize=4096)
def _statement(text: str) -> _Statement:
    """What the figure says (the first stage; the same for every reading)."""
    return _read(_tokenize(text, hints=True))


def _accepts(text: str) -> bool:
    """Whether the grammar reads ``text``: to check a suggestion before making it."""
    try:
        _read(_tokenize(text, hints=False))
    except (_Rejected, _Unusable, ArithmeticError):
        return False
    return True


# --- the first stage: tokens ----------------------------------------------------------


class _Spot(NamedTuple):
    """Where a token stands in the (lower-cased) figure, to suggest a corrected figure."""

    figure: str
    start: int
    end: int

    def replaced(self, text: str) -> str:
        """The figure with the token replaced by ``text``, or taken out when it is empty."""
        head, tail = self.figure[: self.start], self.figure[self.end :]
        if text:
            return head + text + tail
        head, tail = head.rstrip(), tail.lstrip()
        return f"{head} {tail}" if head and tail else head or tail


def _tokenize(text: str, *, hints: bool) -> list[_Token]:
    """The figure's tokens; ``hints`` says whether a refusal should suggest a fix."""
    normal = text.strip().lower()
    if not normal:
        raise _Rejected("it is empty")
    lexicon = _lexicon()
    tokens: list[_Token] = []
    position, previous_end = 0, -1
    while position < len(normal):
        match = lexicon.token.match(normal, position)
        if match is None:
            raise _Rejected(f"the character {normal[position]!r} is not part of it")
        kind, start, position = match.lastgroup or "", match.start(), match.end()
        if kind == "space":
            continue
        word = match.group()
        glued = start == previous_end
        previous_end = position
        spot = _Spot(normal, start, position) if hints else None
        if kind == "num":
            tokens.append(_number_token(word, glued, spot))
        elif kind == "sign":
            unit = _UNIT_SIGNS[word]
            raise _Rejected(f"{word!r} is a unit", _units_belong(spot, unit) if spot else None)
        elif kind == "word" and word not in lexicon.vocabulary:
            raise _unknown_word(word, spot)
        else:
            tokens.append(_Token(kind, word, glued))
    return tokens


def _number_token(word: str, glued: bool, spot: _Spot | None) -> _Token:
    separators = [char for char in dict.fromkeys(word) if char in _SEPARATOR_NAMES]
    if len(separators) > 1:
        names = " and ".join(_SEPARATOR_NAMES[char] for char in separators)
        raise _Rejected(f"{word!r} mixes thousands separators, {names}: use one kind throughout")
    match = _NUMBER.fullmatch(word.translate(_AS_COMMAS))
    if match is None:
        if separators == [","] and _COMMA_DECIMAL.fullmatch(word):
            raise _Rejected(
                f"{word!r} reads as a malformed group of thousands (',' separates groups of "
                "three digits, '.' starts the decimals)",
                _did_you_mean(spot, word.replace(",", ".")) if spot else None,
            )
        raise _Rejected(
            f"{word!r} is not a well-formed number (',', a thin or a no-break space separates "
            "groups of three digits, '.' starts the decimals)"
        )
    digits, suffix = match.groups()
    if suffix not in _SUFFIXES:
        raise _Rejected(
            f"{word!r} has an unknown suffix {suffix!r} (k, M, mn, B or bn)",
            _suffix_hint(spot, word[: -len(suffix)], suffix) if spot else None,
        )
    written = Decimal(digits.replace(",", ""))
    # Zeros after a decimal point are significant as written (1.50); the trailing zeros of
    # a whole number are not (4,200 is 42 hundreds).
    number = written if "." in digits else written.normalize()
    return _Token("num", word, glued, number, _SUFFIXES[suffix])


# --- refusals that suggest what would read --------------------------------------------


def _unknown_word(word: str, spot: _Spot | None) -> _Rejected:
    if spot is None:
        return _Rejected(f"{word!r} is not a number, scale or hedge word")
    unit = _unit_named(word)
    if unit is not None:
        return _Rejected(f"{word!r} is a unit", _units_belong(spot, unit))
    close = difflib.get_close_matches(word, _lexicon().suggestions, n=1, cutoff=0.8)
    hint = f"did you mean {close[0]!r}?" if close else None
    return _Rejected(f"{word!r} is not a number, scale or hedge word", hint)


def _suffix_hint(spot: _Spot, digits: str, suffix: str) -> str | None:
    if suffix in _SCALE_WORDS:
        return _did_you_mean(spot, f"{digits} {suffix}")
    unit = _unit_named(suffix)
    return None if unit is None else _units_belong(spot, unit, keep=digits)


def _did_you_mean(spot: _Spot, text: str) -> str | None:
    fixed = spot.replaced(text)
    return f"did you mean {fixed!r}?" if _accepts(fixed) else None


def _units_belong(spot: _Spot, unit: str, keep: str = "") -> str:
    rest = spot.replaced(keep)
    example = f"figure: {rest}, " if rest and _accepts(rest) else ""
    return f"units belong in 'unit:' (e.g. {example}unit: {unit})"


def _unit_named(word: str) -> str | None:
    """The registry's name for a unit written in a figure, else None.

    Only on the way to an error message: the registry loads pint, which is costly. Single
    letters are left out: in a figure they are suffixes or noise, not metres or seconds.
    """
    if len(word) < 2:
        return None
    from shellcount.arithmetic import units

    for spelling in dict.fromkeys((word, word.upper())):
        try:
            return units.format_unit(units.parse_unit(spelling))
        except UnitError:
            continue
    return None


# --- the first stage: what the tokens say ---------------------------------------------


def _read(tokens: list[_Token]) -> _Statement:
    """What the tokens say: a hedge and a number, a vague quantity or a range."""
    kind, hedge_text, body = _split_hedge(tokens)
    plus = bool(body) and body[-1].text == "+"
    if plus:
        if kind is not None:
            raise _Rejected(f"it has two hedges, {hedge_text!r} and a trailing '+'")
        kind, hedge_text, body = "more-than", "+", body[:-1]
    if not body:
        raise _Rejected(f"the hedge {hedge_text!r} has no number")
    second, second_text, _ = _split_hedge(body)
    if second is not None:
        raise _Rejected(f"it has two hedges, {hedge_text!r} and {second_text!r}")

    vague = _vague(body)
    if vague is not None:
        if plus:
            raise _Rejected("a trailing '+' needs a single number")
        if kind is not None and kind not in _HEDGES_OF_VAGUE:
            raise _Unusable(f"{hedge_text!r} cannot qualify a quantity that is already vague")
        return _Statement(kind, vague)

    single = _single(body)
    if single is not None:
        _check_sign(kind, hedge_text, single.value)
        return _Statement(kind, single.value)

    ends = _range(body)
    if ends is None:
        raise _Rejected("it does not read as one number or as a range of two")
    if plus:
        raise _Rejected("a trailing '+' needs a single number, not a range")
    low, high, shared = ends
    if low > high:
        hint = " (a scale written once applies to both ends)" if shared else ""
        raise _Unusable(
            f"the range's low end {_show(low)} is above its high end {_show(high)}{hint}"
        )
    _check_sign(kind, hedge_text, low)
    _check_sign(kind, hedge_text, high)
    return _Statement(kind, _Range(low, high))


def _split_hedge(tokens: list[_Token]) -> tuple[str | None, str, list[_Token]]:
    """The leading hedge's kind, its words as written, and the tokens after it."""
    lexicon = _lexicon()
    for length in range(min(lexicon.longest_hedge, len(tokens)), 0, -1):
        words = tuple(token.text for token in tokens[:length])
        kind = lexicon.hedges.get(words)
        if kind is not None:
            return kind, " ".join(words), tokens[length:]
    return None, "", tokens


def _check_sign(kind: str | None, hedge_text: str, x: Decimal) -> None:
    reason = _NEEDS_POSITIVE.get(kind or "")
    if reason is not None and (x < 0 or (x == 0 and kind != "up-to")):
        raise _Unusable(f"{hedge_text!r} {reason}")


def _vague(body: list[_Token]) -> _Vague | None:
    """A vague quantity (``several million``, ``dozens``, ``tens of thousands``), else None."""
    words = tuple(token.text for token in body)
    if words == ("dozens",):
        return _Vague("dozens", _scale(12))
    if len(words) == 1 and words[0] in _PLURALS:
        return _Vague("plural", _PLURALS[words[0]])
    if len(words) == 3 and words[0] in _ORDERS_OF and words[1] == "of":
        scale = _BIG_PLURALS.get(words[2])
        return None if scale is None else _Vague(_ORDERS_OF[words[0]], scale)
    for lead, kind in _VAGUE_BEFORE_SCALE.items():
        if words[: len(lead)] == lead:
            scale = _SCALES.get(words[len(lead) :])
            return None if scale is None else _Vague(kind, scale)
    return None


def _single(tokens: list[_Token]) -> _Number | None:
    """One number, in digits or words, with its scale; None if the tokens are not one."""
    if not tokens:
        return None
    first = tokens[0]
    negative = first.text == "-" and len(tokens) > 1 and tokens[1].kind == "num" and tokens[1].glued
    if negative:
        tokens = tokens[1:]
        first = tokens[0]
    if first.number is not None:
        words = tuple(token.text for token in tokens[1:])
        value = -first.number if negative else first.number
        if first.suffix:
            if words:
                return None
            words = (first.suffix,)
        if not words and _GROUPED_WITH_DOT.fullmatch(first.text):
            # European texts group thousands with '.': never guess which was meant.
            thousands = f"{first.number * 1000:,.0f}"
            raise _Rejected(
                f"{first.text!r} is ambiguous: the decimal {first.number.normalize()}, or "
                f"{thousands} with '.' between thousands? Write {thousands} for thousands, "
                f"or {first.text}0 for the decimal"
            )
        scale = _SCALES.get(words)
        return None if scale is None else _Number(value * scale, scale, words)
    if negative or any(token.kind not in ("word", "dash") for token in tokens):
        return None
    return _words([token.text for token in tokens])


def _words(words: list[str]) -> _Number | None:
    """A number in words: ``twenty-five``, ``two hundred and fifty thousand``, ``a dozen``."""
    part_of_scale = _PARTS_OF_SCALES.get(tuple(words))
    if part_of_scale is not None:
        return part_of_scale
    if len(words) >= 5 and words[1:4] == ["and", "a", "half"]:
        return _and_a_half(words)
    count = len(words)
    total, index, last_big = 0, 0, 0
    while index < count:
        if index == 0 and words[index] in _ARTICLES:
            part, index = 1, index + 1
            # "a" is one only before a scale word: "a million", never "a" alone.
            if index == count or words[index] not in _SCALE_WORDS:
                return None
        else:
            small = _small(words, index)
            if small is None:
                return None
            part, index = small
        hundred = index < count and words[index] == "hundred"
        if hundred:
            part *= 100
            index += 1
            after_and = index + 1 if index < count and words[index] == "and" else index
            rest = _small(words, after_and)
            if rest is not None:
                part, index = part + rest[0], rest[1]
            elif after_and != index:
                return None
        if index == count:
            total += part
            break
        word = words[index]
        big = _BIGS.get(word)
        if big is not None and (not last_big or big < last_big):
            total += part * big
            last_big = big
            index += 1
            # British "one thousand and fifty": the "and" must lead somewhere.
            if index < count and words[index] == "and":
                index += 1
                if index == count:
                    return None
            continue
        if word == "dozen" and not last_big and not hundred and index + 1 == count:
            total += part * 12
            break
        return None
    scale = 1
    for word in reversed(words):
        if word not in _SCALE_WORDS:
            break
        scale *= _SCALE_WORDS[word]
    # "two hundred and fifty" has a scale of its own although its last word has none.
    scale_words = tuple(word for word in words if word in _SCALE_WORDS)
    # A number in words has no written decimals: its last non-zero digit is its last
    # significant one.
    return _Number(Decimal(total).normalize(), _scale(scale), scale_words)


def _and_a_half(words: list[str]) -> _Number | None:
    """``one and a half million``: the one compound with a fraction in it."""
    head = 1 if words[0] in _ARTICLES else _ONES.get(words[0]) or _TENS.get(words[0])
    scale = _SCALES.get(tuple(words[4:]))
    if head is None or scale is None:
        return None
    return _Number((head + Decimal("0.5")) * scale, scale, tuple(words[4:]))


def _small(words: list[str], index: int) -> tuple[int, int] | None:
    """A number from one to ninety-nine at ``index``, and the index after it."""
    if index >= len(words):
        return None
    word = words[index]
    if word in _ONES:
        return _ONES[word], index + 1
    if word not in _TENS:
        return None
    tens = _TENS[word]
    rest = words[index + 1 : index + 3]
    if len(rest) == 2 and rest[0] == "-" and rest[1] in _UNITS:
        return tens + _UNITS[rest[1]], index + 3
    if rest and rest[0] in _UNITS:
        return tens + _UNITS[rest[0]], index + 2
    return tens, index + 1


def _range(body: list[_Token]) -> tuple[Decimal, Decimal, bool] | None:
    """The two ends of a range, the high end's scale applied to a bare low end.

    The third item says whether that scale was shared, for the error message. Only the
    separators within _MAX_NUMBER_TOKENS of both ends are tried, each side parsed once,
    so the work is bounded however long the figure.
    """
    between = body[0].text == "between"
    tokens = body[1:] if between else body
    separators = ("and",) if between else ("-", "–", "to")
    count = len(tokens)
    found = []
    for index in range(max(1, count - 1 - _MAX_NUMBER_TOKENS), min(count, _MAX_NUMBER_TOKENS + 1)):
        if tokens[index].text not in separators:
            continue
        low, high = _single(tokens[:index]), _single(tokens[index + 1 :])
        if low is not None and high is not None:
            found.append((low, high))
    if len(found) != 1:
        if found:
            raise _Rejected("it can be split into a range in more than one way")
        return None
    low, high = found[0]
    big = high.scale_words[-1] if high.scale_words else ""
    if (
        big in _BIGS
        and low.scale_words
        and not any(word in _BIGS for word in low.scale_words)
        and low.value * _BIGS[big] <= high.value
    ):
        # "two hundred to three hundred thousand": 200 or 200,000? Both read as a range.
        raise _Rejected(
            f"it is unclear whether {big!r} applies to the low end too; write it on both ends"
        )
    shared = not low.scale_words and high.scale != 1
    return (low.value * high.scale if shared else low.value), high.value, shared


# --- the second stage: the reading ----------------------------------------------------


def _figure(text: str, statement: _Statement, reading: Reading, about: float | None) -> Figure:
    """The figure's interval and step by the reading's rules."""
    hedge, what = statement.hedge, statement.what
    if isinstance(what, _Vague):
        interval = _vague_interval(reading, hedge, what)
        return Figure(text, None, interval, _joined(hedge, what.kind), 1.0, reading.name)
    if isinstance(what, _Range):
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


def _vague_interval(reading: Reading, hedge: str | None, vague: _Vague) -> Interval:
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


def _show(x: Decimal) -> str:
    return f"{x.normalize():,f}"


def _quote(text: str) -> str:
    # repr keeps the message on one line whatever the text holds.
    return repr(text if len(text) <= 80 else text[:77] + "...")
