"""The result of pricing a design: exact Decimals, rounded only for display."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from aicost.design.model import Design
from aicost.engine.details import GROUPS, Details, FeatureCost
from aicost.pricing.book import PriceSource
from aicost.pricing.rates import Tier

if TYPE_CHECKING:
    from aicost.analysis.result import Analysis

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
    and output are billed on what remains after their separately priced parts. The
    token and call fields are empty for components that are not llm; their
    kind-specific figures are in `details`.
    """

    name: str
    kind: str
    source: PriceSource
    feature: str | None = None
    model: str = ""
    mode: str = ""
    calls_per_month: Decimal = Decimal(0)
    usage_per_call: dict[str, Decimal] = field(default_factory=dict)
    billed_per_call: dict[str, Decimal] = field(default_factory=dict)
    cost_by_usage: dict[str, Decimal] = field(default_factory=dict)
    rates: dict[str, Decimal] = field(default_factory=dict)
    cost_per_call: Decimal = Decimal(0)
    monthly_cost: Decimal = Decimal(0)
    list_monthly_cost: Decimal = Decimal(0)
    unit_cost: Decimal = Decimal(0)
    discount: Decimal = Decimal(0)
    tier: Tier | None = None
    group: str = "model_apis"
    """Report group: model_apis, gpu_fleets or cloud_services."""
    idle_cost: Decimal = Decimal(0)
    """Cost of billed hours that no work uses; zero for usage-billed items."""
    feature_shares: dict[str, Decimal] = field(default_factory=dict)
    """Share of this component's cost per feature, summing to 1; empty when the
    component has one feature or none.
    """
    served_by: str | None = None
    """The gpu_fleet that serves this llm component's load instead of its API; its
    API cost is then in api_monthly_cost and its monthly_cost is zero.
    """
    api_monthly_cost: Decimal | None = None
    details: Details | None = None

    @property
    def idle_flagged(self) -> bool:
        """Whether idle cost exceeds the component's idle threshold."""
        threshold = getattr(self.details, "idle_threshold", None)
        if threshold is None or self.monthly_cost == 0:
            return False
        return self.idle_cost > self.monthly_cost * threshold

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
    features: list[FeatureCost] = field(default_factory=list)
    """Cost per feature tag, with an unattributed row where some cost has no tag."""
    analysis: Analysis | None = None
    """Scenarios, cost ranges, samples and sensitivity, when a run requests them."""

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

    @property
    def idle_cost(self) -> Decimal:
        return sum((item.idle_cost for item in self.components), Decimal(0))

    @property
    def group_costs(self) -> dict[str, Decimal]:
        """Monthly cost per report group, every group present."""
        costs = dict.fromkeys(GROUPS, Decimal(0))
        for item in self.components:
            costs[item.group] = costs.get(item.group, Decimal(0)) + item.monthly_cost
        return costs


def per_unit(monthly: Decimal, units_per_month: Decimal) -> Decimal:
    """Return cost per unit of work; zero units of work cost nothing per unit."""
    if units_per_month == 0:
        return Decimal(0)
    return monthly / units_per_month
