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
    unit_text,
)
from aicost.review.budget import Verdict
from aicost.review.diff import DesignDiff, DiffResult

WIDTH = 160


def render(
    result: DiffResult,
    verdict: Verdict,
    *,
    color: bool = False,
    width: int | None = None,
) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or WIDTH,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
    )
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
    console.print(_designs_table(result))
    for item in result.changed:
        console.print(_components_table(item))
        for note in _notes(item):
            console.print(Text(f"Note: {note}", style="yellow"))
    _print_verdict(console, verdict)
    return buffer.getvalue()


def _designs_table(result: DiffResult) -> Table:
    many = len(result.designs) > 1
    table = Table(show_footer=many, header_style="bold", footer_style="bold")
    table.add_column("Design", footer="Total", no_wrap=True)
    table.add_column("File", overflow="fold")
    table.add_column("Status")
    table.add_column(
        "Previous", justify="right", footer=numbers.money(result.monthly.previous)
    )
    table.add_column(
        "New", justify="right", footer=numbers.money(result.monthly.current)
    )
    table.add_column("Change", justify="right", footer=change_text(result.monthly))
    unit_cost, unit = result.unit_cost, result.unit
    table.add_column(
        "Per unit",
        footer=unit_text(unit_cost, unit) if unit_cost and unit else "",
    )
    for item in result.designs:
        table.add_row(
            Text(item.name),
            Text(item.path),
            item.status,
            numbers.money(item.monthly.previous),
            numbers.money(item.monthly.current),
            change_text(item.monthly),
            Text(unit_text(item.unit_cost, item.unit)) if item.head else "",
        )
    return table


def _components_table(item: DesignDiff) -> Table:
    split = item.monthly_split
    table = Table(
        title=f"{item.name} ({item.path}, {item.status})",
        title_justify="left",
        show_footer=True,
        header_style="bold",
        footer_style="bold",
    )

    table.add_column("Component", footer="Total", no_wrap=True)
    table.add_column("Status")
    table.add_column("Model")
    table.add_column(
        "Previous", justify="right", footer=numbers.money(item.monthly.previous)
    )
    table.add_column("New", justify="right", footer=numbers.money(item.monthly.current))
    table.add_column("Change", justify="right", footer=change_text(item.monthly))
    table.add_column(
        "From design",
        justify="right",
        footer=signed_money(split.design) if split else "–",
    )
    table.add_column(
        "From prices",
        justify="right",
        footer=signed_money(split.prices) if split else "–",
    )

    for component in item.components:
        component_split = component.monthly_split
        table.add_row(
            Text(component.name),
            component.status,
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
