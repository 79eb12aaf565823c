"""Terminal report of a diff: the headline, a table of designs, one table per change."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aicost.report import numbers
from aicost.report.diff_common import (
    change_text,
    headline,
    signed_money,
    status_label,
    unit_text,
)
from aicost.report.terminal import print_table, report_console
from aicost.review.budget import Verdict
from aicost.review.diff import DesignDiff, DiffResult


def render(
    result: DiffResult,
    verdict: Verdict,
    *,
    color: bool = False,
    terminal: bool = False,
    width: int | None = None,
) -> str:
    """Render the diff for a terminal; `terminal` sizes it to the terminal's width."""
    buffer = io.StringIO()
    console = report_console(buffer, color=color, terminal=terminal, width=width)
    console.print(Text(f"Cost diff: {result.base_label} → {result.head_label}", "bold"))
    console.print(Text(headline(result) + "."))
    split = result.monthly_split
    if split is not None and (split.design or split.prices):
        console.print(
            Text(
                f"Design changes: {signed_money(split.design)}; "
                f"price changes: {signed_money(split.prices)}."
            )
        )
    print_table(console, _designs_table(result))
    for item in result.changed:
        print_table(console, _components_table(item))
        for note in _notes(item):
            console.print(Text(f"Note: {note}", style="yellow"))
    _print_verdict(console, verdict)
    return buffer.getvalue()


def _designs_table(result: DiffResult) -> Table:
    many = len(result.designs) > 1
    table = Table(show_footer=many, header_style="bold", footer_style="bold")
    table.add_column("Design", footer="Total", overflow="fold")
    table.add_column("File", overflow="fold")
    table.add_column("Status", overflow="fold")
    table.add_column(
        "Previous",
        justify="right",
        no_wrap=True,
        footer=numbers.money(result.monthly.previous),
    )
    table.add_column(
        "New",
        justify="right",
        no_wrap=True,
        footer=numbers.money(result.monthly.current),
    )
    table.add_column(
        "Change", justify="right", no_wrap=True, footer=change_text(result.monthly)
    )
    unit_cost, unit = result.unit_cost, result.unit
    # Wraps between words only, so that a long unit name cannot split an amount.
    table.add_column(
        "Per unit",
        footer=unit_text(unit_cost, unit) if unit_cost and unit else "",
    )
    for item in result.designs:
        table.add_row(
            Text(item.name),
            Text(item.path),
            status_label(item.status),
            numbers.money(item.monthly.previous),
            numbers.money(item.monthly.current),
            change_text(item.monthly),
            Text(unit_text(item.unit_cost, item.unit)) if item.head else "",
        )
    return table


def _components_table(item: DesignDiff) -> Table:
    split = item.monthly_split
    table = Table(
        title=Text(f"{item.name} ({item.path}, {status_label(item.status)})"),
        title_justify="left",
        show_footer=True,
        header_style="bold",
        footer_style="bold",
    )

    table.add_column("Component", footer="Total", overflow="fold")
    table.add_column("Status", overflow="fold")
    table.add_column("Model", overflow="fold")
    table.add_column(
        "Previous",
        justify="right",
        no_wrap=True,
        footer=numbers.money(item.monthly.previous),
    )
    table.add_column(
        "New", justify="right", no_wrap=True, footer=numbers.money(item.monthly.current)
    )
    table.add_column(
        "Change", justify="right", no_wrap=True, footer=change_text(item.monthly)
    )
    table.add_column(
        "From design",
        justify="right",
        no_wrap=True,
        footer=signed_money(split.design) if split else "–",
    )
    table.add_column(
        "From prices",
        justify="right",
        no_wrap=True,
        footer=signed_money(split.prices) if split else "–",
    )

    for component in item.components:
        component_split = component.monthly_split
        table.add_row(
            Text(component.name),
            status_label(component.status),
            Text(component.model_text),
            numbers.money(component.monthly.previous),
            numbers.money(component.monthly.current),
            change_text(component.monthly),
            signed_money(component_split.design) if component_split else "–",
            signed_money(component_split.prices) if component_split else "–",
        )
    return table


def _notes(item: DesignDiff) -> list[str]:
    notes = list(item.warnings)
    if item.split_error:
        notes.append(
            "the change could not be split into design and price changes: "
            + item.split_error
        )
    return notes


def _print_verdict(console: Console, verdict: Verdict) -> None:
    if not verdict.checks:
        console.print(Text("Budget: no limits set.", style="dim"))
        return
    if verdict.passed:
        console.print(
            Text(
                f"Budget: within every limit ({len(verdict.checks)} checked).",
                style="green",
            )
        )
        return
    console.print(
        Text(
            f"Budget: {len(verdict.breaches)} of {len(verdict.checks)} limits "
            "exceeded.",
            style="bold red",
        )
    )
    for check in verdict.breaches:
        console.print(Text(f"- {check.message()}", style="red"))
