"""aicost's cost of one call equals genai-prices' `calc_price` for the same usage.

Both count cache reads and cache writes as parts of input_tokens and reasoning as a part
of output_tokens, so a design's per-call fields map one to one onto genai-prices' Usage.
Each case runs a real design file through the loader and the engine with one call per
unit, no retries and no discount, so ComponentCost.cost_per_call is the price of one
call.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from genai_prices import Usage, calc_price
from genai_prices.data import providers as genai_providers

from aicost.design.loader import load_design
from aicost.engine.estimate import estimate
from aicost.engine.result import Estimate

# Design field for each genai-prices usage key.
DESIGN_FIELDS = {
    "input_tokens": "input_tokens",
    "cache_read_tokens": "cached_input_tokens",
    "cache_write_tokens": "cache_write_tokens",
    "output_tokens": "output_tokens",
    "output_reasoning_tokens": "reasoning_tokens",
    "web_searches": "web_searches",
}

# The genai-prices price context of each non-standard mode.
PRICE_CONTEXTS: dict[str, dict[str, str]] = {
    "batch": {"processing": "batch"},
    "flex": {"service_tier": "flex"},
    "priority": {"service_tier": "priority"},
}


def write_design(path: Path, as_of: date, components: list[dict[str, Any]]) -> Path:
    """Write a design with one unit a month and these components.

    Values are written as JSON scalars, which are valid YAML, so model names with
    colons or tildes need no further quoting.
    """
    lines = [
        "version: 1",
        "name: genai-prices cross-check",
        "unit: call",
        "volume:",
        "  units_per_month: 1",
        "pricing:",
        f"  as_of: {as_of.isoformat()}",
        "components:",
    ]
    for index, component in enumerate(components):
        lines.append(f"  - name: c{index}")
        lines.append("    kind: llm")
        lines.extend(
            f"    {key}: {json.dumps(value)}" for key, value in component.items()
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def design_component(model: str, mode: str, usage: dict[str, int]) -> dict[str, Any]:
    fields = {DESIGN_FIELDS[key]: value for key, value in usage.items()}
    return {"model": model, "mode": mode, **fields}


def price_design(path: Path, as_of: date, components: list[dict[str, Any]]) -> Estimate:
    return estimate(load_design(write_design(path, as_of, components)))


def noon_utc(day: date) -> datetime:
    return datetime.combine(day, time(12, tzinfo=UTC))


# (model, mode, price date, usage per call); usage keys are genai-prices' names.
PAIRS = [
    pytest.param(
        "openai/gpt-4o",
        "standard",
        date(2026, 11, 1),
        {"input_tokens": 1200, "cache_read_tokens": 200, "output_tokens": 300},
        id="openai-gpt-4o-cached",
    ),
    pytest.param(
        "openai/gpt-4o",
        "standard",
        date(2026, 11, 1),
        {"input_tokens": 900, "output_tokens": 250, "web_searches": 3},
        id="openai-gpt-4o-web-search",
    ),
    pytest.param(
        "openai/gpt-5",
        "flex",
        date(2026, 11, 1),
        {
            "input_tokens": 5000,
            "cache_read_tokens": 3000,
            "output_tokens": 2000,
            "output_reasoning_tokens": 1500,
        },
        id="openai-gpt-5-flex-reasoning",
    ),
    pytest.param(
        "openai/gpt-5",
        "priority",
        date(2026, 11, 1),
        {
            "input_tokens": 1000,
            "output_tokens": 3000,
            "output_reasoning_tokens": 2000,
            "web_searches": 2,
        },
        id="openai-gpt-5-priority",
    ),
    pytest.param(
        "openai/gpt-5",
        "batch",
        date(2026, 11, 1),
        {"input_tokens": 2000, "cache_read_tokens": 1000, "output_tokens": 500},
        id="openai-gpt-5-batch-cached",
    ),
    pytest.param(
        "openai/gpt-4.1-nano",
        "batch",
        date(2026, 11, 1),
        {"input_tokens": 4000, "cache_read_tokens": 1000, "output_tokens": 40},
        id="openai-nano-batch-standard-cache-rate",
    ),
    pytest.param(
        "openai/o3",
        "standard",
        date(2025, 6, 1),
        {"input_tokens": 1000, "output_tokens": 5000, "output_reasoning_tokens": 4000},
        id="openai-o3-before-price-cut",
    ),
    pytest.param(
        "anthropic/claude-sonnet-4-5",
        "standard",
        date(2026, 11, 1),
        {
            "input_tokens": 120_000,
            "cache_read_tokens": 80_000,
            "cache_write_tokens": 30_000,
            "output_tokens": 2000,
        },
        id="anthropic-sonnet-cache-below-tier",
    ),
    pytest.param(
        "anthropic/claude-sonnet-4-5",
        "standard",
        date(2026, 11, 1),
        {
            "input_tokens": 200_001,
            "cache_read_tokens": 150_000,
            "cache_write_tokens": 40_000,
            "output_tokens": 2000,
        },
        id="anthropic-sonnet-cache-above-tier",
    ),
    pytest.param(
        "anthropic/claude-sonnet-4-5",
        "batch",
        date(2026, 11, 1),
        {
            "input_tokens": 250_000,
            "cache_read_tokens": 100_000,
            "cache_write_tokens": 50_000,
            "output_tokens": 1000,
        },
        id="anthropic-sonnet-batch-tier",
    ),
    pytest.param(
        "anthropic/claude-3-5-haiku-latest",
        "standard",
        date(2026, 11, 1),
        {
            "input_tokens": 8000,
            "cache_read_tokens": 5000,
            "cache_write_tokens": 2000,
            "output_tokens": 300,
        },
        id="anthropic-haiku-cache",
    ),
    pytest.param(
        "anthropic/claude-sonnet-4-6",
        "standard",
        date(2026, 3, 12),
        {"input_tokens": 300_000, "output_tokens": 1000},
        id="anthropic-sonnet-4-6-tier-before-flat",
    ),
    pytest.param(
        "anthropic/claude-sonnet-4-6",
        "standard",
        date(2026, 3, 13),
        {"input_tokens": 300_000, "output_tokens": 1000},
        id="anthropic-sonnet-4-6-flat-price",
    ),
    pytest.param(
        "google/gemini-2.5-pro",
        "standard",
        date(2026, 11, 1),
        {
            "input_tokens": 200_001,
            "cache_read_tokens": 1000,
            "output_tokens": 3000,
            "output_reasoning_tokens": 2000,
        },
        id="google-gemini-pro-tier-reasoning",
    ),
    pytest.param(
        "google/gemini-2.5-pro",
        "batch",
        date(2026, 11, 1),
        {"input_tokens": 1000, "cache_read_tokens": 500, "output_tokens": 3000},
        id="google-gemini-pro-batch",
    ),
    pytest.param(
        "google/gemini-2.5-flash",
        "standard",
        date(2026, 11, 1),
        {
            "input_tokens": 30_000,
            "cache_read_tokens": 20_000,
            "output_tokens": 1500,
            "output_reasoning_tokens": 1200,
        },
        id="google-gemini-flash-cache-reasoning",
    ),
    pytest.param(
        "google/gemini-3-pro-preview",
        "standard",
        date(2026, 1, 5),
        {"input_tokens": 5000, "output_tokens": 800, "web_searches": 1},
        id="google-gemini-3-pro-search-from-date",
    ),
    pytest.param(
        "mistral/mistral-small-latest",
        "standard",
        date(2026, 3, 15),
        {"input_tokens": 1000, "output_tokens": 1000},
        id="mistral-small-old-price",
    ),
    pytest.param(
        "mistral/mistral-small-latest",
        "batch",
        date(2026, 11, 1),
        {"input_tokens": 1000, "cache_read_tokens": 200, "output_tokens": 1000},
        id="mistral-small-batch-cached",
    ),
    pytest.param(
        "x-ai/grok-4.20",
        "standard",
        date(2026, 11, 1),
        {"input_tokens": 200_000, "cache_read_tokens": 50_000, "output_tokens": 1000},
        id="xai-grok-at-threshold",
    ),
    pytest.param(
        "x-ai/grok-4.20",
        "standard",
        date(2026, 1, 1),
        {"input_tokens": 199_999, "output_tokens": 1000},
        id="xai-grok-below-threshold-old-price",
    ),
    pytest.param(
        "perplexity/sonar-deep-research",
        "standard",
        date(2026, 11, 1),
        {
            "input_tokens": 1000,
            "output_tokens": 3000,
            "output_reasoning_tokens": 2000,
            "web_searches": 3,
        },
        id="perplexity-deep-research",
    ),
    pytest.param(
        "perplexity/sonar",
        "standard",
        date(2026, 11, 1),
        {"input_tokens": 1000, "output_tokens": 500},
        id="perplexity-sonar-request-fee",
    ),
    pytest.param(
        "groq/llama-3.3-70b-versatile",
        "standard",
        date(2026, 11, 1),
        {"input_tokens": 1000, "cache_read_tokens": 200, "output_tokens": 1000},
        id="groq-no-cache-price",
    ),
    pytest.param(
        "openai/gpt-5.4",
        "standard",
        date(2026, 11, 1),
        {
            "input_tokens": 272_001,
            "cache_read_tokens": 200_000,
            "output_tokens": 5000,
            "output_reasoning_tokens": 4000,
        },
        id="openai-gpt-5.4-above-272k",
    ),
    pytest.param(
        "google/gemini-1.5-pro",
        "standard",
        date(2026, 11, 1),
        {"input_tokens": 128_001, "output_tokens": 100},
        id="google-gemini-1.5-pro-above-128k",
    ),
    pytest.param(
        "deepseek/deepseek-chat",
        "standard",
        date(2026, 11, 1),
        {"input_tokens": 1000, "cache_read_tokens": 400, "output_tokens": 1000},
        id="deepseek-chat-peak-hours",
    ),
    pytest.param(
        "cohere/command-r-plus",
        "standard",
        date(2026, 11, 1),
        {"input_tokens": 3000, "output_tokens": 700},
        id="cohere-command-r-plus",
    ),
    pytest.param(
        "azure/gpt-4o",
        "standard",
        date(2026, 11, 1),
        {"input_tokens": 1200, "cache_read_tokens": 200, "output_tokens": 300},
        id="azure-falls-back-to-openai",
    ),
]


@pytest.mark.parametrize(("model", "mode", "as_of", "usage"), PAIRS)
def test_cost_per_call_matches_genai_prices(
    tmp_path: Path, model: str, mode: str, as_of: date, usage: dict[str, int]
) -> None:
    result = price_design(
        tmp_path / "design.yaml", as_of, [design_component(model, mode, usage)]
    )
    provider_id, _, model_id = model.partition("/")

    # deepseek-chat's peak window is 00:30-16:30 UTC, so noon prices at the peak rate.
    expected = calc_price(
        Usage(**usage),
        model_id,
        provider_id=provider_id,
        genai_request_timestamp=noon_utc(as_of),
        price_context=PRICE_CONTEXTS.get(mode),
    )

    item = result.components[0]
    assert item.calls_per_month == 1
    assert item.discount == 0
    assert item.cost_per_call == expected.total_price
    assert item.monthly_cost == expected.total_price


def test_pairs_cover_providers_and_usage_kinds() -> None:
    models = [case.values[0] for case in PAIRS]
    modes = {case.values[1] for case in PAIRS}
    usage_keys = {key for case in PAIRS for key in case.values[3]}
    providers = {str(model).split("/")[0] for model in models}

    assert len(PAIRS) >= 20
    assert {"openai", "anthropic", "google"} <= providers
    assert len(providers - {"openai", "anthropic", "google"}) >= 2
    assert {"standard", "batch", "flex", "priority"} <= modes
    assert set(DESIGN_FIELDS) <= usage_keys


# Providers walked model by model, each with many models and its own price list.
WALK_PROVIDERS = (
    "openai",
    "anthropic",
    "google",
    "mistral",
    "x-ai",
    "groq",
    "deepseek",
    "perplexity",
    "cohere",
    "together",
)
WALK_DATE = date(2026, 11, 1)
# 03:00 UTC is inside every DeepSeek peak window in genai-prices 0.2.3 (00:30-16:30
# for the V3 models, 01:00-04:00 and 06:00-10:00 for V4), and aicost prices
# time-of-day models at the peak rate.
WALK_TIMESTAMP = datetime.combine(WALK_DATE, time(3, tzinfo=UTC))

WALK_SHAPES = [
    pytest.param(
        {
            "input_tokens": 12_000,
            "cache_read_tokens": 4000,
            "cache_write_tokens": 1000,
            "output_tokens": 900,
            "output_reasoning_tokens": 300,
        },
        id="short-context",
    ),
    pytest.param(
        {
            "input_tokens": 250_000,
            "cache_read_tokens": 50_000,
            "cache_write_tokens": 20_000,
            "output_tokens": 4000,
            "output_reasoning_tokens": 1000,
        },
        id="long-context",
    ),
]


def walk_models(mode: str) -> list[tuple[Any, Any]]:
    """Return (provider, model) for every walked model with token prices in `mode`."""
    context = PRICE_CONTEXTS.get(mode)
    found = []
    for provider in genai_providers:
        if provider.id not in WALK_PROVIDERS:
            continue
        for model in provider.models:
            if context is not None and not _offers(model, context):
                continue
            prices = model.get_prices(WALK_TIMESTAMP, context)
            if prices.input_mtok is None or prices.output_mtok is None:
                continue
            found.append((provider, model))
    return found


def _offers(model: Any, context: dict[str, str]) -> bool:
    for variant in model.price_variants or ():
        if variant.constraint is not None and not variant.constraint.active(
            WALK_TIMESTAMP
        ):
            continue
        if all(context.get(key) == value for key, value in variant.when.items()):
            return True
    return False


@pytest.mark.parametrize("mode", ["standard", "batch", "flex", "priority"])
@pytest.mark.parametrize("usage", WALK_SHAPES)
def test_catalog_walk_matches_genai_prices(
    tmp_path: Path, mode: str, usage: dict[str, int]
) -> None:
    models = walk_models(mode)
    # A design contains at most 100 components, so the walk prices the models in chunks.
    priced = []
    for start in range(0, len(models), 100):
        chunk = models[start : start + 100]
        result = price_design(
            tmp_path / f"design-{start}.yaml",
            WALK_DATE,
            [
                design_component(f"{provider.id}/{model.id}", mode, usage)
                for provider, model in chunk
            ],
        )
        priced += result.components

    compared = 0
    skipped: list[str] = []
    mismatched: list[str] = []
    wrong_model: list[str] = []
    for (provider, model), item in zip(models, priced, strict=True):
        if item.model != f"{provider.id}/{model.id}":
            wrong_model.append(f"{provider.id}/{model.id} resolved to {item.model}")
        try:
            # The model object itself, so that genai-prices' name matching (which
            # misses some of its own ids) does not decide what is compared.
            expected = model.calc_price(
                Usage(**usage),
                provider,
                genai_request_timestamp=WALK_TIMESTAMP,
                price_context=PRICE_CONTEXTS.get(mode),
            )
        except ValueError:
            # genai-prices cannot price this usage for this model.
            skipped.append(f"{provider.id}/{model.id}")
            continue
        compared += 1
        if item.cost_per_call != expected.total_price:
            mismatched.append(
                f"{provider.id}/{model.id}: aicost {item.cost_per_call}, "
                f"genai-prices {expected.total_price}"
            )

    walked = {provider.id for provider, _ in models}
    assert wrong_model == []
    assert mismatched == []
    assert compared >= 0.9 * len(models), f"skipped: {skipped}"
    if mode == "standard":
        assert set(WALK_PROVIDERS) <= walked
        assert compared >= 300
    else:
        assert compared >= 5
