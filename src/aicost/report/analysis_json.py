"""JSON fields for scenarios, ranges, samples and sensitivity.

Added only when an estimate carries an analysis, so the JSON of a design without
ranges or scenarios is unchanged. Money is a full-precision decimal string; the
percentiles are Monte Carlo estimates.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aicost.engine.result import Estimate
from aicost.report.numbers import plain

if TYPE_CHECKING:
    from aicost.analysis.result import (
        AppliedScenario,
        CostPercentiles,
        CostRange,
        ScenarioResult,
        SensitivityRow,
    )


def with_analysis(document: dict[str, Any], estimate: Estimate) -> dict[str, Any]:
    """Return the JSON document with the analysis fields added, if there are any."""
    analysis = estimate.analysis
    if analysis is None:
        return document
    drawn = analysis.samples
    totals = {
        **_range_fields(analysis.range),
        **_percentile_fields(drawn.total if drawn else None),
    }
    result = _after(document, "unit_cost", totals)

    components = []
    for index, item in enumerate(result.get("components", [])):
        fields = {}
        if analysis.component_ranges:
            fields |= _range_fields(analysis.component_ranges[index])
        if drawn is not None:
            fields |= _percentile_fields(drawn.components[index])
        components.append(_after(item, "unit_cost", fields))
    if "components" in result:
        result["components"] = components

    if analysis.scenario is not None:
        result["scenario"] = _applied(analysis.scenario)
    if analysis.inputs:
        result["ranges"] = [
            {
                "field": item.field,
                "component": item.component,
                "low": plain(item.low),
                "expected": plain(item.expected),
                "high": plain(item.high),
            }
            for item in analysis.inputs
        ]
    if drawn is not None:
        result["samples"] = {
            "count": drawn.count,
            "seed": drawn.seed,
            "distribution": "triangular",
        }
    if analysis.sensitivity:
        result["sensitivity"] = [_sensitivity(row) for row in analysis.sensitivity]
    if analysis.sensitivity_share is not None:
        result["sensitivity_share"] = plain(analysis.sensitivity_share)
    if analysis.scenarios or estimate.design.scenarios:
        result["scenarios"] = [_scenario(item) for item in analysis.scenarios]
    return result


def _after(mapping: dict[str, Any], key: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of `mapping` with `fields` placed right after `key`."""
    if key not in mapping:
        return {**mapping, **fields}
    result: dict[str, Any] = {}
    for name, value in mapping.items():
        result[name] = value
        if name == key:
            result.update(fields)
    return result


def _range_fields(span: CostRange | None) -> dict[str, str]:
    if span is None:
        return {}
    return {
        "monthly_cost_low": plain(span.monthly_low),
        "monthly_cost_high": plain(span.monthly_high),
        "unit_cost_low": plain(span.unit_low),
        "unit_cost_high": plain(span.unit_high),
    }


def _percentile_fields(drawn: CostPercentiles | None) -> dict[str, str]:
    if drawn is None:
        return {}
    return {
        "monthly_cost_p10": plain(drawn.monthly.p10),
        "monthly_cost_p50": plain(drawn.monthly.p50),
        "monthly_cost_p90": plain(drawn.monthly.p90),
        "unit_cost_p10": plain(drawn.unit.p10),
        "unit_cost_p50": plain(drawn.unit.p50),
        "unit_cost_p90": plain(drawn.unit.p90),
    }


def _applied(scenario: AppliedScenario) -> dict[str, Any]:
    return {
        "name": scenario.name,
        "description": scenario.description,
        "set": {path: _value(value) for path, value in scenario.settings},
    }


def _scenario(result: ScenarioResult) -> dict[str, Any]:
    percent = result.monthly_change_percent
    unit_percent = result.unit_change_percent
    return {
        **_applied(result.scenario),
        "monthly_cost": plain(result.monthly_cost),
        "unit_cost": plain(result.unit_cost),
        **_range_fields(result.range),
        "monthly_change": plain(result.monthly_change),
        "monthly_change_percent": plain(percent) if percent is not None else None,
        "unit_change": plain(result.unit_change),
        "unit_change_percent": plain(unit_percent)
        if unit_percent is not None
        else None,
    }


def _sensitivity(row: SensitivityRow) -> dict[str, Any]:
    return {
        "field": row.input.field,
        "component": row.input.component,
        "source": "range" if row.input.from_range else "moved",
        "low": plain(row.input.low),
        "high": plain(row.input.high),
        "monthly_cost_at_low": plain(row.monthly_at_low),
        "monthly_cost_at_high": plain(row.monthly_at_high),
        "swing": plain(row.swing),
        "share": plain(row.share),
        "note": row.note,
    }


def _value(value: Any) -> Any:
    """Convert a design value to JSON: numbers as decimal strings, dates ISO 8601."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | Decimal):
        return plain(Decimal(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_value(item) for item in value]
    return str(value)
