"""Properties of LLM pricing that hold for any valid usage, checked with hypothesis.

Each example writes a real design file and prices it through the loader and the
engine. Usage follows the design convention: cache reads and cache writes are parts of
input_tokens, reasoning is a part of output_tokens.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from genai_prices import Usage, calc_price
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aicost.design.loader import load_design
from aicost.engine.estimate import estimate
from aicost.engine.result import Estimate
from aicost.errors import AicostError

AS_OF = "2026-11-01"

# Few examples per property keep the file fast, and no example database is written.
PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Catalog models with non-zero input and output rates: (model, mode, bills searches).
# They cover long-context tiers (claude-sonnet-4-5, gemini-2.5-pro, grok-4.20), a
# reasoning rate (sonar-deep-research), a request fee (sonar), no cache price (groq)
# and the batch, flex and priority variants of gpt-5.
CATALOG_TARGETS = [
    ("openai/gpt-4o", "standard", True),
    ("openai/gpt-5", "standard", True),
    ("openai/gpt-5", "batch", True),
    ("openai/gpt-5", "flex", True),
    ("openai/gpt-5", "priority", True),
    ("anthropic/claude-sonnet-4-5", "standard", True),
    ("anthropic/claude-sonnet-4-5", "batch", False),
    ("google/gemini-2.5-pro", "standard", True),
    ("x-ai/grok-4.20", "standard", False),
    ("perplexity/sonar-deep-research", "standard", True),
    ("perplexity/sonar", "standard", False),
    ("groq/llama-3.3-70b-versatile", "standard", False),
]


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


@pytest.fixture(scope="module")
def price(tmp_path_factory: pytest.TempPathFactory):
    """Price components through a design file; the file is rewritten per example."""
    path: Path = tmp_path_factory.mktemp("properties") / "design.yaml"

    def run(
        components: list[dict[str, Any]],
        volume: dict[str, Any] | None = None,
        hours_per_month: int | None = None,
    ) -> Estimate:
        document: dict[str, Any] = {
            "version": 1,
            "name": "property",
            "unit": "request",
            "volume": volume or {"units_per_month": 1000},
        }
        if hours_per_month is not None:
            document["period"] = {"hours_per_month": hours_per_month}
        document["pricing"] = {"as_of": AS_OF}
        document["components"] = [
            {"name": f"c{index}", "kind": "llm", **component}
            for index, component in enumerate(components)
        ]
        path.write_text("\n".join(_yaml_lines(document, 0)) + "\n", encoding="utf-8")
        return estimate(load_design(path))

    return run


rates = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(100), places=3)
tier_factors = st.decimals(min_value=Decimal(1), max_value=Decimal(3), places=2)


@st.composite
def inline_prices(draw: st.DrawFn) -> dict[str, Any]:
    """An inline price with non-zero rates and, maybe, a tier at or above base."""
    price: dict[str, Any] = {
        "input_per_mtok": draw(rates),
        "cached_input_per_mtok": draw(rates),
        "cache_write_per_mtok": draw(rates),
        "output_per_mtok": draw(rates),
        "web_search_per_thousand": draw(rates),
    }
    if draw(st.booleans()):
        factor = draw(tier_factors)
        price["tiers"] = [
            {
                "above_input_tokens": draw(st.integers(1, 300_000)),
                "inclusive": draw(st.booleans()),
                **{
                    key: min(price[key] * factor, Decimal(1000))
                    for key in (
                        "input_per_mtok",
                        "cached_input_per_mtok",
                        "cache_write_per_mtok",
                        "output_per_mtok",
                    )
                },
            }
        ]
    return price


@st.composite
def targets(draw: st.DrawFn) -> tuple[dict[str, Any], bool]:
    """A model to price and whether it bills web searches."""
    if draw(st.integers(0, 3)) == 0:
        return {"model": "acme/private-llm", "price": draw(inline_prices())}, True
    model, mode, searches = draw(st.sampled_from(CATALOG_TARGETS))
    return {"model": model, "mode": mode}, searches


@st.composite
def usages(draw: st.DrawFn, searches: bool = True) -> dict[str, int]:
    """Per-call usage whose parts never exceed their totals."""
    input_tokens = draw(st.integers(0, 400_000))
    cached = draw(st.integers(0, input_tokens))
    written = draw(st.integers(0, input_tokens - cached))
    output = draw(st.integers(0, 40_000))
    reasoning = draw(st.integers(0, output))
    return {
        "input_tokens": input_tokens,
        "cached_input_tokens": cached,
        "cache_write_tokens": written,
        "output_tokens": output,
        "reasoning_tokens": reasoning,
        "web_searches": draw(st.integers(0, 4)) if searches else 0,
    }


@st.composite
def components(draw: st.DrawFn) -> dict[str, Any]:
    target, searches = draw(targets())
    return {**target, **draw(usages(searches))}


@PROPERTY_SETTINGS
@given(components(), st.integers(1, 10**6), st.integers(2, 1000))
def test_monthly_cost_linear_in_volume(
    price, component: dict[str, Any], units: int, factor: int
) -> None:
    base = price([component], {"units_per_month": units})
    scaled = price([component], {"units_per_month": units * factor})

    assert scaled.monthly_cost == base.monthly_cost * factor
    assert scaled.components[0].cost_per_call == base.components[0].cost_per_call


@PROPERTY_SETTINGS
@given(
    components(),
    st.integers(1, 10_000),
    st.sampled_from([720, 730, 744]),
    st.integers(2, 50),
)
def test_daily_volume_linear(
    price, component: dict[str, Any], per_day: int, hours: int, factor: int
) -> None:
    base = price([component], {"units_per_day": per_day}, hours)
    scaled = price([component], {"units_per_day": per_day * factor}, hours)

    assert base.units_per_month == Decimal(per_day) * hours / 24
    # 730 / 24 does not terminate, so allow for Decimal's 28 significant digits.
    difference = abs(scaled.monthly_cost - base.monthly_cost * factor)
    assert difference <= scaled.monthly_cost * Decimal("1e-25")


# Ways to add tokens that keep every part within its total.
def _grow(component: dict[str, Any], kind: str, amount: int) -> dict[str, Any]:
    grown = dict(component)
    if kind == "fresh_input":
        grown["input_tokens"] += amount
    elif kind == "cached_input":
        grown["input_tokens"] += amount
        grown["cached_input_tokens"] += amount
    elif kind == "cache_write":
        grown["input_tokens"] += amount
        grown["cache_write_tokens"] += amount
    elif kind == "output":
        grown["output_tokens"] += amount
    elif kind == "reasoning":
        grown["output_tokens"] += amount
        grown["reasoning_tokens"] += amount
    else:
        grown["web_searches"] += amount
    return grown


@PROPERTY_SETTINGS
@given(
    targets(),
    st.data(),
    st.sampled_from(
        ["fresh_input", "cached_input", "cache_write", "output", "reasoning", "search"]
    ),
    st.integers(1, 150_000),
)
def test_more_tokens_never_cost_less(
    price,
    target: tuple[dict[str, Any], bool],
    data: st.DataObject,
    kind: str,
    amount: int,
) -> None:
    fields, searches = target
    component = {**fields, **data.draw(usages(searches))}
    if kind == "search":
        assume(searches)
        amount = amount % 5 + 1

    before = price([component]).monthly_cost
    # Growing input can cross a long-context threshold: the whole request then takes
    # the higher rate, which is an increase too.
    after = price([_grow(component, kind, amount)]).monthly_cost

    assert after >= before
    assert after > before


@PROPERTY_SETTINGS
@given(st.lists(components(), min_size=1, max_size=4), st.integers(1, 10**5))
def test_component_costs_sum_to_total(
    price, items: list[dict[str, Any]], units: int
) -> None:
    result = price(items, {"units_per_month": units})

    assert result.monthly_cost == sum(
        (item.monthly_cost for item in result.components), Decimal(0)
    )
    assert result.list_monthly_cost == sum(
        (item.list_monthly_cost for item in result.components), Decimal(0)
    )
    for item in result.components:
        assert item.monthly_cost == sum(item.cost_by_usage.values(), Decimal(0))
        assert item.monthly_cost == item.cost_per_call * item.calls_per_month


def _terminates(units: int) -> bool:
    for prime in (2, 5):
        while units % prime == 0:
            units //= prime
    return units == 1


@PROPERTY_SETTINGS
@given(st.lists(components(), min_size=1, max_size=3), st.integers(1, 10**7))
def test_unit_cost_times_units_is_monthly(
    price, items: list[dict[str, Any]], units: int
) -> None:
    result = price(items, {"units_per_month": units})

    product = result.unit_cost * result.units_per_month
    if _terminates(units):
        assert product == result.monthly_cost
    else:
        # monthly / units is rounded to Decimal's 28 significant digits.
        assert abs(product - result.monthly_cost) <= result.monthly_cost * Decimal(
            "1e-25"
        )
    for item in result.components:
        item_product = item.unit_cost * result.units_per_month
        assert abs(item_product - item.monthly_cost) <= item.monthly_cost * Decimal(
            "1e-25"
        )


@PROPERTY_SETTINGS
@given(components())
def test_nonzero_usage_never_free(price, component: dict[str, Any]) -> None:
    token_fields = (
        "input_tokens",
        "cached_input_tokens",
        "cache_write_tokens",
        "output_tokens",
        "reasoning_tokens",
        "web_searches",
    )
    if not any(component[field] for field in token_fields):
        component = {**component, "input_tokens": 1}

    result = price([component])

    assert result.monthly_cost > 0
    assert result.components[0].cost_per_call > 0


@PROPERTY_SETTINGS
@given(st.sampled_from(CATALOG_TARGETS), st.data())
def test_catalog_cost_matches_genai_prices(
    price, target: tuple[str, str, bool], data: st.DataObject
) -> None:
    model, mode, searches = target
    usage = data.draw(usages(searches))
    contexts = {
        "batch": {"processing": "batch"},
        "flex": {"service_tier": "flex"},
        "priority": {"service_tier": "priority"},
    }

    item = price([{"model": model, "mode": mode, **usage}]).components[0]

    provider_id, _, model_id = model.partition("/")
    expected = calc_price(
        Usage(
            input_tokens=usage["input_tokens"],
            cache_read_tokens=usage["cached_input_tokens"],
            cache_write_tokens=usage["cache_write_tokens"],
            output_tokens=usage["output_tokens"],
            output_reasoning_tokens=usage["reasoning_tokens"],
            web_searches=usage["web_searches"],
        ),
        model_id,
        provider_id=provider_id,
        genai_request_timestamp=datetime.combine(
            datetime.fromisoformat(AS_OF).date(), time(12, tzinfo=UTC)
        ),
        price_context=contexts.get(mode),
    )
    assert item.cost_per_call == expected.total_price


def test_unpriced_search_is_error_not_free(price) -> None:
    component = {"model": "perplexity/sonar", "input_tokens": 0, "web_searches": 2}

    with pytest.raises(AicostError, match="no price for web_searches"):
        price([component])
