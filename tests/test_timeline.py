"""Counts over time (timeline) and the container count each munitions claim is divided by
(per_container), on small claims files written for each test."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from shellcount.analysis.per_container import Method, PerContainerDeriver
from shellcount.analysis.series import CountSeries
from shellcount.arithmetic import units
from shellcount.formats.numbers import rounded
from shellcount.ledger.loader import load_claims
from shellcount.ledger.model import Claim, Ledger
from shellcount.views import words

INF = math.inf
D = dt.date.fromisoformat


def containers(claim_id: str, source: str, figure: str, as_of: str, **extra: Any) -> dict:
    return {
        "id": claim_id,
        "source": source,
        "measure": "containers",
        "figure": figure,
        "unit": "container",
        "as_of": as_of,
        **extra,
    }


def shells(claim_id: str, source: str, figure: str, as_of: str, **extra: Any) -> dict:
    return {
        "id": claim_id,
        "source": source,
        "measure": "shells",
        "figure": figure,
        "unit": "shell",
        "as_of": as_of,
        **extra,
    }


def write_ledger(tmp_path: Path, *claims: dict, published: dict[str, str] | None = None) -> Ledger:
    """A claims file with the given claims (a default flow and quote filled in), one source
    per source id named (published 2024-02-27 unless ``published`` says otherwise)."""
    published = published or {}
    source_ids = dict.fromkeys(c["source"] for c in claims)
    document = {
        "format": 1,
        "sources": [
            {"id": s, "outlet": f"Outlet {s}", "published": published.get(s, "2024-02-27")}
            for s in source_ids
        ],
        "claims": [
            {
                "origin": "north-korea",
                "destination": "russia",
                "quote": f"the words behind {c['id']}",
                **{k: v for k, v in c.items() if v is not None},
            }
            for c in claims
        ],
    }
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    # The series arithmetic is under test, not the reading of hedges: in the literal
    # reading a bare figure is exact and "about" half a place value each way.
    return load_claims(path, reading="literal")


def series_of(ledger: Ledger) -> CountSeries:
    return CountSeries(c for c in ledger if c.counts_containers)


def ends(interval: Any) -> tuple[float, float, bool, bool]:
    return (interval.low, interval.high, interval.low_excluded, interval.high_excluded)


def approx_ends(low: float, high: float) -> tuple[object, object, bool, bool]:
    return (pytest.approx(low), high if math.isinf(high) else pytest.approx(high), False, False)


def ids(claims: tuple[Claim, ...]) -> list[str]:
    return [c.id for c in claims]


# --- the design's worked figure -----------------------------------------------------------


@pytest.fixture
def shin(tmp_path: Path) -> Ledger:
    """About 6,700 containers since September 2023, as of 2024-02-27."""
    return write_ledger(
        tmp_path, containers("shin", "mod", "about 6,700", "2024-02-27", since="2023-09")
    )


def test_series_points_are_zero_at_since_and_the_interval_at_as_of(shin: Ledger) -> None:
    series = series_of(shin)
    assert bool(series)
    assert series.unit == units.parse_unit("container")
    assert [p.day for p in series.points] == [D("2023-09-01"), D("2024-02-27")]
    start, end = series.points
    assert (ends(start.interval), start.nominal) == ((0, 0, False, False), 0)
    assert (ids(start.claims), ids(start.starts)) == ([], ["shin"])
    assert (ends(end.interval), end.nominal) == ((6650, 6750, False, False), 6700)
    assert (ids(end.claims), ids(end.starts)) == (["shin"], [])
    assert words.point_text(start) == "2023-09-01 (shin starts)"


def test_design_worked_figure_read_on_2023_11_01(shin: Ledger) -> None:
    reading = series_of(shin).at(D("2023-11-01"))
    assert reading is not None
    assert reading.fraction == 61 / 179
    assert ends(reading.amount.interval) == approx_ends(6650 * 61 / 179, 6750 * 61 / 179)
    assert reading.amount.nominal == pytest.approx(6700 * 61 / 179)
    assert reading.amount.unit == units.parse_unit("container")
    assert (reading.before.day, reading.after and reading.after.day) == (
        D("2023-09-01"),
        D("2024-02-27"),
    )
    assert ids(reading.claims) == ["shin"]
    assert words.reading_text(reading) == (
        "0.341 of the way from 2023-09-01 (shin starts) to 2024-02-27 (shin)"
    )


def test_design_rate_is_37_4_containers_a_day(shin: Ledger) -> None:
    series = series_of(shin)
    first = series.at(D("2023-09-02"))
    assert first is not None
    assert first.amount.nominal is not None
    assert round(first.amount.nominal, 1) == 37.4
    assert first.amount.nominal == pytest.approx(6700 / 179)


@pytest.mark.parametrize(
    ("day", "interval", "nominal"),
    [("2024-02-27", (6650, 6750), 6700), ("2023-09-01", (0, 0), 0)],
)
def test_reading_exactly_on_a_point(
    shin: Ledger, day: str, interval: tuple[float, float], nominal: float
) -> None:
    reading = series_of(shin).at(D(day))
    assert reading is not None
    assert reading.after is None
    assert reading.fraction == 0
    assert reading.before.day == D(day)
    assert ends(reading.amount.interval) == (*interval, False, False)
    assert reading.amount.nominal == nominal
    assert ids(reading.claims) == ["shin"]
    assert words.reading_text(reading).startswith(f"the count on {day} (shin")


@pytest.mark.parametrize("day", ["2023-08-31", "2020-01-01", "2024-02-28", "2030-01-01"])
def test_outside_the_points_is_unknown(shin: Ledger, day: str) -> None:
    assert series_of(shin).at(D(day)) is None


def test_empty_series_reads_nothing() -> None:
    series = CountSeries([])
    assert not series
    assert series.unit is None
    assert series.points == []
    assert series.at(D("2024-01-01")) is None


def test_claims_without_a_date_are_left_out(tmp_path: Path) -> None:
    ledger = write_ledger(
        tmp_path,
        containers("undated", "eutoday", "7,000", None),
        published={"eutoday": "unknown"},
    )
    assert ledger.claim("undated").as_of is None
    series = series_of(ledger)
    assert not series
    assert series.at(D("2024-02-27")) is None


# --- merging and interpolating ---------------------------------------------------------


def test_two_claims_on_one_day_merge_into_hull_and_mean(tmp_path: Path) -> None:
    ledger = write_ledger(
        tmp_path,
        containers("a", "mod", "about 6,700", "2024-02-27", since="2023-09"),
        containers("b", "headline", "7,000", "2024-02-27", since="2023-09"),
    )
    series = series_of(ledger)
    assert [p.day for p in series.points] == [D("2023-09-01"), D("2024-02-27")]
    start, end = series.points
    assert ids(start.starts) == ["a", "b"]
    assert (ends(start.interval), start.nominal) == ((0, 0, False, False), 0)
    assert ids(end.claims) == ["a", "b"]
    assert ends(end.interval) == (6650, 7000, False, False)
    assert end.nominal == 6850
    assert words.point_text(end) == "2024-02-27 (a, b)"

    on_day = series.at(D("2024-02-27"))
    assert on_day is not None
    assert (ends(on_day.amount.interval), on_day.amount.nominal) == (
        (6650, 7000, False, False),
        6850,
    )
    between = series.at(D("2023-11-01"))
    assert between is not None
    assert ends(between.amount.interval) == approx_ends(6650 * 61 / 179, 7000 * 61 / 179)
    assert between.amount.nominal == pytest.approx(6850 * 61 / 179)
    assert ids(between.claims) == ["a", "b"]


def test_a_same_day_count_without_a_stated_number_has_no_mean(tmp_path: Path) -> None:
    ledger = write_ledger(
        tmp_path,
        containers("a", "mod", "about 6,700", "2024-02-27", since="2023-09"),
        containers("b", "other", "thousands", "2024-02-27", since="2023-09"),
    )
    end = series_of(ledger).points[-1]
    assert end.nominal is None
    assert end.interval.low == 2000
    reading = series_of(ledger).at(D("2023-11-01"))
    assert reading is not None
    assert reading.amount.nominal is None


def test_interpolation_between_two_counts_each_end_separately(tmp_path: Path) -> None:
    ledger = write_ledger(
        tmp_path,
        containers("a", "gazette", "about 1,200", "2022-04-01", since="2022-03-01"),
        containers("b", "herald", "about 2,400", "2022-05-01", since="2022-03-01"),
    )
    series = series_of(ledger)
    assert [p.day for p in series.points] == [D("2022-03-01"), D("2022-04-01"), D("2022-05-01")]
    quarter = series.at(D("2022-04-08"))  # 7 of 30 days
    assert quarter is not None
    assert quarter.fraction == 7 / 30
    low = 1150 + (2350 - 1150) * 7 / 30
    high = 1250 + (2450 - 1250) * 7 / 30
    assert ends(quarter.amount.interval) == approx_ends(low, high)
    assert quarter.amount.nominal == pytest.approx(1200 + 1200 * 7 / 30)
    assert ids(quarter.claims) == ["a", "b"]
    # Before the first count, the reading runs from the shared zero.
    early = series.at(D("2022-03-16"))
    assert early is not None
    assert ids(early.claims) == ["a", "b"]  # the zero is where a and b start
    assert ends(early.amount.interval) == approx_ends(1150 * 15 / 31, 1250 * 15 / 31)


def test_an_open_high_end_stays_open(tmp_path: Path) -> None:
    ledger = write_ledger(
        tmp_path,
        containers("a", "gazette", "about 1,200", "2022-04-01", since="2022-03-01"),
        containers("b", "herald", "at least 2,400", "2022-05-01", since="2022-03-01"),
    )
    series = series_of(ledger)
    halfway = series.at(D("2022-04-16"))
    assert halfway is not None
    assert halfway.fraction == 0.5
    assert ends(halfway.amount.interval) == approx_ends(1775, INF)
    assert halfway.amount.interval.is_open
    assert halfway.amount.nominal == 1800  # as tests/data/other_flow.yaml says
    on_point = series.at(D("2022-05-01"))
    assert on_point is not None
    assert ends(on_point.amount.interval) == (2400, INF, False, False)
    # Before the open count the series is still closed.
    before = series.at(D("2022-03-20"))
    assert before is not None
    assert not before.amount.interval.is_open


def test_open_and_closed_counts_on_one_day_merge_open(tmp_path: Path) -> None:
    ledger = write_ledger(
        tmp_path,
        containers("a", "mod", "about 6,700", "2024-02-27", since="2023-09"),
        containers("b", "other", "more than 7,000", "2024-02-27", since="2023-09"),
    )
    end = series_of(ledger).points[-1]
    assert ends(end.interval) == (6650, INF, False, False)
    assert end.nominal == 6850


# --- per container: which count, and the claims used ------------------------------------


def methods_ledger(tmp_path: Path) -> Ledger:
    """Gazette (A) and Courier (C) both count containers on 2022-04-01, Herald (B) on
    2022-05-01; the munitions claims exercise each rule."""
    return write_ledger(
        tmp_path,
        containers("a-containers", "gazette", "about 1,200", "2022-04-01", since="2022-03-01"),
        containers("c-containers", "courier", "1,300", "2022-04-01", since="2022-03-01"),
        containers("b-containers", "herald", "at least 2,400", "2022-05-01", since="2022-03-01"),
        # converts beats a same-source, same-date count (a-containers) and the series.
        shells("a-converts-b", "gazette", "480,000", "2022-04-01", calibre="155 mm",
               basis="capacity", converts="b-containers"),
        # same-source beats the series (which would give the hull of a and c on that day).
        shells("a-count", "gazette", "120,000", "2022-04-01", calibre="105 mm"),
        # a source with no container count of its own: the series, read between points.
        shells("d-count", "observer", "360,000", "2022-04-16", calibre="155 mm"),
        # the same source on another day is not same-source: the series.
        shells("a-later", "gazette", "150,000", "2022-04-16"),
        # the series, read exactly on a point of it.
        shells("d-on-point", "observer", "130,000", "2022-04-01"),
        # before every count: nothing to divide by.
        shells("d-early", "observer", "1,000", "2022-02-01"),
        # another flow: no counts at all.
        shells("elsewhere", "observer", "5,000", "2022-04-16", origin="atlantis",
               destination="lemuria"),
    )  # fmt: skip


HALFWAY = 1150 + (2400 - 1150) / 2  # low end halfway from a-and-c to b
HALFWAY_NOMINAL = 1250 + (2400 - 1250) / 2  # mean of 1,200 and 1,300, then towards 2,400

METHODS = [
    # claim, method, claims used, (low, high, nominal) of the count
    ("a-converts-b", Method.CONVERTS, ["b-containers"], (2400, INF, 2400)),
    ("a-count", Method.SAME_SOURCE, ["a-containers"], (1150, 1250, 1200)),
    ("d-count", Method.INTERPOLATED, ["a-containers", "c-containers", "b-containers"],
     (HALFWAY, INF, HALFWAY_NOMINAL)),
    ("a-later", Method.INTERPOLATED, ["a-containers", "c-containers", "b-containers"],
     (HALFWAY, INF, HALFWAY_NOMINAL)),
    ("d-on-point", Method.INTERPOLATED, ["a-containers", "c-containers"], (1150, 1300, 1250)),
]  # fmt: skip


@pytest.mark.parametrize(("claim_id", "method", "used", "count"), METHODS)
def test_container_count_method_order(
    tmp_path: Path,
    claim_id: str,
    method: Method,
    used: list[str],
    count: tuple[float, float, float],
) -> None:
    ledger = methods_ledger(tmp_path)
    found = PerContainerDeriver(ledger).containers_for(ledger.claim(claim_id))
    assert found is not None
    assert found.method is method
    assert ids(found.claims) == used
    low, high, nominal = count
    assert ends(found.amount.interval) == approx_ends(low, high)
    assert found.amount.nominal == pytest.approx(nominal)
    assert (found.reading is not None) is (method is Method.INTERPOLATED)


@pytest.mark.parametrize("claim_id", ["d-early", "elsewhere"])
def test_no_container_count(tmp_path: Path, claim_id: str) -> None:
    ledger = methods_ledger(tmp_path)
    deriver = PerContainerDeriver(ledger)
    claim = ledger.claim(claim_id)
    assert deriver.containers_for(claim) is None
    result = deriver.derive(claim)
    assert (result.claim, result.containers, result.per_container) == (claim, None, None)


def test_describe_says_which_count_was_used(tmp_path: Path) -> None:
    ledger = methods_ledger(tmp_path)
    deriver = PerContainerDeriver(ledger)

    def described(claim_id: str) -> str:
        found = deriver.containers_for(ledger.claim(claim_id))
        assert found is not None
        return words.containers_text(found)

    assert described("a-converts-b") == "converts b-containers"
    assert described("a-count") == "same source and date: a-containers"
    assert described("d-count") == (
        "interpolated on 2022-04-16: 0.500 of the way from 2022-04-01 "
        "(a-containers, c-containers) to 2022-05-01 (b-containers)"
    )


def test_same_source_counts_of_one_day_merge(tmp_path: Path) -> None:
    ledger = write_ledger(
        tmp_path,
        containers("low", "mod", "about 6,700", "2024-02-27", since="2023-09"),
        containers("high", "mod", "7,000", "2024-02-27", since="2023-09"),
        shells("count", "mod", "3,000,000", "2024-02-27"),
    )
    found = PerContainerDeriver(ledger).containers_for(ledger.claim("count"))
    assert found is not None
    assert found.method is Method.SAME_SOURCE
    assert ids(found.claims) == ["low", "high"]
    assert (ends(found.amount.interval), found.amount.nominal) == ((6650, 7000, False, False), 6850)


def test_per_container_quotient_carries_the_hedges(tmp_path: Path) -> None:
    ledger = methods_ledger(tmp_path)
    deriver = PerContainerDeriver(ledger)
    result = deriver.derive(ledger.claim("a-count"))  # 120,000 / about 1,200
    assert result.per_container is not None
    assert result.per_container.unit == units.parse_unit(units.MUNITIONS_PER_CONTAINER)
    assert result.per_container.nominal == pytest.approx(100)
    low, high = result.per_container.interval.low, result.per_container.interval.high
    assert (rounded(low), rounded(high)) == (96.0, 104.35)
    open_ended = deriver.derive(ledger.claim("a-converts-b"))  # 480,000 / at least 2,400
    assert open_ended.per_container is not None
    assert ends(open_ended.per_container.interval) == approx_ends(0, 200)
    derived = deriver.derive_all(ledger)
    assert [d.claim.id for d in derived] == [c.id for c in ledger if c.counts_munitions]
    assert len(derived) == 7


# --- the design's worked per-container figures ---------------------------------------------


@pytest.fixture
def briefing(tmp_path: Path) -> Ledger:
    """The minister's 26-27 Feb 2024 figures, and a head of state's 1.5 million."""
    return write_ledger(
        tmp_path,
        containers("shin-containers", "mod", "about 6,700", "2024-02-27", since="2023-09"),
        shells("shin-152", "mod", "more than three million", "2024-02-27", calibre="152 mm",
               basis="capacity", converts="shin-containers"),
        {**shells("shin-122", "mod", "500,000", "2024-02-27", calibre="122mm",
                  basis="capacity", converts="shin-containers"), "unit": "rocket",
         "measure": "rockets"},
        shells("shin-shells", "mod", "3,000,000", "2024-02-27"),
        shells("zelensky", "president", "1.5 million", "2024-02-27"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("claim_id", "method", "nominal"),
    [
        ("shin-152", Method.CONVERTS, 447.76),
        ("shin-122", Method.CONVERTS, 74.63),
        ("shin-shells", Method.SAME_SOURCE, 447.76),
        ("zelensky", Method.INTERPOLATED, 223.88),
    ],
)
def test_design_worked_per_container_figures(
    briefing: Ledger, claim_id: str, method: Method, nominal: float
) -> None:
    result = PerContainerDeriver(briefing).derive(briefing.claim(claim_id))
    assert result.containers is not None
    assert result.containers.method is method
    assert ids(result.containers.claims) == ["shin-containers"]
    assert result.per_container is not None
    assert result.per_container.nominal is not None
    assert rounded(result.per_container.nominal) == nominal
    assert units.is_munition_count(result.per_container.unit * units.parse_unit("container"))


def test_design_capacity_interval_is_open(briefing: Ledger) -> None:
    result = PerContainerDeriver(briefing).derive(briefing.claim("shin-152"))
    assert result.per_container is not None
    interval = result.per_container.interval
    assert rounded(interval.low) == 444.44
    assert interval.is_open


def test_a_later_since_does_not_send_the_count_back_to_zero(tmp_path: Path) -> None:
    ledger = write_ledger(
        tmp_path,
        containers("early", "s", "1000", "2023-03-01", since="2023-01-01"),
        containers("late", "t", "3000", "2023-05-01", since="2023-04-01"),
    )
    series = series_of(ledger)
    assert [point.day for point in series.points] == [
        D("2023-01-01"),
        D("2023-03-01"),
        D("2023-05-01"),
    ]
    reading = series.at(D("2023-04-01"))
    assert reading is not None
    assert reading.amount.interval.low == pytest.approx(1000 + 2000 * 31 / 61)


def test_a_step_after_a_crowded_date_names_five_counts_and_counts_them(
    tmp_path: Path,
) -> None:
    """A date of many counts is not repeated whole on the step after it (that made the
    timeline's output grow with the square of the claims on dense dates): the first five
    are named, ``from_claims`` says how many there were."""
    import csv
    import io

    from typer.testing import CliRunner

    from shellcount.cli import app

    crowded = [
        {
            "id": f"count-{n}",
            "source": "gazette",
            "measure": "containers",
            "figure": f"{4000 + 10 * n:,}",
            "unit": "container",
            "since": "2024-01-01",
            "as_of": "2024-02-01",
            "quote": "q",
        }
        for n in range(7)
    ]
    later = {**crowded[0], "id": "later", "figure": "5,000", "as_of": "2024-03-01"}
    document = {
        "format": 1,
        "sources": [{"id": "gazette", "outlet": "Gazette", "published": "2024-03-01"}],
        "claims": [*crowded, later],
    }
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["timeline", "--claims", str(path), "-f", "csv"])
    assert result.exit_code == 0, result.output
    steps = [row for row in csv.DictReader(io.StringIO(result.stdout)) if row["kind"] == "step"]
    assert [(r["claim_id"], r["from_claim_id"], r["from_claims"]) for r in steps] == [
        ("later", "count-0 count-1 count-2 count-3 count-4", "7")
    ], result.stdout
    assert steps[0]["how"] == (
        "later minus count-0, count-1, count-2, count-3, count-4 and 2 more (their envelope)"
    )
