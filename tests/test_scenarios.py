"""Scenarios: overrides by dotted path, errors naming the scenario, reports and goldens.

Expected costs are computed by hand from the rates in each design. The inline price
of `answer` is USD 2 input, 0.5 cached input and 8 output per million tokens. In
genai-prices 0.2.3, openai/gpt-4o-mini costs 0.15 input and 0.6 output, and
openai/gpt-4.1-nano 0.1 input and 0.4 output.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicost.analysis import analyse
from aicost.design.loader import validate_document
from aicost.design.yamlio import parse_yaml
from aicost.engine.estimate import estimate

ROOT = Path(__file__).resolve().parents[1]
MILLION = Decimal(1_000_000)

BASE = """\
version: 1
name: Scenario test
unit: request
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
components:
  - name: answer
    kind: llm
    model: acme/answer-model
    calls_per_unit: 2
    input_tokens: 1000
    cached_input_tokens: 400
    output_tokens: 100
    price:
      input_per_mtok: 2
      cached_input_per_mtok: 0.5
      output_per_mtok: 8
  - name: classify.v2
    kind: llm
    model: openai/gpt-4o-mini
    input_tokens: 500
    output_tokens: 5
"""

# The answer component: 1,000 requests x 2 calls of 600 input, 400 cached and 100
# output tokens each.
ANSWER = 2000 * (600 * Decimal(2) + 400 * Decimal("0.5") + 100 * Decimal(8)) / MILLION
# classify.v2: 1,000 calls of 500 input and 5 output tokens on gpt-4o-mini.
CLASSIFY = 1000 * (500 * Decimal("0.15") + 5 * Decimal("0.6")) / MILLION
BASELINE = ANSWER + CLASSIFY


def with_scenarios(block: str, base: str = BASE) -> str:
    return base + "scenarios:\n" + block


def one_scenario(path: str, value: str, name: str = "what if") -> str:
    return with_scenarios(f"  - name: {name}\n    set:\n      {path}: {value}\n")


def line_of(text: str, fragment: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the design")


def analysed(text: str, **options):
    document = parse_yaml(text, Path("design.yaml"))
    loaded = validate_document(document)
    return analyse(estimate(loaded), loaded, **options)


def scenario_json(run_cli, write_file, text: str) -> dict:
    path = write_file("design.yaml", text)
    result = run_cli("estimate", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_baseline_is_hand_computed(run_cli, write_file) -> None:
    data = scenario_json(run_cli, write_file, BASE)
    assert Decimal(data["monthly_cost"]) == BASELINE


OVERRIDES = [
    # A design-wide number.
    ("volume.units_per_month", "3000", BASELINE * 3),
    # The other of a pair of rates: units_per_day replaces units_per_month.
    ("volume.units_per_day", "100", Decimal(100) * 730 / 24 * BASELINE / 1000),
    # A component field that the file leaves at its default.
    ("components.answer.retry_factor", "3", ANSWER * 3 + CLASSIFY),
    # A ratio replaces the token count it is exclusive with: 800 cached, 200 input.
    (
        "components.answer.cached_input_ratio",
        "0.8",
        2000 * (200 * Decimal(2) + 800 * Decimal("0.5") + 100 * Decimal(8)) / MILLION
        + CLASSIFY,
    ),
    # A nested field of an inline price.
    (
        "components.answer.price.input_per_mtok",
        "4",
        2000 * (600 * Decimal(4) + 400 * Decimal("0.5") + 100 * Decimal(8)) / MILLION
        + CLASSIFY,
    ),
    # A text field of a component whose name contains a dot.
    (
        "components.classify.v2.model",
        "openai/gpt-4.1-nano",
        ANSWER + 1000 * (500 * Decimal("0.1") + 5 * Decimal("0.4")) / MILLION,
    ),
    # A key of a mapping: the discount applies to catalog prices only.
    ("pricing.discounts.openai", "0.5", ANSWER + CLASSIFY / 2),
]


@pytest.mark.parametrize(
    ("path", "value", "expected"), OVERRIDES, ids=[case[0] for case in OVERRIDES]
)
def test_override_is_hand_computed(
    path: str, value: str, expected: Decimal, run_cli, write_file
) -> None:
    data = scenario_json(run_cli, write_file, one_scenario(path, value))
    scenario = data["scenarios"][0]
    assert Decimal(data["monthly_cost"]) == BASELINE
    assert Decimal(scenario["monthly_cost"]) == expected
    assert Decimal(scenario["unit_cost"]) == expected / _units(path, value)
    assert Decimal(scenario["monthly_change"]) == expected - BASELINE
    assert Decimal(scenario["monthly_change_percent"]) == (
        (expected - BASELINE) / BASELINE * 100
    )
    assert scenario["set"] == {path: value}


def _units(path: str, value: str) -> Decimal:
    if path == "volume.units_per_month":
        return Decimal(value)
    if path == "volume.units_per_day":
        return Decimal(value) * 730 / 24
    return Decimal(1000)


def test_scenario_sets_range_end(run_cli, write_file) -> None:
    ranged = BASE.replace(
        "    input_tokens: 1000\n",
        "    input_tokens: {low: 800, expected: 1000, high: 1500}\n",
    )
    text = with_scenarios(
        "  - name: long prompts\n"
        "    set:\n"
        "      components.answer.input_tokens.high: 3000\n",
        ranged,
    )
    data = scenario_json(run_cli, write_file, text)
    scenario = data["scenarios"][0]
    # Expected is unchanged; the high end now has 2,600 uncached input tokens.
    high = (
        2000 * (2600 * Decimal(2) + 400 * Decimal("0.5") + 100 * Decimal(8)) / MILLION
    )
    assert Decimal(scenario["monthly_cost"]) == BASELINE
    assert Decimal(scenario["monthly_cost_high"]) == high + CLASSIFY
    assert Decimal(data["monthly_cost_high"]) < high + CLASSIFY


def test_scenario_number_replaces_range(run_cli, write_file) -> None:
    ranged = BASE.replace(
        "    output_tokens: 100\n",
        "    output_tokens: {low: 50, expected: 100, high: 300}\n",
    )
    text = with_scenarios(
        "  - name: fixed output\n"
        "    set:\n"
        "      components.answer.output_tokens: 100\n",
        ranged,
    )
    scenario = scenario_json(run_cli, write_file, text)["scenarios"][0]
    assert Decimal(scenario["monthly_cost"]) == BASELINE
    assert "monthly_cost_low" not in scenario


def test_scenario_price_date_kept(run_cli, write_file) -> None:
    text = one_scenario("pricing.as_of", "2026-06-01", name="june prices")
    path = write_file("design.yaml", text)
    result = run_cli("estimate", path, "--scenario", "june prices", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["price_date"] == "2026-06-01"
    assert data["scenario"] == {
        "name": "june prices",
        "description": None,
        "set": {"pricing.as_of": "2026-06-01"},
    }


def test_scenario_option_prices_scenario(run_cli, write_file) -> None:
    text = one_scenario("components.answer.retry_factor", "3", name="retry storm")
    path = write_file("design.yaml", text)
    result = run_cli("estimate", path, "--scenario", "retry storm", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert Decimal(data["monthly_cost"]) == ANSWER * 3 + CLASSIFY
    assert "scenarios" not in data


def test_scenario_option_table_names_scenario(run_cli, write_file) -> None:
    text = with_scenarios(
        "  - name: retry storm\n"
        "    description: an agent loop retries every call twice\n"
        "    set:\n"
        "      components.answer.retry_factor: 3\n"
    )
    path = write_file("design.yaml", text)
    result = run_cli("estimate", path, "--scenario", "retry storm")
    assert result.exit_code == 0, result.stderr
    assert (
        "Scenario retry storm (an agent loop retries every call twice): "
        "components.answer.retry_factor = 3" in result.stdout
    )


def test_scenario_option_with_as_of(run_cli, write_file) -> None:
    text = one_scenario("components.answer.retry_factor", "3", name="storm")
    path = write_file("design.yaml", text)
    result = run_cli(
        "estimate", path, "--scenario", "storm", "--as-of", "2026-05-01", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["price_date"] == "2026-05-01"


def test_unknown_scenario_suggests_names(run_cli, write_file) -> None:
    path = write_file(
        "design.yaml", one_scenario("volume.units_per_month", "5", "growth")
    )
    result = run_cli("estimate", path, "--scenario", "grwth")
    assert result.exit_code == 2
    assert "unknown scenario 'grwth'; did you mean 'growth'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_scenario_option_without_scenarios(run_cli, write_file) -> None:
    path = write_file("design.yaml", BASE)
    result = run_cli("estimate", path, "--scenario", "growth")
    assert result.exit_code == 2
    assert "the design defines no scenarios" in result.stderr


BAD_SETTINGS = [
    (
        "components.answr.retry_factor",
        "3",
        "no component named 'answr'; did you mean 'answer'?",
    ),
    (
        "components.answer.retry_factr",
        "3",
        "components.answer has no field 'retry_factr'; did you mean 'retry_factor'?",
    ),
    ("volume.units_per_dya", "5", "did you mean 'units_per_day'?"),
    ("colour", "red", "the design has no field 'colour'"),
    ("components.answer.name", "other", "cannot change the component's name"),
    ("components.answer.kind", "llm", "cannot change the component's kind"),
    ("version", "2", "cannot change the design format version"),
    ("components.answer.input_tokens.low", "5", "is a number, not a range"),
    ("components.answer.price.tiers.0.input_per_mtok", "3", "has no item 0"),
    ("components..model", "x", "is not a dotted path"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), BAD_SETTINGS, ids=[case[0] for case in BAD_SETTINGS]
)
def test_bad_path_names_scenario(
    path: str, value: str, message: str, run_cli, write_file
) -> None:
    text = one_scenario(path, value, name="broken")
    design = write_file("design.yaml", text)
    result = run_cli("estimate", design)
    assert result.exit_code == 2
    assert f"{design}:{line_of(text, '      ' + path + ':')}" in result.stderr
    assert f"scenario 'broken' sets '{path}'" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


BAD_VALUES = [
    ("components.answer.retry_factor", "lots", "expected a number"),
    ("components.answer.retry_factor", "0.5", "must be >= 1"),
    ("volume.units_per_month", "[1, 2]", "expected a number"),
    ("components.answer.mode", "turbo", "must be one of"),
    ("pricing.as_of", "soon", "date"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), BAD_VALUES, ids=[case[1] for case in BAD_VALUES]
)
def test_bad_value_names_scenario(
    path: str, value: str, message: str, run_cli, write_file
) -> None:
    text = one_scenario(path, value, name="broken")
    design = write_file("design.yaml", text)
    result = run_cli("estimate", design)
    assert result.exit_code == 2
    assert f"{design}:{line_of(text, path + ':')}" in result.stderr
    assert "in scenario 'broken'" in result.stderr
    assert path in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_scenario_unknown_model(run_cli, write_file) -> None:
    text = one_scenario("components.classify.v2.model", "openai/gpt-4o-mimi", "swap")
    design = write_file("design.yaml", text)
    result = run_cli("estimate", design)
    assert result.exit_code == 2
    assert "in scenario 'swap'" in result.stderr
    assert f"{design}:{line_of(text, 'gpt-4o-mimi')}" in result.stderr
    assert "did you mean 'openai/gpt-4o-mini'" in result.stderr


def test_scenario_sets_both_of_pair(run_cli, write_file) -> None:
    text = with_scenarios(
        "  - name: both\n"
        "    set:\n"
        "      volume.units_per_day: 10\n"
        "      volume.units_per_month: 10\n"
    )
    result = run_cli("estimate", write_file("design.yaml", text))
    assert result.exit_code == 2
    assert "in scenario 'both'" in result.stderr
    assert "give units_per_day or units_per_month, not both" in result.stderr


def test_validate_checks_scenarios(run_cli, write_file) -> None:
    text = one_scenario("components.answer.retry_factr", "3", name="typo")
    design = write_file("design.yaml", text)
    result = run_cli("validate", design)
    assert result.exit_code == 2
    assert "scenario 'typo' sets 'components.answer.retry_factr'" in result.stderr


def test_scenario_names_unique(run_cli, write_file) -> None:
    text = with_scenarios(
        "  - name: twice\n    set: {volume.units_per_month: 1}\n"
        "  - name: twice\n    set: {volume.units_per_month: 2}\n"
    )
    result = run_cli("validate", write_file("design.yaml", text))
    assert result.exit_code == 2
    assert "duplicate scenario name 'twice'" in result.stderr


def test_scenario_needs_settings(run_cli, write_file) -> None:
    text = with_scenarios("  - name: empty\n    set: {}\n")
    result = run_cli("validate", write_file("design.yaml", text))
    assert result.exit_code == 2
    assert "must set at least one value" in result.stderr


def test_scenarios_markdown(run_cli, write_file) -> None:
    text = with_scenarios(
        '  - name: the "big" month\n'
        "    set:\n"
        "      volume.units_per_month: 3000\n"
        "  - name: cheaper\n"
        "    set:\n"
        "      components.answer.price.input_per_mtok: 1\n"
    )
    result = run_cli("estimate", write_file("design.yaml", text), "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "### Scenarios" in text
    assert (
        '| the "big" month | volume.units_per_month = 3,000 | $13.43 | $0.0045 '
        "| +$8.96 | +200.0% |" in text
    )
    assert "| Baseline | – | $4.48 | $0.0045 | – | – |" in text
    # Mermaid strings end at a double quote, so the label uses single quotes.
    assert 'x-axis ["Baseline", "the \'big\' month", "cheaper"]' in text
    assert "bar [4.48, 13.43, 3.28]" in text


def test_component_chart_in_markdown(run_cli, write_file) -> None:
    result = run_cli("estimate", write_file("design.yaml", BASE), "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert (
        "```mermaid\npie showData\n    title Monthly cost by component (USD)\n"
        '    "answer" : 4.40\n    "classify.v2" : 0.078\n```' in result.stdout
    )


def test_scenarios_table(run_cli, write_file) -> None:
    text = one_scenario("volume.units_per_month", "3000", name="growth")
    result = run_cli("estimate", write_file("design.yaml", text))
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "growth" in line)
    assert "volume.units_per_month = 3,000" in row
    assert "$13.43" in row
    assert "+$8.96" in row
    assert "+200.0%" in row


def test_scenario_warning_is_named(run_cli, write_file) -> None:
    text = one_scenario("pricing.discounts.acme", "0.1", name="discounted")
    result = run_cli("estimate", write_file("design.yaml", text))
    assert result.exit_code == 0, result.stderr
    assert "Warning: scenario 'discounted': discount for 'acme'" in result.stderr


# Path -> (the line that opens its section, the field, values to try).
NUMBER_PATHS = {
    "volume.units_per_month": ("volume:", "units_per_month", st.integers(1, 10**7)),
    "components.answer.calls_per_unit": (
        "- name: answer",
        "calls_per_unit",
        st.integers(0, 50),
    ),
    "components.answer.retry_factor": (
        "- name: answer",
        "retry_factor",
        st.decimals("1", "5", places=3),
    ),
    "components.answer.input_tokens": (
        "- name: answer",
        "input_tokens",
        st.integers(400, 10**6),
    ),
    "components.classify.v2.input_tokens": (
        "- name: classify.v2",
        "input_tokens",
        st.integers(0, 10**6),
    ),
}


@settings(max_examples=40, deadline=None)
@given(path=st.sampled_from(sorted(NUMBER_PATHS)), data=st.data())
def test_same_value_changes_nothing(path: str, data: st.DataObject) -> None:
    section, field, values = NUMBER_PATHS[path]
    value = data.draw(values)
    base = _set_field(BASE, section, field, value)
    text = with_scenarios(f"  - name: same\n    set:\n      {path}: {value}\n", base)
    result = analysed(text)
    assert result.analysis is not None
    scenario = result.analysis.scenarios[0]
    assert scenario.monthly_cost == result.monthly_cost
    assert scenario.unit_cost == result.unit_cost
    assert scenario.monthly_change == 0


def _set_field(text: str, section: str, field: str, value: object) -> str:
    """Write `value` into the base design, adding the field if it is absent."""
    lines = text.splitlines(keepends=True)
    opening = next(i for i, line in enumerate(lines) if line.strip() == section)
    end = next(
        (
            i
            for i in range(opening + 1, len(lines))
            if lines[i].lstrip().startswith("- name:") or not lines[i].startswith(" ")
        ),
        len(lines),
    )
    for index in range(opening + 1, end):
        if lines[index].strip().startswith(f"{field}:"):
            indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
            lines[index] = f"{indent}{field}: {value}\n"
            return "".join(lines)
    lines.insert(opening + 1, f"    {field}: {value}\n")
    return "".join(lines)


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(
    ("example", "args", "name"),
    [
        (
            "support-assistant",
            ["--samples", "2000", "--seed", "7", "--sensitivity"],
            "scenarios-support-assistant.md",
        ),
        (
            "coding-agent",
            ["--scenario", "retry storm", "--samples", "1000"],
            "scenarios-coding-agent-retry-storm.md",
        ),
    ],
    ids=["support-assistant", "coding-agent-retry-storm"],
)
def test_scenarios_golden(
    example: str, args: list[str], name: str, run_cli, golden, at_root
) -> None:
    design = Path("examples") / "designs" / f"{example}.yaml"
    result = run_cli("estimate", design, "--format", "markdown", *args)
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout)
