"""Claims files for pool at scale, written by the pool scale tests and timed by hand.

``one_quantity(n)``: n claims on one quantity (one pool of n components, n statements,
n / 4 sources, a few dates, scattered hedged figures, some restatements, some methods).
``many_quantities(n)``: n claims on one measure spread over n / 4 quantities (an origin
each), so one run pools many small quantities.

    python tests/pool_cases.py one 10000 out.yaml
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import yaml

DATES = ("2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30")
CLAIMS_PER_SOURCE = 4


def _figure(rng: random.Random) -> str:
    value = rng.randrange(1_000, 9_000) * 1_000
    kind = rng.randrange(5)
    if kind == 0:
        return f"about {value:,}"
    if kind == 1:
        return f"more than {value:,}"
    if kind == 2:
        return f"{value:,}-{value * 2:,}"
    if kind == 3:
        return f"up to {value:,}"
    return f"{value:,}"


def _document(count: int, origin_of: Any, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    sources = []
    claims: list[dict[str, Any]] = []
    for index in range(count):
        source = f"s{index // CLAIMS_PER_SOURCE}"
        if index % CLAIMS_PER_SOURCE == 0:
            grade = rng.choice(["A1", "B2", "C3", None])
            entry: dict[str, Any] = {"id": source, "outlet": f"Outlet {source}"}
            entry["published"] = "2024-05-01"
            if grade:
                entry["grade"] = grade
            sources.append(entry)
        claim: dict[str, Any] = {
            "id": f"c{index}",
            "source": source,
            "measure": "shells",
            "figure": _figure(rng),
            "unit": "shell",
            "origin": origin_of(index),
            "destination": "lemuria",
            "since": "2023-09-01",
            "as_of": rng.choice(DATES),
            "quote": f"the words behind c{index}",
        }
        if rng.random() < 0.2:
            claim["method"] = f"method-{rng.randrange(5)}"
        # Some claims restate the one before them (same source, same quantity).
        if index % CLAIMS_PER_SOURCE == 3 and origin_of(index) == origin_of(index - 1):
            claim["restates"] = f"c{index - 1}"
        claims.append(claim)
    return {"format": 1, "sources": sources, "claims": claims}


def one_quantity(count: int, seed: int = 1) -> str:
    """n claims on one quantity: one pool of n."""
    return yaml.safe_dump(_document(count, lambda index: "atlantis", seed), sort_keys=False)


def many_quantities(count: int, seed: int = 1) -> str:
    """n claims on one measure, four to a quantity: n / 4 pools."""
    document = _document(count, lambda index: f"origin-{index // CLAIMS_PER_SOURCE}", seed)
    return yaml.safe_dump(document, sort_keys=False)


if __name__ == "__main__":
    kind, size, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    make = one_quantity if kind == "one" else many_quantities
    out.write_text(make(size), encoding="utf-8")
