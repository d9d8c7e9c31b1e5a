"""Shared fixtures: a neutral terminal, the packaged claims, a runner, a sample report."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from shellcount.cli import app
from shellcount.formats.report import Column, Report, Row
from shellcount.ledger.loader import load_claims, packaged_claims_path
from shellcount.ledger.model import Ledger

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def neutral_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same output on every machine: fixed width, no colour, no inherited claims file."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("SHELLCOUNT_CLAIMS", raising=False)


def pytest_configure(config: pytest.Config) -> None:
    """The cache in a folder of the run's own, never the user's: set before collection,
    since test modules read the readings and units as they are imported."""
    os.environ["SHELLCOUNT_CACHE_DIR"] = tempfile.mkdtemp(prefix="shellcount-test-cache-")
    os.environ.pop("SHELLCOUNT_NO_CACHE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("SHELLCOUNT_CACHE_DIR", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def packaged() -> Ledger:
    return load_claims(packaged_claims_path())


SEEDS_ONLY = """\
# The packaged ledger's claims from the five seed articles only (its sources with a
# `document`), written by tests/conftest.py: the figures design.md works through.
"""


def seeds_only_text() -> str:
    """The packaged ledger cut down to the five seed articles: the sources that name a
    local `document`, their claims, and only the references that stay inside them."""
    import yaml

    document = yaml.safe_load(packaged_claims_path().read_text(encoding="utf-8"))
    sources = [s for s in document["sources"] if s.get("document")]
    kept = {s["id"] for s in sources}
    claims = [dict(c) for c in document["claims"] if c["source"] in kept]
    ids = {c["id"] for c in claims}
    for claim in claims:
        for name in ("restates", "converts", "relative_to"):
            if claim.get(name) and claim[name] not in ids:
                del claim[name]
    cut = {"format": 1, "sources": sources, "claims": claims}
    return SEEDS_ONLY + yaml.safe_dump(cut, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The path of the seed-articles ledger (see ``seeds_only_text``)."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.yaml"
    path.write_text(seeds_only_text(), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="session")
def other_flow() -> Ledger:
    return load_claims(DATA / "other_flow.yaml")


class Shell:
    """Runs the CLI in-process and keeps stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(app, list(args), env=env)


@pytest.fixture
def shellcount() -> Shell:
    return Shell()


@pytest.fixture
def sample_report() -> Report:
    """One report every formatter is tested on: a section, an open bound, hostile text."""
    fields = ("claim_id", "quote", "low", "high", "per_container_nominal")
    columns = (Column("claim", "Claim"), Column("quote", "Quote"), Column("range", "Range", True))
    rows = (
        Row(
            {"claim_id": "a", "quote": "about 6,700", "low": 6650, "high": 6750,
             "per_container_nominal": 447.76},
            {"claim": "a", "quote": "about 6,700", "range": "[6,650, 6,750]"},
            section="containers",
            working=("step one", "step two"),
        ),
        Row(
            {"claim_id": "b", "quote": "[bold red]loud[/] | *x*", "low": 3000000, "high": None,
             "per_container_nominal": None},
            {"claim": "b", "quote": "[bold red]loud[/] | *x*", "range": "[3,000,000, open)"},
            section="shells",
        ),
    )  # fmt: skip
    return Report("Sample", fields, columns, rows, notes=("a note",))


def original(cell: str) -> str:
    """A CSV text cell read back: one leading neutralising ``'`` taken off, as the CSV
    format's documentation tells a reader to do."""
    return cell.removeprefix("'")


def matches_golden(name: str, text: str) -> bool:
    """Compare with ``tests/golden/NAME``; ``SHELLCOUNT_UPDATE_GOLDEN=1`` rewrites it."""
    import os

    path = GOLDEN / name
    if os.environ.get("SHELLCOUNT_UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
    return path.read_bytes().decode("utf-8") == text
