"""Results of the analysis: cost ranges, percentiles, sensitivity and scenarios.

Money is Decimal throughout. Bounds and scenarios are exact estimates of variant
designs; percentiles come from Monte Carlo samples and are estimates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aicost.analysis.ranges import RangedInput

if TYPE_CHECKING:
    from aicost.engine.result import Estimate


@dataclass(frozen=True)
class CostRange:
    """The lowest and highest monthly and unit cost found over the input ranges."""

    monthly_low: Decimal
    monthly_high: Decimal
    unit_low: Decimal
    unit_high: Decimal


@dataclass(frozen=True)
class Percentiles:
    """The 10th, 50th and 90th percentile of sampled costs."""

    p10: Decimal
    p50: Decimal
    p90: Decimal


@dataclass(frozen=True)
class CostPercentiles:
    """Percentiles of the monthly cost and of the cost per unit of work."""

    monthly: Percentiles
    unit: Percentiles


@dataclass(frozen=True)
class Samples:
    """Monte Carlo percentiles of the whole design and of each component."""

    count: int
    seed: int
    total: CostPercentiles
    components: list[CostPercentiles]
    """In the order of Estimate.components."""


@dataclass(frozen=True)
class SensitivityRow:
    """The monthly cost with one input at its low and at its high end."""

    input: RangedInput
    monthly_at_low: Decimal
    monthly_at_high: Decimal
    share: Decimal
    """This row's swing over the summed swings of all rows, from 0 to 1."""
    note: str | None = None
    """The reason an end was left at the expected value, if one was."""

    @property
    def swing(self) -> Decimal:
        return abs(self.monthly_at_high - self.monthly_at_low)


@dataclass(frozen=True)
class AppliedScenario:
    """A scenario of the design: its name and the values it sets."""

    name: str
    description: str | None
    settings: list[tuple[str, Any]]
    """(dotted path, value) in the order the scenario writes them."""


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario priced beside the baseline."""

    scenario: AppliedScenario
    estimate: Estimate
    baseline_monthly: Decimal
    baseline_unit: Decimal
    range: CostRange | None = None

    @property
    def monthly_cost(self) -> Decimal:
        return self.estimate.monthly_cost

    @property
    def unit_cost(self) -> Decimal:
        return self.estimate.unit_cost

    @property
    def monthly_change(self) -> Decimal:
        return self.monthly_cost - self.baseline_monthly

    @property
    def unit_change(self) -> Decimal:
        return self.unit_cost - self.baseline_unit

    @property
    def monthly_change_percent(self) -> Decimal | None:
        """Change in percent of the baseline; None when the baseline costs nothing."""
        return _percent(self.monthly_change, self.baseline_monthly)

    @property
    def unit_change_percent(self) -> Decimal | None:
        return _percent(self.unit_change, self.baseline_unit)


@dataclass(frozen=True)
class Analysis:
    """Everything an estimate adds for scenarios, ranges and sensitivity."""

    scenario: AppliedScenario | None = None
    """The scenario priced in place of the design (estimate --scenario)."""
    inputs: list[RangedInput] = field(default_factory=list)
    """The design's ranged inputs, in file order."""
    range: CostRange | None = None
    component_ranges: list[CostRange] = field(default_factory=list)
    """In the order of Estimate.components; empty without ranges."""
    samples: Samples | None = None
    sensitivity: list[SensitivityRow] = field(default_factory=list)
    """Rows sorted by swing, largest first."""
    sensitivity_share: Decimal | None = None
    """How far --sensitivity moved each single number (0.25 is ±25%), if it ran."""
    scenarios: list[ScenarioResult] = field(default_factory=list)


def _percent(change: Decimal, base: Decimal) -> Decimal | None:
    if base == 0:
        return None
    return change / base * 100
