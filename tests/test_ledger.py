"""The packaged ledger, October 2023 to 2025: one file (data/claims.yaml) that the wheel
carries, every figure of the later reporting in it with its source, grade and verbatim
quote, and the story it tells read whole (timeline, per-container figures, conflicts,
pool)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import Shell
from shellcount.ledger.model import Ledger

REPOSITORY = Path(__file__).resolve().parents[1]
LEDGER = REPOSITORY / "data" / "claims.yaml"
LATER = REPOSITORY.parent / "shared" / "later-reporting.md"
SEEDED_UNTIL = dt.date(2024, 3, 19)  # the last seed article's date

needs_later = pytest.mark.skipif(
    not LATER.is_file(), reason="shared/later-reporting.md is not beside the checkout"
)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- one ledger ----------------------------------------------------------------------------


def test_the_ledger_is_data_claims_yaml(packaged: Ledger) -> None:
    assert Path(packaged.path).name == "claims.yaml" or packaged.path == "packaged claims.yaml"
    copies = list((REPOSITORY / "src").rglob("claims.yaml"))
    assert copies == [], f"a second ledger to keep in step: {copies}"


def test_the_wheel_carries_the_ledger_byte_for_byte(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), "."],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0 and "No matching distribution" in built.stderr:
        pytest.skip("no package index to build the wheel with")
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("shellcount-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("shellcount/data/claims.yaml") == LEDGER.read_bytes()
        assert (
            archive.read("shellcount/data/claims.schema.json")
            == (REPOSITORY / "data" / "claims.schema.json").read_bytes()
        )
        # What `shellcount help format` prints: the documentation itself, not a copy.
        assert (
            archive.read("shellcount/data/claims-format.md")
            == (REPOSITORY / "docs" / "claims-format.md").read_bytes()
        )


# -- the later reporting, ledgered -----------------------------------------------------------


def _later_sources(packaged: Ledger) -> list[object]:
    return [s for s in packaged.sources.values() if s.document is None]


@needs_later
def test_every_later_quote_is_verbatim(packaged: Ledger) -> None:
    text = LATER.read_text(encoding="utf-8")
    later = [c for c in packaged if c.source.published and c.source.published > SEEDED_UNTIL]
    assert len(later) >= 20
    for claim in later:
        assert claim.quote in text, f"{claim.id}: quote not verbatim in later-reporting.md"


def test_every_later_source_is_graded_dated_and_linked(packaged: Ledger) -> None:
    sources = [s for s in packaged.sources.values() if s.document is None]
    assert len(sources) == 28
    for source in sources:
        assert source.grade, f"{source.id}: no grade"
        assert source.url, f"{source.id}: no url"
        assert source.url.startswith("http"), f"{source.id}: {source.url}"
        assert source.note, f"{source.id}: no note on its grade and dates"
        assert source.published is not None or source.published_text == "unknown", source.id
    for claim in packaged:
        if claim.source.document is None and claim.as_of is None:
            # Undated only where the text we have gives no date at all.
            assert claim.source.published_text == "unknown", f"{claim.id}: no as_of"


# Words of later-reporting.md that carry a number but are not figures, and why.
NOT_FIGURES = {
    "several": "'several types of missiles' counts kinds of missile, with no unit",
    "15": "'on Jan. 15.': the as_of of hur-jan-rounds",
    "two": "'a mix of the two': not a figure",
    "14": "'published on June 14': the date of the Bloomberg interview",
    "4": "'reported on Oct. 4': the as_of of times-oct-half and times-oct-rate",
}
NUMBER = re.compile(
    r"\d[\d,.]*\d|\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|"
    r"hundreds?|thousands?|millions?|[Hh]alf|twofold|dozens|several|a million)\b"
)


def _quoted_sentences(text: str) -> list[str]:
    """The sentences of later-reporting.md, verbatim: its quoted lines, and the words
    in double quotes on its bullet lines."""
    lines = [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("> ")]
    for line in text.splitlines():
        if line.startswith("- ") and ': "' in line:
            lines += re.findall(r'"([^"]+)"', line)
    return lines


@needs_later
def test_no_figure_of_the_later_reporting_is_left_out(packaged: Ledger) -> None:
    """Every number in the later reporting's sentences is inside the quote of a claim, or
    is listed above as not a figure."""
    quotes = [c.quote for c in packaged if c.source.document is None]
    missing = []
    for sentence in _quoted_sentences(LATER.read_text(encoding="utf-8")):
        for number in NUMBER.finditer(sentence):
            inside = any(
                (start := sentence.find(quote)) != -1
                and start <= number.start()
                and number.end() <= start + len(quote)
                for quote in quotes
            )
            if not inside and number.group() not in NOT_FIGURES:
                missing.append((number.group(), sentence))
    assert missing == []


# Each figure of the later reporting that the issue names, and the claim that ledgers it.
LEDGERED = {
    "kirby-oct-containers": ("more than 1,000", "container"),
    "wh-sep-najin-load": ("about 300", "container"),
    "mnd-oct-capacity": ("hundreds of thousands", "round"),
    "nis-nov-shells-hani": ("over 1 million", "shell"),
    "seoul-nov-containers": ("about 2,000", "container"),
    "shin-dec-containers": ("5,000", "container"),
    "shin-dec-152": ("more than two million", "shell"),
    "shin-dec-122": ("more than 400,000", "rocket"),
    "hur-jan-rounds": ("around one million", "round"),
    "state-feb-containers": ("more than 10,000", "container"),
    "zelensky-feb-shells": ("about 1.5 million", "shell"),
    "csis-feb-munitions": ("more than 2.5 million", "round"),
    "shin-jun-containers": ("at least 10,000", "container"),
    "shin-jun-capacity": ("as many as 4.8 million", "shell"),
    "state-jun-containers": ("more than 11,000", "container"),
    "shin-jul-152": ("5.2 million", "shell"),
    "dia-aug-containers": ("more than 13,000", "container"),
    "dia-aug-152": ("more than 6 million", "shell"),
    "times-oct-rate": ("around 3 million", "shell/year"),
    "rio-oct-rate": ("about 1 million", "round/month"),
    "rio-oct-containers": ("over 20,000", "container"),
    "rio-oct-152": ("up to 9.4 million", "shell"),
    "zelensky-dec-shells": ("3.5 million", "shell"),
    "essanews-jan-shells": ("about 3.7 million", "shell"),
    "budanov-jul-share": ("as much as 40", "percent"),
    "dia-jul-containers": ("an estimated 28,000", "container"),
    "dia-jul-152": ("more than 12 million", "shell"),
}


@pytest.mark.parametrize("claim_id", list(LEDGERED))
def test_the_named_figures_are_ledgered(packaged: Ledger, claim_id: str) -> None:
    claim = packaged.claim(claim_id)
    assert (claim.figure.text, claim.unit_text) == LEDGERED[claim_id]


def test_windows_are_as_the_text_says(packaged: Ledger) -> None:
    # The DIA's count runs "since mid-2022", the State Department's "since September".
    assert packaged.claim("dia-aug-containers").since == dt.date(2022, 7, 1)
    assert packaged.claim("state-feb-containers").since == dt.date(2023, 9, 1)
    assert packaged.claim("zelensky-dec-shells").since == dt.date(2024, 1, 1)


def test_capacity_conversions_convert_and_share_one_method(packaged: Ledger) -> None:
    conversions = ["shin-dec-152", "shin-jun-capacity", "dia-aug-152", "rio-oct-152"]
    conversions += ["dia-jul-152", "shin-feb-152", "bbg-shin-152", "shin-feb-122"]
    for claim_id in conversions:
        claim = packaged.claim(claim_id)
        assert claim.basis.value == "capacity", claim_id
        assert claim.method == "container-conversion", claim_id
    assert packaged.claim("dia-jul-152").converts == "dia-jul-containers"


def test_the_paraphrase_is_marked_and_not_speech(packaged: Ledger) -> None:
    claim = packaged.claim("essanews-jan-shells")
    assert "PARAPHRASE" in (claim.note or "")
    assert claim.source.speaker == claim.source.outlet  # the outlet's words, not his


def test_a_reprint_names_the_original_outlet(packaged: Ledger) -> None:
    assert packaged.sources["cambodiatribune-state-dept"].via == ("Yonhap",)
    assert packaged.sources["newsrelease-wapo-state-dept"].via == ("The Washington Post",)


# -- the story, read whole -------------------------------------------------------------------


def test_timeline_of_containers_from_2023_to_2025(shellcount: Shell) -> None:
    result = shellcount("timeline", "--measure", "containers", "--format", "csv")
    rows = [
        row
        for row in rows_of(result.stdout)
        if row["kind"] == "period" and row["origin"] == "north-korea"
    ]
    assert rows[0]["as_of"][:7] == "2023-10", rows[0]
    latest = max(rows, key=lambda row: row["as_of"])
    assert (latest["claim_id"], latest["as_of"][:7], latest["value"]) == (
        "dia-jul-containers",
        "2025-07",
        "28000",
    )
    assert [row["as_of"] for row in rows] == sorted(row["as_of"] for row in rows)


# The per-container figure of each 152 mm conversion: stated shells over stated containers.
PER_CONTAINER = {
    "shin-dec-152": "400",  # 2,000,000 / 5,000, December 2023
    "shin-feb-152": "447.76",  # 3,000,000 / 6,700, February 2024
    "shin-jun-capacity": "480",  # 4,800,000 / 10,000, June 2024
    "dia-aug-152": "461.54",  # 6,000,000 / 13,000, August 2024
    "rio-oct-152": "470",  # 9,400,000 / 20,000, October 2024
    "dia-jul-152": "428.57",  # 12,000,000 / 28,000, July 2025
}


def test_derive_gives_each_conversions_figure(shellcount: Shell) -> None:
    result = shellcount("derive", "--calibre", "152", "--format", "csv")
    rows = {row["claim_id"]: row for row in rows_of(result.stdout)}
    found = {claim: rows[claim]["per_container_nominal"] for claim in PER_CONTAINER}
    assert found == PER_CONTAINER
    assert all(rows[claim]["containers_method"] == "converts" for claim in PER_CONTAINER)


def test_reconcile_finds_the_us_and_korean_counts_disagree(shellcount: Shell) -> None:
    # --all: the consistent pair below is listed too (by default: conflicts, tensions).
    rows = rows_of(shellcount("reconcile", "--measure", "containers", "--all", "-f", "csv").stdout)
    pair = next(
        row
        for row in rows
        if {row["claim_a"], row["claim_b"]} == {"shin-feb-containers", "state-feb-containers"}
    )
    # "more than 10,000 since September" on 23 February against "about 6,700 since
    # September" four days later: the same window, a lower later count.
    assert (pair["verdict"], pair["rule"], pair["since_a"], pair["since_b"]) == (
        "conflict",
        "nested",
        "2023-09-01",
        "2023-09-01",
    ), pair
    windows = next(
        row
        for row in rows
        if {row["claim_a"], row["claim_b"]} == {"shin-feb-containers", "dia-aug-containers"}
    )
    # The DIA counts since mid-2022, the minister since September 2023: carried at his
    # pace, 6,700 meets "more than 13,000", and the windows are named.
    assert windows["verdict"] == "consistent", windows
    assert "dia-aug-containers since 2022-07-01" in windows["how"], windows["how"]


def test_pool_at_the_latest_date_says_what_it_rests_on(shellcount: Shell) -> None:
    result = shellcount("pool", "--measure", "shells", "--format", "csv")
    rows = rows_of(result.stdout)
    pool = next(row for row in rows if row["method"] == "pool")
    assert pool["at"] == "2025-01-31", pool
    assert float(pool["p50_tail_min"]) <= float(pool["p50"]) <= float(pool["p50_tail_max"])
    assert [row["tail"] for row in rows if row["method"] == "tail"] == ["1.5", "2", "3", "5"]
    assert len([row for row in rows if row["method"] == "leave-out"]) >= 4
