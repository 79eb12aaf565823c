"""Terminal tables for designs with GPU fleets, provisioned capacity or services.

The report is grouped: Model APIs, GPU fleets and Cloud services, each with its
subtotal, then the total, the idle cost, the fleet sizing and the cost per feature.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aicost.engine.details import (
    GROUPS,
    FleetDetails,
    ProvisionedDetails,
    ServiceDetails,
)
from aicost.engine.result import ComponentCost, Estimate, per_unit
from aicost.report import numbers
from aicost.report.idle import idle_text
from aicost.report.terminal import print_table
from aicost.report.units import plural, unit_label

TokenTable = Callable[[Estimate, list[ComponentCost], str], Table]

NEED_LABELS = {
    "compute": "Compute (prefill)",
    "decode": "Decode throughput",
    "memory": "Memory (weights + KV cache)",
}


def has_groups(estimate: Estimate) -> bool:
    """Return whether the report needs groups: components besides llm, or features."""
    return any(item.kind != "llm" for item in estimate.components) or (
        len(estimate.features) > 1
    )


def print_groups(console: Console, estimate: Estimate, token_table: TokenTable) -> None:
    subtotals = estimate.group_costs
    llm_items = [item for item in estimate.components if item.kind == "llm"]
    capacity = [
        item
        for item in estimate.components
        if isinstance(item.details, FleetDetails | ProvisionedDetails)
    ]
    services = [
        item for item in estimate.components if isinstance(item.details, ServiceDetails)
    ]
    if llm_items:
        console.print(Text("Model APIs", style="bold"))
        print_table(console, token_table(estimate, llm_items, "Subtotal"))
    for item in llm_items:
        if item.served_by is not None:
            console.print(
                f"{item.name} is served by {item.served_by}; its API cost of "
                f"{numbers.money(item.api_monthly_cost or Decimal(0))} a month is "
                "not in the total.",
                markup=False,
                style="dim",
            )
    provisioned = [item for item in capacity if item.group == "model_apis"]
    fleets = [item for item in capacity if item.group == "gpu_fleets"]
    if provisioned:
        print_table(
            console, _capacity_table(estimate, provisioned, "Provisioned throughput")
        )
    if fleets:
        console.print(Text("GPU fleets", style="bold"))
        print_table(console, _capacity_table(estimate, fleets, "Subtotal"))
    if services:
        console.print(Text("Cloud services", style="bold"))
        print_table(console, _services_table(estimate, services))
    print_table(console, _groups_table(estimate, subtotals))
    for item in fleets:
        details = item.details
        if isinstance(details, FleetDetails) and details.sizing is not None:
            print_table(console, _sizing_table(estimate, item, details))
    for item in estimate.components:
        if item.idle_flagged:
            console.print(
                f"Idle: {item.name} bills {numbers.money(item.idle_cost)} a month for "
                f"unused hours, {numbers.percent(item.idle_cost, item.monthly_cost)} "
                "of its cost.",
                markup=False,
                style="yellow",
            )
    if len(estimate.features) > 1:
        print_table(console, _features_table(estimate))


def _capacity_table(
    estimate: Estimate, items: list[ComponentCost], label: str
) -> Table:
    monthly = sum((item.monthly_cost for item in items), Decimal(0))
    table = Table(show_footer=True, header_style="bold", footer_style="bold")
    table.add_column("Component", footer=label, overflow="fold")
    table.add_column("Instance / offer", overflow="fold")
    table.add_column("Purchase", overflow="fold")
    table.add_column("Count", justify="right", no_wrap=True)
    table.add_column("Hours/mo", justify="right", no_wrap=True)
    table.add_column("$/hour", justify="right", no_wrap=True)
    table.add_column("Busy", justify="right", no_wrap=True)
    table.add_column(
        "Idle cost", justify="right", no_wrap=True, footer=idle_text(items)
    )
    add_cost_columns(table, estimate, monthly)
    for item in items:
        details = item.details
        if isinstance(details, FleetDetails):
            resource, purchase, count = (
                details.instance,
                details.purchase,
                details.count,
            )
            hours, price = details.hours_per_month, details.hourly_price
            busy = details.utilization
        else:
            assert isinstance(details, ProvisionedDetails)
            resource, purchase, count = details.offer, details.commitment, details.units
            hours, price = details.hours_per_month, details.hourly_price
            busy = details.utilization
        idle = idle_text([item])
        if item.idle_flagged:
            idle += " !"
        table.add_row(
            Text(item.name),
            Text(resource),
            purchase,
            numbers.count(count),
            numbers.count(hours),
            numbers.rate(price),
            "–" if busy is None else numbers.percent(busy, Decimal(1)),
            idle,
            numbers.money(item.monthly_cost),
            numbers.money(item.unit_cost),
            numbers.percent(item.monthly_cost, estimate.monthly_cost),
        )
    return table


def _services_table(estimate: Estimate, items: list[ComponentCost]) -> Table:
    monthly = sum((item.monthly_cost for item in items), Decimal(0))
    table = Table(show_footer=True, header_style="bold", footer_style="bold")
    table.add_column("Component", footer="Subtotal", overflow="fold")
    table.add_column("SKU", overflow="fold")
    table.add_column("Quantity/mo", justify="right", no_wrap=True)
    table.add_column("Unit", overflow="fold")
    table.add_column("Minimum top-up", justify="right", no_wrap=True)
    add_cost_columns(table, estimate, monthly)
    for item in items:
        details = item.details
        assert isinstance(details, ServiceDetails)
        table.add_row(
            Text(item.name),
            Text(details.sku),
            numbers.compact(details.quantity),
            Text(unit_label(details.unit)),
            numbers.money(details.minimum_top_up) if details.minimum_top_up else "–",
            numbers.money(item.monthly_cost),
            numbers.money(item.unit_cost),
            numbers.percent(item.monthly_cost, estimate.monthly_cost),
        )
    return table


def _groups_table(estimate: Estimate, subtotals: dict[str, Decimal]) -> Table:
    table = Table(show_footer=True, header_style="bold", footer_style="bold")
    total = estimate.monthly_cost
    table.add_column("Group", footer="Total", overflow="fold")
    table.add_column(
        "Monthly", justify="right", no_wrap=True, footer=numbers.money(total)
    )
    table.add_column(
        "Per unit",
        justify="right",
        no_wrap=True,
        footer=numbers.money(estimate.unit_cost),
    )
    table.add_column(
        "Share", justify="right", no_wrap=True, footer=numbers.percent(total, total)
    )
    table.add_column(
        "Idle cost",
        justify="right",
        no_wrap=True,
        footer=idle_text(estimate.components),
    )
    for key, label in GROUPS.items():
        cost = subtotals.get(key, Decimal(0))
        members = [item for item in estimate.components if item.group == key]
        table.add_row(
            label,
            numbers.money(cost),
            numbers.money(per_unit(cost, estimate.units_per_month)),
            numbers.percent(cost, total),
            idle_text(members),
        )
    return table


def _sizing_table(
    estimate: Estimate, item: ComponentCost, details: FleetDetails
) -> Table:
    sizing = details.sizing
    assert sizing is not None
    table = Table(
        title=Text(
            f"{item.name}: sized for {', '.join(sizing.served)} on "
            f"{details.instance} ({details.gpus_per_instance} × {details.gpu_name})"
        ),
        title_justify="left",
        header_style="bold",
    )
    table.add_column("Need at peak", overflow="fold")
    table.add_column("GPUs", justify="right", no_wrap=True)
    table.add_column("Instances", justify="right", no_wrap=True)
    table.add_column("Binds", no_wrap=True)
    for need in sizing.needs:
        table.add_row(
            NEED_LABELS[need.name],
            numbers.count(need.gpus),
            numbers.count(need.instances),
            "yes" if need.name == sizing.binding else "",
        )
    caption = [
        f"Instances: {numbers.count(sizing.instances)}. Self-hosted: "
        f"{numbers.money(sizing.cost_per_mtok)} per million tokens served; API: "
        f"{numbers.money(sizing.api_cost_per_mtok)} "
        f"({numbers.money(sizing.api_monthly_cost)} a month).",
        break_even_text(sizing, estimate.design.unit),
    ]
    table.caption = " ".join(caption)
    table.caption_justify = "left"
    return table


def break_even_text(sizing, unit: str) -> str:
    units = sizing.break_even_units_per_month or Decimal(0)
    if sizing.break_even_tokens_per_month is None:
        return (
            "Self-hosting does not break even at this instance price: at full load "
            "the fleet costs more per token than the API."
        )
    return (
        "Break-even at "
        f"{numbers.compact(sizing.break_even_tokens_per_month)} tokens a month "
        f"({numbers.compact(units)} {plural(unit, units)}); "
        "above that, self-hosting costs less."
    )


def _features_table(estimate: Estimate) -> Table:
    table = Table(title="By feature", title_justify="left", header_style="bold")
    table.add_column("Feature", overflow="fold")
    table.add_column("Monthly", justify="right", no_wrap=True)
    table.add_column("Share", justify="right", no_wrap=True)
    table.add_column("Per unit", justify="right", no_wrap=True)
    table.add_column("Components", overflow="fold")
    for row in estimate.features:
        table.add_row(
            Text(row.feature or "(unattributed)"),
            numbers.money(row.monthly_cost),
            numbers.percent(row.share, Decimal(1)),
            numbers.money(row.unit_cost),
            Text(", ".join(row.components)),
        )
    return table


def add_cost_columns(table: Table, estimate: Estimate, monthly: Decimal) -> None:
    """Add the Monthly, Per unit and Share columns, with `monthly` in the footers."""
    table.add_column(
        "Monthly", justify="right", no_wrap=True, footer=numbers.money(monthly)
    )
    table.add_column(
        "Per unit",
        justify="right",
        no_wrap=True,
        footer=numbers.money(per_unit(monthly, estimate.units_per_month)),
    )
    table.add_column(
        "Share",
        justify="right",
        no_wrap=True,
        footer=numbers.percent(monthly, estimate.monthly_cost),
    )
