"""Reports of several estimates: each design's report and a summary table of all."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from rich.table import Table
from rich.text import Text

from aicost.engine.result import Estimate
from aicost.report import ReportFormat, json_report, numbers, render
from aicost.report.markdown import escape_cell
from aicost.report.terminal import print_table, report_console
from aicost.review.diff import exact_sum

JSON_FORMAT_VERSION = 1


def render_many(
    estimates: list[tuple[str, Estimate]],
    report_format: ReportFormat,
    *,
    color: bool = False,
    terminal: bool = False,
) -> str:
    """Render several (path, estimate) pairs in `report_format`.

    `terminal` sizes a table report to the terminal's width.
    """
    if report_format == ReportFormat.json:
        return _json(estimates)
    if report_format == ReportFormat.markdown:
        return _markdown(estimates)
    if report_format == ReportFormat.table:
        return _table(estimates, color, terminal)
    return _concatenate(
        [render(result, report_format, color=color) for _, result in estimates]
    )


def _concatenate(parts: list[str]) -> str:
    """Join the reports of other formats; a header line they share is kept once.

    That joins CSV reports, such as FOCUS rows, into one table.
    """
    first_lines = {part.split("\n", 1)[0] for part in parts}
    if len(first_lines) != 1 or not all("\n" in part for part in parts):
        return "\n".join(parts)
    rest = [part.split("\n", 1)[1] for part in parts[1:]]
    return parts[0] + "".join(rest)


def total_monthly(estimates: list[tuple[str, Estimate]]) -> Decimal:
    return exact_sum(result.monthly_cost for _, result in estimates)


def _json(estimates: list[tuple[str, Estimate]]) -> str:
    document = {
        "version": JSON_FORMAT_VERSION,
        "currency": "USD",
        "designs": [json_report.to_dict(result) for _, result in estimates],
        "total": {
            "designs": len(estimates),
            "monthly_cost": numbers.plain(total_monthly(estimates)),
        },
    }
    return json.dumps(document, indent=2) + "\n"


def _markdown(estimates: list[tuple[str, Estimate]]) -> str:
    lines = [
        "## Cost summary",
        "",
        "| Design | File | Monthly cost | Cost per unit of work | Units per month |",
        "|:--|:--|--:|--:|--:|",
    ]
    for path, result in estimates:
        design = result.design
        lines.append(
            f"| {escape_cell(design.name)} | {escape_cell(path)} | "
            f"{numbers.money(result.monthly_cost)} | "
            f"{numbers.money(result.unit_cost)} per {escape_cell(design.unit)} | "
            f"{numbers.count(result.units_per_month)} |"
        )
    lines.append(f"| **Total** | | **{numbers.money(total_monthly(estimates))}** | | |")
    parts = ["\n".join(lines) + "\n"]
    parts += [render(result, ReportFormat.markdown) for _, result in estimates]
    return "\n".join(parts)


def _table(estimates: list[tuple[str, Estimate]], color: bool, terminal: bool) -> str:
    parts = [
        render(result, ReportFormat.table, color=color, terminal=terminal)
        for _, result in estimates
    ]
    buffer = io.StringIO()
    console = report_console(buffer, color=color, terminal=terminal)

    table = Table(
        title="Summary",
        title_justify="left",
        show_footer=True,
        header_style="bold",
        footer_style="bold",
    )
    table.add_column("Design", footer="Total", overflow="fold")
    table.add_column("File", overflow="fold")
    table.add_column(
        "Monthly",
        justify="right",
        no_wrap=True,
        footer=numbers.money(total_monthly(estimates)),
    )
    table.add_column("Per unit", justify="right", no_wrap=True)
    table.add_column("Unit", overflow="fold")
    table.add_column("Units/mo", justify="right", no_wrap=True)

    for path, result in estimates:
        table.add_row(
            Text(result.design.name),
            Text(path),
            numbers.money(result.monthly_cost),
            numbers.money(result.unit_cost),
            Text(result.design.unit),
            numbers.compact(result.units_per_month),
        )
    print_table(console, table)
    parts.append(buffer.getvalue())
    return "\n".join(parts)
