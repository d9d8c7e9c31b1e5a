"""Paths that were quadratic stay linear: the work counted (calls, not times) on generated
files of two sizes, where a return of the old path would grow it four-fold."""

from __future__ import annotations

import importlib
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from shellcount.analysis import mix, timeline
from shellcount.ledger.loader import load_claims
from shellcount.ledger.model import Ledger

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _generated(module: str, count: int, **options: Any) -> Ledger:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    generator = importlib.import_module(module)
    make = generator.generate if module == "generate" else generator.generate_text
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "claims.yaml"
        path.write_text(make(count, **options), encoding="utf-8")
        return load_claims(path)


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, calls: Counter[str]) -> None:
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


def test_mix_reads_the_ledger_once_not_once_per_mix(monkeypatch: pytest.MonkeyPatch) -> None:
    mixes: dict[int, int] = {}
    for count in (2_000, 4_000):
        ledger = _generated("generate", count)
        calls: Counter[str] = Counter()
        with monkeypatch.context() as patch:
            _counting(patch, Ledger, "__iter__", calls)
            mixes[count] = len(mix.analyse(ledger, 152, 122))
        # find_mixes reads it twice and the counts by flow once; a rescan per mix would
        # read it once per mix.
        assert calls["__iter__"] <= 3, (count, calls, mixes)
    assert mixes[4_000] > mixes[2_000] >= 3, mixes  # the mixes grow with the file


def test_a_timeline_step_takes_the_envelope_of_the_date_before_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On one quantity with a few dates, thousands of claims share each date: the envelope
    of the counts before is taken once per date, not once per claim."""
    for count in (500, 1_000):
        ledger = _generated("dense", count)
        calls: Counter[str] = Counter()
        with monkeypatch.context() as patch:
            _counting(patch, timeline, "envelope", calls)
            entries = timeline.timeline(list(ledger.claims))
        steps = sum(1 for entry in entries if entry.kind == "step")
        days = len({claim.as_of for claim in ledger.claims})
        assert steps > count / 2, steps
        assert calls["envelope"] <= days, (calls, days)


def _compare_peak_per_claim(count: int) -> float:
    """Python's peak allocation while ``compare`` loads and writes a dense file as CSV."""
    import gc
    import tracemalloc

    from shellcount.formats import csv_format
    from shellcount.ledger.loader import load_claims_text
    from shellcount.views.compare import compare_report

    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    text = importlib.import_module("dense").generate_text(count)
    gc.collect()
    tracemalloc.start()
    try:
        report = compare_report(load_claims_text(text, "dense.yaml"))
        written = sum(len(chunk) for chunk in csv_format.render_chunks(report))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > count * 100  # every claim has its row
    return peak / count


def test_compare_holds_a_few_kilobytes_per_claim_of_a_dense_file() -> None:
    """Measured, not timed: composing the whole file's YAML nodes (1 kB per scalar), a
    dictionary of field marks per claim, or a list of every named conflicting pair took
    11.5 kB a claim at 8,000 claims; reading claim by claim holds about 3.2 kB."""
    _compare_peak_per_claim(200)  # the registry, the readings and the caches, once
    per_claim = _compare_peak_per_claim(4_000)
    assert per_claim < 6_000, f"{per_claim:.0f} bytes per claim"
