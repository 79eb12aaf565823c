"""Terminal report: a rich table of components with the totals and assumptions below."""

from __future__ import annotations

import io
from decimal import Decimal

from rich.table import Table
from rich.text import Text

from aicost.engine.result import ComponentCost, Estimate
from aicost.report import analysis_table, numbers, table_groups
from aicost.report.footer import price_dates
from aicost.report.terminal import print_renderable, print_table, report_console
from aicost.report.units import plural


def render(
    estimate: Estimate,
    *,
    color: bool = False,
    terminal: bool = False,
    width: int | None = None,
) -> str:
    """Render the terminal report; `terminal` sizes it to the terminal's width."""
    buffer = io.StringIO()
    console = report_console(buffer, color=color, terminal=terminal, width=width)
    design = estimate.design
    unit = design.unit
    units_per_month = estimate.units_per_month
    console.print(Text(f"{design.name}", style="bold"))
    console.print(
        f"{numbers.money(estimate.monthly_cost)} per month · "
        f"{numbers.money(estimate.unit_cost)} per {unit} · "
        f"{numbers.count(units_per_month)} {plural(unit, units_per_month)} per month",
        markup=False,
    )
    if estimate.discounted:
        console.print(
            f"List price before negotiated discounts: "
            f"{numbers.money(estimate.list_monthly_cost)} per month, "
            f"{numbers.money(estimate.list_unit_cost)} per {unit}",
            markup=False,
            style="dim",
        )
    for line in analysis_table.header_lines(estimate):
        console.print(line)
    if table_groups.has_groups(estimate):
        table_groups.print_groups(console, estimate, _components_table)
    else:
        print_table(console, _components_table(estimate))
    if any(item.kind == "llm" for item in estimate.components):
        console.print(
            "Tokens are monthly totals. Input includes cached input and cache "
            "writes; output includes reasoning.",
            markup=False,
            style="dim",
        )
    console.print(
        f"A month is {numbers.count(estimate.hours_per_month)} hours. "
        + price_dates(estimate),
        markup=False,
        style="dim",
    )
    for part in analysis_table.sections(estimate):
        print_renderable(console, part)
    for warning in estimate.warnings:
        console.print(f"Note: {warning}", markup=False, style="yellow")
    return buffer.getvalue()


def _components_table(
    estimate: Estimate,
    items: list[ComponentCost] | None = None,
    label: str = "Total",
) -> Table:
    items = estimate.components if items is None else items
    monthly = sum((item.monthly_cost for item in items), Decimal(0))
    table = Table(show_footer=True, header_style="bold", footer_style="bold")
    table.add_column("Component", footer=label, overflow="fold")
    table.add_column("Model", overflow="fold")
    table.add_column("Mode", overflow="fold")
    table.add_column("Calls/mo", justify="right", no_wrap=True)
    for heading in ("Input", "Cached", "Cache write", "Output", "Reasoning"):
        table.add_column(heading, justify="right", no_wrap=True)
    table_groups.add_cost_columns(table, estimate, monthly)

    for item in items:
        tokens = item.usage_per_month
        table.add_row(
            Text(item.name),
            Text(item.model),
            item.mode,
            numbers.compact(item.calls_per_month),
            *(
                numbers.compact(tokens.get(key, 0))
                for key in (
                    "input_tokens",
                    "cache_read_tokens",
                    "cache_write_tokens",
                    "output_tokens",
                    "output_reasoning_tokens",
                )
            ),
            numbers.money(item.monthly_cost),
            numbers.money(item.unit_cost),
            numbers.percent(item.monthly_cost, estimate.monthly_cost),
        )
    return table
