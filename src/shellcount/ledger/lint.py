"""``shellcount check``: everything wrong with a claims file, and what is merely doubtful.

Errors are what the loader refuses, exactly as it words them. A file that loads is then
read for warnings, things the loader accepts but an analyst probably did not mean:

- a claim nothing compares or derives from (see :func:`_compared_with_nothing`);
- a source that names no speaker;
- a date after today;
- a ``basis: capacity`` claim with no ``converts``;
- two claims of one speaker, date and measure that give the same number, neither
  restating the other (a repeated statement counted twice looks like corroboration);
- two measures, origins or destinations that differ only by invisible characters
  (a zero-width space, a direction mark): they look the same and are not.

Each problem is a :class:`~shellcount.errors.Problem`, printed as
``file:line:column: level: message``, the form editors and CI annotate. No typer, no rich.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from shellcount.characters import invisible_in, without_invisible
from shellcount.errors import ClaimsFileError, Location, Problem, ShellcountError
from shellcount.ledger.dates import parse_date
from shellcount.ledger.fileformat import UNKNOWN, Basis
from shellcount.ledger.readings import DEFAULT_READING

if TYPE_CHECKING:
    from shellcount.ledger.model import Claim, Ledger, Source

    Quantity = tuple[str, float | None, str | None, str | None]  # Claim.quantity

ERROR = "error"
WARNING = "warning"


def check_files(
    paths: Iterable[str | Path], *, today: dt.date | None = None, reading: str = DEFAULT_READING
) -> list[Problem]:
    """Every file's problems, file by file in the order given, each sorted by position."""
    return [problem for path in paths for problem in check_file(path, today=today, reading=reading)]


def check_together(
    paths: Sequence[str | Path], *, today: dt.date | None = None, reading: str = DEFAULT_READING
) -> list[Problem]:
    """The files as one ledger, as ``--claims A --claims B`` reads them: each file's
    errors, file by file; when every file loads, the clashes and broken references
    between them (ledger/merge.py), or else the warnings of the whole. A file that
    loads while another does not gets its own warnings."""
    from shellcount.ledger.merge import merge, refuse_repeats

    if len(paths) < 2:
        return check_files(paths, today=today, reading=reading)
    refuse_repeats(paths)
    day = today or _today()
    loaded: list[tuple[Ledger | None, list[Problem]]] = [
        _load(path, str(path), reading, outside_references=True) for path in paths
    ]
    if any(ledger is None for ledger, _ in loaded):
        return [
            problem
            for ledger, problems in loaded
            for problem in (problems if ledger is None else warnings(ledger, today=day))
        ]
    try:
        merged = merge([ledger for ledger, _ in loaded if ledger is not None])
    except ClaimsFileError as error:
        return list(error.problems)
    order = {str(path): index for index, path in enumerate(paths)}
    return sorted(
        warnings(merged, today=day),
        key=lambda problem: (order.get(problem.location.path, 0), *_position(problem)),
    )


def check_file(
    path: str | Path,
    *,
    today: dt.date | None = None,
    label: str | None = None,
    reading: str = DEFAULT_READING,
) -> list[Problem]:
    """The errors that stop ``path`` loading; when it loads, its warnings instead.

    ``today`` is the day dates are checked against (default: the system's date); ``label``
    how problems name the file (default: the path as given).
    """
    ledger, problems = _load(path, label or str(path), reading)
    if ledger is not None:
        problems = warnings(ledger, today=today or _today())
    return problems


def _load(
    path: str | Path, shown: str, reading: str, *, outside_references: bool = False
) -> tuple[Ledger | None, list[Problem]]:
    """The file's ledger, or None and the errors that stop it loading, sorted."""
    from shellcount.ledger.loader import load_claims

    try:
        ledger = load_claims(
            path, label=shown, reading=reading, outside_references=outside_references
        )
    except ClaimsFileError as error:
        return None, sorted(error.problems, key=_position)
    except ShellcountError as error:
        # A file that cannot be read at all (missing, a directory, too large): the message
        # already starts with the file's name, which the location gives again.
        return None, [Problem(Location(shown), str(error).removeprefix(f"{shown}: "))]
    return ledger, []


def warnings(ledger: Ledger, *, today: dt.date) -> list[Problem]:
    """What the loader accepts in ``ledger`` but an analyst probably did not mean."""
    found: list[Problem] = []
    for source in ledger.sources.values():
        found += _source_warnings(source, today)
    referred = {c.converts for c in ledger} | {c.relative_to for c in ledger}
    per_quantity = Counter(claim.quantity for claim in ledger)
    for claim in ledger:
        if _compared_with_nothing(claim, referred, per_quantity):
            found.append(_unused_warning(claim))
        found += _claim_warnings(claim, today)
    found += _unmarked_restatements(ledger)
    found += _invisible_differences(ledger)
    return sorted(found, key=_position)


def _invisible_differences(ledger: Ledger) -> list[Problem]:
    """Names that look like an earlier one and differ from it only by invisible
    characters: two measures a reader takes for one, which the reconciler keeps apart."""
    # Ids need no such check: the loader takes only ASCII letters, digits and '.-_'.
    named = [
        (name, getattr(claim, name), claim.where(name)) for claim in ledger for name in _LOOKALIKES
    ]
    first: dict[tuple[str, str], tuple[str, Location]] = {}
    found = []
    for what, text, where in named:
        if text is None:
            continue
        earlier_text, earlier = first.setdefault((what, without_invisible(text)), (text, where))
        if earlier_text != text:
            shown = ", ".join(invisible_in(earlier_text + text))
            found.append(
                _warning(
                    where,
                    f"{what} {text!r} differs from {what} {earlier_text!r} (line "
                    f"{earlier.line}) only by invisible characters ({shown}): they look "
                    "the same but are two different names; write one as the other",
                )
            )
    return found


_LOOKALIKES = ("measure", "origin", "destination")


def _unmarked_restatements(ledger: Ledger) -> list[Problem]:
    """Claims that repeat an earlier claim's number for the same speaker, date and
    measure without being marked as one statement."""
    first: dict[tuple[str, object, str, bool, float], list[Claim]] = {}
    found = []
    for claim in ledger:
        speaker = claim.source.speaker
        if speaker is None or claim.figure.value is None:
            continue
        # A capacity and a count may share a number by chance; they are not one statement.
        capacity = claim.basis is Basis.CAPACITY
        key = (_spoken_as(speaker), claim.as_of, claim.measure, capacity, claim.figure.value)
        earlier = first.setdefault(key, [])
        match = next((c for c in earlier if not ledger.same_statement(c, claim)), None)
        if match is not None:
            found.append(
                _warning(
                    claim.location,
                    f"claim {claim.id!r} gives the same number as claim {match.id!r} (line "
                    f"{match.location.line}) for the same speaker, date and measure "
                    f"({speaker}, {claim.as_of or 'undated'}, {claim.measure!r}): if it "
                    f"repeats that statement, say so ('restates: {match.id}'), or a relay "
                    "is counted as corroboration",
                )
            )
        earlier.append(claim)
    return found


def _spoken_as(speaker: str) -> str:
    """A speaker's name as spelt without case, spaces or hyphens: Shin Won-sik is Shin
    Won Sik."""
    return "".join(character for character in speaker.casefold() if character.isalnum())


def _source_warnings(source: Source, today: dt.date) -> list[Problem]:
    found = []
    if source.speaker is None:
        found.append(
            _warning(
                source.location,
                f"source {source.id!r} names no speaker: add who gave its figures "
                "('speaker': a person or body; for the outlet's own reporting, the outlet)",
            )
        )
    # A month of publication is in the future only if its first day is: a file may well
    # cite this month's articles.
    published = source.published_text
    if published != UNKNOWN and parse_date(published).first_day > today:
        found.append(
            _warning(
                source.where("published"),
                f"source {source.id!r}: published: {published} is after today ({today}); "
                "a typo in the year?",
            )
        )
    return found


def _claim_warnings(claim: Claim, today: dt.date) -> list[Problem]:
    found = []
    # The days as the reconciler reads them: a month as_of is its last day, so a count
    # "as of" the current month already describes days that have not come. An as_of not
    # written is the source's published date, which the source's warning covers.
    for name, day in (("since", claim.since), ("as_of", claim.as_of)):
        written = name in claim.field_marks
        if written and day is not None and day > today:
            found.append(
                _warning(
                    claim.where(name),
                    f"claim {claim.id!r}: {name}: {day} is after today ({today}); a figure "
                    "cannot count days that have not come (a typo in the year?)",
                )
            )
    if claim.basis is Basis.CAPACITY and claim.converts is None:
        found.append(
            _warning(
                claim.where("basis"),
                f"claim {claim.id!r}: a capacity claim without 'converts': derive divides "
                "it by another container count (same source and date, or interpolated), "
                "not necessarily the one it was converted from; name that claim in "
                "'converts'",
            )
        )
    return found


def _compared_with_nothing(
    claim: Claim, referred: set[str | None], per_quantity: Counter[Quantity]
) -> bool:
    """Whether no command can set ``claim`` against anything, so no conflict can show.

    Munitions counts are divided by container counts, and container counts divide them;
    claims on the same quantity (measure, calibre, origin and destination) are compared
    with each other; a ``relative_to`` claim is compared with its base; and the claims
    that ``converts`` or ``relative_to`` name are used by the claims naming them.
    """
    return not (
        claim.counts_munitions
        or claim.counts_containers
        or claim.relative_to is not None
        or claim.id in referred
        or per_quantity[claim.quantity] > 1
    )


def _unused_warning(claim: Claim) -> Problem:
    calibre = "no calibre" if claim.calibre_mm is None else f"calibre {claim.calibre_mm:g} mm"
    return _warning(
        claim.location,
        f"claim {claim.id!r} is compared with nothing: no other claim counts the same "
        f"quantity (measure {claim.measure!r}, {calibre}, {_flow(claim)}), none converts "
        "it or is relative to it, and it is not a munitions or container count",
    )


def _flow(claim: Claim) -> str:
    origin, destination = claim.origin, claim.destination
    if origin is None and destination is None:
        return "no origin or destination"
    if destination is None:
        return f"from {origin}, no destination"
    if origin is None:
        return f"no origin, to {destination}"
    return f"from {origin} to {destination}"


def _today() -> dt.date:
    """The day dates are checked against when none is given (tests replace it)."""
    return dt.date.today()


def _warning(location: Location, message: str) -> Problem:
    return Problem(location, message, WARNING)


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.location.line or 0, problem.location.column or 0)


def failed(problems: Iterable[Problem], *, strict: bool = False) -> bool:
    """Whether the check fails: any error, or with ``strict`` any problem at all."""
    return any(strict or problem.level == ERROR for problem in problems)
