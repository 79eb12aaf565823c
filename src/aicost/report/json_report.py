"""JSON report, format version 1: money and counts as full-precision decimal strings."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from aicost.engine.result import ComponentCost, Estimate
from aicost.report import json_parts
from aicost.report.analysis_json import with_analysis
from aicost.report.numbers import plain

JSON_FORMAT_VERSION = 1


def render(estimate: Estimate, *, color: bool = False) -> str:
    return json.dumps(to_dict(estimate), indent=2) + "\n"


def to_dict(estimate: Estimate) -> dict[str, Any]:
    """Return the JSON document of an estimate as plain data."""
    design = estimate.design
    document = {
        "version": JSON_FORMAT_VERSION,
        "currency": "USD",
        "design": {
            "name": design.name,
            "file": str(estimate.path) if estimate.path else None,
            "owner": design.owner,
            "unit": design.unit,
        },
        "price_date": estimate.as_of.isoformat(),
        "price_catalog": estimate.catalog,
        "hours_per_month": plain(estimate.hours_per_month),
        "units_per_month": plain(estimate.units_per_month),
        "monthly_cost": plain(estimate.monthly_cost),
        "unit_cost": plain(estimate.unit_cost),
        "list_monthly_cost": plain(estimate.list_monthly_cost),
        "list_unit_cost": plain(estimate.list_unit_cost),
        "idle_cost": plain(estimate.idle_cost),
        "groups": json_parts.groups(estimate),
        "components": [_component(item) for item in estimate.components],
        "features": json_parts.features(estimate),
        "warnings": list(estimate.warnings),
    }
    return with_analysis(document, estimate)


def _component(item: ComponentCost) -> dict[str, Any]:
    if item.kind != "llm":
        return json_parts.component(item, _price_source(item))
    tier = None
    if item.tier is not None:
        tier = {
            "above_input_tokens": item.tier.threshold,
            "inclusive": item.tier.inclusive,
        }
    return {
        "name": item.name,
        "kind": item.kind,
        "feature": item.feature,
        "model": item.model,
        "mode": item.mode,
        "calls_per_month": plain(item.calls_per_month),
        "monthly_cost": plain(item.monthly_cost),
        "unit_cost": plain(item.unit_cost),
        "list_monthly_cost": plain(item.list_monthly_cost),
        "cost_per_call": plain(item.cost_per_call),
        "discount": plain(item.discount),
        "usage_per_call": _decimals(item.usage_per_call),
        "usage_per_month": _decimals(item.usage_per_month),
        "cost_by_usage": _decimals(item.cost_by_usage),
        "rates": _decimals(item.rates),
        "long_context_tier": tier,
        "price_source": _price_source(item),
        **json_parts.llm_extras(item),
    }


def _price_source(item: ComponentCost) -> dict[str, Any]:
    return {
        "kind": item.source.kind,
        "description": item.source.description,
        "as_of": item.source.as_of.isoformat() if item.source.as_of else None,
        "url": item.source.url,
    }


def _decimals(values: dict[str, Decimal]) -> dict[str, str]:
    return {key: plain(value) for key, value in values.items()}
