"""JSON parts for GPU fleets, provisioned throughput, services, groups and features."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aicost.engine.details import (
    FleetDetails,
    ProvisionedDetails,
    ServiceDetails,
    Sizing,
)
from aicost.engine.result import ComponentCost, Estimate
from aicost.report.idle import idle_estimated
from aicost.report.numbers import plain


def groups(estimate: Estimate) -> dict[str, str]:
    return {name: plain(cost) for name, cost in estimate.group_costs.items()}


def features(estimate: Estimate) -> list[dict[str, Any]]:
    return [
        {
            "feature": row.feature,
            "monthly_cost": plain(row.monthly_cost),
            "share": plain(row.share),
            "unit_cost": plain(row.unit_cost),
            "components": list(row.components),
        }
        for row in estimate.features
    ]


def llm_extras(item: ComponentCost) -> dict[str, Any]:
    """Return the keys an llm component adds to the JSON when a fleet serves it."""
    extras: dict[str, Any] = {"group": item.group, "idle_cost": plain(item.idle_cost)}
    if item.served_by is not None:
        extras["served_by"] = item.served_by
        extras["api_monthly_cost"] = plain(item.api_monthly_cost or Decimal(0))
    return extras


def component(item: ComponentCost, price_source: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON of a component that is not llm.

    `idle_cost` is null for an hourly-billed component without utilization, whose
    idle cost is unknown; the document's total `idle_cost` adds the known ones.
    """
    data: dict[str, Any] = {
        "name": item.name,
        "kind": item.kind,
        "group": item.group,
        "feature": item.feature,
        "feature_shares": _decimals(item.feature_shares),
        "monthly_cost": plain(item.monthly_cost),
        "unit_cost": plain(item.unit_cost),
        "list_monthly_cost": plain(item.list_monthly_cost),
        "discount": plain(item.discount),
        "idle_cost": plain(item.idle_cost) if idle_estimated(item) else None,
        "idle_flagged": item.idle_flagged,
    }
    details = item.details
    if isinstance(details, FleetDetails):
        data["instances"] = details.count
        if details.sizing is not None:
            data["binding_need"] = details.sizing.binding
        data["fleet"] = _fleet(details)
    elif isinstance(details, ServiceDetails):
        data["service"] = _service(details)
    elif isinstance(details, ProvisionedDetails):
        data["provisioned"] = _provisioned(details)
    data["price_source"] = price_source
    return data


def _fleet(details: FleetDetails) -> dict[str, Any]:
    return {
        "instance": details.instance,
        "region": details.region,
        "gpu": details.gpu,
        "gpus_per_instance": details.gpus_per_instance,
        "purchase": details.purchase,
        "hours_per_month": plain(details.hours_per_month),
        "instance_hours": plain(details.instance_hours),
        "hourly_price": plain(details.hourly_price),
        "list_hourly_price": plain(details.list_hourly_price),
        "utilization": _optional(details.utilization),
        "idle_threshold": plain(details.idle_threshold),
        "sizing": _sizing(details.sizing) if details.sizing else None,
    }


def _sizing(sizing: Sizing) -> dict[str, Any]:
    return {
        "serves": list(sizing.served),
        "model_size_b": plain(sizing.model_size_b),
        "precision": sizing.precision,
        "target_utilization": plain(sizing.target_utilization),
        "peak_to_average": plain(sizing.peak_to_average),
        "input_tokens_per_second": plain(sizing.input_tokens_per_second),
        "output_tokens_per_second": plain(sizing.output_tokens_per_second),
        "needs": [
            {"need": need.name, "gpus": plain(need.gpus), "instances": need.instances}
            for need in sizing.needs
        ],
        "binding_need": sizing.binding,
        "instances": sizing.instances,
        "min_instances": sizing.min_instances,
        "busy_share": plain(sizing.busy_share),
        "throughput": [
            {
                "component": match.component,
                "measurement": match.measurement,
                "measured_tokens_per_second_per_gpu": plain(match.measured_per_gpu),
                "tokens_per_second_per_gpu": plain(match.per_gpu),
                "bandwidth_ratio": _optional(match.bandwidth_ratio),
                "weight_bytes_ratio": _optional(match.weight_bytes_ratio),
                "size_ratio": _optional(match.size_ratio),
            }
            for match in sizing.matches
        ],
        "weights_gb": plain(sizing.weights_gb),
        "kv_cache_bytes_per_token": plain(sizing.kv_cache_bytes_per_token),
        "requests_in_flight": plain(sizing.requests_in_flight),
        "tokens_per_month": plain(sizing.tokens_per_month),
        "cost_per_mtok": plain(sizing.cost_per_mtok),
        "api_monthly_cost": plain(sizing.api_monthly_cost),
        "api_cost_per_mtok": plain(sizing.api_cost_per_mtok),
        "capacity_tokens_per_instance": plain(sizing.capacity_tokens_per_instance),
        "break_even_tokens_per_month": _optional(sizing.break_even_tokens_per_month),
        "break_even_units_per_month": _optional(sizing.break_even_units_per_month),
    }


def _service(details: ServiceDetails) -> dict[str, Any]:
    return {
        "sku": details.sku,
        "unit": details.unit,
        "quantity_per_month": plain(details.quantity),
        "tiers": [
            {
                "from": plain(tier.start),
                "to": _optional(tier.end),
                "quantity": plain(tier.quantity),
                "price": plain(tier.price),
                "cost": plain(tier.cost),
            }
            for tier in details.tiers
        ],
        "usage_cost": plain(details.usage_cost),
        "minimum_top_up": plain(details.minimum_top_up),
        "minimum": details.minimum_description,
    }


def _provisioned(details: ProvisionedDetails) -> dict[str, Any]:
    return {
        "offer": details.offer,
        "units": details.units,
        "commitment": details.commitment,
        "hours_per_month": plain(details.hours_per_month),
        "hourly_price": plain(details.hourly_price),
        "list_hourly_price": plain(details.list_hourly_price),
        "utilization": _optional(details.utilization),
        "idle_threshold": plain(details.idle_threshold),
    }


def _optional(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _decimals(values: dict[str, Decimal]) -> dict[str, str]:
    return {key: plain(value) for key, value in values.items()}
