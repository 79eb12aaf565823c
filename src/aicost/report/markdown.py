"""Markdown report for design documents, rendered from a jinja2 template."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from aicost.engine.result import USAGE_LABELS, ComponentCost, Estimate
from aicost.report import numbers
from aicost.report.analysis_markdown import analysis_context
from aicost.report.markdown_parts import assumption_text, parts_context
from aicost.report.templating import markdown_environment

RATE_LABELS = {
    "input_mtok": "input",
    "cache_read_mtok": "cached input",
    "cache_write_mtok": "cache write",
    "output_mtok": "output",
    "output_reasoning_mtok": "reasoning",
    "web_searches_kcount": "web search",
    "requests_kcount": "request",
}


def render(estimate: Estimate, *, color: bool = False) -> str:
    environment = markdown_environment(
        money=numbers.money,
        count=numbers.count,
        compact=numbers.compact,
        md=escape_cell,
    )
    template = environment.get_template("estimate.md.j2")
    text = template.render(report=_context(estimate))
    return re.sub(r"\n{3,}", "\n\n", text)


def escape_cell(value: object) -> str:
    """Escape text for a Markdown table cell: pipes, line breaks and HTML."""
    text = str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def _context(estimate: Estimate) -> dict[str, Any]:
    design = estimate.design
    total = estimate.monthly_cost
    return {
        "estimate": estimate,
        "design": design,
        "components": [
            _component(item, total)
            for item in estimate.components
            if item.kind == "llm"
        ],
        "parts": parts_context(estimate),
        "assumptions": _assumptions(estimate),
        "analysis": analysis_context(estimate),
        "days_per_month": numbers.count(
            (estimate.hours_per_month / 24).quantize(Decimal("0.01"))
        ),
    }


def _component(item: ComponentCost, total: Decimal) -> dict[str, Any]:
    per_month = item.usage_per_month
    usage = [
        {
            "label": USAGE_LABELS.get(key, key),
            "per_call": item.usage_per_call.get(key, Decimal(0)),
            "per_month": per_month.get(key, Decimal(0)),
            "billed_per_call": item.billed_per_call.get(key),
            "cost": item.cost_by_usage.get(key),
        }
        for key in USAGE_LABELS
        if key in item.usage_per_call or key in item.cost_by_usage
    ]
    rates = [
        f"{RATE_LABELS[key]} {numbers.money(value)}"
        + (" / 1K" if key.endswith("_kcount") else "")
        for key, value in item.rates.items()
    ]
    return {
        "item": item,
        "share": numbers.percent(item.monthly_cost, total),
        "usage": usage,
        "tokens": {key: per_month.get(key, Decimal(0)) for key in USAGE_LABELS},
        "rates": ", ".join(rates),
    }


def _assumptions(estimate: Estimate) -> list[tuple[str, str]]:
    """Return every input of the design as (field, value) rows, defaults included."""
    design = estimate.design
    rows: list[tuple[str, str]] = [("unit", design.unit)]
    if design.volume.units_per_day is not None:
        rows.append(
            ("volume.units_per_day", numbers.exact(design.volume.units_per_day))
        )
    else:
        rows.append(
            (
                "volume.units_per_month",
                numbers.exact(design.volume.units_per_month or 0),
            )
        )
    rows.append(("period.hours_per_month", numbers.exact(design.hours_per_month)))
    rows.append(("pricing.as_of", estimate.as_of.isoformat()))
    for provider, fraction in design.pricing.discounts.items():
        rows.append(
            (
                f"pricing.discounts.{provider}",
                f"{fraction * 100:f}%".replace(".00%", "%"),
            )
        )
    for component in design.components:
        excluded = {"name", "kind", "price", *getattr(component, "unused_fields", ())}
        data = component.model_dump(exclude=excluded, exclude_none=True)
        for key, value in data.items():
            shown = numbers.exact(value) if isinstance(value, Decimal) else str(value)
            if isinstance(value, dict | list):
                shown = assumption_text(value)
            rows.append((f"components.{component.name}.{key}", shown))
        if getattr(component, "price", None) is not None:
            rows.append((f"components.{component.name}.price", "inline, see Prices"))
    return rows
