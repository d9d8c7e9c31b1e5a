"""The characters that text from a file must not carry unseen, and text with them shown.

A quote carrying an ANSI escape or a carriage return must not move the cursor, recolour
the terminal or hide what precedes it; it is shown as ``\\x1b``, ``\\r`` and so on. An id
or a measure carrying a zero-width space or a direction override must not pass for
another that looks the same: it is shown as ``\\u200b``, ``\\u202e``. A file name that is
not UTF-8 reaches Python with its bad bytes as lone surrogates (``\\udcff``), which no
output can encode: they are shown as escapes too.

In the base layer: the loader, ``check`` and every format use it.
"""

from __future__ import annotations

import re

INVISIBLE = (
    # DEL and the C1 controls; the soft hyphen; the combining grapheme joiner; the
    # Arabic letter mark; Hangul and Khmer fillers; Mongolian selectors and separator.
    "\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    "\U0000180b-\U0000180f"
    # Zero-width space, non-joiner and joiner, the left-to-right and right-to-left marks,
    # the line and paragraph separators, the direction embeddings and overrides.
    "\u200b-\u200f\u2028-\u202e"
    # The word joiner, invisible operators, direction isolates, deprecated formats.
    "\u2060-\u206f\u3164"
    # Variation selectors, the zero-width no-break space (a BOM), Hangul half-width
    # filler, interlinear annotation marks, tags and supplementary variation selectors.
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e0fff"
    # Lone surrogates: the undecodable bytes of a file name.
    "\ud800-\udfff"
)
"""The characters, besides the C0 controls, that are escaped wherever text is shown: as
a regular-expression class body, for the JSON encoder's use too."""

_CONTROL = re.compile(f"[\\x00-\\x1f{INVISIBLE}]")


def printable(text: str) -> str:
    """``text`` with every control or invisible character written as an escape."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_escape, text)


def without_invisible(text: str) -> str:
    """``text`` with its invisible characters (not its controls) removed: how it looks."""
    return _INVISIBLE.sub("", text)


def invisible_in(text: str) -> list[str]:
    """The invisible characters ``text`` holds, as ``U+200B``, in order, once each."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _INVISIBLE.findall(text)))


_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    if code < 0x100:
        return character.encode("unicode_escape").decode("ascii")
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
