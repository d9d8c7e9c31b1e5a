"""Consistency between claims, and the timeline of counts, as users run them."""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Shell
from shellcount.arithmetic.interval import Interval
from shellcount.formats import OutputFormat


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def by_claim(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["claim_id"]: row for row in rows if row["kind"] == "period"}


# -- timeline --------------------------------------------------------------------------


def test_timeline_rates_worked_figure(shellcount: Shell) -> None:
    result = shellcount("timeline", "--measure", "containers", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = by_claim(rows_of(result.stdout))
    headline = rows["aje-headline-containers"]
    # 6,700 containers from 2023-09-01 to 2024-02-27: 179 days, 37.4 a day; read as
    # rounded, [6,650, 6,750], so [37.15, 37.71] a day.
    assert (headline["days"], headline["rate_per_day_nominal"]) == ("179", "37.43"), result.stdout
    assert (headline["rate_per_day_low"], headline["rate_per_day_high"]) == ("37.15", "37.71")
    assert headline["rate_per_month_nominal"] == "1139.28"
    hedged = rows["shin-feb-containers"]  # about 6,700: [6,600, 6,800]
    assert (hedged["rate_per_day_low"], hedged["rate_per_day_high"]) == ("36.87", "37.99")
    assert rows["shin-mar-containers"]["rate_per_day_high"] == ""  # at least: open
    assert rows["shin-mar-containers-since-last-year"]["days"] == ""  # no since: no rate


def test_timeline_has_the_contract_columns(shellcount: Shell) -> None:
    contract = (
        "measure, calibre_mm, origin, destination, claim_id, source_id, since, as_of, low, "
        "high, days, rate_per_day_low, rate_per_day_high, rate_per_month_low, "
        "rate_per_month_high, flag"
    ).split(", ")
    header = shellcount("timeline", "-f", "csv").stdout.splitlines()[0].split(",")
    assert header[: len(contract)] == contract, header


def test_timeline_at_uses_the_rule_derive_uses(shellcount: Shell) -> None:
    # derive's interpolated count for the November briefing is the timeline's --at reading.
    derive = rows_of(shellcount("derive", "-c", "152", "-f", "csv").stdout)
    interpolated = next(row for row in derive if row["claim_id"] == "yoo-nov-shells")
    result = shellcount("timeline", "-m", "containers", "--at", "2023-11-01", "-f", "csv")
    at = [row for row in rows_of(result.stdout) if row["kind"] == "at"]
    assert len(at) == 1, result.stdout
    assert (at[0]["low"], at[0]["high"], at[0]["value"]) == (
        interpolated["containers_low"],
        interpolated["containers_high"],
        interpolated["containers_value"],
    ), result.stdout


FALLING = textwrap.dedent(
    """\
    format: 1
    sources:
      - {id: early, outlet: Daily, published: 2023-03-01}
      - {id: late, outlet: Weekly, published: 2023-06-01}
    claims:
      - id: spring
        source: early
        measure: containers
        figure: at least 5,000
        unit: container
        since: 2023-01
        quote: at least 5,000 containers
      - id: summer
        source: late
        measure: containers
        figure: about 4,200
        unit: container
        since: 2023-01
        quote: about 4,200 containers
    """
)


def test_a_count_that_falls_is_flagged(shellcount: Shell, tmp_path: Path) -> None:
    path = tmp_path / "falling.yaml"
    path.write_text(FALLING, encoding="utf-8")
    result = shellcount("timeline", "--claims", str(path), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = rows_of(result.stdout)
    summer = by_claim(rows)["summer"]
    assert summer["flag"] == "falls-below:spring", result.stdout
    step = next(row for row in rows if row["kind"] == "step")
    # [4,100, 4,300] minus [5,000, open): (open, -700].
    assert (step["from_claim_id"], step["flag"], step["low"], step["high"]) == (
        "spring",
        "falls",
        "",
        "-700",
    ), result.stdout
    reconciled = shellcount("reconcile", "--claims", str(path), "--format", "csv")
    (pair,) = rows_of(reconciled.stdout)
    # The later count covers the earlier's window and more, yet is lower: at any pace.
    assert (pair["verdict"], pair["rule"], pair["gap"]) == ("conflict", "nested", "700")


# -- reconcile -------------------------------------------------------------------------


def test_return_flow_checked_against_more_than_9000(shellcount: Shell) -> None:
    # Consistent pairs are listed with --all only (by default: conflicts and tensions).
    result = shellcount("reconcile", "--measure", "containers", "--all", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    checks = [
        row
        for row in rows_of(result.stdout)
        if row["claim_a"] == "shin-feb-return-containers"
        and row["claim_b"] == "shin-mar-return-containers"
    ]
    assert checks, result.stdout
    # "over 9,000" is open-ended: the checks pass, but confirm nothing.
    assert {row["verdict"] for row in checks} == {"consistent"}, result.stdout
    ratio = next(row for row in checks if row["via_claim"] == "shin-mar-containers-since-last-year")
    # 9,000 / 7,000 = 1.29, within 1 + approximately 30% = [1.2, 1.4] (one step of 10)
    assert ratio["how"].startswith("9,000 ÷ 7,000 = 1.29;"), ratio["how"]
    assert ratio["b_value"] == "1.29"
    assert (ratio["a_low"], ratio["a_high"]) == ("1.2", "1.4")


def test_conflicts_with_their_gap(shellcount: Shell, seeds: str) -> None:
    result = shellcount("reconcile", "--claims", seeds, "--format", "csv")
    rows = {(row["claim_a"], row["claim_b"]): row for row in rows_of(result.stdout)}
    headline = rows[("aje-headline-shells", "bbg-zelensky-shells")]
    # More than three million against 1.5 million read as [1.45, 1.55] million: the
    # count from the start of the flow is below the one since September.
    assert (
        headline["verdict"],
        headline["gap"],
        headline["gap_relative"],
        headline["date"],
        headline["rule"],
        headline["assumed_start"],
    ) == ("conflict", "1450000", "0.4833", "2024-02-27", "windows", "true"), result.stdout
    # More than a million by 1 November, carried at its pace, is above 1.5 million in
    # February: both hold only if the pace fell. Not a conflict.
    carried = rows[("yoo-nov-shells", "bbg-zelensky-shells")]
    assert (carried["verdict"], carried["carried"], carried["carry_factor"]) == (
        "tension",
        "yoo-nov-shells",
        "2.28",
    ), result.stdout
    assert (
        "carried from 2023-11-01 to 2024-02-27 at its average rate since 2023-08-01"
        in (carried["how"])
    )
    assert (carried["pace_change_low"], carried["pace_change_high"]) == ("0", "0.679")
    # Conflicts first, the largest relative gap first.
    verdicts = [row["verdict"] for row in rows_of(result.stdout)]
    assert verdicts[:3] == ["conflict", "conflict", "tension"], result.stdout


def test_capacities_and_counts_cannot_be_compared(shellcount: Shell) -> None:
    result = shellcount("reconcile", "--all", "--format", "csv")
    rows = {(row["claim_a"], row["claim_b"]): row for row in rows_of(result.stdout)}
    pair = rows[("bbg-shin-millions", "bbg-zelensky-shells")]
    assert pair["verdict"] == "cannot-compare", result.stdout
    assert pair["how"] == "a capacity conversion is not a count of what was sent"
    assert not any(
        row["verdict"] == "cannot-compare"
        for row in rows_of(shellcount("reconcile", "-f", "csv").stdout)
    )


def test_compare_marks_conflicting_claims(shellcount: Shell, seeds: str) -> None:
    rows = {
        row["claim_id"]: row
        for row in rows_of(shellcount("compare", "--claims", seeds, "-f", "csv").stdout)
    }
    zelensky = rows["bbg-zelensky-shells"]
    assert zelensky["conflicts_with"] == "aje-headline-shells shin-feb-several-million"
    assert zelensky["tensions_with"] == "yoo-nov-shells"
    assert {"conflict", "tension"} <= set(zelensky["flags"].split())
    assert rows["shin-feb-152"]["conflicts_with"] == ""


@pytest.mark.parametrize("output_format", list(OutputFormat))
@pytest.mark.parametrize("command", [["timeline", "--at", "2023-11-01"], ["reconcile"]])
def test_every_format(shellcount: Shell, command: list[str], output_format: OutputFormat) -> None:
    result = shellcount(*command, "--format", output_format.value)
    assert result.exit_code == 0, result.stderr
    assert "shin-feb-containers" in result.stdout, result.stdout


@pytest.mark.parametrize("at", ["2024-02", "yesterday", "2024-02-30"])
def test_at_must_be_a_day(shellcount: Shell, at: str) -> None:
    result = shellcount("timeline", "--at", at)
    assert result.exit_code == 2, result.output


ENDS = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(ENDS, ENDS, ENDS, ENDS)
def test_a_difference_spans_every_combination_of_ends(
    a: float, b: float, c: float, d: float
) -> None:
    first, second = Interval(min(a, b), max(a, b)), Interval(min(c, d), max(c, d))
    difference = first - second
    for x in (first.low, first.high):
        for y in (second.low, second.high):
            assert difference.low - 1e-6 <= x - y <= difference.high + 1e-6


# -- the fast conflict finder gives the pairwise rule's answers ------------------------------

FIGURES = st.sampled_from(
    ["100", "about 200", "more than 300", "up to 400", "fewer than 150", "250-350", "millions"]
)
DAYS = st.sampled_from(["2023-01-01", "2023-02-01", "2023-03-15", "2023-06-30", None])


@st.composite
def claims_files(draw: st.DrawFn) -> str:
    count = draw(st.integers(min_value=2, max_value=12))
    lines = [
        "format: 1",
        "sources:",
        "  - {id: s1, outlet: A, published: unknown}",
        "  - {id: s2, outlet: B, published: unknown}",
        "claims:",
    ]
    for index in range(count):
        as_of = draw(DAYS)
        since = draw(st.sampled_from(["2022-12-01", "2023-01-01", None])) if as_of else None
        capacity = draw(st.booleans()) and draw(st.booleans())
        # Counts of two quantities, and a rate (never carried: compared as stated).
        measure = draw(st.sampled_from(["shells", "rounds", "pace"]))
        lines += [
            f"  - id: c{index}",
            f"    source: s{draw(st.integers(1, 2))}",
            f"    measure: {measure}",
            f"    figure: {draw(FIGURES)}",
            f"    unit: {'shell/day' if measure == 'pace' else 'shell'}",
            "    quote: q",
        ]
        lines += [f"    as_of: {as_of}"] if as_of else []
        lines += [f"    since: {since}"] if since and since <= as_of else []
        lines += ["    basis: capacity"] if capacity else []
        if index and draw(st.integers(0, 4)) == 0:
            lines += [f"    restates: c{draw(st.integers(0, index - 1))}"]
    if draw(st.booleans()):
        lines += [
            "  - id: rel",
            "    source: s1",
            "    measure: rounds",
            f"    figure: {draw(st.sampled_from(['about 30', '-50', 'more than 10']))}",
            "    unit: percent",
            "    relative_to: c0",
            "    quote: q",
        ]
    return "\n".join(lines) + "\n"


@settings(deadline=None)  # a loaded machine makes the first call slow, not wrong
@given(claims_files())
def test_find_conflicts_agrees_with_every_pair(text: str) -> None:
    import tempfile

    from shellcount.analysis.conflicts import by_claim, find_disagreements
    from shellcount.analysis.reconcile import reconcile
    from shellcount.ledger.loader import load_claims

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "claims.yaml"
        path.write_text(text, encoding="utf-8")
        ledger = load_claims(path)
    pairwise = by_claim(ledger, reconcile(ledger))
    fast = by_claim(ledger, find_disagreements(ledger))
    assert fast == pairwise, text


def test_the_fast_ratio_path_gives_the_pairwise_answers(tmp_path: Path) -> None:
    """With 32 same-day counts or more, a relative claim's ratio checks bisect the sorted
    divisors instead of dividing by each: the disagreements found must be the same."""
    from shellcount.analysis.conflicts import by_claim, find_disagreements
    from shellcount.analysis.reconcile import (
        Comparison,
        Rule,
        Verdict,
        quantity_groups,
        reconcile,
        relative_checks,
    )
    from shellcount.ledger.loader import load_claims

    lines = [
        "format: 1",
        "sources:",
        "  - {id: s, outlet: A, published: 2024-01-31}",
        "claims:",
        "  - {id: back, source: s, measure: return, figure: 'exactly 1,300', unit: container,"
        " quote: q}",
        "  - {id: rel, source: s, measure: return, figure: 'about 30', unit: percent,"
        " relative_to: out-0, quote: q}",
    ]
    # 40 counts of the outgoing flow, from 500 to 2,450: 1,300 ÷ each misses [1.2, 1.4]
    # except for the counts near 1,000.
    lines += [
        f"  - {{id: out-{i}, source: s, measure: out, figure: 'exactly {500 + 50 * i}',"
        " unit: container, quote: q}"
        for i in range(40)
    ]
    path = tmp_path / "claims.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_claims(path)
    assert by_claim(ledger, find_disagreements(ledger)) == by_claim(ledger, reconcile(ledger))
    groups = quantity_groups(ledger)
    rel = ledger.claim("rel")

    def divisors_missed(checks: Iterable[Comparison]) -> set[str]:
        return {c.via.id for c in checks if c.rule is Rule.RATIO and c.verdict is Verdict.CONFLICT}

    every = divisors_missed(relative_checks(ledger, rel, groups))
    fast = divisors_missed(relative_checks(ledger, rel, groups, disagreements_only=True))
    assert fast == every
    # 1,300 over 950, 1,000 or 1,050 is within [1.2, 1.4]; the 37 other counts miss it.
    assert len(every) == 37, sorted(every)
