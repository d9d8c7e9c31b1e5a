"""The terminal table, drawn with rich: a table per section, then the working and notes.

Every piece of data is passed as a rich ``Text``, so brackets in a quote are shown as
written and never read as markup.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from shellcount.formats.printable import printable
from shellcount.formats.range_chart import draw
from shellcount.formats.report import Report, Row

if TYPE_CHECKING:
    from rich.console import Console

UNBOUNDED_WIDTH = 100_000  # a pipe or file: as wide as the table needs, never cut at 80


def render(report: Report, *, width: int | None, color: bool) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or UNBOUNDED_WIDTH,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        markup=False,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )

    def table_of(rows: list[Row]) -> Table:
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
        for column in report.columns:
            table.add_column(
                column.title, justify="right" if column.numeric else "left", no_wrap=True
            )
        for row in rows:
            table.add_row(*(Text(printable(row.shown.get(c.key, ""))) for c in report.columns))
        return table

    console.print(Text(printable(report.title), style="bold"))
    for line in report.bottom_line:
        console.print(Text(printable(line)))
    for section, rows in report.sections():
        if section:
            console.print()
            console.print(Text(printable(section), style="bold cyan"))
        table = table_of(rows)
        unbounded = console.options.update_width(UNBOUNDED_WIDTH)
        if width is None or console.measure(table, options=unbounded).maximum <= width:
            console.print(table)
        else:
            # Too wide for this terminal: one block per row rather than a cropped table.
            _print_records(console, report, rows)
    for chart in report.charts:
        lines = draw(chart, width)
        if lines:
            console.print()
            console.print(Text(printable(lines[0]), style="bold"))
            for line in lines[1:]:
                console.print(Text(printable(line)), overflow="ignore", crop=False)
    if report.explain:
        for row in report.rows:
            if row.working:
                console.print(Text(printable(_row_name(report, row)), style="bold"))
                for step in row.working:
                    console.print(Text(f"  {printable(step)}"))
    if report.notes:
        console.print(Text("Notes:", style="bold"))
        for note in report.notes:
            console.print(Text(f"  {printable(note)}"))
    return _trim(buffer.getvalue())


def _print_records(console: Console, report: Report, rows: list[Row]) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    for row in rows:
        console.print()
        first, *others = report.columns
        console.print(Text(printable(row.shown.get(first.key, "")), style="bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        for column in others:
            if value := row.shown.get(column.key, ""):
                grid.add_row(Text(column.title), Text(printable(value)))
        console.print(Padding(grid, (0, 0, 0, 2)))


def _row_name(report: Report, row: Row) -> str:
    return row.shown.get(report.columns[0].key, "")


def _trim(text: str) -> str:
    # Rich pads every line to the table's width; trailing blanks only trouble diffs.
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
