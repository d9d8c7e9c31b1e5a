"""Markdown: a pipe table per section, the data in it escaped where it would be syntax.

Text from a claims file is data: it must show as written, never as markup. Only what
Markdown (CommonMark, with GitHub's tables, strikethrough, math and emoji) would read as
syntax is escaped, so a reader of the plain file sees ``[6,650, 6,750]`` and
``(packaged claims.yaml)`` as written:

- everywhere: ``|`` (a cell's end), line breaks (folded to spaces), a backslash before
  punctuation (it would escape it), backticks (code), ``$`` (math), ``<`` opening a tag,
  comment or autolink, ``&`` opening an entity, ``]`` before ``(`` (a link or image),
  ``:`` opening an emoji code, and ``*``, ``_`` and ``~`` unless they cannot open or close
  emphasis (spaces on both sides, or ``_`` inside a word);
- at the start of a list item (the bottom line, the notes, the working): what would start
  a block there (``-``, ``+``, ``*``, ``#``, ``>``, ``[``, a number and ``.`` or ``)``);
- at the end of a heading: a ``#`` that would close it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from shellcount.characters import printable
from shellcount.formats.report import Report

_LINE_BREAK = re.compile(r"\r\n|\n")  # a lone \r is shown, as printable() writes it
_SYNTAX = re.compile(
    r"""
      \\(?=[!-/:-@\[-`{-~])    # a backslash that would escape the punctuation after it
    | [|`$]                   # a cell's end, code, math
    | <(?=[A-Za-z/!?])        # a tag, a comment, an autolink
    | &(?=\#?[A-Za-z0-9]+;)   # an entity or a character reference
    | \](?=\()                # the end of a link's or an image's text
    | :(?=[a-z0-9_+-]+:)      # an emoji code
    | [*_~]                   # emphasis, strikethrough: see _emphasis
    """,
    re.VERBOSE,
)
# What starts a block at the start of a list item: a list, a heading, a quote, a task
# box or a link definition ([), a numbered list.
_BLOCK_START = re.compile(r"^(?:[-+*#>\[]|[0-9]{1,9}(?=[.)]))")
_CLOSING_HASHES = re.compile(r"(?<= )(#+)$")


def render(report: Report) -> str:
    return "".join(render_chunks(report))


def render_chunks(report: Report) -> Iterator[str]:
    """The text in pieces: each section's table written as its rows are made (the
    working of each row, under ``--explain``, kept for after the tables)."""
    # Outlets, units and dates repeat down a column: each distinct text escaped once, up
    # to a bound, so that a column of distinct texts does not grow it without end.
    escaped = functools.lru_cache(maxsize=65536)(escape)
    lines = [_heading("##", report.title), ""]
    if report.bottom_line:
        lines += [*(_item(line) for line in report.bottom_line), ""]
    columns = report.columns
    header = "| " + " | ".join(escape(c.title) for c in columns) + " |"
    rule = "|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|"
    keys = [c.key for c in columns]
    workings: list[str] = []
    section: str | None = None
    for row in report.rows:
        if len(lines) >= LINES_PER_CHUNK:  # a row's line follows: the text goes on
            yield "\n".join(lines) + "\n"
            lines = []
        if row.section != section:
            if section is not None:
                lines.append("")
            section = row.section
            if section:
                lines += [_heading("###", section), ""]
            lines += [header, rule]
        shown = row.shown
        lines.append("| " + " | ".join([escaped(shown.get(key, "")) for key in keys]) + " |")
        if report.explain and row.working:
            workings.append(f"**{escape(shown.get(keys[0], ''))}**")
            workings += [_item(step) for step in row.working]
            workings.append("")
    if section is not None:
        lines.append("")
    lines += workings
    if report.notes:
        lines += ["Notes:", "", *(_item(note) for note in report.notes), ""]
    yield "\n".join(lines)


LINES_PER_CHUNK = 64
"""Lines written together: small enough to stream, large enough not to pay per line."""


def escape(text: str) -> str:
    """Data as literal text in a table cell: line breaks folded to spaces, control
    characters made visible, Markdown's syntax characters escaped where they are syntax."""
    flat = printable(_LINE_BREAK.sub(" ", text))
    return _SYNTAX.sub(lambda match: _escaped(match, flat), flat)


def _escaped(match: re.Match[str], text: str) -> str:
    character = match.group()
    if character in "*_~":
        start = match.start()
        before = text[start - 1] if start else " "
        after = text[start + 1] if start + 1 < len(text) else " "
        if before.isspace() and after.isspace():
            return character  # flanked by spaces: it can neither open nor close
        if character == "_" and before.isalnum() and after.isalnum():
            return character  # inside a word, as in snake_case
    return "\\" + character


def _item(text: str) -> str:
    """A list item whose text is shown as written, even if it starts like a block."""
    escaped = escape(text).lstrip()
    match = _BLOCK_START.match(escaped)
    if match is None:
        return f"- {escaped}"
    marker = match.group()
    if marker.isdigit():
        # Digits cannot be escaped: the dot or parenthesis after them is.
        return f"- {marker}\\{escaped[len(marker) :]}"
    return f"- \\{escaped}"


def _heading(level: str, text: str) -> str:
    """A heading whose text keeps a ``#`` at its end (else it would close the heading)."""
    return f"{level} " + _CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group(1)), escape(text))
