"""Claims files that are hard on pairwise work, for benchmarks: ``dense.py N OUT``.

Two shapes, each deterministic for a seed (the same N and ``--seed``, the same bytes):

- ``one-quantity`` (the default): every claim counts one quantity (152 mm shells from one
  origin to one destination) on a few dates, its figure the truth scattered by a
  log-normal error (a factor of about 1.6 either way) and hedged as reports hedge
  (:func:`generate.figure`), so that many claims conflict with many others: the number of
  disagreeing pairs grows with the square of N. Some sources restate an earlier claim,
  some claims count since a later month, and a few state no ``since``.
- ``many-quantities``: the same kind of claims spread over many quantities of one measure
  (shells of several calibres between many origins and destinations, N/40 quantities),
  each with a handful of claims on many dates: what ``pool --measure shells`` draws from
  at once.

The realistic file, whose claims mostly agree, is ``generate.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
from pathlib import Path

import generate  # bench/generate.py, beside this file

SHAPES = ("one-quantity", "many-quantities")
START = dt.date(2023, 8, 1)
RATE = 11_000.0  # shells a day
SPREAD = 0.5  # sigma of the log-normal error
DATES = 6  # distinct dates of the one-quantity shape
CLAIMS_PER_SOURCE = 4
OUTLETS = generate.OUTLETS


def generate_text(count: int, seed: int = generate.DEFAULT_SEED, shape: str = SHAPES[0]) -> str:
    """The text of a claims file of ``count`` claims of the given shape."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}")
    rng = random.Random(seed)
    quantities = _quantities(count, shape, rng)
    days = _days(shape, rng)
    sources: list[str] = []
    claims: list[str] = []
    made = 0
    ids_by_quantity: dict[int, list[str]] = {}
    while made < count:
        number = len(sources) // 3 + 1
        outlet = rng.choice(OUTLETS)
        day = rng.choice(days)
        source_id = f"s{number}"
        sources += [f"- id: {source_id}", f"  outlet: {generate._scalar(outlet)}"]
        sources.append(f"  published: {day.isoformat()}")
        for _ in range(min(max(1, round(rng.expovariate(1 / CLAIMS_PER_SOURCE))), count - made)):
            made += 1
            which = rng.randrange(len(quantities))
            origin, destination, calibre, rate = quantities[which]
            claim_id = f"c{made}"
            since: dt.date | None = START
            if rng.random() < 0.1:
                since = None
            elif rng.random() < 0.1:
                since = dt.date(2023, rng.randint(9, 12), 1)
            truth = rate * max((day - (since or START)).days, 1)
            truth *= math.exp(rng.gauss(0, SPREAD))
            text = generate.figure(truth, rng)
            lines = [
                f"- id: {claim_id}",
                f"  source: {source_id}",
                "  measure: shells",
                f"  calibre: {calibre}",
                f"  origin: {origin}",
                f"  destination: {destination}",
                f"  figure: {generate._scalar(text)}",
                "  unit: shell",
            ]
            if since is not None:
                lines.append(f"  since: {since.isoformat()}")
            earlier = ids_by_quantity.setdefault(which, [])
            if earlier and rng.random() < 0.03:
                lines.append(f"  restates: {rng.choice(earlier)}")
            words = f"{text} {calibre}mm shells had reached {generate.COUNTRIES[destination]}"
            lines.append(f"  quote: {generate._scalar(words[0].upper() + words[1:])}")
            earlier.append(claim_id)
            claims += lines
    header = [
        f"# A generated claims file for benchmarks (bench/dense.py, {shape}): invented",
        f"# sources and figures. {count:,} claims.",
        "format: 1",
        "sources:",
    ]
    return "\n".join([*header, *sources, "claims:", *claims, ""])


def _quantities(count: int, shape: str, rng: random.Random) -> list[tuple[str, str, int, float]]:
    if shape == "one-quantity":
        return [("north-korea", "russia", 152, RATE)]
    wanted = max(1, count // 40)
    found = []
    for origin in generate.EXPORTERS:
        for destination in generate.IMPORTERS:
            for calibre in (152, 122, 155):
                if origin != destination:
                    found.append((origin, destination, calibre, 10 ** rng.uniform(1.3, 3.3)))
    rng.shuffle(found)
    return found[:wanted]


def _days(shape: str, rng: random.Random) -> list[dt.date]:
    if shape == "one-quantity":
        return sorted(START + dt.timedelta(days=rng.randint(150, 700)) for _ in range(DATES))
    return [START + dt.timedelta(days=day) for day in range(150, 700)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int, help="number of claims, e.g. 10000")
    parser.add_argument("out", type=Path, help="file to write ('-' for stdout)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="random seed")
    parser.add_argument("--shape", choices=SHAPES, default=SHAPES[0], help="see the module")
    args = parser.parse_args(argv)
    text = generate_text(args.count, args.seed, args.shape)
    if str(args.out) == "-":
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        size = len(text.encode()) / 1e6
        print(f"{args.out}: {args.count:,} claims, {size:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
