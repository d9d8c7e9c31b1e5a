"""Verdicts a fact-checker would sign, on a claims file written from scratch about another
flow (tests/data/ruritania.yaml) and on the packaged ledger: each verdict kind by its rule,
restatements, the pace a tension asks for, the order of the listing and the bottom line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import DATA, Shell

RURITANIA = str(DATA / "ruritania.yaml")


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def reconciled(shellcount: Shell, *args: str) -> list[dict[str, str]]:
    result = shellcount("reconcile", "--all", *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return rows_of(result.stdout)


def pairs(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    return {(row["claim_a"], row["claim_b"]): row for row in rows}


# Every pair of the file, with its verdict and the rule that decided it.
EXPECTED = {
    ("envoy-mar", "min-jun"): ("conflict", "nested"),
    ("wire-mar", "envoy-mar"): ("conflict", "same-day"),
    ("min-mar", "envoy-mar"): ("conflict", "same-day"),
    ("tank-mar", "envoy-mar"): ("conflict", "same-day"),
    ("wire-mar", "min-jun"): ("conflict", "nested"),
    ("min-mar", "min-jun"): ("conflict", "nested"),
    ("tank-mar", "min-jun"): ("conflict", "nested"),
    ("leak-feb", "min-jun"): ("tension", "carried"),
    ("pace-mar", "pace-jun"): ("tension", "rate"),
    ("wire-mar", "leak-feb"): ("tension", "carried"),
    ("min-mar", "leak-feb"): ("tension", "carried"),
    ("tank-mar", "leak-feb"): ("tension", "carried"),
    ("min-mar", "tank-mar"): ("agree", "same-day"),
    ("wire-mar", "tank-mar"): ("agree", "same-day"),
    ("min-jun", "tank-all"): ("consistent", "windows"),
    ("wire-mar", "tank-all"): ("consistent", "windows"),
    ("min-mar", "tank-all"): ("consistent", "windows"),
    ("tank-mar", "tank-all"): ("consistent", "windows"),
    ("envoy-mar", "leak-feb"): ("consistent", "carried"),
    ("envoy-mar", "tank-all"): ("consistent", "same-day"),
    ("leak-feb", "tank-all"): ("consistent", "carried"),
    ("stock-jan", "stock-mar"): ("consistent", "no-rate"),
    ("min-mar", "wire-mar"): ("same-statement", "same-statement"),
    **{
        (claim, "cap-mar"): ("cannot-compare", "capacity-vs-count")
        for claim in ("min-mar", "wire-mar", "tank-mar", "envoy-mar", "leak-feb", "min-jun")
    },
    ("tank-all", "cap-mar"): ("cannot-compare", "capacity-vs-count"),
    ("cap-mar", "undated-total"): ("cannot-compare", "capacity-vs-count"),
    **{
        (claim, "undated-total"): ("cannot-compare", "undated")
        for claim in ("min-mar", "wire-mar", "tank-mar", "envoy-mar", "leak-feb", "min-jun")
    },
    ("tank-all", "undated-total"): ("cannot-compare", "undated"),
}


def test_every_pair_has_the_verdict_of_its_rule(shellcount: Shell) -> None:
    rows = reconciled(shellcount, "--claims", RURITANIA)
    found = {key: (row["verdict"], row["rule"]) for key, row in pairs(rows).items()}
    assert found == EXPECTED


def test_listed_by_verdict_then_largest_relative_gap(shellcount: Shell) -> None:
    rows = reconciled(shellcount, "--claims", RURITANIA)
    order = ["conflict", "tension", "agree", "consistent", "same-statement", "cannot-compare"]
    verdicts = [row["verdict"] for row in rows]
    assert verdicts == sorted(verdicts, key=order.index), verdicts
    for verdict in ("conflict", "tension"):
        gaps = [float(row["gap_relative"]) for row in rows if row["verdict"] == verdict]
        assert gaps == sorted(gaps, reverse=True), (verdict, gaps)
    # Without --all only what needs a reader's eye is listed: the conflicts and tensions
    # (here fewer than 100 on each quantity, so all of them), in the same order.
    shown = rows_of(shellcount("reconcile", "--claims", RURITANIA, "-f", "csv").stdout)
    assert [r for r in rows if r["verdict"] in ("conflict", "tension")] == shown


def test_conflict_on_one_day_with_its_relative_gap(shellcount: Shell) -> None:
    row = pairs(reconciled(shellcount, "--claims", RURITANIA))[("min-mar", "envoy-mar")]
    # about 42,000 is [41,000, 43,000]; more than 60,000 starts 17,000 above it, 28% of 60,000.
    assert (row["gap"], row["gap_relative"], row["date"]) == ("17000", "0.2833", "2025-03-31")
    assert row["how"] == (
        "on 2025-03-31: [41,000, 43,000] and [60,000, open) shell are 17,000 (28%) apart"
    )


def test_a_later_count_over_a_longer_window_cannot_be_lower(shellcount: Shell) -> None:
    row = pairs(reconciled(shellcount, "--claims", RURITANIA))[("envoy-mar", "min-jun")]
    assert (row["gap"], row["gap_relative"], row["date"]) == ("24000", "0.4", "")
    assert row["how"] == (
        "min-jun ([34,000, 36,000] shell as of 2025-06-30) counts over a window that holds "
        "that of envoy-mar ([60,000, open) as of 2025-03-31), yet is 24,000 (40%) lower: a "
        "cumulative count cannot fall (envoy-mar since 2025-01-01, min-jun since 2025-01-01)"
    )


def test_a_tension_says_the_pace_each_implies_and_the_change_needed(shellcount: Shell) -> None:
    row = pairs(reconciled(shellcount, "--claims", RURITANIA))[("leak-feb", "min-jun")]
    # at least 30,000 over Jan-Feb (58 days) carried to 30 June (180 days): ×3.1, at least
    # 93,100: above min-jun's [34,000, 36,000], so the pace must have fallen.
    assert (row["carried"], row["carry_factor"], row["date"]) == ("leak-feb", "3.1", "2025-06-30")
    assert (row["a_rate_per_day_low"], row["a_rate_per_day_high"]) == ("517.24", "")
    assert (row["b_rate_per_day_low"], row["b_rate_per_day_high"]) == ("188.89", "200")
    assert (row["pace_change_low"], row["pace_change_high"]) == ("0", "0.3867")
    assert row["how"] == (
        "leak-feb carried from 2025-02-28 to 2025-06-30 at its average rate since 2025-01-01 "
        "(×3.1): [93,100, open) and [34,000, 36,000] shell are 57,100 (61%) apart: both hold "
        "only if the pace changed; leak-feb averages [517, open) shell/day over its own "
        "period; min-jun averages [189, 200] shell/day over its own period; for both to hold, "
        "the average pace over leak-feb's whole window must be at most 0.387 times its own"
    )


def test_a_longer_window_holding_more_is_consistent(shellcount: Shell) -> None:
    row = pairs(reconciled(shellcount, "--claims", RURITANIA))[("min-mar", "tank-all")]
    assert (row["since_a"], row["since_b"], row["gap"]) == ("2025-01-01", "2024-07-01", "37000")
    assert row["how"].endswith(
        "the count over the longer window is the larger, so both can hold (the difference is "
        "what was sent between the two starts)"
    ), row["how"]


def test_rates_are_not_carried(shellcount: Shell) -> None:
    row = pairs(reconciled(shellcount, "--claims", RURITANIA))[("pace-mar", "pace-jun")]
    assert (row["carried"], row["gap"], row["unit"]) == ("", "100", "shell/day")
    assert row["how"] == (
        "a rate or share on 2025-03-31 and one on 2025-06-30 (not carried: they are not "
        "cumulative): [400, 600] and [100, 300] shell/day are 100 (25%) apart: both hold only "
        "if it changed between"
    )


def test_an_unstated_start_is_read_as_the_flows_and_said_so(shellcount: Shell) -> None:
    row = pairs(reconciled(shellcount, "--claims", RURITANIA))[("stock-jan", "stock-mar")]
    assert row["assumed_start"] == "true"
    assert "an unstated start is read as the start of the flow" in row["how"]


def test_a_restatement_is_not_corroboration(shellcount: Shell) -> None:
    row = pairs(reconciled(shellcount, "--claims", RURITANIA))[("min-mar", "wire-mar")]
    assert (row["statement"], row["how"]) == (
        "min-mar",
        "one statement: wire-mar restates min-mar; a restatement is not corroboration",
    )


def test_reconcile_opens_with_the_bottom_line(shellcount: Shell) -> None:
    bottom = [
        "14 claims in 13 statements. Pairs on one quantity: 7 conflict, 5 tension, 2 agree, "
        "8 consistent, 1 same-statement, 15 cannot-compare.",
        # The wire restates the minister: his conflicts with the envoy and with June's
        # count are one each, between statements, however many outlets repeat him.
        "Conflicts between 5 pairs of statements: envoy-mar against min-jun (40%), wire-mar "
        "against envoy-mar (29%, and 1 restated pair), tank-mar against envoy-mar (25%), "
        "wire-mar against min-jun (13%, and 1 restated pair), tank-mar against min-jun (10%).",
        "Largest conflict: envoy-mar ('more than 60,000' shell) against min-jun ('about "
        "35,000' shell), shells · ruritania → borduria: 24,000 (40%) apart.",
        "Tensions between 4 pairs of statements; the largest: leak-feb ('at least 30,000' "
        "shell) against min-jun ('about 35,000' shell), shells · ruritania → borduria: 57,100 "
        "(61%) apart.",
    ]
    table = shellcount("reconcile", "--claims", RURITANIA).stdout.splitlines()
    assert table[1:5] == bottom, table
    document = json.loads(shellcount("reconcile", "--claims", RURITANIA, "-f", "json").stdout)
    assert document["bottom_line"] == bottom
    markdown = shellcount("reconcile", "--claims", RURITANIA, "-f", "markdown").stdout
    assert markdown.split("\n\n")[1].splitlines()[0] == "- " + bottom[0], markdown


def test_compare_says_with_which_claim_and_in_which_verdict(shellcount: Shell) -> None:
    result = shellcount("compare", "--claims", RURITANIA, "--format", "csv")
    rows = {row["claim_id"]: row for row in rows_of(result.stdout)}
    minister = rows["min-mar"]
    assert (minister["conflicts_with"], minister["tensions_with"]) == (
        "envoy-mar min-jun",
        "leak-feb",
    ), result.stdout
    assert (minister["statement"], minister["restates"], minister["method"]) == (
        "min-mar",
        "",
        "rail-count",
    )
    relay = rows["wire-mar"]
    assert (relay["statement"], relay["restates"]) == ("min-mar", "min-mar")
    assert relay["flags"] == "conflict tension"
    table = shellcount("compare", "--claims", RURITANIA).stdout
    line = next(line for line in table.splitlines() if line.lstrip().startswith("wire-mar "))
    assert line.rstrip().endswith(
        "conflict with envoy-mar, min-jun; tension with leak-feb; restates min-mar"
    ), line


def test_packaged_restatements_of_one_briefing_are_one_statement(
    shellcount: Shell, seeds: str
) -> None:
    rows = pairs(reconciled(shellcount, "--claims", seeds))
    briefing = ["aje-headline-containers", "shin-feb-containers", "eut-shin-containers"]
    briefing += ["bbg-shin-containers", "shin-mar-containers-feb"]
    for index, first in enumerate(briefing):
        for second in briefing[index + 1 :]:
            assert rows[(first, second)]["verdict"] == "same-statement", (first, second)
    # Not one conflict among the 6,700 figures, and the largest conflict is a real one.
    containers = [r for r in rows.values() if r["measure"] == "containers"]
    assert not [r for r in containers if r["verdict"] == "conflict"], containers
    first = reconciled(shellcount, "--claims", seeds)[0]
    assert (first["claim_a"], first["claim_b"], first["verdict"], first["gap_relative"]) == (
        "aje-headline-shells",
        "bbg-zelensky-shells",
        "conflict",
        "0.4833",
    )
    november = rows[("yoo-nov-shells", "bbg-zelensky-shells")]
    assert november["verdict"] == "tension", november


# -- the pool: one weight per statement, lines of evidence, sensitivity --------------------------


def pooled(shellcount: Shell, *args: str) -> list[dict[str, str]]:
    result = shellcount("pool", "--claims", RURITANIA, "-m", "shells", *args, "-f", "csv")
    assert result.exit_code == 0, result.output
    return rows_of(result.stdout)


def weights(rows: list[dict[str, str]]) -> dict[str, str]:
    pool = next(row for row in rows if row["method"] == "pool")
    return dict(part.split(":") for part in pool["sources"].split())


def test_a_statement_carries_one_weight(shellcount: Shell) -> None:
    # Five sources weigh alike. The gazette's one statement is shared by the minister and
    # the wire that relays him; the monitor's weight is split between its two statements.
    assert weights(pooled(shellcount)) == {
        "min-mar": "0.1",
        "wire-mar": "0.1",
        "tank-mar": "0.1",
        "envoy-mar": "0.2",
        "leak-feb": "0.2",
        "min-jun": "0.2",
        "tank-all": "0.1",
    }


def test_the_most_precise_claim_can_carry_its_statements_weight(shellcount: Shell) -> None:
    # The wire's bare 42,000 ([41,500, 42,500]) is narrower than "about 42,000".
    found = weights(pooled(shellcount, "--restatements", "precise"))
    assert (found["min-mar"], found["wire-mar"]) == ("0", "0.2"), found


def test_a_method_is_one_line_of_evidence(shellcount: Shell) -> None:
    # rail-count (the minister's statement and the monitor's March count) weighs as much
    # as each other statement: 1 of 5 lines, split between its two statements.
    assert weights(pooled(shellcount, "--weights", "method")) == {
        "min-mar": "0.05",
        "wire-mar": "0.05",
        "tank-mar": "0.1",
        "envoy-mar": "0.2",
        "leak-feb": "0.2",
        "min-jun": "0.2",
        "tank-all": "0.2",
    }
    result = shellcount(
        "pool", "--claims", RURITANIA, "-m", "shells", "--weights", "method", "--weight", "a=1"
    )
    assert result.exit_code == 2, result.output


def test_sensitivity_columns_and_rows(shellcount: Shell) -> None:
    rows = pooled(shellcount)
    pool = next(row for row in rows if row["method"] == "pool")
    tails = [row for row in rows if row["method"] == "tail"]
    assert [row["tail"] for row in tails] == ["1.5", "2", "3", "5"]
    p50s = [float(row["p50"]) for row in tails]
    assert (float(pool["p50_tail_min"]), float(pool["p50_tail_max"])) == (min(p50s), max(p50s))
    left = [row for row in rows if row["method"] == "leave-out"]
    assert [(row["statement"], row["left_out"]) for row in left] == [
        ("min-mar", "min-mar wire-mar"),
        ("tank-mar", "tank-mar"),
        ("envoy-mar", "envoy-mar"),
        ("leak-feb", "leak-feb"),
        ("min-jun", "min-jun"),
        ("tank-all", "tank-all"),
    ]
    # Without min-jun, the only count below 40,000, the low end of the pool moves up.
    without_june = next(row for row in left if row["statement"] == "min-jun")
    assert float(without_june["p5"]) > 80_000, without_june


def test_packaged_pool_warns_that_the_tail_moves_p50(shellcount: Shell, seeds: str) -> None:
    result = shellcount("pool", "--claims", seeds, "--measure", "shells", "--format", "csv")
    pool = next(row for row in rows_of(result.stdout) if row["method"] == "pool")
    low, high, p50 = (float(pool[k]) for k in ("p50_tail_min", "p50_tail_max", "p50"))
    assert (high - low) / p50 > 0.25, pool
    table = shellcount("pool", "--claims", seeds, "--measure", "shells").stdout.splitlines()
    assert table[2].startswith("Warning: with --tail from 1.5 to 5, p50 runs from "), table
    assert not [
        line
        # Ruritania's alone: a second --claims no longer replaces the first, it adds to it.
        for line in shellcount("pool", "--claims", RURITANIA, "-m", "shells").stdout.splitlines()
        if line.startswith("Warning")
    ]


# -- plausibility in words -----------------------------------------------------------------------

CONVERSION = """\
format: 1
sources:
  - {id: s, outlet: Gazette, published: 2025-01-31, speaker: a minister}
claims:
  - {id: boxes, source: s, measure: containers, figure: exactly 1000, unit: container,
     quote: q}
  - {id: too-many, source: s, measure: shells, calibre: 152 mm, figure: exactly 900000,
     unit: shell, basis: capacity, converts: boxes, quote: q}
  - {id: as-stated, source: s, measure: shells, calibre: 152 mm, figure: "500,000-700,000",
     unit: shell, basis: capacity, converts: boxes, quote: q}
"""


def test_over_payload_is_flagged_in_derive_and_compare(shellcount: Shell, tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(CONVERSION, encoding="utf-8")
    result = shellcount("derive", "--claims", str(path), "-c", "152", "-f", "csv")
    rows = {row["claim_id"]: row for row in rows_of(result.stdout)}
    # 900 shells × 43.56 kg = 39.2 t in a 28.18 t payload, even at the low end: 1.39.
    assert (rows["too-many"]["payload_fit"], rows["too-many"]["flags"]) == (
        "cannot-fit",
        "capacity over-payload",
    )
    # [500, 700] a container: 600 stated is 26.1 t (0.93), but the mass alone does fit.
    assert rows["as-stated"]["payload_fit"] == "fits"
    notes = json.loads(
        shellcount("derive", "--claims", str(path), "-c", "152", "-f", "json").stdout
    )
    assert (
        "over-payload: too-many: even at its low end the projectiles alone would be 1.39 "
        "times the 28,180 kg payload: the figure cannot fit in the containers"
    ) in notes["notes"]
    compared = {
        row["claim_id"]: row
        for row in rows_of(shellcount("compare", "--claims", str(path), "-f", "csv").stdout)
    }
    # The two conversions of one count disagree, too.
    assert compared["too-many"]["flags"] == "capacity conflict over-payload"
    assert compared["as-stated"]["flags"] == "capacity conflict"
    # In a 25 t payload, 600 a container (26.1 t) does not fit as stated; 500 (21.8 t) does.
    smaller = ("derive", "--claims", str(path), "-c", "152", "--payload", "25 t")
    row = {r["claim_id"]: r for r in rows_of(shellcount(*smaller, "-f", "csv").stdout)}
    assert (row["as-stated"]["payload_fit"], row["as-stated"]["flags"]) == (
        "not-as-stated",
        "capacity over-payload",
    )
    assert (
        "over-payload: as-stated: as stated, the projectiles alone would be 1.05 times the "
        "25,000 kg payload: the figure does not fit as stated (only its low end does)"
    ) in shellcount(*smaller).stdout


# -- the reading, named and chosen -----------------------------------------------------------------

READING_COMMANDS = [
    ["compare"],
    ["derive", "-c", "152"],
    ["claims"],
    ["timeline"],
    ["reconcile"],
    ["mix", "-c", "152", "-c", "122"],
    ["pool", "-m", "shells"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=[c[0] for c in READING_COMMANDS])
def test_every_command_names_its_reading(shellcount: Shell, command: list[str]) -> None:
    for reading in ("default", "literal"):
        args = [*command, "--reading", reading]
        csv_rows = rows_of(shellcount(*args, "-f", "csv").stdout)
        assert {row["reading"] for row in csv_rows} == {reading}, command
        document = json.loads(shellcount(*args, "-f", "json").stdout)
        assert document["metadata"]["reading"] == reading
        note = next(n for n in document["notes"] if n.startswith("Reading of the hedges: "))
        assert note.startswith(f"Reading of the hedges: {reading} reading"), note
        assert note in shellcount(*args).stdout


def test_the_literal_reading_reproduces_earlier_intervals(shellcount: Shell) -> None:
    literal = rows_of(shellcount("claims", "--reading", "literal", "-f", "csv").stdout)
    default = rows_of(shellcount("claims", "-f", "csv").stdout)
    by_id = {row["claim_id"]: row for row in literal}
    assert (by_id["shin-feb-containers"]["low"], by_id["shin-feb-containers"]["high"]) == (
        "6650",
        "6750",
    )
    assert (by_id["shin-feb-factories"]["low"], by_id["shin-feb-factories"]["high"]) == (
        "200",
        "100000",
    )
    factories = next(row for row in default if row["claim_id"] == "shin-feb-factories")
    assert (factories["low"], factories["high"], factories["high_excluded"]) == (
        "200",
        "1000",
        "true",
    )


def test_without_all_at_most_100_of_each_on_a_quantity(tmp_path: Path) -> None:
    """120 same-day counts of one quantity, each far from the next: every pair conflicts,
    and only the 100 with the largest relative gaps are listed; the note counts the rest."""
    from shellcount.ledger.loader import load_claims
    from shellcount.views import reconcile as view

    lines = ["format: 1", "sources:", "  - {id: s, outlet: A, published: 2024-01-31}", "claims:"]
    lines += [
        f"  - {{id: c{i}, source: s, measure: shells, figure: 'exactly {1000 * 2**i}',"
        " unit: shell, quote: q}"
        for i in range(16)
    ]
    path = tmp_path / "claims.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = view.reconcile_report(load_claims(path))
    rows = list(report.rows)
    assert len(rows) == view.LISTED_PER_QUANTITY, len(rows)  # of 16 * 15 / 2 = 120 pairs
    gaps = [row.values["gap_relative"] for row in rows]
    assert gaps == sorted(gaps, reverse=True), gaps
    # Counts 2**k apart differ by 1 - 2**-k: all 91 pairs of k >= 3, then 9 of k = 2.
    assert sum(gap >= 0.875 for gap in gaps) == 91, gaps
    assert gaps[-1] == 0.75, gaps
    assert report.notes[0] == (
        "Listed: on each quantity, the 100 conflicts and the 100 tensions with the largest "
        "relative gaps. Not listed: 20 conflict, 0 tension, 0 agree, 0 consistent, "
        "0 same-statement, 0 cannot-compare (--all lists every pair)."
    ), report.notes
    assert len(list(view.reconcile_report(load_claims(path), show_all=True).rows)) == 120
