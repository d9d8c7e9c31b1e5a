"""design.md's worked figures, in every output format of the command that computes them:
the named cell of the named row in CSV and JSON, and in the table and Markdown the row's
own line, where derived figures are written to three significant figures. They are the
five seed articles' figures, so they are computed on those articles' claims (``seeds``)."""

from __future__ import annotations

import csv
import io
import json
from typing import NamedTuple

import pytest

from conftest import Shell
from shellcount.formats import OutputFormat


class Worked(NamedTuple):
    command: tuple[str, ...]
    row: dict[str, str]  # the cells that pick the row
    field: str
    machine: str  # as CSV writes it (JSON: the same number)
    human: str  # as the table and Markdown write it, on the row's line
    words: str  # what the row's line says first (its claim id, or pair)


WORKED = [
    # 3,000,000 / 6,700
    Worked(("derive", "-c", "152"), {"claim_id": "shin-feb-152"}, "per_container_nominal",
           "447.76", "448", "shin-feb-152"),
    # 1,500,000 / 6,700
    Worked(("derive", "-c", "152"), {"claim_id": "bbg-zelensky-shells"},
           "per_container_nominal", "223.88", "224", "bbg-zelensky-shells"),
    # 500,000 / 6,700
    Worked(("compare",), {"claim_id": "shin-feb-122"}, "per_container_nominal", "74.63", "74.6",
           "shin-feb-122"),
    # 447.76 x 43.56 kg / 28,180 kg, and the break-even overhead
    Worked(("derive", "-c", "152"), {"claim_id": "shin-feb-152"}, "payload_share_nominal",
           "0.69", "0.69", "shin-feb-152"),
    Worked(("derive", "-c", "152"), {"claim_id": "shin-feb-152"}, "break_even_overhead",
           "0.44", "0.44", "shin-feb-152"),
    # 6,700 over 179 days
    Worked(("timeline", "-m", "containers"),
           {"claim_id": "aje-headline-containers", "kind": "period"}, "rate_per_day_nominal",
           "37.43", "37.4", "aje-headline-containers"),
    # 9,000 / 7,000 (a consistent pair: listed with --all)
    Worked(("reconcile", "-m", "containers", "--all"),
           {"claim_a": "shin-feb-return-containers",
            "via_claim": "shin-mar-containers-since-last-year"},
           "b_value", "1.29", "9,000 ÷ 7,000 = 1.29", "shin-feb-return-containers"),
    # (1.5M - 0.5M) / (3M - 0.5M)
    Worked(("mix", "-c", "152", "-c", "122"),
           {"kind": "match", "matches_claim_id": "bbg-zelensky-shells"}, "share", "0.4", "0.4",
           "bbg-zelensky-shells"),
]  # fmt: skip


def _picked(rows: list[dict[str, object]], worked: Worked) -> dict[str, object]:
    found = [r for r in rows if all(str(r[k]) == v for k, v in worked.row.items())]
    assert len(found) == 1, (worked.row, rows)
    return found[0]


@pytest.mark.parametrize("worked", WORKED, ids=[f"{w.field}={w.machine}" for w in WORKED])
def test_worked_figure_in_csv_and_json(shellcount: Shell, seeds: str, worked: Worked) -> None:
    result = shellcount(*worked.command, "--claims", seeds, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, object]] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert _picked(rows, worked)[worked.field] == worked.machine, result.stdout
    result = shellcount(*worked.command, "--claims", seeds, "--format", "json")
    picked = _picked(json.loads(result.stdout)["rows"], worked)
    assert picked[worked.field] == float(worked.machine), result.stdout


@pytest.mark.parametrize("output_format", [OutputFormat.TABLE, OutputFormat.MARKDOWN])
@pytest.mark.parametrize("worked", WORKED, ids=[f"{w.field}={w.human}" for w in WORKED])
def test_worked_figure_on_its_row_in_the_human_formats(
    shellcount: Shell, seeds: str, worked: Worked, output_format: OutputFormat
) -> None:
    result = shellcount(*worked.command, "--claims", seeds, "--format", output_format.value)
    assert result.exit_code == 0, result.stderr
    text = result.stdout.replace("\\", "")  # Markdown escapes brackets and parentheses
    lines = [line for line in text.splitlines() if worked.words in line and worked.human in line]
    assert lines, text
