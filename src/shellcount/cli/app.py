"""The command line: options in, a Report out through the chosen format, errors to exit codes.

No arithmetic here. Data goes to stdout, messages to stderr; exit 0 on success, 1 on bad
data (one line per problem, no traceback), 2 on bad usage.
"""

from __future__ import annotations

import contextlib
import datetime as dt
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
from shellcount.choices import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TAIL,
    MAX_SAMPLES,
    CheckFormat,
    OutputFormat,
    ReadingName,
    Restatements,
    WeightScheme,
)
from shellcount.errors import ClaimsFileError, ShellcountError

if TYPE_CHECKING:
    from shellcount.analysis.plausibility import Check
    from shellcount.analysis.pool import Selection, Settings
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

ClaimsOption = Annotated[
    Path | None,
    typer.Option(
        "--claims",
        envvar="SHELLCOUNT_CLAIMS",
        help="Claims file (format 1) to read. Default: the packaged claims file.",
        show_default=False,
        dir_okay=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (whole or not at all) instead of stdout.",
        dir_okay=False,
        show_default=False,
    ),
]
AboutOption = Annotated[
    str | None,
    typer.Option(
        "--about",
        help="Tolerance of 'about' and its synonyms, e.g. 10% (default: the reading's; "
        "in the default reading one step each way: about 4,200 is 4,100 to 4,300).",
        show_default=False,
    ),
]
ReadingOption = Annotated[
    ReadingName,
    typer.Option(
        "--reading",
        help="How hedge words become intervals: default (claims-format.md: a bare figure "
        "is rounded, 4,200 is 4,150 to 4,250) or literal (format 1's first table, to "
        "reproduce earlier results: a bare figure is exact).",
        case_sensitive=False,
    ),
]
ExplainOption = Annotated[
    bool, typer.Option("--explain", help="Show each step of the working, with its units.")
]


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
    claims: ClaimsOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
    explain: ExplainOption = False,
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
    calibre: Annotated[
        str,
        typer.Option(
            "--calibre",
            "-c",
            help="Calibre: 152, '152 mm', '6.1 in' (a bare number is mm).",
        ),
    ],
    claims: ClaimsOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
    explain: ExplainOption = False,
    implied: Annotated[
        bool,
        typer.Option(
            "--implied",
            help="Instead: the total each per-container figure implies for every container "
            "count of the same flow.",
        ),
    ] = False,
    container: Annotated[
        str,
        typer.Option(
            "--container",
            help="Container whose payload the projectiles' mass is set against: an id of "
            "the reference file (20ft or 40ft in the packaged one).",
        ),
    ] = "20ft",
    payload: Annotated[
        str | None,
        typer.Option(
            "--payload",
            help="Set against this payload instead of the container's: 21750kg, '21.75 t'.",
            show_default=False,
        ),
    ] = None,
    reference: Annotated[
        Path | None,
        typer.Option(
            "--reference",
            help="Reference file of round masses and container payloads. Default: the "
            "packaged one.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Munitions per container for one calibre, and for claims that state none.

    Every source's figure divided by a container count, saying where the count came from,
    and the share of a container's payload the projectiles' mass would use.

    Example: shellcount derive --calibre 152 --explain
    """
    from shellcount.views.derive import derive_report, implied_report

    calibre_mm = _calibre(calibre)
    payload_kg = _payload(payload)

    def build(ledger: Ledger) -> Report:
        if implied:
            return implied_report(ledger, calibre_mm, explain=explain)
        check = _check(reference, container, payload_kg)
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
    claims: ClaimsOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
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
    claims: ClaimsOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
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
    claims: ClaimsOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
    measure: Annotated[
        str | None, typer.Option("--measure", "-m", help="Only this measure, e.g. containers.")
    ] = None,
    calibre: Annotated[
        str | None, typer.Option("--calibre", "-c", help="Only this calibre, e.g. 152.")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Also read each count off its series on this day (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """Dated counts with their periods and rates, and the change between counts.

    A count whose high end falls below an earlier count's low end is flagged.

    Example: shellcount timeline --measure containers --at 2023-11-01
    """
    from shellcount.views.timeline import timeline_report

    calibre_mm = None if calibre is None else _calibre(calibre)
    day = None if at is None else _day(at, "--at")
    _run(
        lambda ledger: timeline_report(ledger, measure=measure, calibre_mm=calibre_mm, at=day),
        claims=claims,
        about=about,
        reading=reading,
        output_format=output_format,
        output=output,
    )


@app.command()
def reconcile(
    claims: ClaimsOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
    measure: Annotated[
        str | None, typer.Option("--measure", "-m", help="Only this measure, e.g. shells.")
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list the pairs that cannot be compared.")
    ] = False,
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
    calibre: Annotated[
        list[str] | None,
        typer.Option(
            "--calibre",
            "-c",
            help="A calibre, twice: the first is A (its share runs 0 to 1), the second B.",
            metavar="CALIBRE",
            show_default=False,
        ),
    ] = None,
    claims: ClaimsOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
    explain: ExplainOption = False,
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
    calibre_a, calibre_b = (_calibre(text) for text in calibre)
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


MeasureToPool = Annotated[
    str, typer.Option("--measure", "-m", help="The measure to pool, exactly: shells.")
]
PoolCalibre = Annotated[
    str | None,
    typer.Option(
        "--calibre",
        "-c",
        help="Only this calibre (a bare number is mm). Default: every calibre, each pooled "
        "on its own.",
        show_default=False,
    ),
]
PoolOrigin = Annotated[
    str | None, typer.Option("--origin", help="Only this origin.", show_default=False)
]
PoolDestination = Annotated[
    str | None, typer.Option("--destination", help="Only this destination.", show_default=False)
]
PoolAt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Pool on this day (YYYY-MM-DD), each claim carried to it at its own rate. "
        "Default: the latest as_of among the claims.",
        show_default=False,
    ),
]
PoolWeights = Annotated[
    WeightScheme,
    typer.Option(
        "--weights",
        help="Weigh sources alike, by Admiralty grade (A1 = 1; ungraded = F6 = 0.25), or "
        "each method (one line of evidence) alike. A statement and its restatements "
        "weigh as one.",
        case_sensitive=False,
    ),
]
PoolRestatements = Annotated[
    Restatements,
    typer.Option(
        "--restatements",
        help="A statement's one weight: shared among its claims, or given to its most "
        "precise claim.",
        case_sensitive=False,
    ),
]
PoolWeight = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        help="This source's weight instead of the scheme's (repeatable).",
        metavar="SOURCE_ID=W",
        show_default=False,
    ),
]
PoolTail = Annotated[
    float,
    typer.Option(
        "--tail", help="An open interval from x is drawn uniform from x to TAIL × x; above 1."
    ),
]
PoolSamples = Annotated[
    int, typer.Option("--samples", help=f"Monte Carlo draws, 1 to {MAX_SAMPLES:,}.")
]
PoolSeed = Annotated[int, typer.Option("--seed", help="Random seed.")]
PoolCapacity = Annotated[
    bool,
    typer.Option("--include-capacity", help="Pool capacity conversions too (they are not counts)."),
]


@app.command()
def pool(
    measure: MeasureToPool,
    claims: ClaimsOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
    calibre: PoolCalibre = None,
    origin: PoolOrigin = None,
    destination: PoolDestination = None,
    at: PoolAt = None,
    weights: PoolWeights = WeightScheme.EQUAL,
    weight: PoolWeight = None,
    tail: PoolTail = DEFAULT_TAIL,
    samples: PoolSamples = DEFAULT_SAMPLES,
    seed: PoolSeed = DEFAULT_SEED,
    include_capacity: PoolCapacity = False,
    restatements: PoolRestatements = Restatements.SHARE,
) -> None:
    """The values every claim allows, their envelope, and a weighted Monte Carlo pool.

    Each claim is carried to one date and drawn uniform over its interval.

    Capacities and relative claims are left out; every row says how it was reached.

    Example: shellcount pool -m shells --weights grades --seed 1 --format csv
    """
    from shellcount.views.pool import pool_report

    selection, settings = _pool_inputs(
        measure, calibre, origin, destination, include_capacity, at, weights, weight, tail,
        samples, seed, restatements,
    )  # fmt: skip
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
    files: Annotated[
        list[Path],
        typer.Argument(help="Claims files to check.", metavar="FILE", show_default=False),
    ],
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one line per problem; json: an array.",
            case_sensitive=False,
        ),
    ] = CheckFormat.TEXT,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only errors.")
    ] = False,
    reading: ReadingOption = ReadingName.DEFAULT,
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

OutOption = Annotated[
    Path,
    typer.Option(
        "--out",
        help="Write the chart to this file: .png or .svg (whole or not at all).",
        dir_okay=False,
        show_default=False,
    ),
]
TitleOption = Annotated[
    str | None,
    typer.Option("--title", help="Title instead of the default one.", show_default=False),
]


@plot_app.command("derive")
def plot_derive(
    calibre: Annotated[
        str,
        typer.Option(
            "--calibre",
            "-c",
            help="Calibre: 152, '152 mm', '6.1 in' (a bare number is mm).",
        ),
    ],
    out: OutOption,
    claims: ClaimsOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
    title: TitleOption = None,
) -> None:
    """Munitions per container, one row per claim: a forest plot of the derive figures.

    Example: shellcount plot derive --calibre 152 --out ranges.png
    """
    from shellcount.views import charts

    calibre_mm = _calibre(calibre)
    _plot(
        lambda ledger: charts.derive_chart(ledger, calibre_mm, title),
        out=out,
        claims=claims,
        about=about,
        reading=reading,
    )


@plot_app.command("pool")
def plot_pool(
    measure: MeasureToPool,
    out: OutOption,
    claims: ClaimsOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
    title: TitleOption = None,
    calibre: PoolCalibre = None,
    origin: PoolOrigin = None,
    destination: PoolDestination = None,
    at: PoolAt = None,
    weights: PoolWeights = WeightScheme.EQUAL,
    weight: PoolWeight = None,
    tail: PoolTail = DEFAULT_TAIL,
    samples: PoolSamples = DEFAULT_SAMPLES,
    seed: PoolSeed = DEFAULT_SEED,
    include_capacity: PoolCapacity = False,
    restatements: PoolRestatements = Restatements.SHARE,
) -> None:
    """The claims pooled at one date, with the pool's p5 to p95 as a band and p50 as a line.

    Example: shellcount plot pool --measure shells --out pool.svg
    """
    from shellcount.views import charts

    selection, settings = _pool_inputs(
        measure, calibre, origin, destination, include_capacity, at, weights, weight, tail,
        samples, seed, restatements,
    )  # fmt: skip
    _plot(
        lambda ledger: charts.pool_chart(ledger, selection, settings, title),
        out=out,
        claims=claims,
        about=about,
        reading=reading,
    )


@plot_app.command("timeline")
def plot_timeline(
    out: OutOption,
    claims: ClaimsOption = None,
    about: AboutOption = None,
    reading: ReadingOption = ReadingName.DEFAULT,
    title: TitleOption = None,
    measure: Annotated[
        str | None, typer.Option("--measure", "-m", help="Only this measure, e.g. containers.")
    ] = None,
    calibre: Annotated[
        str | None, typer.Option("--calibre", "-c", help="Only this calibre, e.g. 152.")
    ] = None,
) -> None:
    """Cumulative counts against date, each with its interval, a colour per flow.

    Example: shellcount plot timeline --measure containers --out counts.svg
    """
    from shellcount.views import charts

    calibre_mm = None if calibre is None else _calibre(calibre)
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
    about: str | None,
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
    tolerance = _tolerance(about)
    with _user_errors():
        charts.require_matplotlib()
        with _loaded(claims, tolerance, reading) as (ledger, path, progress):
            progress.say("drawing")
            data = charts.draw(build(ledger), file_format)
        write_output(data, out, protected=path)


def _run(
    build: Callable[[Ledger], Report],
    *,
    claims: Path | None,
    about: str | None,
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

    tolerance = _tolerance(about)
    with _user_errors():
        with _loaded(claims, tolerance, reading or ReadingName.DEFAULT) as loaded:
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


def _tolerance(about: str | None) -> float | None:
    from shellcount.ledger.figure import parse_tolerance

    if about is None:
        return None
    try:
        return parse_tolerance(about)
    except ShellcountError as error:
        raise typer.BadParameter(str(error), param_hint="'--about'") from None


def _calibre(text: str) -> float:
    from shellcount.arithmetic import units

    try:
        return units.parse_calibre(text)
    except ShellcountError as error:
        raise typer.BadParameter(str(error), param_hint="'--calibre'") from None


def _payload(text: str | None) -> float | None:
    from shellcount.analysis.plausibility import parse_payload

    if text is None:
        return None
    try:
        return parse_payload(text)
    except ShellcountError as error:
        raise typer.BadParameter(str(error), param_hint="'--payload'") from None


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


def _day(text: str, option: str) -> dt.date:
    from shellcount.ledger.dates import parse_date

    try:
        reported = parse_date(text)
    except ShellcountError as error:
        raise typer.BadParameter(str(error), param_hint=f"'{option}'") from None
    if reported.is_month:
        raise typer.BadParameter(f"give a day, YYYY-MM-DD, not {text!r}", param_hint=f"'{option}'")
    return reported.first_day


def _pool_inputs(
    measure: str,
    calibre: str | None,
    origin: str | None,
    destination: str | None,
    include_capacity: bool,
    at: str | None,
    weights: WeightScheme,
    weight: list[str] | None,
    tail: float,
    samples: int,
    seed: int,
    restatements: Restatements,
) -> tuple[Selection, Settings]:
    """Which claims to pool and how, from the options of ``pool`` and ``plot pool``."""
    from shellcount.analysis.pool import PoolError, Selection, Settings

    selection = Selection(
        measure,
        calibre_mm=None if calibre is None else _calibre(calibre),
        origin=origin,
        destination=destination,
        include_capacity=include_capacity,
    )
    try:
        settings = Settings(
            at=None if at is None else _day(at, "--at"),
            weights=weights,
            given=dict(_source_weight(text) for text in weight or ()),
            tail=tail,
            samples=samples,
            seed=seed,
            restatements=restatements,
        )
    except PoolError as error:
        raise typer.BadParameter(str(error)) from None
    return selection, settings


def _source_weight(text: str) -> tuple[str, float]:
    """``SOURCE_ID=W`` read into its parts (whether the source exists is the data's business)."""
    source_id, equals, number = text.partition("=")
    try:
        value = float(number)
    except ValueError:
        value = float("nan")
    if not equals or not source_id.strip() or not (0 <= value < float("inf")):
        raise typer.BadParameter(
            f"expected SOURCE_ID=W with W a number 0 or more, not {text!r}", param_hint="'--weight'"
        )
    return source_id.strip(), value


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
