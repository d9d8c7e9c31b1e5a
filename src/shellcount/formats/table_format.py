"""The terminal table: the title and bottom line, a table per section, the charts, then
the working and notes.

Drawn as plain text (``text_table`` lays the tables out), with ANSI colour only when the
terminal takes it. Rich drew these tables before and set their look; its layout cost
about four times the CSV of the same result, and it neither leaves out empty columns nor
wraps a cell with a hanging indent. Every piece of data is made printable first, so a
quote's control characters are shown, never obeyed, and nothing in it is read as markup.
"""

from __future__ import annotations

from shellcount.characters import printable
from shellcount.formats.cells import wrap
from shellcount.formats.range_chart import draw
from shellcount.formats.report import Report, Row
from shellcount.formats.text_table import Style, Styles, plain, records, table_lines

BOLD = "1"
BOLD_CYAN = "1;36"
DIM = "2"


def render(report: Report, *, width: int | None, color: bool) -> str:
    """The report as text ``width`` cells wide (None: as wide as its tables need)."""

    def styled(code: str) -> Style:
        return (lambda text: f"\x1b[{code}m{text}\x1b[0m") if color else plain

    bold, section_style, dim = styled(BOLD), styled(BOLD_CYAN), styled(DIM)

    def text(line: str, style: Style = plain, indent: str = "") -> list[str]:
        line = printable(line)
        if width is None:
            return [indent + style(line)]
        return [indent + style(part) for part in wrap(line, max(1, width - len(indent)))]

    lines = text(report.title, bold)
    for line in report.bottom_line:
        lines += text(line)
    columns = report.columns
    for section, rows in report.sections():
        if section:
            lines.append("")
            lines += text(section, section_style)
        cells = [_cells(report, row) for row in rows]
        table = table_lines(columns, cells, width, Styles(heading=bold, label=dim))
        if table is None and width is not None:
            # Too wide for this terminal even fitted: one block per row, not a cropped table.
            table = records(columns, cells, width, name=bold, label=dim)
        lines += table or []
    for chart in report.chart_panels():
        drawn = draw(chart, width)
        if drawn:
            lines += ["", *text(drawn[0], bold)]
            lines += [printable(line) for line in drawn[1:]]
    if report.explain:
        for row in report.rows:
            if row.working:
                lines += text(row.shown.get(columns[0].key, ""), bold)
                for step in row.working:
                    lines += text(step, indent="  ")
    if report.notes:
        lines += text("Notes:", bold)
        for note in report.notes:
            lines += text(note, indent="  ")
    # Trailing blanks only trouble diffs.
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _cells(report: Report, row: Row) -> list[str]:
    shown = row.shown
    return [printable(shown.get(column.key, "")) for column in report.columns]
