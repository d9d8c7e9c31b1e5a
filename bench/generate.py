"""A realistic claims file (format 1) of N claims, for benchmarks: ``generate.py N OUT``.

Deterministic: the same N and ``--seed`` give the same bytes. What is in it:

- about N/5 sources: outlets, speakers with their roles, attribution chains (``via``), an
  Admiralty grade for some; published on days (a few on months) from mid-2022 to mid-2025;
- 26 flows (country pairs), a few of which carry most of the claims, as reporting does;
  above 10,000 claims, more flows between other exporters and importers, so that each
  flow keeps about the claims it has at 10,000 (see :func:`flows`; ``--dense`` does not);
- measures: containers, shells and rockets by calibre (152, 122, 130, 155, 105, 120 mm;
  122, 227, 240 mm rockets), shells and munitions with no calibre, missiles, drones, rail
  wagons, cargo vessels (a stock) and factory utilisation (a percentage);
- every hedge of the figure grammar (about, more than, up to, fewer than, almost,
  several, plurals, ranges, hedged ranges, number words, suffixes such as ``500k``);
- capacity conversions (``basis: capacity`` with ``converts``), estimates, and return
  flows given as a percentage of the outbound one (``relative_to``);
- ``since`` and ``as_of`` as days and months; many claims take ``as_of`` from their
  source's publication date, some state no ``since``.

Each quantity has a true cumulative flow: a constant rate per day from the flow's start.
Most figures are that truth, rounded and hedged honestly (the hedge's interval holds the
truth), so they agree with one another; conflicts come from what real files have: bare
figures that are really rounded, counts "since" a later month than the flow's start, and a
few misreports (a figure off by a factor). Quotes are invented plain sentences.

The 100k file is about 28 MB (the loader refuses files over 32 MiB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SEED = 20240227
FIRST_DAY = dt.date(2022, 6, 1)  # sources are published between these days
LAST_DAY = dt.date(2025, 6, 30)
CLAIMS_PER_SOURCE = 5

# Shares of claims, by what makes them agree or not.
MISREPORTED = 0.02  # the figure is off by a factor (a typo, a misread table, spin)
LATER_SINCE = 0.02  # counted since a later month than the flow's start
NO_SINCE = 0.15  # a cumulative count that does not say since when

COUNTRIES = {
    **{name: name.replace("-", " ").title() for name in ("saudi-arabia", "south-africa")},
    **{
        name: name.title()
        for name in (
            *("switzerland", "serbia", "romania", "slovakia", "brazil", "india", "australia"),
            *("belgium", "israel", "qatar", "egypt", "taiwan", "armenia", "azerbaijan"),
            *("myanmar", "sudan", "ethiopia", "mali", "iraq", "algeria", "morocco"),
            *("indonesia", "vietnam", "kazakhstan", "nigeria", "kenya", "colombia", "peru"),
            *("thailand", "bangladesh", "greece", "estonia"),
        )
    },
    "uae": "the UAE",
    "philippines": "the Philippines",
    "north-korea": "North Korea",
    "russia": "Russia",
    "iran": "Iran",
    "belarus": "Belarus",
    "china": "China",
    "syria": "Syria",
    "ukraine": "Ukraine",
    "us": "the United States",
    "eu": "the EU",
    "germany": "Germany",
    "uk": "Britain",
    "france": "France",
    "poland": "Poland",
    "czechia": "the Czech Republic",
    "netherlands": "the Netherlands",
    "norway": "Norway",
    "canada": "Canada",
    "italy": "Italy",
    "spain": "Spain",
    "turkey": "Turkey",
    "south-korea": "South Korea",
    "pakistan": "Pakistan",
    "japan": "Japan",
    "denmark": "Denmark",
    "sweden": "Sweden",
    "finland": "Finland",
    "bulgaria": "Bulgaria",
}

# What is counted: kind -> (measure, unit, nouns as quotes say them; {c} is the calibre).
SHELLS = "shells"
CONTAINERS = "containers"
KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "containers": (CONTAINERS, "container", ("containers", "shipping containers")),
    "shells": (SHELLS, "shell", ("artillery shells", "shells", "artillery rounds")),
    "shells-cal": (SHELLS, "shell", ("{c}mm artillery shells", "{c}mm shells", "{c}mm rounds")),
    "rockets-cal": ("rockets", "rocket", ("{c}mm rockets", "{c}mm rocket-launcher rounds")),
    "munitions": ("munitions", "round", ("munitions", "rounds of ammunition")),
    "missiles": ("ballistic missiles", "missile", ("ballistic missiles", "missiles")),
    "drones": ("attack drones", "drone", ("attack drones", "drones", "Shahed drones")),
    "wagons": ("rail wagons", "wagon", ("rail wagons", "railcars", "wagons")),
    "vessels": ("cargo vessels", "vessel", ("cargo vessels", "ships")),
    "utilisation": ("factory utilisation", "percent", ("percent",)),
}
# Rounds a container holds, by kind and calibre: what capacity conversions multiply by.
CAPACITY_PER_CONTAINER: dict[tuple[str, int | None], int] = {
    ("shells-cal", 152): 450,
    ("shells-cal", 122): 600,
    ("shells-cal", 155): 400,
    ("shells-cal", 130): 500,
    ("rockets-cal", 122): 75,
}


@dataclass(frozen=True)
class Quantity:
    """One thing counted on one flow, and its truth: a rate per day, or a stock."""

    kind: str
    calibre: int | None = None
    rate: float = 0.0  # per day, from the flow's start
    stock: float | None = None  # a level, not a cumulative count (vessels, percentages)

    @property
    def measure(self) -> str:
        return KINDS[self.kind][0]

    @property
    def unit(self) -> str:
        return KINDS[self.kind][1]


@dataclass
class Flow:
    origin: str
    destination: str
    start: dt.date  # the first of a month
    weight: float  # how much of the reporting is about it
    quantities: list[Quantity] = field(default_factory=list)

    def truth(self, quantity: Quantity, since: dt.date, day: dt.date) -> float:
        if quantity.stock is not None:
            return quantity.stock
        return quantity.rate * max((day - since).days, 0)


def _shells(total: float, split: dict[int, float], rockets: dict[int, float]) -> list[Quantity]:
    """Shells by calibre, shells with no calibre (their sum), rockets, munitions (all)."""
    found = [Quantity("shells-cal", calibre, total * share) for calibre, share in split.items()]
    found.append(Quantity("shells", rate=total))
    found += [Quantity("rockets-cal", calibre, rate) for calibre, rate in rockets.items()]
    found.append(Quantity("munitions", rate=total + sum(rockets.values())))
    return found


def _month(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


EASTERN = {152: 0.6, 122: 0.3, 130: 0.1}  # calibre: share of a flow's shells
NATO = {155: 0.8, 105: 0.15, 120: 0.05}


def _flow(pair: str, start: str, weight: float, quantities: list[Quantity]) -> Flow:
    origin, destination = pair.split(">")
    return Flow(origin, destination, _month(start), weight, quantities)


def _donor(total: float, calibres: dict[int, float] = NATO) -> list[Quantity]:
    return [
        *_shells(total, calibres, {}),
        Quantity("drones", rate=total / 40),
        Quantity("missiles", rate=total / 5000),
    ]


def flows(count: int, *, dense: bool = False) -> list[Flow]:
    """The flows a file of ``count`` claims reports on.

    Up to 10,000 claims: the 26 flows of the war in Ukraine. A larger file is a wider
    database, not a denser one: it adds other arms flows of the same years
    (:func:`wider_flows`) so that each flow gets as many claims as at 10,000. The number of
    pairs of claims on one quantity, and so of conflicts, then grows with the file rather
    than with its square. ``dense`` keeps the 26 flows at any size.
    """
    core = core_flows()
    if dense or count <= DENSITY:
        return core
    extra = round(len(core) * (count / DENSITY - 1))
    weight = sum(f.weight for f in core) / len(core)
    taken = {(f.origin, f.destination) for f in core}
    return core + wider_flows(extra, weight, taken)


DENSITY = 10_000  # claims on the 26 core flows, at most


def wider_flows(count: int, weight: float, taken: set[tuple[str, str]]) -> list[Flow]:
    """``count`` flows between other exporters and importers, each of ``weight``.

    Drawn with a generator of their own, so that they depend on nothing else.
    """
    rng = random.Random(count)
    pairs = [(e, i) for e in EXPORTERS for i in IMPORTERS if e != i and (e, i) not in taken]
    rng.shuffle(pairs)
    found = []
    for origin, destination in pairs[:count]:
        calibres = EASTERN if destination in EASTERN_USERS else NATO
        total = 10 ** rng.uniform(1.3, 3.3)  # 20 to 2,000 shells a day
        start = f"{rng.randint(2022, 2023)}-{rng.randint(1, 12):02d}"
        found.append(_flow(f"{origin}>{destination}", start, weight, _donor(total, calibres)))
    return found


EXPORTERS = (
    *("us", "russia", "france", "germany", "china", "italy", "uk", "spain", "israel"),
    *("south-korea", "turkey", "netherlands", "sweden", "switzerland", "norway", "poland"),
    *("czechia", "serbia", "bulgaria", "romania", "slovakia", "brazil", "india", "pakistan"),
    *("japan", "australia", "canada", "south-africa", "uae", "finland", "belgium", "iran"),
)
IMPORTERS = (
    *("ukraine", "israel", "india", "saudi-arabia", "qatar", "egypt", "taiwan", "poland"),
    *("armenia", "azerbaijan", "myanmar", "sudan", "ethiopia", "mali", "iraq", "algeria"),
    *("morocco", "indonesia", "philippines", "vietnam", "kazakhstan", "nigeria", "kenya"),
    *("colombia", "peru", "thailand", "bangladesh", "greece", "romania", "estonia"),
)
EASTERN_USERS = frozenset(
    (
        *("armenia", "azerbaijan", "myanmar", "sudan", "ethiopia", "mali", "algeria"),
        *("vietnam", "kazakhstan", "india", "iraq", "bangladesh"),
    )
)


def core_flows() -> list[Flow]:
    """The 26 flows, with rates in the range of what has been reported for each."""
    flow = _flow
    donor = _donor
    eastern = EASTERN
    return [
        flow(
            "north-korea>russia",
            "2023-08",
            20,
            [
                Quantity("containers", rate=37),
                *_shells(11_000, eastern, {122: 800, 240: 20}),
                Quantity("missiles", rate=0.35),
                Quantity("vessels", stock=4),
            ],
        ),
        flow("russia>north-korea", "2023-08", 3, [Quantity("containers", rate=37 * 1.3)]),
        flow(
            "iran>russia",
            "2022-08",
            8,
            [
                Quantity("drones", rate=12),
                Quantity("missiles", rate=0.4),
                *_shells(600, {152: 0.5, 122: 0.5}, {}),
                Quantity("containers", rate=6),
                Quantity("vessels", stock=2),
            ],
        ),
        flow(
            "belarus>russia",
            "2022-03",
            3,
            [*_shells(500, {152: 0.6, 122: 0.4}, {}), Quantity("wagons", rate=9)],
        ),
        flow(
            "china>russia",
            "2023-01",
            3,
            [
                Quantity("containers", rate=55),
                Quantity("wagons", rate=30),
                Quantity("drones", rate=5),
            ],
        ),
        flow("syria>russia", "2022-10", 1, _shells(150, {152: 0.5, 122: 0.5}, {})),
        flow(
            "us>ukraine",
            "2022-03",
            12,
            [*_shells(3_500, {155: 0.75, 105: 0.25}, {227: 15}), Quantity("missiles", rate=0.2)],
        ),
        flow("eu>ukraine", "2023-03", 8, _shells(1_100, {155: 0.9, 122: 0.05, 152: 0.05}, {})),
        flow("germany>ukraine", "2022-04", 5, donor(450)),
        flow("uk>ukraine", "2022-03", 4, donor(300)),
        flow("france>ukraine", "2022-05", 3, donor(250)),
        flow("poland>ukraine", "2022-03", 3, _shells(350, {155: 0.5, 152: 0.3, 122: 0.2}, {})),
        flow("czechia>ukraine", "2024-02", 5, _shells(1_800, {155: 0.5, 152: 0.3, 122: 0.2}, {})),
        flow("netherlands>ukraine", "2022-04", 2, donor(120)),
        flow("norway>ukraine", "2022-05", 1.5, donor(100)),
        flow("canada>ukraine", "2022-06", 1.5, donor(90)),
        flow("italy>ukraine", "2022-06", 1, donor(80)),
        flow("spain>ukraine", "2022-09", 1, donor(60)),
        flow("turkey>ukraine", "2022-05", 1.5, _shells(200, {155: 0.7, 105: 0.3}, {})),
        flow("south-korea>us", "2023-01", 4, _shells(1_200, {155: 1.0}, {})),
        flow("pakistan>ukraine", "2022-11", 1, _shells(120, {155: 0.5, 122: 0.5}, {})),
        flow("japan>us", "2024-01", 1, _shells(150, {155: 1.0}, {})),
        flow("denmark>ukraine", "2022-04", 1, donor(70)),
        flow("sweden>ukraine", "2023-01", 1, donor(70)),
        flow("finland>ukraine", "2022-06", 1, donor(60)),
        flow("bulgaria>ukraine", "2022-05", 2, _shells(400, {155: 0.3, 152: 0.4, 122: 0.3}, {})),
    ]


# Factory utilisation, a percentage of capacity, by country of the factories.
UTILISATION = {"north-korea": 30, "russia": 75, "iran": 60}

OUTLETS = (
    "Yonhap",
    "Reuters",
    "Associated Press",
    "AFP",
    "BBC",
    "Al Jazeera",
    "Bloomberg",
    "The Guardian",
    "NHK",
    "Kyodo",
    "The Kyiv Independent",
    "Ukrainska Pravda",
    "RFE/RL",
    "Politico",
    "Financial Times",
    "The Wall Street Journal",
    "The New York Times",
    "The Washington Post",
    "Der Spiegel",
    "Le Monde",
    "The Korea Herald",
    "Korea JoongAng Daily",
    "The Chosun Ilbo",
    "NK News",
    "Daily NK",
    "Radio Free Asia",
    "CNN",
    "Sky News",
    "Deutsche Welle",
    "Euronews",
    "Meduza",
    "Novaya Gazeta Europe",
    "Nikkei Asia",
    "South China Morning Post",
    "Defense News",
    "Breaking Defense",
    "The Economist",
    "EU Today",
    "Kommersant",
    "Iran International",
)
# Who speaks about which flows: "korea" those touching either Korea, "ukraine" those into
# Ukraine or Russia, "europe" the same, "any" every flow.
REGIONS: dict[str, Callable[[Flow], bool]] = {
    "korea": lambda f: "korea" in f.origin + f.destination,
    "ukraine": lambda f: f.destination in ("ukraine", "russia"),
    "europe": lambda f: f.destination in ("ukraine", "russia"),
    "any": lambda f: True,
}
# (speaker, role or None for a body, region, in office from, to)
SPEAKERS: tuple[tuple[str, str | None, str, str, str], ...] = (
    ("Shin Won-sik", "South Korean Defence Minister", "korea", "2023-10", "2024-09"),
    ("Kim Yong-hyun", "South Korean Defence Minister", "korea", "2024-09", "2024-12"),
    ("Yoo Sang-bum", "South Korean lawmaker", "korea", "2022-01", "2025-12"),
    ("Lee Seong-kweun", "South Korean lawmaker", "korea", "2022-01", "2025-12"),
    ("National Intelligence Service", None, "korea", "2022-01", "2025-12"),
    ("South Korea's Joint Chiefs of Staff", None, "korea", "2022-01", "2025-12"),
    ("Volodymyr Zelensky", "Ukrainian President", "ukraine", "2022-01", "2025-12"),
    ("Rustem Umerov", "Ukrainian Defence Minister", "ukraine", "2023-09", "2025-07"),
    ("Oleksii Reznikov", "Ukrainian Defence Minister", "ukraine", "2022-01", "2023-09"),
    ("Kyrylo Budanov", "Head of Ukrainian military intelligence", "ukraine", "2022-01", "2025-12"),
    ("Ukraine's General Staff", None, "ukraine", "2022-01", "2025-12"),
    ("John Kirby", "US National Security Council spokesman", "any", "2022-05", "2025-01"),
    ("Lloyd Austin", "US Defense Secretary", "any", "2022-01", "2025-01"),
    ("Antony Blinken", "US Secretary of State", "any", "2022-01", "2025-01"),
    ("the Pentagon", None, "any", "2022-01", "2025-12"),
    ("US officials", None, "any", "2022-01", "2025-12"),
    ("a senior US defence official", None, "any", "2022-01", "2025-12"),
    ("Jens Stoltenberg", "NATO Secretary General", "europe", "2022-01", "2024-09"),
    ("Mark Rutte", "NATO Secretary General", "europe", "2024-10", "2025-12"),
    ("Josep Borrell", "EU High Representative", "europe", "2022-01", "2024-11"),
    ("Thierry Breton", "EU Internal Market Commissioner", "europe", "2022-01", "2024-09"),
    ("Petr Pavel", "Czech President", "europe", "2023-03", "2025-12"),
    ("Boris Pistorius", "German Defence Minister", "europe", "2023-01", "2025-12"),
    ("Grant Shapps", "UK Defence Secretary", "europe", "2023-08", "2024-07"),
    ("Kaja Kallas", "Estonian Prime Minister", "europe", "2022-01", "2024-07"),
    ("Estonian Foreign Intelligence Service", None, "europe", "2022-01", "2025-12"),
    ("the Institute for the Study of War", None, "any", "2022-01", "2025-12"),
    ("Conflict Armament Research", None, "any", "2022-01", "2025-12"),
    ("the Royal United Services Institute", None, "any", "2022-01", "2025-12"),
)
VIAS = (
    ("Yonhap",),
    ("Reuters",),
    ("the Associated Press",),
    ("The Independent",),
    ("NIS briefing to lawmakers",),
    ("Yonhap", "NIS briefing to lawmakers"),
    ("Kyodo",),
    ("TASS",),
    ("NK News", "satellite imagery"),
    ("Ukrinform",),
    ("a government statement",),
)
GRADES = ("A1", "A2", "B1", "B2", "B2", "B3", "C2", "C3", "C3", "D4", "E5", "F6")
NOTES = (
    "The figure is the speaker's own estimate.",
    "Restates an earlier briefing.",
    "The text gives no period; as_of from the publication date.",
    "Said at a press conference.",
    "Translated from the Korean-language report.",
)

# Hedges, each: (share of figures, words). Exact and the vague quantities are added below.
ABOUT = ("about", "approximately", "around", "roughly", "some", "an estimated", "~")
MORE_THAN = ("more than", "over", "at least", "upwards of", "in excess of")
UP_TO = ("up to", "as many as", "at most", "no more than")
FEWER_THAN = ("fewer than", "less than", "under", "below")
ALMOST = ("almost", "nearly", "just under", "close to")
STYLES = (  # (style, weight)
    ("about", 30),
    ("more-than", 18),
    ("plus", 2),
    ("up-to", 7),
    ("fewer-than", 5),
    ("almost", 5),
    ("exact", 4),
    ("range", 7),
    ("about-range", 2),
    ("several", 4),
    ("more-than-several", 2),
    ("plural", 4),
    ("words", 5),
    ("suffix", 3),
)
ONES = (
    *("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
BIGS = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"))
PLURALS = (
    (100_000_000, "hundreds of millions"),
    (10_000_000, "tens of millions"),
    (1_000_000, "millions"),
    (100_000, "hundreds of thousands"),
    (10_000, "tens of thousands"),
    (1_000, "thousands"),
    (100, "hundreds"),
)
PLURAL_ENDINGS = tuple(words for _, words in PLURALS)
SEVERALS = (
    (1_000_000, "several million"),
    (100_000, "several hundred thousand"),
    (1_000, "several thousand"),
    (100, "several hundred"),
)


def _place(x: float, digits: int) -> float:
    """The place value of the ``digits``-th significant digit of ``x`` (x > 0), at least 1:
    counts are whole."""
    return max(10.0 ** (math.floor(math.log10(x)) - digits + 1), 1.0)


def _rounded(x: float, digits: int, how: Callable[[float], float] = round) -> float:
    place = _place(x, digits)
    return max(how(x / place), 1) * place


def _digits(x: float) -> str:
    """``x`` in digits with thousands separators, decimals only where it has them."""
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _scaled(x: float) -> str:
    """``1.5 million``, ``3 billion``; digits below a million."""
    for scale, word in BIGS[:2]:
        if x >= scale:
            return f"{_digits(round(x / scale, 3))} {word}"
    return _digits(x)


def _words(x: float) -> str | None:
    """``three million``, ``a million``, ``seven thousand``, ``forty``: None if not simple."""
    for scale, word in BIGS:
        if x >= scale and x % scale == 0 and x // scale < 10:
            count = int(x // scale)
            return f"{'a' if count == 1 else ONES[count]} {word}"
    if x < 20 and x == int(x) and x >= 1:
        return ONES[int(x)]
    if x < 100 and x % 10 == 0:
        return TENS[int(x) // 10]
    return None


def _suffix(x: float) -> str:
    for scale, letter in ((1_000_000_000, "bn"), (1_000_000, "M"), (1_000, "k")):
        if x >= scale:
            return f"{_digits(round(x / scale, 2))}{letter}"
    return _digits(x)


def _number(x: float, rng: random.Random) -> str:
    """A number as reporters write it: mostly digits, millions as ``1.5 million``."""
    if x >= 1_000_000 and rng.random() < 0.85:
        return _scaled(x)
    return _digits(x)


def figure(truth: float, rng: random.Random, *, percent: bool = False) -> str:
    """A figure whose hedge holds ``truth``: rounded the way reports round, honestly."""
    styles, weights = zip(*STYLES, strict=True)
    style = rng.choices(styles, weights)[0]
    if percent or truth < 20:
        style = rng.choice(("about", "about", "more-than", "up-to", "exact", "words"))
    digits = rng.choice((1, 2, 2, 2, 3)) if truth >= 100 else rng.choice((1, 2))
    if style == "about":
        return _hedged(rng.choice(ABOUT), _number(_rounded(truth, digits), rng))
    if style == "more-than":
        return f"{rng.choice(MORE_THAN)} {_number(_rounded(truth, digits, math.floor), rng)}"
    if style == "plus":
        return f"{_digits(_rounded(truth, digits, math.floor))}+"
    if style == "up-to":
        return f"{rng.choice(UP_TO)} {_number(_rounded(truth, digits, math.ceil), rng)}"
    if style == "fewer-than":
        high = _rounded(truth, digits, math.floor) + _place(truth, digits)
        return f"{rng.choice(FEWER_THAN)} {_number(high, rng)}"
    if style == "almost":
        return f"{rng.choice(ALMOST)} {_number(_rounded(truth, digits, math.ceil), rng)}"
    if style in ("range", "about-range") and truth >= 100:
        low = _rounded(truth * rng.uniform(0.7, 0.95), 2, math.floor)
        high = _rounded(truth * rng.uniform(1.05, 1.4), 2, math.ceil)
        if high > low:
            return _range(low, high, rng, hedged=style == "about-range")
    if style in ("several", "more-than-several"):
        for scale, words in SEVERALS:
            if 3 * scale <= truth <= 9 * scale:
                return f"at least {words}" if style == "more-than-several" else words
    if style == "plural":
        for scale, words in PLURALS:
            if 2 * scale <= truth < 1000 * scale:
                return words
    if style == "words":
        written = _words(_rounded(truth, 1))
        if written is not None:
            return f"{rng.choice(ABOUT[:4])} {written}" if rng.random() < 0.8 else written
    if style == "suffix" and truth >= 1000:
        if rng.random() < 0.5:
            return f"{rng.choice(ABOUT[:3])} {_suffix(_rounded(truth, 2))}"
        return f"{rng.choice(MORE_THAN[:2])} {_suffix(_rounded(truth, 2, math.floor))}"
    if style == "exact":
        return _number(_rounded(truth, rng.choice((2, 3))), rng)
    return _hedged(rng.choice(ABOUT), _number(_rounded(truth, digits), rng))


def _hedged(hedge: str, number: str) -> str:
    return f"{hedge}{number}" if hedge == "~" else f"{hedge} {number}"


def _range(low: float, high: float, rng: random.Random, *, hedged: bool) -> str:
    if high >= 1_000_000 and rng.random() < 0.7:  # "1.2-1.5 million"
        text = f"{_digits(round(low / 1e6, 3))}-{_digits(round(high / 1e6, 3))} million"
    else:
        text = rng.choice(
            (
                f"{_digits(low)}-{_digits(high)}",
                f"{_digits(low)} to {_digits(high)}",
                f"between {_digits(low)} and {_digits(high)}",
                f"{_digits(low)}–{_digits(high)}",
            )
        )
    return f"about {text}" if hedged and not text.startswith("between") else text


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.+–-]*")


def _scalar(text: str) -> str:
    """A YAML scalar: as is when plain, else double-quoted (JSON strings are valid YAML)."""
    if _PLAIN.fullmatch(text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def _day(day: dt.date, rng: random.Random, *, month_share: float) -> str:
    return day.strftime("%Y-%m") if rng.random() < month_share else day.isoformat()


@dataclass(frozen=True)
class When:
    """A claim's date and the start of the period it counts (None: it does not say)."""

    as_of: dt.date
    since: dt.date | None


@dataclass
class Source:
    id: str
    published: dt.date  # the as_of its claims default to (the last day of a month if so)
    as_of: dt.date  # the day its figures are for: published, or a briefing a little before
    flow: Flow  # what it is mostly about
    active: list[Flow]  # the flows it could turn to
    speaker: str | None
    lines: list[str]


class Generator:
    def __init__(self, count: int, seed: int, *, dense: bool = False) -> None:
        self.count = count
        self.rng = random.Random(seed)
        self.flows = flows(count, dense=dense)
        self.claim_lines: list[str] = []
        self.source_lines: list[str] = []
        self.claims = 0
        self.sources = 0

    # -- sources ---------------------------------------------------------------------

    def source(self) -> Source:
        """A source: published on some day, about one flow, by someone who speaks of it."""
        rng = self.rng
        self.sources += 1
        outlet = rng.choice(OUTLETS)
        words = re.findall(r"[a-z0-9]+", outlet.lower())
        slug = words[0] if len(words) == 1 else "".join(word[0] for word in words)
        source_id = f"{slug}-{self.sources}"
        day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
        published_text = _day(day, rng, month_share=0.04)
        if len(published_text) == 7:  # a month: its claims' as_of is the month's last day
            following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            day = following - dt.timedelta(days=1)
        as_of = day
        if rng.random() < 0.2:  # a briefing a day or three before publication
            as_of -= dt.timedelta(days=rng.randint(1, 3))
        active = [f for f in self.flows if (as_of - f.start).days > 45]
        flow = rng.choices(active, [f.weight for f in active])[0]
        lines = [
            f"- id: {source_id}",
            f"  outlet: {_scalar(outlet)}",
            f"  published: {published_text}",
        ]
        month = as_of.strftime("%Y-%m")
        speakers = [
            (name, role)
            for name, role, region, start, end in SPEAKERS
            if REGIONS[region](flow) and start <= month <= end
        ]
        speaker = None
        if speakers and rng.random() < 0.9:
            speaker, role = rng.choice(speakers)
            lines.append(f"  speaker: {_scalar(speaker)}")
            if role is not None:
                lines.append(f"  role: {_scalar(role)}")
        if rng.random() < 0.35:
            lines.append(f"  via: [{', '.join(_scalar(v) for v in rng.choice(VIAS))}]")
        if rng.random() < 0.3:
            lines.append(f"  grade: {rng.choice(GRADES)}")
        return Source(source_id, day, as_of, flow, active, speaker, lines)

    # -- claims ----------------------------------------------------------------------

    def run(self) -> str:
        while self.claims < self.count:
            source = self.source()
            self.source_lines += source.lines
            wanted = max(1, round(self.rng.expovariate(1 / CLAIMS_PER_SOURCE)))
            self.claims_of(source, min(wanted, self.count - self.claims))
        header = [
            "# A generated claims file for benchmarks (bench/generate.py): invented sources,",
            f"# quotes and figures. {self.count:,} claims, {self.sources:,} sources.",
            "format: 1",
            "sources:",
        ]
        return "\n".join([*header, *self.source_lines, "claims:", *self.claim_lines, ""])

    def claims_of(self, source: Source, wanted: int) -> None:
        """About one flow (sometimes two): the claims one article makes."""
        rng = self.rng
        flow = source.flow
        made = 0
        for _ in range(50 * wanted):  # a group may write nothing (no truth yet): try again
            if made >= wanted:
                break
            if rng.random() < 0.1:  # the article turns to another flow
                flow = rng.choices(source.active, [f.weight for f in source.active])[0]
            made += self.claim_group(source, flow, source.as_of, wanted - made)

    def claim_group(self, source: Source, flow: Flow, as_of: dt.date, room: int) -> int:
        """One claim, or a container count with what it converts to: the claims written."""
        rng = self.rng
        quantity = rng.choice(flow.quantities)
        if rng.random() < 0.03:
            return self.utilisation(source, flow, as_of)
        since: dt.date | None = flow.start
        if quantity.stock is not None or rng.random() < NO_SINCE:
            since = None
        truth_since = flow.start
        if since is not None and rng.random() < LATER_SINCE:
            months = rng.randint(2, max(2, (as_of - flow.start).days // 31 - 1))
            since = (flow.start + dt.timedelta(days=31 * months)).replace(day=1)
            truth_since = since
            if since >= as_of:
                since = truth_since = flow.start
        truth = flow.truth(quantity, truth_since, as_of)
        if truth < 1:
            return 0
        if rng.random() < MISREPORTED:
            truth *= rng.choice((0.4, 0.5, 0.6, 1.7, 2, 2.5))
        basis = "estimate" if rng.random() < 0.08 else None
        when = When(as_of, since)
        claim_id = self.claim(source, flow, quantity, figure(truth, rng), when, basis=basis)
        written = 1
        if quantity.kind == "containers" and room > 1:
            written += self.conversions(
                source, flow, when, containers_id=claim_id, containers=truth, room=room - 1
            )
        return written

    def conversions(
        self,
        source: Source,
        flow: Flow,
        when: When,
        *,
        containers_id: str,
        containers: float,
        room: int,
    ) -> int:
        """What a container count could hold, and the return flow as a percentage of it."""
        rng = self.rng
        written = 0
        convertible = [q for q in flow.quantities if (q.kind, q.calibre) in CAPACITY_PER_CONTAINER]
        if convertible and rng.random() < 0.45:
            for quantity in rng.sample(convertible, min(len(convertible), rng.choice((1, 1, 2)))):
                if written >= room:
                    break
                capacity = containers * CAPACITY_PER_CONTAINER[quantity.kind, quantity.calibre]
                self.claim(
                    source,
                    flow,
                    quantity,
                    figure(capacity, rng),
                    when,
                    basis="capacity",
                    converts=containers_id,
                )
                written += 1
        reverse = next(
            (f for f in self.flows if (f.origin, f.destination) == (flow.destination, flow.origin)),
            None,
        )
        if reverse is not None and written < room and rng.random() < 0.15:
            ratio = reverse.quantities[0].rate / flow.quantities[0].rate - 1
            self.claim(
                source,
                reverse,
                reverse.quantities[0],
                f"{rng.choice(ABOUT[:4])} {round(ratio * 100)}",
                when,
                relative_to=containers_id,
            )
            written += 1
        return written

    def utilisation(self, source: Source, flow: Flow, as_of: dt.date) -> int:
        level = UTILISATION.get(flow.origin)
        if level is None:
            return 0
        quantity = Quantity("utilisation", stock=level)
        text = figure(level, self.rng, percent=True)
        quote = f"munitions factories in {COUNTRIES[flow.origin]} are running at {text} percent"
        when = When(as_of, None)
        self.claim(source, flow, quantity, text, when, quote=quote, destination=False)
        return 1

    def claim(
        self,
        source: Source,
        flow: Flow,
        quantity: Quantity,
        text: str,
        when: When,
        *,
        basis: str | None = None,
        converts: str | None = None,
        relative_to: str | None = None,
        quote: str | None = None,
        destination: bool = True,
    ) -> str:
        rng = self.rng
        as_of, since = when.as_of, when.since
        self.claims += 1
        slug = quantity.measure.split()[-1] + (f"-{quantity.calibre}" if quantity.calibre else "")
        claim_id = f"c{self.claims}-{slug}"
        lines = [
            f"- id: {claim_id}",
            f"  source: {source.id}",
            f"  measure: {quantity.measure}",
        ]
        if quantity.calibre is not None:
            lines.append(f"  calibre: {quantity.calibre}{rng.choice((' mm', ' mm', 'mm', ''))}")
        lines.append(f"  origin: {flow.origin}")
        if destination:
            lines.append(f"  destination: {flow.destination}")
        unit = "percent" if relative_to is not None else quantity.unit
        lines += [f"  figure: {_scalar(text)}", f"  unit: {unit}"]
        if since is not None:
            lines.append(f"  since: {_day(since, rng, month_share=0.7)}")
        if as_of != source.published or rng.random() < 0.03:
            lines.append(f"  as_of: {as_of.isoformat()}")
        if basis is not None:
            lines.append(f"  basis: {basis}")
        if converts is not None:
            lines.append(f"  converts: {converts}")
        if relative_to is not None:
            lines.append(f"  relative_to: {relative_to}")
        if quote is None:
            quote = self.quote(
                source, flow, quantity, text, since=since, basis=basis, relative_to=relative_to
            )
        lines.append(f"  quote: {_scalar(quote)}")
        if rng.random() < 0.03:
            lines.append(f"  note: {_scalar(rng.choice(NOTES))}")
        self.claim_lines += lines
        return claim_id

    def quote(
        self,
        source: Source,
        flow: Flow,
        quantity: Quantity,
        text: str,
        *,
        since: dt.date | None,
        basis: str | None,
        relative_to: str | None,
    ) -> str:
        rng = self.rng
        origin = COUNTRIES[flow.origin]
        destination = COUNTRIES[flow.destination]
        noun = rng.choice(KINDS[quantity.kind][2]).format(c=quantity.calibre)
        if text.endswith(PLURAL_ENDINGS):  # "thousands of shells", "millions of rounds"
            noun = f"of {noun}"
        period = ""
        if since is not None and rng.random() < 0.6:  # else the article said it elsewhere
            period = f" since {since.strftime('%B %Y' if rng.random() < 0.3 else '%B')}"
        if relative_to is not None:
            hedge, _, number = text.rpartition(" ")
            larger = "smaller" if number.startswith("-") else "larger"
            return (
                f"the volume of containers shipped from {origin} to {destination} appeared "
                f"to be {hedge} {number.lstrip('-')} percent {larger} than those going back"
            )
        if basis == "capacity":
            verb = rng.choice(("could hold", "might carry", "are enough to carry"))
            return f"the containers {verb} {text} {noun}"
        if quantity.stock is not None:
            return f"imagery has shown {text} {noun} shuttling between {origin} and {destination}"
        who = source.speaker or "officials"
        templates = (
            f"{origin} has sent {text} {noun} to {destination}{period}",
            f"{text} {noun} have been delivered to {destination} by {origin}{period}",
            f"{destination} has received {text} {noun} from {origin}{period}",
            f"{who} said {text} {noun} had reached {destination}{period}",
        )
        if basis == "estimate":
            return f"we estimate that {text} {noun} have gone from {origin} to {destination}"
        sentence = rng.choice(templates)
        return sentence[0].upper() + sentence[1:]


def generate(count: int, seed: int = DEFAULT_SEED, *, dense: bool = False) -> str:
    """The text of a claims file of ``count`` claims (see :func:`flows` for ``dense``)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    return Generator(count, seed, dense=dense).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int, help="number of claims, e.g. 10000")
    parser.add_argument("out", type=Path, help="file to write ('-' for stdout)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--dense",
        action="store_true",
        help="keep the 26 flows at any size (claims per quantity, and conflicts, grow "
        "with the square of the file)",
    )
    args = parser.parse_args(argv)
    text = generate(args.count, args.seed, dense=args.dense)
    if str(args.out) == "-":
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        size = len(text.encode())
        print(f"{args.out}: {args.count:,} claims, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
