"""The result of pricing a design: exact Decimals, rounded only for display."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from aicost.design.model import Design
from aicost.pricing.book import PriceSource
from aicost.pricing.rates import Tier

# Usage kinds in report order, with the label each report uses.
USAGE_LABELS: dict[str, str] = {
    "input_tokens": "input",
    "cache_read_tokens": "cached input",
    "cache_write_tokens": "cache write",
    "output_tokens": "output",
    "output_reasoning_tokens": "reasoning",
    "web_searches": "web searches",
    "requests": "requests",
}


@dataclass(frozen=True)
class ComponentCost:
    """One component's monthly usage and cost.

    `usage_per_call` gives totals and parts as the design states them (input includes
    cached tokens). `cost_by_usage` is the monthly cost of each billed kind, where input
    and output are billed on what remains after their separately priced parts.
    """

    name: str
    kind: str
    feature: str | None
    model: str
    mode: str
    calls_per_month: Decimal
    usage_per_call: dict[str, Decimal]
    billed_per_call: dict[str, Decimal]
    cost_by_usage: dict[str, Decimal]
    rates: dict[str, Decimal]
    cost_per_call: Decimal
    monthly_cost: Decimal
    list_monthly_cost: Decimal
    unit_cost: Decimal
    discount: Decimal
    tier: Tier | None
    source: PriceSource

    @property
    def usage_per_month(self) -> dict[str, Decimal]:
        return {
            key: value * self.calls_per_month
            for key, value in self.usage_per_call.items()
        }


@dataclass(frozen=True)
class Estimate:
    """A priced design: components, totals and the assumptions behind them."""

    design: Design
    path: Path | None
    as_of: date
    catalog: str
    units_per_month: Decimal
    components: list[ComponentCost]
    warnings: list[str] = field(default_factory=list)

    @property
    def hours_per_month(self) -> Decimal:
        return self.design.hours_per_month

    @property
    def monthly_cost(self) -> Decimal:
        return sum((item.monthly_cost for item in self.components), Decimal(0))

    @property
    def list_monthly_cost(self) -> Decimal:
        return sum((item.list_monthly_cost for item in self.components), Decimal(0))

    @property
    def unit_cost(self) -> Decimal:
        return per_unit(self.monthly_cost, self.units_per_month)

    @property
    def list_unit_cost(self) -> Decimal:
        return per_unit(self.list_monthly_cost, self.units_per_month)

    @property
    def discounted(self) -> bool:
        return any(item.discount for item in self.components)


def per_unit(monthly: Decimal, units_per_month: Decimal) -> Decimal:
    """Return cost per unit of work; zero units of work cost nothing per unit."""
    if units_per_month == 0:
        return Decimal(0)
    return monthly / units_per_month
