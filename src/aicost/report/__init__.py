"""Report formats. Each format is one module with `render(estimate, color) -> str`."""

from __future__ import annotations

from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aicost.engine.result import Estimate
    from aicost.review.budget import Verdict
    from aicost.review.diff import DiffResult


class ReportFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    focus = "focus"


_MODULES = {
    ReportFormat.table: "aicost.report.table",
    ReportFormat.markdown: "aicost.report.markdown",
    ReportFormat.json: "aicost.report.json_report",
    ReportFormat.focus: "aicost.report.focus",
}


def render(
    estimate: Estimate,
    report_format: ReportFormat,
    *,
    color: bool = False,
    terminal: bool = False,
) -> str:
    """Render an estimate; each format's module is imported only when used.

    With `terminal` true the report goes to a terminal, so a table report takes the
    terminal's width instead of the fixed width used for files and pipes.
    """
    module = import_module(_MODULES[report_format])
    if report_format == ReportFormat.table:
        return module.render(estimate, color=color, terminal=terminal)
    return module.render(estimate, color=color)


class DiffFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    github_comment = "github-comment"


_DIFF_MODULES = {
    DiffFormat.table: "aicost.report.diff_table",
    DiffFormat.markdown: "aicost.report.diff_markdown",
    DiffFormat.json: "aicost.report.diff_json",
    DiffFormat.github_comment: "aicost.report.github_comment",
}


def render_diff(
    result: DiffResult,
    verdict: Verdict,
    report_format: DiffFormat,
    *,
    color: bool = False,
    terminal: bool = False,
) -> str:
    """Render a diff and its budget verdict in `report_format`.

    `terminal` sizes a table report to the terminal's width, as in `render`.
    """
    module = import_module(_DIFF_MODULES[report_format])
    if report_format == DiffFormat.table:
        return module.render(result, verdict, color=color, terminal=terminal)
    return module.render(result, verdict, color=color)
