"""Model rates and the cost of one call under them.

Usage follows one convention: total input tokens with cache reads and cache writes as
parts of it, and total output tokens with reasoning as a part. Each priced usage kind
is billed on its "leaf" count, the total less the parts that have a price of their own,
so a cached token is billed once at the cache rate and never again at the input rate.
This is the rule genai-prices applies, and tests compare the two on many models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Unit:
    """Basis of a price: a usage kind, its price key, its divisor and dimensions."""

    usage_key: str
    price_key: str
    per: int
    dimensions: frozenset[tuple[str, str]]

    def contains(self, other: Unit) -> bool:
        """Return whether `other` is a part of this usage kind (or the kind itself)."""
        return self.dimensions <= other.dimensions


def _unit(usage_key: str, price_key: str, per: int, **dimensions: str) -> Unit:
    return Unit(usage_key, price_key, per, frozenset(dimensions.items()))


# The usage kinds that design files describe, with genai-prices' keys and dimensions.
TOKEN_UNITS: dict[str, Unit] = {
    unit.price_key: unit
    for unit in (
        _unit(
            "input_tokens", "input_mtok", 1_000_000, family="tokens", direction="input"
        ),
        _unit(
            "cache_read_tokens",
            "cache_read_mtok",
            1_000_000,
            family="tokens",
            direction="input",
            token_type="cache_read",
        ),
        _unit(
            "cache_write_tokens",
            "cache_write_mtok",
            1_000_000,
            family="tokens",
            direction="input",
            token_type="cache_write",
        ),
        _unit(
            "output_tokens",
            "output_mtok",
            1_000_000,
            family="tokens",
            direction="output",
        ),
        _unit(
            "output_reasoning_tokens",
            "output_reasoning_mtok",
            1_000_000,
            family="tokens",
            direction="output",
            token_type="reasoning",
        ),
        _unit(
            "web_searches",
            "web_searches_kcount",
            1_000,
            family="tool_calls",
            tool_type="web_search",
        ),
        _unit("requests", "requests_kcount", 1_000, family="requests"),
    )
}


@dataclass(frozen=True)
class Tier:
    """A whole-request rate that applies once total input passes `threshold`."""

    threshold: int
    price: Decimal
    inclusive: bool = False

    def applies(self, total_input: Decimal) -> bool:
        if self.inclusive:
            return total_input >= self.threshold
        return total_input > self.threshold


@dataclass(frozen=True)
class Tiered:
    """A base rate and the long-context tiers above it, ascending by threshold."""

    base: Decimal
    tiers: tuple[Tier, ...]

    def select(self, total_input: Decimal) -> tuple[Decimal, Tier | None]:
        """Return the rate for a request of `total_input` tokens and the tier used."""
        for tier in reversed(self.tiers):
            if tier.applies(total_input):
                return tier.price, tier
        return self.base, None

    def scaled(self, factor: Decimal) -> Tiered:
        return Tiered(
            self.base * factor,
            tuple(Tier(t.threshold, t.price * factor, t.inclusive) for t in self.tiers),
        )


PriceValue = Decimal | Tiered


@dataclass(frozen=True)
class CallCost:
    """The cost of one model call: USD per usage kind, and the tier that applied."""

    by_usage: dict[str, Decimal]
    billed_counts: dict[str, Decimal]
    tier: Tier | None

    @property
    def total(self) -> Decimal:
        return sum(self.by_usage.values(), Decimal(0))


@dataclass(frozen=True)
class ModelRates:
    """A model's prices for one mode and date, keyed by genai-prices price key."""

    prices: Mapping[str, PriceValue]
    units: Mapping[str, Unit] = field(default_factory=lambda: TOKEN_UNITS)

    def has(self, price_key: str) -> bool:
        return self.prices.get(price_key) is not None

    def scaled(self, factor: Decimal) -> ModelRates:
        """Return these rates times `factor`, a discount or a mode multiplier."""
        scaled: dict[str, PriceValue] = {}
        for key, value in self.prices.items():
            scaled[key] = (
                value.scaled(factor) if isinstance(value, Tiered) else value * factor
            )
        return ModelRates(scaled, self.units)

    def call_cost(self, usage: Mapping[str, Decimal]) -> CallCost:
        """Price one call's usage (keys are usage kinds such as input_tokens)."""
        priced = [self.units[key] for key in self.prices if key in self.units]
        counts = _leaf_counts(priced, usage)
        total_input = usage.get("input_tokens", Decimal(0))

        by_usage: dict[str, Decimal] = {}
        used_tier: Tier | None = None
        for unit in priced:
            value = self.prices[unit.price_key]
            if isinstance(value, Tiered):
                rate, tier = value.select(total_input)
                used_tier = used_tier or tier
            else:
                rate = value
            by_usage[unit.usage_key] = rate * counts[unit.usage_key] / unit.per
        return CallCost(by_usage, counts, used_tier)


def _leaf_counts(
    priced: list[Unit], usage: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """Return each priced kind's count less the counts of its priced parts."""
    ordered = sorted(priced, key=lambda unit: (-len(unit.dimensions), unit.usage_key))
    counts: dict[str, Decimal] = {}
    for unit in ordered:
        if unit.usage_key == "requests":
            counts["requests"] = Decimal(1)
            continue
        parts = sum(
            (
                counts[other.usage_key]
                for other in ordered
                if other is not unit
                and other.usage_key in counts
                and unit.contains(other)
            ),
            Decimal(0),
        )
        leaf = usage.get(unit.usage_key, Decimal(0)) - parts
        if leaf < 0:
            raise ValueError(
                f"usage parts exceed their total {unit.usage_key}: {usage}"
            )
        counts[unit.usage_key] = leaf
    return counts
