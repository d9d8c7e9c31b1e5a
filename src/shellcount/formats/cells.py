"""Text in terminal cells: how wide a string is drawn, and words wrapped to a width.

A terminal draws most characters one cell wide, East Asian wide and full-width ones two,
and combining marks on the cell before them. Wrapping breaks only between words, so an
id or a number is never cut, unless one word alone is wider than the whole line.
"""

from __future__ import annotations

import functools
import re
import unicodedata

HANG = 2
"""How far a wrapped text's further lines are indented, so they read as its own."""


# Blocks whose every character is one cell wide (tests/test_formats.py checks them): Latin,
# Greek, Cyrillic, Armenian, general punctuation, super- and subscripts, currency, letter-
# like symbols, number forms, arrows, mathematical operators, box drawing and geometric
# shapes. Text made of them alone, which is nearly all text, is measured by its length.
ONE_CELL_BLOCKS = (
    "\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u0590\u2010-\u2027\u2030-\u205f"
    "\u2070-\u20cf\u2100-\u2319\u2190-\u22ff\u2500-\u25fc"
)
_ONE_CELL = re.compile(f"[{ONE_CELL_BLOCKS}]*")


def cell_width(text: str) -> int:
    """The number of terminal cells ``text`` takes."""
    if text.isascii() or _ONE_CELL.fullmatch(text):
        return len(text)
    return sum(_char_width(character) for character in text)


@functools.cache
def _char_width(character: str) -> int:
    category = unicodedata.category(character)
    if category == "Cn":
        return 1  # unassigned: a terminal draws a one-cell placeholder
    if unicodedata.combining(character) or category in ("Mn", "Me"):
        return 0
    if character in "\u200b\u200c\u200d\u2060\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def longest_word(text: str) -> int:
    """The width of the widest word of ``text`` (0 for none)."""
    return max((cell_width(word) for word in text.split(" ")), default=0)


def wrap(text: str, width: int, *, hang: int = HANG) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between words; every line but
    the first indented by ``hang``. A word wider than its line is cut, as a last resort."""
    if cell_width(text) <= width:
        return [text]
    lines: list[str] = []
    line: list[str] = []
    used = 0
    room = width
    for whole in text.split(" "):
        if not whole:
            continue
        word, size = whole, cell_width(whole)
        if line and used + 1 + size <= room:
            line.append(word)
            used += 1 + size
            continue
        if line:
            lines.append(" ".join(line))
            room = width - hang
        while size > room:
            head, word = _cut(word, room)
            lines.append(head)
            room = width - hang
            size = cell_width(word)
        line, used = [word], size
    if line:
        lines.append(" ".join(line))
    indent = " " * hang
    return [lines[0], *(indent + line for line in lines[1:])]


def _cut(word: str, room: int) -> tuple[str, str]:
    """The longest head of ``word`` that fits ``room`` cells (at least one character)."""
    used = 0
    for index, character in enumerate(word):
        used += _char_width(character)
        if used > room:
            return word[: max(index, 1)], word[max(index, 1) :]
    return word, ""


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` filled with spaces to ``width`` cells, on the left if ``right``."""
    fill = " " * (width - cell_width(text))
    return fill + text if right else text + fill
