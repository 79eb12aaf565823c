"""Hand-computed LLM pricing cases, run through real design files and the CLI.

Every expected cost is written as the arithmetic on the listed rates. Catalog rates are
genai-prices 0.2.3's, in USD per million tokens (web searches and requests per 1,000),
checked with `genai_prices.data` for the price date used here:

    openai/gpt-4o             input 2.5, cached 1.25, output 10, web search 10
                              priority 4.25 / 2.125 / 17 (from 2026-10-12)
    openai/gpt-5              input 1.25, cached 0.125, output 10, web search 10
                              flex and batch 0.625 / 0.0625 / 5 (from 2026-10-12 and
                              2026-10-14), priority 2.5 / 0.25 / 20 (from 2026-10-12)
    openai/o3                 10 / 0.5 / 40 before 2025-06-10, then 2 / 0.5 / 8
    anthropic/claude-sonnet-4-5
                              input 3, cache read 0.3, cache write 3.75, output 15;
                              above 200,000 input tokens 6 / 0.6 / 7.5 / 22.5
                              batch 1.5 / 0.15 / 1.875 / 7.5 (from 2026-10-14)
    anthropic/claude-3-5-haiku-latest
                              input 0.8, cache read 0.08, cache write 1, output 4
    perplexity/sonar          input 1, output 1, requests 12
    perplexity/sonar-deep-research
                              input 2, output 8, reasoning 3, web search 5
    groq/llama-3.3-70b-versatile
                              input 0.59, output 0.79, no cache price
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from aicost.design.loader import load_design
from aicost.engine.estimate import estimate
from aicost.engine.result import Estimate
from aicost.errors import AicostError, InputError, UnknownNameError
from aicost.pricing.user_files import load_price_files

D = Decimal
MTOK = 1_000_000
K = 1000
AS_OF = "2026-11-01"
UNITS = D(1000)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _yaml_lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                lines.append(f"{pad}{key}:")
                lines.extend(_yaml_lines(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            nested = _yaml_lines(item, indent + 2)
            lines.append(f"{pad}- {nested[0].lstrip()}")
            lines.extend(nested[1:])
    return lines


def design_text(
    components: list[dict[str, Any]],
    *,
    volume: dict[str, Any] | None = None,
    period: dict[str, Any] | None = None,
    pricing: dict[str, Any] | None = None,
) -> str:
    """Return the YAML text of a design with these components."""
    document: dict[str, Any] = {
        "version": 1,
        "name": "pricing case",
        "unit": "request",
        "volume": volume or {"units_per_month": UNITS},
    }
    if period is not None:
        document["period"] = period
    document["pricing"] = pricing or {"as_of": AS_OF}
    named = [
        {"name": f"c{index}", "kind": "llm", **item}
        for index, item in enumerate(components)
    ]
    document["components"] = named
    return "\n".join(_yaml_lines(document, 0)) + "\n"


@pytest.fixture
def write_design(write_file):
    """Write a design file from components and settings and return its path."""

    def write(components: list[dict[str, Any]], **settings: Any) -> Path:
        return write_file("design.yaml", design_text(components, **settings))

    return write


@pytest.fixture
def price(write_design):
    """Price a design through the loader and the engine."""

    def run(
        components: list[dict[str, Any]],
        *,
        price_files: list[Path] | None = None,
        **settings: Any,
    ) -> Estimate:
        path = write_design(components, **settings)
        user_prices = load_price_files(price_files or [])
        return estimate(load_design(path), user_prices=user_prices)

    return run


@pytest.fixture
def price_json(write_design, run_cli):
    """Price a design with `aicost estimate -f json` and return the parsed report."""

    def run(components: list[dict[str, Any]], *args: str, **settings: Any) -> Any:
        path = write_design(components, **settings)
        result = run_cli("estimate", path, "-f", "json", *args)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return run


# One component each, 1,000 units of work per month, priced on AS_OF.
CATALOG_CASES = [
    pytest.param(
        {"model": "openai/gpt-4o", "input_tokens": 1000, "output_tokens": 200},
        UNITS * (D(1000) * D("2.5") + D(200) * D(10)) / MTOK,
        id="gpt-4o-input-and-output",
    ),
    pytest.param(
        {
            "model": "openai/gpt-4o",
            "input_tokens": 1000,
            "cached_input_tokens": 400,
            "output_tokens": 200,
        },
        UNITS * (D(600) * D("2.5") + D(400) * D("1.25") + D(200) * D(10)) / MTOK,
        id="gpt-4o-cache-read-billed-once",
    ),
    pytest.param(
        {
            "model": "openai/gpt-4o",
            "input_tokens": 1000,
            "cached_input_ratio": D("0.25"),
            "output_tokens": 200,
        },
        UNITS * (D(750) * D("2.5") + D(250) * D("1.25") + D(200) * D(10)) / MTOK,
        id="gpt-4o-cached-input-ratio",
    ),
    pytest.param(
        {
            "model": "anthropic/claude-sonnet-4-5",
            "input_tokens": 10_000,
            "cache_write_tokens": 4000,
            "output_tokens": 500,
        },
        UNITS * (D(6000) * D(3) + D(4000) * D("3.75") + D(500) * D(15)) / MTOK,
        id="sonnet-cache-write-not-on-top-of-input",
    ),
    pytest.param(
        {
            "model": "anthropic/claude-sonnet-4-5",
            "input_tokens": 10_000,
            "cache_write_ratio": D("0.1"),
            "cached_input_ratio": D("0.5"),
            "output_tokens": 500,
        },
        UNITS
        * (D(4000) * D(3) + D(5000) * D("0.3") + D(1000) * D("3.75") + D(500) * D(15))
        / MTOK,
        id="sonnet-cache-read-and-write-ratios",
    ),
    pytest.param(
        {
            "model": "anthropic/claude-3-5-haiku-latest",
            "input_tokens": 8000,
            "cached_input_tokens": 5000,
            "cache_write_tokens": 2000,
            "output_tokens": 300,
        },
        UNITS
        * (D(1000) * D("0.8") + D(5000) * D("0.08") + D(2000) * D(1) + D(300) * D(4))
        / MTOK,
        id="haiku-cache-read-and-write",
    ),
    pytest.param(
        {
            "model": "openai/gpt-5",
            "input_tokens": 2000,
            "output_tokens": 3000,
            "reasoning_tokens": 2000,
        },
        UNITS * (D(2000) * D("1.25") + D(3000) * D(10)) / MTOK,
        id="gpt-5-reasoning-inside-output",
    ),
    pytest.param(
        {
            "model": "perplexity/sonar-deep-research",
            "input_tokens": 1000,
            "output_tokens": 3000,
            "reasoning_tokens": 2000,
        },
        UNITS * (D(1000) * D(2) + D(1000) * D(8) + D(2000) * D(3)) / MTOK,
        id="deep-research-reasoning-at-own-rate",
    ),
    pytest.param(
        {
            "model": "openai/gpt-4o",
            "input_tokens": 1000,
            "output_tokens": 200,
            "retry_factor": D("1.05"),
        },
        UNITS * D("1.05") * (D(1000) * D("2.5") + D(200) * D(10)) / MTOK,
        id="gpt-4o-retries",
    ),
    pytest.param(
        {
            "model": "openai/gpt-4o",
            "input_tokens": 1000,
            "output_tokens": 200,
            "calls_per_unit": 8,
            "retry_factor": D("1.03"),
        },
        UNITS * 8 * D("1.03") * (D(1000) * D("2.5") + D(200) * D(10)) / MTOK,
        id="gpt-4o-calls-per-unit-and-retries",
    ),
    pytest.param(
        {
            "model": "openai/gpt-4o",
            "input_tokens": 1000,
            "output_tokens": 200,
            "web_searches": 2,
        },
        UNITS * ((D(1000) * D("2.5") + D(200) * D(10)) / MTOK + D(2) * D(10) / K),
        id="gpt-4o-web-searches-per-search",
    ),
    pytest.param(
        {
            "model": "openai/gpt-4o",
            "input_tokens": 1000,
            "output_tokens": 200,
            "web_searches": 0,
        },
        UNITS * (D(1000) * D("2.5") + D(200) * D(10)) / MTOK,
        id="gpt-4o-no-searches-no-fee",
    ),
    pytest.param(
        {"model": "perplexity/sonar", "input_tokens": 1000, "output_tokens": 500},
        UNITS * ((D(1000) * D(1) + D(500) * D(1)) / MTOK + D(1) * D(12) / K),
        id="sonar-request-fee-per-call",
    ),
    pytest.param(
        {
            "model": "perplexity/sonar",
            "input_tokens": 1000,
            "output_tokens": 500,
            "retry_factor": D("1.5"),
        },
        UNITS * D("1.5") * ((D(1000) + D(500)) * D(1) / MTOK + D(12) / K),
        id="sonar-request-fee-per-attempt",
    ),
    pytest.param(
        {
            "model": "groq/llama-3.3-70b-versatile",
            "input_tokens": 1000,
            "cached_input_tokens": 600,
            "output_tokens": 100,
        },
        UNITS * (D(1000) * D("0.59") + D(100) * D("0.79")) / MTOK,
        id="no-cache-price-bills-input-rate",
    ),
    pytest.param(
        {
            "model": "openai/gpt-5",
            "mode": "batch",
            "input_tokens": 1000,
            "cached_input_tokens": 500,
            "output_tokens": 3000,
        },
        UNITS * (D(500) * D("0.625") + D(500) * D("0.0625") + D(3000) * D(5)) / MTOK,
        id="gpt-5-batch",
    ),
    pytest.param(
        {
            "model": "openai/gpt-5",
            "mode": "flex",
            "input_tokens": 1000,
            "cached_input_tokens": 500,
            "output_tokens": 3000,
        },
        UNITS * (D(500) * D("0.625") + D(500) * D("0.0625") + D(3000) * D(5)) / MTOK,
        id="gpt-5-flex",
    ),
    pytest.param(
        {
            "model": "openai/gpt-5",
            "mode": "priority",
            "input_tokens": 1000,
            "cached_input_tokens": 500,
            "output_tokens": 3000,
        },
        UNITS * (D(500) * D("2.5") + D(500) * D("0.25") + D(3000) * D(20)) / MTOK,
        id="gpt-5-priority",
    ),
    pytest.param(
        {
            "model": "openai/gpt-5",
            "mode": "batch",
            "input_tokens": 1000,
            "output_tokens": 1000,
            "web_searches": 1,
        },
        UNITS * ((D(1000) * D("0.625") + D(1000) * D(5)) / MTOK + D(1) * D(10) / K),
        id="gpt-5-batch-web-search-full-price",
    ),
    pytest.param(
        {
            "model": "openai/gpt-4o",
            "mode": "priority",
            "input_tokens": 1000,
            "cached_input_tokens": 200,
            "output_tokens": 100,
        },
        UNITS * (D(800) * D("4.25") + D(200) * D("2.125") + D(100) * D(17)) / MTOK,
        id="gpt-4o-priority",
    ),
    pytest.param(
        {
            "model": "anthropic/claude-sonnet-4-5",
            "mode": "batch",
            "input_tokens": 10_000,
            "cached_input_tokens": 6000,
            "cache_write_tokens": 1000,
            "output_tokens": 500,
        },
        UNITS
        * (
            D(3000) * D("1.5")
            + D(6000) * D("0.15")
            + D(1000) * D("1.875")
            + D(500) * D("7.5")
        )
        / MTOK,
        id="sonnet-batch-cache-rates-stack",
    ),
]


@pytest.mark.parametrize(("component", "expected"), CATALOG_CASES)
def test_catalog_case(price, component: dict[str, Any], expected: Decimal) -> None:
    result = price([component])

    assert result.monthly_cost == expected
    assert result.components[0].monthly_cost == expected


@pytest.mark.parametrize(("component", "expected"), CATALOG_CASES)
def test_catalog_case_cli_json(
    price_json, component: dict[str, Any], expected: Decimal
) -> None:
    report = price_json([component])

    assert D(report["monthly_cost"]) == expected
    assert D(report["components"][0]["monthly_cost"]) == expected
    assert D(report["unit_cost"]) == expected / UNITS


def test_cache_read_not_also_at_input_rate(price) -> None:
    component = {
        "model": "openai/gpt-4o",
        "input_tokens": 1000,
        "cached_input_tokens": 400,
        "output_tokens": 0,
    }

    item = price([component]).components[0]

    assert item.billed_per_call["input_tokens"] == 600
    assert item.billed_per_call["cache_read_tokens"] == 400
    assert item.cost_by_usage["input_tokens"] == UNITS * D(600) * D("2.5") / MTOK
    assert item.cost_by_usage["cache_read_tokens"] == (
        UNITS * D(400) * D("1.25") / MTOK
    )
    double_counted = UNITS * (D(1000) * D("2.5") + D(400) * D("1.25")) / MTOK
    assert item.monthly_cost < double_counted


def test_cache_write_not_on_top_of_input(price) -> None:
    component = {
        "model": "anthropic/claude-sonnet-4-5",
        "input_tokens": 10_000,
        "cache_write_tokens": 4000,
    }

    item = price([component]).components[0]

    assert item.billed_per_call["input_tokens"] == 6000
    assert item.billed_per_call["cache_write_tokens"] == 4000
    assert item.cost_by_usage["cache_write_tokens"] == (
        UNITS * D(4000) * D("3.75") / MTOK
    )
    on_top = UNITS * (D(10_000) * D(3) + D(4000) * D("3.75")) / MTOK
    assert item.monthly_cost != on_top


def test_reasoning_billed_once_inside_output(price) -> None:
    base = {"model": "openai/gpt-5", "input_tokens": 0, "output_tokens": 3000}
    with_reasoning = {**base, "reasoning_tokens": 2000}

    plain_cost = price([base]).monthly_cost
    reasoning_cost = price([with_reasoning]).monthly_cost

    assert reasoning_cost == UNITS * D(3000) * D(10) / MTOK
    assert reasoning_cost == plain_cost
    assert reasoning_cost != UNITS * D(5000) * D(10) / MTOK


def test_reasoning_never_unbilled(price) -> None:
    component = {
        "model": "openai/gpt-5",
        "input_tokens": 0,
        "output_tokens": 2000,
        "reasoning_tokens": 2000,
    }

    item = price([component]).components[0]

    assert item.monthly_cost == UNITS * D(2000) * D(10) / MTOK
    assert item.usage_per_call["output_reasoning_tokens"] == 2000


def test_reasoning_rate_applies_to_reasoning_part(price) -> None:
    component = {
        "model": "perplexity/sonar-deep-research",
        "input_tokens": 0,
        "output_tokens": 3000,
        "reasoning_tokens": 2000,
    }

    item = price([component]).components[0]

    assert item.cost_by_usage["output_tokens"] == UNITS * D(1000) * D(8) / MTOK
    assert item.cost_by_usage["output_reasoning_tokens"] == (
        UNITS * D(2000) * D(3) / MTOK
    )


def test_cache_rates_stored_per_model(price) -> None:
    # Anthropic lists a 5-minute cache write at 1.25x input and a read at 0.1x. OpenAI
    # lists a read at 0.5x for gpt-4o and 0.1x for gpt-5. Each model keeps its rate.
    result = price(
        [
            {"model": "anthropic/claude-3-5-haiku-latest", "input_tokens": 1},
            {"model": "openai/gpt-4o", "input_tokens": 1},
            {"model": "openai/gpt-5", "input_tokens": 1},
        ]
    )
    haiku, gpt_4o, gpt_5 = (item.rates for item in result.components)

    assert haiku["cache_write_mtok"] == D("0.8") * D("1.25")
    assert haiku["cache_read_mtok"] == D("0.8") * D("0.1")
    assert gpt_4o["cache_read_mtok"] == D("2.5") * D("0.5")
    assert gpt_5["cache_read_mtok"] == D("1.25") * D("0.1")


def test_missing_cache_read_price_warns(price) -> None:
    component = {
        "model": "groq/llama-3.3-70b-versatile",
        "input_tokens": 1000,
        "cached_input_tokens": 600,
    }

    result = price([component])

    assert result.monthly_cost == UNITS * D(1000) * D("0.59") / MTOK
    assert len(result.warnings) == 1
    assert "lists no cached-input price" in result.warnings[0]
    assert "full input rate" in result.warnings[0]


def test_missing_cache_write_price_warns(price) -> None:
    component = {
        "model": "openai/gpt-4o",
        "input_tokens": 1000,
        "cache_write_tokens": 300,
    }

    result = price([component])

    assert result.monthly_cost == UNITS * D(1000) * D("2.5") / MTOK
    assert any("lists no cache-write price" in text for text in result.warnings)


def test_web_search_fee_per_search_made(price) -> None:
    component = {
        "model": "openai/gpt-4o",
        "input_tokens": 0,
        "web_searches": 3,
        "calls_per_unit": 2,
    }

    item = price([component]).components[0]

    assert item.cost_by_usage["web_searches"] == UNITS * 2 * D(3) * D(10) / K
    assert item.usage_per_month["web_searches"] == UNITS * 2 * 3


def test_declared_search_tool_costs_nothing(price) -> None:
    component = {"model": "openai/gpt-4o", "input_tokens": 100}

    item = price([component]).components[0]

    assert "web_searches" not in item.cost_by_usage
    assert "web_searches_kcount" not in item.rates
    assert item.monthly_cost == UNITS * D(100) * D("2.5") / MTOK


# Month convention: units_per_day × hours_per_month / 24.
MONTH_CASES = [
    pytest.param(
        {"units_per_day": 2400}, None, D(2400) * 730 / 24, id="per-day-default-730"
    ),
    pytest.param(
        {"units_per_day": 1000},
        {"hours_per_month": 720},
        D(1000) * 720 / 24,
        id="per-day-720",
    ),
    pytest.param(
        {"units_per_day": 1000},
        {"hours_per_month": 744},
        D(1000) * 744 / 24,
        id="per-day-744",
    ),
    pytest.param(
        {"units_per_month": 50_000},
        {"hours_per_month": 744},
        D(50_000),
        id="per-month-ignores-hours",
    ),
]


@pytest.mark.parametrize(("volume", "period", "units_per_month"), MONTH_CASES)
def test_month_convention(
    price,
    volume: dict[str, Any],
    period: dict[str, Any] | None,
    units_per_month: Decimal,
) -> None:
    component = {"model": "openai/gpt-4o", "input_tokens": 1000, "output_tokens": 200}

    result = price([component], volume=volume, period=period)

    assert result.units_per_month == units_per_month
    assert result.monthly_cost == (
        units_per_month * (D(1000) * D("2.5") + D(200) * D(10)) / MTOK
    )


def test_month_730_non_terminating(price) -> None:
    component = {"model": "openai/gpt-4o", "input_tokens": 1000}

    result = price([component], volume={"units_per_day": 1000})

    # 1,000 × 730 / 24 = 30,416.66… does not terminate, and Decimal keeps 28
    # significant digits.
    expected = D(1000) * D(730) / D(24) * D(1000) * D("2.5") / MTOK
    assert abs(result.monthly_cost - expected) < D("1e-20")
    assert result.hours_per_month == 730


@pytest.mark.parametrize(
    ("period", "printed"),
    [
        pytest.param(None, "730", id="default"),
        pytest.param({"hours_per_month": 720}, "720", id="720"),
        pytest.param({"hours_per_month": 744}, "744", id="744"),
    ],
)
def test_month_printed_in_json(price_json, period, printed: str) -> None:
    component = {"model": "openai/gpt-4o", "input_tokens": 1000}

    report = price_json([component], volume={"units_per_day": 2400}, period=period)

    assert report["hours_per_month"] == printed
    assert D(report["units_per_month"]) == D(2400) * D(printed) / 24


SONNET = "anthropic/claude-sonnet-4-5"

# claude-sonnet-4-5 bills the whole request at the tier rates when its total input,
# cached and cache-write tokens included, is more than 200,000 tokens.
SONNET_TIER_CASES = [
    pytest.param(
        {"input_tokens": 199_999, "output_tokens": 1000},
        (D(199_999) * D(3) + D(1000) * D(15)) / MTOK,
        False,
        id="one-below-threshold",
    ),
    pytest.param(
        {"input_tokens": 200_000, "output_tokens": 1000},
        (D(200_000) * D(3) + D(1000) * D(15)) / MTOK,
        False,
        id="at-threshold-base-rate",
    ),
    pytest.param(
        {"input_tokens": 200_001, "output_tokens": 1000},
        (D(200_001) * D(6) + D(1000) * D("22.5")) / MTOK,
        True,
        id="one-above-threshold",
    ),
    pytest.param(
        {"input_tokens": 200_001, "cached_input_tokens": 50_001, "output_tokens": 1000},
        (D(150_000) * D(6) + D(50_001) * D("0.6") + D(1000) * D("22.5")) / MTOK,
        True,
        id="cached-tokens-count-toward-threshold",
    ),
    pytest.param(
        {"input_tokens": 200_001, "cache_write_tokens": 50_001, "output_tokens": 1000},
        (D(150_000) * D(6) + D(50_001) * D("7.5") + D(1000) * D("22.5")) / MTOK,
        True,
        id="cache-writes-count-toward-threshold",
    ),
    pytest.param(
        {
            "input_tokens": 200_000,
            "cached_input_tokens": 100_000,
            "cache_write_tokens": 50_000,
            "output_tokens": 1000,
        },
        (
            D(50_000) * D(3)
            + D(100_000) * D("0.3")
            + D(50_000) * D("3.75")
            + D(1000) * D(15)
        )
        / MTOK,
        False,
        id="with-cache-at-threshold-base-rate",
    ),
    pytest.param(
        {"input_tokens": 250_000, "output_tokens": 1000, "mode": "batch"},
        (D(250_000) * D(3) + D(1000) * D("11.25")) / MTOK,
        True,
        id="batch-tier-rates",
    ),
]


@pytest.mark.parametrize(("fields", "per_call", "tiered"), SONNET_TIER_CASES)
def test_sonnet_long_context_tier(
    price, fields: dict[str, Any], per_call: Decimal, tiered: bool
) -> None:
    item = price([{"model": SONNET, **fields}]).components[0]

    assert item.cost_per_call == per_call
    assert item.monthly_cost == UNITS * per_call
    if tiered:
        assert item.tier is not None
        assert item.tier.threshold == 200_000
    else:
        assert item.tier is None


# Thresholds differ per model. genai-prices 0.2.3 lists grok-4.20's tier from 199,999
# tokens (strictly above), which is xAI's greater-or-equal switch at 200,000.
#   openai/gpt-5.4         2.5 / 15, above 272,000 input tokens 5 / 22.5
#   google/gemini-1.5-pro  1.25 / 5, above 128,000 input tokens 2.5 / 10
#   x-ai/grok-4.20         1.25 / 2.5, from 200,000 input tokens 2.5 / 5
OTHER_TIER_CASES = [
    pytest.param(
        "openai/gpt-5.4",
        272_000,
        (D(272_000) * D("2.5") + D(100) * D(15)) / MTOK,
        id="gpt-5.4-at-272k",
    ),
    pytest.param(
        "openai/gpt-5.4",
        272_001,
        (D(272_001) * D(5) + D(100) * D("22.5")) / MTOK,
        id="gpt-5.4-above-272k",
    ),
    pytest.param(
        "google/gemini-1.5-pro",
        128_000,
        (D(128_000) * D("1.25") + D(100) * D(5)) / MTOK,
        id="gemini-1.5-pro-at-128k",
    ),
    pytest.param(
        "google/gemini-1.5-pro",
        128_001,
        (D(128_001) * D("2.5") + D(100) * D(10)) / MTOK,
        id="gemini-1.5-pro-above-128k",
    ),
    pytest.param(
        "x-ai/grok-4.20",
        199_999,
        (D(199_999) * D("1.25") + D(100) * D("2.5")) / MTOK,
        id="grok-one-below-200k",
    ),
    pytest.param(
        "x-ai/grok-4.20",
        200_000,
        (D(200_000) * D("2.5") + D(100) * D(5)) / MTOK,
        id="grok-at-200k-switches",
    ),
]


@pytest.mark.parametrize(("model", "input_tokens", "per_call"), OTHER_TIER_CASES)
def test_catalog_tier_thresholds(
    price, model: str, input_tokens: int, per_call: Decimal
) -> None:
    component = {"model": model, "input_tokens": input_tokens, "output_tokens": 100}

    item = price([component]).components[0]

    assert item.cost_per_call == per_call


def test_output_rate_follows_input_tier(price) -> None:
    below = price([{"model": SONNET, "input_tokens": 200_000, "output_tokens": 10}])
    above = price([{"model": SONNET, "input_tokens": 200_001, "output_tokens": 10}])

    assert below.components[0].rates["output_mtok"] == D(15)
    assert above.components[0].rates["output_mtok"] == D("22.5")
    assert above.components[0].cost_by_usage["output_tokens"] == (
        UNITS * D(10) * D("22.5") / MTOK
    )


def test_long_context_tier_in_json(price_json) -> None:
    report = price_json([{"model": SONNET, "input_tokens": 200_001}])

    component = report["components"][0]
    assert component["long_context_tier"] == {
        "above_input_tokens": 200_000,
        "inclusive": False,
    }
    assert component["rates"]["input_mtok"] == "6"


def inline_tiered(inclusive: bool) -> dict[str, Any]:
    return {
        "input_per_mtok": 2,
        "cached_input_per_mtok": D("0.5"),
        "output_per_mtok": 8,
        "tiers": [
            {
                "above_input_tokens": 128_000,
                "inclusive": inclusive,
                "input_per_mtok": 4,
                "cached_input_per_mtok": 1,
                "output_per_mtok": 12,
            }
        ],
    }


# An inline tier with `inclusive: true` switches at the threshold (greater or equal, as
# xAI bills); without it only above the threshold.
INLINE_TIER_CASES = [
    pytest.param(True, 127_999, (D(127_999) * 2 + D(100) * 8) / MTOK, id="incl-below"),
    pytest.param(True, 128_000, (D(128_000) * 4 + D(100) * 12) / MTOK, id="incl-at"),
    pytest.param(True, 128_001, (D(128_001) * 4 + D(100) * 12) / MTOK, id="incl-above"),
    pytest.param(False, 128_000, (D(128_000) * 2 + D(100) * 8) / MTOK, id="strict-at"),
    pytest.param(
        False, 128_001, (D(128_001) * 4 + D(100) * 12) / MTOK, id="strict-above"
    ),
]


@pytest.mark.parametrize(("inclusive", "input_tokens", "per_call"), INLINE_TIER_CASES)
def test_inline_tier_threshold(
    price, inclusive: bool, input_tokens: int, per_call: Decimal
) -> None:
    component = {
        "model": "acme/long-context",
        "input_tokens": input_tokens,
        "output_tokens": 100,
        "price": inline_tiered(inclusive),
    }

    item = price([component]).components[0]

    assert item.cost_per_call == per_call


def test_inline_tier_counts_cached_input(price) -> None:
    component = {
        "model": "acme/long-context",
        "input_tokens": 128_000,
        "cached_input_tokens": 28_000,
        "output_tokens": 100,
        "price": inline_tiered(True),
    }

    item = price([component]).components[0]

    assert item.cost_per_call == (D(100_000) * 4 + D(28_000) * 1 + D(100) * 12) / MTOK


INLINE_CASES = [
    pytest.param(
        {"input_per_mtok": D("0.8"), "output_per_mtok": D("2.4")},
        {"input_tokens": 5000, "output_tokens": 500},
        (D(5000) * D("0.8") + D(500) * D("2.4")) / MTOK,
        id="input-and-output",
    ),
    pytest.param(
        {
            "input_per_mtok": 3,
            "cached_input_per_mtok": D("0.3"),
            "cache_write_per_mtok": D("3.75"),
            "output_per_mtok": 15,
        },
        {
            "input_tokens": 10_000,
            "cached_input_tokens": 5000,
            "cache_write_tokens": 2000,
            "output_tokens": 100,
        },
        (D(3000) * 3 + D(5000) * D("0.3") + D(2000) * D("3.75") + D(100) * 15) / MTOK,
        id="cache-read-and-write",
    ),
    pytest.param(
        {"input_per_mtok": 2, "output_per_mtok": 8, "batch_discount": D("0.5")},
        {"input_tokens": 1000, "output_tokens": 1000, "mode": "batch"},
        (D(1000) * 2 + D(1000) * 8) * (1 - D("0.5")) / MTOK,
        id="batch-discount",
    ),
    pytest.param(
        {"input_per_mtok": 2, "output_per_mtok": 8, "flex_discount": D("0.5")},
        {"input_tokens": 1000, "output_tokens": 1000, "mode": "flex"},
        (D(1000) * 2 + D(1000) * 8) * (1 - D("0.5")) / MTOK,
        id="flex-discount",
    ),
    pytest.param(
        {"input_per_mtok": 2, "output_per_mtok": 8, "priority_multiplier": D("1.7")},
        {"input_tokens": 1000, "output_tokens": 1000, "mode": "priority"},
        (D(1000) * 2 + D(1000) * 8) * D("1.7") / MTOK,
        id="priority-multiplier",
    ),
    pytest.param(
        {"input_per_mtok": 2, "output_per_mtok": 8, "web_search_per_thousand": 25},
        {"input_tokens": 1000, "output_tokens": 1000, "web_searches": 2},
        (D(1000) * 2 + D(1000) * 8) / MTOK + D(2) * 25 / K,
        id="web-search-fee",
    ),
    pytest.param(
        {"input_per_mtok": D("0.1"), "output_per_mtok": D("0.2")},
        {"input_tokens": 3, "output_tokens": 3},
        (D(3) * D("0.1") + D(3) * D("0.2")) / MTOK,
        id="decimal-exact-no-float-drift",
    ),
]


@pytest.mark.parametrize(("inline", "fields", "per_call"), INLINE_CASES)
def test_inline_price(
    price, inline: dict[str, Any], fields: dict[str, Any], per_call: Decimal
) -> None:
    component = {"model": "acme/private-llm", **fields, "price": inline}

    item = price([component]).components[0]

    assert item.cost_per_call == per_call
    assert item.monthly_cost == UNITS * per_call
    assert item.source.kind == "inline"


def test_inline_price_replaces_catalog(price) -> None:
    component = {
        "model": "openai/gpt-4o",
        "input_tokens": 1000,
        "output_tokens": 100,
        "price": {"input_per_mtok": 2, "output_per_mtok": 8},
    }

    item = price([component]).components[0]

    assert item.cost_per_call == (D(1000) * 2 + D(100) * 8) / MTOK
    assert item.source.kind == "inline"


def test_inline_price_without_output_rate_rejects_output(price) -> None:
    component = {
        "model": "acme/private-llm",
        "input_tokens": 1000,
        "output_tokens": 500,
        "price": {"input_per_mtok": 2},
    }

    with pytest.raises(AicostError, match="no price for output_tokens") as caught:
        price([component])
    assert "output_per_mtok" in caught.value.render()


def test_inline_price_without_output_rate_prices_input(price) -> None:
    component = {
        "model": "acme/embedder",
        "input_tokens": 1000,
        "price": {"input_per_mtok": D("0.02")},
    }

    item = price([component]).components[0]

    assert item.monthly_cost == UNITS * D(1000) * D("0.02") / MTOK


@pytest.mark.parametrize(
    ("price_block", "field"),
    [
        pytest.param(
            {"input_per_mtok": 2500}, "input_per_mtok", id="per-mtok-as-cents"
        ),
        pytest.param(
            {"input_per_mtok": D("0.0000025")}, "input_per_mtok", id="per-token-typed"
        ),
        pytest.param(
            {"input_per_mtok": 1, "output_per_mtok": D("0.00001")},
            "output_per_mtok",
            id="output-per-token",
        ),
        pytest.param(
            {"input_per_mtok": 1, "cached_input_per_mtok": 5000},
            "cached_input_per_mtok",
            id="cached-input-too-high",
        ),
        pytest.param(
            {
                "input_per_mtok": 1,
                "output_per_mtok": 2,
                "tiers": [
                    {
                        "above_input_tokens": 1000,
                        "input_per_mtok": 2,
                        "output_per_mtok": 4000,
                    }
                ],
            },
            "tiers.0.output_per_mtok",
            id="tier-output-too-high",
        ),
    ],
)
def test_inline_rate_magnitude_rejected(
    write_design, run_cli, price_block: dict[str, Any], field: str
) -> None:
    component = {"model": "acme/x", "input_tokens": 10, "price": price_block}
    path = write_design([component])

    result = run_cli("estimate", path, "-f", "json")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"components.c0.price.{field}" in result.stderr
    assert "outside the plausible range" in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_inline_rate_magnitude_error_line(write_design) -> None:
    component = {
        "model": "acme/x",
        "input_tokens": 10,
        "price": {"input_per_mtok": 2500},
    }
    path = write_design([component])
    line = path.read_text().splitlines().index("      input_per_mtok: 2500") + 1

    with pytest.raises(InputError) as caught:
        load_design(path)

    assert caught.value.location.line == line
    assert caught.value.location.field == "components.c0.price.input_per_mtok"


def test_inline_price_zero_rate_allowed(price) -> None:
    component = {
        "model": "acme/free",
        "input_tokens": 10,
        "output_tokens": 10,
        "price": {"input_per_mtok": 0, "output_per_mtok": 0},
    }

    assert price([component]).monthly_cost == 0


def test_discount_applies_to_catalog_prices(price_json) -> None:
    component = {"model": "openai/gpt-4o", "input_tokens": 1000, "output_tokens": 200}

    report = price_json(
        [component], pricing={"as_of": AS_OF, "discounts": {"openai": D("0.2")}}
    )

    list_cost = UNITS * (D(1000) * D("2.5") + D(200) * D(10)) / MTOK
    assert D(report["list_monthly_cost"]) == list_cost
    assert D(report["monthly_cost"]) == list_cost * (1 - D("0.2"))
    assert D(report["list_unit_cost"]) == list_cost / UNITS
    assert D(report["components"][0]["list_monthly_cost"]) == list_cost
    assert D(report["components"][0]["discount"]) == D("0.2")
    assert report["warnings"] == []


def test_discount_skips_inline_prices(price) -> None:
    inline = {
        "model": "openai/gpt-4o-mini",
        "input_tokens": 1000,
        "price": {"input_per_mtok": 2},
    }
    catalog = {"model": "openai/gpt-4o", "input_tokens": 1000}

    result = price(
        [inline, catalog], pricing={"as_of": AS_OF, "discounts": {"OpenAI": D("0.1")}}
    )
    inline_item, catalog_item = result.components

    assert inline_item.monthly_cost == UNITS * D(1000) * 2 / MTOK
    assert inline_item.discount == 0
    assert catalog_item.monthly_cost == (
        UNITS * D(1000) * D("2.5") / MTOK * (1 - D("0.1"))
    )
    assert result.warnings == []


def test_discount_only_on_inline_warns(price) -> None:
    component = {
        "model": "openai/gpt-4o",
        "input_tokens": 1000,
        "price": {"input_per_mtok": 2},
    }

    result = price([component], pricing={"as_of": AS_OF, "discounts": {"openai": 0.3}})

    assert result.monthly_cost == UNITS * D(1000) * 2 / MTOK
    assert result.list_monthly_cost == result.monthly_cost
    assert len(result.warnings) == 1
    assert "'openai'" in result.warnings[0]


def test_discount_unused_provider_warns(write_design, run_cli) -> None:
    component = {"model": "openai/gpt-4o", "input_tokens": 1000}
    path = write_design(
        [component], pricing={"as_of": AS_OF, "discounts": {"anthropic": D("0.15")}}
    )

    result = run_cli("estimate", path, "-f", "json")

    assert result.exit_code == 0
    assert "Warning: discount for 'anthropic' applies to no component" in result.stderr
    report = json.loads(result.stdout)
    assert D(report["monthly_cost"]) == UNITS * D(1000) * D("2.5") / MTOK
    assert len(report["warnings"]) == 1


PRICE_FILE = """\
version: 1
models:
  {ref}:
    source: "{source}"
    as_of: {as_of}
    input_per_mtok: {input}
    output_per_mtok: {output}
"""


def test_price_file_overrides_catalog(write_design, write_file, run_cli) -> None:
    prices = write_file(
        "negotiated.yaml",
        PRICE_FILE.format(
            ref="openai/gpt-4o",
            source="Order form 2026-07",
            as_of="2026-07-01",
            input=2,
            output=8,
        ),
    )
    component = {"model": "openai/gpt-4o", "input_tokens": 1000, "output_tokens": 100}
    path = write_design(
        [component], pricing={"as_of": AS_OF, "discounts": {"openai": D("0.5")}}
    )

    result = run_cli("estimate", path, "-f", "json", "--pricing", prices)

    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    item = report["components"][0]
    expected = UNITS * (D(1000) * 2 + D(100) * 8) / MTOK
    assert D(item["monthly_cost"]) == expected
    assert D(item["discount"]) == 0
    assert item["price_source"]["kind"] == "file"
    assert item["price_source"]["as_of"] == "2026-07-01"
    assert "Order form 2026-07" in item["price_source"]["description"]
    assert str(prices) in item["price_source"]["description"]
    assert "discount for 'openai'" in result.stderr


def test_later_price_file_wins(write_design, write_file, run_cli) -> None:
    first = write_file(
        "first.yaml",
        PRICE_FILE.format(
            ref="acme/private-llm",
            source="2026 quote",
            as_of="2026-01-01",
            input=1,
            output=4,
        ),
    )
    second = write_file(
        "second.yaml",
        PRICE_FILE.format(
            ref="ACME/private-llm",
            source="2026 renewal",
            as_of="2026-09-01",
            input=D("0.5"),
            output=2,
        ),
    )
    component = {
        "model": "acme/private-llm",
        "input_tokens": 1000,
        "output_tokens": 100,
    }
    path = write_design([component])

    result = run_cli(
        "estimate", path, "-f", "json", "--pricing", first, "--pricing", second
    )

    assert result.exit_code == 0, result.stderr
    item = json.loads(result.stdout)["components"][0]
    assert D(item["monthly_cost"]) == UNITS * (D(1000) * D("0.5") + D(100) * 2) / MTOK
    assert item["price_source"]["as_of"] == "2026-09-01"
    assert "2026 renewal" in item["price_source"]["description"]


def test_inline_price_beats_price_file(price, write_file) -> None:
    prices = write_file(
        "prices.yaml",
        PRICE_FILE.format(
            ref="acme/private-llm",
            source="quote",
            as_of="2026-01-01",
            input=1,
            output=4,
        ),
    )
    component = {
        "model": "acme/private-llm",
        "input_tokens": 1000,
        "price": {"input_per_mtok": 3},
    }

    item = price([component], price_files=[prices]).components[0]

    assert item.monthly_cost == UNITS * D(1000) * 3 / MTOK
    assert item.source.kind == "inline"


def test_price_file_magnitude_rejected(write_design, write_file, run_cli) -> None:
    prices = write_file(
        "typo.yaml",
        PRICE_FILE.format(
            ref="acme/private-llm",
            source="quote",
            as_of="2026-01-01",
            input=2500,
            output=4,
        ),
    )
    path = write_design([{"model": "acme/private-llm", "input_tokens": 10}])

    result = run_cli("estimate", path, "--pricing", prices)

    assert result.exit_code == 2
    assert f"{prices}:6" in result.stderr
    assert "models.acme/private-llm.input_per_mtok" in result.stderr
    assert "outside the plausible range" in result.stderr


# openai/o3 fell from 10 / 40 to 2 / 8 per million tokens on 2025-06-10.
O3_DATE_CASES = [
    pytest.param(
        "2025-06-09", (D(1000) * 10 + D(1000) * 40) / MTOK, id="day-before-cut"
    ),
    pytest.param("2025-06-10", (D(1000) * 2 + D(1000) * 8) / MTOK, id="day-of-cut"),
    pytest.param("2026-11-01", (D(1000) * 2 + D(1000) * 8) / MTOK, id="long-after-cut"),
]


@pytest.mark.parametrize(("as_of", "per_call"), O3_DATE_CASES)
def test_price_date_selects_price(price_json, as_of: str, per_call: Decimal) -> None:
    component = {"model": "openai/o3", "input_tokens": 1000, "output_tokens": 1000}

    report = price_json([component], pricing={"as_of": as_of})

    assert D(report["components"][0]["cost_per_call"]) == per_call
    assert report["price_date"] == as_of
    assert report["components"][0]["price_source"]["as_of"] == as_of


def test_as_of_option_overrides_design(price_json) -> None:
    component = {"model": "openai/o3", "input_tokens": 1000, "output_tokens": 1000}

    report = price_json([component], "--as-of", "2025-01-15", pricing={"as_of": AS_OF})

    assert report["price_date"] == "2025-01-15"
    assert D(report["components"][0]["cost_per_call"]) == (
        (D(1000) * 10 + D(1000) * 40) / MTOK
    )


def test_price_date_defaults_to_today(write_file) -> None:
    from datetime import date

    text = design_text([{"model": "openai/gpt-4o", "input_tokens": 1000}])
    text = text.replace(f"pricing:\n  as_of: {AS_OF}\n", "")
    path = write_file("undated.yaml", text)

    result = estimate(load_design(path), today=date(2026, 11, 2))

    assert result.as_of == date(2026, 11, 2)
    assert result.components[0].source.as_of == date(2026, 11, 2)


@pytest.mark.parametrize(
    ("model", "mode", "as_of", "offered"),
    [
        pytest.param(
            "openai/gpt-5", "flex", "2026-10-11", "standard", id="flex-before-start"
        ),
        pytest.param(
            "openai/gpt-5",
            "batch",
            "2026-10-13",
            "standard, flex, priority",
            id="batch-before-start",
        ),
        pytest.param(
            "anthropic/claude-sonnet-4-5",
            "priority",
            AS_OF,
            "standard, batch",
            id="sonnet-priority",
        ),
        pytest.param(
            "groq/llama-3.3-70b-versatile", "flex", AS_OF, "standard", id="groq-flex"
        ),
    ],
)
def test_mode_not_offered_is_error(
    write_design, run_cli, model: str, mode: str, as_of: str, offered: str
) -> None:
    component = {"model": model, "mode": mode, "input_tokens": 1000}
    path = write_design([component], pricing={"as_of": as_of})

    result = run_cli("estimate", path, "-f", "json")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"has no {mode} price" in result.stderr
    assert "components.c0.mode" in result.stderr
    assert f"modes priced on that date: {offered};" in result.stderr
    assert "Traceback" not in result.stderr


def test_mode_from_fallback_provider_is_error(price) -> None:
    # azure/gpt-4o is priced from OpenAI's list; OpenAI's batch rate is not Azure's.
    component = {"model": "azure/gpt-4o", "mode": "batch", "input_tokens": 1000}

    with pytest.raises(AicostError, match="has no batch price") as caught:
        price([component])

    assert "openai/gpt-4o" in caught.value.message


def test_fallback_provider_standard_price(price) -> None:
    component = {"model": "azure/gpt-4o", "input_tokens": 1000, "output_tokens": 100}

    item = price([component]).components[0]

    assert item.model == "openai/gpt-4o"
    assert item.cost_per_call == (D(1000) * D("2.5") + D(100) * 10) / MTOK


def test_inline_mode_without_rate_is_error(price) -> None:
    component = {
        "model": "acme/private-llm",
        "mode": "batch",
        "input_tokens": 1000,
        "price": {"input_per_mtok": 2, "output_per_mtok": 8},
    }

    with pytest.raises(AicostError, match="gives no batch_discount"):
        price([component])


def test_unknown_mode_rejected(write_design, run_cli) -> None:
    component = {"model": "openai/gpt-5", "mode": "turbo", "input_tokens": 1000}
    path = write_design([component])

    result = run_cli("estimate", path)

    assert result.exit_code == 2
    assert "components.c0.mode" in result.stderr
    assert "'turbo'" in result.stderr


def test_unknown_model_names_close_matches(price) -> None:
    component = {"model": "openai/gpt-4oo", "input_tokens": 1000}

    with pytest.raises(UnknownNameError) as caught:
        price([component])

    assert "openai/gpt-4o" in caught.value.matches
    assert "did you mean" in caught.value.message


def test_unknown_model_exit_code(write_design, run_cli) -> None:
    path = write_design([{"model": "anthropic/claude-sonet-4-5", "input_tokens": 1}])

    result = run_cli("estimate", path, "-f", "json")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown model 'anthropic/claude-sonet-4-5'" in result.stderr
    assert "'anthropic/claude-sonnet-4-5'" in result.stderr


def test_model_without_token_price_is_error(price) -> None:
    # tts-1 is billed per input character, so it has no per-token input price.
    component = {"model": "openai/tts-1", "input_tokens": 1000}

    with pytest.raises(AicostError, match="has no price for input_tokens"):
        price([component])


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param(
            {"input_tokens": 100, "cached_input_tokens": 101},
            "cached_input_tokens",
            "exceed input_tokens",
            id="cached-above-input",
        ),
        pytest.param(
            {"input_tokens": 100, "cached_input_tokens": 60, "cache_write_tokens": 41},
            "cache_write_tokens",
            "exceed input_tokens",
            id="reads-plus-writes-above-input",
        ),
        pytest.param(
            {"input_tokens": 100, "output_tokens": 50, "reasoning_tokens": 51},
            "reasoning_tokens",
            "exceed output_tokens",
            id="reasoning-above-output",
        ),
        pytest.param(
            {
                "input_tokens": 100,
                "cached_input_ratio": D("0.6"),
                "cache_write_ratio": D("0.5"),
            },
            "cache_write_tokens",
            "exceed input_tokens",
            id="ratios-above-one",
        ),
    ],
)
def test_part_above_total_rejected(
    write_design, run_cli, fields: dict[str, Any], field: str, message: str
) -> None:
    path = write_design([{"model": "openai/gpt-4o", **fields}])

    result = run_cli("estimate", path)

    assert result.exit_code == 2
    assert f"components.c0.{field}" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_tiny_cost_not_rounded_to_zero(price_json) -> None:
    component = {"model": "openai/text-embedding-3-small", "input_tokens": 1}

    report = price_json([component], volume={"units_per_month": 1})

    assert report["monthly_cost"] == "0.00000002"
    assert D(report["monthly_cost"]) == D(1) * D("0.02") / MTOK


def test_costs_are_decimal(price) -> None:
    component = {
        "model": "openai/gpt-4o",
        "input_tokens": 333,
        "cached_input_tokens": 111,
        "output_tokens": 7,
    }

    item = price([component]).components[0]

    assert isinstance(item.monthly_cost, Decimal)
    assert isinstance(item.cost_per_call, Decimal)
    assert all(isinstance(value, Decimal) for value in item.cost_by_usage.values())
    assert all(isinstance(value, Decimal) for value in item.rates.values())


def test_time_of_day_price_uses_peak_rate(price) -> None:
    # deepseek-chat: $0.135 / $0.55 off-peak and $0.27 / $1.1 from 00:30 to 16:30 UTC.
    component = {
        "model": "deepseek/deepseek-chat",
        "input_tokens": 1000,
        "output_tokens": 1000,
    }

    result = price([component])

    assert (
        result.components[0].cost_per_call
        == (D(1000) * D("0.27") + D(1000) * D("1.1")) / MTOK
    )
    assert len(result.warnings) == 1
    assert "peak-hour rate" in result.warnings[0]
