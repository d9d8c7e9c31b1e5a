"""The command line: options in, a Report out through the chosen format, errors to exit codes.

No arithmetic here. Data goes to stdout, messages to stderr; exit 0 on success, 1 on bad
data (one line per problem, no traceback), 2 on bad usage.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

# Start-up: every command, --help and --version import this module, so it imports only
# typer and what the options need (shellcount.choices imports nothing). Each command
# imports its own work; tests/test_startup.py checks what each one loads.
from shellcount import __version__
from shellcount.choices import CheckFormat, OutputFormat, ReadingName
from shellcount.cli import options
from shellcount.errors import ClaimsFileError, ShellcountError

if TYPE_CHECKING:
    from shellcount.analysis.plausibility import Check
    from shellcount.cli.progress import Progress
    from shellcount.formats.report import Report
    from shellcount.ledger.model import Ledger
    from shellcount.views.charts import Chart


class _Commands(TyperGroup):
    """Help that lists each command with its first sentence whole (wrapped), where click
    would cut it short to fit one line."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


# Help and usage errors in click's plain style (rich_markup_mode=None): typer's rich panels
# import rich, markdown-it and pygments, which took --help from under half the start-up
# floor (bench/floor.py) to about 0.7 of it. See BENCHMARKS.md.
app = typer.Typer(
    name="shellcount",
    help="Reconcile conflicting, sourced estimates of munitions flows.\n\n"
    "Reads a YAML file of sourced figures (the packaged one by default), puts them on "
    "common units with their hedges as intervals, and compares what each implies.",
    cls=_Commands,
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"shellcount {__version__}")
        raise typer.Exit


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Reconcile conflicting, sourced estimates of munitions flows."""


@app.command()
def compare(
    claims: options.Claims = None,
    output_format: options.Format = OutputFormat.TABLE,
    output: options.Output = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
    explain: options.Explain = False,
) -> None:
    """Every claim side by side, grouped by what it counts, with munitions per container.

    Example: shellcount compare --format csv > claims.csv
    """
    from shellcount.views.compare import compare_report

    _run(
        lambda ledger: compare_report(ledger, explain=explain),
        claims=claims,
        about=about,
        reading=reading,
        output_format=output_format,
        output=output,
    )


@app.command()
def derive(
    calibre_mm: options.Calibre,
    claims: options.Claims = None,
    output_format: options.Format = OutputFormat.TABLE,
    output: options.Output = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
    explain: options.Explain = False,
    implied: options.Implied = False,
    container: options.Container = "20ft",
    payload: options.Payload = None,
    reference: options.Reference = None,
) -> None:
    """Munitions per container for one calibre, and for claims that state none.

    Every source's figure divided by a container count, saying where the count came from,
    and the share of a container's payload the projectiles' mass would use.

    Example: shellcount derive --calibre 152 --explain
    """
    from shellcount.views.derive import derive_report, implied_report

    def build(ledger: Ledger) -> Report:
        if implied:
            return implied_report(ledger, calibre_mm, explain=explain)
        check = _check(reference, container, payload)
        return derive_report(ledger, calibre_mm, explain=explain, check=check)

    _run(
        build,
        claims=claims,
        about=about,
        reading=reading,
        output_format=output_format,
        output=output,
    )


@app.command("claims")
def claims_command(
    claims: options.Claims = None,
    output_format: options.Format = OutputFormat.TABLE,
    output: options.Output = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
) -> None:
    """The claims ledger: each figure as written, its interval, period and verbatim quote.

    Example: shellcount claims --format markdown -o ledger.md
    """
    from shellcount.views.ledger import claims_report

    _run(
        claims_report,
        claims=claims,
        about=about,
        reading=reading,
        output_format=output_format,
        output=output,
    )


@app.command()
def sources(
    claims: options.Claims = None,
    output_format: options.Format = OutputFormat.TABLE,
    output: options.Output = None,
) -> None:
    """The sources: outlet, date, speaker, attribution chain, grade, number of claims.

    Example: shellcount sources --format csv
    """
    from shellcount.views.ledger import sources_report

    _run(
        sources_report,
        claims=claims,
        about=None,
        reading=None,
        output_format=output_format,
        output=output,
    )


@app.command()
def timeline(
    claims: options.Claims = None,
    output_format: options.Format = OutputFormat.TABLE,
    output: options.Output = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
    measure: options.MeasureFilter = None,
    calibre_mm: options.CalibreFilter = None,
    at: options.TimelineAt = None,
) -> None:
    """Dated counts with their periods and rates, and the change between counts.

    A count whose high end falls below an earlier count's low end is flagged.

    Example: shellcount timeline --measure containers --at 2023-11-01
    """
    from shellcount.views.timeline import timeline_report

    _run(
        lambda ledger: timeline_report(ledger, measure=measure, calibre_mm=calibre_mm, at=at),
        claims=claims,
        about=about,
        reading=reading,
        output_format=output_format,
        output=output,
    )


@app.command()
def reconcile(
    claims: options.Claims = None,
    output_format: options.Format = OutputFormat.TABLE,
    output: options.Output = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
    measure: options.ReconcileMeasure = None,
    show_all: options.ShowAll = False,
) -> None:
    """Which claims on the same quantity agree, which conflict, and by how much.

    Example: shellcount reconcile --format csv
    """
    from shellcount.views.reconcile import reconcile_report

    _run(
        lambda ledger: reconcile_report(ledger, measure=measure, show_all=show_all),
        claims=claims,
        about=about,
        reading=reading,
        output_format=output_format,
        output=output,
    )


@app.command()
def mix(
    calibre: options.MixCalibres = None,
    claims: options.Claims = None,
    output_format: options.Format = OutputFormat.TABLE,
    output: options.Output = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
    explain: options.Explain = False,
) -> None:
    """Containers converted to two calibres: the total for each share carrying the first.

    For every container claim that capacity claims convert both to calibre A and to
    calibre B: s × A + (1 − s) × B for the share s = 0, 0.1, ... 1, and the share at which
    the mix gives each other source's total for the same flow and date.

    Example: shellcount mix --calibre 152 --calibre 122 --format csv
    """
    from shellcount.analysis.mix import SameCalibreError, require_two_calibres
    from shellcount.views.mix import mix_report

    if calibre is None or len(calibre) != 2:
        raise typer.BadParameter(
            "give exactly two calibres, e.g. --calibre 152 --calibre 122",
            param_hint="'--calibre'",
        )
    calibre_a, calibre_b = calibre
    try:
        # Checked before the claims are read: a usage error (exit 2) whatever the data.
        require_two_calibres(calibre_a, calibre_b)
    except SameCalibreError as error:
        raise typer.BadParameter(str(error), param_hint="'--calibre'") from None
    _run(
        lambda ledger: mix_report(ledger, calibre_a, calibre_b, explain=explain),
        claims=claims,
        about=about,
        reading=reading,
        output_format=output_format,
        output=output,
    )


@app.command()
@options.with_pool_options
def pool(
    measure: options.PoolMeasure,
    claims: options.Claims = None,
    output_format: options.Format = OutputFormat.TABLE,
    output: options.Output = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
    *,
    pooling: options.PoolOptions,  # --calibre ... --restatements, by @with_pool_options
) -> None:
    """The values every claim allows, their envelope, and a weighted Monte Carlo pool.

    Each claim is carried to one date and drawn uniform over its interval.

    Capacities and relative claims are left out; every row says how it was reached.

    Example: shellcount pool -m shells --weights grades --seed 1 --format csv
    """
    from shellcount.views.pool import pool_report

    selection, settings = pooling.inputs(measure)
    _run(
        lambda ledger: pool_report(ledger, selection, settings),
        claims=claims,
        about=about,
        reading=reading,
        output_format=output_format,
        output=output,
    )


@app.command()
def check(
    files: options.CheckFiles,
    output_format: options.CheckOutput = CheckFormat.TEXT,
    strict: options.Strict = False,
    reading: options.Reading = ReadingName.DEFAULT,
) -> None:
    """Check claims files: every error and warning at once, as FILE:LINE:COLUMN: LEVEL: ...

    Errors are what the other commands refuse. Warnings: a claim compared with nothing, a
    source without speaker, a date after today, a capacity claim without converts, one
    statement given twice without restates. Exit 1 on any error (with --strict, on any
    warning too); a summary goes to stderr.

    Example: shellcount check my-claims.yaml --format json
    """
    from shellcount.ledger import lint

    problems = lint.check_files(files, reading=reading.value)
    typer.echo(lint.render(problems, output_format), nl=False)
    typer.echo(lint.summary(problems, len(files)), err=True)
    if lint.failed(problems, strict=strict):
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the claims file (format 1), for editors and CI.

    Example: shellcount schema > claims.schema.json
    """
    from shellcount.ledger.schema import schema_text

    typer.echo(schema_text(), nl=False)


# Charts: `shellcount plot derive|pool|timeline --out FILE`. matplotlib is an optional
# extra; shellcount.charts imports it inside its drawing functions and is itself imported
# only here, so no other command (nor --help) pays for it.
plot_app = typer.Typer(
    name="plot",
    help="Charts as image files, PNG or SVG (from the --out suffix). Needs the plot extra: "
    "pip install 'shellcount[plot]'.",
    cls=_Commands,
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(plot_app, name="plot")


@plot_app.command("derive")
def plot_derive(
    calibre_mm: options.Calibre,
    out: options.Out,
    claims: options.Claims = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
    title: options.Title = None,
) -> None:
    """Munitions per container, one row per claim: a forest plot of the derive figures.

    Example: shellcount plot derive --calibre 152 --out ranges.png
    """
    from shellcount.views import charts

    _plot(
        lambda ledger: charts.derive_chart(ledger, calibre_mm, title),
        out=out,
        claims=claims,
        about=about,
        reading=reading,
    )


@plot_app.command("pool")
@options.with_pool_options
def plot_pool(
    measure: options.PoolMeasure,
    out: options.Out,
    claims: options.Claims = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
    title: options.Title = None,
    *,
    pooling: options.PoolOptions,  # --calibre ... --restatements, by @with_pool_options
) -> None:
    """The claims pooled at one date, with the pool's p5 to p95 as a band and p50 as a line.

    Example: shellcount plot pool --measure shells --out pool.svg
    """
    from shellcount.views import charts

    selection, settings = pooling.inputs(measure)
    _plot(
        lambda ledger: charts.pool_chart(ledger, selection, settings, title),
        out=out,
        claims=claims,
        about=about,
        reading=reading,
    )


@plot_app.command("timeline")
def plot_timeline(
    out: options.Out,
    claims: options.Claims = None,
    about: options.About = None,
    reading: options.Reading = ReadingName.DEFAULT,
    title: options.Title = None,
    measure: options.MeasureFilter = None,
    calibre_mm: options.CalibreFilter = None,
) -> None:
    """Cumulative counts against date, each with its interval, a colour per flow.

    Example: shellcount plot timeline --measure containers --out counts.svg
    """
    from shellcount.views import charts

    _plot(
        lambda ledger: charts.timeline_chart(
            ledger, measure=measure, calibre_mm=calibre_mm, title=title
        ),
        out=out,
        claims=claims,
        about=about,
        reading=reading,
    )


def _plot(
    build: Callable[[Ledger], Chart],
    *,
    out: Path,
    claims: Path | None,
    about: float | None,
    reading: ReadingName,
) -> None:
    """Check the file type and matplotlib, then load, build, draw and write the chart."""
    from shellcount.cli.output import write_output
    from shellcount.views import charts

    file_format = charts.chart_format(out)
    if file_format is None:
        raise typer.BadParameter(
            f"the file type comes from the suffix: .png or .svg, not {out.name!r}",
            param_hint="'--out'",
        )
    with _user_errors():
        charts.require_matplotlib()
        with _loaded(claims, about, reading) as (ledger, path, progress):
            progress.say("drawing")
            data = charts.draw(build(ledger), file_format)
        write_output(data, out, protected=path)


def _run(
    build: Callable[[Ledger], Report],
    *,
    claims: Path | None,
    about: float | None,
    reading: ReadingName | None,
    output_format: OutputFormat,
    output: Path | None,
) -> None:
    """Load, build, render, write; a user-facing error becomes stderr lines and exit 1.

    ``reading``: the reading of the hedges, which the report then names; None for a
    report that shows no figure read by one (``sources``)."""
    from shellcount.cli.output import write_output
    from shellcount.formats import detect, render
    from shellcount.views.common import with_reading

    with _user_errors():
        with _loaded(claims, about, reading or ReadingName.DEFAULT) as loaded:
            ledger, path, progress = loaded
            report = build(ledger)
            if reading is not None:
                report = with_reading(report, ledger)
            progress.say("writing")
            text = render(report, output_format, detect(output))
        write_output(text, output, protected=path)


@contextlib.contextmanager
def _loaded(
    claims: Path | None, tolerance: float | None, reading: ReadingName
) -> Iterator[tuple[Ledger, Path, Progress]]:
    """The claims file read (the packaged one by default), with progress on a terminal."""
    from shellcount.cli.progress import Progress
    from shellcount.ledger.loader import PACKAGED_LABEL, load_claims, packaged_claims_path

    path = claims if claims is not None else packaged_claims_path()
    label = None if claims is not None else PACKAGED_LABEL
    with Progress(f"reading {label or path}") as progress:
        ledger = load_claims(path, about=tolerance, reading=reading.value, label=label)
        # The ledger lives until the command ends: spare the cycle collector from walking
        # it again each time the reconciliation's own objects trigger a collection.
        gc.freeze()
        progress.say(f"working on {len(ledger.claims):,} claims")
        yield ledger, path, progress


@contextlib.contextmanager
def _user_errors() -> Iterator[None]:
    """Our errors as one line each on stderr and exit 1; anything else is a bug."""
    try:
        yield
    except ClaimsFileError as error:
        # Each problem is already a full "file:line:column: error: message" line.
        typer.echo(_visible(str(error)), err=True)
        raise typer.Exit(1) from None
    except ShellcountError as error:
        typer.echo(f"error: {_visible(str(error))}", err=True)
        raise typer.Exit(1) from None


def _visible(message: str) -> str:
    """A message's lines with any control character from file text shown, not obeyed."""
    from shellcount.formats.printable import printable

    return "\n".join(printable(line) for line in message.split("\n"))


def _check(reference: Path | None, container: str, payload_kg: float | None) -> Check:
    """The reference file read (a bad one is bad data, exit 1) and the container chosen
    from its ids (one it lacks is bad usage, exit 2)."""
    from shellcount.analysis.plausibility import UnknownContainerError, check_for
    from shellcount.ledger.reference import load_reference

    table = load_reference(reference)
    try:
        return check_for(table, container, payload_kg)
    except UnknownContainerError as error:
        raise typer.BadParameter(str(error), param_hint="'--container'") from None


def main() -> None:
    """The console script: run the app, and leave quietly when the reader goes away."""
    # A termination request ends the run as Ctrl-C does, through the same clean-up: an
    # output file being written is removed, never left half-written or as a stray temp.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except BrokenPipeError:
        # `shellcount compare | head`: stop writing; point stdout at nothing so the
        # interpreter's final flush does not complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
