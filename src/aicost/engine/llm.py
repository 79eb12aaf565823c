"""Price an `llm` component: calls × retries × the cost of one call at its rates."""

from __future__ import annotations

from decimal import Decimal

from aicost.design.model import LlmComponent
from aicost.engine.attribution import feature_shares, single_feature
from aicost.engine.context import PricingContext
from aicost.engine.result import ComponentCost, per_unit
from aicost.errors import AicostError
from aicost.pricing.book import ResolvedPrice
from aicost.pricing.rates import ModelRates, Tiered


def price_llm(
    component: LlmComponent, index: int, context: PricingContext
) -> ComponentCost:
    """Return the monthly cost of one LLM component."""
    location = context.locate(("components", index, "model"))
    resolved = context.book.llm_price(
        component.model,
        component.mode,
        component.price,
        location,
        mode_location=context.locate(("components", index, "mode")),
    )
    if resolved.note:
        context.warn(f"{component.name}: {resolved.note}")
    usage = usage_per_call(component)
    _check_priced(resolved, usage, component, index, context)

    call = resolved.rates.call_cost(usage)
    calls_per_month = (
        context.units_per_month * component.calls_per_unit * component.retry_factor
    )
    discount = Decimal(0)
    if resolved.source.discountable:
        discount = context.discount_for(component.model)

    paid_share = 1 - discount
    cost_by_usage = {
        key: cost * calls_per_month * paid_share
        for key, cost in call.by_usage.items()
        if call.billed_counts.get(key)
    }
    list_monthly = call.total * calls_per_month
    monthly = list_monthly * paid_share
    shares = feature_shares(component, context)
    return ComponentCost(
        name=component.name,
        kind=component.kind,
        feature=component.feature or single_feature(shares),
        feature_shares={} if single_feature(shares) else shares,
        model=resolved.model,
        mode=component.mode,
        calls_per_month=calls_per_month,
        usage_per_call=usage,
        billed_per_call=call.billed_counts,
        cost_by_usage=cost_by_usage,
        rates=_applied_rates(resolved.rates, usage),
        cost_per_call=call.total * paid_share,
        monthly_cost=monthly,
        list_monthly_cost=list_monthly,
        unit_cost=per_unit(monthly, context.units_per_month),
        discount=discount,
        tier=call.tier,
        source=resolved.source,
    )


def usage_per_call(component: LlmComponent) -> dict[str, Decimal]:
    """Return one call's usage in genai-prices' convention (parts inside totals)."""
    usage = {
        "input_tokens": component.input_tokens,
        "cache_read_tokens": component.cache_read_per_call,
        "cache_write_tokens": component.cache_write_per_call,
        "output_tokens": component.output_tokens,
        "output_reasoning_tokens": component.reasoning_tokens,
        "web_searches": component.web_searches,
    }
    return {key: value for key, value in usage.items() if value}


def _check_priced(
    resolved: ResolvedPrice,
    usage: dict[str, Decimal],
    component: LlmComponent,
    index: int,
    context: PricingContext,
) -> None:
    # A usage kind with no rate of its own falls back to its total's rate (cached input
    # at the input rate); a total with no rate at all would silently cost nothing.
    rates = resolved.rates
    for usage_key, price_key, price_field in (
        ("input_tokens", "input_mtok", "input_per_mtok"),
        ("output_tokens", "output_mtok", "output_per_mtok"),
        ("web_searches", "web_searches_kcount", "web_search_per_thousand"),
    ):
        if usage.get(usage_key) and not rates.has(price_key):
            location = context.locate(("components", index, usage_key))
            hint = (
                "the model may be billed another way (characters, audio, images); "
                "give an inline `price:` block if the tokens are billed"
            )
            if resolved.source.kind != "catalog":
                hint = f"add {price_field} to the price ({resolved.source.description})"
            raise AicostError(
                f"{location}: {component.model} has no price for {usage_key} "
                f"in {component.mode} mode",
                hint=hint,
            )
    if usage.get("cache_read_tokens") and not rates.has("cache_read_mtok"):
        context.warn(
            f"{component.name}: {component.model} lists no cached-input price, so "
            "cached input tokens are billed at the full input rate"
        )
    if usage.get("cache_write_tokens") and not rates.has("cache_write_mtok"):
        context.warn(
            f"{component.name}: {component.model} lists no cache-write price, so "
            "cache writes are billed at the input rate"
        )


# Rates that a design's usage can reach; a report lists only these.
_DESIGN_PRICE_KEYS = (
    "input_mtok",
    "cache_read_mtok",
    "cache_write_mtok",
    "output_mtok",
    "output_reasoning_mtok",
    "web_searches_kcount",
    "requests_kcount",
)


def _applied_rates(rates: ModelRates, usage: dict[str, Decimal]) -> dict[str, Decimal]:
    """Return the rate used per price key for this call size (tier applied)."""
    total_input = usage.get("input_tokens", Decimal(0))
    applied: dict[str, Decimal] = {}
    for key, value in rates.prices.items():
        if key not in _DESIGN_PRICE_KEYS:
            continue
        if key == "web_searches_kcount" and "web_searches" not in usage:
            continue
        if isinstance(value, Tiered):
            applied[key] = value.select(total_input)[0]
        else:
            applied[key] = value
    return applied
