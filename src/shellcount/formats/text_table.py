"""One section's table laid out in lines of text, fitted to a terminal when there is one.

The look is that of a simple table with a rule under its heading (rich's ``SIMPLE_HEAD``
box, which drew these tables before): a space at the left edge, three between columns,
numbers right-aligned, a blank line above and below. In a pipe or a file every column is
as wide as its widest cell, so each row is one line a script can cut, except a prose
cell past ``UNBOUNDED_PROSE`` cells, which wraps: one very long cell must not pad every
other row to its width.

On a terminal the table is fitted, step by step, until it fits: columns empty in every
row are left out; prose columns (``Column.wrap``) break between words, their further
lines indented (``cells.HANG``); the gaps narrow from three spaces to two; then, by
their ``Column.priority``, columns leave the table and are written under each row as
``Title: text``. A table whose fixed columns (priority 0) cannot fit even so is given
back as None, for the caller to write a block per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from shellcount.formats.cells import HANG, cell_width, longest_word, pad, wrap
from shellcount.formats.report import Column

GAPS = (3, 2)
"""The spaces between columns: rich's three, then two when a table is tight."""
EDGE = 1  # the space at the left edge of every line
UNDER_INDENT = 3  # a row's text written under it starts here, under the row's second cell
WRAP_FLOOR = 16
"""A prose column is not narrowed below this (or its longest word and the hang)."""
UNBOUNDED_PROSE = 400
"""In a pipe or a file, the width past which a prose cell wraps rather than pads."""

Style = Callable[[str], str]


def plain(text: str) -> str:
    return text


@dataclass(frozen=True)
class Styles:
    """How the parts of a table are marked on a colour terminal (identity otherwise)."""

    heading: Style = plain
    label: Style = plain


@dataclass
class _Column:
    column: Column
    index: int
    widest: int  # the widest cell, header aside
    narrowest: int = 0  # the least width its cells allow
    width: int = 0

    @property
    def natural(self) -> int:
        return max(self.widest, cell_width(self.column.title))

    @property
    def least(self) -> int:
        return max(self.narrowest, longest_word(self.column.title))


def table_lines(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: int | None,
    styles: Styles = Styles(),
) -> list[str] | None:
    """The lines of a table of ``rows`` (printable text per column), or None when it
    cannot fit ``width`` (None: unbounded, a pipe or a file)."""
    laid = [_Column(column, index, _widest(rows, index)) for index, column in enumerate(columns)]
    if width is None:
        for lay in laid:
            lay.width = lay.natural
            if lay.column.wrap and lay.width > UNBOUNDED_PROSE:
                lay.width = max(UNBOUNDED_PROSE, cell_width(lay.column.title))
        return _lines(laid, [], rows, gap=GAPS[0], width=None, styles=styles)
    shown = [lay for lay in laid if lay.widest > 0]
    for lay in shown:
        lay.narrowest = _narrowest(lay, rows)
    # The columns that may leave the table, in the order they leave: highest priority
    # number first, the right-most first among equals.
    movable = sorted(
        (lay for lay in shown if lay.column.priority > 0),
        key=lambda lay: (-lay.column.priority, -lay.index),
    )
    for moved in range(len(movable) + 1):
        under = movable[:moved]
        kept = [lay for lay in shown if lay not in under]
        if not kept:
            break
        for gap in GAPS:
            if _fit(kept, width - EDGE - gap * (len(kept) - 1)):
                return _lines(kept, under, rows, gap=gap, width=width, styles=styles)
    return None


def _widest(rows: Sequence[Sequence[str]], index: int) -> int:
    widest = 0
    for row in rows:
        text = row[index]
        size = len(text) if text.isascii() else cell_width(text)
        widest = max(widest, size)
    return widest


def _narrowest(lay: _Column, rows: Sequence[Sequence[str]]) -> int:
    if not lay.column.wrap or lay.column.numeric:
        return lay.widest
    words = max(longest_word(row[lay.index]) for row in rows)
    return min(lay.widest, max(WRAP_FLOOR, words + HANG))


def _fit(laid: list[_Column], room: int) -> bool:
    """Set each column's width within ``room`` cells, narrowing the widest first; False
    when even the narrowest widths do not fit."""
    if sum(lay.least for lay in laid) > room:
        return False
    if sum(lay.natural for lay in laid) <= room:
        for lay in laid:
            lay.width = lay.natural
        return True
    # The highest level such that every column at min(natural, level), and never below
    # its least, fits; then what is left over, a cell each, from the left.
    low, high = 0, max(lay.natural for lay in laid)
    while low < high:
        level = (low + high + 1) // 2
        if sum(max(lay.least, min(lay.natural, level)) for lay in laid) <= room:
            low = level
        else:
            high = level - 1
    for lay in laid:
        lay.width = max(lay.least, min(lay.natural, low))
    spare = room - sum(lay.width for lay in laid)
    for lay in laid:
        if spare and lay.width < lay.natural:
            lay.width += 1
            spare -= 1
    return True


def _lines(
    laid: list[_Column],
    under: list[_Column],
    rows: Sequence[Sequence[str]],
    *,
    gap: int,
    width: int | None,
    styles: Styles,
) -> list[str]:
    separator = " " * gap
    edge = " " * EDGE
    lines = [""]
    heading = [wrap(lay.column.title, lay.width, hang=0) for lay in laid]
    for depth in range(max(len(cell) for cell in heading)):
        parts = []
        for lay, cell in zip(laid, heading, strict=True):
            text = cell[depth] if depth < len(cell) else ""
            parts.append(_styled(pad(text, lay.width, right=lay.column.numeric), styles.heading))
        lines.append((edge + separator.join(parts)).rstrip())
    lines.append(edge + "─" * (sum(lay.width for lay in laid) + gap * (len(laid) - 1)))
    simple = all(not lay.column.wrap for lay in laid)
    for row in rows:
        if simple:
            lines.append(_one_line(laid, row, edge, separator))
        else:
            lines += _row_lines(laid, row, edge, separator)
        for lay in under:
            if text := row[lay.index]:
                lines += _under(lay.column.title, text, width, styles)
    lines.append("")
    return lines


def _one_line(laid: list[_Column], row: Sequence[str], edge: str, separator: str) -> str:
    parts = []
    for lay in laid:
        text = row[lay.index]
        fill = lay.width - (len(text) if text.isascii() else cell_width(text))
        parts.append(" " * fill + text if lay.column.numeric else text + " " * fill)
    return (edge + separator.join(parts)).rstrip()


def _row_lines(laid: list[_Column], row: Sequence[str], edge: str, separator: str) -> list[str]:
    cells = [
        wrap(row[lay.index], lay.width) if lay.column.wrap else [row[lay.index]] for lay in laid
    ]
    lines = []
    for depth in range(max(len(cell) for cell in cells)):
        parts = [
            pad(cell[depth] if depth < len(cell) else "", lay.width, right=lay.column.numeric)
            for lay, cell in zip(laid, cells, strict=True)
        ]
        lines.append((edge + separator.join(parts)).rstrip())
    return lines


def _under(title: str, text: str, width: int | None, styles: Styles) -> list[str]:
    """A column's text written under its row: ``Title: text``, wrapped with a hang."""
    indent = " " * UNDER_INDENT
    room = (width or UNBOUNDED_PROSE) - UNDER_INDENT
    first, *others = wrap(f"{title}: {text}", room)
    if first.startswith(f"{title}:"):
        first = _styled(title, styles.label) + first[len(title) :]
    return [indent + first, *(indent + line for line in others)]


def _styled(text: str, style: Style) -> str:
    """``text`` styled, its trailing padding left outside the style."""
    core = text.rstrip(" ")
    if not core or style is plain:
        return text
    return style(core) + text[len(core) :]


def records(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    name: Style = plain,
    label: Style = plain,
) -> list[str]:
    """One block per row, for a table too wide for the terminal: the first column's text,
    then each other non-empty one as ``Title  text``, the text wrapped under itself."""
    lines: list[str] = []
    first, *others = range(len(columns))
    for row in rows:
        lines.append("")
        lines += [name(line) for line in wrap(row[first], width, hang=0)]
        shown = [(columns[index].title, row[index]) for index in others if row[index]]
        titles = max((cell_width(title) for title, _ in shown), default=0)
        room = max(1, width - 2 - titles - 2)
        for title, text in shown:
            head, *rest = wrap(text, room, hang=0)
            lines.append(f"  {label(pad(title, titles))}  {head}")
            lines += [" " * (2 + titles + 2) + line for line in rest]
    return lines
