"""Billed hours of capacity priced by the hour: GPU fleets, provisioned throughput."""

from __future__ import annotations

from decimal import Decimal

from aicost.engine.context import PricingContext
from aicost.errors import AicostError


def billed_hours(
    hours: Decimal | None, commitment: str | None, index: int, context: PricingContext
) -> Decimal:
    """Return a component's billed hours in the design's month.

    `hours` is the component's hours_per_month, and None bills the whole month.
    `commitment` names a reservation or commitment, which bills every hour whether
    used or not, or is None for capacity billed only while it runs.
    """
    month = context.design.hours_per_month
    if hours is None:
        return month
    location = context.locate(("components", index, "hours_per_month"))
    if hours > month:
        raise AicostError(
            f"{location}: {hours} billed hours exceed the design's month of {month} "
            "hours",
            hint="lower hours_per_month, or raise period.hours_per_month",
        )
    if commitment is not None and hours != month:
        raise AicostError(
            f"{location}: {commitment} capacity is billed for every hour of the month "
            f"({month}), not {hours}",
            hint=f"remove hours_per_month and give utilization (busy hours / {month}) "
            "so that the unused hours show as idle cost",
        )
    return hours
