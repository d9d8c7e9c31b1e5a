"""The words of the figure grammar, and a figure cut into tokens.

The first half of the grammar's first stage (:mod:`shellcount.ledger.figure` says what the
grammar accepts): the number words, scale words and suffixes, the hedge words of the
readings file gathered into one lexicon, and the tokenizer, which refuses what is not a
word, number, dash or symbol of a figure. Its refusals suggest a corrected figure where
one would read; whether one reads is asked of the caller (:func:`tokenize`'s
``accepts``), as the tokens do not know what they say.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from shellcount.errors import UnitError
from shellcount.ledger.readings import hedge_words
from shellcount.record import record

ONES = {
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
UNITS = {word: n for word, n in ONES.items() if n < 10}
TENS = {
    word: 10 * n
    for n, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2
    )
}
ARTICLES = frozenset({"a", "an"})
BIGS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SCALE_WORDS = {"hundred": 100, "dozen": 12, **BIGS}


def as_scale(n: int) -> Decimal:
    # Scales are kept normalized (1E+6, not 1_000_000): multiplying a number by one then
    # adds the scale's zeros to the number's exponent, which marks its last significant
    # digit (see figure_statement.Statement), so 2.5 million is 25E+5 and its step 100,000.
    return Decimal(n).normalize()


# The scale words that may follow a number written in digits, "several" or "a few".
SCALES: dict[tuple[str, ...], Decimal] = {
    (): Decimal(1),
    ("dozen",): as_scale(12),
    ("hundred",): as_scale(100),
    **{(big,): as_scale(value) for big, value in BIGS.items()},
    **{("hundred", big): as_scale(100 * value) for big, value in BIGS.items()},
}
# The words that make a vague quantity of the scale after them.
VAGUE_BEFORE_SCALE = {("several",): "several", ("a", "few"): "a-few"}
# Plural scales: "hundreds", "millions"; "tens of" and "hundreds of" go before the big ones.
BIG_PLURALS = {big + "s": as_scale(value) for big, value in BIGS.items()}
PLURALS = {"hundreds": as_scale(100), **BIG_PLURALS}
ORDERS_OF = {"tens": "tens-of", "hundreds": "hundreds-of"}

# A suffix is its scale word written short.
_SUFFIXES = {
    "": "",
    "k": "thousand",
    "m": "million",
    "mn": "million",
    "b": "billion",
    "bn": "billion",
}

# The grammar's own words; the hedge words come from the readings file (get_lexicon).
_GRAMMAR_WORDS = frozenset(
    {*ONES, *TENS, *ARTICLES, *SCALE_WORDS, *PLURALS, *ORDERS_OF, "dozens"}
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


_UNIT_SIGNS = {"%": "percent", "$": "USD", "us$": "USD", "s$": "SGD", "€": "EUR", "£": "GBP"}

_NUMBER = re.compile(r"((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)([a-z]*)")
_COMMA_DECIMAL = re.compile(r"[0-9]+,[0-9]{1,2}[a-z]*")


class Rejected(Exception):
    """The grammar does not accept the figure, for the reason given; maybe with a hint."""

    def __init__(self, reason: str, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


class Unusable(Exception):
    """The figure is grammatical but says something that cannot be a count, for the reason given."""


@record(slots=True)
class Token:
    """One word, number, dash or symbol of a figure, as the grammar reads it."""

    kind: str  # space-free: num, word, dash or sym
    text: str
    glued: bool  # no space before it: tells "-20" from "10 - 20"
    number: Decimal | None = None
    suffix: str = ""  # the scale word the suffix stands for


@record
class Lexicon:
    """The grammar's words with the hedge words of the readings file, gathered once."""

    hedges: dict[tuple[str, ...], str]  # a hedge's words -> its kind
    longest_hedge: int
    vocabulary: frozenset[str]
    suggestions: tuple[str, ...]  # the words a misspelling is matched against
    token: re.Pattern[str]


@functools.cache
def get_lexicon() -> Lexicon:
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
    return Lexicon(hedges, max(map(len, hedges)), vocabulary, suggestions, token)


# --- tokens ---------------------------------------------------------------------------


class _Spot(NamedTuple):
    """Where a token stands in the (lower-cased) figure, to suggest a corrected figure."""

    figure: str
    start: int
    end: int
    accepts: Callable[[str], bool]  # whether a corrected figure would read

    def replaced(self, text: str) -> str:
        """The figure with the token replaced by ``text``, or taken out when it is empty."""
        head, tail = self.figure[: self.start], self.figure[self.end :]
        if text:
            return head + text + tail
        head, tail = head.rstrip(), tail.lstrip()
        return f"{head} {tail}" if head and tail else head or tail


def tokenize(text: str, *, accepts: Callable[[str], bool] | None = None) -> list[Token]:
    """The figure's tokens.

    Given ``accepts`` (whether the grammar reads a text), a refusal suggests a corrected
    figure where one would read; without it, a refusal only says what is wrong.
    """
    normal = text.strip().lower()
    if not normal:
        raise Rejected("it is empty")
    lexicon = get_lexicon()
    tokens: list[Token] = []
    position, previous_end = 0, -1
    while position < len(normal):
        match = lexicon.token.match(normal, position)
        if match is None:
            raise Rejected(f"the character {normal[position]!r} is not part of it")
        kind, start, position = match.lastgroup or "", match.start(), match.end()
        if kind == "space":
            continue
        word = match.group()
        glued = start == previous_end
        previous_end = position
        spot = None if accepts is None else _Spot(normal, start, position, accepts)
        if kind == "num":
            tokens.append(_number_token(word, glued, spot))
        elif kind == "sign":
            unit = _UNIT_SIGNS[word]
            raise Rejected(f"{word!r} is a unit", _units_belong(spot, unit) if spot else None)
        elif kind == "word" and word not in lexicon.vocabulary:
            raise _unknown_word(word, spot)
        else:
            tokens.append(Token(kind, word, glued))
    return tokens


def _number_token(word: str, glued: bool, spot: _Spot | None) -> Token:
    separators = [char for char in dict.fromkeys(word) if char in _SEPARATOR_NAMES]
    if len(separators) > 1:
        names = " and ".join(_SEPARATOR_NAMES[char] for char in separators)
        raise Rejected(f"{word!r} mixes thousands separators, {names}: use one kind throughout")
    match = _NUMBER.fullmatch(word.translate(_AS_COMMAS))
    if match is None:
        if separators == [","] and _COMMA_DECIMAL.fullmatch(word):
            raise Rejected(
                f"{word!r} reads as a malformed group of thousands (',' separates groups of "
                "three digits, '.' starts the decimals)",
                _did_you_mean(spot, word.replace(",", ".")) if spot else None,
            )
        raise Rejected(
            f"{word!r} is not a well-formed number (',', a thin or a no-break space separates "
            "groups of three digits, '.' starts the decimals)"
        )
    digits, suffix = match.groups()
    if suffix not in _SUFFIXES:
        raise Rejected(
            f"{word!r} has an unknown suffix {suffix!r} (k, M, mn, B or bn)",
            _suffix_hint(spot, word[: -len(suffix)], suffix) if spot else None,
        )
    written = Decimal(digits.replace(",", ""))
    # Zeros after a decimal point are significant as written (1.50); the trailing zeros of
    # a whole number are not (4,200 is 42 hundreds).
    number = written if "." in digits else written.normalize()
    return Token("num", word, glued, number, _SUFFIXES[suffix])


# --- refusals that suggest what would read --------------------------------------------


def _unknown_word(word: str, spot: _Spot | None) -> Rejected:
    if spot is None:
        return Rejected(f"{word!r} is not a number, scale or hedge word")
    unit = _unit_named(word)
    if unit is not None:
        return Rejected(f"{word!r} is a unit", _units_belong(spot, unit))
    close = difflib.get_close_matches(word, get_lexicon().suggestions, n=1, cutoff=0.8)
    hint = f"did you mean {close[0]!r}?" if close else None
    return Rejected(f"{word!r} is not a number, scale or hedge word", hint)


def _suffix_hint(spot: _Spot, digits: str, suffix: str) -> str | None:
    if suffix in SCALE_WORDS:
        return _did_you_mean(spot, f"{digits} {suffix}")
    unit = _unit_named(suffix)
    return None if unit is None else _units_belong(spot, unit, keep=digits)


def _did_you_mean(spot: _Spot, text: str) -> str | None:
    fixed = spot.replaced(text)
    return f"did you mean {fixed!r}?" if spot.accepts(fixed) else None


def _units_belong(spot: _Spot, unit: str, keep: str = "") -> str:
    rest = spot.replaced(keep)
    example = f"figure: {rest}, " if rest and spot.accepts(rest) else ""
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
