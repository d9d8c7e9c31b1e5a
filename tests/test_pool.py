"""``shellcount pool``: intersection, envelope and the Monte Carlo linear pool, on the packaged
claims and on small claims files written for each test."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import Shell
from shellcount.analysis.mixture import (
    NARROW,
    PERCENTILES,
    Draws,
    OrderStatistics,
    mixture_quantile,
    percentile_index,
)
from shellcount.analysis.pool import distribution
from shellcount.arithmetic.interval import Interval
from shellcount.formats import OutputFormat

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CONTRACT = ["method", "low", "high", "p5", "p50", "p95", "sources"]
PACKAGED_SHELLS = [
    "aje-headline-shells",
    "shin-feb-several-million",
    "yoo-nov-shells",
    "bbg-zelensky-shells",
]


def monte_carlo(
    ranges: list[tuple[float, float]], weights: list[float], *, samples: int, seed: int
) -> Draws:
    """The pool's own draw, as pool_quantity makes it."""
    return OrderStatistics(samples, seed).summary(mixture_quantile(ranges, weights))


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def by_method(text: str) -> dict[str, dict[str, str]]:
    """The result rows by method, and the claim rows by claim id."""
    rows = {}
    for row in rows_of(text):
        key = row["method"] if row["method"] != "claim" else row["sources"].split(":")[0]
        rows[key] = row
    return rows


def pool_csv(shellcount: Shell, *args: str) -> tuple[dict[str, dict[str, str]], str]:
    result = shellcount("pool", *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.stderr
    return by_method(result.stdout), result.stdout


def claim(claim_id: str, source: str, figure: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": claim_id,
        "source": source,
        "measure": "shells",
        "figure": figure,
        "unit": "shell",
        "origin": "atlantis",
        "destination": "lemuria",
        "quote": f"the words behind {claim_id}",
        **extra,
    }


def write_claims(
    tmp_path: Path,
    *claims: dict[str, Any],
    grades: dict[str, str] | None = None,
    undated: tuple[str, ...] = (),
) -> str:
    """A claims file with the given claims and one source per source id they name,
    published 2024-02-01 (``unknown`` for those in ``undated``), graded as ``grades`` says."""
    grades = grades or {}
    sources = []
    for source_id in dict.fromkeys(c["source"] for c in claims):
        published = "unknown" if source_id in undated else "2024-02-01"
        source = {"id": source_id, "outlet": f"Outlet {source_id}", "published": published}
        if source_id in grades:
            source["grade"] = grades[source_id]
        sources.append(source)
    document = {"format": 1, "sources": sources, "claims": list(claims)}
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def overlapping(tmp_path: Path) -> str:
    """Two sources: uniform on [100, 200] and on [150, 250], same date.

    Equal weights: the mixture's density is 0.005 on [100, 150), 0.01 on [150, 200] and
    0.005 on (200, 250], so p5 = 110, p50 = 175, p95 = 240.
    """
    return write_claims(
        tmp_path, claim("a-range", "a", "100-200"), claim("b-range", "b", "150-250")
    )


# --- the packaged claims ------------------------------------------------------------------


def test_packaged_shells_cannot_all_be_true(shellcount: Shell, seeds: str) -> None:
    rows, text = pool_csv(shellcount, "--claims", seeds, "--measure", "shells")
    assert text.splitlines()[0].split(",")[: len(CONTRACT)] == CONTRACT, text
    assert [r["sources"].split(":")[0] for r in rows_of(text) if r["method"] == "claim"] == (
        PACKAGED_SHELLS
    ), text
    assert {row["at"] for row in rows.values()} == {"2024-02-27"}, text

    carried = rows["yoo-nov-shells"]
    assert (carried["low"], carried["high"]) == ("2282608.7", ""), text
    assert "at its rate since 2023-08-01: ×2.28" in carried["how"], text
    assert "as stated" in rows["bbg-zelensky-shells"]["how"], text

    intersection = rows["intersection"]
    assert (intersection["low"], intersection["high"]) == ("", ""), text
    assert intersection["sources"] == (
        "aje-headline-shells shin-feb-several-million bbg-zelensky-shells"
    ), text
    assert intersection["how"].endswith("gap 1,450,000"), text

    envelope = rows["envelope"]
    assert (envelope["low"], envelope["high"]) == ("1450000", ""), text
    assert envelope["sources"] == " ".join(PACKAGED_SHELLS), text

    pooled = rows["pool"]
    # One weight per source, split among its statements: the headline restates the
    # minister's conversion, so his source's weight is shared by two statements.
    weights = ["0.1667", "0.1667", "0.3333", "0.3333"]
    assert pooled["sources"] == " ".join(
        f"{c}:{w}" for c, w in zip(PACKAGED_SHELLS, weights, strict=True)
    ), text
    assert (pooled["weights"], pooled["samples"], pooled["seed"], pooled["tail"]) == (
        "equal",
        "100000",
        "0",
        "2",
    ), text
    # A third of the weight is uniform on 1.5 million read as rounded, [1.45, 1.55]
    # million, the rest from 2.28 or 3 million up to twice that: p5 lies in the first,
    # p50 among the open claims.
    assert (pooled["low"], pooled["p5"]) == ("1450005.59", "1465206.93"), text
    assert (pooled["p50"], pooled["p95"]) == ("3235464.34", "5547665.01"), text
    assert float(pooled["high"]) <= 6_000_000, text


def test_packaged_notes_name_the_pair_and_the_gap(shellcount: Shell, seeds: str) -> None:
    result = shellcount("pool", "--claims", seeds, "--measure", "shells", "--format", "json")
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["notes"]
    emptied = [note for note in notes if "no value fits every claim" in note]
    assert len(emptied) == 1, notes
    assert "aje-headline-shells" in emptied[0], notes
    assert "bbg-zelensky-shells up to 1,550,000" in emptied[0], notes
    assert emptied[0].endswith("gap 1,450,000"), notes
    capacity = [note for note in notes if "capacity" in note]
    assert capacity == [
        "Left out: shin-feb-152, eut-shin-shells, bbg-shin-millions, bbg-shin-152: capacity: "
        "what containers could hold, not a count (--include-capacity to pool capacities)"
    ], notes
    assert any(note.startswith("Every claim is read at 2024-02-27 (the latest") for note in notes)


def test_packaged_152mm_has_only_capacities(shellcount: Shell, seeds: str) -> None:
    result = shellcount("pool", "--claims", seeds, "--measure", "shells", "--calibre", "152")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "--include-capacity" in result.stderr, result.stderr
    rows, text = pool_csv(
        shellcount, "--claims", seeds, "-m", "shells", "-c", "152 mm", "--include-capacity"
    )
    # "about three million" is one step (a million) each way: [2, 4] million.
    assert (rows["intersection"]["low"], rows["intersection"]["high"]) == ("3000000", "4000000")
    assert rows["pool"]["sources"] == "shin-feb-152:0.5 bbg-shin-152:0.5", text
    assert {row["calibre_mm"] for row in rows.values()} == {"152"}, text


def test_same_seed_same_output_other_seed_other_p50(shellcount: Shell, seeds: str) -> None:
    first = shellcount(
        "pool", "--claims", seeds, "-m", "shells", "--seed", "7", "--samples", "5000", "-f", "csv"
    )
    again = shellcount(
        "pool", "--claims", seeds, "-m", "shells", "--seed", "7", "--samples", "5000", "-f", "csv"
    )
    other = shellcount(
        "pool", "--claims", seeds, "-m", "shells", "--seed", "8", "--samples", "5000", "-f", "csv"
    )
    assert first.exit_code == again.exit_code == other.exit_code == 0, first.output
    assert first.stdout == again.stdout
    p50 = by_method(first.stdout)["pool"]["p50"]
    assert p50 != by_method(other.stdout)["pool"]["p50"], (first.stdout, other.stdout)
    assert by_method(first.stdout)["pool"]["seed"] == "7"


@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_every_format_says_how(shellcount: Shell, seeds: str, output_format: OutputFormat) -> None:
    result = shellcount(
        "pool", "--claims", seeds, "--measure", "shells", "--format", output_format.value
    )
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    for words in ["at its rate since 2023-08-01: ×2.28", "weighted linear pool", "gap 1,450,000"]:
        assert words in result.stdout, result.stdout
    for name in PACKAGED_SHELLS:
        assert name in result.stdout, result.stdout


# --- small files: the arithmetic ------------------------------------------------------------


def test_two_overlapping_uniforms(shellcount: Shell, overlapping: str) -> None:
    rows, text = pool_csv(shellcount, "--claims", overlapping, "--measure", "shells")
    assert (rows["intersection"]["low"], rows["intersection"]["high"]) == ("150", "200"), text
    assert (rows["envelope"]["low"], rows["envelope"]["high"]) == ("100", "250"), text
    pooled = rows["pool"]
    assert pooled["sources"] == "a-range:0.5 b-range:0.5", text
    # The median's standard error is about 0.16 with 100,000 draws.
    for name, expected in [("p5", 110), ("p50", 175), ("p95", 240)]:
        assert float(pooled[name]) == pytest.approx(expected, abs=1.0), (name, text)
    assert 100 <= float(pooled["low"]) < 101, text
    assert 249 < float(pooled["high"]) <= 250, text


def test_weight_given_for_a_source(shellcount: Shell, overlapping: str) -> None:
    rows, text = pool_csv(shellcount, "--claims", overlapping, "-m", "shells", "--weight", "a=3")
    pooled = rows["pool"]
    assert pooled["sources"] == "a-range:0.75 b-range:0.25", text
    assert pooled["weights"] == "equal; a=3", text
    # Density 0.0075 on [100, 150), 0.01 on [150, 200]: 0.375 below 150, half at 162.5.
    assert float(pooled["p50"]) == pytest.approx(162.5, abs=1.0), text


def test_weight_for_an_unknown_source(shellcount: Shell, overlapping: str) -> None:
    result = shellcount("pool", "--claims", overlapping, "-m", "shells", "--weight", "c=1")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == ("error: a weight is given for 'c', but no source has that id\n"), (
        result.stderr
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--weight", "a"],
        ["--weight", "a=-1"],
        ["--weight", "a=many"],
        ["--tail", "1"],
        ["--tail", "inf"],
        ["--samples", "0"],
        ["--samples", "10000001"],
        ["--at", "2024-02"],
        ["--weights", "votes"],
    ],
    ids="".join,
)
def test_bad_usage_exits_2(shellcount: Shell, overlapping: str, args: list[str]) -> None:
    result = shellcount("pool", "--claims", overlapping, "-m", "shells", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


def test_too_many_samples_says_the_limit(shellcount: Shell, overlapping: str) -> None:
    result = shellcount("pool", "--claims", overlapping, "-m", "shells", "--samples", "20000000")
    assert result.exit_code == 2, result.output
    assert "10,000,000" in result.stderr, result.stderr


def test_grades_weigh_sources(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(
        tmp_path,
        claim("a-one", "a", "100-200"),
        claim("a-two", "a", "120-220"),
        claim("b-range", "b", "150-250"),
        claim("c-range", "c", "150-250"),
        grades={"a": "A1", "b": "C3"},
    )
    rows, text = pool_csv(shellcount, "--claims", path, "-m", "shells", "--weights", "grades")
    # a: A1 = 1 (split over its two claims), b: C3 = 0.6 × 0.6, c: ungraded, F6 = 0.25.
    total = 1 + 0.36 + 0.25
    expected = [0.5 / total, 0.5 / total, 0.36 / total, 0.25 / total]
    weights = [float(part.split(":")[1]) for part in rows["pool"]["sources"].split()]
    assert weights == pytest.approx(expected, abs=1e-4), text
    assert rows["pool"]["weights"] == "grades", text


def test_tail_sets_the_open_end(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(tmp_path, claim("open", "a", "more than 100"))
    rows, text = pool_csv(shellcount, "--claims", path, "-m", "shells")
    assert float(rows["pool"]["p50"]) == pytest.approx(150, abs=1), text
    assert float(rows["pool"]["high"]) <= 200, text
    assert "uniform on [100, 200] (open end read as 2 × low)" in rows["open"]["how"], text
    rows, text = pool_csv(shellcount, "--claims", path, "-m", "shells", "--tail", "3")
    assert float(rows["pool"]["p50"]) == pytest.approx(200, abs=2), text
    assert 299 < float(rows["pool"]["high"]) <= 300, text
    assert rows["pool"]["tail"] == "3", text
    assert (rows["envelope"]["low"], rows["envelope"]["high"]) == ("100", ""), text


def test_claims_that_cannot_be_carried_are_left_out(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(
        tmp_path,
        claim("no-period", "a", "1,000", as_of="2024-01-01"),
        claim("undated", "b", "2,000"),
        claim("with-period", "c", "about 3,000", since="2023-12-01", as_of="2024-01-01"),
        claim("latest", "d", "4,000", as_of="2024-03-01"),
        undated=("b",),
    )
    result = shellcount("pool", "--claims", path, "-m", "shells", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    pooled = {row["sources"].split(":")[0] for row in document["rows"] if row["method"] == "claim"}
    assert pooled == {"with-period", "latest"}, result.stdout
    notes = document["notes"]
    assert (
        "Left out: no-period: stated on 2024-01-01 with no since: no rate to carry it to "
        "2024-03-01" in notes
    ), notes
    assert "Left out: undated: undated: no as_of to carry it from" in notes, notes
    carried = next(row for row in document["rows"] if row["sources"].startswith("with-period"))
    # 91 days from 2023-12-01 to 2024-03-01 over a 31-day period.
    assert "at its rate since 2023-12-01: ×2.94" in carried["how"], carried
    # "about 3,000" is one step of 1,000 each way.
    assert (carried["low"], carried["high"]) == (
        pytest.approx(2000 * 91 / 31, abs=0.01),
        pytest.approx(4000 * 91 / 31, abs=0.01),
    ), carried


def test_at_a_date_given(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(
        tmp_path,
        claim("half", "a", "1,000", since="2024-01-01", as_of="2024-01-31"),
        claim("later", "b", "2,000", as_of="2024-03-01"),
    )
    rows, text = pool_csv(shellcount, "--claims", path, "-m", "shells", "--at", "2024-01-16")
    assert list(rows) == ["half", "intersection", "envelope", "pool", "tail"], text
    # Half of its period: half of 1,000 read as rounded, [950, 1,050].
    assert (rows["half"]["low"], rows["half"]["high"]) == ("475", "525"), text
    assert rows["pool"]["at"] == "2024-01-16", text
    result = shellcount("pool", "--claims", path, "-m", "shells", "--at", "2023-12-01")
    assert result.exit_code == 1, result.output
    assert "2023-12-01 is before its period starts (2024-01-01)" in result.stderr


def test_each_calibre_is_pooled_on_its_own(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(
        tmp_path,
        claim("big", "a", "1,000-1,200", calibre="152 mm"),
        claim("small", "a", "500", calibre="122 mm"),
        claim("big-too", "b", "900-1,100", calibre=152),
        claim("capacity", "b", "5,000", calibre=152, basis="capacity"),
        claim("share", "b", "about 30", unit="percent", relative_to="big"),
    )
    result = shellcount("pool", "--claims", path, "-m", "shells", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = rows_of(result.stdout)
    tails = [("tail", calibre) for calibre in ("152",) for _ in range(4)]
    assert [(r["method"], r["calibre_mm"]) for r in rows] == [
        ("claim", "152"),
        ("claim", "152"),
        ("intersection", "152"),
        ("envelope", "152"),
        ("pool", "152"),
        *tails,
        ("leave-out", "152"),
        ("leave-out", "152"),
        ("claim", "122"),
        ("intersection", "122"),
        ("envelope", "122"),
        ("pool", "122"),
        *[("tail", "122")] * 4,
    ], result.stdout
    assert rows[4]["sources"] == "big:0.5 big-too:0.5", result.stdout
    assert (rows[2]["low"], rows[2]["high"]) == ("1000", "1100"), result.stdout
    result = shellcount("pool", "--claims", path, "-m", "shells", "-c", "122", "-f", "json")
    document = json.loads(result.stdout)
    assert [row["method"] for row in document["rows"]] == [
        "claim",
        "intersection",
        "envelope",
        "pool",
        *["tail"] * 4,
    ]
    table = shellcount("pool", "--claims", path, "-m", "shells")
    assert "shells · 152 mm · atlantis → lemuria" in table.stdout, table.stdout
    notes = json.loads(shellcount("pool", "--claims", path, "-m", "shells", "-f", "json").stdout)
    assert "Left out: share: relative to big: a percentage, not a count" in notes["notes"]


def test_origin_and_destination_filter(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(
        tmp_path,
        claim("there", "a", "100"),
        claim("back", "a", "200", origin="lemuria", destination="atlantis"),
    )
    rows, text = pool_csv(shellcount, "--claims", path, "-m", "shells", "--origin", "lemuria")
    assert rows["pool"]["sources"] == "back:1", text
    rows, text = pool_csv(shellcount, "--claims", path, "-m", "shells", "--destination", "lemuria")
    assert rows["pool"]["sources"] == "there:1", text


def test_unknown_measure_suggests_one(shellcount: Shell, overlapping: str) -> None:
    result = shellcount("pool", "--claims", overlapping, "-m", "shels")
    assert result.exit_code == 1, result.output
    assert result.stderr == "error: no claim has measure 'shels'; did you mean 'shells'?\n"


def test_a_plural_is_noted_as_very_wide(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(tmp_path, claim("lots", "a", "thousands"), claim("some", "b", "5,000"))
    result = shellcount("pool", "--claims", path, "-m", "shells", "-f", "json")
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["notes"]
    # By default "thousands" is [2,000, 10,000): five times, not noted as very wide.
    assert not [note for note in notes if "very wide" in note], notes
    args = ("pool", "--claims", path, "-m", "shells", "-f", "json", "--reading", "literal")
    notes = json.loads(shellcount(*args).stdout)["notes"]
    assert "lots: 'thousands' is [2,000, 1,000,000), a very wide uniform" in notes, notes


def test_open_from_zero_is_not_drawn(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(
        tmp_path, claim("zero", "a", "more than 0"), claim("hundred", "b", "exactly 100")
    )
    result = shellcount("pool", "--claims", path, "-m", "shells", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    pooled = next(row for row in document["rows"] if row["method"] == "pool")
    assert (pooled["sources"], pooled["p50"]) == ("hundred:1", 100), result.stdout
    note = (
        "shells · atlantis → lemuria: not drawn: zero: open from 0 or below: no scale for its tail"
    )
    assert note in document["notes"], document["notes"]


def test_weight_for_a_source_not_in_the_pool(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(tmp_path, claim("one", "a", "100"), claim("other", "b", "5", measure="x"))
    result = shellcount("pool", "--claims", path, "-m", "shells", "--weight", "b=2", "-f", "json")
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["notes"]
    assert "A weight is given for b, which has no claim in the pool" in notes, notes


# --- the Monte Carlo core --------------------------------------------------------------------


def test_percentile_index_is_exact() -> None:
    assert [percentile_index(q, 100_001) for q in PERCENTILES] == [5_000, 50_000, 95_000]
    assert [percentile_index(q, 1) for q in PERCENTILES] == [0, 0, 0]
    assert percentile_index(95, 20) == 18  # floor(0.95 × 19) = floor(18.05)


def test_a_point_is_drawn_as_itself() -> None:
    draws = monte_carlo([(7.0, 7.0)], [1.0], samples=10, seed=3)
    assert (draws.low, draws.high, set(draws.percentiles.values())) == (7.0, 7.0, {7.0})


def test_open_from_zero_has_no_tail() -> None:
    assert distribution(Interval(0, math.inf), 2) is None
    assert distribution(Interval(5, math.inf), 3) == (5, 15)
    assert distribution(Interval(0, 10, high_excluded=True), 2) == (0, 10)


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    low = draw(st.floats(min_value=0.001, max_value=1e9))
    kind = draw(st.sampled_from(["point", "closed", "open"]))
    if kind == "point":
        return Interval.point(low)
    if kind == "open":
        return Interval(low, math.inf)
    return Interval(low, low + draw(st.floats(min_value=0, max_value=1e9)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(intervals(), st.floats(min_value=0.01, max_value=10)), min_size=1),
    st.floats(min_value=1.01, max_value=100),
    st.integers(min_value=1, max_value=500),
    st.integers(min_value=0, max_value=2**32),
)
def test_every_percentile_lies_in_the_envelope(
    claims: list[tuple[Interval, float]], tail: float, samples: int, seed: int
) -> None:
    ranges = [distribution(interval, tail) for interval, _ in claims]
    assert all(r is not None for r in ranges)
    drawn = [r for r in ranges if r is not None]
    total = sum(weight for _, weight in claims)
    draws = monte_carlo(drawn, [weight / total for _, weight in claims], samples=samples, seed=seed)
    # The envelope, with each open end read through the tail.
    low = min(interval.low for interval, _ in claims)
    high = max(
        interval.high if not interval.is_open else interval.low * tail for interval, _ in claims
    )
    values = [draws.low, *draws.percentiles.values(), draws.high]
    assert values == sorted(values), values
    for value in values:
        assert low <= value <= high * (1 + 1e-12), (value, low, high)


# -- the sampler: sorted draws through the pool's quantile function --------------------------

MIXTURES = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1e6),
        st.floats(min_value=0, max_value=1e6),
        st.booleans(),  # a point (an exact figure) rather than a range
        st.floats(min_value=0.01, max_value=1),
    ),
    min_size=1,
    max_size=5,
)


def _cdf(x: float, parts: list[tuple[float, float, float]]) -> float:
    """P(value <= x), written independently of the module's own helpers."""
    total = 0.0
    for low, high, weight in parts:
        if low == high:
            total += weight if x >= low else 0.0
        elif x >= high:
            total += weight
        elif x > low:
            total += weight * (x - low) / (high - low)
    return total


@given(MIXTURES, st.floats(min_value=0, max_value=1))
# A range 1e-45 wide: its density once swamped the other's, which the sweep then lost (a
# quantile of 1 where it is 0.25); it is drawn as a point now (mixture.NARROW).
@example([(0.0, 1.0, False, 1.0), (0.0, 1.401298464324817e-45, False, 0.5)], 0.5)
# A range 5.96e-8 wide beside one 59 wide: a point at its high end, within NARROW.
@example([(0.0, 5.960464477539063e-08, False, 1.0), (1.0, 60.0, False, 1.0)], 0.0)
# A range one float wide, and one four floats wide: the interpolation rounded down to the
# low end, where the distribution is still 0 (the next float up reaches u).
@example([(1000000.0, 999999.9999999999, False, 1.0)], 0.25)
@example([(1000000.0, 1000000.0000000005, False, 1.0)], 0.1)
# A range 1e-9 wide beside one 0.25 wide (4e-9 of the span: not NARROW): its density,
# added to the other's and taken away again, left the other's wrong by 7e-9, so the
# levels reached 1 + 5e-9 and the top quantile fell short of the end.
@example([(0.0, 0.25, False, 1.0), (0.0, 1e-09, False, 0.5)], 1.0)
# The top of a range: start + (end - start) rounded past the end.
@example([(1.6516361240646802, 752149.9242652032, False, 1.0)], 1.0)
def test_mixture_quantile_inverts_the_distribution(
    drawn: list[tuple[float, float, bool, float]], u: float
) -> None:

    ranges = [(min(a, b), min(a, b) if point else max(a, b)) for a, b, point, _ in drawn]
    raw = [w for *_, w in drawn]
    weights = [w / sum(raw) for w in raw]
    parts = [(low, high, w) for (low, high), w in zip(ranges, weights, strict=True)]
    x = mixture_quantile(ranges, weights)(u)
    lowest, highest = min(r[0] for r in ranges), max(r[1] for r in ranges)
    assert lowest <= x <= highest
    tolerance = 1e-9
    assert _cdf(x, parts) >= u - tolerance  # x reaches u ...
    # A range narrower than NARROW of the span is drawn as a point at its high end, so a
    # quantile may stand that far above the exact one.
    step = max(abs(x) * 1e-9, 1e-9, 2 * NARROW * (highest - lowest))
    if x - step > lowest:
        assert _cdf(x - step, parts) <= u + 1e-6  # ... and nothing well below x does


def test_sorted_draws_match_drawing_and_sorting() -> None:
    import random

    ranges = [(12.1, 43.0), (23.9, 23.9), (55.1, 60.7), (99.2, 122.8)]
    weights = [0.058, 0.382, 0.23, 0.33]
    samples = 200_000
    rng = random.Random(1)
    picks = rng.choices(range(4), weights=weights, k=samples)
    drawn = sorted(ranges[i][0] + (ranges[i][1] - ranges[i][0]) * rng.random() for i in picks)
    pooled = monte_carlo(ranges, weights, samples=samples, seed=2)
    for q in PERCENTILES:
        assert pooled.percentiles[q] == pytest.approx(
            drawn[percentile_index(q, samples)], abs=0.02 * (122.8 - 12.1)
        ), q


def test_a_narrow_ranges_density_taken_away_leaves_the_others_exactly() -> None:
    from shellcount.analysis.mixture import Mixture

    # 1e-9 wide beside 0.25 (4e-9 of the span: drawn as a range, 1.25e8 times as dense).
    mixture = Mixture([(0.0, 0.25), (0.0, 1e-9)], [2 / 3, 1 / 3])
    assert mixture.densities == [(2 / 3) / 0.25 + (1 / 3) / 1e-9, (2 / 3) / 0.25, 0.0]
    assert mixture.total == 1.0
    assert mixture.quantile(1.0) == 0.25
