"""The words and numbers people read: derived figures to the precision the sources
support, and the verdicts of ``reconcile`` in plain English.

A derived figure (a quotient, a carried count, a rate, a pooled percentile) is written to
about three significant figures: a quotient of 123.46 is "123", a pooled 4,321,987
"4,320,000". The figures a source states, and the intervals its hedge gives them, are
written as they are. CSV and JSON carry the numbers themselves (``numbers.plain``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from shellcount.analysis.per_container import ContainerCount, Method
from shellcount.analysis.plausibility import NoRound, Payload, Selection
from shellcount.analysis.reconcile import Comparison, Pace, Rule, Verdict
from shellcount.analysis.series import CountAt, CountPoint
from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.choices import LISTED
from shellcount.formats.numbers import grouped, interval_text, plain
from shellcount.ledger.model import Amount, Claim
from shellcount.ledger.reference import Round

if TYPE_CHECKING:
    # The pool's and the timeline's types only: compare, derive and the others start
    # without them.
    from shellcount.analysis.pool import Carried, Component
    from shellcount.analysis.timeline import TimelineEntry

SIGNIFICANT = 3


def derived(value: float | None, significant: int = SIGNIFICANT) -> str:
    """A derived number to ``significant`` figures, grouped: ``123``, ``4,320,000``,
    ``12.3``, ``0.681``; ``open`` for an unbounded end, empty for none."""
    if value is None:
        return ""
    if math.isinf(value):
        return "open" if value > 0 else "-open"
    if value == 0:
        return "0"
    places = significant - 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, places)
    if places <= 0:
        return f"{int(rounded):,}"
    return f"{rounded:,.{places}f}".rstrip("0").rstrip(".")


def derived_interval(interval: Interval) -> str:
    """``[444, open)``, ``[222, 226]``; a point is one number."""
    low, high = derived(interval.low), derived(interval.high)
    if interval.low == interval.high or low == high:
        return low
    left = "(" if interval.low_excluded or math.isinf(interval.low) else "["
    right = ")" if interval.high_excluded or interval.is_open else "]"
    return f"{left}{low}, {high}{right}"


def derived_amount(amount: Amount | None, *, with_unit: bool = True) -> str:
    """A derived amount's interval, with its unit unless asked not to."""
    if amount is None:
        return ""
    text = derived_interval(amount.interval)
    return f"{text} {units.format_unit(amount.unit)}" if with_unit else text


def nominal_and_range(amount: Amount | None) -> str:
    """``448 [444, open)``: a derived amount's stated quotient, then its range."""
    if amount is None:
        return ""
    ends = derived_interval(amount.interval)
    nominal = derived(amount.nominal)
    return f"{nominal} {ends}" if nominal and nominal != ends else ends


def amount_text(amount: Amount | None, *, with_unit: bool = True) -> str:
    if amount is None:
        return ""
    text = interval_text(amount.interval)
    return f"{text} {units.format_unit(amount.unit)}" if with_unit else text


def nominal_text(amount: Amount | None) -> str:
    if amount is None or amount.nominal is None:
        return ""
    return grouped(amount.nominal)


def calibre_text(claim: Claim) -> str:
    return "" if claim.calibre_mm is None else f"{plain(claim.calibre_mm)} mm"


def flow_text(claim: Claim) -> str:
    if claim.origin is None and claim.destination is None:
        return ""
    return f"{claim.origin or '?'} → {claim.destination or '?'}"


def quantity_text(claim: Claim) -> str:
    """The section heading of a quantity: ``shells · 152 mm · north-korea → russia``."""
    parts = [claim.measure, calibre_text(claim), flow_text(claim)]
    return " · ".join(part for part in parts if part)


def date_text(claim: Claim) -> str:
    """The period a claim covers: ``2023-09-01 – 2024-02-27``, ``2024-03-18``, ``undated``."""
    if claim.as_of is None:
        return f"since {claim.since}, end undated" if claim.since else "undated"
    if claim.since is None:
        return claim.as_of.isoformat()
    return f"{claim.since} – {claim.as_of}"


def share(value: float | None) -> str:
    """A fraction as a percentage to two significant figures: ``48%``, ``0.37%``."""
    if value is None or math.isinf(value):
        return ""
    return f"{derived(value * 100, 2)}%"


VERDICT_HEADINGS = {
    Verdict.CONFLICT: "Conflicts: they cannot both be true, at any pace",
    Verdict.TENSION: "Tensions: both hold only if the pace changed",
    Verdict.AGREE: "Agree: they overlap, and each narrows the other",
    Verdict.CONSISTENT: "Consistent: both can hold, but one side is open or the windows differ",
    Verdict.SAME_STATEMENT: "Same statement: a restatement is not corroboration",
    Verdict.CANNOT_COMPARE: "Cannot be compared",
}


def how(comparison: Comparison) -> str:
    """How a verdict was reached, in words, with the numbers compared."""
    rule = comparison.rule
    if rule is Rule.SAME_STATEMENT:
        return _same_statement(comparison)
    if rule is Rule.CAPACITY:
        return "a capacity conversion is not a count of what was sent"
    if rule is Rule.DIMENSIONS:
        return "counted in units of different dimensions"
    if rule is Rule.UNDATED:
        return "undated: no common date"
    if rule is Rule.RATIO:
        return _ratio(comparison)
    if rule is Rule.NESTED:
        return _nested(comparison)
    if rule is Rule.NO_RATE:
        return _no_rate(comparison)
    if rule is Rule.RATE:
        return _rates(comparison)
    return _on_one_day(comparison)


def side_name(comparison: Comparison, side: str) -> str:
    """A side of a comparison by its claim's id; a relative claim's as what it implies."""
    claim = comparison.claim_a if side == "a" else comparison.claim_b
    if side == "a" and comparison.base is not None and comparison.factor is not None:
        return f"{claim.id} (= {comparison.base.id} × {interval_text(comparison.factor)})"
    return claim.id


def _same_statement(comparison: Comparison) -> str:
    root = comparison.statement
    a, b = comparison.claim_a, comparison.claim_b
    if root is a or root is b:
        other = b if root is a else a
        return f"one statement: {other.id} restates {root.id}; a restatement is not corroboration"
    assert root is not None
    return (
        f"one statement: {a.id} and {b.id} both restate {root.id}; a restatement is not "
        "corroboration"
    )


def _stated_or_derived(amount: Amount, as_stated: bool) -> str:
    return interval_text(amount.interval) if as_stated else derived_interval(amount.interval)


def _on_one_day(comparison: Comparison) -> str:
    """Same day (as stated or carried there): overlap, windows, conflict or tension."""
    a, b, carry = comparison.a, comparison.b, comparison.carry
    assert a is not None
    assert b is not None
    day = f"on {comparison.day}" if comparison.day else "both undated, one source"
    a_text = _stated_or_derived(a, carry is None or carry.side != "a")
    b_text = _stated_or_derived(b, carry is None or carry.side != "b")
    lead = day
    if carry is not None:
        moved = side_name(comparison, carry.side)
        lead = (
            f"{moved} carried from {carry.from_day} to {carry.to_day} at its average rate "
            f"since {carry.since} (×{derived(carry.factor)})"
        )
    both = f"{lead}: {a_text} and {b_text} {units.format_unit(a.unit)}"
    windows = _windows(comparison)
    verdict = comparison.verdict
    if a.interval.overlaps(b.interval):
        overlap = a.interval.intersection(b.interval)
        assert overlap is not None
        text = f"{both} overlap on {derived_interval(overlap)}"
        if verdict is Verdict.CONSISTENT:
            text += ", but one side is open-ended or only an upper bound: that confirms nothing"
        return text + windows
    apart = _apart(comparison)
    if verdict is Verdict.CONSISTENT:
        return (
            f"{both} are {apart} apart, and the windows differ{windows}: the count over "
            "the longer window is the larger, so both can hold (the difference is what was "
            "sent between the two starts)"
        )
    if verdict is Verdict.CONFLICT:
        if comparison.rule is Rule.WINDOWS:
            return (
                f"{both}: the count over the longer window is {apart} below the one over the "
                f"window inside it{windows}"
            )
        return f"{both} are {apart} apart"
    assert comparison.pace is not None
    return f"{both} are {apart} apart{windows}: both hold only if the pace changed; " + _pace(
        comparison, comparison.pace
    )


def _nested(comparison: Comparison) -> str:
    a, b = comparison.claim_a, comparison.claim_b
    assert a.as_of is not None
    assert b.as_of is not None
    a_later = a.as_of > b.as_of
    later, earlier = (a, b) if a_later else (b, a)
    later_side, earlier_side = (
        (comparison.a, comparison.b) if a_later else (comparison.b, comparison.a)
    )
    assert later_side is not None
    assert earlier_side is not None
    unit = units.format_unit(later_side.unit)
    return (
        f"{later.id} ({interval_text(later_side.interval)} {unit} as of {later.as_of}) "
        f"counts over a window that holds that of {earlier.id} "
        f"({interval_text(earlier_side.interval)} as of {earlier.as_of}), yet is "
        f"{_apart(comparison)} lower: a cumulative count cannot fall"
        + _windows(comparison, always=True)
    )


def _no_rate(comparison: Comparison) -> str:
    a, b = comparison.claim_a, comparison.claim_b
    dates = f"different dates ({a.as_of}, {b.as_of}) and no period to take a rate from"
    if comparison.verdict is Verdict.CONSISTENT:
        return (
            f"{dates}: the later count's window holds the earlier's and it is not lower, so "
            "counts that never fall fit both" + _windows(comparison, always=True)
        )
    return f"{dates}, and neither window holds the other" + _windows(comparison, always=True)


def _rates(comparison: Comparison) -> str:
    a, b = comparison.a, comparison.b
    assert a is not None
    assert b is not None
    claim_a, claim_b = comparison.claim_a, comparison.claim_b
    both = (
        f"a rate or share on {claim_a.as_of} and one on {claim_b.as_of} (not carried: they "
        f"are not cumulative): {interval_text(a.interval)} and {interval_text(b.interval)} "
        f"{units.format_unit(a.unit)}"
    )
    if comparison.verdict is Verdict.TENSION:
        return f"{both} are {_apart(comparison)} apart: both hold only if it changed between"
    overlap = a.interval.intersection(b.interval)
    assert overlap is not None
    return f"{both} overlap on {derived_interval(overlap)}"


def _ratio(comparison: Comparison) -> str:
    claim, other, divisor = comparison.claim_a, comparison.claim_b, comparison.via
    ratio, factor = comparison.b, comparison.factor
    assert divisor is not None
    assert ratio is not None
    assert factor is not None
    stated = ""
    if ratio.nominal is not None:
        stated = (
            f"{grouped(other.figure.value)} ÷ {grouped(divisor.figure.value)} = "
            f"{derived(ratio.nominal)}; "
        )
    text = (
        f"{stated}{other.id} ÷ {divisor.id} (both {other.as_of}) is "
        f"{derived_interval(ratio.interval)}, against 1 + {claim.figure.text!r} = "
        f"{interval_text(factor)}"
    )
    if comparison.verdict is Verdict.CONFLICT:
        return f"{text}: {_apart(comparison)} apart"
    return text


def _apart(comparison: Comparison) -> str:
    """``1,450,000 (48%)``: the gap, and the gap over the higher side's near end."""
    relative = share(comparison.gap_relative)
    gap = derived(comparison.gap)
    return f"{gap} ({relative})" if relative else gap


def _windows(comparison: Comparison, *, always: bool = False) -> str:
    """Which windows were compared, when they differ (or when asked), and the reading of
    an unstated start, which the verdict rests on."""
    start_a, start_b = comparison.since_a, comparison.since_b
    if start_a == start_b and not always:
        return ""
    a, b = side_name(comparison, "a"), side_name(comparison, "b")
    text = f" ({a} {_start(start_a)}, {b} {_start(start_b)}"
    if comparison.assumed_start:
        text += "; an unstated start is read as the start of the flow, which the verdict rests on"
    return text + ")"


def _start(since: object) -> str:
    return f"since {since}" if since is not None else "with no start stated"


def _pace(comparison: Comparison, pace: Pace) -> str:
    rates = []
    for side, rate in (("a", pace.rate_a), ("b", pace.rate_b)):
        if rate is not None:
            claim = comparison.claim_a if side == "a" else comparison.claim_b
            rates.append(f"{claim.id} averages {derived_amount(rate)} over its own period")
    carry = comparison.carry
    assert carry is not None
    moved = comparison.claim_a if carry.side == "a" else comparison.claim_b
    change = pace.change
    if change.high < 1:
        needed = f"at most {derived(change.high)} times"
    elif change.low > 1:
        needed = f"at least {derived(change.low)} times"
    else:
        needed = f"{derived_interval(change)} times"
    text = (
        f"for both to hold, the average pace over {moved.id}'s whole window must be "
        f"{needed} its own"
    )
    return "; ".join([*rates, text])


def count(number: int, noun: str) -> str:
    """``1 claim``, ``2 claims``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def claim_figure(claim: Claim) -> str:
    """``'about 4,200' shell``: a claim's figure as written, with its unit."""
    return f"{claim.figure.text!r} {claim.unit_text}"


def carried_text(item: Carried) -> str:
    """``as stated`` or ``at its rate since 2023-08-01: ×2.28``."""
    if item.factor is None:
        return "as stated"
    return f"at its rate since {item.claim.since}: ×{derived(item.factor)}"


def drawn_text(component: Component, tail: float) -> str:
    """``exactly 2,600,000`` or ``uniform on [4,000,000, 8,000,000] (open end read as 2 ×
    low)``."""
    from shellcount.analysis.pool import Drawn  # here: only a pool's words need it

    if component.drawn is Drawn.EXACT:
        return f"exactly {derived(component.low)}"
    text = f"uniform on [{derived(component.low)}, {derived(component.high)}]"
    return f"{text} (open end read as {tail:g} × low)" if component.drawn is Drawn.TAILED else text


# -- where a count came from, and where on a series it was read ----------------------------


def point_text(point: CountPoint) -> str:
    """``2024-02-27 (a, b, c starts)``: a day of a series and the claims that make it."""
    names = [c.id for c in point.claims] + [f"{c.id} starts" for c in point.starts]
    return f"{point.day} ({', '.join(names)})"


def reading_text(reading: CountAt) -> str:
    """Where a count was read off its series: on a point, or between two."""
    if reading.after is None:
        return f"the count on {point_text(reading.before)}"
    return (
        f"{reading.fraction:.3f} of the way from {point_text(reading.before)} "
        f"to {point_text(reading.after)}"
    )


def containers_text(count: ContainerCount) -> str:
    """The container count a figure was divided by, and how it was found."""
    ids = ", ".join(c.id for c in count.claims)
    if count.method is Method.CONVERTS:
        return f"converts {ids}"
    if count.method is Method.SAME_SOURCE:
        return f"same source and date: {ids}"
    assert count.reading is not None
    return f"interpolated on {count.reading.day}: {reading_text(count.reading)}"


def timeline_how(entry: TimelineEntry) -> str:
    """How a timeline row was reached."""
    if entry.kind == "at":
        assert entry.reading is not None
        return reading_text(entry.reading)
    if entry.kind == "step":
        assert entry.claim is not None
        shown = [c.id for c in entry.previous[:LISTED]]
        more = len(entry.previous) - len(shown)
        ids = ", ".join(shown) + (f" and {more:,} more" if more else "")
        envelope = " (their envelope)" if len(entry.previous) > 1 else ""
        return f"{entry.claim.id} minus {ids}{envelope}"
    return "over its own period" if entry.days is not None else "no period (no since)"


def timeline_flag(entry: TimelineEntry) -> str:
    """``falls-below:ID`` for a count wholly below an earlier one, ``falls`` for a step
    below the counts before it: a code for spreadsheets and the flag column alike."""
    if entry.falls_below is not None:
        return f"falls-below:{entry.falls_below.id}"
    return "falls" if entry.falls else ""


# -- payloads and rounds ----------------------------------------------------------------------


def payload_text(payload: Payload) -> str:
    """The payload figures are weighed against, and where it came from."""
    if payload.given:
        return (
            f"{grouped(payload.kg)} kg as given (the {payload.container.id} container of the "
            f"reference file carries {grouped(payload.container.payload_kg)} kg)"
        )
    return (
        f"{grouped(payload.kg)} kg, the payload of a {payload.container.id} container; "
        f"source: {payload.container.source}"
    )


def no_round_text(claim: Claim, selection: Selection, reference_path: str) -> str:
    """Why a claim has no round mass."""
    if selection.missing is NoRound.NO_CALIBRE:
        return "no calibre stated"
    if selection.missing is NoRound.NO_KIND:
        return (
            f"unit {claim.unit_text!r} and measure {claim.measure!r} do not say which round: "
            "say shell or rocket"
        )
    kind = selection.kind.value if selection.kind else "round"
    calibre = "" if claim.calibre_mm is None else f"{plain(claim.calibre_mm)} mm "
    return f"no {calibre}{kind} in {reference_path}"


def mass_text(chosen: Round) -> str:
    """``65 kg (65 to 66.6 kg over the sources)``: a round's mass and its range."""
    mass = chosen.mass
    if mass.interval.low == mass.interval.high:
        return f"{grouped(mass.nominal)} kg"
    return (
        f"{grouped(mass.nominal)} kg ({grouped(mass.interval.low)} to "
        f"{grouped(mass.interval.high)} kg over the sources)"
    )
