"""Kind-specific parts of a priced component: GPU fleets, services, provisioned."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Report groups, in report order, with their headings.
GROUPS: dict[str, str] = {
    "model_apis": "Model APIs",
    "gpu_fleets": "GPU fleets",
    "cloud_services": "Cloud services",
}

# Idle cost above this share of an hourly-billed component's cost is flagged.
DEFAULT_IDLE_THRESHOLD = Decimal("0.3")


@dataclass(frozen=True)
class Need:
    """GPUs that one constraint calls for at peak load, before rounding."""

    name: str
    """compute, decode or memory."""
    gpus: Decimal
    instances: int
    """Whole instances this need alone calls for."""


@dataclass(frozen=True)
class ThroughputMatch:
    """The measured throughput a served component's decode need was read from."""

    component: str
    measurement: str
    """Model, precision, GPU, tensor parallelism and lengths of the measured row."""
    measured_per_gpu: Decimal
    """Measured output tokens per second per GPU."""
    per_gpu: Decimal
    """After scaling to the fleet's model size, precision and GPU."""
    bandwidth_ratio: Decimal | None = None
    """Memory bandwidth of the fleet's GPU over the measured GPU's, when they differ."""
    weight_bytes_ratio: Decimal | None = None
    """Bytes per weight measured over requested, when the request has more."""
    size_ratio: Decimal | None = None
    """(measured size / requested size) ** SIZE_EXPONENT, when the sizes differ."""

    @property
    def exact(self) -> bool:
        return (
            self.bandwidth_ratio is None
            and self.weight_bytes_ratio is None
            and self.size_ratio is None
        )


@dataclass(frozen=True)
class Sizing:
    """Derivation of a fleet's instance count from the load it serves."""

    served: tuple[str, ...]
    model_size_b: Decimal
    precision: str
    target_utilization: Decimal
    peak_to_average: Decimal
    input_tokens_per_second: Decimal
    """Average input tokens per second over the fleet's billed hours."""
    output_tokens_per_second: Decimal
    dense_tflops: Decimal
    """Tensor Core TFLOPS per GPU used for the compute need."""
    weights_gb: Decimal
    kv_cache_bytes_per_token: Decimal
    requests_in_flight: Decimal
    """Requests streaming at once at peak, which hold KV cache."""
    usable_memory_gb: Decimal
    """GPU memory available to weights and KV cache, per GPU."""
    needs: tuple[Need, ...]
    binding: str
    """Name of the largest need, which sets the instance count."""
    instances: int
    busy_share: Decimal
    """Share of the fleet's GPU-hours that the average load keeps busy."""
    matches: tuple[ThroughputMatch, ...]
    tokens_per_month: Decimal
    """Input plus output tokens served per month."""
    cost_per_mtok: Decimal
    """Fleet cost per million tokens served (input plus output)."""
    api_monthly_cost: Decimal
    """Cost of the served components at their API prices."""
    api_cost_per_mtok: Decimal
    capacity_tokens_per_instance: Decimal
    """Monthly tokens one instance serves at the target utilisation and peak ratio."""
    min_instances: int
    """Instances that the model's weights alone need."""
    break_even_tokens_per_month: Decimal | None
    """Monthly tokens above which self-hosting costs less than the API; None when it
    never does at this instance price.
    """
    break_even_units_per_month: Decimal | None


@dataclass(frozen=True)
class FleetDetails:
    instance: str
    provider_name: str
    service_name: str
    region: str
    gpu: str
    gpu_name: str
    gpus_per_instance: int
    count: int
    purchase: str
    hours_per_month: Decimal
    hourly_price: Decimal
    """USD per instance-hour charged, after any negotiated discount."""
    list_hourly_price: Decimal
    """USD per instance-hour before negotiated discounts."""
    on_demand_hourly_price: Decimal | None
    """The instance's on-demand list price, where the catalog has one."""
    utilization: Decimal | None
    idle_threshold: Decimal
    sizing: Sizing | None = None

    @property
    def instance_hours(self) -> Decimal:
        return self.count * self.hours_per_month


@dataclass(frozen=True)
class TierCharge:
    """The part of a service quantity that falls in one price band."""

    start: Decimal
    end: Decimal | None
    quantity: Decimal
    price: Decimal
    cost: Decimal


@dataclass(frozen=True)
class ServiceDetails:
    sku: str
    description: str
    unit: str
    quantity: Decimal
    """Quantity per month in the SKU's unit."""
    provider_name: str
    service_name: str
    service_category: str
    service_subcategory: str
    region: str
    tiers: tuple[TierCharge, ...]
    usage_cost: Decimal
    """Cost of the quantity at its list price, before minimums and discounts."""
    minimum_top_up: Decimal
    """Added to reach the SKU's monthly minimum or the provider's plan minimum."""
    minimum_description: str | None = None


@dataclass(frozen=True)
class ProvisionedDetails:
    offer: str
    provider_name: str
    service_name: str
    units: int
    commitment: str
    hours_per_month: Decimal
    hourly_price: Decimal
    list_hourly_price: Decimal
    utilization: Decimal | None
    idle_threshold: Decimal


Details = FleetDetails | ServiceDetails | ProvisionedDetails


@dataclass(frozen=True)
class FeatureCost:
    """One feature's share of the monthly cost; `unattributed` collects the rest."""

    feature: str | None
    monthly_cost: Decimal
    share: Decimal
    """Fraction of the design's monthly cost."""
    unit_cost: Decimal
    components: tuple[str, ...]
