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
    WithJsonSchema,
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
        raise ValueError(_not_a_number(value))
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _not_a_number(value: Any) -> str:
    if value is None:
        return "expected a number, got nothing; write a number after the colon"
    if isinstance(value, str):
        try:
            Decimal(value.replace("_", ""))
        except InvalidOperation:
            return f"expected a number, got text {value!r}; write a number such as 1000"
        if "e" in value.lower():
            # PyYAML follows YAML 1.1, where an exponent needs a dot and a sign.
            return (
                f"expected a number, got text {value!r} because YAML reads an "
                "exponent without a dot and sign as text; write 1.0e+6 or 1000000"
            )
        return f"expected a number, got text {value!r}; remove the quotes"
    if isinstance(value, bool):
        return f"expected a number, got {str(value).lower()}"
    kind = {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)
    return f"expected a number, got {kind}"


def _require_finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return value


def _number(**bounds: Any) -> Any:
    """Return a Decimal type with `bounds`, shown in JSON Schema as a plain number."""
    schema: dict[str, Any] = {"type": "number"}
    names = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum"}
    schema.update({names[key]: float(value) for key, value in bounds.items()})
    return Annotated[
        Decimal,
        BeforeValidator(_require_number),
        Field(**bounds),
        AfterValidator(_require_finite),
        WithJsonSchema(schema),
    ]


Number = _number()
NonNegative = _number(ge=0)
Positive = _number(gt=0)
Fraction = _number(ge=0, le=1)
AtLeastOne = _number(ge=1)
Name = Annotated[str, Field(min_length=1, max_length=200)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Volume(StrictModel):
    """How many units of work the design serves; give exactly one of the two rates."""

    units_per_day: NonNegative | None = None
    """Units of work per day; scaled to a month by period.hours_per_month / 24."""
    units_per_month: NonNegative | None = None
    """Units of work per month."""

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

    hours_per_month: _number(gt=0, le=744) = DEFAULT_HOURS_PER_MONTH
    """Hours in a billing month: 730 (AWS and Infracost), 720 (30 days) or 744 (31
    days).
    """


class PricingSettings(StrictModel):
    """Which price date to use and negotiated discounts off catalog list prices."""

    as_of: dt.date | None = None
    """Price date (YYYY-MM-DD); default today. Printed in every report."""
    discounts: dict[Name, Fraction] = Field(default_factory=dict)
    """Negotiated discount off catalog list prices per provider, as a fraction (0.10 is
    10%).
    """


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
    """The tier applies when a request's total input, cached tokens included, exceeds
    this.
    """
    inclusive: bool = False
    """Apply the tier at exactly above_input_tokens too (greater or equal)."""
    input_per_mtok: NonNegative
    """USD per million input tokens not read from or written to the cache."""
    cached_input_per_mtok: NonNegative | None = None
    """USD per million input tokens read from the prompt cache; default the input rate.
    """
    cache_write_per_mtok: NonNegative | None = None
    """USD per million input tokens written to the prompt cache; default the input
    rate.
    """
    output_per_mtok: NonNegative
    """USD per million output tokens, reasoning included."""


class InlinePrice(StrictModel):
    """A model price given in the design or a price file, USD per million tokens."""

    input_per_mtok: NonNegative
    """USD per million input tokens not read from or written to the cache."""
    cached_input_per_mtok: NonNegative | None = None
    """USD per million input tokens read from the prompt cache; default the input rate.
    """
    cache_write_per_mtok: NonNegative | None = None
    """USD per million input tokens written to the prompt cache; default the input
    rate.
    """
    output_per_mtok: NonNegative = Decimal(0)
    """USD per million output tokens, reasoning included."""
    web_search_per_thousand: NonNegative | None = None
    """USD per 1,000 web-search tool calls."""
    batch_discount: Fraction | None = None
    """Fraction off every rate in batch mode (0.5 is half price)."""
    flex_discount: Fraction | None = None
    """Fraction off every rate in flex mode."""
    priority_multiplier: AtLeastOne | None = None
    """Multiplier on every rate in priority mode (1.7 is 70% more)."""
    tiers: list[PriceTier] = Field(default_factory=list)
    """Long-context tiers: whole-request rates above an input threshold."""

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
    """Component kind: llm prices API calls by token."""
    model: Annotated[str, Field(min_length=3, pattern=r"^[^/\s]+/\S+$")]
    """provider/model as genai-prices names them, e.g. openai/gpt-4o."""
    calls_per_unit: NonNegative = Decimal(1)
    """Model calls per unit of work: turns, agent steps, chunks."""
    retry_factor: AtLeastOne = Decimal(1)
    """Billed attempts per call, at least 1 (1.05 is 5% retried)."""
    input_tokens: NonNegative
    """Input tokens per call, cached and cache-write tokens included."""
    cached_input_tokens: NonNegative | None = None
    """Input tokens per call read from the prompt cache (part of input_tokens)."""
    cached_input_ratio: Fraction | None = None
    """Share of input_tokens read from the prompt cache, instead of
    cached_input_tokens.
    """
    cache_write_tokens: NonNegative | None = None
    """Input tokens per call written to the prompt cache (part of input_tokens)."""
    cache_write_ratio: Fraction | None = None
    """Share of input_tokens written to the prompt cache, instead of
    cache_write_tokens.
    """
    output_tokens: NonNegative = Decimal(0)
    """Output tokens per call, reasoning tokens included."""
    reasoning_tokens: NonNegative = Decimal(0)
    """Output tokens per call spent on reasoning (part of output_tokens, billed as
    output).
    """
    web_searches: NonNegative = Decimal(0)
    """Web-search tool calls made per model call, billed per call made."""
    mode: Mode = "standard"
    """Service tier: standard, batch, flex or priority, at the model's listed rate."""
    feature: Name | None = None
    """Product feature this component serves, for attribution."""
    price: InlinePrice | None = None
    """Inline price replacing the catalog price; not discounted."""

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
    """Design format version; 1."""
    name: Name
    owner: str | None = None
    """Team or person who owns the cost."""
    description: str | None = None
    """What the workload does."""
    unit: Name
    """The unit of work that unit cost is quoted per, e.g. conversation."""
    volume: Volume
    """Units of work per day or per month."""
    period: Period = Field(default_factory=Period)
    """The month convention."""
    pricing: PricingSettings = Field(default_factory=PricingSettings)
    """Price date and negotiated discounts."""
    components: Annotated[list[Component], Field(min_length=1)]
    """What the workload pays for."""

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
