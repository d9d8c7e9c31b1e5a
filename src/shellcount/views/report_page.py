"""``shellcount report``: one page gathering what the other commands say.

No new result is worked out here: the bottom line and the verdicts are ``reconcile``'s,
the per-container figures ``compare``'s and ``derive``'s, the counts ``timeline``'s, each
claim's figure and quote ``claims``'s and its provenance ``sources``'s, in their own
words; the charts are the records ``plot`` draws (``views.charts``), of the same core
results. This view picks and orders them into a Page, and says what the figures rest on:
the reading of the hedges, the assumptions made reading dates, the claims file's SHA-256
and shellcount's version.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from pathlib import Path

from shellcount import __version__
from shellcount.analysis.reconcile import Verdict
from shellcount.analysis.timeline import is_cumulative_count
from shellcount.arithmetic import units
from shellcount.errors import ShellcountError
from shellcount.formats.chart import (
    Chart,
    NothingToChart,
    RangeChart,
    RangePanel,
    RangeRow,
    TimelineChart,
)
from shellcount.formats.page import ClaimEntry, Page, Section
from shellcount.formats.report import Report, Row
from shellcount.ledger.model import Claim, Ledger
from shellcount.views import charts, common, words
from shellcount.views.compare import compare_report
from shellcount.views.derive import derive_report
from shellcount.views.ledger import claims_report, sources_report
from shellcount.views.reconcile import reconcile_report
from shellcount.views.timeline import timeline_report

# What the per-container table shows of compare's columns.
PER_CONTAINER_COLUMNS = ("claim", "source", "date", "figure", "per_container", "method")
# The verdicts the page lists pair by pair; the bottom line counts the others, and
# ``shellcount reconcile`` (``--all``) lists them.
LISTED_VERDICTS = (Verdict.CONFLICT, Verdict.TENSION, Verdict.AGREE)
# The most pairs of one verdict the page lists, the largest gaps first: a page to hand on,
# not the whole of reconcile, which grows with the square of the claims on a quantity.
MOST_PAIRS = 100
# Only these schemes become links: a claims file's "javascript:" address is text.
LINK_SCHEMES = ("https://", "http://")


def content_hash(paths: Sequence[Path]) -> str:
    """The SHA-256 of the claims file's bytes, in hex: which ledger the page was made from.

    Several files read as one ledger: each file's name and hash, in the order read.
    """
    digests = []
    for path in paths:
        try:
            digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError as error:
            raise ShellcountError(f"{path}: cannot read it again to hash it: {error}") from None
    if len(digests) == 1:
        return digests[0]
    return "; ".join(f"{path.name} {digest}" for path, digest in zip(paths, digests, strict=True))


def report_page(ledger: Ledger, digest: str) -> Page:
    """The page for ``ledger``, whose file's bytes hash to ``digest``."""
    verdicts = reconcile_report(ledger, show_all=True)  # the page keeps its own cap per verdict
    compared = compare_report(ledger)
    counts = timeline_report(ledger)
    listed = claims_report(ledger)
    totals, totals_left = totals_charts(ledger)
    divided = _per_container_table(compared)
    pairs, cut = _listed_verdicts(verdicts)
    sections = (
        Section(
            "verdicts",
            "Verdicts: which claims conflict, which are in tension, which agree",
            report=pairs,
            notes=(
                *cut,
                "Pairs that are merely consistent, restate one statement or cannot be "
                "compared are counted in the bottom line, not listed (shellcount reconcile "
                "--all lists them).",
                *verdicts.notes[1:],
            ),
        ),
        Section(
            "per-container",
            "Munitions per container",
            per_container_summary(ledger)
            or (() if divided.rows else ("No munitions claim is divided by a container count.",)),
            charts=per_container_charts(ledger, compared),
            report=divided,
        ),
        Section(
            "totals",
            "Totals: the counts each claim gives",
            () if totals else ("No quantity of munitions or containers is counted twice.",),
            charts=totals,
            notes=totals_left,
        ),
        Section(
            "timeline",
            "Timeline of counts",
            counts.bottom_line,
            charts=timeline_charts(ledger),
            report=counts,
            notes=counts.notes[:2],  # the date readings are the page's assumptions
        ),
    )
    reading = common.with_reading(listed, ledger).notes[-1]
    return Page(
        title=f"shellcount report: {ledger.path}",
        bottom_line=verdicts.bottom_line,
        sections=sections,
        claims_summary=listed.bottom_line,
        claims=claim_entries(ledger, compared, listed),
        assumptions=(reading, *(f"Dates: {note}" for note in listed.notes)),
        provenance=(
            ("Claims file", ledger.path),
            ("SHA-256 of the claims file", digest),
            ("shellcount", __version__),
            ("Reading of the hedges", ledger.reading),
        ),
    )


def per_container_summary(ledger: Ledger) -> tuple[str, ...]:
    """``derive``'s bottom line for each calibre the claims state, largest first."""
    calibres = sorted({c.calibre_mm for c in ledger if c.counts_munitions and c.calibre_mm})
    return tuple(
        line
        for calibre in reversed(calibres)
        for line in derive_report(ledger, calibre).bottom_line
    )


def _listed_verdicts(verdicts: Report) -> tuple[Report, tuple[str, ...]]:
    """reconcile's rows of the verdicts the page lists, in reconcile's order and words, at
    most ``MOST_PAIRS`` of each; and a note for each verdict cut short."""
    listed = {verdict.value: 0 for verdict in LISTED_VERDICTS}
    rows = []
    for row in verdicts.rows:
        verdict = str(row.values["verdict"])
        if verdict in listed:
            listed[verdict] += 1
            if listed[verdict] <= MOST_PAIRS:
                rows.append(row)
    notes = tuple(
        f"Listed: {MOST_PAIRS} of the {count:,} pairs with the verdict '{verdict}', the "
        "largest gaps first (shellcount reconcile lists them all)."
        for verdict, count in listed.items()
        if count > MOST_PAIRS
    )
    return dataclasses.replace(verdicts, rows=tuple(rows)), notes


def _per_container_table(compared: Report) -> Report:
    """compare's rows that have a per-container figure, in compare's words and columns."""
    columns = tuple(c for c in compared.columns if c.key in PER_CONTAINER_COLUMNS)
    rows = tuple(row for row in compared.rows if _has_per_container(row))
    return dataclasses.replace(compared, columns=columns, rows=rows, notes=(), charts=())


def _has_per_container(row: Row) -> bool:
    return row.values["per_container_low"] is not None or bool(row.values["per_container_method"])


def per_container_charts(ledger: Ledger, compared: Report) -> tuple[Chart, ...]:
    """The per-container ranges of every munitions claim that has one, in compare's
    order, coloured by calibre: the rows of ``plot derive``, for every calibre at once."""
    from shellcount.analysis.per_container import PerContainerDeriver

    order = {row.values["claim_id"]: index for index, row in enumerate(compared.rows)}
    claims = sorted((c for c in ledger if c.counts_munitions), key=lambda c: order[c.id])
    results = [r for r in PerContainerDeriver(ledger).derive_all(claims) if r.per_container]
    if not results:
        return ()
    rows, notes = _at_most(charts.per_container_rows(results))
    # The axis in the unit's own words, as under compare's table.
    panel = RangePanel("", units.MUNITIONS_PER_CONTAINER.replace(" ", ""), rows)
    return (RangeChart("Munitions per container, by claim", (panel,), notes),)


def _at_most(rows: tuple[RangeRow, ...]) -> tuple[tuple[RangeRow, ...], tuple[str, ...]]:
    """The first rows a chart can show (as ``plot`` draws), and a note if some are left."""
    if len(rows) <= charts.MOST_ROWS:
        return rows, ()
    left = len(rows) - charts.MOST_ROWS
    return rows[: charts.MOST_ROWS], (f"Not charted: {left:,} more rows (the table lists them).",)


def totals_charts(ledger: Ledger) -> tuple[tuple[Chart, ...], tuple[str, ...]]:
    """A range chart per quantity of munitions or containers counted by two claims or
    more: each dated count's interval as stated, in date order, on the first count's unit;
    and a note naming the quantities past the most a page charts."""
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for claim in ledger:
        if is_cumulative_count(claim) and (claim.counts_munitions or claim.counts_containers):
            groups.setdefault(claim.quantity, []).append(claim)
    found: list[Chart] = []
    counted = [claims for claims in groups.values() if len(claims) >= 2]
    for claims in counted[: charts.MOST_PANELS]:
        claims.sort(key=lambda claim: (claim.as_of, claim.id))
        unit = claims[0].unit
        rows = []
        for claim in claims:
            try:
                amount = claim.amount.to(unit)
            except ShellcountError:
                continue  # a count in another dimension: the timeline lists it
            rows.append(
                RangeRow(
                    claim.id,
                    amount.interval,
                    amount.nominal,
                    detail=common.iso(claim.as_of),
                    text=f"'{claim.figure.text}'",
                )
            )
        shown, notes = _at_most(tuple(rows))
        panel = RangePanel("", units.format_unit(unit), shown)
        found.append(RangeChart(words.quantity_text(claims[0]), (panel,), notes))
    return tuple(found), _left_out(counted[charts.MOST_PANELS :])


def _left_out(quantities: list[list[Claim]]) -> tuple[str, ...]:
    """A note naming the quantities past the most a page charts, if any."""
    if not quantities:
        return ()
    names = [words.quantity_text(claims[0]) for claims in quantities]
    shown = "; ".join(names[:5]) + (f" and {len(names) - 5:,} more" if len(names) > 5 else "")
    return (
        f"Not charted, past {charts.MOST_PANELS} quantities: {shown} (the timeline lists them).",
    )


def timeline_charts(ledger: Ledger) -> tuple[TimelineChart, ...]:
    """``plot timeline``'s chart of the dated counts, if there is a count over time."""
    try:
        return (charts.timeline_chart(ledger, title="Cumulative counts over time"),)
    except NothingToChart:
        return ()


def claim_entries(ledger: Ledger, compared: Report, listed: Report) -> tuple[ClaimEntry, ...]:
    """Every claim in file order: the claims table's words, compare's per-container figure
    and disagreements, the sources table's provenance, and the source's link."""
    sources = {row.values["source_id"]: row for row in sources_report(ledger).rows}
    by_claim = {row.values["claim_id"]: row for row in compared.rows}
    entries = []
    for row, claim in zip(listed.rows, ledger.claims, strict=True):
        said = row.shown
        source = sources[claim.source.id]
        given = source.shown
        compare = by_claim[claim.id].shown
        facts: list[tuple[str, str]] = [
            ("Figure", said["figure"]),
            ("Interval", said["interval"]),
            ("Period", said["dates"]),
            ("Basis", said["basis"]),
            ("Per container", compare["per_container"]),
            ("Outlet", given["outlet"]),
            ("Published", given["published"]),
            ("Speaker", given["speaker"]),
            ("Via", given["via"]),
            ("Grade", given["grade"] or "ungraded"),
            ("Source", given["source"]),
            ("Document", str(source.values["document"])),
            ("Disagrees with", compare["verdict"]),
            ("Note", claim.note or ""),
        ]
        url = claim.source.url
        link = url if url and url.lower().startswith(LINK_SCHEMES) else None
        if url and link is None:
            facts.append(("Address", url))  # shown as text, never followed
        entries.append(
            ClaimEntry(
                claim_id=claim.id,
                heading=words.quantity_text(claim),
                quote=said["quote"],
                facts=tuple((label, text) for label, text in facts if text),
                link=link,
            )
        )
    return tuple(entries)
