"""Markdown: a pipe table per section, with every character of the data escaped."""

from __future__ import annotations

import re

from shellcount.formats.printable import printable
from shellcount.formats.report import Report, Row

# Characters Markdown (CommonMark, GitHub's tables and math) would read as syntax: HTML
# tags and entities, links, emphasis, code, headings, math.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")
_LINE_BREAK = re.compile(r"\r\n|\n")
# What would start a list inside a list item ("- - x", "- 1. x"); +, * and ")" are
# escaped above. Digits are not escapable, so the dot after them is.
_LIST_MARKER = re.compile(r"^(\s*)(?:(-)|([0-9]+)\.)")


def render(report: Report) -> str:
    lines = [f"## {escape(report.title)}", ""]
    if report.bottom_line:
        lines += [*(_item(line) for line in report.bottom_line), ""]
    for section, rows in report.sections():
        if section:
            lines += [f"### {escape(section)}", ""]
        lines += _table(report, rows)
        lines.append("")
    for row in report.rows:
        if report.explain and row.working:
            lines.append(f"**{escape(row.shown.get(report.columns[0].key, ''))}**")
            lines += [_item(step) for step in row.working]
            lines.append("")
    if report.notes:
        lines += ["Notes:", "", *(_item(note) for note in report.notes), ""]
    return "\n".join(lines)


def escape(text: str) -> str:
    """Data as literal text: line breaks folded to spaces, syntax characters and control
    characters escaped."""
    flat = _LINE_BREAK.sub(" ", text)
    return _SPECIAL.sub(r"\\\1", printable(flat))


def _item(text: str) -> str:
    """A list item whose text is shown as written, even if it starts like a list."""
    return "- " + _LIST_MARKER.sub(_unlisted, escape(text), count=1)


def _unlisted(match: re.Match[str]) -> str:
    indent, dash, digits = match.groups()
    return f"{indent}\\-" if dash else f"{indent}{digits}\\."


def _table(report: Report, rows: list[Row]) -> list[str]:
    header = "| " + " | ".join(escape(c.title) for c in report.columns) + " |"
    rule = "|" + "|".join("---:" if c.numeric else "---" for c in report.columns) + "|"
    body = [
        "| " + " | ".join(escape(row.shown.get(c.key, "")) for c in report.columns) + " |"
        for row in rows
    ]
    return [header, rule, *body]
