"""The benchmarks' inputs: generated claims files load cleanly, the same every time, and
read like real reporting; the start-up floor is the app the issue describes."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from shellcount.ledger import lint
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.loader import load_claims

BENCH = Path(__file__).resolve().parents[1] / "bench"
pytestmark = pytest.mark.skipif(not BENCH.is_dir(), reason="bench/ is not in this tree")


def _generate_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "claims.yaml"
    path.write_text(_generate_module().generate(1_500), encoding="utf-8")
    return path


def test_a_generated_file_has_no_errors(generated: Path) -> None:
    problems = lint.check_file(generated)
    assert [p for p in problems if p.level == lint.ERROR] == []


def test_a_generated_file_reads_like_reporting(generated: Path) -> None:
    ledger = load_claims(generated)
    claims = ledger.claims
    assert len(claims) == 1_500
    assert 200 <= len(ledger.sources) <= 400  # about one source for five claims
    assert len({(c.origin, c.destination) for c in claims}) >= 20
    assert {c.basis for c in claims} == set(Basis)
    assert any(c.converts for c in claims)
    assert any(c.relative_to for c in claims)
    assert any(c.since is None for c in claims)
    assert len({c.calibre_mm for c in claims}) >= 6
    hedges = {c.figure.hedge for c in claims}
    for hedge in ("about", "more-than", "up-to", "fewer-than", "almost", "several", "plural"):
        assert hedge in hedges
    assert None in hedges  # bare figures too


def test_generation_is_deterministic() -> None:
    generate = _generate_module().generate
    assert generate(300) == generate(300)
    assert generate(300) != generate(300, seed=1)


def test_the_floor_has_the_options_of_compare() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "floor.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--claims" in done.stdout
    assert "--format" in done.stdout
    source = (BENCH / "floor.py").read_text(encoding="utf-8")
    assert "import pint" in source
    assert "import yaml" in source


@pytest.mark.parametrize("shape", ["one-quantity", "many-quantities"])
def test_a_dense_file_has_no_errors_and_is_the_same_every_time(shape: str, tmp_path: Path) -> None:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # dense.py imports generate.py beside it
    import dense

    text = dense.generate_text(800, shape=shape)
    assert dense.generate_text(800, shape=shape) == text
    path = tmp_path / "dense.yaml"
    path.write_text(text, encoding="utf-8")
    problems = lint.check_file(path)
    assert [p for p in problems if p.level == lint.ERROR] == []
    ledger = load_claims(path)
    quantities = {claim.quantity for claim in ledger.claims}
    dates = {claim.as_of for claim in ledger.claims}
    if shape == "one-quantity":
        assert (len(quantities), len(dates)) == (1, dense.DATES)
    else:
        assert len(quantities) == 800 // 40
        assert {measure for measure, *_ in quantities} == {"shells"}
