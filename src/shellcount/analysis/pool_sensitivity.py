"""How a pool's figures move with its assumptions: drawn again with each tail of
``SENSITIVITY_TAILS`` (and the one asked for), and once with each statement left out
(the others reweighted as the weights' rules say), from the same uniform order statistics
(common random numbers), so that the differences are the assumption's, not the
sampling's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from shellcount.analysis.pool import (
    Carried,
    Component,
    LeaveOut,
    PoolError,
    Sensitivity,
    Settings,
    components_of,
    mixture_of,
)

if TYPE_CHECKING:
    from shellcount.analysis.mixture import Draws, Mixture, OrderStatistics
    from shellcount.analysis.pool_weights import Weighing
    from shellcount.ledger.model import Claim, Ledger

REDRAWN_LEAVE_OUTS = 64
"""Up to this many statements, each leave-out is weighed and drawn afresh (k² log k for k
claims, nothing for so few); above, it is read off the whole pool (k log k in all),
which agrees to about 1e-12 of each figure, not to its last bit."""


def sensitivity_of(
    ledger: Ledger,
    drawable: Sequence[Carried],
    settings: Settings,
    weighing: Weighing,
    *,
    pooled: tuple[Sequence[Component], Mixture, Draws],
    order: OrderStatistics,
) -> Sensitivity:
    """The pool (its components, mixture and draws at the tail asked for) drawn again
    with each tail and without each statement."""
    components, mixture, draws = pooled
    by_tail = tuple(
        (
            tail,
            draws
            if tail == settings.tail
            else order.summary(mixture_of(components_of(drawable, weighing, tail)).quantile),
        )
        for tail in settings.tails
    )
    if len(set(weighing.statements)) <= REDRAWN_LEAVE_OUTS:
        leave_out = _leave_outs_redrawn(ledger, drawable, settings, order)
    else:
        leave_out = _leave_outs(components, weighing, mixture, order)
    return Sensitivity(by_tail, leave_out)


def _leave_outs_redrawn(
    ledger: Ledger, drawable: Sequence[Carried], settings: Settings, order: OrderStatistics
) -> tuple[LeaveOut, ...]:
    """The pool without each statement in turn, each weighed and drawn afresh."""
    from shellcount.analysis.pool_weights import weigh

    statements: dict[Claim, list[Carried]] = {}
    for item in drawable:
        statements.setdefault(ledger.statement(item.claim), []).append(item)
    if len(statements) < 2:
        return ()
    results = []
    for statement, members in statements.items():
        left = {item.claim for item in members}
        rest = [item for item in drawable if item.claim not in left]
        try:
            weighing = weigh(ledger, rest, settings)
        except PoolError:
            draws = None  # what is left weighs nothing
        else:
            draws = order.summary(mixture_of(components_of(rest, weighing, settings.tail)).quantile)
        results.append(LeaveOut(statement, tuple(item.claim for item in members), draws))
    return tuple(results)


def _leave_outs(
    components: Sequence[Component], weighing: Weighing, whole: Mixture, order: OrderStatistics
) -> tuple[LeaveOut, ...]:
    """The pool without each statement in turn (none when there is only one).

    Without a statement, the other statements of its line share the line's weight (each
    gets ``n / (n - 1)`` of what it had) and every other claim keeps its own; the pool
    is that mixture normalised, read off the whole's (see ``mixture.Reweighted``)."""
    from shellcount.analysis.mixture import Reweighted, span_of

    statements: dict[Claim, list[Component]] = {}
    lines: dict[object, list[Component]] = {}
    for component, line in zip(components, weighing.lines, strict=True):
        statements.setdefault(component.statement, []).append(component)
        lines.setdefault(line, []).append(component)
    if len(statements) < 2:
        return ()
    line_of = dict(zip(weighing.statements, weighing.lines, strict=True))
    span = span_of([(c.low, c.high) for c in components])
    line_mixtures = {line: mixture_of(members, span) for line, members in lines.items()}
    weighing_any = sum(1 for c in components if c.weight > 0)
    weighing_in_line = {
        line: sum(1 for c in members if c.weight > 0) for line, members in lines.items()
    }
    results = []
    for statement, members in statements.items():
        line = line_of[statement]
        size = weighing.line_sizes[line]
        in_statement = sum(1 for c in members if c.weight > 0)
        reweighted = Reweighted(
            whole,
            line_mixtures[line],
            mixture_of(members, span),
            size / (size - 1) if size > 1 else 1.0,
            rest_weighs=weighing_any > weighing_in_line[line],
            group_rest_weighs=weighing_in_line[line] > in_statement,
        )
        draws = order.summary(reweighted.quantile) if reweighted.weighs() else None
        results.append(LeaveOut(statement, tuple(c.carried.claim for c in members), draws))
    return tuple(results)
