"""The commands: each reads its options (converted by cli/options.py), picks the view
and hands it to cli/running.py, which loads the claims, builds, renders and writes.

No arithmetic here. Data goes to stdout, messages to stderr; exit 0 on success, 1 on bad
data (one line per problem, no traceback), 2 on bad usage. ``plot`` is cli/plot.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# Start-up: every command, --help and --version import this module, so it imports only
# typer and the command line's own modules, which import nothing heavy at the top
# (shellcount.choices imports nothing). Each command imports its own work;
# tests/test_startup.py checks what each one loads.
from shellcount import __version__
from shellcount.choices import CheckFormat, HelpTopic, ReadingName
from shellcount.cli import options, running
from shellcount.cli.groups import group
from shellcount.cli.plot import plot_app
from shellcount.cli.report import report

if TYPE_CHECKING:
    from shellcount.analysis.plausibility import Check
    from shellcount.analysis.pool import PoolResult
    from shellcount.formats.report import Report
    from shellcount.ledger.model import Ledger

app = group(
    "shellcount",
    "Reconcile conflicting, sourced estimates of munitions flows.\n\n"
    "Reads a YAML file of sourced figures (the packaged one by default), puts them on "
    "common units with their hedges as intervals, and compares what each implies.\n\n"
    "\b\nStart here:\n"
    "  shellcount compare                    the packaged claims side by side\n"
    "  shellcount init my.yaml               a claims file of your own to fill in\n"
    "  shellcount check my.yaml              every problem in it, with its line\n"
    "  shellcount compare --claims my.yaml   your claims side by side\n"
    "  shellcount import my.csv -o my.yaml   a spreadsheet into a claims file\n"
    "  shellcount help format                the file format: fields, hedges, CSV",
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
@options.with_report_output
@options.with_ledger_input
def compare(
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
    report_output: options.ReportOutput,  # -f, -o, --columns, --bom
    explain: options.Explain = False,
) -> None:
    """Every claim side by side, grouped by what it counts, with munitions per container.

    Example: shellcount compare --format csv > claims.csv
    """
    from shellcount.views.compare import compare_report

    running.run(lambda ledger: compare_report(ledger, explain=explain), ledger_input, report_output)


@app.command()
@options.with_report_output
@options.with_ledger_input
def derive(
    calibre_mm: options.Calibre,
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
    report_output: options.ReportOutput,  # -f, -o, --columns, --bom
    explain: options.Explain = False,
    implied: options.Implied = False,
    container: options.Container = "20ft",
    payload_kg: options.Payload = None,
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
        check = _check(reference, container, payload_kg)
        return derive_report(ledger, calibre_mm, explain=explain, check=check)

    running.run(build, ledger_input, report_output, reference=reference)


@app.command("claims")
@options.with_report_output
@options.with_ledger_input
def claims_command(
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
    report_output: options.ReportOutput,  # -f, -o, --columns, --bom
) -> None:
    """The claims ledger: each figure as written, its interval, period and verbatim quote.

    Example: shellcount claims --format markdown -o ledger.md
    """
    from shellcount.views.ledger import claims_report

    running.run(claims_report, ledger_input, report_output)


@app.command()
@options.with_report_output
def sources(
    claims: options.Claims = None,
    *,
    report_output: options.ReportOutput,  # -f, -o, --columns, --bom
) -> None:
    """The sources: outlet, date, speaker, attribution chain, grade, number of claims.

    Example: shellcount sources --format csv
    """
    from shellcount.views.ledger import sources_report

    # A source shows no figure: the reading is not named.
    running.run(sources_report, options.LedgerInput(claims), report_output, names_reading=False)


@app.command()
@options.with_report_output
@options.with_ledger_input
def timeline(
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
    report_output: options.ReportOutput,  # -f, -o, --columns, --bom
    measure: options.MeasureFilter = None,
    calibre_mm: options.CalibreFilter = None,
    at: options.TimelineAt = None,
) -> None:
    """Dated counts with their periods and rates, and the change between counts.

    A count whose high end falls below an earlier count's low end is flagged.

    Example: shellcount timeline --measure containers --at 2023-11-01
    """
    from shellcount.views.timeline import timeline_report

    running.run(
        lambda ledger: timeline_report(ledger, measure=measure, calibre_mm=calibre_mm, at=at),
        ledger_input,
        report_output,
    )


@app.command()
@options.with_report_output
@options.with_ledger_input
def reconcile(
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
    report_output: options.ReportOutput,  # -f, -o, --columns, --bom
    measure: options.ReconcileMeasure = None,
    show_all: options.ShowAll = False,
) -> None:
    """Which claims on the same quantity agree, which conflict, and by how much.

    Example: shellcount reconcile --format csv
    """
    from shellcount.views.reconcile import reconcile_report

    running.run(
        lambda ledger: reconcile_report(ledger, measure=measure, show_all=show_all),
        ledger_input,
        report_output,
    )


@app.command()
@options.with_report_output
@options.with_ledger_input
def mix(
    calibre: options.MixCalibres = None,
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
    report_output: options.ReportOutput,  # -f, -o, --columns, --bom
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
    running.run(
        lambda ledger: mix_report(ledger, calibre_a, calibre_b, explain=explain),
        ledger_input,
        report_output,
    )


@app.command()
@options.with_report_output
@options.with_ledger_input
@options.with_pool_options
def pool(
    measure: options.PoolMeasure,
    *,
    ledger_input: options.LedgerInput,  # --claims, --about, --reading
    report_output: options.ReportOutput,  # -f, -o, --columns, --bom
    pooling: options.PoolOptions,  # --calibre ... --restatements, by @with_pool_options
    samples_out: options.SamplesOut = None,
) -> None:
    """The values every claim allows, their envelope, and a weighted Monte Carlo pool.

    Each claim is carried to one date and drawn uniform over its interval.

    Capacities and relative claims are left out; every row says how it was reached.

    Example: shellcount pool -m shells --weights grades --seed 1 --format csv
    """
    from shellcount.views.pool import pool_result_report, pooled

    selection, settings = pooling.inputs(measure)
    samples_file = (
        None if samples_out is None else options.samples_destination(samples_out, report_output)
    )
    made: list[tuple[Ledger, PoolResult]] = []

    def build(ledger: Ledger) -> Report:
        result = pooled(ledger, selection, settings)
        made.append((ledger, result))
        return pool_result_report(ledger, result)

    running.run(build, ledger_input, report_output)
    if samples_out is not None:
        _write_samples(*made[0], samples_file, claims=ledger_input.claims, bom=report_output.bom)


def _write_samples(
    ledger: Ledger,
    result: PoolResult,
    destination: Path | None,
    *,
    claims: list[Path] | None,
    bom: bool,
) -> None:
    """The pool's draws as CSV, written by the same rules as the report."""
    from shellcount.cli.output import write_output
    from shellcount.formats import OutputFormat, render_chunks
    from shellcount.views.common import with_reading
    from shellcount.views.pool_samples import samples_report

    with running.user_errors():
        report = with_reading(samples_report(ledger, result), ledger)
        chunks = running.with_bom(render_chunks(report, OutputFormat.CSV), bom)
        write_output(chunks, destination, protected=running.files_read(claims))


@app.command()
def check(
    files: options.CheckFiles,
    output_format: options.CheckOutput = CheckFormat.TEXT,
    strict: options.Strict = False,
    reading: options.Reading = ReadingName.DEFAULT,
    separately: options.Separately = False,
) -> None:
    """Check claims files: every error and warning at once, as FILE:LINE:COLUMN: LEVEL: ...

    Errors are what the other commands refuse; several files are read as one ledger, as
    several --claims are. Warnings: a claim compared with nothing, a source without
    speaker, a date after today, a capacity claim without converts, one statement given
    twice without restates. Exit 1 on any error (with --strict, on any warning too); a
    summary goes to stderr.

    Example: shellcount check my-claims.yaml --format json
    """
    from shellcount.ledger import lint
    from shellcount.views import check as check_view

    with running.user_errors():
        if separately:
            problems = lint.check_files(files, reading=reading.value)
        else:
            problems = lint.check_together(files, reading=reading.value)
    running.write_text(check_view.render(problems, output_format))
    typer.echo(check_view.summary(problems, len(files)), err=True)
    if lint.failed(problems, strict=strict):
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the claims file (format 1), for editors and CI.

    Example: shellcount schema > claims.schema.json
    """
    from shellcount.ledger.schema import schema_text

    running.write_text(schema_text())


@app.command("import")
def import_command(
    spreadsheet: options.Spreadsheet,
    output: options.ClaimsOutput = None,
) -> None:
    """A spreadsheet of claims (CSV, one row per claim) into a claims file (format 1).

    The columns are those 'shellcount claims --format csv' writes: claim_id, source_id,
    measure, figure, unit, quote, outlet and published are needed, the others may be
    left out; a source's columns are repeated on its rows, or left empty. Every problem
    is given with its row and column.

    Example: shellcount import figures.csv -o claims.yaml
    """
    from shellcount.cli.output import write_output
    from shellcount.ledger.spreadsheet import import_spreadsheet

    destination = options.claims_destination(output)
    with running.user_errors():
        text = import_spreadsheet(spreadsheet)
        write_output(text, destination, protected=spreadsheet)


@app.command()
def init(path: options.NewClaimsFile) -> None:
    """Write a claims file to start from: two example claims, every field explained.

    It passes 'shellcount check'; replace the examples with your own. An existing file
    is never overwritten.

    Example: shellcount init my-claims.yaml
    """
    from shellcount.cli.output import write_new, write_output
    from shellcount.packaged import packaged_path

    destination = options.claims_destination(path)
    with running.user_errors():
        text = packaged_path("template.yaml").read_text(encoding="utf-8")
        if destination is None:
            write_output(text, None)
        else:
            write_new(text, destination)


@app.command("help")
def help_command(topic: options.Topic) -> None:
    """The claims file's format, as documented: fields, figure grammar, CSV columns.

    Example: shellcount help format | less
    """
    from shellcount.packaged import packaged_path

    if topic is HelpTopic.FORMAT:
        running.write_text(packaged_path("claims-format.md").read_text(encoding="utf-8"))


app.command()(report)

# Last, so --help lists plot after the other commands, as the README does.
app.add_typer(plot_app, name="plot")


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
    """The console script: run the app (signals and a closed pipe: cli/running.py)."""
    running.console_script(app)
