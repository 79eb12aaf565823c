"""Template context for the grouped parts of the Markdown report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aicost.engine.details import (
    GROUPS,
    FleetDetails,
    ProvisionedDetails,
    ServiceDetails,
)
from aicost.engine.result import Estimate, per_unit
from aicost.report import numbers
from aicost.report.idle import idle_text
from aicost.report.table_groups import NEED_LABELS, break_even_text, has_groups
from aicost.report.units import unit_label


def parts_context(estimate: Estimate) -> dict[str, Any]:
    """Return what the group, fleet, service and feature partials render."""
    grouped = has_groups(estimate)
    llm = [item for item in estimate.components if item.kind == "llm"]
    llm_monthly = sum((item.monthly_cost for item in llm), Decimal(0))
    total = estimate.monthly_cost
    fleets = []
    provisioned = []
    services = []
    for item in estimate.components:
        details = item.details
        row = {
            "item": item,
            "d": details,
            "share": numbers.percent(item.monthly_cost, total),
            "busy": _busy(getattr(details, "utilization", None)),
            "idle": idle_text([item]),
        }
        if isinstance(details, FleetDetails):
            fleets.append({**row, "sizing": _sizing(details, estimate.design.unit)})
        elif isinstance(details, ProvisionedDetails):
            provisioned.append(row)
        elif isinstance(details, ServiceDetails):
            services.append({**row, "unit": unit_label(details.unit)})
    groups = []
    for key, label in GROUPS.items():
        members = [item for item in estimate.components if item.group == key]
        cost = sum((item.monthly_cost for item in members), Decimal(0))
        groups.append(
            {
                "label": label,
                "cost": cost,
                "unit": per_unit(cost, estimate.units_per_month),
                "share": numbers.percent(cost, total),
                "idle": idle_text(members),
            }
        )
    return {
        "grouped": grouped,
        "llm_heading": "Model APIs" if grouped else "Components",
        "llm_total_label": "Subtotal" if grouped else "Total",
        "llm_monthly": llm_monthly,
        "llm_unit": per_unit(llm_monthly, estimate.units_per_month),
        "llm_share": numbers.percent(llm_monthly, total),
        "served": [item for item in llm if item.served_by is not None],
        "fleets": fleets,
        "fleets_total": _subtotal(fleets, estimate),
        "provisioned": provisioned,
        "provisioned_total": _subtotal(provisioned, estimate),
        "services": services,
        "services_total": _subtotal(services, estimate),
        "groups": groups,
        "total_share": numbers.percent(total, total),
        "total_idle": idle_text(estimate.components),
        "idle_flags": [
            {
                "item": item,
                "share": numbers.percent(item.idle_cost, item.monthly_cost),
            }
            for item in estimate.components
            if item.idle_flagged
        ],
        "features": [
            {
                "name": row.feature or "(unattributed)",
                "cost": row.monthly_cost,
                "share": numbers.percent(row.share, Decimal(1)),
                "unit": row.unit_cost,
                "components": ", ".join(row.components),
            }
            for row in estimate.features
        ],
        "show_features": len(estimate.features) > 1,
        "catalog_prices": _catalog_prices(estimate),
        "unit": estimate.design.unit,
    }


def _busy(utilization: Decimal | None) -> str:
    return (
        "not given" if utilization is None else numbers.percent(utilization, Decimal(1))
    )


def _subtotal(rows: list[dict[str, Any]], estimate: Estimate) -> dict[str, Any]:
    cost = sum((row["item"].monthly_cost for row in rows), Decimal(0))
    return {
        "cost": cost,
        "idle": idle_text([row["item"] for row in rows]),
        "unit": per_unit(cost, estimate.units_per_month),
        "share": numbers.percent(cost, estimate.monthly_cost),
    }


def _sizing(details: FleetDetails, unit: str) -> dict[str, Any] | None:
    sizing = details.sizing
    if sizing is None:
        return None
    return {
        "s": sizing,
        "break_even": break_even_text(sizing, unit),
        "needs": [
            {
                "label": NEED_LABELS[need.name],
                "gpus": need.gpus,
                "instances": need.instances,
                "binds": need.name == sizing.binding,
            }
            for need in sizing.needs
        ],
        "matches": [
            {
                "m": match,
                "scaling": _scaling(match),
            }
            for match in sizing.matches
        ],
    }


def _scaling(match: Any) -> str:
    factors = []
    if match.bandwidth_ratio is not None:
        factors.append(f"× {numbers.count(match.bandwidth_ratio)} memory bandwidth")
    if match.weight_bytes_ratio is not None:
        factors.append(f"× {numbers.count(match.weight_bytes_ratio)} weight bytes")
    if match.size_ratio is not None:
        factors.append(f"× {numbers.count(match.size_ratio)} model size")
    return ", ".join(factors) if factors else "exact match"


def assumption_text(value: dict[str, Any] | list[Any]) -> str:
    """Write a mapping or list field of a component for the assumptions table."""
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_text(item)}" for key, item in value.items())
    return ", ".join(_text(item) for item in value)


def _text(value: Any) -> str:
    return numbers.exact(value) if isinstance(value, Decimal) else str(value)


def _catalog_prices(estimate: Estimate) -> list[dict[str, Any]]:
    rows = []
    for item in estimate.components:
        details = item.details
        if isinstance(details, FleetDetails):
            price = (
                f"{numbers.rate(details.list_hourly_price)} per "
                f"{unit_label('instance_hour')}"
            )
        elif isinstance(details, ProvisionedDetails):
            price = (
                f"{numbers.rate(details.list_hourly_price)} per "
                f"{unit_label('unit_hour')}"
            )
        elif isinstance(details, ServiceDetails):
            unit = unit_label(details.unit)
            price = "; ".join(
                f"{numbers.rate(tier.price)} per {unit}"
                + (f" up to {numbers.count(tier.end)}" if tier.end is not None else "")
                for tier in details.tiers
            )
        else:
            continue
        if item.discount:
            price += f"; {numbers.input_percent(item.discount)} negotiated discount"
        rows.append(
            {
                "name": item.name,
                "source": item.source.description,
                "as_of": item.source.as_of,
                "price": price,
            }
        )
    return rows
