"""The figure grammar: turn a figure as reported ("about 4,200") into an interval.

A figure is an optional hedge, a number and an optional scale word (the contract is the
"Figure grammar" section of the claims-file format). Numbers may be written with
thousands separators (``4,200``), decimals (``2.5``), a leading ``-`` (the percentages of
``relative_to`` claims), a suffix (``500k``, ``3M``, ``2.5bn``), scale words (``2.5
million``) or in words (``twenty-five``, ``two hundred and fifty thousand``, ``a dozen``).
A range joins two numbers with ``-``, ``–``, ``to`` or ``between ... and ...``; a scale
given only on the high end applies to both (``1-2.5 million``).

Every figure becomes an :class:`~shellcount.interval.Interval` by the hedge table below.
``p`` is the place value of the last non-zero digit of the number, counting its scale.

============  ==============================================  =========================
hedge kind    words                                           interval
============  ==============================================  =========================
(none)        ``4,200``                                       ``[x, x]``
about         about, approximately, around, ... , ``~``       ``[x - p/2, x + p/2]``
more-than     more than, over, at least, ... , ``>``, ``x+``  ``[x, open)``
up-to         up to, as many as, at most, ... , ``≤``         ``[0, x]``
fewer-than    fewer than, less than, under, below, ``<``      ``[0, x)``
almost        almost, nearly, just under, close to            ``[x - p, x]``
several       several million                                 ``[3, 9] × scale``
plural        millions, hundreds of thousands                 ``[2, 1000) × scale``
range         1-2.5 million                                   ``[a, b]``
============  ==============================================  =========================

Combined hedges. A hedge before a range or a vague quantity (several, plural) is
recorded in :attr:`Figure.hedge` as two kinds separated by one space, the written order
kept: ``"about range"``, ``"more-than several"``, ``"up-to plural"``. So
``hedge.split()[-1]`` is always what was hedged and ``hedge.split()[0]`` the hedge.
A hedged range is the hull of both ends' hedged intervals. Before several or a plural,
``more-than`` keeps the low end and opens the high one, ``up-to`` and ``fewer-than``
keep the high end and start at 0, and the ``about`` words add nothing (the vague word
already says the count is approximate, so the ``about`` tolerance does not widen it);
``almost`` there is rejected, as it has no sensible reading.

Anything the grammar does not accept is a :class:`~shellcount.errors.FigureError` that
quotes the figure: the parser never guesses. Arithmetic is done in :class:`Decimal` so
that ``2.5 million`` is exactly 2,500,000 and its ``p`` exactly 100,000.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from shellcount.errors import FigureError
from shellcount.interval import Interval, hull

__all__ = ["HEDGE_WORDS", "Figure", "parse_figure", "parse_tolerance"]

_EXAMPLES = "expected e.g. 'about 4,200', 'more than two million', '1-2.5 million'"

# The hedge table of the contract, in one place: kind -> the words that say it.
HEDGE_WORDS: dict[str, tuple[str, ...]] = {
    "about": ("about", "approximately", "around", "roughly", "some", "an estimated", "~", "≈"),
    "more-than": ("more than", "over", "at least", "upwards of", "in excess of", ">", "≥", ">="),
    "up-to": ("up to", "as many as", "at most", "no more than", "≤", "<="),
    "fewer-than": ("fewer than", "less than", "under", "below", "<"),
    "almost": ("almost", "nearly", "just under", "close to"),
}
_HEDGES: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): kind for kind, phrases in HEDGE_WORDS.items() for phrase in phrases
}
_LONGEST_HEDGE = max(len(words) for words in _HEDGES)

# Why a hedge cannot take a number at or below zero; absent kinds take any number.
_NEEDS_POSITIVE: dict[str, str] = {
    "up-to": "counts up from 0, so its number cannot be negative",
    "fewer-than": "counts up from 0, so its number must be above 0",
    "almost": "means a little below a count, so its number must be above 0",
}

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

# The scale words that may follow a number written in digits, and "several".
_SCALES: dict[tuple[str, ...], Decimal] = {
    (): Decimal(1),
    ("dozen",): Decimal(12),
    ("hundred",): Decimal(100),
    **{(big,): Decimal(value) for big, value in _BIGS.items()},
    **{("hundred", big): Decimal(100 * value) for big, value in _BIGS.items()},
}

# Plural scales and their scale: "hundreds of thousands" is the plural of 100,000.
_PLURALS: dict[tuple[str, ...], Decimal] = {
    ("dozens",): Decimal(12),
    ("hundreds",): Decimal(100),
    **{(big + "s",): Decimal(value) for big, value in _BIGS.items()},
    **{
        (many, "of", big + "s"): Decimal(factor * value)
        for many, factor in (("tens", 10), ("hundreds", 100))
        for big, value in _BIGS.items()
    },
}

# A suffix is its scale word written short.
_SUFFIXES = {
    "": "",
    "k": "thousand",
    "m": "million",
    "mn": "million",
    "b": "billion",
    "bn": "billion",
}

_VOCABULARY = frozenset(
    {*_ONES, *_TENS, *_ARTICLES, *_SCALE_WORDS, "several", "and", "to", "between", "of", "half"}
    | {word for words in _PLURALS for word in words}
    | {word for words in _HEDGES for word in words}
)

_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<num>[0-9][0-9,.]*[a-z]*)"
    r"|(?P<word>[a-z]+)"
    r"|(?P<dash>[-–])"
    r"|(?P<sym>>=|<=|[~≈>≥<≤+])"
)
_NUMBER = re.compile(r"((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)([a-z]*)")
_GROUPED_WITH_DOT = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")
_TOLERANCE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(%?)\s*")

_INF = math.inf
_HALF = Decimal("0.5")


@dataclass(frozen=True)
class Figure:
    """A parsed figure.

    ``hedge`` is the canonical hedge kind (``about``, ``more-than``, ``up-to``,
    ``fewer-than``, ``almost``, ``several``, ``plural``, ``range``), ``None`` for a bare
    number; a hedge before a range or a vague quantity gives two kinds joined by a space,
    the hedge first (``"about range"``, ``"more-than several"``). ``value`` is the stated
    number with the hedge set aside (a range's midpoint), ``None`` when no number is stated
    (``several million``). ``precision`` is ``p``, the place value of the last non-zero
    digit (a range takes the finer of its ends; 1 when no number is stated).
    """

    text: str
    value: float | None
    interval: Interval
    hedge: str | None
    precision: float


class _Rejected(Exception):
    """The grammar does not accept the figure, for the reason given."""


class _Unusable(Exception):
    """The figure is grammatical but says something that cannot be a count, for the reason given."""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # space-free: num, word, dash or sym
    text: str
    glued: bool  # no space before it: tells "-20" from "10 - 20"
    number: Decimal | None = None
    suffix: str = ""  # the scale word the suffix stands for


@dataclass(frozen=True, slots=True)
class _Number:
    value: Decimal
    scale: Decimal  # what the trailing scale words or suffix multiply by; 1 for none
    scale_words: tuple[str, ...]  # every scale word in it, a suffix spelt out


def parse_figure(figure: str | int | float, *, about: float | None = None) -> Figure:
    """Parse a figure as written in a claims file: text, or a plain YAML number.

    ``about`` replaces the rounding interval of the ``about`` hedges by ``x ± about·|x|``.
    Raises :class:`FigureError`, and nothing else, for anything the grammar does not accept.
    """
    if about is not None and not (isinstance(about, (int, float)) and 0 < about < 1):
        raise FigureError(f"the 'about' tolerance must be between 0 and 1 (e.g. 0.1), not {about}")
    if isinstance(figure, bool):
        raise FigureError(f"figure {figure} is a yes/no value, not a number")
    if isinstance(figure, (int, float)):
        return _parse_yaml_number(figure)
    if not isinstance(figure, str):
        raise FigureError(f"figure {figure!r} is not a number or a text figure ({_EXAMPLES})")
    return _parse_text(figure, None if about is None else float(about))


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


def _parse_yaml_number(figure: int | float) -> Figure:
    if isinstance(figure, float) and not math.isfinite(figure):
        raise FigureError(f"figure {figure} is not a finite number")
    try:
        exact = Decimal(figure) if isinstance(figure, int) else Decimal(repr(figure))
        value = float(exact)
        precision = float(_place(exact))
    except ArithmeticError:
        raise FigureError(f"figure {figure} is too large to use") from None
    if not math.isfinite(value):
        raise FigureError(f"figure {figure} is too large to use")
    return Figure(str(figure), value, Interval(value, value), None, precision)


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str, about: float | None) -> Figure:
    # Figures repeat across large files and a Figure is immutable, so a cache is safe.
    try:
        return _parse_tokens(text, _tokenize(text), about)
    except _Rejected as reason:
        raise FigureError(
            f"figure {_quote(text)} is not a number the grammar accepts: {reason} ({_EXAMPLES})"
        ) from None
    except _Unusable as reason:
        raise FigureError(f"figure {_quote(text)} cannot be used: {reason}") from None
    except ArithmeticError:
        # Decimal and float overflow on absurdly long digit strings: not a real count.
        raise FigureError(f"figure {_quote(text)} is too large to use") from None


def _tokenize(text: str) -> list[_Token]:
    normal = text.strip().lower()
    if not normal:
        raise _Rejected("it is empty")
    tokens: list[_Token] = []
    position, previous_end = 0, -1
    while position < len(normal):
        match = _TOKEN.match(normal, position)
        if match is None:
            raise _Rejected(f"the character {normal[position]!r} is not part of it")
        kind, start, position = match.lastgroup or "", match.start(), match.end()
        if kind == "space":
            continue
        word = match.group()
        glued = start == previous_end
        previous_end = position
        if kind == "num":
            tokens.append(_number_token(word, glued))
        elif kind == "word" and word not in _VOCABULARY:
            raise _Rejected(f"{word!r} is not a number, scale or hedge word")
        else:
            tokens.append(_Token(kind, word, glued))
    return tokens


def _number_token(word: str, glued: bool) -> _Token:
    match = _NUMBER.fullmatch(word)
    if match is None:
        raise _Rejected(
            f"{word!r} is not a well-formed number "
            "(',' separates groups of three digits, '.' starts the decimals)"
        )
    digits, suffix = match.groups()
    if suffix not in _SUFFIXES:
        raise _Rejected(f"{word!r} has an unknown suffix {suffix!r} (k, M, mn, B or bn)")
    return _Token("num", word, glued, Decimal(digits.replace(",", "")), _SUFFIXES[suffix])


def _parse_tokens(text: str, tokens: list[_Token], about: float | None) -> Figure:
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
        return _vague_figure(text, kind, hedge_text, vague)

    single = _single(body)
    if single is not None:
        interval = _hedged(kind, hedge_text, single.value, about)
        return Figure(text, _float(single.value), interval, kind, _float(_place(single.value)))

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
    interval = hull([_hedged(kind, hedge_text, low, about), _hedged(kind, hedge_text, high, about)])
    return Figure(
        text,
        _float((low + high) / 2),
        interval,
        "range" if kind is None else f"{kind} range",
        _float(min(_place(low), _place(high))),
    )


def _split_hedge(tokens: list[_Token]) -> tuple[str | None, str, list[_Token]]:
    """The leading hedge's kind, its words as written, and the tokens after it."""
    for length in range(min(_LONGEST_HEDGE, len(tokens)), 0, -1):
        words = tuple(token.text for token in tokens[:length])
        kind = _HEDGES.get(words)
        if kind is not None:
            return kind, " ".join(words), tokens[length:]
    return None, "", tokens


def _vague(body: list[_Token]) -> tuple[str, Decimal, Decimal, bool] | None:
    """``several`` or a plural scale: (kind, low, high, high excluded), else None."""
    words = tuple(token.text for token in body)
    plural = _PLURALS.get(words)
    if plural is not None:
        return "plural", 2 * plural, 1000 * plural, True
    if words[0] == "several":
        scale = _SCALES.get(words[1:])
        if scale is not None:
            return "several", 3 * scale, 9 * scale, False
    return None


def _vague_figure(
    text: str, kind: str | None, hedge_text: str, vague: tuple[str, Decimal, Decimal, bool]
) -> Figure:
    name, low, high, high_excluded = vague
    if kind is None or kind == "about":
        # The vague word already says "approximately"; an about-hedge adds nothing to it.
        interval = Interval(float(low), float(high), high_excluded=high_excluded)
    elif kind == "more-than":
        interval = Interval(float(low), _INF)
    elif kind == "up-to":
        interval = Interval(0.0, float(high), high_excluded=high_excluded)
    elif kind == "fewer-than":
        interval = Interval(0.0, float(high), high_excluded=True)
    else:
        raise _Unusable(f"{hedge_text!r} cannot qualify a quantity that is already vague")
    return Figure(text, None, interval, name if kind is None else f"{kind} {name}", 1.0)


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
    return _Number(Decimal(total), Decimal(scale), scale_words)


def _and_a_half(words: list[str]) -> _Number | None:
    """``one and a half million``: the one compound with a fraction in it."""
    head = 1 if words[0] in _ARTICLES else _ONES.get(words[0]) or _TENS.get(words[0])
    scale = _SCALES.get(tuple(words[4:]))
    if head is None or scale is None:
        return None
    return _Number((head + _HALF) * scale, scale, tuple(words[4:]))


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

    The third item says whether that scale was shared, for the error message.
    """
    between = body[0].text == "between"
    tokens = body[1:] if between else body
    separators = ("and",) if between else ("-", "–", "to")
    found = []
    for index, token in enumerate(tokens):
        if index == 0 or token.text not in separators:
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


def _hedged(kind: str | None, hedge_text: str, x: Decimal, about: float | None) -> Interval:
    """One number's interval under a hedge, by the hedge table."""
    reason = _NEEDS_POSITIVE.get(kind or "")
    if reason is not None and (x < 0 or (x == 0 and kind != "up-to")):
        raise _Unusable(f"{hedge_text!r} {reason}")
    value = _float(x)
    if kind is None:
        return Interval(value, value)
    if kind == "about":
        if about is not None:
            spread = about * abs(value)
            return Interval(value - spread, value + spread)
        half = _place(x) / 2
        return Interval(_float(x - half), _float(x + half))
    if kind == "more-than":
        return Interval(value, _INF)
    if kind == "up-to":
        return Interval(0.0, value)
    if kind == "fewer-than":
        return Interval(0.0, value, high_excluded=True)
    return Interval(_float(x - _place(x)), value)  # almost


def _place(x: Decimal) -> Decimal:
    """The place value of the last non-zero digit: 4,200 -> 100, 2.5 -> 0.1, 0 -> 1."""
    if not x:
        return Decimal(1)
    exponent = x.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite by construction
    return Decimal(1).scaleb(exponent)


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
