"""A page of several results: what ``shellcount report`` gathers and the HTML format draws.

The views fill it with their own words (bottom lines, Reports, charts, each claim and its
source); the format only lays it out. Every text here is data: it is escaped when drawn.
"""

from __future__ import annotations

from shellcount.formats.chart import Chart
from shellcount.formats.report import Report
from shellcount.record import record


@record
class Section:
    """One part of the page: a heading, its bottom line, charts, a table and its notes.

    ``anchor`` is the element id (``verdicts``, ``timeline``): a link target, and what a
    test finds the section by."""

    anchor: str
    heading: str
    summary: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    report: Report | None = None
    notes: tuple[str, ...] = ()


@record
class ClaimEntry:
    """A claim as the page lists it: its figure, its verbatim quote, where it came from.

    ``facts`` are labelled texts in order (``("Figure", "about 4,200 containers")``);
    ``link`` is the source's own address, the only address the page links to."""

    claim_id: str
    heading: str
    quote: str
    facts: tuple[tuple[str, str], ...]
    link: str | None = None


@record
class Page:
    """The whole report: title, bottom line first, the sections, the claims, and what the
    figures rest on (the reading and assumptions; the ledger's hash and the version)."""

    title: str
    bottom_line: tuple[str, ...]
    sections: tuple[Section, ...]
    claims_summary: tuple[str, ...]
    claims: tuple[ClaimEntry, ...]
    assumptions: tuple[str, ...]
    provenance: tuple[tuple[str, str], ...]
