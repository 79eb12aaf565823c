"""Price a `gpu_fleet` component: instances × billed hours × the hourly price.

A fleet with `serves:` is sized from the token load of the llm components it serves
(see aicost.engine.capacity) and replaces their API cost, which stays in the report as
the comparison.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from aicost.catalogs import InstanceEntry, load_catalogs
from aicost.design.model import GpuFleetComponent, LlmComponent
from aicost.engine.attribution import feature_shares, single_feature
from aicost.engine.capacity import (
    CapacityError,
    FleetPlan,
    FleetShape,
    ServedLoad,
    plan_fleet,
)
from aicost.engine.context import PricingContext
from aicost.engine.details import DEFAULT_IDLE_THRESHOLD, FleetDetails, Sizing
from aicost.engine.hours import billed_hours
from aicost.engine.llm import price_llm
from aicost.engine.result import ComponentCost, per_unit
from aicost.errors import AicostError, UnknownNameError
from aicost.pricing.book import PriceSource

MILLION = Decimal(10) ** 6
FLEET_GROUP = "gpu_fleets"


def price_gpu_fleet(
    component: GpuFleetComponent, index: int, context: PricingContext
) -> ComponentCost:
    """Return the monthly cost of one GPU fleet, sized from its load when it serves."""
    entry = find_instance(component.instance, context, index)
    reserved = component.purchase if component.purchase.startswith("reserved") else None
    hours = billed_hours(component.hours_per_month, reserved, index, context)
    list_price, source = _hourly_price(component, entry, index, context)
    discount = Decimal(0)
    if source.discountable:
        discount = context.discount_for(component.instance)
    price = list_price * (1 - discount)

    sizing = None
    count = component.count
    utilization = component.utilization
    if component.serves is not None:
        sizing = _size(component, entry, index, context, hours, price)
        count = sizing.instances
        utilization = sizing.busy_share
    assert count is not None

    list_monthly = list_price * count * hours
    monthly = price * count * hours
    idle = Decimal(0)
    if utilization is None:
        context.warn(
            f"{component.name}: no utilization given, so no idle cost is estimated; "
            "add utilization (busy share of billed hours)"
        )
    else:
        idle = monthly * (1 - utilization)

    on_demand = entry.instance.purchase.get("on_demand")
    details = FleetDetails(
        instance=entry.ref,
        provider_name=entry.provider_name,
        service_name=entry.service_name,
        region=entry.instance.region,
        gpu=entry.instance.gpu,
        gpu_name=load_catalogs().gpus[entry.instance.gpu].name,
        gpus_per_instance=entry.instance.gpus,
        count=count,
        purchase=component.purchase,
        hours_per_month=hours,
        hourly_price=price,
        list_hourly_price=list_price,
        on_demand_hourly_price=on_demand.price if on_demand else None,
        utilization=utilization,
        idle_threshold=DEFAULT_IDLE_THRESHOLD,
        sizing=sizing,
    )
    shares = feature_shares(component, context)
    return ComponentCost(
        name=component.name,
        kind=component.kind,
        source=source,
        feature=component.feature or single_feature(shares),
        monthly_cost=monthly,
        list_monthly_cost=list_monthly,
        unit_cost=per_unit(monthly, context.units_per_month),
        discount=discount,
        group=FLEET_GROUP,
        idle_cost=idle,
        feature_shares={} if single_feature(shares) else shares,
        details=details,
    )


def find_instance(ref: str, context: PricingContext, index: int) -> InstanceEntry:
    catalogs = load_catalogs()
    by_lower = {key.lower(): entry for key, entry in catalogs.instances.items()}
    entry = by_lower.get(ref.lower())
    if entry is None:
        raise UnknownNameError(
            "GPU instance",
            ref,
            catalogs.instances,
            location=context.locate(("components", index, "instance")),
            hint=f"instances come from {catalogs.root / 'gpu-instances'}; write "
            "provider/instance, e.g. aws/p5.48xlarge",
        )
    return entry


def _hourly_price(
    component: GpuFleetComponent,
    entry: InstanceEntry,
    index: int,
    context: PricingContext,
) -> tuple[Decimal, PriceSource]:
    if component.hourly_price is not None:
        source = PriceSource("inline", "hourly_price in the design", None)
        return component.hourly_price, source
    offer = entry.instance.purchase.get(component.purchase)
    if offer is None:
        location = context.locate(("components", index, "purchase"))
        offered = ", ".join(entry.instance.purchase)
        raise AicostError(
            f"{location}: {entry.ref} has no {component.purchase} price in the "
            f"catalog; it offers {offered}",
            hint="choose one of those purchase options, or give hourly_price (USD "
            "per instance-hour) from your own quote",
        )
    description = f"{entry.path.name}: {entry.ref} {component.purchase}, {offer.source}"
    return offer.price, PriceSource("catalog", description, offer.as_of)


def _served_components(
    component: GpuFleetComponent, index: int, context: PricingContext
) -> list[tuple[int, LlmComponent]]:
    design = context.design
    by_name = {item.name: position for position, item in enumerate(design.components)}
    location = context.locate(("components", index, "serves"))
    served = []
    for name in component.served:
        position = by_name.get(name)
        if position is None:
            raise UnknownNameError(
                "component",
                name,
                [item.name for item in design.components if item.kind == "llm"],
                location=location,
                hint="serves names an llm component of this design",
            )
        target = design.components[position]
        if not isinstance(target, LlmComponent):
            raise AicostError(
                f"{location}: {name!r} is a {target.kind} component; a fleet serves "
                "llm components, whose tokens size it",
            )
        for other in design.components:
            if (
                isinstance(other, GpuFleetComponent)
                and other.name != component.name
                and name in other.served
            ):
                raise AicostError(
                    f"{location}: {name!r} is also served by {other.name!r}; each llm "
                    "component can be served by one fleet",
                    hint="list both llm components in one fleet's serves",
                )
        served.append((position, target))
    return served


def _size(
    component: GpuFleetComponent,
    entry: InstanceEntry,
    index: int,
    context: PricingContext,
    hours: Decimal,
    price: Decimal,
) -> Sizing:
    catalogs = load_catalogs()
    served = _served_components(component, index, context)
    loads = []
    api_monthly = Decimal(0)
    for position, llm in served:
        api = price_llm(llm, position, context)
        api_monthly += api.monthly_cost
        loads.append(
            ServedLoad(
                llm.name, api.calls_per_month, llm.input_tokens, llm.output_tokens
            )
        )

    assert component.model_size_b is not None
    precision = component.precision or "bf16"
    shape = FleetShape(
        gpu_key=entry.instance.gpu,
        gpu=catalogs.gpus[entry.instance.gpu],
        gpus_per_instance=entry.instance.gpus,
        model_size_b=component.model_size_b,
        precision=precision,
        target_utilization=component.target_utilization,
        peak_to_average=component.peak_to_average,
        hours_per_month=hours,
        tokens_per_second_per_request=component.tokens_per_second_per_request,
        kv_cache_bytes_per_token=component.kv_cache_bytes_per_token,
    )
    try:
        plan = plan_fleet(loads, shape, catalogs.throughput, catalogs.gpus)
    except CapacityError as error:
        location = context.locate(("components", index, "precision"))
        raise AicostError(f"{location}: {error}") from None

    if plan.min_instances > 1:
        _warn_split_model(component, entry, plan, context)
    tokens = sum((load.tokens_per_month for load in loads), Decimal(0))
    return _sizing(
        component,
        plan,
        loads,
        tokens,
        api_monthly,
        price * hours,
        entry.instance.gpus,
        context,
    )


def _warn_split_model(
    component: GpuFleetComponent,
    entry: InstanceEntry,
    plan: FleetPlan,
    context: PricingContext,
) -> None:
    context.warn(
        f"{component.name}: the model's weights need {plan.min_instances} "
        f"{entry.ref} instances, so one copy of the model spans instances; the "
        "measured throughput assumes GPUs joined by NVLink within one server"
    )


def _sizing(
    component: GpuFleetComponent,
    plan: FleetPlan,
    loads: list[ServedLoad],
    tokens: Decimal,
    api_monthly: Decimal,
    instance_monthly: Decimal,
    gpus_per_instance: int,
    context: PricingContext,
) -> Sizing:
    fleet_monthly = instance_monthly * plan.instances
    cost_per_mtok = fleet_monthly / tokens * MILLION if tokens else Decimal(0)
    api_per_mtok = api_monthly / tokens * MILLION if tokens else Decimal(0)

    # Both throughput needs grow in proportion to the load, so one instance serves
    # tokens × GPUs per instance / GPUs needed, at the target utilisation and peak.
    gpus_needed = max(plan.needs[0].gpus, plan.needs[1].gpus)
    capacity = Decimal(0)
    if gpus_needed > 0:
        capacity = tokens * gpus_per_instance / gpus_needed

    break_even = None
    break_even_units = None
    if tokens > 0 and api_monthly > 0 and capacity > 0:
        api_per_token = api_monthly / tokens
        fleet_per_token = instance_monthly / capacity
        if fleet_per_token < api_per_token:
            # The smallest fleet fits the weights. At break-even its cost equals the
            # API cost of the same tokens, and it has the capacity for them because
            # its cost per token at full load is below the API's.
            break_even = plan.min_instances * instance_monthly / api_per_token
            break_even_units = break_even * context.units_per_month / tokens

    assert component.model_size_b is not None
    return Sizing(
        served=tuple(load.component for load in loads),
        model_size_b=component.model_size_b,
        precision=component.precision or "bf16",
        target_utilization=component.target_utilization,
        peak_to_average=component.peak_to_average,
        input_tokens_per_second=plan.input_tokens_per_second,
        output_tokens_per_second=plan.output_tokens_per_second,
        dense_tflops=plan.dense_tflops,
        weights_gb=plan.weights_gb,
        kv_cache_bytes_per_token=plan.kv_cache_bytes_per_token,
        requests_in_flight=plan.requests_in_flight,
        usable_memory_gb=plan.usable_memory_gb,
        needs=plan.needs,
        binding=plan.binding,
        instances=plan.instances,
        busy_share=plan.busy_share,
        matches=plan.matches,
        tokens_per_month=tokens,
        cost_per_mtok=cost_per_mtok,
        api_monthly_cost=api_monthly,
        api_cost_per_mtok=api_per_mtok,
        capacity_tokens_per_instance=capacity,
        min_instances=plan.min_instances,
        break_even_tokens_per_month=break_even,
        break_even_units_per_month=break_even_units,
    )


def mark_served(components: list[ComponentCost]) -> list[ComponentCost]:
    """Move the API cost of llm components that a fleet serves out of the total.

    The served component keeps its usage, so reports show the load, and its API cost
    moves to api_monthly_cost; the fleet's cost replaces it.
    """
    served_by: dict[str, str] = {}
    for item in components:
        details = item.details
        if isinstance(details, FleetDetails) and details.sizing is not None:
            for name in details.sizing.served:
                served_by[name] = item.name
    if not served_by:
        return components
    result = []
    for item in components:
        fleet = served_by.get(item.name)
        if fleet is None:
            result.append(item)
            continue
        zero = Decimal(0)
        result.append(
            replace(
                item,
                served_by=fleet,
                api_monthly_cost=item.monthly_cost,
                cost_by_usage=dict.fromkeys(item.cost_by_usage, zero),
                cost_per_call=zero,
                monthly_cost=zero,
                list_monthly_cost=zero,
                unit_cost=zero,
            )
        )
    return result
