"""Sensitivity: how far the monthly cost swings as each input moves over its range."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from aicost.analysis.bounds import EndCosts
from aicost.analysis.evaluate import Evaluator
from aicost.analysis.ranges import RangedInput
from aicost.analysis.result import SensitivityRow
from aicost.engine.result import Estimate
from aicost.errors import InputError, InputErrors

# How far --sensitivity moves each single number down and up: 0.25 is ±25%.
DEFAULT_SHARE = Decimal("0.25")


def sensitivity_rows(
    evaluator: Evaluator,
    baseline: Estimate,
    ends: list[EndCosts],
    moved: list[RangedInput],
) -> list[SensitivityRow]:
    """Return one row per ranged input and per moved number, largest swing first.

    A moved number whose swing is zero is left out. An end of a moved number that makes
    the design invalid (cached tokens above the input tokens, for example) stays at
    the expected value, and the row's note gives the reason.
    """
    found: list[tuple[RangedInput, Decimal, Decimal, str | None]] = [
        (end.input, end.at_low.monthly_cost, end.at_high.monthly_cost, None)
        for end in ends
    ]
    for item in moved:
        at_low, low_problem = _price_end(evaluator, baseline, item, item.low)
        at_high, high_problem = _price_end(evaluator, baseline, item, item.high)
        if at_low == at_high:
            continue
        notes = []
        if low_problem is not None:
            item = replace(item, low=item.expected)
            notes.append(f"the low end is invalid ({low_problem})")
        if high_problem is not None:
            item = replace(item, high=item.expected)
            notes.append(f"the high end is invalid ({high_problem})")
        note = (
            "; ".join(notes) + ", so it stays at the expected value" if notes else None
        )
        found.append((item, at_low, at_high, note))

    total = sum((abs(high - low) for _, low, high, _ in found), Decimal(0))
    rows = [
        SensitivityRow(
            input=item,
            monthly_at_low=low,
            monthly_at_high=high,
            share=abs(high - low) / total if total else Decimal(0),
            note=note,
        )
        for item, low, high, note in found
    ]
    rows.sort(key=lambda row: (-row.swing, row.input.field))
    return rows


def _price_end(
    evaluator: Evaluator, baseline: Estimate, item: RangedInput, value: Decimal
) -> tuple[Decimal, str | None]:
    if value == item.expected:
        return baseline.monthly_cost, None
    try:
        estimate = evaluator.estimate({item.path: value}, explain=False)
    except InputError as error:
        return baseline.monthly_cost, error.detail
    except InputErrors as error:
        return baseline.monthly_cost, error.errors[0].detail
    return estimate.monthly_cost, None
