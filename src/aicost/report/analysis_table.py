"""Terminal parts for scenarios, ranges, samples and sensitivity."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from aicost.engine.result import Estimate
from aicost.report import numbers
from aicost.report.analysis_common import (
    settings_text,
    show_value,
    signed_money,
    signed_percent,
)

if TYPE_CHECKING:
    from aicost.analysis.result import Analysis, CostRange, Percentiles

# Width in characters of the longest sensitivity bar.
BAR_WIDTH = 30


def header_lines(estimate: Estimate) -> list[RenderableType]:
    """Return the lines under the headline: the scenario, the range, percentiles."""
    analysis = estimate.analysis
    if analysis is None:
        return []
    unit = estimate.design.unit
    lines: list[RenderableType] = []
    if analysis.scenario is not None:
        scenario = analysis.scenario
        about = f" ({scenario.description})" if scenario.description else ""
        lines.append(
            Text(
                f"Scenario {scenario.name}{about}: {settings_text(scenario)}",
                style="bold",
            )
        )
    if analysis.range is not None:
        span = analysis.range
        lines.append(
            Text(
                f"Range {numbers.money(span.monthly_low)} to "
                f"{numbers.money(span.monthly_high)} per month, "
                f"{numbers.money(span.unit_low)} to {numbers.money(span.unit_high)} "
                f"per {unit}, over {len(analysis.inputs)} ranged "
                f"{'input' if len(analysis.inputs) == 1 else 'inputs'}"
            )
        )
    if analysis.samples is not None:
        drawn = analysis.samples
        p10, p50, p90 = (
            numbers.money(value)
            for value in (
                drawn.total.monthly.p10,
                drawn.total.monthly.p50,
                drawn.total.monthly.p90,
            )
        )
        lines.append(
            Text(
                f"{numbers.count(drawn.count)} Monte Carlo samples, seed {drawn.seed}: "
                f"P10 {p10} · P50 {p50} · P90 {p90} per month"
            )
        )
    return lines


def sections(estimate: Estimate) -> list[RenderableType]:
    """Return the tables of scenarios, component ranges and sensitivity."""
    analysis = estimate.analysis
    if analysis is None:
        return []
    parts: list[RenderableType] = []
    if analysis.scenarios:
        parts.append(_scenarios(estimate, analysis))
    if analysis.range is not None:
        parts.append(_ranges(estimate, analysis, analysis.range))
    if analysis.sensitivity:
        parts.extend(_sensitivity(analysis))
    return parts


def _scenarios(estimate: Estimate, analysis: Analysis) -> Table:
    ranged = any(result.range is not None for result in analysis.scenarios)
    table = Table(title="Scenarios", title_justify="left", header_style="bold")
    table.add_column("Scenario", overflow="fold")
    table.add_column("Sets", overflow="fold")
    table.add_column("Monthly", justify="right", no_wrap=True)
    table.add_column("Per unit", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("Change %", justify="right", no_wrap=True)
    if ranged:
        table.add_column("Monthly range", justify="right", no_wrap=True)

    baseline = [
        "Baseline",
        "",
        numbers.money(estimate.monthly_cost),
        numbers.money(estimate.unit_cost),
        "",
        "",
    ]
    if ranged:
        span = analysis.range
        baseline.append(_span(span.monthly_low, span.monthly_high) if span else "")
    table.add_row(*baseline)

    for result in analysis.scenarios:
        row = [
            Text(result.scenario.name),
            Text(settings_text(result.scenario)),
            numbers.money(result.monthly_cost),
            numbers.money(result.unit_cost),
            signed_money(result.monthly_change),
            signed_percent(result.monthly_change, result.baseline_monthly),
        ]
        if ranged:
            span = result.range
            row.append(_span(span.monthly_low, span.monthly_high) if span else "")
        table.add_row(*row)
    return table


def _ranges(estimate: Estimate, analysis: Analysis, total: CostRange) -> Table:
    drawn = analysis.samples
    table = Table(
        title="Monthly cost over the ranges",
        title_justify="left",
        header_style="bold",
    )
    table.add_column("Component", overflow="fold")
    for label in ("Low", "Expected", "High"):
        table.add_column(label, justify="right", no_wrap=True)
    if drawn is not None:
        for label in ("P10", "P50", "P90"):
            table.add_column(label, justify="right", no_wrap=True)

    for index, item in enumerate(estimate.components):
        table.add_row(
            *_range_row(
                Text(item.name),
                analysis.component_ranges[index],
                item.monthly_cost,
                drawn.components[index].monthly if drawn else None,
            )
        )
    table.add_row(
        *_range_row(
            Text("Total", style="bold"),
            total,
            estimate.monthly_cost,
            drawn.total.monthly if drawn else None,
        )
    )
    return table


def _range_row(
    label: Text, span: CostRange, expected: Decimal, drawn: Percentiles | None
) -> list[RenderableType]:
    values = [span.monthly_low, expected, span.monthly_high]
    if drawn is not None:
        values += [drawn.p10, drawn.p50, drawn.p90]
    return [label, *(numbers.money(value) for value in values)]


def _sensitivity(analysis: Analysis) -> list[RenderableType]:
    rows = analysis.sensitivity
    top = rows[0]
    table = Table(
        title="Sensitivity: monthly cost with each input at its low and high end",
        title_justify="left",
        header_style="bold",
    )
    table.add_column("Input", overflow="fold")
    table.add_column("Low", justify="right", no_wrap=True)
    table.add_column("High", justify="right", no_wrap=True)
    table.add_column("At low", justify="right", no_wrap=True)
    table.add_column("At high", justify="right", no_wrap=True)
    table.add_column("Swing", justify="right", no_wrap=True)
    table.add_column("Share", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)

    largest = top.swing
    moved = ""
    if analysis.sensitivity_share is not None:
        moved = f" (±{numbers.input_percent(analysis.sensitivity_share)})"
    for row in rows:
        length = int(BAR_WIDTH * row.swing / largest) if largest else 0
        bar = "█" * length or ("▏" if row.swing else "")
        table.add_row(
            Text(row.input.label + ("" if row.input.from_range else moved)),
            show_value(row.input.low),
            show_value(row.input.high),
            numbers.money(row.monthly_at_low),
            numbers.money(row.monthly_at_high),
            numbers.money(row.swing),
            numbers.percent(row.share, Decimal(1)),
            Text(bar, style="cyan"),
        )

    parts: list[RenderableType] = [table]
    if top.swing:
        parts.append(
            Text(
                f"{top.input.label} drives {numbers.percent(top.share, Decimal(1))} "
                "of the "
                "summed swing in monthly cost."
            )
        )
    for row in rows:
        if row.note:
            parts.append(Text(f"{row.input.label}: {row.note}", style="dim"))
    return parts


def _span(low: Decimal, high: Decimal) -> str:
    return f"{numbers.money(low)} to {numbers.money(high)}"
