"""Monte Carlo sampling: reproducible draws, ordered percentiles, compiled pricing."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicost.analysis import analyse
from aicost.analysis.evaluate import Evaluator, with_price_date
from aicost.analysis.ranges import find_ranges
from aicost.analysis.run import measure
from aicost.analysis.sampling import (
    CONSTANT,
    FULL_PRICING,
    LlmCost,
    compile_components,
    draw,
    percentile,
    units_column,
)
from aicost.design.loader import validate_document
from aicost.design.yamlio import parse_yaml
from aicost.engine.estimate import estimate

SAMPLED = """\
version: 1
name: Sampling test
unit: request
volume:
  units_per_day: {low: 100, expected: 200, high: 400}
pricing:
  as_of: 2026-11-01
  discounts:
    openai: {low: 0, expected: 0.1, high: 0.2}
components:
  - name: chat
    kind: llm
    model: openai/gpt-4o-mini
    calls_per_unit: {low: 1, expected: 2, high: 4}
    retry_factor: {low: 1, expected: 1.05, high: 1.5}
    input_tokens: {low: 500, expected: 1000, high: 3000}
    cached_input_ratio: {low: 0, expected: 0.3, high: 0.6}
    output_tokens: 100
  - name: agent
    kind: llm
    model: anthropic/claude-sonnet-4-5
    input_tokens: 20000
    cached_input_tokens: {low: 10000, expected: 15000, high: 18000}
    cache_write_tokens: 1000
    output_tokens: {low: 400, expected: 600, high: 1200}
    reasoning_tokens: 300
  - name: review
    kind: llm
    model: acme/reviewer
    input_tokens: {low: 150000, expected: 190000, high: 260000}
    output_tokens: 2000
    web_searches: {low: 0, expected: 1, high: 3}
    price:
      input_per_mtok: 1.25
      output_per_mtok: 10
      web_search_per_thousand: 10
      tiers:
        - above_input_tokens: 200000
          inclusive: true
          input_per_mtok: 2.5
          output_per_mtok: 15
  - name: fixed
    kind: llm
    model: acme/fixed
    calls_per_unit: 0
    input_tokens: 100
    price:
      input_per_mtok: 1
"""


def prepared(text: str):
    """Return the evaluator, baseline, measured ranges and compiled components."""
    document = parse_yaml(text, Path("design.yaml"))
    loaded = validate_document(document)
    baseline = estimate(loaded)
    pinned = with_price_date(loaded.document, baseline.as_of)
    evaluator = Evaluator(pinned)
    measured = measure(evaluator, baseline, find_ranges(pinned))
    models = compile_components(baseline, measured.ends, measured.components)
    return evaluator, baseline, measured, models


@pytest.fixture(scope="module")
def sampled():
    return prepared(SAMPLED)


def test_percentile_interpolates() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert percentile(values, 0.1) == Decimal("1.4")
    assert percentile(values, 0.5) == Decimal("3.0")
    assert percentile(values, 0.9) == Decimal("4.6")
    assert percentile([7.5], 0.9) == Decimal("7.5")


def test_draws_repeat_with_seed(sampled) -> None:
    _, _, measured, _ = sampled
    first = draw(measured.inputs, 500, seed=3)
    again = draw(measured.inputs, 500, seed=3)
    other = draw(measured.inputs, 500, seed=4)
    assert first == again
    assert first != other


def test_draws_stay_in_range(sampled) -> None:
    _, _, measured, _ = sampled
    columns = draw(measured.inputs, 2000, seed=1)
    for item in measured.inputs:
        values = columns[item.path]
        assert min(values) >= float(item.low)
        assert max(values) <= float(item.high)


def test_degenerate_range_is_constant() -> None:
    text = SAMPLED.replace(
        "output_tokens: {low: 400, expected: 600, high: 1200}",
        "output_tokens: {low: 600, expected: 600, high: 600}",
    )
    _, _, measured, _ = prepared(text)
    columns = draw(measured.inputs, 50, seed=0)
    path = ("components", 1, "output_tokens")
    assert columns[path] == [600.0] * 50


def test_components_compiled(sampled) -> None:
    _, _, _, models = sampled
    assert [type(model).__name__ for model in models[:3]] == ["LlmCost"] * 3
    assert models[3] == CONSTANT


CHAT, AGENT, REVIEW = 0, 1, 2


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_compiled_cost_matches_engine(sampled, data: st.DataObject) -> None:
    evaluator, baseline, measured, models = sampled
    values = {}
    for item in measured.inputs:
        low, high = float(item.low), float(item.high)
        value = data.draw(
            st.one_of(
                st.sampled_from([low, high, float(item.expected)]),
                st.floats(low, high, allow_nan=False),
            )
        )
        values[item.path] = Decimal(repr(value))
    full = evaluator.estimate(values, cache=False)

    columns = {path: [float(value)] for path, value in values.items()}
    units = units_column(baseline.design, columns, 1)
    for index in (CHAT, AGENT, REVIEW):
        model = models[index]
        assert isinstance(model, LlmCost)
        compiled = model.monthly(columns, units, 1)[0]
        expected = float(full.components[index].monthly_cost)
        assert math.isclose(compiled, expected, rel_tol=1e-9, abs_tol=1e-12)


def test_compiled_cost_at_inclusive_tier(sampled) -> None:
    evaluator, baseline, measured, models = sampled
    path = ("components", REVIEW, "input_tokens")
    for tokens in (199_999, 200_000, 200_001):
        full = evaluator.estimate({path: Decimal(tokens)}, cache=False)
        columns = {
            item.path: [float(tokens) if item.path == path else float(item.expected)]
            for item in measured.inputs
        }
        units = units_column(baseline.design, columns, 1)
        compiled = models[REVIEW].monthly(columns, units, 1)[0]
        expected = float(full.components[REVIEW].monthly_cost)
        assert math.isclose(compiled, expected, rel_tol=1e-9)


def test_ranged_price_uses_full_pricing() -> None:
    text = SAMPLED.replace(
        "      input_per_mtok: 1.25\n",
        "      input_per_mtok: {low: 1, expected: 1.25, high: 1.5}\n",
    )
    _, _, _, models = prepared(text)
    assert models[REVIEW] == FULL_PRICING
    assert isinstance(models[CHAT], LlmCost)


def analysed(text: str, **options):
    document = parse_yaml(text, Path("design.yaml"))
    loaded = validate_document(document)
    return analyse(estimate(loaded), loaded, **options)


def test_full_pricing_percentiles_ordered() -> None:
    text = SAMPLED.replace(
        "      input_per_mtok: 1.25\n",
        "      input_per_mtok: {low: 1, expected: 1.25, high: 1.5}\n",
    )
    result = analysed(text, samples=40, seed=2)
    drawn = result.analysis.samples
    review = drawn.components[REVIEW].monthly
    bounds = result.analysis.component_ranges[REVIEW]
    assert review.p10 <= review.p50 <= review.p90
    assert bounds.monthly_low <= review.p10
    assert review.p90 <= bounds.monthly_high


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32), count=st.integers(1, 300))
def test_percentiles_ordered_within_bounds(seed: int, count: int) -> None:
    result = analysed(SAMPLED, samples=count, seed=seed)
    analysis = result.analysis
    drawn = analysis.samples
    span = analysis.range
    for percentiles, low, high in (
        (drawn.total.monthly, span.monthly_low, span.monthly_high),
        (drawn.total.unit, span.unit_low, span.unit_high),
    ):
        assert percentiles.p10 <= percentiles.p50 <= percentiles.p90
        # Floats carry about 16 significant digits, so allow that much slack.
        assert percentiles.p10 >= low * Decimal("0.999999999")
        assert percentiles.p90 <= high * Decimal("1.000000001")


def test_same_seed_same_report(run_cli, write_file) -> None:
    design = write_file("design.yaml", SAMPLED)
    first = run_cli("estimate", design, "-f", "json", "--samples", "500", "--seed", "9")
    again = run_cli("estimate", design, "-f", "json", "--samples", "500", "--seed", "9")
    other = run_cli(
        "estimate", design, "-f", "json", "--samples", "500", "--seed", "10"
    )
    assert first.exit_code == 0, first.stderr
    assert first.stdout == again.stdout
    first_data = json.loads(first.stdout)
    other_data = json.loads(other.stdout)
    assert first_data["monthly_cost_p50"] != other_data["monthly_cost_p50"]
    assert first_data["monthly_cost"] == other_data["monthly_cost"]


def test_sample_fields_in_json(run_cli, write_file) -> None:
    design = write_file("design.yaml", SAMPLED)
    result = run_cli(
        "estimate", design, "-f", "json", "--samples", "300", "--seed", "5"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["samples"] == {"count": 300, "seed": 5, "distribution": "triangular"}
    for document in (data, *data["components"]):
        p10, p50, p90 = (
            Decimal(document[f"monthly_cost_{name}"]) for name in ("p10", "p50", "p90")
        )
        assert p10 <= p50 <= p90
        unit = [
            Decimal(document[f"unit_cost_{name}"]) for name in ("p10", "p50", "p90")
        ]
        assert unit == sorted(unit)
    fixed = data["components"][3]
    assert fixed["monthly_cost_p10"] == fixed["monthly_cost_p90"] == "0"


def test_expected_unchanged_by_sampling(run_cli, write_file) -> None:
    design = write_file("design.yaml", SAMPLED)
    plain = json.loads(run_cli("estimate", design, "-f", "json").stdout)
    sampled = json.loads(
        run_cli("estimate", design, "-f", "json", "--samples", "200").stdout
    )
    assert sampled["monthly_cost"] == plain["monthly_cost"]
    assert sampled["monthly_cost_low"] == plain["monthly_cost_low"]
    assert sampled["monthly_cost_high"] == plain["monthly_cost_high"]


def test_samples_in_table_and_markdown(run_cli, write_file) -> None:
    design = write_file("design.yaml", SAMPLED)
    table = run_cli("estimate", design, "--samples", "1000", "--seed", "1")
    assert table.exit_code == 0, table.stderr
    assert "1,000 Monte Carlo samples, seed 1: P10 $" in table.stdout
    markdown = run_cli("estimate", design, "-f", "markdown", "--samples", "1000")
    assert markdown.exit_code == 0, markdown.stderr
    assert "| | Low | Expected | High | P10 | P50 | P90 |" in markdown.stdout
    assert "P10, P50 and P90 come from 1,000 Monte Carlo samples" in markdown.stdout


def test_samples_without_ranges_warns(run_cli, write_file) -> None:
    plain = (
        "version: 1\nname: Plain\nunit: request\nvolume:\n  units_per_day: 200\n"
        "components:\n  - name: fixed\n    kind: llm\n    model: acme/fixed\n"
        "    input_tokens: 100\n    price:\n      input_per_mtok: 1\n"
    )
    result = run_cli("estimate", write_file("design.yaml", plain), "--samples", "10")
    assert result.exit_code == 0, result.stderr
    assert "--samples draws nothing because the design has no" in result.stderr


@pytest.mark.parametrize("count", ["-1", "1000001", "many"])
def test_samples_option_checked(count: str, run_cli, write_file) -> None:
    result = run_cli("estimate", write_file("design.yaml", SAMPLED), "--samples", count)
    assert result.exit_code == 2
    assert "--samples" in result.stderr


def test_samples_need_one_design(run_cli, write_file) -> None:
    first = write_file("a.yaml", SAMPLED)
    second = write_file("b.yaml", SAMPLED)
    result = run_cli("estimate", first, second, "--samples", "10")
    assert result.exit_code == 2
    assert "--samples applies to one design, but several were given" in result.stderr


FLEET = """\
version: 1
name: Self-hosted
unit: request
volume:
  units_per_day: {low: 500000, expected: 2000000, high: 8000000}
pricing:
  as_of: 2026-11-01
components:
  - name: chat
    kind: llm
    model: openai/gpt-4o-mini
    input_tokens: 1000
    output_tokens: 300
  - name: fleet
    kind: gpu_fleet
    instance: aws/p5.48xlarge
    serves: chat
    model_size_b: 70
"""


def test_other_kinds_use_full_pricing() -> None:
    models = prepared(FLEET)[3]
    # The fleet replaces the API cost of the llm it serves, so chat costs nothing.
    assert models == [CONSTANT, FULL_PRICING]
    result = analysed(FLEET, samples=20, seed=0)
    fleet = result.analysis.samples.components[1].monthly
    bounds = result.analysis.component_ranges[1]
    assert bounds.monthly_low <= fleet.p10 <= fleet.p50 <= fleet.p90
    assert fleet.p90 <= bounds.monthly_high
