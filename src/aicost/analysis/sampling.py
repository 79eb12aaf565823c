"""Monte Carlo sampling of the cost over the ranged inputs.

Each ranged input is drawn from a triangular distribution from its low to its high
end with its expected value as the mode, using `random.Random(seed).triangular`,
each input independently of the others. The same seed and design give the same
draws. Sampling arithmetic is binary floating point for speed, so the percentiles,
converted back to Decimal, are estimates; bounds and the expected cost stay exact.

Per sample, an llm component is priced by a compiled form of the engine's arithmetic:

    units × calls_per_unit × retry_factor × (1 − discount) × Σ coefficient × usage

with one coefficient per usage kind (input, cached input, cache write, output,
reasoning, web searches) from the model's rates and genai-prices' leaf rule, and one
set of coefficients per long-context tier. The compiled cost is first compared with
the full pricing at the expected design and at every single-input end. A component
that does not match, or of a kind without a compiled form, is priced through the
full validation and pricing on every sample, which is about a hundred times slower.
A component whose cost bounds are equal is constant.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from decimal import Decimal

from aicost.analysis.bounds import EndCosts
from aicost.analysis.evaluate import Evaluator
from aicost.analysis.ranges import RangedInput
from aicost.analysis.result import CostPercentiles, CostRange, Percentiles, Samples
from aicost.design.model import Design, LlmComponent
from aicost.design.yamlio import FieldPath
from aicost.engine.result import Estimate
from aicost.errors import AicostError, Location
from aicost.pricing.book import PriceBook
from aicost.pricing.rates import ModelRates, Tiered, Unit
from aicost.pricing.user_files import UserPrice

Columns = Mapping[FieldPath, list[float]]

# The llm fields that the compiled form reads. A range on any other field of the
# component, such as an inline price, sends it through the full pricing instead.
LLM_FIELDS = (
    "calls_per_unit",
    "retry_factor",
    "input_tokens",
    "cached_input_tokens",
    "cached_input_ratio",
    "cache_write_tokens",
    "cache_write_ratio",
    "output_tokens",
    "reasoning_tokens",
    "web_searches",
)
# Usage kinds in the order of the compiled coefficients; the last is a constant per
# call (a per-request fee).
USAGE_KEYS = (
    "input_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "output_tokens",
    "output_reasoning_tokens",
    "web_searches",
)
_PER_CALL = "per_call"
# Markers that compile_components returns for a component with no compiled form.
CONSTANT = "constant"
FULL_PRICING = "full pricing"
# Samples that go through the full pricing take milliseconds each; this many keep a
# run under about a minute on a small machine.
MAX_FULL_PRICING_SAMPLES = 10_000
# Relative difference allowed between the compiled and the full pricing (floats carry
# about 16 significant digits).
MATCH_TOLERANCE = 1e-9


def draw(
    inputs: list[RangedInput], count: int, seed: int
) -> dict[FieldPath, list[float]]:
    """Draw `count` values of each ranged input, in input order, from one seed."""
    generator = random.Random(seed)
    columns: dict[FieldPath, list[float]] = {}
    for item in inputs:
        low, mode, high = float(item.low), float(item.expected), float(item.high)
        if low == high:
            columns[item.path] = [low] * count
        else:
            columns[item.path] = [
                generator.triangular(low, high, mode) for _ in range(count)
            ]
    return columns


def sample(
    evaluator: Evaluator,
    baseline: Estimate,
    ends: list[EndCosts],
    component_ranges: list[CostRange],
    *,
    count: int,
    seed: int,
    user_prices: dict[str, UserPrice] | None = None,
) -> Samples:
    """Draw `count` samples of the design's cost and return its percentiles."""
    inputs = [end.input for end in ends]
    columns = draw(inputs, count, seed)
    design = baseline.design
    units = units_column(design, columns, count)
    models = compile_components(baseline, ends, component_ranges, user_prices)

    component_costs: list[list[float]] = []
    in_full = []
    for index, model in enumerate(models):
        if isinstance(model, LlmCost):
            component_costs.append(model.monthly(columns, units, count))
        elif model == CONSTANT:
            cost = float(baseline.components[index].monthly_cost)
            component_costs.append([cost] * count)
        else:
            component_costs.append([])
            in_full.append(index)
    if in_full:
        if count > MAX_FULL_PRICING_SAMPLES:
            names = ", ".join(design.components[index].name for index in in_full)
            raise AicostError(
                f"--samples {count} is too many for this design: {names} must be "
                "priced in full for every sample (about 4 ms each for a sized GPU "
                f"fleet), so at most {MAX_FULL_PRICING_SAMPLES:,} samples are drawn",
                hint=f"use --samples {MAX_FULL_PRICING_SAMPLES} or fewer; the low "
                "and high bounds need no samples",
            )
        priced = _price_in_full(evaluator, inputs, columns, count, in_full)
        for index, costs in priced.items():
            component_costs[index] = costs

    totals = [math.fsum(values) for values in zip(*component_costs, strict=True)]
    return Samples(
        count=count,
        seed=seed,
        total=_percentiles(totals, units),
        components=[_percentiles(costs, units) for costs in component_costs],
    )


def units_column(design: Design, columns: Columns, count: int) -> list[float]:
    """Return the units of work per month of each sample."""
    per_month = columns.get(("volume", "units_per_month"))
    if per_month is not None:
        return per_month
    if design.volume.units_per_month is not None:
        return [float(design.volume.units_per_month)] * count
    per_day = columns.get(("volume", "units_per_day"))
    if per_day is None:
        per_day = [float(design.volume.units_per_day or 0)] * count
    hours = columns.get(("period", "hours_per_month"))
    if hours is None:
        hours = [float(design.hours_per_month)] * count
    return [day * hour / 24 for day, hour in zip(per_day, hours, strict=True)]


def compile_components(
    baseline: Estimate,
    ends: list[EndCosts],
    component_ranges: list[CostRange],
    user_prices: dict[str, UserPrice] | None = None,
) -> list[LlmCost | str]:
    """Return per component a compiled LlmCost, CONSTANT or FULL_PRICING."""
    ranged = {end.input.path for end in ends}
    book = PriceBook(baseline.as_of, user_prices)
    models: list[LlmCost | str] = []
    for index, component in enumerate(baseline.design.components):
        bounds = component_ranges[index]
        # A fleet sized from a load can cost more between its ends than at them.
        sized = getattr(component, "serves", None) is not None
        if bounds.monthly_low == bounds.monthly_high and not sized:
            models.append(CONSTANT)
            continue
        model = _compile_llm(baseline.design, component, index, ranged, book)
        if model is None or not _matches(model, baseline, ends, index):
            models.append(FULL_PRICING)
        else:
            models.append(model)
    return models


class LlmCost:
    """One llm component's monthly cost as arithmetic on sampled inputs."""

    def __init__(
        self,
        component: LlmComponent,
        index: int,
        rates: ModelRates,
        discount: Decimal,
        discount_path: FieldPath | None,
    ) -> None:
        self.component = component
        self.index = index
        self.discount = float(discount)
        self.discount_path = discount_path
        self.breakpoints, self.coefficients = _coefficients(rates)

    def path(self, field: str) -> FieldPath:
        return ("components", self.index, field)

    def monthly(self, columns: Columns, units: list[float], count: int) -> list[float]:
        """Return the component's monthly cost for each sample."""

        def column(field: str) -> list[float]:
            values = columns.get(self.path(field))
            if values is not None:
                return values
            return [float(getattr(self.component, field) or 0)] * count

        zeros = [0.0] * count
        by_ratio = self.component.cached_input_ratio is not None
        read_ratio = column("cached_input_ratio") if by_ratio else zeros
        read_tokens = zeros if by_ratio else column("cached_input_tokens")
        by_ratio = self.component.cache_write_ratio is not None
        write_ratio = column("cache_write_ratio") if by_ratio else zeros
        write_tokens = zeros if by_ratio else column("cache_write_tokens")
        discounts = None
        if self.discount_path is not None:
            discounts = columns.get(self.discount_path)
        if discounts is None:
            discounts = [self.discount] * count

        rows = zip(
            units,
            column("calls_per_unit"),
            column("retry_factor"),
            column("input_tokens"),
            read_ratio,
            read_tokens,
            write_ratio,
            write_tokens,
            column("output_tokens"),
            column("reasoning_tokens"),
            column("web_searches"),
            discounts,
            strict=True,
        )
        breakpoints, coefficients = self.breakpoints, self.coefficients
        costs = []
        for (
            unit_count,
            calls,
            retries,
            input_tokens,
            read_share,
            read_count,
            write_share,
            write_count,
            output_tokens,
            reasoning,
            searches,
            discount,
        ) in rows:
            tier = 0
            for threshold, inclusive in breakpoints:
                if input_tokens > threshold or (
                    inclusive and input_tokens == threshold
                ):
                    tier += 1
            c_in, c_read, c_write, c_out, c_reason, c_search, c_call = coefficients[
                tier
            ]
            per_call = (
                c_in * input_tokens
                + c_read * (input_tokens * read_share + read_count)
                + c_write * (input_tokens * write_share + write_count)
                + c_out * output_tokens
                + c_reason * reasoning
                + c_search * searches
                + c_call
            )
            costs.append(unit_count * calls * retries * per_call * (1 - discount))
        return costs


def _compile_llm(
    design: Design,
    component: object,
    index: int,
    ranged: set[FieldPath],
    book: PriceBook,
) -> LlmCost | None:
    if not isinstance(component, LlmComponent):
        return None
    own = [path for path in ranged if path[:2] == ("components", index)]
    if any(len(path) != 3 or path[2] not in LLM_FIELDS for path in own):
        return None
    try:
        resolved = book.llm_price(
            component.model, component.mode, component.price, Location(None)
        )
    except AicostError:
        return None

    discount, discount_path = Decimal(0), None
    if resolved.source.discountable:
        provider = component.model.split("/", 1)[0].lower()
        for name, fraction in design.pricing.discounts.items():
            if name.lower() == provider:
                discount, discount_path = fraction, ("pricing", "discounts", name)
                break
    return LlmCost(component, index, resolved.rates, discount, discount_path)


def _coefficients(
    rates: ModelRates,
) -> tuple[list[tuple[float, bool]], list[tuple[float, ...]]]:
    """Return tier breakpoints and, per tier, the cost of one of each usage kind."""
    tiers = {
        (tier.threshold, tier.inclusive)
        for value in rates.prices.values()
        if isinstance(value, Tiered)
        for tier in value.tiers
    }
    # At one threshold an inclusive tier applies from the threshold and an exclusive
    # one only above it, so the inclusive one sorts first. The tiers that apply to a
    # call are then always a prefix of this list.
    breakpoints = sorted(tiers, key=lambda pair: (pair[0], not pair[1]))
    leaves = _leaf_forms(
        [rates.units[key] for key in rates.prices if key in rates.units]
    )

    coefficients = []
    for applied in range(len(breakpoints) + 1):
        active = set(breakpoints[:applied])
        totals = dict.fromkeys((*USAGE_KEYS, _PER_CALL), Decimal(0))
        for price_key, value in rates.prices.items():
            unit = rates.units.get(price_key)
            if unit is None or value is None:
                continue
            rate = value
            if isinstance(value, Tiered):
                rate = value.base
                for tier in value.tiers:
                    if (tier.threshold, tier.inclusive) in active:
                        rate = tier.price
            for usage_key, factor in leaves[unit.usage_key].items():
                if usage_key in totals:
                    totals[usage_key] += rate * factor / unit.per
        coefficients.append(
            tuple(float(totals[key]) for key in (*USAGE_KEYS, _PER_CALL))
        )
    return [(float(t), inclusive) for t, inclusive in breakpoints], coefficients


def _leaf_forms(priced: list[Unit]) -> dict[str, dict[str, int]]:
    """Return each priced kind's billed count as a sum of usage counts.

    This mirrors aicost.pricing.rates._leaf_counts on symbols instead of numbers: a
    kind is billed on its usage less the billed counts of its priced parts, the most
    specific kinds first. A per-request price bills one per call.
    """
    ordered = sorted(priced, key=lambda unit: (-len(unit.dimensions), unit.usage_key))
    forms: dict[str, dict[str, int]] = {}
    for unit in ordered:
        if unit.usage_key == "requests":
            forms["requests"] = {_PER_CALL: 1}
            continue
        form = {unit.usage_key: 1}
        for other in ordered:
            if other is unit or other.usage_key not in forms:
                continue
            if unit.contains(other):
                for key, factor in forms[other.usage_key].items():
                    form[key] = form.get(key, 0) - factor
        forms[unit.usage_key] = form
    return forms


def _matches(
    model: LlmCost, baseline: Estimate, ends: list[EndCosts], index: int
) -> bool:
    """Check the compiled cost against the full pricing at every priced point."""
    inputs = [end.input for end in ends]
    points: list[tuple[dict[FieldPath, float], Estimate]] = [({}, baseline)]
    for end in ends:
        points.append(({end.input.path: float(end.input.low)}, end.at_low))
        points.append(({end.input.path: float(end.input.high)}, end.at_high))
    for moved, estimate in points:
        columns = {
            item.path: [moved.get(item.path, float(item.expected))] for item in inputs
        }
        units = units_column(baseline.design, columns, 1)
        compiled = model.monthly(columns, units, 1)[0]
        expected = float(estimate.components[index].monthly_cost)
        if not math.isclose(compiled, expected, rel_tol=MATCH_TOLERANCE, abs_tol=1e-12):
            return False
    return True


def _price_in_full(
    evaluator: Evaluator,
    inputs: list[RangedInput],
    columns: Columns,
    count: int,
    indices: list[int],
) -> dict[int, list[float]]:
    """Price every sample through validation and the engine; return some components."""
    costs: dict[int, list[float]] = {index: [] for index in indices}
    for position in range(count):
        values = {}
        for item in inputs:
            # A draw can land one float step outside its range; clamp it back in.
            value = columns[item.path][position]
            value = min(max(value, float(item.low)), float(item.high))
            values[item.path] = Decimal(repr(value))
        estimate = evaluator.estimate(values, cache=False)
        for index in indices:
            costs[index].append(float(estimate.components[index].monthly_cost))
    return costs


def _percentiles(monthly: list[float], units: list[float]) -> CostPercentiles:
    unit_costs = [
        cost / count if count else 0.0
        for cost, count in zip(monthly, units, strict=True)
    ]
    return CostPercentiles(_three(monthly), _three(unit_costs))


def _three(values: list[float]) -> Percentiles:
    ordered = sorted(values)
    return Percentiles(
        percentile(ordered, 0.1), percentile(ordered, 0.5), percentile(ordered, 0.9)
    )


def percentile(ordered: list[float], fraction: float) -> Decimal:
    """Return a percentile of sorted values, interpolating between the two nearest."""
    position = fraction * (len(ordered) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    value = ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)
    return Decimal(repr(value))
