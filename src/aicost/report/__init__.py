"""Report formats. Each format is one module with `render(estimate, color) -> str`."""

from __future__ import annotations

from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aicost.engine.result import Estimate


class ReportFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


_MODULES = {
    ReportFormat.table: "aicost.report.table",
    ReportFormat.markdown: "aicost.report.markdown",
    ReportFormat.json: "aicost.report.json_report",
}


def render(
    estimate: Estimate, report_format: ReportFormat, *, color: bool = False
) -> str:
    """Render an estimate; each format's module is imported only when used."""
    module = import_module(_MODULES[report_format])
    return module.render(estimate, color=color)
