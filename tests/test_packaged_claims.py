"""The packaged claims file: verbatim quotes, provenance, and code that does not know it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shellcount.ledger.fileformat import UNKNOWN
from shellcount.ledger.model import Ledger

REPOSITORY = Path(__file__).resolve().parents[1]
SEEDS = REPOSITORY.parent / "shared" / "seeds"
LATER = REPOSITORY.parent / "shared" / "later-reporting.md"
PACKAGE = REPOSITORY / "src" / "shellcount"
SOURCE_CODE = [
    *sorted(PACKAGE.rglob("*.py")),
    PACKAGE / "data" / "units.txt",
    PACKAGE / "data" / "template.yaml",  # what `shellcount init` writes
]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the checkout")
def test_every_quote_is_verbatim_in_its_article(packaged: Ledger) -> None:
    """A seed article's claims quote it (its `document`); the later reporting's quote the
    sentences collected in shared/later-reporting.md."""
    later = LATER.read_text(encoding="utf-8")
    for claim in packaged:
        document = claim.source.document
        if document is None:
            assert claim.source.url, f"{claim.id}: its source names no document and no url"
            assert claim.quote in later, f"{claim.id}: quote not verbatim in later-reporting.md"
            continue
        text = (SEEDS / document).read_text(encoding="utf-8")
        assert claim.quote in text, f"{claim.id}: quote not found verbatim in {document}"


def test_every_source_says_where_and_when(packaged: Ledger) -> None:
    for source in packaged.sources.values():
        assert source.outlet, source.id
        if UNKNOWN in (source.outlet, source.published_text):
            assert source.note, f"{source.id}: an unknown outlet or date needs a note saying so"


def test_the_required_figures_are_there(packaged: Ledger) -> None:
    figures = {(c.figure.text, c.unit_text) for c in packaged}
    for expected in [
        ("about 6,700", "container"),
        ("more than three million", "shell"),
        ("500,000", "rocket"),
        ("at least several million", "shell"),
        ("hundreds", "factory"),
        ("approximately 30", "percent"),
        ("more than a million", "shell"),
        ("about three million", "shell"),
        ("1.5 million", "shell"),
        ("one million", "shell"),
        ("about four", "vessel"),
        ("about 180", "km"),
        ("about 25 billion", "USD/year"),
        ("several billion", "USD"),
        ("at least 7,000", "container"),
        ("approximately 7,000", "container"),
        ("over 9,000", "container"),
        ("three", "missile"),
    ]:
        assert expected in figures, expected


def _code_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in SOURCE_CODE)


def test_code_names_no_claim_or_source_of_the_packaged_data(packaged: Ledger) -> None:
    code = _code_text()
    names = [claim.id for claim in packaged] + list(packaged.sources)
    named = [name for name in names if re.search(rf"\b{re.escape(name)}\b", code)]
    assert not named, f"src/ names packaged claims or sources: {named}"


def test_code_names_no_figure_of_the_packaged_data(packaged: Ledger) -> None:
    code = _code_text()
    # Each stated number of 100 or more with two significant digits or more, as the code
    # would write it, grouped or plain (1.5 million is 1,500,000 or 1500000), and the
    # worked figures derived from them. Round numbers (1,000; 200,000) say nothing of the
    # data: limits and examples use them too.
    numbers = {
        written
        for claim in packaged
        if claim.figure.value is not None
        and abs(claim.figure.value) >= 100
        and len(f"{claim.figure.value:.0f}".rstrip("0")) >= 2
        for written in (f"{claim.figure.value:,.0f}", f"{claim.figure.value:.0f}")
    }
    derived = {"447.76", "74.63", "223.88", "37.4", "1.29", "43.56"}
    found = sorted(
        n
        for n in numbers | derived
        if re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d]|[.,]\d)", code)
    )
    assert not found, f"src/ names figures of the packaged data: {found}"
