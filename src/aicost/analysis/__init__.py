"""Scenarios, cost ranges, Monte Carlo samples and sensitivity of a design.

The modules that do the work are imported on first use, so an estimate of a design
without ranges or scenarios does not pay for loading them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aicost.design.model import RANGE_KEYS

if TYPE_CHECKING:
    from aicost.analysis.result import AppliedScenario
    from aicost.design.loader import LoadedDesign
    from aicost.engine.result import Estimate
    from aicost.pricing.user_files import UserPrice


def analyse(
    baseline: Estimate,
    loaded: LoadedDesign,
    *,
    user_prices: dict[str, UserPrice] | None = None,
    samples: int = 0,
    seed: int = 0,
    sensitivity: bool = False,
    scenario: AppliedScenario | None = None,
) -> Estimate:
    """Return the baseline estimate with scenarios, ranges and sensitivity attached.

    The estimate comes back unchanged when the design has no ranges or scenarios and
    neither `sensitivity` nor `scenario` is given.
    """
    requested = sensitivity or scenario is not None or loaded.design.scenarios
    if not (requested or has_ranges(loaded.document.data)):
        return baseline
    from aicost.analysis.run import analyse_design

    return analyse_design(
        baseline,
        loaded,
        user_prices=user_prices,
        samples=samples,
        seed=seed,
        sensitivity=sensitivity,
        scenario=scenario,
    )


def apply_named_scenario(
    loaded: LoadedDesign, name: str
) -> tuple[LoadedDesign, AppliedScenario]:
    """Return the design with the named scenario applied, and the scenario."""
    from aicost.analysis.scenarios import apply_named_scenario as apply

    return apply(loaded, name)


def check_design(loaded: LoadedDesign) -> None:
    """Check a design's scenarios and range combinations without pricing them."""
    if not (loaded.design.scenarios or has_ranges(loaded.document.data)):
        return
    from aicost.analysis.run import check_design as check

    check(loaded)


def has_ranges(data: Any) -> bool:
    """Return whether any mapping in the data has exactly the keys of a range."""
    if isinstance(data, dict):
        if set(data) == set(RANGE_KEYS):
            return True
        return any(has_ranges(value) for value in data.values())
    if isinstance(data, list):
        return any(has_ranges(item) for item in data)
    return False
