"""JSON report of a diff, format version 1: money and percents as decimal strings.

For every design, every component and the total it gives the previous and new monthly
cost and unit cost, and the change in USD and in percent. The percent is null when the
previous cost is zero. `..._from_design` and `..._from_prices` split the change and
add up to it exactly; they are null when the base design could not be repriced.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from aicost.report.numbers import plain
from aicost.review.budget import Check, Verdict
from aicost.review.diff import Change, ComponentDiff, DesignDiff, DiffResult, Split

JSON_FORMAT_VERSION = 1


def render(result: DiffResult, verdict: Verdict, *, color: bool = False) -> str:
    return json.dumps(to_dict(result, verdict), indent=2) + "\n"


def to_dict(result: DiffResult, verdict: Verdict) -> dict[str, Any]:
    """Return the JSON document of a diff as plain data."""
    statuses = [item.status for item in result.designs]
    return {
        "version": JSON_FORMAT_VERSION,
        "kind": "diff",
        "currency": "USD",
        "base": result.base_label,
        "head": result.head_label,
        "total": {
            "designs": len(result.designs),
            "added": statuses.count("added"),
            "removed": statuses.count("removed"),
            "changed": statuses.count("changed"),
            "unchanged": statuses.count("unchanged"),
            "unit": result.unit,
            "previous_units_per_month": plain(result.previous_units_per_month),
            "units_per_month": plain(result.units_per_month),
            **_costs(
                result.monthly,
                result.monthly_split,
                result.unit_cost,
                result.unit_split,
            ),
        },
        "designs": [_design(item) for item in result.designs],
        "budget": _verdict(verdict),
    }


def _design(item: DesignDiff) -> dict[str, Any]:
    base, head = item.base, item.head
    return {
        "file": item.path,
        "status": item.status,
        "name": item.name,
        "previous_name": base.design.name if base else None,
        "unit": item.unit,
        "previous_unit": base.design.unit if base else None,
        "previous_units_per_month": plain(item.previous_units_per_month),
        "units_per_month": plain(item.units_per_month),
        "previous_price_date": base.as_of.isoformat() if base else None,
        "price_date": head.as_of.isoformat() if head else None,
        "price_catalog": item.current.catalog,
        **_costs(item.monthly, item.monthly_split, item.unit_cost, item.unit_split),
        "split_error": item.split_error,
        "components": [_component(component) for component in item.components],
        "warnings": item.warnings,
    }


def _component(item: ComponentDiff) -> dict[str, Any]:
    current = item.head or item.base
    return {
        "name": item.name,
        "kind": current.kind if current else None,
        "status": item.status,
        "previous_model": (item.base.model or None) if item.base else None,
        "model": (item.head.model or None) if item.head else None,
        **_costs(item.monthly, item.monthly_split, item.unit_cost, item.unit_split),
    }


def _costs(
    monthly: Change,
    monthly_split: Split | None,
    unit_cost: Change | None,
    unit_split: Split | None,
) -> dict[str, str | None]:
    return {
        **_change("monthly_cost", monthly, monthly_split),
        **_change("unit_cost", unit_cost, unit_split),
    }


def _change(
    key: str, change: Change | None, split: Split | None
) -> dict[str, str | None]:
    return {
        f"previous_{key}": _plain(change.previous if change else None),
        key: _plain(change.current if change else None),
        f"{key}_change": _plain(change.change if change else None),
        f"{key}_change_percent": _plain(change.percent if change else None),
        f"{key}_change_from_design": _plain(split.design if split else None),
        f"{key}_change_from_prices": _plain(split.prices if split else None),
    }


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _verdict(verdict: Verdict) -> dict[str, Any]:
    return {
        "passed": verdict.passed,
        "checks": [_check(check) for check in verdict.checks],
    }


def _check(check: Check) -> dict[str, Any]:
    return {
        "file": check.path,
        "design": check.design,
        "limit": check.kind,
        "source": check.source,
        "limit_value": plain(check.limit),
        "value": plain(check.value),
        "excess": plain(check.excess),
        "breached": check.breached,
        "message": check.message(),
    }
