"""``shellcount pool --samples-out FILE.csv``: every draw the pooled figures come from, with
the claim it is given, written by the output rules of every report."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest

from conftest import Shell
from shellcount.analysis.mixture import PERCENTILES, OrderStatistics, percentile_index
from test_pool import claim, write_claims

HEADER = (
    "measure,calibre_mm,origin,destination,at,unit,draw,value,claim_id,statement,source_id,reading"
)


def samples(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def pool_with_samples(shellcount: Shell, tmp_path: Path, *args: str) -> tuple[str, str]:
    """The report's CSV (from -o) and the samples' CSV (from stdout)."""
    report = tmp_path / "report.csv"
    result = shellcount("pool", *args, "-o", str(report), "--samples-out", "-")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return report.read_text(encoding="utf-8"), result.stdout


def test_the_draws_are_the_reports_draws(shellcount: Shell, tmp_path: Path, seeds: str) -> None:
    args = ("--claims", seeds, "-m", "shells", "--samples", "2001", "--seed", "5")
    report, drawn = pool_with_samples(shellcount, tmp_path, *args)
    assert drawn.splitlines()[0] == HEADER, drawn[:300]
    rows = samples(drawn)
    assert [row["draw"] for row in rows] == [str(n) for n in range(2001)], drawn[:300]
    values = [float(row["value"]) for row in rows]
    assert values == sorted(values), drawn[:300]
    pooled = next(row for row in samples(report) if row["method"] == "pool")
    # The report's percentile is the draw at floor(q × (N − 1) / 100): the very same cell.
    for q in PERCENTILES:
        assert rows[percentile_index(q, 2001)]["value"] == pooled[f"p{q}"], q
    assert (rows[0]["value"], rows[-1]["value"]) == (pooled["low"], pooled["high"])
    pooled_ids = {part.split(":")[0] for part in pooled["sources"].split()}
    assert {row["claim_id"] for row in rows} == pooled_ids, pooled["sources"]
    first = rows[0]
    assert (first["measure"], first["unit"], first["at"], first["reading"]) == (
        "shells",
        "shell",
        pooled["at"],
        "default",
    ), first


def test_same_seed_same_file_other_seed_other_file(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(
        tmp_path, claim("a-range", "a", "100-200"), claim("b-range", "b", "150-250")
    )
    args = ("--claims", path, "-m", "shells", "--samples", "500")
    once = pool_with_samples(shellcount, tmp_path, *args, "--seed", "1")[1]
    again = pool_with_samples(shellcount, tmp_path, *args, "--seed", "1")[1]
    other = pool_with_samples(shellcount, tmp_path, *args, "--seed", "2")[1]
    assert once == again
    assert once != other


def test_a_draw_is_given_the_claim_that_can_make_it(shellcount: Shell, tmp_path: Path) -> None:
    """Apart ranges: a draw below 250 can only be a's; weights 1 and 3 give a a quarter
    of the draws. Where two ranges overlap with equal density, either claim is as likely."""
    path = write_claims(
        tmp_path,
        claim("low", "a", "100-200"),
        claim("high", "b", "300-400"),
        claim("over", "c", "300-400"),
    )
    args = ("--claims", path, "-m", "shells", "--samples", "4000", "--weight", "a=2")
    rows = samples(pool_with_samples(shellcount, tmp_path, *args)[1])
    owners = {(float(row["value"]) < 250, row["claim_id"]) for row in rows}
    assert owners == {(True, "low"), (False, "high"), (False, "over")}, owners
    count = len(rows)
    high = sum(row["claim_id"] == "high" for row in rows)
    upper = sum(float(row["value"]) > 250 for row in rows)
    # Each upper draw is high's with probability 1/2: within five standard deviations.
    assert abs(high - upper / 2) <= 5 * math.sqrt(upper / 4), (high, upper)
    # a weighs 2 of 4: half the draws are below 250, within five standard deviations.
    assert abs((count - upper) - count / 2) <= 5 * math.sqrt(count / 4), upper


def test_points_and_overlaps_are_given_by_weight_and_density() -> None:
    """An exact value draws its weight's share at that value, split among the points
    there by weight; a range over a segment is chosen by its weighted density."""
    ranges = [(5.0, 5.0), (5.0, 5.0), (0.0, 10.0), (0.0, 20.0)]
    weights = [0.3, 0.1, 0.3, 0.3]
    order = OrderStatistics(20_000, 7)
    drawn = list(order.every_draw(ranges, weights))
    at_five = [component for value, component in drawn if value == 5.0]
    assert {*at_five} <= {0, 1, 2, 3}
    points = [c for c in at_five if c in (0, 1)]
    assert abs(len(points) - 0.4 * len(drawn)) <= 5 * math.sqrt(len(drawn) * 0.24)
    assert abs(points.count(0) - 0.75 * len(points)) <= 5 * math.sqrt(len(points) * 0.1875)
    # Below 10 the densities are 0.03 and 0.015: two thirds of those draws are range 2's.
    below = [component for value, component in drawn if value < 10 and value != 5.0]
    assert {*below} == {2, 3}
    share = below.count(2) / len(below)
    assert abs(share - 2 / 3) <= 5 * math.sqrt(2 / 9 / len(below)), share
    above = {component for value, component in drawn if value > 10}
    assert above == {3}


def test_the_draws_are_the_summarys_draws() -> None:
    from shellcount.analysis.mixture import mixture_quantile

    ranges, weights = [(1.0, 3.0), (2.0, 2.0), (2.5, 9.0)], [0.5, 0.2, 0.3]
    order = OrderStatistics(1001, 11)
    summary = order.summary(mixture_quantile(ranges, weights))
    values = [value for value, _ in order.every_draw(ranges, weights)]
    assert values[0] == summary.low
    assert values[-1] == summary.high
    assert [values[percentile_index(q, 1001)] for q in PERCENTILES] == [
        summary.percentiles[q] for q in PERCENTILES
    ]


def test_samples_to_a_file_with_the_report_on_stdout(shellcount: Shell, tmp_path: Path) -> None:
    path = write_claims(tmp_path, claim("one", "a", "100-200"))
    out = tmp_path / "draws.csv"
    result = shellcount(
        "pool", "--claims", path, "-m", "shells", "--samples", "3", "-f", "csv", "--bom",
        "--samples-out", str(out),
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout.startswith("\ufeffmethod,low,high"), result.stdout[:100]
    written = out.read_bytes().decode("utf-8")
    row = "shells,,atlantis,lemuria,2024-02-01,shell,{},{},one,one,a,default\r\n"
    # Seed 0's three sorted uniforms on [100, 200].
    assert written == (
        f"\ufeff{HEADER}\r\n{row.format(0, 145.11)}{row.format(1, 179.5)}{row.format(2, 192.74)}"
    ), written


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--samples-out", "-"],
            "Invalid value for '--samples-out': - is stdout, where the report goes: give -o "
            "FILE for the report, or a file here",
        ),
        (
            ["-o", "-", "--samples-out", "-"],
            "Invalid value for '--samples-out': - is stdout, where the report goes: give -o "
            "FILE for the report, or a file here",
        ),
        (
            ["--samples-out", "draws.json"],
            "Invalid value for '--samples-out': 'draws.json': the draws are written as CSV, "
            "to a .csv file",
        ),
        (
            ["-o", "both.csv", "--samples-out", "sub/../both.csv"],
            "Invalid value for '--samples-out': 'sub/../both.csv' is also where -o writes the "
            "report",
        ),
    ],
)
def test_a_clash_is_a_usage_error(
    shellcount: Shell,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_claims(tmp_path, claim("one", "a", "100-200"))
    result = shellcount("pool", "--claims", path, "-m", "shells", *args)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr == (
        f"Usage: shellcount pool [OPTIONS]\nTry 'shellcount pool --help' for help.\n\n"
        f"Error: {message}\n"
    ), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.yaml"]


def test_the_claims_file_is_never_overwritten(shellcount: Shell, tmp_path: Path) -> None:
    written = Path(write_claims(tmp_path, claim("one", "a", "100-200")))
    ledger = tmp_path / "ledger.yaml"
    ledger.write_bytes(written.read_bytes())
    samples = tmp_path / "samples.csv"  # a link to the claims file, under a .csv name
    samples.symlink_to(ledger)
    report = tmp_path / "report.csv"
    result = shellcount(
        "pool", "--claims", str(ledger), "-m", "shells", "-o", str(report),
        "--samples-out", str(samples),
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert result.stderr == f"error: {samples}: refusing to overwrite the claims file being read\n"
    assert ledger.read_bytes() == written.read_bytes()
