"""design.md's worked figures, in every output format of the command that computes them."""

from __future__ import annotations

import pytest

from conftest import Shell
from shellcount.formats import OutputFormat

WORKED = [
    # (command, text every format shows)
    (["derive", "--calibre", "152"], "447.76"),  # 3,000,000 / 6,700
    (["derive", "--calibre", "152"], "223.88"),  # 1,500,000 / 6,700
    (["compare"], "74.63"),  # 500,000 / 6,700
    (["derive", "--calibre", "152"], "0.69"),  # 447.76 x 43.56 kg / 28,180 kg
    (["derive", "--calibre", "152"], "0.44"),  # break-even overhead
    (["timeline", "--measure", "containers"], "37.43"),  # 6,700 over 179 days
    (["reconcile", "--measure", "containers"], "1.29"),  # 9,000 / 7,000
    (["mix", "--calibre", "152", "--calibre", "122"], "0.4"),  # (1.5M - 0.5M) / (3M - 0.5M)
]


@pytest.mark.parametrize("output_format", list(OutputFormat))
@pytest.mark.parametrize(("command", "figure"), WORKED, ids=[f for _, f in WORKED])
def test_worked_figure_in_every_format(
    shellcount: Shell, command: list[str], figure: str, output_format: OutputFormat
) -> None:
    result = shellcount(*command, "--format", output_format.value)
    assert result.exit_code == 0, result.stderr
    assert figure in result.stdout, result.stdout


def test_mix_share_for_the_presidents_figure(shellcount: Shell) -> None:
    result = shellcount("mix", "--calibre", "152", "--calibre", "122", "--format", "json")
    import json

    rows = json.loads(result.stdout)["rows"]
    match = next(row for row in rows if row["matches_claim_id"] == "bbg-zelensky-shells")
    assert match["share"] == 0.4, result.stdout
