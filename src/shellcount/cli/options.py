"""Every option of the command line, declared once, each converting its own value.

A command names its options by these aliases (``calibre: options.Calibre``) and receives
typed values: ``--calibre 152mm`` arrives as millimetres, ``--at`` as a date, ``--about``
as a tolerance, ``--weight SOURCE_ID=W`` as a pair. A value the option cannot read is a
usage error (exit 2) naming the option, raised here, before any claim is read.

Where commands share an option but not its help (derive's ``--calibre`` is required,
timeline's is a filter), the variants stand side by side; the help texts are the
README's command reference (tests/test_readme.py), so their wording stays as it is.

Start-up: every command, ``--help`` and ``--version`` import this module, so it imports
only typer and ``shellcount.choices``; each converter imports what it reads with when
it is called, which ``--help`` never does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from shellcount.choices import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TAIL,
    MAX_SAMPLES,
    CheckFormat,
    HelpTopic,
    OutputFormat,
    ReadingName,
    Restatements,
    WeightScheme,
)
from shellcount.errors import ShellcountError
from shellcount.record import record

if TYPE_CHECKING:
    from shellcount.analysis.pool import Selection, Settings

# The converted options show the metavar they had as text, <str>, so that --help (and the
# README's reference made from it) reads as before; typer would show the converted type.
_TEXT = "<str>"


class SourceWeight(NamedTuple):
    """``--weight SOURCE_ID=W`` read into its parts."""

    source_id: str
    weight: float


# -- converters: text in, a value out, or typer.BadParameter naming the option -------------


def calibre_mm(text: str) -> float:
    """``--calibre``: ``152``, ``152 mm``, ``6.1 in`` in millimetres."""
    from shellcount.arithmetic import units

    try:
        return units.parse_calibre(text)
    except ShellcountError as error:
        raise typer.BadParameter(str(error), param_hint="'--calibre'") from None


def tolerance(text: str) -> float:
    """``--about``: ``10%`` or ``0.1``."""
    from shellcount.ledger.figure import parse_tolerance

    try:
        return parse_tolerance(text)
    except ShellcountError as error:
        raise typer.BadParameter(str(error), param_hint="'--about'") from None


def day(text: str) -> dt.date:
    """``--at``: a day, ``YYYY-MM-DD`` (a month alone is refused: pooling and reading a
    series need one day)."""
    from shellcount.ledger.dates import parse_date

    try:
        reported = parse_date(text)
    except ShellcountError as error:
        raise typer.BadParameter(str(error), param_hint="'--at'") from None
    if reported.is_month:
        raise typer.BadParameter(f"give a day, YYYY-MM-DD, not {text!r}", param_hint="'--at'")
    return reported.first_day


def payload_kg(text: str) -> float:
    """``--payload``: ``21750kg``, ``21.75 t`` in kilograms."""
    from shellcount.analysis.plausibility import parse_payload

    try:
        return parse_payload(text)
    except ShellcountError as error:
        raise typer.BadParameter(str(error), param_hint="'--payload'") from None


def source_weight(text: str) -> SourceWeight:
    """``--weight``: ``SOURCE_ID=W`` read into its parts. Only the form is read here:
    whether W is a weight is pool.Settings' rule, whether the source exists the data's."""
    source_id, equals, number = text.partition("=")
    try:
        value = float(number)
    except ValueError:
        value = None
    if not equals or not source_id.strip() or value is None:
        raise typer.BadParameter(
            f"expected SOURCE_ID=W with W a number 0 or more, not {text!r}", param_hint="'--weight'"
        )
    return SourceWeight(source_id.strip(), value)


# -- what every report command reads and writes -------------------------------------------

Claims = Annotated[
    list[Path] | None,
    typer.Option(
        "--claims",
        envvar="SHELLCOUNT_CLAIMS",
        help="Claims file (format 1) to read; repeat it to read several as one ledger "
        "(SHELLCOUNT_CLAIMS: paths joined by the system's path separator). Default: the "
        "packaged claims file.",
        show_default=False,
        dir_okay=False,
        metavar="<file>",
    ),
]
Format = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: from the -o file's suffix (.csv, .json, .md), else table.",
        case_sensitive=False,
        show_default=False,
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (whole or not at all) instead of stdout; - is stdout.",
        dir_okay=False,
        show_default=False,
    ),
]
Columns = Annotated[
    str | None,
    typer.Option(
        "--columns",
        help="Only these fields, in this order: claim_id,per_container_nominal,... (the "
        "CSV's names; the table shows them too).",
        show_default=False,
        metavar="A,B,C",
    ),
]
Bom = Annotated[
    bool,
    typer.Option(
        "--bom", help="Start with a UTF-8 byte-order mark (for spreadsheets that need one)."
    ),
]


@record
class ReportOutput:
    """Where a report goes and in what form: ``-f``, ``-o``, ``--columns``, ``--bom``."""

    output_format: Format = None
    output: Output = None
    columns: Columns = None
    bom: Bom = False

    def resolved(self) -> tuple[OutputFormat, Path | None]:
        """The format and the file (None: stdout). The format is ``--format``'s, or the
        file's suffix's, or the table; a suffix that names another format than
        ``--format`` is a usage error, as is one no format has with ``--format`` unset
        (so ``-o claims.csv`` never holds a table)."""
        from shellcount.formats import SUFFIXES, format_of

        output = None if self.output is None or str(self.output) == "-" else self.output
        named = None if output is None else format_of(str(output))
        if output is not None and self.output_format is None and named is None:
            known = ", ".join(SUFFIXES)
            raise typer.BadParameter(
                f"{str(output)!r}: the format comes from the suffix ({known}) or --format",
                param_hint="'--output'",
            )
        if named is not None and self.output_format not in (None, named):
            assert self.output_format is not None
            raise typer.BadParameter(
                f"{str(output)!r} names {named.value}, but --format is {self.output_format.value}",
                param_hint="'--output'",
            )
        return self.output_format or named or OutputFormat.TABLE, output

    @property
    def column_names(self) -> tuple[str, ...] | None:
        if self.columns is None:
            return None
        names = tuple(name.strip() for name in self.columns.split(",") if name.strip())
        if not names:
            raise typer.BadParameter("name at least one column", param_hint="'--columns'")
        return names


About = Annotated[
    float | None,
    typer.Option(
        "--about",
        help="Tolerance of 'about' and its synonyms, e.g. 10% (default: the reading's; "
        "in the default reading one step each way: about 4,200 is 4,100 to 4,300).",
        show_default=False,
        parser=tolerance,
        metavar=_TEXT,
    ),
]
Reading = Annotated[
    ReadingName,
    typer.Option(
        "--reading",
        help="How hedge words become intervals: default (claims-format.md: a bare figure "
        "is rounded, 4,200 is 4,150 to 4,250) or literal (format 1's first table, to "
        "reproduce earlier results: a bare figure is exact).",
        case_sensitive=False,
    ),
]


@record
class LedgerInput:
    """What a command reads and how: ``--claims`` (repeatable), ``--about``, ``--reading``."""

    claims: Claims = None
    about: About = None
    reading: Reading = ReadingName.DEFAULT


Explain = Annotated[
    bool, typer.Option("--explain", help="Show each step of the working, with its units.")
]

# -- --calibre: derive's subject, a filter, pool's selection, or mix's two --------------

Calibre = Annotated[
    float,
    typer.Option(
        "--calibre",
        "-c",
        help="Calibre: 152, '152 mm', '6.1 in' (a bare number is mm).",
        parser=calibre_mm,
        metavar=_TEXT,
    ),
]
CalibreFilter = Annotated[
    float | None,
    typer.Option(
        "--calibre",
        "-c",
        help="Only this calibre, e.g. 152.",
        parser=calibre_mm,
        metavar=_TEXT,
    ),
]
PoolCalibre = Annotated[
    float | None,
    typer.Option(
        "--calibre",
        "-c",
        help="Only this calibre (a bare number is mm). Default: every calibre, each pooled "
        "on its own.",
        show_default=False,
        parser=calibre_mm,
        metavar=_TEXT,
    ),
]
MixCalibres = Annotated[
    list[float] | None,
    typer.Option(
        "--calibre",
        "-c",
        help="A calibre, twice: the first is A (its share runs 0 to 1), the second B.",
        metavar="CALIBRE",
        show_default=False,
        parser=calibre_mm,
    ),
]

# -- --measure: a filter, or the one measure pooled -----------------------------------

MeasureFilter = Annotated[
    str | None, typer.Option("--measure", "-m", help="Only this measure, e.g. containers.")
]
ReconcileMeasure = Annotated[
    str | None, typer.Option("--measure", "-m", help="Only this measure, e.g. shells.")
]
PoolMeasure = Annotated[
    str, typer.Option("--measure", "-m", help="The measure to pool, exactly: shells.")
]

# -- --at: a day to read the series at, or to pool on -----------------------------------

TimelineAt = Annotated[
    dt.date | None,
    typer.Option(
        "--at",
        help="Also read each count off its series on this day (YYYY-MM-DD).",
        parser=day,
        metavar=_TEXT,
    ),
]
PoolAt = Annotated[
    dt.date | None,
    typer.Option(
        "--at",
        help="Pool on this day (YYYY-MM-DD), each claim carried to it at its own rate. "
        "Default: the latest as_of among the claims.",
        show_default=False,
        parser=day,
        metavar=_TEXT,
    ),
]

# -- derive -----------------------------------------------------------------------------

Implied = Annotated[
    bool,
    typer.Option(
        "--implied",
        help="Instead: the total each per-container figure implies for every container "
        "count of the same flow.",
    ),
]
Container = Annotated[
    str,
    typer.Option(
        "--container",
        help="Container whose payload the projectiles' mass is set against: an id of "
        "the reference file (20ft or 40ft in the packaged one).",
    ),
]
Payload = Annotated[
    float | None,
    typer.Option(
        "--payload",
        help="Set against this payload instead of the container's: 21750kg, '21.75 t'.",
        show_default=False,
        parser=payload_kg,
        metavar=_TEXT,
    ),
]
Reference = Annotated[
    Path | None,
    typer.Option(
        "--reference",
        help="Reference file of round masses and container payloads. Default: the packaged one.",
        show_default=False,
        dir_okay=False,
    ),
]

# -- reconcile and check ------------------------------------------------------------------

ShowAll = Annotated[
    bool,
    typer.Option(
        "--all",
        help="List every pair, those that cannot be compared too (by default: on each "
        "quantity the 100 conflicts and the 100 tensions with the largest relative gaps).",
    ),
]
CheckFiles = Annotated[
    list[Path],
    # readable=False: a file that cannot be read is reported among the others (exit 1),
    # not a usage error that stops every file being checked.
    typer.Argument(
        help="Claims files to check.", metavar="FILE", show_default=False, readable=False
    ),
]
CheckOutput = Annotated[
    CheckFormat,
    typer.Option(
        "--format",
        "-f",
        help="text: one line per problem; json: an array.",
        case_sensitive=False,
    ),
]
Strict = Annotated[
    bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only errors.")
]
Separately = Annotated[
    bool,
    typer.Option(
        "--separately",
        help="Check each file on its own, not the files as one ledger (as several --claims "
        "read them).",
    ),
]

# -- import, init, help ----------------------------------------------------------------------

CLAIMS_SUFFIXES = (".yaml", ".yml")

Spreadsheet = Annotated[
    Path,
    typer.Argument(
        help="The spreadsheet, as CSV: one row per claim, the columns 'shellcount claims "
        "--format csv' writes.",
        metavar="FILE.csv",
        show_default=False,
        dir_okay=False,
    ),
]
ClaimsOutput = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the claims file here (.yaml or .yml; whole or not at all) instead of "
        "stdout; - is stdout.",
        dir_okay=False,
        show_default=False,
    ),
]
NewClaimsFile = Annotated[
    Path,
    typer.Argument(
        help="The claims file to create (never overwritten); - for stdout.",
        metavar="FILE",
        show_default=False,
        dir_okay=False,
    ),
]

Topic = Annotated[
    HelpTopic,
    typer.Argument(
        help="What to explain: format (the claims file).", metavar="TOPIC", show_default=False
    ),
]


def destination_of(output: Path | None, suffixes: tuple[str, ...], refusal: str) -> Path | None:
    """Where ``-o`` writes one kind of file: None for stdout (no -o, or -o -); a suffix not
    in ``suffixes`` is a usage error saying ``refusal``, so a name never holds another
    format than it says."""
    if output is None or str(output) == "-":
        return None
    if output.suffix.lower() not in suffixes:
        raise typer.BadParameter(f"{str(output)!r}: {refusal}", param_hint="'--output'")
    return output


def claims_destination(output: Path | None) -> Path | None:
    """Where a claims file goes; ``-o claims.csv`` never holds YAML."""
    return destination_of(output, CLAIMS_SUFFIXES, "a claims file is YAML: name it .yaml or .yml")


# -- pool and plot pool -------------------------------------------------------------------

PoolOrigin = Annotated[
    str | None, typer.Option("--origin", help="Only this origin.", show_default=False)
]
PoolDestination = Annotated[
    str | None, typer.Option("--destination", help="Only this destination.", show_default=False)
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
PoolWeight = Annotated[
    list[SourceWeight] | None,
    typer.Option(
        "--weight",
        help="This source's weight instead of the scheme's (repeatable).",
        metavar="SOURCE_ID=W",
        show_default=False,
        parser=source_weight,
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
PoolRestatements = Annotated[
    Restatements,
    typer.Option(
        "--restatements",
        help="A statement's one weight: shared among its claims, or given to its most "
        "precise claim.",
        case_sensitive=False,
    ),
]


SamplesOut = Annotated[
    Path | None,
    typer.Option(
        "--samples-out",
        help="Also write every Monte Carlo draw, with the claim it is given, to this CSV "
        "file (.csv; - is stdout when -o writes the report to a file).",
        dir_okay=False,
        show_default=False,
    ),
]


def samples_destination(samples_out: Path, report_output: ReportOutput) -> Path | None:
    """Where ``--samples-out`` writes (None: stdout): a .csv file, or stdout when the
    report goes to a file; never the report's own file."""
    _, report_file = report_output.resolved()
    if str(samples_out) == "-":
        if report_file is None:
            raise typer.BadParameter(
                "- is stdout, where the report goes: give -o FILE for the report, or a file here",
                param_hint="'--samples-out'",
            )
        return None
    if not str(samples_out).lower().endswith(".csv"):
        raise typer.BadParameter(
            f"{str(samples_out)!r}: the draws are written as CSV, to a .csv file",
            param_hint="'--samples-out'",
        )
    if report_file is not None and _same_path(samples_out, report_file):
        raise typer.BadParameter(
            f"{str(samples_out)!r} is also where -o writes the report",
            param_hint="'--samples-out'",
        )
    return samples_out


def _same_path(a: Path, b: Path) -> bool:
    return a.expanduser().resolve() == b.expanduser().resolve()


@record
class PoolOptions:
    """The options of ``pool`` and ``plot pool`` after ``--measure``, as one value.

    Each field is declared with its option, in the order --help lists them; a command
    receives them all with ``@with_pool_options`` and turns them into the core's
    Selection and Settings with ``inputs``.
    """

    calibre_mm: PoolCalibre = None
    origin: PoolOrigin = None
    destination: PoolDestination = None
    at: PoolAt = None
    weights: PoolWeights = WeightScheme.EQUAL
    weight: PoolWeight = None
    tail: PoolTail = DEFAULT_TAIL
    samples: PoolSamples = DEFAULT_SAMPLES
    seed: PoolSeed = DEFAULT_SEED
    include_capacity: PoolCapacity = False
    restatements: PoolRestatements = Restatements.SHARE

    def inputs(self, measure: str) -> tuple[Selection, Settings]:
        """Which claims to pool and how. Settings judges the values; one it refuses is
        a usage error (exit 2), before any claim is read."""
        from shellcount.analysis.pool import PoolError, Selection, Settings

        selection = Selection(
            measure,
            calibre_mm=self.calibre_mm,
            origin=self.origin,
            destination=self.destination,
            include_capacity=self.include_capacity,
        )
        try:
            settings = Settings(
                at=self.at,
                weights=self.weights,
                given=dict(self.weight or ()),
                tail=self.tail,
                samples=self.samples,
                seed=self.seed,
                restatements=self.restatements,
            )
        except PoolError as error:
            raise typer.BadParameter(str(error)) from None
        return selection, settings


def gathering(
    name: str, options: type[Any]
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the options declared as the fields of the dataclass ``options`` in
    place of its keyword-only parameter ``name``, and call it with them gathered into one
    ``options`` value.

    typer reads a command's options from its signature, so the fields declared once here
    stand in for the options each command would otherwise spell out and pass on.
    """
    hints = typing.get_type_hints(options, include_extras=True)
    fields = [field.name for field in dataclasses.fields(options)]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(command, eval_str=True)
        placeholder = signature.parameters.get(name)
        if placeholder is None or placeholder.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(f"{command.__name__} takes no keyword-only parameter {name!r}")
        own = list(signature.parameters.values())
        gathered = [
            inspect.Parameter(
                field,
                inspect.Parameter.KEYWORD_ONLY,
                default=getattr(options, field),
                annotation=hints[field],
            )
            for field in fields
        ]
        at = own.index(placeholder)
        parameters = [*own[:at], *gathered, *own[at + 1 :]]

        @functools.wraps(command)
        def gathering_command(**values: Any) -> None:
            value = options(**{field: values.pop(field) for field in fields})
            command(**values, **{name: value})

        # What typer reads: the signature, and the annotations it resolves names with.
        gathering_command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        gathering_command.__annotations__ = {p.name: p.annotation for p in parameters}
        return gathering_command

    return decorate


with_pool_options = gathering("pooling", PoolOptions)
"""``pool``'s options (after ``--measure``) as one PoolOptions, ``pooling``."""
with_ledger_input = gathering("ledger_input", LedgerInput)
"""``--claims``, ``--about`` and ``--reading`` as one LedgerInput, ``ledger_input``."""
with_report_output = gathering("report_output", ReportOutput)
"""``-f``, ``-o``, ``--columns`` and ``--bom`` as one ReportOutput, ``report_output``."""


# -- plot -----------------------------------------------------------------------------------

Out = Annotated[
    Path,
    typer.Option(
        "--out",
        help="Write the chart to this file: .png or .svg (whole or not at all).",
        dir_okay=False,
        show_default=False,
    ),
]
Title = Annotated[
    str | None,
    typer.Option("--title", help="Title instead of the default one.", show_default=False),
]
