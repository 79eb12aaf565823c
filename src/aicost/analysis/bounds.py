"""Low and high cost over the ranged inputs, found by pricing variant designs.

Method: each ranged input is priced at its low and at its high end with every other
input at its expected value. That shows which end of each input lowers a given cost:
monthly or unit, total or one component's. The cheaper end is not always the low end,
because a higher cache hit ratio lowers cost. The low bound is the design priced with
every input at its cheaper end, and the high bound with every input at its dearer
end. The reported bound is the lowest (highest) cost among that combination, the
single-input variants and the expected design.

This is exact when each input moves the cost in one direction whatever the other
inputs are, which holds for every number of an llm component: volume, calls,
retries, tokens, cache ratios, rates and discounts. Long-context tiers keep it when a
tier's rates are above the rates below it. Where an input's direction depends on
another input, the bounds are the extremes of the combinations priced, not a proof.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from aicost.analysis.evaluate import Evaluator
from aicost.analysis.ranges import RangedInput
from aicost.analysis.result import CostRange
from aicost.design.yamlio import FieldPath
from aicost.engine.result import Estimate

# Ranges of one component are checked in every combination of their ends, up to this
# many ranges (4,096 validations). A combination such as the high cached tokens with
# the low input tokens can be invalid even when each end is valid on its own.
MAX_CHECKED_RANGES = 12

# Combinations priced for a design with a fleet sized from its load: 3**6 or 2**9.
MAX_GRID_POINTS = 729

COMBINATION_HINT = (
    "every combination of range ends must be a valid design; narrow the ranges, or "
    "give a part as a ratio of its total (cached_input_ratio) so that it moves with it"
)

Objective = Callable[[Estimate], Decimal]


@dataclass(frozen=True)
class EndCosts:
    """The design priced with one input at its low and at its high end."""

    input: RangedInput
    at_low: Estimate
    at_high: Estimate


def check_combinations(evaluator: Evaluator, inputs: list[RangedInput]) -> None:
    """Validate every combination of range ends within each component.

    Ranges of different components never meet in one check of the design models, so
    each component (and each top-level section) is checked on its own.
    """
    groups: dict[FieldPath, list[RangedInput]] = {}
    for item in inputs:
        key = item.path[:2] if item.path[0] == "components" else item.path[:1]
        groups.setdefault(key, []).append(item)
    for group in groups.values():
        # NOTE: past MAX_CHECKED_RANGES in one component only the single-input ends
        # and the bounds are validated; a sample elsewhere may still fail validation.
        if len(group) > MAX_CHECKED_RANGES:
            continue
        for ends in itertools.product((0, 1), repeat=len(group)):
            values = {
                item.path: item.high if end else item.low
                for item, end in zip(group, ends, strict=True)
            }
            evaluator.validate(values, hint=COMBINATION_HINT)


def price_ends(evaluator: Evaluator, inputs: list[RangedInput]) -> list[EndCosts]:
    """Price the design with each input at its low end and at its high end."""
    return [
        EndCosts(
            item,
            evaluator.estimate({item.path: item.low}),
            evaluator.estimate({item.path: item.high}),
        )
        for item in inputs
    ]


def cost_ranges(
    evaluator: Evaluator, baseline: Estimate, ends: list[EndCosts]
) -> tuple[CostRange, list[CostRange]]:
    """Return the range of the total cost and of each component's cost."""
    grid = _grid_estimates(evaluator, baseline, ends)
    total = _range(
        evaluator,
        baseline,
        ends,
        lambda estimate: estimate.monthly_cost,
        lambda estimate: estimate.unit_cost,
        grid,
    )
    components = [
        _range(
            evaluator,
            baseline,
            ends,
            lambda estimate, index=index: estimate.components[index].monthly_cost,
            lambda estimate, index=index: estimate.components[index].unit_cost,
            grid,
        )
        for index in range(len(baseline.components))
    ]
    return total, components


def _grid_estimates(
    evaluator: Evaluator, baseline: Estimate, ends: list[EndCosts]
) -> list[Estimate]:
    """Price every combination of the ranged inputs' values for a sized fleet.

    A fleet sized from its load changes in whole instances, and the throughput row it
    is scaled from changes with the token lengths, so its cost is a step function
    whose direction one input at a time does not reveal. Every combination of low,
    expected and high is priced while there are at most MAX_GRID_POINTS of them, else
    every combination of low and high.
    """
    sized = any(
        getattr(component, "serves", None) for component in baseline.design.components
    )
    if not sized or not ends:
        return []
    levels = [(end.input.low, end.input.expected, end.input.high) for end in ends]
    if 3 ** len(levels) > MAX_GRID_POINTS:
        levels = [(end.input.low, end.input.high) for end in ends]
    if 2 ** len(levels) > MAX_GRID_POINTS:
        # NOTE: with more ranged inputs the bounds are the extremes of the
        # combinations priced below, not a proof.
        return []
    return [
        evaluator.estimate(
            {
                end.input.path: value
                for end, value in zip(ends, combination, strict=True)
            }
        )
        for combination in itertools.product(*levels)
    ]


def _range(
    evaluator: Evaluator,
    baseline: Estimate,
    ends: list[EndCosts],
    monthly: Objective,
    unit: Objective,
    grid: list[Estimate],
) -> CostRange:
    monthly_low, monthly_high = _extremes(evaluator, baseline, ends, monthly, grid)
    unit_low, unit_high = _extremes(evaluator, baseline, ends, unit, grid)
    return CostRange(monthly_low, monthly_high, unit_low, unit_high)


def _extremes(
    evaluator: Evaluator,
    baseline: Estimate,
    ends: list[EndCosts],
    cost: Objective,
    grid: list[Estimate],
) -> tuple[Decimal, Decimal]:
    cheaper: dict[FieldPath, Decimal] = {}
    dearer: dict[FieldPath, Decimal] = {}
    for end in ends:
        item = end.input
        if cost(end.at_low) <= cost(end.at_high):
            cheaper[item.path], dearer[item.path] = item.low, item.high
        else:
            cheaper[item.path], dearer[item.path] = item.high, item.low

    priced = [baseline, *grid]
    for end in ends:
        priced += [end.at_low, end.at_high]
    low = min(cost(item) for item in [*priced, evaluator.estimate(cheaper)])
    high = max(cost(item) for item in [*priced, evaluator.estimate(dearer)])
    return low, high
