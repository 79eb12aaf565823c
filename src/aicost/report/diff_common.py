"""Wording shared by the diff reports: the headline sentence and signed figures."""

from __future__ import annotations

from decimal import Decimal

from aicost.report import numbers
from aicost.review.diff import Change, DiffResult

HUNDRED = Decimal(100)


def signed_money(value: Decimal) -> str:
    """Format a change in USD with its sign: +$4,200.00, -$12.50, $0.00."""
    if value > 0:
        return "+" + numbers.money(value)
    return numbers.money(value)


def signed_percent(change: Change) -> str | None:
    """Format a change in percent of the previous cost: +38.2%; None from zero."""
    if change.previous == 0:
        return None
    magnitude = numbers.percent(abs(change.change), abs(change.previous))
    if change.change > 0:
        return "+" + magnitude
    if change.change < 0:
        return "-" + magnitude
    return magnitude


def change_text(change: Change) -> str:
    """Format a change as `+$218.68 (+22.3%)`, or `+$981.32 (new)` from zero."""
    percent = signed_percent(change)
    if percent is None:
        return signed_money(change.change) + (" (new)" if change.change else "")
    return f"{signed_money(change.change)} ({percent})"


def unit_text(change: Change, unit: str) -> str:
    """Format a unit cost change as `$0.012 → $0.017 per conversation`."""
    if change.previous == 0:
        return f"{numbers.money(change.current)} per {unit}"
    return (
        f"{numbers.money(change.previous)} → {numbers.money(change.current)} per {unit}"
    )


def headline(result: DiffResult, unit: str | None = None) -> str:
    """Return the one-sentence summary of a diff, without a final period.

    For example "Monthly cost will increase by $4,200.00 (+38.2%); unit cost $0.012 →
    $0.017 per conversation". `unit` is the unit name as the report should print it
    (escaped for Markdown, for example); it defaults to the shared unit.
    """
    monthly = result.monthly
    change = monthly.change
    scope = f" across {len(result.designs)} designs" if len(result.designs) > 1 else ""
    if change > 0:
        percent = signed_percent(monthly)
        detail = f" ({percent})" if percent else " (from $0)"
        text = f"Monthly cost will increase by {numbers.money(change)}{detail}{scope}"
    elif change < 0:
        percent = signed_percent(monthly)
        text = (
            f"Monthly cost will decrease by {numbers.money(-change)} ({percent}){scope}"
        )
    else:
        text = f"Monthly cost will not change{scope}: {numbers.money(monthly.current)}"

    unit_cost = result.unit_cost
    shown_unit = unit if unit is not None else result.unit
    if unit_cost is not None and shown_unit is not None and unit_cost.current != 0:
        if unit_cost.previous == 0:
            text += f"; unit cost {numbers.money(unit_cost.current)} per {shown_unit}"
        elif unit_cost.change == 0:
            text += (
                f"; unit cost stays at {numbers.money(unit_cost.current)} per "
                f"{shown_unit}"
            )
        else:
            text += f"; unit cost {unit_text(unit_cost, shown_unit)}"
    return text


# A status tells whether a design's or component's own fields changed; its cost can
# move without an edit, with volume or prices, so "unchanged" would mislead.
STATUS_LABELS = {
    "added": "added",
    "removed": "removed",
    "changed": "edited",
    "unchanged": "not edited",
}


def status_label(status: str) -> str:
    """Return the word a report shows for a diff status."""
    return STATUS_LABELS.get(status, status)
