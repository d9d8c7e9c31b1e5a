"""What a figure says, before any reading: the second half of the grammar's first stage.

The tokens of :mod:`shellcount.ledger.figure_words` read as a :class:`Statement`: an
optional hedge, and a number, a vague quantity or a range, whatever the reading. The
readings then give it an interval (:mod:`shellcount.ledger.figure`). Every search here is
bounded by the figure's length: a range's separator is looked for only within
:data:`MAX_NUMBER_TOKENS` of either end.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from shellcount.ledger.figure_words import (
    ARTICLES,
    BIG_PLURALS,
    BIGS,
    ONES,
    ORDERS_OF,
    PLURALS,
    SCALE_WORDS,
    SCALES,
    TENS,
    UNITS,
    VAGUE_BEFORE_SCALE,
    Rejected,
    Token,
    Unusable,
    as_scale,
    get_lexicon,
    tokenize,
)
from shellcount.record import record

# Why a hedge cannot take a number at or below zero; absent kinds take any number.
_NEEDS_POSITIVE: dict[str, str] = {
    "up-to": "counts up from 0, so its number cannot be negative",
    "fewer-than": "counts up from 0, so its number must be above 0",
    "almost": "means a little below a count, so its number must be above 0",
}
# The hedges a vague quantity may take; "almost several" and "exactly dozens" mean nothing.
_HEDGES_OF_VAGUE = frozenset({"about", "more-than", "up-to", "fewer-than"})
# A number of one to three digits, '.', then three: thousands grouped the European way,
# or a decimal? Refused rather than guessed.
_GROUPED_WITH_DOT = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")


# The most tokens one number can take. A part is at most eight ("twenty - one hundred and
# ninety - nine"); a big scale word and an "and" after it make ten; the big scale words
# fall, so there are three such groups and a last part: 3 × 10 + 8. A range's separator
# is therefore within this many tokens of either end, which bounds the search for it.
MAX_NUMBER_TOKENS = 38


@record(slots=True)
class _Number:
    """A number as written, with the scale words that multiply it."""

    value: Decimal  # its exponent marks the last significant digit (see Statement)
    scale: Decimal  # what the trailing scale words or suffix multiply by; 1 for none
    scale_words: tuple[str, ...]  # every scale word in it, a suffix spelt out


# A part of a big scale, read as a number: "half a billion" is 500,000,000, "a quarter of a
# million" 250,000 (a bare figure like any other: its last significant digit is the 5).
_PARTS_OF_SCALES: dict[tuple[str, ...], _Number] = {
    words: _Number(part * as_scale(value), as_scale(value), (big,))
    for big, value in BIGS.items()
    for words, part in (
        (("half", "a", big), Decimal("0.5")),
        (("a", "quarter", "of", "a", big), Decimal("0.25")),
    )
}


@record(slots=True)
class Vague:
    """A count without digits ("a few hundred", "tens of thousands"): its kind and scale."""

    kind: str  # a-few, several, dozens, plural, tens-of or hundreds-of
    scale: Decimal  # the rule's "scale": 100 for "a few hundred", 1,000 for "tens of thousands"


@record(slots=True)
class Range:
    """The two ends of a written range ("10 to 20")."""

    low: Decimal
    high: Decimal


@record(slots=True)
class Statement:
    """What a figure says, before any reading: its hedge and what the hedge is on.

    Numbers are Decimals whose exponent marks their last significant digit as written:
    4,200 is 42E+2, 2.50 million is 250E+4, "three million" 3E+6. That is what the
    readings' steps are found from.
    """

    hedge: str | None
    what: Decimal | Vague | Range


@functools.lru_cache(maxsize=4096)
def statement(text: str) -> Statement:
    """What the figure says (the first stage; the same for every reading)."""
    return read(tokenize(text, accepts=accepts))


def accepts(text: str) -> bool:
    """Whether the grammar reads ``text``: to check a suggestion before making it."""
    try:
        read(tokenize(text))
    except (Rejected, Unusable, ArithmeticError):
        return False
    return True


# --- what the tokens say ---------------------------------------------------------------


def read(tokens: list[Token]) -> Statement:
    """What the tokens say: a hedge and a number, a vague quantity or a range."""
    kind, hedge_text, body = _split_hedge(tokens)
    plus = bool(body) and body[-1].text == "+"
    if plus:
        if kind is not None:
            raise Rejected(f"it has two hedges, {hedge_text!r} and a trailing '+'")
        kind, hedge_text, body = "more-than", "+", body[:-1]
    if not body:
        raise Rejected(f"the hedge {hedge_text!r} has no number")
    second, second_text, _ = _split_hedge(body)
    if second is not None:
        raise Rejected(f"it has two hedges, {hedge_text!r} and {second_text!r}")

    vague = _vague(body)
    if vague is not None:
        if plus:
            raise Rejected("a trailing '+' needs a single number")
        if kind is not None and kind not in _HEDGES_OF_VAGUE:
            raise Unusable(f"{hedge_text!r} cannot qualify a quantity that is already vague")
        return Statement(kind, vague)

    single = _single(body)
    if single is not None:
        _check_sign(kind, hedge_text, single.value)
        return Statement(kind, single.value)

    ends = _range(body)
    if ends is None:
        raise Rejected("it does not read as one number or as a range of two")
    if plus:
        raise Rejected("a trailing '+' needs a single number, not a range")
    low, high, shared = ends
    if low > high:
        hint = " (a scale written once applies to both ends)" if shared else ""
        raise Unusable(
            f"the range's low end {_show(low)} is above its high end {_show(high)}{hint}"
        )
    _check_sign(kind, hedge_text, low)
    _check_sign(kind, hedge_text, high)
    return Statement(kind, Range(low, high))


def _split_hedge(tokens: list[Token]) -> tuple[str | None, str, list[Token]]:
    """The leading hedge's kind, its words as written, and the tokens after it."""
    lexicon = get_lexicon()
    for length in range(min(lexicon.longest_hedge, len(tokens)), 0, -1):
        words = tuple(token.text for token in tokens[:length])
        kind = lexicon.hedges.get(words)
        if kind is not None:
            return kind, " ".join(words), tokens[length:]
    return None, "", tokens


def _check_sign(kind: str | None, hedge_text: str, x: Decimal) -> None:
    reason = _NEEDS_POSITIVE.get(kind or "")
    if reason is not None and (x < 0 or (x == 0 and kind != "up-to")):
        raise Unusable(f"{hedge_text!r} {reason}")


def _vague(body: list[Token]) -> Vague | None:
    """A vague quantity (``several million``, ``dozens``, ``tens of thousands``), else None."""
    words = tuple(token.text for token in body)
    if words == ("dozens",):
        return Vague("dozens", as_scale(12))
    if len(words) == 1 and words[0] in PLURALS:
        return Vague("plural", PLURALS[words[0]])
    if len(words) == 3 and words[0] in ORDERS_OF and words[1] == "of":
        scale = BIG_PLURALS.get(words[2])
        return None if scale is None else Vague(ORDERS_OF[words[0]], scale)
    for lead, kind in VAGUE_BEFORE_SCALE.items():
        if words[: len(lead)] == lead:
            scale = SCALES.get(words[len(lead) :])
            return None if scale is None else Vague(kind, scale)
    return None


def _single(tokens: list[Token]) -> _Number | None:
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
            raise Rejected(
                f"{first.text!r} is ambiguous: the decimal {first.number.normalize()}, or "
                f"{thousands} with '.' between thousands? Write {thousands} for thousands, "
                f"or {first.text}0 for the decimal"
            )
        scale = SCALES.get(words)
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
        if index == 0 and words[index] in ARTICLES:
            part, index = 1, index + 1
            # "a" is one only before a scale word: "a million", never "a" alone.
            if index == count or words[index] not in SCALE_WORDS:
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
        big = BIGS.get(word)
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
        if word not in SCALE_WORDS:
            break
        scale *= SCALE_WORDS[word]
    # "two hundred and fifty" has a scale of its own although its last word has none.
    scale_words = tuple(word for word in words if word in SCALE_WORDS)
    # A number in words has no written decimals: its last non-zero digit is its last
    # significant one.
    return _Number(Decimal(total).normalize(), as_scale(scale), scale_words)


def _and_a_half(words: list[str]) -> _Number | None:
    """``one and a half million``: the one compound with a fraction in it."""
    head = 1 if words[0] in ARTICLES else ONES.get(words[0]) or TENS.get(words[0])
    scale = SCALES.get(tuple(words[4:]))
    if head is None or scale is None:
        return None
    return _Number((head + Decimal("0.5")) * scale, scale, tuple(words[4:]))


def _small(words: list[str], index: int) -> tuple[int, int] | None:
    """A number from one to ninety-nine at ``index``, and the index after it."""
    if index >= len(words):
        return None
    word = words[index]
    if word in ONES:
        return ONES[word], index + 1
    if word not in TENS:
        return None
    tens = TENS[word]
    rest = words[index + 1 : index + 3]
    if len(rest) == 2 and rest[0] == "-" and rest[1] in UNITS:
        return tens + UNITS[rest[1]], index + 3
    if rest and rest[0] in UNITS:
        return tens + UNITS[rest[0]], index + 2
    return tens, index + 1


def _range(body: list[Token]) -> tuple[Decimal, Decimal, bool] | None:
    """The two ends of a range, the high end's scale applied to a bare low end.

    The third item says whether that scale was shared, for the error message. Only the
    separators within MAX_NUMBER_TOKENS of both ends are tried, each side parsed once,
    so the work is bounded however long the figure.
    """
    between = body[0].text == "between"
    tokens = body[1:] if between else body
    separators = ("and",) if between else ("-", "–", "to")
    count = len(tokens)
    found = []
    for index in range(max(1, count - 1 - MAX_NUMBER_TOKENS), min(count, MAX_NUMBER_TOKENS + 1)):
        if tokens[index].text not in separators:
            continue
        low, high = _single(tokens[:index]), _single(tokens[index + 1 :])
        if low is not None and high is not None:
            found.append((low, high))
    if len(found) != 1:
        if found:
            raise Rejected("it can be split into a range in more than one way")
        return None
    low, high = found[0]
    big = high.scale_words[-1] if high.scale_words else ""
    if (
        big in BIGS
        and low.scale_words
        and not any(word in BIGS for word in low.scale_words)
        and low.value * BIGS[big] <= high.value
    ):
        # "two hundred to three hundred thousand": 200 or 200,000? Both read as a range.
        raise Rejected(
            f"it is unclear whether {big!r} applies to the low end too; write it on both ends"
        )
    shared = not low.scale_words and high.scale != 1
    return (low.value * high.scale if shared else low.value), high.value, shared


def _show(x: Decimal) -> str:
    return f"{x.normalize():,f}"
