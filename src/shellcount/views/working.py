"""The working behind a per-container figure, its weight against a payload, or an implied
total, step by step with units."""

from __future__ import annotations

from shellcount.analysis.per_container import ImpliedTotal, PerContainer
from shellcount.analysis.plausibility import Plausibility
from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.formats.numbers import DECIMALS, grouped, interval_text
from shellcount.ledger.model import Amount, Claim
from shellcount.views import words
from shellcount.views.words import (
    containers_text,
    derived,
    derived_interval,
    mass_text,
    no_round_text,
    payload_text,
)


def per_container_working(result: PerContainer) -> tuple[str, ...]:
    claim = result.claim
    steps = [figure_step(claim)]
    if result.containers is None or result.per_container is None:
        steps.append(
            "containers: no container count applies (no converts, no container "
            "claim of this source and date, no dated counts around this date)"
        )
        return tuple(steps)
    containers = result.containers
    steps.append(f"containers: {containers_text(containers)}")
    steps.extend(f"  {figure_step(c)}" for c in containers.claims if c.counts_carriers)
    steps.append(
        f"  count used: {_amount(containers.amount)}"
        + (
            f", stated {grouped(containers.amount.nominal)}"
            if containers.amount.nominal is not None
            else ""
        )
    )
    munitions, ratio = claim.amount, result.per_container
    if munitions.nominal is not None and containers.amount.nominal:
        steps.append(
            f"nominal: {grouped(munitions.nominal)} {_unit(munitions)} ÷ "
            f"{derived(containers.amount.nominal)} {_unit(containers.amount)} = "
            f"{derived(ratio.nominal)} {_unit(ratio)}"
        )
    else:
        steps.append("nominal: none (a figure states no single number)")
    count = containers.amount.interval
    low_end = f"{grouped(munitions.interval.low)} ÷ {derived(count.high)}"
    high_end = f"{grouped(munitions.interval.high)} ÷ {derived(count.low)}"
    steps.append(
        f"interval: {_amount(munitions)} ÷ {_derived_amount(containers.amount)} = "
        f"[{low_end}, {high_end}] = {_derived_amount(ratio)}"
    )
    return tuple(steps)


def plausibility_working(weighed: Plausibility, reference_path: str) -> tuple[str, ...]:
    """Which round and payload, then mass per container, share of payload, break-even."""
    chosen, weighing = weighed.selection.round, weighed.weighing
    if chosen is None:
        reason = no_round_text(weighed.claim, weighed.selection, reference_path)
        return (f"round mass: none ({reason})",)
    steps = [f"round: {chosen.id}, {chosen.name}: {mass_text(chosen)}; source: {chosen.source}"]
    if chosen.uncertain:
        steps.append(f"  uncertain: {chosen.uncertain}")
    if not weighed.payload_known:
        steps.append(
            f"payload: none ({reference_path} gives container payloads only; this figure is "
            "per another carrier)"
        )
        return tuple(steps)
    if weighing is None or weighed.per_container is None:
        steps.append("mass per container: none (no container count, so no per-container figure)")
        return tuple(steps)
    per_container, mass, payload = weighed.per_container, chosen.mass, weighed.payload.amount()
    on_board, share = weighing.mass, weighing.share
    if on_board.nominal is not None and per_container.nominal is not None:
        steps.append(
            f"mass: {derived(per_container.nominal)} {_unit(per_container)} × "
            f"{grouped(mass.nominal)} {_unit(mass)} = {derived(on_board.nominal)} {_unit(on_board)}"
        )
    else:
        steps.append("mass: no nominal (the per-container figure states no single number)")
    steps.append(
        f"  interval: {_derived_amount(per_container)} × {_amount(mass)} = "
        f"{_derived_amount(on_board)}"
    )
    steps.append(f"payload: {payload_text(weighed.payload)}")
    tonnes = f"{grouped(payload.nominal)} {_unit(payload)}"
    nominal = f"{derived(on_board.nominal)} {_unit(on_board)}"
    if on_board.nominal is not None and share.nominal is not None:
        steps.append(f"payload share: {nominal} ÷ {tonnes} = {_share(share.nominal)}")
    steps.append(
        f"  interval: {_derived_amount(on_board)} ÷ {tonnes} = "
        f"{interval_text(share_shown(share).interval)}"
    )
    overhead = weighing.break_even_overhead
    if overhead is None or on_board.nominal is None:
        steps.append("break-even overhead: none (no nominal mass per container)")
    else:
        meaning = (
            "what propellant, fuzes and packing could add to the projectiles' mass before "
            "the payload is full"
            if overhead >= 0
            else "the projectiles alone are more than the payload"
        )
        steps.append(
            f"break-even overhead: {tonnes} ÷ {nominal} − 1 = {_share(overhead)} ({meaning})"
        )
    return tuple(steps)


def implied_total_working(implied: ImpliedTotal) -> tuple[str, ...]:
    factor = implied.factor.per_container
    assert factor is not None
    count = implied.containers.amount
    steps = [
        f"per container ({implied.factor.claim.id}): {_derived_amount(factor)}",
        f"containers ({implied.containers.id}): {figure_step(implied.containers)}",
    ]
    if factor.nominal is not None and count.nominal is not None:
        steps.append(
            f"nominal: {derived(factor.nominal)} {_unit(factor)} × {grouped(count.nominal)} "
            f"{_unit(count)} = {derived(implied.total.nominal)} {_unit(implied.total)}"
        )
    steps.append(
        f"interval: {_derived_amount(factor)} × {_amount(count)} = {_derived_amount(implied.total)}"
    )
    return tuple(steps)


def figure_step(claim: Claim) -> str:
    hedge = f" ({claim.figure.hedge})" if claim.figure.hedge else ""
    return (
        f"{claim.id}: {claim.figure.text!r}{hedge} → {_amount(claim.amount)}, "
        f"{words.date_text(claim)}"
    )


def _amount(amount: Amount) -> str:
    return f"{interval_text(amount.interval)} {_unit(amount)}"


def _derived_amount(amount: Amount) -> str:
    return f"{derived_interval(amount.interval)} {_unit(amount)}"


def _unit(amount: Amount) -> str:
    return units.format_unit(amount.unit)


def share_shown(share: Amount) -> Amount:
    """A share of payload to two decimal places (a percent), as every format shows it:
    finer would claim a precision that the masses do not have."""
    ends = share.interval
    return Amount(
        None if share.nominal is None else round(share.nominal, DECIMALS),
        Interval(
            round(ends.low, DECIMALS),
            round(ends.high, DECIMALS),
            low_excluded=ends.low_excluded,
            high_excluded=ends.high_excluded,
        ),
        share.unit,
    )


def _share(value: float) -> str:
    return grouped(round(value, DECIMALS))
