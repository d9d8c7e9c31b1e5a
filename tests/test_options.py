"""The command line's options (cli.options): each converts its own value, or refuses it
naming the option, so the commands receive typed values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import typer

from shellcount.cli import options


def test_calibre_arrives_in_millimetres() -> None:
    assert options.calibre_mm("152") == 152
    assert options.calibre_mm("152mm") == 152
    assert options.calibre_mm("6.1 in") == pytest.approx(154.94)


def test_at_arrives_as_a_day() -> None:
    assert options.day("2023-11-01") == dt.date(2023, 11, 1)


def test_about_arrives_as_a_tolerance() -> None:
    assert options.tolerance("10%") == pytest.approx(0.1)
    assert options.tolerance("0.25") == pytest.approx(0.25)


def test_payload_arrives_in_kilograms() -> None:
    assert options.payload_kg("21.75 t") == pytest.approx(21_750)


def test_weight_arrives_as_a_pair() -> None:
    assert options.source_weight(" a =2.5") == ("a", 2.5)
    assert dict([options.source_weight("a=2")]) == {"a": 2.0}


@pytest.mark.parametrize(
    ("convert", "text", "option"),
    [
        (options.calibre_mm, "heavy", "'--calibre'"),
        (options.day, "2024-02", "'--at'"),
        (options.day, "yesterday", "'--at'"),
        (options.tolerance, "lots", "'--about'"),
        (options.payload_kg, "heavy", "'--payload'"),
        (options.source_weight, "a", "'--weight'"),
        (options.source_weight, "=1", "'--weight'"),
        (options.source_weight, "a=many", "'--weight'"),
    ],
)
def test_a_value_the_option_cannot_read_is_refused_naming_it(
    convert: Callable[[str], object], text: str, option: str
) -> None:
    with pytest.raises(typer.BadParameter) as raised:
        convert(text)
    assert raised.value.param_hint == option


def test_pool_options_default_to_the_pools_settings() -> None:
    from shellcount.analysis.pool import Selection, Settings

    selection, settings = options.PoolOptions().inputs("shells")
    assert selection == Selection("shells")
    assert settings == Settings()


def test_pool_options_are_given_to_a_command_as_one_value() -> None:
    from typer.testing import CliRunner

    app = typer.Typer()
    received: list[options.PoolOptions] = []

    @app.command()
    @options.with_pool_options
    def pooled(measure: options.PoolMeasure, *, pooling: options.PoolOptions) -> None:
        received.append(pooling)

    args = ["-m", "shells", "-c", "6.1 in", "--at", "2024-01-02", "--weight", "a=2"]
    result = CliRunner().invoke(app, [*args, "--seed", "7", "--weights", "grades"])
    assert result.exit_code == 0, result.output
    [pooling] = received
    assert pooling.calibre_mm == pytest.approx(154.94)
    assert (pooling.at, pooling.weight, pooling.seed) == (dt.date(2024, 1, 2), [("a", 2.0)], 7)
    assert pooling.weights.value == "grades"


def test_pool_options_need_a_place_in_the_command() -> None:
    def no_place(measure: str) -> None:
        pass

    with pytest.raises(TypeError, match="pooling"):
        options.with_pool_options(no_place)


@pytest.mark.parametrize("text", ["a=-1", "a=nan", "a=inf"])
def test_a_weight_is_judged_by_the_pools_settings(text: str) -> None:
    """The option reads the form only; the value is Settings' to refuse (exit 2)."""
    pooling = options.PoolOptions(weight=[options.source_weight(text)])
    with pytest.raises(typer.BadParameter, match="weight of 'a': must be 0 or more"):
        pooling.inputs("shells")
