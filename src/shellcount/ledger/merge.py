"""Several claims files read as one ledger: one file per story or per analyst.

Each file is loaded and checked on its own (ledger/loader.py), with the references that
name no claim of its own left open; ``merge`` then combines the ledgers and checks what
only the whole can show:

- a claim id given in two files is an error at the second, naming the first;
- a source given in two files is one source when every field agrees, and an error at
  the first field that differs otherwise;
- a ``converts``, ``relative_to`` or ``restates`` may name a claim of another file, and
  is then checked as the loader checks one within a file (the target exists, is a count,
  is not itself converted or relative); restatement cycles and the one dimension of a
  quantity are checked over all the files.

Messages are the loader's, with the other file's place written out (``a.yaml:12:5``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from shellcount.arithmetic import units
from shellcount.errors import ClaimsFileError, Location, Problem, ShellcountError
from shellcount.ledger.fileformat import SOURCE_FIELDS
from shellcount.ledger.model import Claim, Ledger, Source, restatement_cycles
from shellcount.ledger.readings import DEFAULT_READING
from shellcount.ledger.walker import did_you_mean

JOINED = " + "
"""How a merged ledger's name joins its files' (``a.yaml + b.yaml``), in titles."""

REFERENCES = ("converts", "relative_to", "restates")

# A source's fields as the model keeps them: `published` as written, `id` the key.
_SOURCE_ATTRIBUTES = {
    field.name: "published_text" if field.name == "published" else field.name
    for field in SOURCE_FIELDS
    if field.name != "id"
}


def load_ledgers(
    paths: Sequence[str | Path],
    *,
    about: float | None = None,
    reading: str = DEFAULT_READING,
    labels: Sequence[str | None] | None = None,
) -> Ledger:
    """The files at ``paths`` read as one ledger; every file's problems at once.

    ``labels``: how messages name each file (None: the path as given). One file is read
    exactly as ``load_claims`` reads it.
    """
    from shellcount.ledger.loader import load_claims

    names = list(labels) if labels is not None else [None] * len(paths)
    together = len(paths) > 1
    refuse_repeats(paths)
    ledgers: list[Ledger] = []
    problems: list[Problem] = []
    for path, label in zip(paths, names, strict=True):
        try:
            ledgers.append(
                load_claims(
                    path,
                    about=about,
                    reading=reading,
                    label=label,
                    outside_references=together,
                )
            )
        except ClaimsFileError as error:
            if not together:
                raise
            problems += error.problems
    if problems:
        raise ClaimsFileError(problems)
    return merge(ledgers)


def refuse_repeats(paths: Sequence[str | Path]) -> None:
    """One file given twice would clash with itself at every id: say what happened."""
    import os

    seen: list[str | Path] = []
    for path in paths:
        for earlier in seen:
            try:
                same = os.path.samefile(path, earlier)
            except OSError:
                same = False  # missing or unreadable: the loader says so
            if same:
                raise ShellcountError(f"{path}: given twice as a claims file (also as {earlier})")
        seen.append(path)


def merge(ledgers: Sequence[Ledger]) -> Ledger:
    """One ledger of ``ledgers``' sources and claims, in the order given; a ClaimsFileError
    with every clash and every broken reference across the files."""
    if len(ledgers) == 1:
        return ledgers[0]
    if not ledgers:
        raise ValueError("merge needs at least one ledger")
    problems: list[Problem] = []
    sources = _merged_sources(ledgers, problems)
    claims, file_of = _merged_claims(ledgers, sources, problems)
    if not problems:
        by_id = {claim.id: claim for claim in claims}
        problems += _reference_problems(claims, by_id, file_of)
        problems += _cycle_problems(claims, by_id)
        problems += _dimension_problems(claims)
    if problems:
        raise ClaimsFileError(problems)
    first = ledgers[0]
    return Ledger(
        JOINED.join(ledger.path for ledger in ledgers),
        sources,
        tuple(claims),
        reading=first.reading,
        about=first.about,
    )


# -- ids across the files ------------------------------------------------------------------


def _merged_sources(ledgers: Sequence[Ledger], problems: list[Problem]) -> dict[str, Source]:
    kept: dict[str, Source] = {}
    for ledger in ledgers:
        for source in ledger.sources.values():
            first = kept.setdefault(source.id, source)
            if first is source:
                continue
            differing = _first_difference(first, source)
            if differing is not None:
                problems.append(
                    Problem(
                        source.where(differing),
                        f"source {source.id!r}: {differing}: {_shown(source, differing)} "
                        f"here, but {_shown(first, differing)} for the same id at "
                        f"{first.where(differing)}; a source id names one source in all "
                        "the files read together (give this one another id)",
                    )
                )
    return kept


def _first_difference(a: Source, b: Source) -> str | None:
    for name, attribute in _SOURCE_ATTRIBUTES.items():
        if getattr(a, attribute) != getattr(b, attribute):
            return name
    return None


def _shown(source: Source, name: str) -> str:
    value = getattr(source, _SOURCE_ATTRIBUTES[name])
    if value is None or value == ():
        return "not given"
    if isinstance(value, tuple):
        return repr(list(value))
    return repr(value)


def _merged_claims(
    ledgers: Sequence[Ledger], sources: dict[str, Source], problems: list[Problem]
) -> tuple[list[Claim], dict[str, int]]:
    """The claims, each pointing at the one source kept for its id, and which file (by
    position) each came from."""
    claims: list[Claim] = []
    first_of: dict[str, Claim] = {}
    file_of: dict[str, int] = {}
    for index, ledger in enumerate(ledgers):
        for claim in ledger:
            first = first_of.setdefault(claim.id, claim)
            if first is not claim:
                problems.append(
                    Problem(
                        claim.where("id"),
                        f"claim {claim.id!r}: id: also given at {first.where('id')}; a claim "
                        "id must be unique across all the files read together",
                    )
                )
                continue
            kept = sources[claim.source.id]
            # Sources compare by identity: every claim of one source points at one object.
            claims.append(
                claim if kept is claim.source else dataclasses.replace(claim, source=kept)
            )
            file_of[claim.id] = index
    return claims, file_of


# -- references across the files ----------------------------------------------------------


def _reference_problems(
    claims: list[Claim], by_id: dict[str, Claim], file_of: dict[str, int]
) -> list[Problem]:
    """The loader's reference checks, for the references it left open: those naming a
    claim of another file, or of none."""
    found = []
    for claim in claims:
        for name in REFERENCES:
            target_id = getattr(claim, name)
            if target_id is None:
                continue
            target = by_id.get(target_id)
            label = f"claim {claim.id!r}: {name}"
            if target is None:
                found.append(
                    Problem(
                        claim.where(name),
                        f"{label}: no claim has id {target_id!r} in any of the files"
                        f"{did_you_mean(target_id, by_id)}",
                    )
                )
            elif file_of[target.id] == file_of[claim.id]:
                continue  # checked by the loader, within the file
            elif name == "converts" and not target.counts_containers:
                found.append(
                    Problem(
                        claim.where(name),
                        f"{label}: claim {target_id!r} ({_place(target)}) is not a container "
                        f"count (its unit is {target.unit_text!r})",
                    )
                )
            elif name in ("converts", "relative_to") and getattr(target, name):
                found.append(
                    Problem(
                        claim.where(name),
                        f"{label}: claim {target_id!r} ({_place(target)}) is itself {name} "
                        f"{getattr(target, name)!r}; point {name} at the count it rests on",
                    )
                )
    return found


def _cycle_problems(claims: list[Claim], by_id: dict[str, Claim]) -> list[Problem]:
    """``restates`` chains that go round through several files (each file's own were
    refused when it was read)."""
    return [
        Problem(claim.where("restates"), f"claim {claim.id!r}: {message}")
        for claim, message in restatement_cycles(claims, by_id)
    ]


def _dimension_problems(claims: list[Claim]) -> list[Problem]:
    """Claims on one quantity count it in one dimension, in whichever files they are."""
    found = []
    first_of: dict[tuple[Any, ...], Claim] = {}
    for claim in claims:
        if claim.relative_to is not None:
            continue
        first = first_of.setdefault(claim.quantity, claim)
        if units.dimension(first.unit) != units.dimension(claim.unit):
            found.append(
                Problem(
                    claim.where("unit"),
                    f"claim {claim.id!r}: unit: {claim.unit_text!r} is "
                    f"{units.dimension(claim.unit)}, but claim {first.id!r} ({_place(first)}) "
                    f"counts the same {claim.measure!r} in {first.unit_text!r} "
                    f"({units.dimension(first.unit)})",
                )
            )
    return found


def _place(claim: Claim) -> str:
    """Where a claim starts, file and line: it may be another file than the message's."""
    return str(Location(claim.location.path, claim.location.line))
