"""``shellcount mix``: one container count converted to two calibres, every share between.

Worked figures on the packaged claims (the minister's 6,700 containers: more than three
million 152 mm shells, or 500,000 122 mm rockets):

- share 0: all 122 mm, 500,000 rounds; share 1: all 152 mm, [3,000,000, open);
- share 0.4: 0.4 × 3,000,000 + 0.6 × 500,000 = 1,500,000;
- the 1.5 million shells of another source on the same date:
  (1,500,000 − 500,000) ÷ (3,000,000 − 500,000) = 0.40; with the hedges any share in
  (0, 0.4] fits (from 0 the 152 mm end is open, so the mix's range reaches 1.5 million
  for every share above 0, and its low end passes 1.5 million after 0.4).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import Shell, matches_golden
from shellcount.analysis.mix import SameCalibreError, analyse, fitting_shares, mix_interval
from shellcount.arithmetic.interval import Interval
from shellcount.formats import OutputFormat
from shellcount.ledger.model import Ledger

REPOSITORY = Path(__file__).resolve().parents[1]
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")

PACKAGED = ("mix", "--calibre", "152", "--calibre", "122")


def seeded(seeds: str) -> tuple[str, ...]:
    """The packaged mix on the seed articles' claims (conftest's ``seeds``)."""
    return (*PACKAGED, "--claims", seeds)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def csv_rows(shellcount: Shell, *args: str) -> tuple[list[dict[str, str]], str]:
    result = shellcount(*args, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.stderr
    return rows_of(result.stdout), result.stdout


def matched(rows: list[dict[str, str]], claim_id: str) -> dict[str, str]:
    found = [r for r in rows if r["kind"] == "match" and r["matches_claim_id"] == claim_id]
    assert len(found) == 1, rows
    return found[0]


def curve_at(rows: list[dict[str, str]], share: str) -> dict[str, str]:
    found = [r for r in rows if r["kind"] == "curve" and r["share"] == share]
    assert len(found) == 1, rows
    return found[0]


# --- the packaged claims ------------------------------------------------------------------


def test_one_and_a_half_million_is_a_share_of_0_40(shellcount: Shell, seeds: str) -> None:
    rows, text = csv_rows(shellcount, *seeded(seeds))
    row = matched(rows, "bbg-zelensky-shells")
    # 1.5 million read as rounded is [1.45, 1.55] million: shares up to 0.4314 fit.
    assert (row["share"], row["share_low"], row["share_high"], row["flag"]) == (
        "0.4",
        "0",
        "0.4314",
        "",
    ), text
    assert (row["total_nominal"], row["total_low"], row["total_high"]) == (
        "1500000",
        "1450000",
        "1550000",
    ), text
    assert (row["claim_a_id"], row["claim_b_id"], row["containers_claim_id"]) == (
        "shin-feb-152",
        "shin-feb-122",
        "shin-feb-containers",
    ), text
    assert row["how"] == (
        "(1,500,000 − 500,000) ÷ (3,000,000 − 500,000) = 0.40; "
        "the ranges overlap for shares (0, 0.4314]"
    ), text


def test_curve_ends_are_all_b_and_all_a(shellcount: Shell, seeds: str) -> None:
    rows, text = csv_rows(shellcount, *seeded(seeds))
    curve = [r for r in rows if r["kind"] == "curve"]
    assert [r["share"] for r in curve] == [
        "0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1",
    ], text  # fmt: skip
    all_b, all_a = curve_at(rows, "0"), curve_at(rows, "1")
    # All 122 mm: "500,000" read as rounded, [450,000, 550,000].
    assert (all_b["total_nominal"], all_b["total_low"], all_b["total_high"]) == (
        "500000",
        "450000",
        "550000",
    ), text
    # All 152 mm: "more than three million", so the high end stays open.
    assert (all_a["total_nominal"], all_a["total_low"], all_a["total_high"]) == (
        "3000000",
        "3000000",
        "",
    ), text
    middle = curve_at(rows, "0.4")
    assert (middle["total_nominal"], middle["total_low"], middle["total_high"]) == (
        "1500000",
        "1470000",
        "",
    ), text
    assert all(r["containers_value"] == "6700" for r in rows), text
    assert all((r["calibre_a_mm"], r["calibre_b_mm"]) == ("152", "122") for r in rows), text


def test_the_headline_restates_the_conversion_so_is_not_a_check(
    shellcount: Shell, seeds: str
) -> None:
    rows, text = csv_rows(shellcount, *seeded(seeds))
    assert not [r for r in rows if r["matches_claim_id"] == "aje-headline-shells"], text
    notes = json.loads(shellcount(*seeded(seeds), "--format", "json").stdout)["notes"]
    assert (
        "shin-feb-containers: not matched, a restatement of the conversion, so not a check "
        "of it: aje-headline-shells"
    ) in notes, notes


def test_only_other_sources_on_the_same_date_are_matched(shellcount: Shell, seeds: str) -> None:
    rows, text = csv_rows(shellcount, *seeded(seeds))
    assert sorted(r["matches_claim_id"] for r in rows if r["kind"] == "match") == [
        "bbg-zelensky-shells",
    ], text
    result = shellcount(*seeded(seeds), "--format", "json")
    notes = json.loads(result.stdout)["notes"]
    assert any("yoo-nov-shells (as of 2023-11-01)" in note for note in notes), notes
    assert any("same source" in note and "shin-feb-several-million" in note for note in notes)


def test_csv_of_the_packaged_mix_is_exact(shellcount: Shell, seeds: str) -> None:
    _, text = csv_rows(shellcount, *seeded(seeds))
    assert matches_golden("mix_152_122.csv", text), text


def test_csv_has_the_contract_columns(shellcount: Shell, seeds: str) -> None:
    contract = (
        "kind, share, calibre_a_mm, calibre_b_mm, containers_value, total_nominal, "
        "total_low, total_high, matches_claim_id"
    ).split(", ")
    extra = "claim_a_id, claim_b_id, share_low, share_high, flag, how".split(", ")
    _, text = csv_rows(shellcount, *seeded(seeds))
    header = text.splitlines()[0].split(",")
    assert header[: len(contract)] == contract, header
    assert set(extra) <= set(header), header


@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_every_format_says_how(shellcount: Shell, seeds: str, output_format: OutputFormat) -> None:
    result = shellcount(*seeded(seeds), "--format", output_format.value)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    text = result.stdout.replace("\\", "")  # Markdown escapes brackets and parentheses
    for claim_id in ("shin-feb-152", "shin-feb-122", "shin-feb-containers", "bbg-zelensky-shells"):
        assert claim_id in text, result.stdout
    assert "(1,500,000 − 500,000) ÷ (3,000,000 − 500,000) = 0.40" in text, result.stdout
    assert "0.4 × 3,000,000 + 0.6 × 500,000 = 1,500,000" in text, result.stdout


@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_explain_in_every_format(
    shellcount: Shell, seeds: str, output_format: OutputFormat
) -> None:
    result = shellcount(*seeded(seeds), "--explain", "--format", output_format.value)
    assert result.exit_code == 0, result.output
    text = result.stdout.replace("\\", "")
    assert (
        "range: 0.4 × [3,000,000, open) + 0.6 × [450,000, 550,000] = [1,470,000, open) round"
    ) in text
    assert "high end open for s > 0" in text, result.stdout


def test_table_names_the_claims_in_the_section(shellcount: Shell, seeds: str) -> None:
    result = shellcount(*seeded(seeds))
    assert result.exit_code == 0, result.output
    assert (
        "shin-feb-containers (about 6,700 container, as of 2024-02-27): "
        "A = shin-feb-152 (more than three million shell, 152 mm, as of 2024-02-27), "
        "B = shin-feb-122 (500,000 rocket, 122 mm, as of 2024-02-27)"
    ) in result.stdout, result.stdout


# --- usage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["mix"],
        ["mix", "--calibre", "152"],
        ["mix", "-c", "152", "-c", "122", "-c", "155"],
        ["mix", "-c", "152", "-c", "152.3"],
        ["mix", "-c", "152", "-c", "heavy"],
        ["mix", "-c", "152", "-c", "122", "--format", "xml"],
    ],
    ids=["none", "one", "three", "same", "words", "bad-format"],
)
def test_bad_usage_exits_2(shellcount: Shell, args: list[str]) -> None:
    result = shellcount(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


def test_calibres_that_are_one_are_a_usage_error(shellcount: Shell) -> None:
    # 152.3 mm is 152 mm by the one calibre rule (units.same_calibre).
    result = shellcount("mix", "-c", "152", "-c", "152.3")
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--calibre': the two calibres must differ" in result.stderr


def test_the_core_refuses_calibres_that_are_one(packaged: Ledger) -> None:
    with pytest.raises(SameCalibreError, match="the two calibres must differ"):
        analyse(packaged, 152, 152.3)


def test_calibres_with_no_mix(shellcount: Shell) -> None:
    result = shellcount("mix", "-c", "155", "-c", "105", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [], result.stdout
    notes = json.loads(shellcount("mix", "-c", "155", "-c", "105", "-f", "json").stdout)["notes"]
    assert any("no container claim is converted both to 155 mm and to 105 mm" in n for n in notes)


# --- a synthetic file: other calibres, round numbers ----------------------------------------

# Invented data, exact figures ("exactly"), so the arithmetic is the reading's own.
# 1,000 boxes could hold 200,000 155 mm shells (A) or 400,000 105 mm
# shells (B): total(s) = 400,000 − 200,000 s. Other sources on the same day:
#   250,000            -> (250,000 − 400,000) / (200,000 − 400,000) = 0.75, fits [0.75, 0.75]
#   250,000-350,000    -> 0.5, fits [0.25, 0.75]
#   500,000 (155 mm)   -> −0.5: above all-B (B is the larger), no share fits
#   fewer than 100,000 -> [0, 100,000): 1.5, below all-A, no share fits (total(1) = 200,000)
SYNTHETIC = """\
format: 1
sources:
  - {id: ministry, outlet: Gazette, published: 2022-04-01}
  - {id: analyst, outlet: Monitor, published: 2022-04-01}
  - {id: later, outlet: Review, published: 2022-05-01}
claims:
  - {id: boxes, source: ministry, measure: containers, figure: "exactly 1,000", unit: container,
     origin: atlantis, destination: lemuria, quote: q}
  - {id: cap-155, source: ministry, measure: shells, calibre: 155 mm, figure: "exactly 200,000",
     unit: shell, basis: capacity, converts: boxes, origin: atlantis, destination: lemuria,
     quote: q}
  - {id: cap-105, source: ministry, measure: shells, calibre: 105mm, figure: "exactly 400,000",
     unit: shell, basis: capacity, converts: boxes, origin: atlantis, destination: lemuria,
     quote: q}
  - {id: ministry-count, source: ministry, measure: shells, figure: "exactly 300,000", unit: shell,
     origin: atlantis, destination: lemuria, quote: q}
  - {id: exact, source: analyst, measure: shells, figure: "exactly 250,000", unit: shell,
     origin: atlantis, destination: lemuria, quote: q}
  - {id: about, source: analyst, measure: shells, calibre: 105, figure: "250,000-350,000",
     unit: round, origin: atlantis, destination: lemuria, quote: q}
  - {id: too-many, source: analyst, measure: shells, calibre: 155, figure: "exactly 500,000",
     unit: shell, origin: atlantis, destination: lemuria, quote: q}
  - {id: too-few, source: analyst, measure: shells, figure: "fewer than 100,000",
     unit: shell, origin: atlantis, destination: lemuria, quote: q}
  - {id: other-calibre, source: analyst, measure: shells, calibre: 122, figure: "exactly 300,000",
     unit: shell, origin: atlantis, destination: lemuria, quote: q}
  - {id: other-flow, source: analyst, measure: shells, figure: "exactly 300,000", unit: shell,
     origin: atlantis, destination: mu, quote: q}
  - {id: later-count, source: later, measure: shells, figure: "exactly 300,000", unit: shell,
     origin: atlantis, destination: lemuria, quote: q}
"""


@pytest.fixture
def synthetic(tmp_path: Path) -> str:
    path = tmp_path / "mix.yaml"
    path.write_text(SYNTHETIC, encoding="utf-8")
    return str(path)


def test_synthetic_mix(shellcount: Shell, synthetic: str) -> None:
    rows, text = csv_rows(
        shellcount, "mix", "--claims", synthetic, "--calibre", "155 mm", "--calibre", "105"
    )
    assert (curve_at(rows, "0")["total_nominal"], curve_at(rows, "1")["total_nominal"]) == (
        "400000",
        "200000",
    ), text
    assert curve_at(rows, "0.3")["total_low"] == "340000", text
    assert [r["matches_claim_id"] for r in rows if r["kind"] == "match"] == [
        "exact",
        "about",
        "too-many",
        "too-few",
    ], text
    cells = {
        r["matches_claim_id"]: (r["share"], r["share_low"], r["share_high"], r["flag"])
        for r in rows
        if r["kind"] == "match"
    }
    assert cells == {
        "exact": ("0.75", "0.75", "0.75", ""),
        "about": ("0.5", "0.25", "0.75", ""),
        "too-many": ("-0.5", "", "", "above-all-B no-share-fits"),
        "too-few": ("1.5", "", "", "below-all-A no-share-fits"),
    }, text
    assert matched(rows, "too-many")["how"] == (
        "(500,000 − 400,000) ÷ (200,000 − 400,000) = -0.50; "
        "no share in [0, 1] makes the ranges overlap"
    ), text


def test_synthetic_table_says_none_and_notes_the_unmatched(
    shellcount: Shell, synthetic: str
) -> None:
    result = shellcount("mix", "--claims", synthetic, "-c", "155", "-c", "105")
    assert result.exit_code == 0, result.output
    line = next(row for row in result.stdout.splitlines() if "match too-few" in row)
    assert re.search(r"\[0, 100,000\)\s+none\s+below-all-A no-share-fits\s", line), line
    assert "not matched, another date than the containers' 2022-04-01" in result.stdout
    assert "later-count (as of 2022-05-01)" in result.stdout
    assert "not matched, same source as the mix, so not a check of it: ministry-count" in (
        result.stdout
    )
    assert "other-calibre" not in result.stdout
    assert "other-flow" not in result.stdout


def test_calibres_in_the_other_order_swap_a_and_b(shellcount: Shell, synthetic: str) -> None:
    rows, text = csv_rows(shellcount, "mix", "--claims", synthetic, "-c", "105", "-c", "155")
    assert matched(rows, "exact")["share"] == "0.25", text
    assert matched(rows, "too-many")["flag"] == "above-all-A no-share-fits", text
    assert matched(rows, "too-few")["flag"] == "below-all-B no-share-fits", text


# --- the arithmetic ------------------------------------------------------------------------

ENDS = st.integers(min_value=0, max_value=10**9).map(float)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    low = draw(ENDS)
    high = draw(st.one_of(st.just(math.inf), ENDS.map(lambda extra: low + extra)))
    return Interval(low, high)


@st.composite
def hedged_intervals(draw: st.DrawFn) -> Interval:
    """Intervals with an end excluded now and then ("fewer than 1,000": [0, 1,000))."""
    ends = draw(intervals())
    if ends.low == ends.high:
        return ends
    return Interval(
        ends.low,
        ends.high,
        low_excluded=draw(st.booleans()),
        high_excluded=draw(st.booleans()) and not ends.is_open,
    )


SHARES = st.floats(min_value=0, max_value=1)


@given(intervals(), intervals(), SHARES)
def test_mix_contains_every_combination_of_ends(a: Interval, b: Interval, share: float) -> None:
    total = mix_interval(a, b, share)
    for x in (a.low, a.high):
        for y in (b.low, b.high):
            if math.isfinite(x) and math.isfinite(y):
                assert total.contains(share * x + (1 - share) * y), (a, b, share, total)


@given(intervals(), intervals())
def test_mix_ends_are_the_claims(a: Interval, b: Interval) -> None:
    assert mix_interval(a, b, 0.0) == b
    assert mix_interval(a, b, 1.0) == a


@given(hedged_intervals(), hedged_intervals(), hedged_intervals(), SHARES)
def test_fitting_shares_are_where_the_ranges_overlap(
    a: Interval, b: Interval, target: Interval, share: float
) -> None:
    fits = fitting_shares(a, b, target)
    total = mix_interval(a, b, share)
    # Where the ranges only touch, or the share is at an end of the fit, the last bit of
    # rounding decides (s × x + (1 − s) × x need not be x): those cases are left out.
    assume(not _touch(total.low, target.high) and not _touch(total.high, target.low))
    if fits is not None:
        assume(min(abs(share - fits.low), abs(share - fits.high)) > 1e-9)
    overlaps = total.intersection(target) is not None
    assert overlaps == (fits is not None and fits.contains(share)), (fits, share)


def _touch(x: float, y: float) -> bool:
    return math.isfinite(x) and math.isfinite(y) and abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1)


def test_fitting_shares_with_an_open_end_exclude_zero() -> None:
    fits = fitting_shares(Interval(3_000, math.inf), Interval.point(500.0), Interval.point(1_500.0))
    assert fits == Interval(0.0, 0.4, low_excluded=True)


def test_fitting_shares_respect_excluded_ends() -> None:
    # total(s) = 400 − 200 s meets [0, 300) only where 400 − 200 s < 300: s > 0.5.
    fits = fitting_shares(
        Interval.point(200.0), Interval.point(400.0), Interval(0, 300, high_excluded=True)
    )
    assert fits == Interval(0.5, 1.0, low_excluded=True)
