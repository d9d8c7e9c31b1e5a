"""Pool stays near linear: work counted (not timed) on generated files of two sizes, a
quarter and the whole, must grow about fourfold, not sixteenfold.

Two shapes (tests/pool_cases.py): one quantity of many claims (one pool, a leave-out per
statement: read off the whole pool, not drawn again), and many small quantities of one
measure (a pool each: one set of sorted uniforms for all of them)."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pool_cases
from conftest import Shell
from shellcount.analysis import mixture, pool_weights
from shellcount.analysis.pool import Selection, Settings, pool
from shellcount.formats import OutputFormat, render
from shellcount.ledger.loader import load_claims
from shellcount.views.pool import pool_result_report

SMALL, LARGE = 200, 800  # claims: four times as many
SAMPLES = 500
LINEAR = 6.0  # the ratio allowed for 4x the claims: 4 and a log's worth; quadratic is 16


def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the Monte Carlo core's work: components tabulated, distribution functions
    read, claims weighed, sets of sorted uniforms drawn."""
    work: Counter[str] = Counter()

    def wrap(owner: Any, name: str, measure: Callable[..., int]) -> None:
        original = getattr(owner, name)

        def counting(*args: Any, **kwargs: Any) -> Any:
            work[name] += measure(*args, **kwargs)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counting)

    wrap(mixture.Mixture, "__init__", lambda self, ranges, weights, span=None: len(ranges))
    wrap(mixture.Mixture, "level", lambda *args: 1)
    wrap(mixture.OrderStatistics, "__init__", lambda self, samples, seed: 1)
    wrap(pool_weights, "weigh", lambda ledger, carried, settings: len(carried))
    return work


def python_calls(action: Callable[[], object]) -> int:
    """How many Python and built-in function calls ``action`` makes (a scan inside a
    loop shows as calls per item)."""
    calls = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


def measured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, make: Callable[[int], str], count: int
) -> tuple[Counter[str], int]:
    path = tmp_path / f"{make.__name__}-{count}.yaml"
    path.write_text(make(count), encoding="utf-8")
    ledger = load_claims(path)
    settings = Settings(samples=SAMPLES)
    with monkeypatch.context() as patched:
        work = counted(patched)
        result = pool(ledger, Selection("shells"), settings)
    assert work["__init__"] > 0

    def view_and_csv() -> None:
        render(pool_result_report(ledger, result), OutputFormat.CSV)

    return work, python_calls(view_and_csv)


@pytest.mark.parametrize("make", [pool_cases.one_quantity, pool_cases.many_quantities])
def test_pool_work_grows_linearly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, make: Callable[[int], str]
) -> None:
    small, small_calls = measured(monkeypatch, tmp_path, make, SMALL)
    large, large_calls = measured(monkeypatch, tmp_path, make, LARGE)
    report = (
        f"{make.__name__}: {dict(small)} -> {dict(large)}; calls {small_calls} -> {large_calls}"
    )
    for name in ("__init__", "level", "weigh"):
        assert large[name] <= LINEAR * max(small[name], 1), report
    assert large_calls <= LINEAR * small_calls, report


def test_many_quantities_share_one_set_of_uniforms(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(pool_cases.many_quantities(SMALL), encoding="utf-8")
    ledger = load_claims(path)
    drawn: list[int] = []
    original = mixture.OrderStatistics.__init__

    def counting(self: mixture.OrderStatistics, samples: int, seed: int) -> None:
        drawn.append(samples)
        original(self, samples, seed)

    monkeypatch.setattr(mixture.OrderStatistics, "__init__", counting)
    result = pool(ledger, Selection("shells"), Settings(samples=SAMPLES))
    assert len(result.quantities) == SMALL // pool_cases.CLAIMS_PER_SOURCE
    assert drawn == [SAMPLES]


def table_bytes(shellcount: Shell, tmp_path: Path, make: Callable[[int], str], count: int) -> int:
    path = tmp_path / f"{make.__name__}-{count}.yaml"
    path.write_text(make(count), encoding="utf-8")
    result = shellcount("pool", "--claims", str(path), "-m", "shells", "--samples", "200")
    assert result.exit_code == 0, result.output
    return len(result.stdout.encode("utf-8"))


@pytest.mark.parametrize("make", [pool_cases.one_quantity, pool_cases.many_quantities])
def test_the_table_grows_with_its_rows(
    shellcount: Shell, tmp_path: Path, make: Callable[[int], str]
) -> None:
    """A row naming every claim would widen every row of the table to its width."""
    small = table_bytes(shellcount, tmp_path, make, SMALL)
    large = table_bytes(shellcount, tmp_path, make, LARGE)
    assert large <= 4.5 * small, (small, large)


def test_a_row_names_ten_claims_and_counts_the_rest(shellcount: Shell, tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(pool_cases.one_quantity(40), encoding="utf-8")
    result = shellcount(
        "pool", "--claims", str(path), "-m", "shells", "--samples", "50", "-f", "markdown"
    )
    assert result.exit_code == 0, result.output
    envelope = next(line for line in result.stdout.splitlines() if line.startswith("| envelope"))
    named = " ".join(f"c{n}" for n in range(10))
    assert f"| {named} and 30 more |" in envelope, envelope
    csv = shellcount("pool", "--claims", str(path), "-m", "shells", "--samples", "50", "-f", "csv")
    row = next(line for line in csv.stdout.splitlines() if line.startswith("envelope,"))
    assert " ".join(f"c{n}" for n in range(40)) in row, row  # machines get every id
