"""The design file format, version 1, as strict pydantic models.

Token counts are per model call. Input is the total input including cached tokens, with
cache reads and cache writes as parts of it; output is the total output including
reasoning tokens. Every number is a Decimal so money stays exact from load to output.
"""

from __future__ import annotations

import datetime as dt
import operator
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from functools import partial
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
            finite = Decimal(value.replace("_", "")).is_finite()
        except InvalidOperation:
            finite = False
        if value.strip().endswith("%"):
            return (
                f"expected a number, got text {value!r}; write a share as a "
                "fraction, such as 0.10 for 10%"
            )
        if not finite:
            return f"expected a number, got text {value!r}; write a number such as 1000"
        if "e" in value.lower():
            # PyYAML follows YAML 1.1, where an exponent needs a dot and a sign.
            example = "1.0e-6 or 0.000001" if "-" in value else "1.0e+6 or 1000000"
            return (
                f"expected a number, got text {value!r} because YAML reads an "
                f"exponent without a dot and sign as text; write {example}"
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


# The keys of a range, which a design may give in place of any number.
RANGE_KEYS = ("low", "expected", "high")

# Set while a Design validates, so that ranges are accepted in design files only.
_RANGES_ALLOWED: ContextVar[bool] = ContextVar("aicost_ranges_allowed", default=False)


def _number_or_range(bounds: dict[str, Any], value: Any) -> Any:
    """Validate a number, or a range in a design file, which stands for its expected."""
    if not isinstance(value, dict):
        return _require_number(value)
    if not _RANGES_ALLOWED.get():
        raise ValueError(
            "expected a number; a {low, expected, high} range is allowed in design "
            "files only"
        )

    unknown = [key for key in value if key not in RANGE_KEYS]
    if unknown:
        raise ValueError(
            f"unknown key {unknown[0]!r} in a range; a range has low, expected and high"
        )
    missing = [key for key in RANGE_KEYS if key not in value]
    if missing:
        raise ValueError(
            "a range needs low, expected and high; missing " + ", ".join(missing)
        )

    ends: dict[str, Decimal] = {}
    for key in RANGE_KEYS:
        try:
            end = Decimal(_require_number(value[key]))
        except ValueError as error:
            raise ValueError(f"range {key}: {error}") from None
        if not end.is_finite():
            raise ValueError(f"range {key} must be a finite number, got {end}")
        _check_range_end(key, end, bounds)
        ends[key] = end

    low, expected, high = (ends[key] for key in RANGE_KEYS)
    if not low <= expected <= high:
        raise ValueError(
            f"a range needs low <= expected <= high, got low {low}, expected "
            f"{expected}, high {high}"
        )
    return expected


_BOUND_CHECKS = {
    "ge": (">=", operator.ge),
    "gt": (">", operator.gt),
    "le": ("<=", operator.le),
}


def _check_range_end(key: str, end: Decimal, bounds: dict[str, Any]) -> None:
    for name, limit in bounds.items():
        symbol, holds = _BOUND_CHECKS[name]
        if not holds(end, limit):
            raise ValueError(f"range {key} must be {symbol} {limit}, got {end}")


def _number(**bounds: Any) -> Any:
    """Return a Decimal type with `bounds`; in a design file it also takes a range."""
    schema: dict[str, Any] = {"type": "number"}
    names = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum"}
    schema.update({names[key]: float(value) for key, value in bounds.items()})
    range_schema = {
        "type": "object",
        "description": "A range of plausible values, low <= expected <= high; the "
        "estimate uses expected, and reports add the low and high cost.",
        "properties": {key: dict(schema) for key in RANGE_KEYS},
        "required": list(RANGE_KEYS),
        "additionalProperties": False,
    }
    return Annotated[
        Decimal,
        BeforeValidator(partial(_number_or_range, bounds)),
        Field(**bounds),
        AfterValidator(_require_finite),
        WithJsonSchema({"anyOf": [schema, range_schema]}),
    ]


Number = _number()
NonNegative = _number(ge=0)
Positive = _number(gt=0)
Fraction = _number(ge=0, le=1)
AtLeastOne = _number(ge=1)

# Upper limits catch unit slips (tokens per month typed as tokens per call) and keep
# every cost within Decimal's 28 significant digits. The largest context windows
# published in 2026 are about 10 million tokens, a tenth of the token limit.
MAX_TOKENS_PER_CALL = 100_000_000
MAX_UNITS = 10**12
TokenCount = _number(ge=0, le=MAX_TOKENS_PER_CALL)
UnitCount = _number(gt=0, le=MAX_UNITS)
CallsPerUnit = _number(ge=0, le=1_000_000)
RetryFactor = _number(ge=1, le=100)
# Control characters (an ESC could restyle a terminal) are rejected in every text
# field; descriptions may span lines.
Name = Annotated[
    str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")
]
Text = Annotated[
    str, Field(max_length=100_000, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$")
]
# Component and feature names appear in dotted scenario paths and in report tables,
# so they are plain identifiers.
Identifier = Annotated[
    str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Volume(StrictModel):
    """How many units of work the design serves; give exactly one of the two rates."""

    units_per_day: UnitCount | None = None
    """Units of work per day; scaled to a month by period.hours_per_month / 24."""
    units_per_month: UnitCount | None = None
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

    hours_per_month: _number(ge=672, le=744) = DEFAULT_HOURS_PER_MONTH
    """Hours in a billing month, from 672 (28 days) to 744 (31 days): 730 is what AWS
    and Infracost use, 720 is 30 days.
    """


class PricingSettings(StrictModel):
    """Price date and negotiated discounts off catalog list prices."""

    as_of: (
        Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]
        | None
    ) = None
    """Price date (YYYY-MM-DD); default today. Printed in every report."""
    discounts: dict[Name, Fraction] = Field(default_factory=dict)
    """Negotiated discount off catalog list prices per provider, as a fraction (0.10 is
    10%).
    """


class Budget(StrictModel):
    """Cost limits that `aicost estimate` and `aicost diff` check; a breach exits 1.

    A limit is breached only when the cost is above it; a cost equal to the limit
    passes.
    """

    monthly: NonNegative | None = None
    """Maximum monthly cost of the design in USD."""
    per_unit: NonNegative | None = None
    """Maximum cost per unit of work in USD."""
    max_increase_percent: NonNegative | None = None
    """Maximum increase of the monthly cost in a diff, in percent of the previous
    monthly cost (15 is 15%). Not checked for a design that is new in the diff.
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

    above_input_tokens: Annotated[int, Field(gt=0, le=MAX_TOKENS_PER_CALL, strict=True)]
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
    output_per_mtok: NonNegative | None = None
    """USD per million output tokens, reasoning included; required if output is."""
    web_search_per_thousand: _number(ge=0, le=1000) | None = None
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


FeatureUsage = Annotated[dict[Identifier, NonNegative], Field(min_length=1)]


class LlmComponent(StrictModel):
    """Calls to an LLM API, priced by token."""

    name: Identifier
    kind: Literal["llm"]
    """Component kind: llm prices API calls by token."""
    model: Annotated[str, Field(min_length=3, pattern=r"^[^/\s]+/\S+$")]
    """provider/model as genai-prices names them, e.g. openai/gpt-4o."""
    calls_per_unit: CallsPerUnit = Decimal(1)
    """Model calls per unit of work: turns, agent steps, chunks."""
    retry_factor: RetryFactor = Decimal(1)
    """Billed attempts per call, at least 1 (1.05 is 5% retried)."""
    input_tokens: TokenCount
    """Input tokens per call, cached and cache-write tokens included."""
    cached_input_tokens: TokenCount | None = None
    """Input tokens per call read from the prompt cache (part of input_tokens)."""
    cached_input_ratio: Fraction | None = None
    """Share of input_tokens read from the prompt cache, instead of
    cached_input_tokens.
    """
    cache_write_tokens: TokenCount | None = None
    """Input tokens per call written to the prompt cache (part of input_tokens)."""
    cache_write_ratio: Fraction | None = None
    """Share of input_tokens written to the prompt cache, instead of
    cache_write_tokens.
    """
    output_tokens: TokenCount = Decimal(0)
    """Output tokens per call, reasoning tokens included."""
    reasoning_tokens: TokenCount = Decimal(0)
    """Output tokens per call spent on reasoning (part of output_tokens, billed as
    output).
    """
    web_searches: _number(ge=0, le=1000) = Decimal(0)
    """Web-search tool calls made per model call, billed per call made."""
    mode: Mode = "standard"
    """Service tier: standard, batch, flex or priority, at the model's listed rate."""
    feature: Identifier | None = None
    """Product feature this component serves, for attribution."""
    features: FeatureUsage | None = None
    """Features sharing this component, each with its measured usage of it (calls,
    queries) in any one unit; the cost is split in proportion.
    """
    price: InlinePrice | None = None
    """Inline price replacing the catalog price; not discounted."""

    @model_validator(mode="after")
    def _parts_within_totals(self) -> LlmComponent:
        _check_attribution(self)
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


Purchase = Literal["on_demand", "reserved_1y", "reserved_3y", "spot"]
Precision = Literal["bf16", "fp8", "int4"]
Commitment = Literal["none", "1_month", "6_months"]
HoursPerMonth = _number(gt=0, le=744)
ComponentRef = Identifier

# Fields of a gpu_fleet that only a fleet sized from a served load uses.
_SIZING_FIELDS = (
    "model_size_b",
    "precision",
    "target_utilization",
    "peak_to_average",
    "tokens_per_second_per_request",
    "kv_cache_bytes_per_token",
)


class GpuFleetComponent(StrictModel):
    """GPU instances billed by the hour: a fixed count, or sized for a served load."""

    name: Identifier
    kind: Literal["gpu_fleet"]
    """Component kind: gpu_fleet prices GPU instances by the instance-hour."""
    instance: Annotated[str, Field(min_length=3, pattern=r"^[^/\s]+/\S+$")]
    """provider/instance from the GPU instance catalog, e.g. aws/p5.48xlarge."""
    count: Annotated[int, Field(ge=1, le=100_000)] | None = None
    """Instances in the fleet; give count or serves, not both."""
    serves: ComponentRef | Annotated[list[ComponentRef], Field(min_length=1)] | None = (
        None
    )
    """Name of the llm component (or a list of names) whose token load sizes the
    fleet. The fleet replaces their API cost, which reports show for comparison.
    """
    purchase: Purchase = "on_demand"
    """on_demand, reserved_1y, reserved_3y or spot, as the instance offers them."""
    hours_per_month: HoursPerMonth | None = None
    """Billed hours per month; default the design's hours_per_month. Reserved
    capacity bills every hour of the month.
    """
    utilization: Fraction | None = None
    """Busy share of billed hours; the rest is reported as idle cost. Derived for a
    fleet with serves.
    """
    hourly_price: _number(gt=0, le=100_000) | None = None
    """USD per instance-hour, replacing the catalog price; not discounted."""
    model_size_b: _number(gt=0, le=5000) | None = None
    """Parameters of the served model, in billions; required with serves."""
    precision: Precision | None = None
    """Weight precision of the served model: bf16, fp8 or int4; default bf16."""
    target_utilization: _number(gt=0, le=1) = Decimal("0.6")
    """Busy share to plan the GPUs for at peak load, leaving the rest as headroom."""
    peak_to_average: _number(ge=1, le=1000) = Decimal(1)
    """Peak token load over the average; 1 assumes a flat load."""
    tokens_per_second_per_request: _number(gt=0, le=100_000) = Decimal(20)
    """Output tokens per second that each request streams at; sets how many requests
    are in flight and so the KV-cache memory. 20 is a planning assumption.
    """
    kv_cache_bytes_per_token: _number(gt=0, le=100_000_000) | None = None
    """KV-cache bytes per token of context; default from the nearest Llama 3.1 shape."""
    feature: Identifier | None = None
    """Product feature this component serves, for attribution."""
    features: FeatureUsage | None = None
    """Features sharing this component, each with its measured usage of it, in any
    one unit; the cost is split in proportion.
    """

    @model_validator(mode="after")
    def _count_or_serves(self) -> GpuFleetComponent:
        _check_attribution(self)
        if self.count is not None and self.serves is not None:
            raise FieldValueError(
                "serves",
                "give count (instances) or serves (a component to size the fleet "
                "for), not both",
            )
        if self.count is None and self.serves is None:
            raise FieldValueError(
                "count",
                "missing: give count (instances) or serves (a component to size the "
                "fleet for)",
            )
        if self.serves is None:
            given = [key for key in _SIZING_FIELDS if key in self.model_fields_set]
            if given:
                raise FieldValueError(
                    given[0], f"{given[0]} sizes a fleet and needs serves: COMPONENT"
                )
            return self
        if self.model_size_b is None:
            raise FieldValueError(
                "model_size_b",
                "missing: a fleet with serves needs model_size_b, the served model's "
                "parameters in billions",
            )
        if self.utilization is not None:
            raise FieldValueError(
                "utilization",
                "utilization is derived from the served load for a fleet with serves; "
                "remove it, or give count instead of serves",
            )
        return self

    @property
    def unused_fields(self) -> tuple[str, ...]:
        """Fields whose defaults do not apply: the sizing fields without serves."""
        return () if self.serves is not None else _SIZING_FIELDS

    @property
    def served(self) -> list[str]:
        """Names of the components whose load sizes this fleet."""
        if self.serves is None:
            return []
        return [self.serves] if isinstance(self.serves, str) else list(self.serves)


class ProvisionedComponent(StrictModel):
    """Provisioned model throughput: capacity units billed by the hour."""

    name: Identifier
    kind: Literal["provisioned"]
    """Component kind: provisioned prices throughput units by the unit-hour."""
    offer: Annotated[str, Field(min_length=5, pattern=r"^[^/\s]+/[^/\s]+/\S+$")]
    """provider/offer-family/model, e.g. aws/bedrock-provisioned/MODEL or
    azure/ptu/DEPLOYMENT.
    """
    units: Annotated[int, Field(ge=1, le=100_000)] = 1
    """Model units or PTUs bought."""
    commitment: Commitment = "none"
    """Commitment term: none, 1_month or 6_months, as the offer lists them."""
    hours_per_month: HoursPerMonth | None = None
    """Billed hours per month; default the design's hours_per_month."""
    utilization: Fraction | None = None
    """Busy share of billed hours; the rest is reported as idle cost."""
    hourly_price: _number(gt=0, le=100_000) | None = None
    """USD per unit-hour from a quote, replacing the catalog price; not discounted."""
    feature: Identifier | None = None
    """Product feature this component serves, for attribution."""
    features: FeatureUsage | None = None
    """Features sharing this component, each with its measured usage of it."""

    @model_validator(mode="after")
    def _attribution(self) -> ProvisionedComponent:
        _check_attribution(self)
        return self


class ServiceComponent(StrictModel):
    """A cloud service priced per unit of a catalog SKU: GB-months, GB, hours."""

    name: Identifier
    kind: Literal["service"]
    """Component kind: service prices a catalog SKU by its unit."""
    sku: Annotated[str, Field(min_length=3, pattern=r"^[^/\s]+/\S+$")]
    """provider/sku from the service catalog, e.g. aws/s3-standard-storage."""
    quantity_per_month: _number(ge=0, le=10**15) | None = None
    """Quantity per month in the SKU's unit; or quantity_per_unit."""
    quantity_per_unit: _number(ge=0, le=10**9) | None = None
    """Quantity per unit of work in the SKU's unit, scaled by the design's volume."""
    unit_price: _number(ge=0, le=1_000_000) | None = None
    """USD per SKU unit, replacing the catalog price and its tiers; not discounted."""
    feature: Identifier | None = None
    """Product feature this component serves, for attribution."""
    features: FeatureUsage | None = None
    """Features sharing this component, each with its measured usage of it."""

    @model_validator(mode="after")
    def _one_quantity(self) -> ServiceComponent:
        _check_attribution(self)
        if self.quantity_per_month is not None and self.quantity_per_unit is not None:
            raise FieldValueError(
                "quantity_per_unit",
                "give quantity_per_month or quantity_per_unit (scaled by the design's "
                "volume), not both",
            )
        if self.quantity_per_month is None and self.quantity_per_unit is None:
            raise FieldValueError(
                "quantity_per_month",
                "missing: give quantity_per_month, or quantity_per_unit to scale with "
                "the design's volume",
            )
        return self


def _check_attribution(component: BaseModel) -> None:
    features = getattr(component, "features", None)
    if features is None:
        return
    if getattr(component, "feature", None) is not None:
        raise FieldValueError(
            "features", "give feature or features (a usage split), not both"
        )
    if sum(features.values()) == 0:
        raise FieldValueError(
            "features", "the features' usage adds up to 0; give each its usage"
        )


# Each component kind is one model here and one pricer in aicost.engine.estimate.
Component = Annotated[
    LlmComponent | GpuFleetComponent | ProvisionedComponent | ServiceComponent,
    Field(discriminator="kind"),
]
COMPONENT_MODELS: dict[str, type[StrictModel]] = {
    "llm": LlmComponent,
    "gpu_fleet": GpuFleetComponent,
    "provisioned": ProvisionedComponent,
    "service": ServiceComponent,
}


class Scenario(StrictModel):
    """A named what-if: the design with some of its values replaced."""

    name: Name
    description: Text | None = None
    """The situation the scenario models, e.g. an agent loop retrying every call."""
    set: dict[Annotated[str, Field(min_length=1)], Any]
    """Values to replace, keyed by dotted path: volume.units_per_day,
    components.<component name>.<field>, pricing.as_of. Setting one field of an
    either-or pair, such as cached_input_ratio, removes the other
    (cached_input_tokens).
    """

    @model_validator(mode="after")
    def _sets_something(self) -> Scenario:
        if not self.set:
            raise FieldValueError(
                "set", "must set at least one value, written `dotted.path: value`"
            )
        return self


class Design(StrictModel):
    """A workload to price: its unit of work, its volume and its components."""

    @model_validator(mode="wrap")
    @classmethod
    def _accept_ranges(cls, data: Any, handler: Any) -> Design:
        token = _RANGES_ALLOWED.set(True)
        try:
            return handler(data)
        finally:
            _RANGES_ALLOWED.reset(token)

    version: Literal[1]
    """Design format version; 1."""
    name: Name
    owner: Name | None = None
    """Team or person who owns the cost."""
    description: Text | None = None
    """A short account of the workload."""
    unit: Name
    """The unit of work that unit cost is quoted per, e.g. conversation."""
    volume: Volume
    """Units of work per day or per month."""
    period: Period = Field(default_factory=Period)
    """The month convention."""
    pricing: PricingSettings = Field(default_factory=PricingSettings)
    """Price date and negotiated discounts."""
    budget: Budget = Field(default_factory=Budget)
    """Cost limits checked on every estimate and diff."""
    components: Annotated[list[Component], Field(min_length=1, max_length=100)]
    """The parts of the workload that cost money."""
    scenarios: Annotated[list[Scenario], Field(max_length=50)] = Field(
        default_factory=list
    )
    """Named what-ifs priced beside the design, e.g. growth, a retry storm or a
    smaller model.
    """

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

    @model_validator(mode="after")
    def _unique_scenario_names(self) -> Design:
        seen: set[str] = set()
        for index, scenario in enumerate(self.scenarios):
            if scenario.name in seen:
                raise FieldValueError(
                    f"scenarios.{index}.name",
                    f"duplicate scenario name {scenario.name!r}; names must be "
                    "unique within a design",
                )
            seen.add(scenario.name)
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
