"""What every command does once its options are read: load the claims, build, render,
write; and our errors as stderr lines and exit 1.

Start-up: imported with the commands, so only typer and the standard library at the
top; the loader, the formats and the views are imported when a command runs.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from shellcount.errors import ClaimsFileError, ShellcountError

if TYPE_CHECKING:
    from shellcount.cli.options import LedgerInput, ReportOutput
    from shellcount.cli.progress import Progress
    from shellcount.formats.report import Report
    from shellcount.ledger.model import Ledger


def run(
    build: Callable[[Ledger], Report],
    ledger_input: LedgerInput,
    report_output: ReportOutput,
    *,
    names_reading: bool = True,
    reference: Path | None = None,
) -> None:
    """Load, build, render, write; a user-facing error becomes stderr lines and exit 1.

    ``ledger_input``: the claims files, the tolerance of 'about' and the reading of the
    hedges, which the report names unless ``names_reading`` is False (a report that shows
    no figure read by one, ``sources``). ``report_output``: the format, the file, the
    columns. ``reference``: the reference file the command reads, never written over."""
    from shellcount.cli.output import require_stdout, write_output
    from shellcount.formats import detect, render_chunks
    from shellcount.views.common import UnknownColumnsError, with_columns, with_reading

    output_format, output = report_output.resolved()
    columns = report_output.column_names
    with user_errors():
        if output is None:
            require_stdout()
        with loaded(ledger_input) as (ledger, paths, progress):
            report = build(ledger)
            if names_reading:
                report = with_reading(report, ledger)
            if columns is not None:
                try:
                    report = with_columns(report, columns)
                except UnknownColumnsError as error:
                    raise typer.BadParameter(str(error), param_hint="'--columns'") from None
            progress.say("writing")
            chunks = render_chunks(report, output_format, detect(output))
        write_output(
            with_bom(chunks, report_output.bom), output, protected=paths, reference=reference
        )


def with_bom(chunks: Iterable[str], bom: bool) -> Iterable[str]:
    """The text after a UTF-8 byte-order mark, for spreadsheets that need one (``--bom``)."""
    return itertools.chain(["\ufeff"], chunks) if bom else chunks


def files_read(claims: list[Path] | None) -> tuple[Path, ...]:
    """The claims files a command reads, which no output may overwrite: those given, or
    the packaged one."""
    from shellcount.ledger.loader import packaged_claims_path

    return tuple(claims) if claims else (packaged_claims_path(),)


@contextlib.contextmanager
def loaded(ledger_input: LedgerInput) -> Iterator[tuple[Ledger, tuple[Path, ...], Progress]]:
    """The claims files read as one ledger (the packaged file by default), with progress
    on a terminal; and the files read, which no output may overwrite."""
    from shellcount.cli.progress import Progress
    from shellcount.ledger.loader import PACKAGED_LABEL
    from shellcount.ledger.merge import JOINED, load_ledgers

    claims = ledger_input.claims
    paths = files_read(claims)
    labels = [None] * len(paths) if claims else [PACKAGED_LABEL]
    _refuse_spreadsheets(paths)
    shown = JOINED.join(label or str(path) for path, label in zip(paths, labels, strict=True))
    with Progress(f"reading {shown}") as progress:
        ledger = load_ledgers(
            paths, about=ledger_input.about, reading=ledger_input.reading.value, labels=labels
        )
        # The ledger lives until the command ends: spare the cycle collector from walking
        # it again each time the reconciliation's own objects trigger a collection.
        gc.freeze()
        progress.say(f"working on {len(ledger.claims):,} claims")
        yield ledger, paths, progress


def _refuse_spreadsheets(paths: tuple[Path, ...]) -> None:
    """A CSV given as a claims file is a spreadsheet to import, not YAML to misread."""
    for path in paths:
        if path.suffix.lower() == ".csv":
            raise ShellcountError(
                f"{path}: a CSV file is not a claims file; turn it into one with "
                f"'shellcount import {path} -o {path.with_suffix('.yaml').name}'"
            )


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


def console_script(app: Callable[[], object]) -> None:
    """Run ``app`` as the console script: a hang-up or a termination request ends the
    run as Ctrl-C does, and a reader gone away ends it quietly."""
    import signal
    import sys

    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        # Under nohup a hang-up is ignored on purpose: leave it so.
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _terminated)
    try:
        app()
    except BrokenPipeError:
        # `shellcount compare | head`: stop writing, exit 1 with nothing said, as the
        # command line does when click sees the broken pipe first.
        from shellcount.cli.output import silence_stdout

        silence_stdout()
        sys.exit(1)
    except OSError as error:
        # What click writes itself (--help, --version, usage errors) to a full disk or a
        # broken terminal; our own writes say so through OutputError already.
        if error.errno not in _WRITE_FAILURES or error.filename is not None:
            raise
        from shellcount.cli.output import silence_stdout

        silence_stdout()
        typer.echo(f"error: cannot write the output: {(error.strerror or '').lower()}", err=True)
        sys.exit(1)


# Not every system names every one (Windows has no EDQUOT).
_WRITE_FAILURES = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EBADF")
    if hasattr(errno, name)
)


def _terminated(signum: int, frame: object) -> None:
    # Raised where the run is, so the same clean-up as Ctrl-C's runs: an output file
    # being written is removed, never left half-written or as a stray temporary file.
    raise SystemExit(128 + signum)


def write_text(text: str) -> None:
    """Text that is not a report (``check``'s problems, the schema) to stdout, with the
    same one-line errors as a report's."""
    from shellcount.cli.output import write_output

    with user_errors():
        write_output(text, None)


def visible(message: str) -> str:
    """A message's lines with any control character from file text shown, not obeyed."""
    from shellcount.characters import printable

    return "\n".join(printable(line) for line in message.split("\n"))
