"""Ranges: {low, expected, high} inputs, their validation and the low/high cost bounds.

Costs are hand-computed from the inline rates in each design, in USD per million
tokens.
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

MILLION = Decimal(1_000_000)

RANGED = """\
version: 1
name: Range test
unit: request
volume:
  units_per_month: {low: 1000, expected: 2000, high: 4000}
pricing:
  as_of: 2026-11-01
components:
  - name: answer
    kind: llm
    model: acme/answer-model
    input_tokens: {low: 100, expected: 200, high: 400}
    cached_input_ratio: {low: 0.2, expected: 0.5, high: 0.8}
    output_tokens: {low: 10, expected: 20, high: 50}
    price:
      input_per_mtok: 2
      cached_input_per_mtok: 0.5
      output_per_mtok: 8
"""


def answer_cost(
    units: int, input_tokens: int, ratio: str, output_tokens: int
) -> Decimal:
    """Monthly cost of `answer` at the rates in RANGED (2, 0.5 cached, 8 output)."""
    cached = input_tokens * Decimal(ratio)
    per_call = (input_tokens - cached) * 2 + cached * Decimal("0.5") + output_tokens * 8
    return units * per_call / MILLION


EXPECTED = answer_cost(2000, 200, "0.5", 20)
# A higher cache hit ratio lowers cost, so the low bound takes the ratio's high end.
LOW = answer_cost(1000, 100, "0.8", 10)
HIGH = answer_cost(4000, 400, "0.2", 50)


def analysed(text: str, **options):
    document = parse_yaml(text, Path("design.yaml"))
    loaded = validate_document(document)
    return analyse(estimate(loaded), loaded, **options)


def report_json(run_cli, write_file, text: str, *args: str) -> dict:
    result = run_cli("estimate", write_file("design.yaml", text), "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def line_of(text: str, fragment: str) -> int:
    return next(
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if fragment in line
    )


def test_hand_computed_values() -> None:
    assert Decimal("0.82") == EXPECTED
    assert Decimal("0.16") == LOW
    assert Decimal("4.32") == HIGH


def test_bounds_are_hand_computed(run_cli, write_file) -> None:
    data = report_json(run_cli, write_file, RANGED)
    assert Decimal(data["monthly_cost"]) == EXPECTED
    assert Decimal(data["monthly_cost_low"]) == LOW
    assert Decimal(data["monthly_cost_high"]) == HIGH
    assert Decimal(data["unit_cost"]) == EXPECTED / 2000
    assert Decimal(data["unit_cost_low"]) == LOW / 1000
    assert Decimal(data["unit_cost_high"]) == HIGH / 4000


def test_component_bounds_in_json(run_cli, write_file) -> None:
    component = report_json(run_cli, write_file, RANGED)["components"][0]
    assert Decimal(component["monthly_cost_low"]) == LOW
    assert Decimal(component["monthly_cost_high"]) == HIGH
    assert Decimal(component["unit_cost_low"]) == LOW / 1000
    assert Decimal(component["unit_cost_high"]) == HIGH / 4000


def test_ranges_listed_in_json(run_cli, write_file) -> None:
    ranges = report_json(run_cli, write_file, RANGED)["ranges"]
    assert ranges == [
        {
            "field": "volume.units_per_month",
            "component": None,
            "low": "1000",
            "expected": "2000",
            "high": "4000",
        },
        {
            "field": "components.answer.input_tokens",
            "component": "answer",
            "low": "100",
            "expected": "200",
            "high": "400",
        },
        {
            "field": "components.answer.cached_input_ratio",
            "component": "answer",
            "low": "0.2",
            "expected": "0.5",
            "high": "0.8",
        },
        {
            "field": "components.answer.output_tokens",
            "component": "answer",
            "low": "10",
            "expected": "20",
            "high": "50",
        },
    ]


def test_expected_equals_plain_design(run_cli, write_file) -> None:
    plain = (
        RANGED.replace("{low: 1000, expected: 2000, high: 4000}", "2000")
        .replace("{low: 100, expected: 200, high: 400}", "200")
        .replace("{low: 0.2, expected: 0.5, high: 0.8}", "0.5")
        .replace("{low: 10, expected: 20, high: 50}", "20")
    )
    ranged = report_json(run_cli, write_file, RANGED)
    single = report_json(run_cli, write_file, plain)
    assert ranged["monthly_cost"] == single["monthly_cost"]
    assert ranged["unit_cost"] == single["unit_cost"]
    assert (
        ranged["components"][0]["usage_per_call"]
        == (single["components"][0]["usage_per_call"])
    )
    assert "monthly_cost_low" not in single


TIERED = """\
version: 1
name: Tier test
unit: review
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
components:
  - name: review
    kind: llm
    model: acme/long-context
    input_tokens: {low: 500, expected: 800, high: 2000}
    output_tokens: 100
    price:
      input_per_mtok: 1
      output_per_mtok: 4
      tiers:
        - above_input_tokens: 1000
          input_per_mtok: 2
          output_per_mtok: 8
"""


def test_bounds_cross_long_context_tier(run_cli, write_file) -> None:
    data = report_json(run_cli, write_file, TIERED)
    # Below the tier: base rates. Above it: tier rates on the whole request.
    assert Decimal(data["monthly_cost"]) == 1000 * (800 * 1 + 100 * 4) / MILLION
    assert Decimal(data["monthly_cost_low"]) == 1000 * (500 * 1 + 100 * 4) / MILLION
    assert Decimal(data["monthly_cost_high"]) == 1000 * (2000 * 2 + 100 * 8) / MILLION


FIXED_AND_VARIABLE = """\
version: 1
name: Fixed cost
unit: request
volume:
  units_per_month: {low: 1000, expected: 2000, high: 4000}
pricing:
  as_of: 2026-11-01
components:
  - name: answer
    kind: llm
    model: acme/answer-model
    input_tokens: 100
    price:
      input_per_mtok: 10
  - name: storage
    kind: service
    sku: aws/s3-standard-storage
    quantity_per_month: 100
    unit_price: 0.5
"""


def test_unit_bounds_follow_own_direction(run_cli, write_file) -> None:
    data = report_json(run_cli, write_file, FIXED_AND_VARIABLE)
    per_request = 100 * Decimal(10) / MILLION
    storage = 100 * Decimal("0.5")
    # More volume raises the monthly cost but spreads the fixed storage cost, so the
    # unit cost is lowest at the high end of the volume.
    assert Decimal(data["monthly_cost_low"]) == 1000 * per_request + storage
    assert Decimal(data["monthly_cost_high"]) == 4000 * per_request + storage
    assert Decimal(data["unit_cost_low"]) == per_request + storage / 4000
    assert Decimal(data["unit_cost_high"]) == per_request + storage / 1000


RANGE_ERRORS = [
    (
        "input_tokens: {low: 300, expected: 200, high: 400}",
        "components.answer.input_tokens: a range needs low <= expected <= high, "
        "got low 300, expected 200, high 400",
    ),
    (
        "input_tokens: {low: 100, expected: 200}",
        "a range needs low, expected and high; missing high",
    ),
    (
        "input_tokens: {low: 100, mid: 150, expected: 200, high: 400}",
        "unknown key 'mid' in a range",
    ),
    (
        "input_tokens: {low: many, expected: 200, high: 400}",
        "range low: expected a number, got text 'many'",
    ),
    (
        "cached_input_ratio: {low: 0.2, expected: 0.5, high: 1.2}",
        "components.answer.cached_input_ratio: range high must be <= 1, got 1.2",
    ),
    (
        "retry_factor: {low: 0.5, expected: 1, high: 2}",
        "components.answer.retry_factor: range low must be >= 1, got 0.5",
    ),
]


@pytest.mark.parametrize(
    ("line", "message"), RANGE_ERRORS, ids=[case[1][:30] for case in RANGE_ERRORS]
)
def test_invalid_range_names_field(
    line: str, message: str, run_cli, write_file
) -> None:
    field = line.split(":")[0]
    text = "\n".join(
        f"    {line}" if row.strip().startswith(f"{field}:") else row
        for row in RANGED.splitlines()
    )
    if field not in RANGED:
        text = text.replace("    output_tokens:", f"    {line}\n    output_tokens:")
    design = write_file("design.yaml", text + "\n")
    for command in ("estimate", "validate"):
        result = run_cli(command, design)
        assert result.exit_code == 2
        assert f"{design}:{line_of(text, field + ':')}" in result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_range_combination_checked(run_cli, write_file) -> None:
    text = RANGED.replace(
        "    cached_input_ratio: {low: 0.2, expected: 0.5, high: 0.8}\n",
        "    cached_input_tokens: {low: 50, expected: 100, high: 300}\n",
    )
    design = write_file("design.yaml", text)
    for command in ("estimate", "validate"):
        result = run_cli(command, design)
        assert result.exit_code == 2
        assert (
            "with components.answer.input_tokens = 100 and "
            "components.answer.cached_input_tokens = 300" in result.stderr
        )
        assert "exceed input_tokens" in result.stderr
        assert "every combination of range ends must be a valid design" in (
            result.stderr
        )


def test_range_end_against_fixed_part(run_cli, write_file) -> None:
    text = RANGED.replace(
        "    cached_input_ratio: {low: 0.2, expected: 0.5, high: 0.8}\n",
        "    cached_input_tokens: 150\n",
    )
    result = run_cli("estimate", write_file("design.yaml", text))
    assert result.exit_code == 2
    assert "with components.answer.input_tokens = 100" in result.stderr
    assert "cache reads (150)" in result.stderr


def test_range_on_budget_rejected(run_cli, write_file) -> None:
    text = RANGED + "budget:\n  monthly: {low: 1, expected: 2, high: 3}\n"
    design = write_file("design.yaml", text)
    result = run_cli("estimate", design)
    assert result.exit_code == 2
    assert f"{design}:{line_of(text, 'monthly: {')}: budget.monthly" in result.stderr
    assert "allowed on inputs of the cost only, not in budget" in result.stderr


def test_range_in_price_file_rejected(run_cli, write_file) -> None:
    prices = write_file(
        "prices.yaml",
        "version: 1\n"
        "models:\n"
        "  acme/private:\n"
        "    source: order form\n"
        "    as_of: 2026-01-01\n"
        "    input_per_mtok: {low: 1, expected: 2, high: 3}\n",
    )
    result = run_cli("estimate", write_file("design.yaml", RANGED), "--pricing", prices)
    assert result.exit_code == 2
    assert f"{prices}:6" in result.stderr
    assert "a {low, expected, high} range is allowed in design files only" in (
        result.stderr
    )


def test_schema_describes_ranges(run_cli) -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    field = schema["$defs"]["LlmComponent"]["properties"]["input_tokens"]
    plain, ranged = field["anyOf"]
    assert plain == {"type": "number", "minimum": 0.0, "maximum": 100000000.0}
    assert ranged["required"] == ["low", "expected", "high"]
    assert ranged["additionalProperties"] is False


def test_range_line_in_reports(run_cli, write_file) -> None:
    design = write_file("design.yaml", RANGED)
    table = run_cli("estimate", design)
    assert table.exit_code == 0, table.stderr
    assert (
        "Range $0.16 to $4.32 per month, $0.00016 to $0.0011 per request, over 4 "
        "ranged inputs" in table.stdout
    )
    markdown = run_cli("estimate", design, "-f", "markdown")
    assert markdown.exit_code == 0, markdown.stderr
    assert (
        "Range: **$0.16 to $4.32 per month**, $0.00016 to $0.0011 per request, over "
        "4 ranged inputs." in markdown.stdout
    )
    assert "| **Monthly cost** | $0.16 | $0.82 | $4.32 |" in markdown.stdout
    assert "| `components.answer.cached_input_ratio` | 0.2 | 0.5 | 0.8 |" in (
        markdown.stdout
    )


def _ranged_design(volume, tokens, ratio, output, retries) -> str:
    def span(values) -> str:
        low, expected, high = sorted(values)
        return f"{{low: {low}, expected: {expected}, high: {high}}}"

    return f"""\
version: 1
name: Property
unit: request
volume:
  units_per_day: {span(volume)}
pricing:
  as_of: 2026-11-01
components:
  - name: answer
    kind: llm
    model: openai/gpt-4o-mini
    retry_factor: {span(retries)}
    input_tokens: {span(tokens)}
    cached_input_ratio: {span(ratio)}
    output_tokens: {span(output)}
  - name: fixed
    kind: llm
    model: acme/fixed
    input_tokens: 1000
    price:
      input_per_mtok: 3
"""


def _triples(strategy):
    return st.tuples(strategy, strategy, strategy)


@settings(max_examples=30, deadline=None)
@given(
    volume=_triples(st.integers(1, 10**6)),
    tokens=_triples(st.integers(0, 10**5)),
    ratio=_triples(st.decimals("0", "1", places=2)),
    output=_triples(st.integers(0, 10**4)),
    retries=_triples(st.decimals("1", "3", places=2)),
)
def test_low_expected_high_ordered(volume, tokens, ratio, output, retries) -> None:
    result = analysed(_ranged_design(volume, tokens, ratio, output, retries))
    span = result.analysis.range
    assert span.monthly_low <= result.monthly_cost <= span.monthly_high
    assert span.unit_low <= result.unit_cost <= span.unit_high
    for item, bounds in zip(
        result.components, result.analysis.component_ranges, strict=True
    ):
        assert bounds.monthly_low <= item.monthly_cost <= bounds.monthly_high
        assert bounds.unit_low <= item.unit_cost <= bounds.unit_high


SIZED_FLEET = """\
version: 1
name: Sized fleet ranges
unit: question
volume:
  units_per_day: {low: 100000, expected: 500000, high: 900000}
pricing:
  as_of: 2026-11-01
components:
  - name: answer
    kind: llm
    model: aws/meta.llama3-3-70b-instruct-v1:0
    retry_factor: {low: 1, expected: 1.02, high: 1.2}
    input_tokens: {low: 800, expected: 1200, high: 3000}
    output_tokens: {low: 200, expected: 500, high: 900}
  - name: serving
    kind: gpu_fleet
    instance: aws/p5.48xlarge
    purchase: reserved_3y
    serves: answer
    model_size_b: 70
    precision: fp8
    target_utilization: {low: 0.4, expected: 0.6, high: 0.8}
    peak_to_average: {low: 1.5, expected: 2, high: 3}
"""


def test_sized_fleet_high_bound_finds_dearest_corner(run_cli, write_file) -> None:
    # A fleet sized from its load moves in whole instances, so no single input shows
    # which end is dearer; the high bound must still reach the dearest corner.
    ranged = run_cli("estimate", write_file("ranged.yaml", SIZED_FLEET), "-f", "json")
    assert ranged.exit_code == 0, ranged.stderr
    corner_text = (
        SIZED_FLEET.replace("{low: 100000, expected: 500000, high: 900000}", "900000")
        .replace("{low: 1, expected: 1.02, high: 1.2}", "1.2")
        .replace("{low: 800, expected: 1200, high: 3000}", "3000")
        .replace("{low: 200, expected: 500, high: 900}", "900")
        .replace("{low: 0.4, expected: 0.6, high: 0.8}", "0.4")
        .replace("{low: 1.5, expected: 2, high: 3}", "3")
    )
    corner = run_cli("estimate", write_file("corner.yaml", corner_text), "-f", "json")
    assert corner.exit_code == 0, corner.stderr
    high = Decimal(json.loads(ranged.stdout)["monthly_cost_high"])
    assert high >= Decimal(json.loads(corner.stdout)["monthly_cost"])
