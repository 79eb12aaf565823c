"""Markdown report of a diff, for pull requests, job summaries and design documents.

Every string that comes from a design file passes through `safe_text`: names,
descriptions, units, models, paths and messages that quote them. So a design cannot
break a table, open HTML, start a code span or link, typeset math, or @-mention anyone.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from aicost import __version__
from aicost.report import numbers
from aicost.report.diff_common import (
    change_text,
    headline,
    signed_money,
    signed_percent,
    status_label,
    unit_text,
)
from aicost.report.templating import markdown_environment
from aicost.review.budget import Verdict
from aicost.review.diff import ComponentDiff, DesignDiff, DiffResult, Split

MAX_TEXT = 120
"""Maximum characters of a name, unit, model or path, before escaping."""
MAX_LONG_TEXT = 500
"""Maximum characters of a description or message, before escaping."""

# Characters that Markdown or HTML would read as syntax, written as character
# references so that they show as themselves. A reference is never a delimiter: a
# table splits cells on `|` before references are decoded, and `&#96;` cannot start a
# code span.
_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "|": "&#124;",
    "`": "&#96;",
    "\\": "&#92;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "~": "&#126;",
    "$": "&#36;",
}
# GitHub turns `@name` into a mention and `#123` into an issue link when the character
# after `@` or `#` continues the name. A zero-width joiner in between prevents that and
# is invisible.
ZERO_WIDTH_JOINER = "\u200d"
_MENTION = re.compile(r"([@#])(?=\w)")


def safe_text(value: object, limit: int = MAX_TEXT) -> str:
    """Return `value` as one line of inert Markdown text, at most `limit` characters.

    Control and format characters (including bidirectional overrides) are dropped,
    whitespace runs become one space, and text longer than `limit` is cut with an
    ellipsis before escaping, so the escaped result can be longer than `limit`.
    """
    text = "".join(
        character
        for character in str(value)
        if unicodedata.category(character) not in {"Cc", "Cf"} or character.isspace()
    )
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    # Break mentions before escaping, so the `#` of `&#124;` is left alone.
    text = _MENTION.sub(lambda match: match.group(1) + ZERO_WIDTH_JOINER, text)
    return "".join(_REFERENCES.get(character, character) for character in text)


def render(
    result: DiffResult,
    verdict: Verdict,
    *,
    color: bool = False,
    marker: str | None = None,
    details: bool = True,
) -> str:
    """Render the diff as Markdown; `marker` is a first line to find the comment by."""
    environment = markdown_environment(
        money=numbers.money,
        count=numbers.count,
        signed=signed_money,
        change=change_text,
        md=safe_text,
        md_long=lambda value: safe_text(value, MAX_LONG_TEXT),
    )
    template = environment.get_template("diff.md.j2")
    text = template.render(
        report=_context(result, verdict), marker=marker, details=details
    )
    return re.sub(r"\n{3,}", "\n\n", text)


def _context(result: DiffResult, verdict: Verdict) -> dict[str, Any]:
    unit = result.unit
    changed = result.changed
    split = result.monthly_split
    return {
        "version": __version__,
        "result": result,
        "headline": headline(result, safe_text(unit) if unit else None),
        "split": _split_sentence(split),
        "base": safe_text(_short_commit(result.base_label)),
        "head": safe_text(result.head_label),
        "designs": [_design_row(item) for item in result.designs],
        "total": {
            "monthly": result.monthly,
            "unit": (
                unit_text(result.unit_cost, safe_text(unit))
                if result.unit_cost is not None and unit is not None
                else ""
            ),
        },
        "changed": [_design_section(item) for item in changed],
        "unchanged": [
            _design_row(item) for item in result.designs if item not in changed
        ],
        "catalogs": sorted({item.current.catalog for item in result.designs}),
        "budget": _budget(verdict),
        "budget_changes": _budget_changes(result),
    }


_BUDGET_LABELS = {
    "monthly": "monthly",
    "per_unit": "per unit",
    "max_increase_percent": "maximum increase (%)",
}


def _budget_changes(result: DiffResult) -> list[str]:
    """Describe each budget limit that the head version of a design changes.

    The head's budget is the one checked, so a pull request that raises its own
    limit passes; reviewers see that here, not only in the folded details.
    """
    changes = []
    for item in result.designs:
        if item.base is None or item.head is None:
            continue
        before = item.base.design.budget
        after = item.head.design.budget
        edits = []
        for field, label in _BUDGET_LABELS.items():
            old, new = getattr(before, field), getattr(after, field)
            if old != new:
                shown = [
                    "none" if value is None else numbers.exact(value)
                    for value in (old, new)
                ]
                edits.append(f"{label} {shown[0]} → {shown[1]}")
        if edits:
            changes.append(f"{safe_text(item.name)}: budget {', '.join(edits)}")
    return changes


def _short_commit(label: str) -> str:
    """Shorten a full commit id to 12 characters, as `git log --abbrev=12` would."""
    if re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", label):
        return label[:12]
    return label


def _split_sentence(split: Split | None) -> str | None:
    if split is None or (split.design == 0 and split.prices == 0):
        return None
    return (
        f"Design changes: {signed_money(split.design)}; "
        f"price changes: {signed_money(split.prices)}."
    )


def _design_row(item: DesignDiff) -> dict[str, Any]:
    unit = safe_text(item.unit)
    return {
        "name": safe_text(item.name),
        "path": safe_text(item.path),
        "status": status_label(item.status),
        "monthly": item.monthly,
        "unit": unit_text(item.unit_cost, unit) if item.head else "–",
    }


def _design_section(item: DesignDiff) -> dict[str, Any]:
    base, head = item.base, item.head
    unit = safe_text(item.unit)
    split = item.monthly_split
    rows = [
        (
            "File",
            _label(base.path if base else None),
            _label(head.path if head else None),
        ),
        (
            "Units of work per month",
            f"{numbers.count(item.previous_units_per_month)}" if base else "–",
            f"{numbers.count(item.units_per_month)}" if head else "–",
        ),
        (
            "Unit of work",
            safe_text(base.design.unit) if base else "–",
            safe_text(head.design.unit) if head else "–",
        ),
        (
            f"Cost per {unit}",
            numbers.money(item.unit_cost.previous) if base else "–",
            numbers.money(item.unit_cost.current) if head else "–",
        ),
        (
            "Price date",
            base.as_of.isoformat() if base else "–",
            head.as_of.isoformat() if head else "–",
        ),
        (
            "Owner",
            safe_text(base.design.owner or "–") if base else "–",
            safe_text(head.design.owner or "–") if head else "–",
        ),
    ]
    rows += _budget_rows(item)
    notes = [safe_text(warning, MAX_LONG_TEXT) for warning in item.warnings]
    if item.split_error:
        notes.append(
            "The change could not be split into design and price changes, because "
            "the base design cannot be priced at the head's prices: "
            + safe_text(item.split_error, MAX_LONG_TEXT)
        )
    return {
        "name": safe_text(item.name),
        "path": safe_text(item.path),
        "status": status_label(item.status),
        "unit": unit,
        "monthly": item.monthly,
        "unit_cost": item.unit_cost,
        "split": split,
        "unit_change": unit_text(item.unit_cost, unit),
        "description": safe_text(item.design.description or "", MAX_LONG_TEXT),
        "components": [_component_row(component) for component in item.components],
        "unit_components": [
            _component_unit_row(component) for component in item.components
        ],
        "rows": rows,
        "notes": notes,
    }


def _label(path: object) -> str:
    return safe_text(path) if path else "–"


def _budget_rows(item: DesignDiff) -> list[tuple[str, str, str]]:
    rows = []
    budgets = (
        ("Budget: monthly", "monthly", numbers.money),
        ("Budget: per unit", "per_unit", numbers.money),
        (
            "Budget: maximum increase",
            "max_increase_percent",
            lambda value: numbers.percent(value, Decimal(100)),
        ),
    )
    for label, field, show in budgets:
        values = []
        for estimate in (item.base, item.head):
            value = getattr(estimate.design.budget, field) if estimate else None
            values.append(show(value) if value is not None else "–")
        if values != ["–", "–"]:
            rows.append((label, values[0], values[1]))
    return rows


def _component_row(item: ComponentDiff) -> dict[str, Any]:
    split = item.monthly_split
    return {
        "name": safe_text(item.name),
        "status": status_label(item.status),
        "model": safe_text(item.model_text, 2 * MAX_TEXT),
        "monthly": item.monthly,
        "design": signed_money(split.design) if split else "–",
        "prices": signed_money(split.prices) if split else "–",
    }


def _component_unit_row(item: ComponentDiff) -> dict[str, Any]:
    percent = signed_percent(item.unit_cost)
    return {
        "name": safe_text(item.name),
        "previous": numbers.money(item.unit_cost.previous) if item.base else "–",
        "current": numbers.money(item.unit_cost.current) if item.head else "–",
        "change": signed_money(item.unit_cost.change)
        + (f" ({percent})" if percent else ""),
    }


def _budget(verdict: Verdict) -> dict[str, Any]:
    return {
        "checked": len(verdict.checks),
        "passed": verdict.passed,
        "breaches": [
            safe_text(check.message(), MAX_LONG_TEXT) for check in verdict.breaches
        ],
        "checks": [
            safe_text(check.message(), MAX_LONG_TEXT) for check in verdict.checks
        ],
    }
