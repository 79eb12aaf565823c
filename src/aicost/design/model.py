"""The design file format, version 1, as strict pydantic models.

Token counts are per model call. Input is the total input including cached tokens, with
cache reads and cache writes as parts of it; output is the total output including
reasoning tokens. Every number is a Decimal so money stays exact from load to output.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

FORMAT_VERSION = 1
DEFAULT_HOURS_PER_MONTH = Decimal(730)


class FieldValueError(ValueError):
    """A cross-field check failed; `field` names the field to point the user at."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _require_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"expected a number, got {type(value).__name__} {value!r}")
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _require_finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return value


Number = Annotated[
    Decimal, BeforeValidator(_require_number), AfterValidator(_require_finite)
]
NonNegative = Annotated[Number, Field(ge=0)]
Positive = Annotated[Number, Field(gt=0)]
Fraction = Annotated[Number, Field(ge=0, le=1)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Volume(StrictModel):
    """How many units of work the design serves; give exactly one of the two rates."""

    units_per_day: NonNegative | None = None
    units_per_month: NonNegative | None = None

    @model_validator(mode="after")
    def _exactly_one_rate(self) -> Volume:
        if self.units_per_day is not None and self.units_per_month is not None:
            raise FieldValueError(
                "units_per_month",
                "give units_per_day or units_per_month, not both",
            )
        if self.units_per_day is None and self.units_per_month is None:
            raise FieldValueError(
                "units_per_day", "missing: give units_per_day or units_per_month"
            )
        return self


class Period(StrictModel):
    """The month convention: billed hours in one month."""

    hours_per_month: Annotated[Positive, Field(le=744)] = DEFAULT_HOURS_PER_MONTH


class PricingSettings(StrictModel):
    """Which price date to use and negotiated discounts off catalog list prices."""

    as_of: dt.date | None = None
    discounts: dict[Name, Fraction] = Field(default_factory=dict)


MIN_RATE_PER_MTOK = Decimal("0.001")
MAX_RATE_PER_MTOK = Decimal(1000)
_PER_MTOK_FIELDS = (
    "input_per_mtok",
    "cached_input_per_mtok",
    "cache_write_per_mtok",
    "output_per_mtok",
)


class PriceTier(StrictModel):
    """Whole-request rates in USD per million tokens above an input threshold."""

    above_input_tokens: Annotated[int, Field(gt=0)]
    inclusive: bool = False
    input_per_mtok: NonNegative
    cached_input_per_mtok: NonNegative | None = None
    cache_write_per_mtok: NonNegative | None = None
    output_per_mtok: NonNegative


class InlinePrice(StrictModel):
    """A model price given in the design or a price file, USD per million tokens."""

    input_per_mtok: NonNegative
    cached_input_per_mtok: NonNegative | None = None
    cache_write_per_mtok: NonNegative | None = None
    output_per_mtok: NonNegative = Decimal(0)
    web_search_per_thousand: NonNegative | None = None
    batch_discount: Fraction | None = None
    flex_discount: Fraction | None = None
    priority_multiplier: Annotated[Number, Field(ge=1)] | None = None
    tiers: list[PriceTier] = Field(default_factory=list)

    @model_validator(mode="after")
    def _rates_plausible(self) -> InlinePrice:
        # Unit slips (per token or per 1k typed where per million was meant) and
        # decimal-place typos land far outside the range of any published rate.
        rates = [(key, getattr(self, key)) for key in _PER_MTOK_FIELDS]
        for index, tier in enumerate(self.tiers):
            rates += [
                (f"tiers.{index}.{key}", getattr(tier, key)) for key in _PER_MTOK_FIELDS
            ]
        for key, rate in rates:
            if rate is None or rate == 0:
                continue
            if not MIN_RATE_PER_MTOK <= rate <= MAX_RATE_PER_MTOK:
                raise FieldValueError(
                    key,
                    f"{rate} USD per million tokens is outside the plausible range "
                    f"{MIN_RATE_PER_MTOK} to {MAX_RATE_PER_MTOK}; rates here are per "
                    "million tokens, not per token or per thousand",
                )
        return self

    @model_validator(mode="after")
    def _tiers_ascend(self) -> InlinePrice:
        thresholds = [tier.above_input_tokens for tier in self.tiers]
        if thresholds != sorted(set(thresholds)):
            raise FieldValueError(
                "tiers", "tiers must be listed by above_input_tokens, ascending"
            )
        for index, tier in enumerate(self.tiers):
            for key in ("cached_input_per_mtok", "cache_write_per_mtok"):
                if getattr(self, key) is not None and getattr(tier, key) is None:
                    raise FieldValueError(
                        f"tiers.{index}.{key}",
                        f"missing: the base price has {key}, so each tier needs one",
                    )
        return self


Mode = Literal["standard", "batch", "flex", "priority"]


class LlmComponent(StrictModel):
    """Calls to an LLM API, priced by token."""

    name: Name
    kind: Literal["llm"]
    model: Annotated[str, Field(min_length=3, pattern=r"^[^/\s]+/\S+$")]
    calls_per_unit: NonNegative = Decimal(1)
    retry_factor: Annotated[Number, Field(ge=1)] = Decimal(1)
    input_tokens: NonNegative
    cached_input_tokens: NonNegative | None = None
    cached_input_ratio: Fraction | None = None
    cache_write_tokens: NonNegative | None = None
    cache_write_ratio: Fraction | None = None
    output_tokens: NonNegative = Decimal(0)
    reasoning_tokens: NonNegative = Decimal(0)
    web_searches: NonNegative = Decimal(0)
    mode: Mode = "standard"
    feature: Name | None = None
    price: InlinePrice | None = None

    @model_validator(mode="after")
    def _parts_within_totals(self) -> LlmComponent:
        _one_of(self, "cached_input_tokens", "cached_input_ratio")
        _one_of(self, "cache_write_tokens", "cache_write_ratio")
        if self.cache_read_per_call + self.cache_write_per_call > self.input_tokens:
            field = (
                "cached_input_tokens"
                if self.cache_write_per_call == 0
                else "cache_write_tokens"
            )
            raise FieldValueError(
                field,
                f"cache reads ({self.cache_read_per_call}) plus cache writes "
                f"({self.cache_write_per_call}) exceed input_tokens "
                f"({self.input_tokens}); input_tokens is the total input including "
                "cached tokens",
            )
        if self.reasoning_tokens > self.output_tokens:
            raise FieldValueError(
                "reasoning_tokens",
                f"reasoning_tokens ({self.reasoning_tokens}) exceed output_tokens "
                f"({self.output_tokens}); output_tokens is the total output including "
                "reasoning",
            )
        return self

    @property
    def cache_read_per_call(self) -> Decimal:
        """Input tokens per call read from the prompt cache."""
        if self.cached_input_ratio is not None:
            return self.input_tokens * self.cached_input_ratio
        return self.cached_input_tokens or Decimal(0)

    @property
    def cache_write_per_call(self) -> Decimal:
        """Input tokens per call written to the prompt cache."""
        if self.cache_write_ratio is not None:
            return self.input_tokens * self.cache_write_ratio
        return self.cache_write_tokens or Decimal(0)


def _one_of(component: BaseModel, tokens_field: str, ratio_field: str) -> None:
    if getattr(component, tokens_field) is not None and (
        getattr(component, ratio_field) is not None
    ):
        raise FieldValueError(
            ratio_field, f"give {tokens_field} or {ratio_field}, not both"
        )


# Each component kind is one model here and one pricer in aicost.engine.components.
# NOTE: with a second kind this becomes a union discriminated by `kind`.
Component = LlmComponent
COMPONENT_MODELS: dict[str, type[StrictModel]] = {"llm": LlmComponent}


class Design(StrictModel):
    """A workload to price: its unit of work, its volume and its components."""

    version: Literal[1]
    name: Name
    owner: str | None = None
    description: str | None = None
    unit: Name
    volume: Volume
    period: Period = Field(default_factory=Period)
    pricing: PricingSettings = Field(default_factory=PricingSettings)
    components: Annotated[list[Component], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_component_names(self) -> Design:
        seen: set[str] = set()
        for index, component in enumerate(self.components):
            if component.name in seen:
                raise FieldValueError(
                    f"components.{index}.name",
                    f"duplicate component name {component.name!r}; names must be "
                    "unique within a design",
                )
            seen.add(component.name)
        return self

    @property
    def hours_per_month(self) -> Decimal:
        return self.period.hours_per_month

    @property
    def units_per_month(self) -> Decimal:
        """Units of work per month; a daily volume is scaled by hours_per_month / 24."""
        if self.volume.units_per_month is not None:
            return self.volume.units_per_month
        assert self.volume.units_per_day is not None
        return self.volume.units_per_day * self.hours_per_month / 24
