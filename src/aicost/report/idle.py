"""Idle cost as the reports show it: unknown where a component gives no utilization."""

from __future__ import annotations

from decimal import Decimal

from aicost.engine.details import FleetDetails, ProvisionedDetails
from aicost.engine.result import ComponentCost
from aicost.report import numbers

UNKNOWN = "–"


def idle_estimated(item: ComponentCost) -> bool:
    """Return whether the component's idle cost is known.

    An hourly-billed component (a GPU fleet or provisioned throughput) without
    utilization has an idle cost of 0 in the engine, which means "not estimated".
    A usage-billed component has no idle hours, so its 0 is known.
    """
    if _hourly(item):
        return getattr(item.details, "utilization", None) is not None
    return True


def idle_text(items: list[ComponentCost]) -> str:
    """Format the idle cost of some components: money, "–" or "≥ money".

    "–" means that no hourly-billed component among them has a known idle cost.
    "≥ $X" means that some do and some do not, so their known sum $X is a lower bound.
    """
    total = sum((item.idle_cost for item in items), Decimal(0))
    unknown = [item for item in items if not idle_estimated(item)]
    if not unknown:
        return numbers.money(total)
    if not any(_hourly(item) and idle_estimated(item) for item in items):
        return UNKNOWN
    return f"≥ {numbers.money(total)}"


def _hourly(item: ComponentCost) -> bool:
    return isinstance(item.details, FleetDetails | ProvisionedDetails)
