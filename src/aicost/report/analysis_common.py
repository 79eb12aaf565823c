"""Text shared by the reports of scenarios, ranges and sensitivity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aicost.report import numbers

if TYPE_CHECKING:
    from aicost.analysis.result import AppliedScenario


def show_value(value: Any) -> str:
    """Write a design value for people: 60,000, openai/gpt-4o, {low: 1, ...}."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | Decimal):
        return f"{Decimal(value).normalize():,f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        inner = ", ".join(f"{key}: {show_value(item)}" for key, item in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show_value(item) for item in value) + "]"
    if value is None:
        return "null"
    return str(value)


def settings_text(scenario: AppliedScenario) -> str:
    """Write a scenario's settings as `path = value` pairs joined by semicolons."""
    return "; ".join(
        f"{path} = {show_value(value)}" for path, value in scenario.settings
    )


def signed_money(value: Decimal) -> str:
    """Format a change in money with its sign: +$1,200.00, -$3.50, $0.00."""
    text = numbers.money(value)
    return f"+{text}" if value > 0 else text


def signed_percent(change: Decimal, base: Decimal) -> str:
    """Format a change as a percent of `base` with its sign; – when base is 0."""
    if base == 0:
        return "–"
    text = numbers.percent(abs(change), base)
    if change > 0:
        return f"+{text}"
    if change < 0:
        return f"-{text}"
    return text


def mermaid_label(text: str) -> str:
    """Make text safe inside a double-quoted Mermaid string."""
    cleaned = " ".join(str(text).split())
    # A Mermaid string ends at the next double quote, and %% starts a comment.
    return cleaned.replace('"', "'").replace("%%", "% %")


def mermaid_number(value: Decimal) -> str:
    """Write money as a plain Mermaid number, rounded as the reports round money."""
    return numbers.money(value, currency="").replace(",", "")
