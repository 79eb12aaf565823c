"""Add scenarios, cost ranges, samples and sensitivity to a priced design."""

from __future__ import annotations

from dataclasses import dataclass, replace

from aicost.analysis.bounds import (
    EndCosts,
    check_combinations,
    cost_ranges,
    price_ends,
)
from aicost.analysis.evaluate import Evaluator, with_price_date
from aicost.analysis.ranges import RangedInput, find_ranges, moved_input, plain_numbers
from aicost.analysis.result import (
    Analysis,
    AppliedScenario,
    CostRange,
    ScenarioResult,
)
from aicost.analysis.sampling import sample
from aicost.analysis.scenarios import applied, scenario_context, scenario_document
from aicost.analysis.sensitivity import DEFAULT_SHARE, sensitivity_rows
from aicost.design.loader import LoadedDesign
from aicost.design.model import Scenario
from aicost.design.yamlio import YamlDocument
from aicost.engine.result import Estimate
from aicost.pricing.user_files import UserPrice


@dataclass(frozen=True)
class Measured:
    """A design's ranges priced at their ends, and the cost ranges they give."""

    inputs: list[RangedInput]
    ends: list[EndCosts]
    total: CostRange | None
    components: list[CostRange]


def analyse_design(
    baseline: Estimate,
    loaded: LoadedDesign,
    *,
    user_prices: dict[str, UserPrice] | None = None,
    samples: int = 0,
    seed: int = 0,
    sensitivity: bool = False,
    scenario: AppliedScenario | None = None,
) -> Estimate:
    """Return the baseline estimate with its analysis attached.

    `baseline` is the estimate of `loaded`; every variant is priced on its price date.
    The estimate comes back unchanged when the design has no ranges or scenarios and
    neither `sensitivity` nor `scenario` is given.
    """
    document = with_price_date(loaded.document, baseline.as_of)
    inputs = find_ranges(document)
    scenarios = loaded.design.scenarios
    if not (inputs or scenarios or sensitivity or scenario):
        return baseline

    evaluator = Evaluator(document, user_prices=user_prices)
    measured = measure(evaluator, baseline, inputs)
    drawn = None
    if samples > 0 and inputs:
        drawn = sample(
            evaluator,
            baseline,
            measured.ends,
            measured.components,
            count=samples,
            seed=seed,
            user_prices=user_prices,
        )

    moved = []
    if sensitivity:
        moved = [
            moved_input(document, path, value, spec, DEFAULT_SHARE)
            for path, value, spec in plain_numbers(document)
        ]
    rows = sensitivity_rows(evaluator, baseline, measured.ends, moved)

    results = [
        price_scenario(document, index, item, baseline, user_prices)
        for index, item in enumerate(scenarios)
    ]
    warnings = list(baseline.warnings)
    for result in results:
        for warning in result.estimate.warnings:
            if warning not in baseline.warnings:
                warnings.append(f"scenario {result.scenario.name!r}: {warning}")

    analysis = Analysis(
        scenario=scenario,
        inputs=inputs,
        range=measured.total,
        component_ranges=measured.components,
        samples=drawn,
        sensitivity=rows,
        sensitivity_share=DEFAULT_SHARE if sensitivity else None,
        scenarios=results,
    )
    return replace(baseline, analysis=analysis, warnings=warnings)


def measure(
    evaluator: Evaluator, baseline: Estimate, inputs: list[RangedInput]
) -> Measured:
    """Check the ranges' combinations, price their ends and find the cost ranges."""
    if not inputs:
        return Measured(inputs, [], None, [])
    check_combinations(evaluator, inputs)
    ends = price_ends(evaluator, inputs)
    total, components = cost_ranges(evaluator, baseline, ends)
    return Measured(inputs, ends, total, components)


def price_scenario(
    document: YamlDocument,
    index: int,
    scenario: Scenario,
    baseline: Estimate,
    user_prices: dict[str, UserPrice] | None,
) -> ScenarioResult:
    """Price one scenario of the design, with its cost range if it has ranges."""
    changed = scenario_document(document, index, scenario)
    evaluator = Evaluator(
        changed, user_prices=user_prices, context=scenario_context(scenario)
    )
    priced = evaluator.estimate({})
    measured = measure(evaluator, priced, find_ranges(changed))
    return ScenarioResult(
        scenario=applied(scenario, document, index),
        estimate=priced,
        baseline_monthly=baseline.monthly_cost,
        baseline_unit=baseline.unit_cost,
        range=measured.total,
    )


def check_design(loaded: LoadedDesign) -> None:
    """Check a design's scenarios and range combinations without pricing them."""
    document = loaded.document
    check_combinations(Evaluator(document), find_ranges(document))
    for index, scenario in enumerate(loaded.design.scenarios):
        changed = scenario_document(document, index, scenario)
        evaluator = Evaluator(changed, context=scenario_context(scenario))
        evaluator.validate({})
        check_combinations(evaluator, find_ranges(changed))
