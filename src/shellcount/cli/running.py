"""What every command does once its options are read: load the claims, build, render,
write; and our errors as stderr lines and exit 1.

Start-up: imported with the commands, so only typer and the standard library at the
top; the loader, the formats and the views are imported when a command runs.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from shellcount.choices import ReadingName
from shellcount.errors import ClaimsFileError, ShellcountError

if TYPE_CHECKING:
    from shellcount.cli.options import ReportOutput
    from shellcount.cli.progress import Progress
    from shellcount.formats.report import Report
    from shellcount.ledger.model import Ledger


def run(
    build: Callable[[Ledger], Report],
    *,
    claims: Path | None,
    about: float | None,
    reading: ReadingName | None,
    report_output: ReportOutput,
) -> None:
    """Load, build, render, write; a user-facing error becomes stderr lines and exit 1.

    ``about``: the tolerance of 'about', None for the reading's. ``reading``: the reading
    of the hedges, which the report then names; None for a report that shows no figure
    read by one (``sources``). ``report_output``: the format, the file, the columns."""
    from shellcount.cli.output import write_output
    from shellcount.formats import detect, render_chunks
    from shellcount.views.common import UnknownColumnsError, with_columns, with_reading

    output_format, output = report_output.resolved()
    columns = report_output.column_names
    with user_errors():
        with loaded(claims, about, reading or ReadingName.DEFAULT) as (ledger, path, progress):
            report = build(ledger)
            if reading is not None:
                report = with_reading(report, ledger)
            if columns is not None:
                try:
                    report = with_columns(report, columns)
                except UnknownColumnsError as error:
                    raise typer.BadParameter(str(error), param_hint="'--columns'") from None
            progress.say("writing")
            chunks = render_chunks(report, output_format, detect(output))
        if report_output.bom:
            chunks = itertools.chain(["\ufeff"], chunks)
        if _takes_chunks(write_output):
            write_output(chunks, output, protected=path)  # type: ignore[arg-type,unused-ignore]
        else:
            write_output("".join(chunks), output, protected=path)


def _takes_chunks(write: Callable[..., None]) -> bool:
    """Whether ``write_output`` takes the text as an iterable of pieces (rows streamed to
    its file) or only whole."""
    annotation = inspect.signature(write).parameters["data"].annotation
    return "Iterable" in str(annotation)


@contextlib.contextmanager
def loaded(
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
def user_errors() -> Iterator[None]:
    """Our errors as one line each on stderr and exit 1; anything else is a bug."""
    try:
        yield
    except ClaimsFileError as error:
        # Each problem is already a full "file:line:column: error: message" line.
        typer.echo(visible(str(error)), err=True)
        raise typer.Exit(1) from None
    except ShellcountError as error:
        typer.echo(f"error: {visible(str(error))}", err=True)
        raise typer.Exit(1) from None


def visible(message: str) -> str:
    """A message's lines with any control character from file text shown, not obeyed."""
    from shellcount.formats.printable import printable

    return "\n".join(printable(line) for line in message.split("\n"))
