"""Markdown report for design documents, rendered from a jinja2 template."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from aicost.engine.result import USAGE_LABELS, ComponentCost, Estimate
from aicost.report import numbers
from aicost.report.analysis_markdown import analysis_context
from aicost.report.footer import price_dates
from aicost.report.markdown_parts import assumption_text, parts_context
from aicost.report.templating import markdown_environment
from aicost.report.units import capitalize_first, plural

RATE_LABELS = {
    "input_mtok": "input",
    "cache_read_mtok": "cached input",
    "cache_write_mtok": "cache write",
    "output_mtok": "output",
    "output_reasoning_mtok": "reasoning",
    "web_searches_kcount": "web search",
    "requests_kcount": "request",
}

# Text in place of the billed count and cost of a usage kind that the model does not
# price separately, because its tokens are billed as part of their total.
UNPRICED_PARTS = {
    "cache_read_tokens": "in input",
    "cache_write_tokens": "in input",
    "output_reasoning_tokens": "in output",
}


def render(estimate: Estimate, *, color: bool = False) -> str:
    environment = markdown_environment(
        money=numbers.money,
        rate=numbers.rate,
        count=numbers.count,
        compact=numbers.compact,
        input_percent=numbers.input_percent,
        plural=plural,
        upper_first=capitalize_first,
        md=escape_cell,
        code=code_cell,
    )
    template = environment.get_template("estimate.md.j2")
    text = template.render(report=_context(estimate))
    return re.sub(r"\n{3,}", "\n\n", text)


def escape_cell(value: object) -> str:
    """Escape text for a Markdown table cell: pipes, backticks, line breaks and HTML."""
    text = str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def code_cell(value: object) -> str:
    """Write text as a code span that is safe in a Markdown table cell.

    GitHub splits table cells before it reads code spans, so a pipe is written `\\|`.
    The span is fenced by more backticks than the text's longest run of them, so a
    backtick in the text cannot close it. HTML stays inert in a code span.
    """
    text = _PIPE.sub(_escape_pipe, " ".join(str(value).split()))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    return f"{fence}{text}{fence}"


# A pipe with the run of backslashes before it.
_PIPE = re.compile(r"(\\*)\|")


def _escape_pipe(match: re.Match[str]) -> str:
    # The cell splitter reads backslashes in pairs, so the pipe is escaped only when
    # an odd number of them precede it. After an odd run, one extra backslash shows.
    backslashes = match.group(1)
    added = "\\" if len(backslashes) % 2 == 0 else "\\\\"
    return f"{backslashes}{added}|"


def _context(estimate: Estimate) -> dict[str, Any]:
    design = estimate.design
    total = estimate.monthly_cost
    components = [
        _component(item, total) for item in estimate.components if item.kind == "llm"
    ]
    return {
        "price_dates": price_dates(estimate),
        "estimate": estimate,
        "design": design,
        "components": components,
        "billed_in_total": any(
            usage["cost"] in UNPRICED_PARTS.values()
            for component in components
            for usage in component["usage"]
        ),
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
            **_billed(item, key),
        }
        for key in USAGE_LABELS
        if key in item.usage_per_call or key in item.cost_by_usage
    ]
    rates = [
        f"{RATE_LABELS[key]} {numbers.rate(value)}"
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


def _billed(item: ComponentCost, key: str) -> dict[str, str]:
    """Return the billed count per call and the monthly cost of one usage kind.

    A kind the model prices has a billed count, which is 0 when its separately priced
    parts cover it (input that is all cached), and then costs $0.00. A kind the model
    does not price is billed inside its total, which the text names.
    """
    billed = item.billed_per_call.get(key)
    if billed is None:
        text = UNPRICED_PARTS.get(key, "not priced")
        return {"billed_per_call": text, "cost": text}
    cost = item.cost_by_usage.get(key, Decimal(0))
    return {"billed_per_call": numbers.count(billed), "cost": numbers.money(cost)}


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
                numbers.input_percent(fraction),
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
