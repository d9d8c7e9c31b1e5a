"""The working behind a per-container figure or an implied total, step by step with units."""

from __future__ import annotations

from shellcount import units
from shellcount.model import Amount, Claim
from shellcount.numbers import grouped, interval_text
from shellcount.per_container import ImpliedTotal, PerContainer


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
    steps.append(f"containers: {containers.describe()}")
    steps.extend(f"  {figure_step(c)}" for c in containers.claims if c.counts_containers)
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
            f"{grouped(containers.amount.nominal)} {_unit(containers.amount)} = "
            f"{grouped(ratio.nominal)} {_unit(ratio)}"
        )
    else:
        steps.append("nominal: none (a figure states no single number)")
    low_end = f"{grouped(munitions.interval.low)} ÷ {grouped(containers.amount.interval.high)}"
    high_end = f"{grouped(munitions.interval.high)} ÷ {grouped(containers.amount.interval.low)}"
    steps.append(
        f"interval: {_amount(munitions)} ÷ {_amount(containers.amount)} = "
        f"[{low_end}, {high_end}] = {_amount(ratio)}"
    )
    return tuple(steps)


def implied_total_working(implied: ImpliedTotal) -> tuple[str, ...]:
    factor = implied.factor.per_container
    assert factor is not None
    count = implied.containers.amount
    steps = [
        f"per container ({implied.factor.claim.id}): {_amount(factor)}",
        f"containers ({implied.containers.id}): {figure_step(implied.containers)}",
    ]
    if factor.nominal is not None and count.nominal is not None:
        steps.append(
            f"nominal: {grouped(factor.nominal)} {_unit(factor)} × {grouped(count.nominal)} "
            f"{_unit(count)} = {grouped(implied.total.nominal)} {_unit(implied.total)}"
        )
    steps.append(f"interval: {_amount(factor)} × {_amount(count)} = {_amount(implied.total)}")
    return tuple(steps)


def figure_step(claim: Claim) -> str:
    hedge = f" ({claim.figure.hedge})" if claim.figure.hedge else ""
    dates = (
        f", {claim.since} to {claim.as_of}"
        if claim.since
        else (f", as of {claim.as_of}" if claim.as_of else ", undated")
    )
    return f"{claim.id}: {claim.figure.text!r}{hedge} → {_amount(claim.amount)}{dates}"


def _amount(amount: Amount) -> str:
    return f"{interval_text(amount.interval)} {_unit(amount)}"


def _unit(amount: Amount) -> str:
    return units.format_unit(amount.unit)
