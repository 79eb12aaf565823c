"""Strict models of the price catalogs in `pricing/`, with magnitude checks.

Every price is USD, written in the YAML as a quoted decimal string so it loads
exactly. Each model rejects unknown keys, and each price is checked against the range
that real prices in its unit fall in, so a monthly figure typed where an hourly one
was meant, or a slipped decimal point, fails to load with the entry's name.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from aicost.design.model import FieldValueError

PurchaseOption = Literal["on_demand", "reserved_1y", "reserved_3y", "spot"]
PURCHASE_OPTIONS: tuple[str, ...] = ("on_demand", "reserved_1y", "reserved_3y", "spot")
Commitment = Literal["none", "1_month", "6_months"]
Precision = Literal["bf16", "fp16", "fp8", "int4"]
ServiceUnit = Literal[
    "gb_month",
    "gb",
    "hour",
    "million_read_units",
    "million_write_units",
    "million_requests",
    "thousand_requests",
    "month",
]

# Plausible USD per GPU per hour, across clouds and purchase options. Published rates
# run from about 0.28 (L4 spot) to about 12.30 (Azure H100 on-demand), so a price
# outside this range is a unit or decimal-place slip: a monthly price typed as hourly
# lands in the thousands.
GPU_HOUR_RANGE = (Decimal("0.05"), Decimal(40))

# Plausible USD per unit of each service unit, several times beyond the cheapest and
# dearest published rates seen for that unit.
SERVICE_PRICE_RANGE: dict[str, tuple[Decimal, Decimal]] = {
    "gb_month": (Decimal("0.0001"), Decimal(1)),
    "gb": (Decimal("0.001"), Decimal("0.5")),
    "hour": (Decimal("0.001"), Decimal(50)),
    "million_read_units": (Decimal("0.01"), Decimal(1000)),
    "million_write_units": (Decimal("0.01"), Decimal(1000)),
    "million_requests": (Decimal("0.001"), Decimal(1000)),
    "thousand_requests": (Decimal("0.0001"), Decimal(100)),
    "month": (Decimal("0.01"), Decimal(100000)),
}

# Provisioned-throughput units cost from a few USD to a few hundred USD per hour.
UNIT_HOUR_RANGE = (Decimal("0.1"), Decimal(2000))

# FOCUS 1.2 ServiceCategory values that catalog entries use.
SERVICE_CATEGORIES = (
    "AI and Machine Learning",
    "Compute",
    "Databases",
    "Networking",
    "Storage",
)


def _money(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(
            f'write money as a quoted decimal string, e.g. "55.04", got {value!r}'
        )
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"must be a finite amount of at least 0, got {value!r}")
    return amount


def _quantity(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int | str | Decimal):
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    raise ValueError(f"expected a number, got {type(value).__name__}")


Money = Annotated[Decimal, BeforeValidator(_money)]
Quantity = Annotated[Decimal, BeforeValidator(_quantity), Field(gt=0)]
Text = Annotated[str, Field(min_length=1)]


class CatalogModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(CatalogModel):
    source: Text
    """Page or file the figure was read from: the provider's own, or a named copy."""
    as_of: dt.date
    """Date the source was captured or checked."""
    note: str | None = None
    """Derivation of the figure, or the part of it that is unconfirmed."""


class PriceOffer(Sourced):
    """One purchase option's price, USD per instance-hour or unit-hour."""

    price: Money


class GpuInstance(CatalogModel):
    region: Text
    """Region the prices apply to, or `global` where the provider lists none."""
    gpu: Text
    """Key of the GPU in gpu-specs.yaml."""
    gpus: Annotated[int, Field(ge=1, le=16)]
    """GPUs per instance."""
    purchase: Annotated[dict[PurchaseOption, PriceOffer], Field(min_length=1)]
    """Price per instance-hour for each purchase option the instance offers."""

    @model_validator(mode="after")
    def _plausible_prices(self) -> GpuInstance:
        low, high = GPU_HOUR_RANGE
        for option, offer in self.purchase.items():
            per_gpu = offer.price / self.gpus
            if not low <= per_gpu <= high:
                raise FieldValueError(
                    f"purchase.{option}.price",
                    f"{offer.price} USD per instance-hour is {per_gpu:.4f} per "
                    f"GPU-hour, outside the plausible {low} to {high}; prices here "
                    "are per instance-hour, not per month or per GPU",
                )
        # Commitments and spot undercut on-demand; a slipped decimal point breaks
        # that order even when the figure stays in range.
        order = [
            ("reserved_3y", "reserved_1y"),
            ("reserved_1y", "on_demand"),
            ("reserved_3y", "on_demand"),
            ("spot", "on_demand"),
        ]
        for cheaper, dearer in order:
            if cheaper not in self.purchase or dearer not in self.purchase:
                continue
            if self.purchase[cheaper].price > self.purchase[dearer].price:
                raise FieldValueError(
                    f"purchase.{cheaper}.price",
                    f"{cheaper} price {self.purchase[cheaper].price} is above the "
                    f"{dearer} price {self.purchase[dearer].price}; check both "
                    "for a slipped decimal point",
                )
        return self


class GpuInstanceFile(CatalogModel):
    provider: Text
    provider_name: Text
    """Provider name as FOCUS ProviderName shows it."""
    service_name: Text
    """Service that bills the instances, as FOCUS ServiceName shows it."""
    currency: Literal["USD"]
    price_unit: Literal["instance_hour"]
    instances: dict[str, GpuInstance]


class GpuSpec(Sourced):
    name: Text
    memory_gb: Annotated[Decimal, BeforeValidator(_quantity), Field(ge=4, le=1024)]
    """Memory per GPU in GB (10^9 bytes)."""
    memory_bandwidth_tb_s: Annotated[
        Decimal, BeforeValidator(_quantity), Field(ge=Decimal("0.1"), le=20)
    ]
    """Peak memory bandwidth in TB/s."""
    bf16_dense_tflops: Annotated[
        Decimal, BeforeValidator(_quantity), Field(ge=10, le=10000)
    ]
    """Peak BF16 Tensor Core rate without sparsity, in TFLOPS."""
    fp8_dense_tflops: (
        Annotated[Decimal, BeforeValidator(_quantity), Field(ge=10, le=40000)] | None
    ) = None
    """Peak FP8 Tensor Core rate without sparsity; absent where the GPU has no FP8."""

    @model_validator(mode="after")
    def _fp8_above_bf16(self) -> GpuSpec:
        fp8 = self.fp8_dense_tflops
        if fp8 is not None and not self.bf16_dense_tflops <= fp8 <= (
            4 * self.bf16_dense_tflops
        ):
            raise FieldValueError(
                "fp8_dense_tflops",
                f"{fp8} TFLOPS FP8 is not between 1 and 4 times the BF16 rate "
                f"{self.bf16_dense_tflops}; quote both without sparsity",
            )
        return self


class GpuSpecFile(CatalogModel):
    gpus: dict[str, GpuSpec]


class ThroughputRow(Sourced):
    model: Text
    params_b: Annotated[
        Decimal, BeforeValidator(_quantity), Field(ge=Decimal("0.1"), le=5000)
    ]
    precision: Precision
    gpu: Text
    tensor_parallel: Literal[1, 2, 4, 8, 16]
    input_tokens: Annotated[int, Field(ge=1, le=10_000_000)]
    output_tokens: Annotated[int, Field(ge=1, le=10_000_000)]
    output_tokens_per_second: Annotated[
        Decimal, BeforeValidator(_quantity), Field(ge=1, le=1_000_000)
    ]
    """Output tokens per second of the whole tensor-parallel group at maximum load."""


class ThroughputFile(CatalogModel):
    measurements: Annotated[list[ThroughputRow], Field(min_length=1)]


class ProvisionedOffer(CatalogModel):
    description: Text
    unit: Literal["unit_hour"]
    service_name: Text
    provider_name: Text
    commitments: Annotated[dict[Commitment, PriceOffer], Field(min_length=1)]
    """Price per unit-hour for each commitment term the offer lists."""

    @model_validator(mode="after")
    def _plausible_prices(self) -> ProvisionedOffer:
        low, high = UNIT_HOUR_RANGE
        for term, offer in self.commitments.items():
            if not low <= offer.price <= high:
                raise FieldValueError(
                    f"commitments.{term}.price",
                    f"{offer.price} USD per unit-hour is outside the plausible {low} "
                    f"to {high}; prices here are per unit-hour, not per month",
                )
        return self


class ProvisionedFile(CatalogModel):
    offers: dict[
        Annotated[str, Field(pattern=r"^[^/\s]+/[^/\s]+/\S+$")], ProvisionedOffer
    ]


class ServiceTier(CatalogModel):
    up_to: Annotated[Decimal, BeforeValidator(_quantity), Field(gt=0)] | None = None
    """Upper bound of the band in the SKU's unit; the last tier has none."""
    price: Money


class ServiceSku(Sourced):
    description: Text
    unit: ServiceUnit
    service_name: Text
    service_category: Literal[SERVICE_CATEGORIES]  # type: ignore[valid-type]
    service_subcategory: Text
    """FOCUS 1.2 ServiceSubcategory under service_category."""
    region: Text
    price: Money | None = None
    tiers: list[ServiceTier] | None = None
    """Graduated bands: each price applies to the quantity inside its band."""
    minimum_monthly: Money | None = None
    """Charge floor for the month, USD."""

    @model_validator(mode="after")
    def _price_or_tiers(self) -> ServiceSku:
        if (self.price is None) == (self.tiers is None):
            raise FieldValueError("price", "give either price or tiers, not both")
        if self.tiers is not None:
            _check_tiers(self.tiers)
        low, high = SERVICE_PRICE_RANGE[self.unit]
        prices = [("price", self.price)] if self.price is not None else []
        for index, tier in enumerate(self.tiers or []):
            prices.append((f"tiers.{index}.price", tier.price))
        for field, price in prices:
            if price is None or (price == 0 and field != "price"):
                continue
            if not low <= price <= high:
                raise FieldValueError(
                    field,
                    f"{price} USD per {self.unit} is outside the plausible {low} to "
                    f"{high} for that unit; check the unit and the decimal point",
                )
        return self


def _check_tiers(tiers: list[ServiceTier]) -> None:
    if not tiers:
        raise FieldValueError("tiers", "list at least one tier")
    for index, tier in enumerate(tiers[:-1]):
        if tier.up_to is None:
            raise FieldValueError(
                f"tiers.{index}.up_to", "missing: only the last tier has no up_to"
            )
    if tiers[-1].up_to is not None:
        raise FieldValueError(
            f"tiers.{len(tiers) - 1}.up_to",
            "the last tier must have no up_to, so that every quantity is priced",
        )
    bounds = [tier.up_to for tier in tiers[:-1]]
    if bounds != sorted(set(bounds)):
        raise FieldValueError("tiers", "tiers must be listed by up_to, ascending")


class PlanMinimum(Sourced):
    """A monthly minimum across all of one provider's SKUs in a design."""

    description: Text
    amount: Money


class ServiceFile(CatalogModel):
    provider: Text
    provider_name: Text
    plan_minimum: PlanMinimum | None = None
    skus: dict[Annotated[str, Field(pattern=r"^[^/\s]+/\S+$")], ServiceSku]
