"""``shellcount plot derive|pool|timeline --out FILE``: the charts, as PNG or SVG files.

The views build the charts (``views.charts``); ``formats.chart_image`` draws them, and is
the one module that imports matplotlib, an optional extra, inside its functions. It is
imported only here, when a plot command runs, so no other command (nor --help) pays for
it. Every call into the charts is in this module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from shellcount.cli import options, running
from shellcount.cli.groups import group

if TYPE_CHECKING:
    from shellcount.cli.options import LedgerInput
    from shellcount.formats.chart import Chart
    from shellcount.ledger.model import Ledger

plot_app = group(
    "plot",
    "Charts as image files, PNG or SVG (from the --out suffix). Needs the plot extra: "
    "pip install 'shellcount[plot]'.",
)


@plot_app.command("derive")
@options.with_ledger_input
def plot_derive(
    calibre_mm: options.Calibre,
    out: options.Out,
    title: options.Title = None,
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
) -> None:
    """Munitions per container, one row per claim: a forest plot of the derive figures.

    Example: shellcount plot derive --calibre 152 --out ranges.png
    """
    from shellcount.views import charts

    _plot(
        lambda ledger: charts.derive_chart(ledger, calibre_mm, title),
        out,
        ledger_input,
    )


@plot_app.command("pool")
@options.with_ledger_input
@options.with_pool_options
def plot_pool(
    measure: options.PoolMeasure,
    out: options.Out,
    title: options.Title = None,
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
    pooling: options.PoolOptions,  # --calibre ... --restatements, by @with_pool_options
) -> None:
    """The claims pooled at one date, with the pool's p5 to p95 as a band and p50 as a line.

    Example: shellcount plot pool --measure shells --out pool.svg
    """
    from shellcount.views import charts

    selection, settings = pooling.inputs(measure)
    _plot(
        lambda ledger: charts.pool_chart(ledger, selection, settings, title),
        out,
        ledger_input,
    )


@plot_app.command("timeline")
@options.with_ledger_input
def plot_timeline(
    out: options.Out,
    title: options.Title = None,
    measure: options.MeasureFilter = None,
    calibre_mm: options.CalibreFilter = None,
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
) -> None:
    """Cumulative counts against date, each with its interval, a colour per flow.

    Example: shellcount plot timeline --measure containers --out counts.svg
    """
    from shellcount.views import charts

    _plot(
        lambda ledger: charts.timeline_chart(
            ledger, measure=measure, calibre_mm=calibre_mm, title=title
        ),
        out,
        ledger_input,
    )


def _plot(
    build: Callable[[Ledger], Chart],
    out: Path,
    ledger_input: LedgerInput,
) -> None:
    """Check the file type and matplotlib, then load, build, draw and write the chart."""
    from shellcount.cli.output import write_output
    from shellcount.formats import chart_image

    file_format = chart_image.chart_format(out)
    if file_format is None:
        raise typer.BadParameter(
            f"the file type comes from the suffix: .png or .svg, not {out.name!r}",
            param_hint="'--out'",
        )
    with running.user_errors():
        chart_image.require_matplotlib()
        with running.loaded(ledger_input) as (
            ledger,
            paths,
            progress,
        ):
            progress.say("drawing")
            data = chart_image.draw(build(ledger), file_format)
        write_output(data, out, protected=paths)
