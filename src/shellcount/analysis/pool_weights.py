"""The pool's weights: what each claim weighs, and the lines of evidence they rest on.

A statement and its restatements (``restates``) are one statement and carry one weight; a
line of evidence's weight is split equally among its statements in the pool, and a
statement's weight among its claims (``--restatements share``, the default) or given whole
to its most precise claim, the narrowest relative to its middle (``precise``). A line is a
source (its weight: 1 with ``equal``, its Admiralty grade with ``grades``, or the weight
given for it), or with ``method`` a method its claims share (a statement of no method is
a line of its own), each weighing 1. Grades read as numbers: reliability A 1.0, B 0.8, C
0.6, D 0.4, E 0.2, F 0.5 (cannot be judged), times credibility 1 1.0, 2 0.8, 3 0.6, 4 0.4,
5 0.2, 6 0.5; an ungraded source counts as F6 (0.25). The claims' weights are normalised
to sum to 1.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from shellcount.analysis.pool import PoolError
from shellcount.choices import Restatements, WeightScheme
from shellcount.record import record

if TYPE_CHECKING:
    from shellcount.analysis.pool import Carried, Settings
    from shellcount.arithmetic.interval import Interval
    from shellcount.ledger.model import Claim, Ledger, Source

RELIABILITY = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.5}
CREDIBILITY = {"1": 1.0, "2": 0.8, "3": 0.6, "4": 0.4, "5": 0.2, "6": 0.5}
UNGRADED = "F6"  # an ungraded source is one whose reliability and credibility cannot be judged


@record
class Weighing:
    """The claims' weights and what they rest on, each in the order of the claims."""

    weights: tuple[float, ...]  # normalised: they sum to 1
    statements: tuple[Claim, ...]  # the statement each claim belongs to
    lines: tuple[Hashable, ...]  # the line of evidence each claim's statement belongs to
    line_sizes: dict[Hashable, int]  # how many statements each line has in the pool


def grade_weight(grade: str | None) -> float:
    """An Admiralty grade read as a weight: reliability times credibility."""
    code = grade or UNGRADED
    return RELIABILITY[code[0]] * CREDIBILITY[code[1]]


def source_weight(source: Source, settings: Settings) -> float:
    if source.id in settings.given:
        return settings.given[source.id]
    if settings.weights is WeightScheme.GRADES:
        return grade_weight(source.grade)
    return 1.0


def weigh(ledger: Ledger, carried: Sequence[Carried], settings: Settings) -> Weighing:
    """Each claim's weight: its line's, split among the line's statements, then among
    each statement's claims or given to its most precise one; normalised to sum to 1."""
    statements: dict[Claim, list[int]] = {}
    of_claim = [ledger.statement(item.claim) for item in carried]
    for index, statement in enumerate(of_claim):
        statements.setdefault(statement, []).append(index)
    lines: dict[Hashable, tuple[float, list[Claim]]] = {}
    line_of: dict[Claim, Hashable] = {}
    for statement, members in statements.items():
        key, weight = _line_of(statement, [carried[i] for i in members], settings)
        lines.setdefault(key, (weight, []))[1].append(statement)
        line_of[statement] = key
    raw = [0.0] * len(carried)
    assigned: list[int] = []  # the order the weights are summed in: their last digits follow it
    for weight, line_statements in lines.values():
        share = weight / len(line_statements)
        for statement in line_statements:
            members = statements[statement]
            assigned += members
            if settings.restatements is Restatements.PRECISE:
                chosen = min(members, key=lambda i: _relative_width(carried[i].interval))
                for index in members:
                    raw[index] = share if index == chosen else 0.0
            else:
                for index in members:
                    raw[index] = share / len(members)
    total = sum(raw[index] for index in assigned)
    if not total > 0:
        names = ", ".join(dict.fromkeys(item.claim.source.id for item in carried))
        raise PoolError(f"every source in the pool has weight 0 ({names})")
    return Weighing(
        tuple(weight / total for weight in raw),
        tuple(of_claim),
        tuple(line_of[statement] for statement in of_claim),
        {key: len(line_statements) for key, (_, line_statements) in lines.items()},
    )


def _line_of(
    statement: Claim, members: Sequence[Carried], settings: Settings
) -> tuple[Hashable, float]:
    """The line of evidence a statement belongs to, and the line's weight: its source's,
    or with ``method`` the method of its claims (a statement of no method is a line of
    its own), each weighing 1."""
    if settings.weights is WeightScheme.METHOD:
        methods = [item.claim.method for item in members if item.claim.method]
        return (("method", methods[0]) if methods else ("statement", statement.id)), 1.0
    source = statement.source
    return ("source", source.id), source_weight(source, settings)


def _relative_width(interval: Interval) -> float:
    """How wide an interval is for its size: open ones are the widest."""
    if interval.is_open:
        return math.inf
    middle = (interval.low + interval.high) / 2
    return (interval.high - interval.low) / middle if middle > 0 else math.inf
