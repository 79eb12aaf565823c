"""Golden reports for every example design, golden help text and the JSON contract."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PATHS = sorted((ROOT / "examples" / "designs").glob("*.yaml"))
FORMATS = {"markdown": "md", "json": "json"}
DECIMAL_STRING = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def relative(path: Path) -> Path:
    # The JSON report shows the design path as given. Tests pass it relative to the
    # repository root, so the golden files do not depend on where it is checked out.
    return path.relative_to(ROOT)


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_examples_exist() -> None:
    assert len(EXAMPLE_PATHS) >= 5


@pytest.mark.parametrize("report_format", sorted(FORMATS))
@pytest.mark.parametrize("example", EXAMPLE_PATHS, ids=lambda path: path.stem)
def test_example_report_matches_golden(
    example: Path, report_format: str, run_cli, golden, at_root
) -> None:
    result = run_cli("estimate", relative(example), "--format", report_format)
    assert result.exit_code == 0, result.stderr
    assert str(ROOT) not in result.stdout
    golden(f"{example.stem}.{FORMATS[report_format]}", result.stdout)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["--help"], "help.txt"),
        (["estimate", "--help"], "help-estimate.txt"),
    ],
    ids=["aicost", "estimate"],
)
def test_help_matches_golden(
    args: list[str], name: str, run_cli, golden, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    result = run_cli(*args)
    assert result.exit_code == 0
    assert result.stderr == ""
    golden(name, result.stdout)


def estimate_json(run_cli, example: Path) -> dict:
    result = run_cli("estimate", relative(example), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def assert_money(value: object, where: str) -> Decimal:
    """Check that a money value is a plain decimal string and return its Decimal."""
    assert isinstance(value, str), f"{where} is {value!r}, not a string"
    assert DECIMAL_STRING.match(value), f"{where} is {value!r}, not a decimal string"
    number = Decimal(value)
    assert number.is_finite(), where
    assert f"{number:f}" == value, f"{where} {value!r} does not round-trip"
    return number


@pytest.mark.parametrize("example", EXAMPLE_PATHS, ids=lambda path: path.stem)
def test_example_json_contract(example: Path, run_cli, at_root) -> None:
    document = estimate_json(run_cli, example)

    assert document["version"] == 1
    assert document["currency"] == "USD"
    units = assert_money(document["units_per_month"], "units_per_month")
    total = assert_money(document["monthly_cost"], "monthly_cost")
    unit_cost = assert_money(document["unit_cost"], "unit_cost")
    assert units > 0
    assert total > 0
    assert unit_cost > 0

    components = document["components"]
    assert isinstance(components, list)
    assert components, "no components"
    component_total = Decimal(0)
    for index, component in enumerate(components):
        where = f"components[{index}]"
        assert isinstance(component["name"], str), where
        assert component["name"], where
        assert isinstance(component["kind"], str), where
        assert component["kind"], where
        monthly = assert_money(component["monthly_cost"], f"{where}.monthly_cost")
        assert_money(component["unit_cost"], f"{where}.unit_cost")
        component_total += monthly

    assert component_total == total


@pytest.mark.parametrize("example", EXAMPLE_PATHS, ids=lambda path: path.stem)
def test_example_unit_cost_is_total_over_units(example: Path, run_cli, at_root) -> None:
    document = estimate_json(run_cli, example)
    total = Decimal(document["monthly_cost"])
    units = Decimal(document["units_per_month"])
    assert Decimal(document["unit_cost"]) == total / units


@pytest.mark.parametrize("example", EXAMPLE_PATHS, ids=lambda path: path.stem)
def test_example_json_names_relative_file(example: Path, run_cli, at_root) -> None:
    document = estimate_json(run_cli, example)
    assert document["design"]["file"] == relative(example).as_posix()
