"""Template data for the Markdown parts: scenarios, ranges, sensitivity and charts.

Charts are Mermaid blocks, which GitHub renders: a pie of cost by component, and
xychart-beta bars of cost by scenario and of each input's swing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aicost.engine.result import Estimate
from aicost.report import numbers
from aicost.report.analysis_common import (
    mermaid_label,
    mermaid_number,
    settings_text,
    show_value,
    signed_money,
    signed_percent,
)

if TYPE_CHECKING:
    from aicost.analysis.result import Analysis, CostRange, Percentiles


def analysis_context(estimate: Estimate) -> dict[str, Any]:
    """Return the data that the analysis templates read, as `report.analysis`."""
    context: dict[str, Any] = {
        "component_chart": component_chart(estimate),
        "sized_fleet": any(
            getattr(component, "serves", None)
            for component in estimate.design.components
        ),
    }
    analysis = estimate.analysis
    if analysis is None:
        empty = ("scenario", "range", "scenario_chart", "sensitivity_chart")
        return context | dict.fromkeys(empty) | {"scenarios": [], "sensitivity": []}
    context["scenario"] = _scenario(analysis)
    context["range"] = _range(estimate, analysis)
    context["scenarios"] = _scenarios(estimate, analysis)
    context["scenario_chart"] = scenario_chart(estimate, analysis)
    context["sensitivity"] = _sensitivity(analysis)
    context["sensitivity_chart"] = sensitivity_chart(analysis)
    return context


def component_chart(estimate: Estimate) -> str | None:
    """Return a Mermaid pie of monthly cost by component, if two or more cost money."""
    costs = [item for item in estimate.components if item.monthly_cost > 0]
    if len(costs) < 2:
        return None
    lines = ["pie showData", "    title Monthly cost by component (USD)"]
    for item in costs:
        lines.append(
            f'    "{mermaid_label(item.name)}" : {mermaid_number(item.monthly_cost)}'
        )
    return "\n".join(lines)


def scenario_chart(estimate: Estimate, analysis: Analysis) -> str | None:
    """Return Mermaid bars of the monthly cost of the baseline and each scenario."""
    if not analysis.scenarios:
        return None
    labels = ["Baseline", *(result.scenario.name for result in analysis.scenarios)]
    values = [estimate.monthly_cost, *(r.monthly_cost for r in analysis.scenarios)]
    return _bars("Monthly cost by scenario (USD)", labels, values, horizontal=False)


def sensitivity_chart(analysis: Analysis) -> str | None:
    """Return horizontal Mermaid bars of each input's swing in monthly cost."""
    rows = [row for row in analysis.sensitivity if row.swing > 0]
    if not rows:
        return None
    labels = [row.input.label for row in rows]
    values = [row.swing for row in rows]
    return _bars("Swing in monthly cost (USD)", labels, values, horizontal=True)


def _bars(
    title: str, labels: list[str], values: list[Decimal], *, horizontal: bool
) -> str:
    header = "xychart-beta horizontal" if horizontal else "xychart-beta"
    categories = ", ".join(f'"{mermaid_label(label)}"' for label in labels)
    numbers_text = ", ".join(mermaid_number(value) for value in values)
    return "\n".join(
        [
            header,
            f'    title "{mermaid_label(title)}"',
            f"    x-axis [{categories}]",
            '    y-axis "USD per month"',
            f"    bar [{numbers_text}]",
        ]
    )


def _scenario(analysis: Analysis) -> dict[str, Any] | None:
    if analysis.scenario is None:
        return None
    return {
        "name": analysis.scenario.name,
        "description": analysis.scenario.description,
        "settings": settings_text(analysis.scenario),
    }


def _range(estimate: Estimate, analysis: Analysis) -> dict[str, Any] | None:
    if analysis.range is None:
        return None
    drawn = analysis.samples
    total = {
        "monthly": _row(
            analysis.range.monthly_low,
            estimate.monthly_cost,
            analysis.range.monthly_high,
            drawn.total.monthly if drawn else None,
        ),
        "unit": _row(
            analysis.range.unit_low,
            estimate.unit_cost,
            analysis.range.unit_high,
            drawn.total.unit if drawn else None,
        ),
    }
    components = []
    for index, item in enumerate(estimate.components):
        span: CostRange = analysis.component_ranges[index]
        percentiles = drawn.components[index].monthly if drawn else None
        components.append(
            {
                "name": item.name,
                **_row(
                    span.monthly_low, item.monthly_cost, span.monthly_high, percentiles
                ),
            }
        )
    inputs = [
        {
            "field": item.field,
            "low": show_value(item.low),
            "expected": show_value(item.expected),
            "high": show_value(item.high),
        }
        for item in analysis.inputs
    ]
    return {
        "total": total,
        "components": components,
        "inputs": inputs,
        "samples": {"count": numbers.count(drawn.count), "seed": drawn.seed}
        if drawn
        else None,
    }


def _row(
    low: Decimal, expected: Decimal, high: Decimal, drawn: Percentiles | None
) -> dict[str, Any]:
    row = {
        "low": numbers.money(low),
        "expected": numbers.money(expected),
        "high": numbers.money(high),
    }
    if drawn is not None:
        row |= {
            "p10": numbers.money(drawn.p10),
            "p50": numbers.money(drawn.p50),
            "p90": numbers.money(drawn.p90),
        }
    return row


def _scenarios(estimate: Estimate, analysis: Analysis) -> list[dict[str, Any]]:
    rows = []
    for result in analysis.scenarios:
        span = result.range
        rows.append(
            {
                "name": result.scenario.name,
                "description": result.scenario.description,
                "settings": settings_text(result.scenario),
                "monthly": numbers.money(result.monthly_cost),
                "unit": numbers.money(result.unit_cost),
                "change": signed_money(result.monthly_change),
                "change_percent": signed_percent(
                    result.monthly_change, result.baseline_monthly
                ),
                "range": f"{numbers.money(span.monthly_low)} to "
                f"{numbers.money(span.monthly_high)}"
                if span
                else None,
            }
        )
    return rows


def _sensitivity(analysis: Analysis) -> list[dict[str, Any]]:
    moved = ""
    if analysis.sensitivity_share is not None:
        moved = f" (±{numbers.input_percent(analysis.sensitivity_share)})"
    return [
        {
            "label": row.input.label + ("" if row.input.from_range else moved),
            "name": row.input.label,
            "low": show_value(row.input.low),
            "high": show_value(row.input.high),
            "at_low": numbers.money(row.monthly_at_low),
            "at_high": numbers.money(row.monthly_at_high),
            "swing": numbers.money(row.swing),
            "share": numbers.percent(row.share, Decimal(1)),
            "moves": row.swing > 0,
            "note": row.note,
        }
        for row in analysis.sensitivity
    ]
