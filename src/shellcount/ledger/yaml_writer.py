"""A claims file written as people write them: block style, two-space indents, lists
indented under their key, text plain wherever YAML reads it back as the same text (and
folded at a space past 88 columns), double-quoted with escapes otherwise.

PyYAML's emitter does this too, but its representer and emitter are Python walking
every node: 10,000 claims took several times as long as reading them back. The rules
here are narrower than YAML's (plain only for text that cannot be misread), so they can
be cheap; tests/test_import.py reads back what they write.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

WIDTH = 88
"""Plain text is folded at a space to keep lines within this many columns."""

# What YAML reads as something else than text when plain, or as syntax: a first
# character that is an indicator, ': ' and ' #', a colon at the end.
_INDICATOR_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_SYNTAX = re.compile(r": | #|:$")
# Plain text YAML 1.1 would resolve to a number, a time, a bool or null (PyYAML's
# resolver), tested on the whole value; kept broad, since quoting what need not be costs
# nothing. A day (2024-02-27) stays plain, as claims files write it: the loader takes
# every value as written, whatever YAML would make of it.
_NOT_TEXT = re.compile(
    r"""[-+]?(?:[0-9][0-9_.:]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |0[xXoObB][0-9a-fA-F_]+
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[Tt ].*
    |(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)
    |~|null|Null|NULL|<<|=""",
    re.VERBOSE,
)


def claims_file(document: Mapping[str, Any], *, header: str = "") -> str:
    """``document`` (``format``, then lists of mappings of text or lists of text) as YAML."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    for key, value in document.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            for entry in value:
                _entry(lines, entry, indent=2)
        elif isinstance(value, int):
            lines.append(f"{key}: {value}")  # the format's version, a number
        else:
            lines.append(f"{key}: {_scalar(value, len(key) + 2, 2)}")
    return "\n".join(lines) + "\n"


def _entry(lines: list[str], entry: Mapping[str, Any], *, indent: int) -> None:
    """One list item, a mapping: ``- key: value`` then the other keys under it."""
    lead = " " * indent + "- "
    for key, value in entry.items():
        start = f"{lead}{key}:"
        if isinstance(value, Sequence) and not isinstance(value, str):
            lines.append(start)
            for item in value:
                prefix = " " * (indent + 4) + "- "
                lines.append(prefix + _scalar(item, len(prefix), indent + 6))
        else:
            lines.append(f"{start} {_scalar(value, len(start) + 1, indent + 4)}")
        lead = " " * (indent + 2)


def _scalar(text: str, column: int, indent: int) -> str:
    """``text`` as a YAML scalar starting at ``column``; folded lines start at ``indent``."""
    if not _plain(text):
        return _quoted(text)
    if column + len(text) <= WIDTH or " " not in text:
        return text
    return _folded(text, column, indent)


def _plain(text: str) -> bool:
    return bool(
        text
        and text[0] not in _INDICATOR_FIRST
        and text == text.strip()
        and all(_shown_raw(character) for character in text)
        and not _SYNTAX.search(text)
        and not _NOT_TEXT.fullmatch(text)
    )


def _shown_raw(character: str) -> bool:
    """Printable, or a space of some width: never a line break, tab or control."""
    return character.isprintable() or unicodedata.category(character) == "Zs"


def _folded(text: str, column: int, indent: int) -> str:
    """Plain text broken at single spaces, each line as full as WIDTH allows; YAML reads
    each break back as the one space it replaced."""
    words = text.split(" ")
    out: list[str] = []
    line = ""
    width = WIDTH - column
    for word in words:
        # A break only before a word starting with a letter, digit or bracket: nothing
        # YAML could read as syntax at the start of a line.
        breakable = word[:1].isalnum() or word[:1] == "("
        if line and breakable and not line.endswith(" ") and len(line) + 1 + len(word) > width:
            out.append(line)
            line, width = word, WIDTH - indent
        else:
            line = f"{line} {word}" if out or line else word
    out.append(line)
    if len(out) == 1:
        return out[0]
    if any(piece != piece.strip() or not piece for piece in out):
        return text  # a run of spaces at a break would not come back: one long line
    return ("\n" + " " * indent).join(out)


def _quoted(text: str) -> str:
    """Double-quoted, as JSON writes a string (valid YAML), with every character YAML may
    not hold raw (controls, line separators, format characters) escaped."""
    quoted = json.dumps(text, ensure_ascii=False)
    if all(_shown_raw(character) for character in quoted):
        return quoted
    return "".join(
        character if _shown_raw(character) else _escape(character) for character in quoted
    )


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
