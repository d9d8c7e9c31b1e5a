"""One section's table laid out in lines of text, fitted to a terminal when there is one.

The look is that of a simple table with a rule under its heading (rich's ``SIMPLE_HEAD``
box, which drew these tables before): a space at the left edge, three between columns,
numbers right-aligned, a blank line above and below. In a pipe or a file every column is
as wide as its widest cell, so each row is one line a script can cut; but a prose cell
wider than ``UNBOUNDED_PROSE`` cells does not widen its column: it runs on past it,
pushing the rest of its own line along. One very long cell (a list of every claim) must
not pad every other row to its width.

On a terminal the table is fitted to its width. Columns empty in every row are left
out; prose columns (``Column.wrap``) may break between words, their further lines
indented (``cells.HANG``), and headings may break too; the gaps may narrow from three
spaces to two; and, by their ``Column.priority``, columns may leave the table, to be
written under each row as ``Title: text``. Of the layouts that fit, the one in fewest
lines is drawn, a column leaving the table only if that saves half a line a row. A
table whose fixed columns (priority 0) cannot fit even so is given back as None, for the
caller to write a block per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from shellcount.formats.cells import HANG, cell_width, longest_word, pad, wrap
from shellcount.formats.report import Column
from shellcount.record import record

GAPS = (3, 2)
"""The spaces between columns: rich's three, then two when a table is tight."""
EDGE = 1  # the space at the left edge of every line
UNDER_INDENT = 3  # a row's text written under it starts here, under the row's second cell
WRAP_FLOOR = 16
"""A prose column is not narrowed below this (or its longest word and the hang)."""
UNDER_GAP = "   "  # between two columns' texts on one line under their row
SAMPLED = 200  # the rows a layout is judged on
UNBOUNDED_PROSE = 400
"""In a pipe or a file, the widest prose cell that sets its column's width."""

Style = Callable[[str], str]


def plain(text: str) -> str:
    return text


@record
class Styles:
    """How the parts of a table are marked on a colour terminal (identity otherwise)."""

    heading: Style = plain
    label: Style = plain


UNSTYLED = Styles()
"""No marks: what a table is drawn with for a file or a pipe."""


@dataclass
class _Column:
    """A column being laid out: the widths its cells need and the width it gets."""

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
    styles: Styles = UNSTYLED,
) -> list[str] | None:
    """The lines of a table of ``rows`` (printable text per column), or None when it
    cannot fit ``width`` (None: unbounded, a pipe or a file)."""
    laid = [_Column(column, index, _widest(rows, index)) for index, column in enumerate(columns)]
    if width is None:
        for lay in laid:
            lay.width = lay.natural
            if lay.column.wrap and lay.width > UNBOUNDED_PROSE:
                within = _widest(rows, lay.index, UNBOUNDED_PROSE)
                lay.width = max(within, cell_width(lay.column.title))
        return _lines(laid, [], rows, gap=GAPS[0], width=None, styles=styles)
    # Columns empty in every row say nothing; a table of nothing but keeps its first.
    shown = [lay for lay in laid if lay.widest > 0] or laid[:1]
    for lay in shown:
        lay.narrowest = _narrowest(lay, rows)
    # The columns that may leave the table, in the order they leave: highest priority
    # number first, the right-most first among equals.
    movable = sorted(
        (lay for lay in shown if lay.column.priority > 0),
        key=lambda lay: (-lay.column.priority, -lay.index),
    )
    best: tuple[tuple[int, int, int], list[_Column], list[_Column], int] | None = None
    for moved in range(len(movable) + 1):
        # Written under the row in the order they matter, the figure before its source.
        under = sorted(movable[:moved], key=lambda lay: (lay.column.priority, lay.index))
        kept = [lay for lay in shown if lay not in under]
        if not kept:
            break
        for gap in GAPS:
            if _fit(kept, width - EDGE - gap * (len(kept) - 1)):
                # The fewest lines, counting half a line a row for each column out of
                # the table; then more columns in the table; then the wider gaps.
                lines = _height(kept, under, rows, width)
                cost = (2 * lines + moved * min(len(rows), SAMPLED), moved, -gap)
                if best is None or cost < best[0]:
                    best = (cost, [replace(lay) for lay in kept], under, gap)
    if best is None:
        return None
    _, kept, under, gap = best
    return _lines(kept, under, rows, gap=gap, width=width, styles=styles)


def _height(
    kept: list[_Column], under: list[_Column], rows: Sequence[Sequence[str]], width: int
) -> int:
    """How many lines the rows take in this layout, counted on the first ``SAMPLED`` rows:
    a layout is chosen for the look of its table, not paid for again in every row."""
    height = 0
    prose = [lay for lay in kept if lay.column.wrap]
    for row in rows[:SAMPLED]:
        height += max(
            (len(wrap(row[lay.index], lay.width)) for lay in prose if row[lay.index]), default=1
        )
        height += len(_under(under, row, width, UNSTYLED))
    return height


def _widest(rows: Sequence[Sequence[str]], index: int, limit: int | None = None) -> int:
    """The width of the column's widest cell (of those no wider than ``limit``)."""
    widest = 0
    for row in rows:
        size = cell_width(row[index])
        if size > widest and (limit is None or size <= limit):
            widest = size
    return widest


def _narrowest(lay: _Column, rows: Sequence[Sequence[str]]) -> int:
    if not lay.column.wrap or lay.column.numeric:
        return lay.widest
    words = max(longest_word(row[lay.index]) for row in rows)
    return min(lay.widest, max(WRAP_FLOOR, words + HANG))


def _fit(laid: list[_Column], room: int) -> bool:
    """Set each column's width within ``room`` cells; False when even the least widths do
    not fit. Each column starts at its least width; what is left widens them to their
    natural width in the order they matter (priority 0 first, then from the left)."""
    if sum(lay.least for lay in laid) > room:
        return False
    for lay in laid:
        lay.width = lay.least
    spare = room - sum(lay.width for lay in laid)
    for lay in sorted(laid, key=lambda lay: (lay.column.priority, lay.index)):
        grown = min(lay.natural, lay.width + spare)
        spare -= grown - lay.width
        lay.width = grown
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
    # In a pipe the rule spans every cell, the ones that run past their column too.
    spans = (lay.width if width else max(lay.width, lay.natural) for lay in laid)
    lines.append(edge + "─" * (sum(spans) + gap * (len(laid) - 1)))
    simple = width is None or all(not lay.column.wrap for lay in laid)
    for row in rows:
        if simple:
            lines.append(_one_line(laid, row, edge, separator))
        else:
            lines += _row_lines(laid, row, edge, separator)
        if under:
            lines += _under(under, row, width, styles)
    lines.append("")
    return lines


def _one_line(laid: list[_Column], row: Sequence[str], edge: str, separator: str) -> str:
    parts = []
    for lay in laid:
        text = row[lay.index]
        # Negative past a prose column's width in a pipe: the cell runs on, unpadded.
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


def _under(
    under: list[_Column], row: Sequence[str], width: int | None, styles: Styles
) -> list[str]:
    """The row's text of the columns that left the table, written under it as
    ``Title: text``: as many to a line as fit, a long one wrapped with a hang."""
    indent = " " * UNDER_INDENT
    room = (width or UNBOUNDED_PROSE) - UNDER_INDENT
    lines: list[str] = []
    line, used = "", 0  # the line being filled, and its width (styles aside)
    for lay in under:
        if not (text := row[lay.index]):
            continue
        title = lay.column.title
        item = f"{title}: {text}"
        size = cell_width(item)
        if line and used + len(UNDER_GAP) + size <= room:
            line += UNDER_GAP + _labelled(title, item, styles)
            used += len(UNDER_GAP) + size
            continue
        if line:
            lines.append(indent + line)
            line, used = "", 0
        first, *others = wrap(item, room)
        if others:
            lines += [indent + _labelled(title, first, styles), *(indent + o for o in others)]
        else:
            line, used = _labelled(title, first, styles), size
    if line:
        lines.append(indent + line)
    return lines


def _labelled(title: str, item: str, styles: Styles) -> str:
    """``item`` (``Title: text``) with its title styled as a label."""
    if styles.label is plain or not item.startswith(f"{title}:"):
        return item
    return styles.label(title) + item[len(title) :]


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
