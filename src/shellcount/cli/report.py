"""``shellcount report``: the HTML page, written to a ``.html`` file or to stdout.

Its own command rather than a fifth ``--format``: a report is one page gathering several
results (verdicts, per-container figures, counts, every claim), not one table drawn
another way, and it needs Jinja2, which the other commands never load.

Start-up: imported with the commands, so only typer and the command line's own modules at
the top; the loader, the view and the format are imported when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shellcount.cli import options, running

SUFFIXES = (".html", ".htm")

PageOutput = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the page to this .html file (whole or not at all) instead of stdout; "
        "- is stdout.",
        dir_okay=False,
        show_default=False,
    ),
]


@options.with_ledger_input
def report(
    output: PageOutput = None,
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
) -> None:
    """One self-contained HTML page to hand on: results, charts, every claim and source.

    The bottom line, the verdicts, range charts of the per-container figures and totals,
    the timeline of counts, every claim with its quote, outlet, date, grade and link, the
    reading and assumptions, and the claims file's SHA-256 with shellcount's version. The
    page loads nothing from the network and prints as it shows. Needs the report extra:
    pip install 'shellcount[report]'.

    Example: shellcount report -o story.html
    """
    from shellcount.cli.output import write_output
    from shellcount.formats import html_format
    from shellcount.views.report_page import content_hash, report_page

    destination = options.destination_of(
        output, SUFFIXES, "the report is HTML, give a file ending in .html (or - for stdout)"
    )
    with running.user_errors():
        html_format.require_jinja()  # before any claim is read
        with running.loaded(ledger_input) as (ledger, paths, progress):
            page = report_page(ledger, content_hash(paths))
            progress.say("writing")
            text = html_format.render(page)
        write_output(text, destination, protected=paths)
