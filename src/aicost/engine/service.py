"""Price a `service` component: a cloud SKU's quantity at its flat or tiered price.

Tiers are graduated: each band's price applies to the part of the quantity inside
the band. A SKU's `minimum_monthly` and a provider's plan minimum raise a month's
charge to the floor. The plan minimum covers all of that provider's SKUs in the
design, and its top-up is added to the first of them.
"""

from __future__ import annotations

from decimal import Decimal

from aicost.catalogs import SkuEntry, load_catalogs
from aicost.catalogs.schema import ServiceSku
from aicost.design.model import ServiceComponent
from aicost.engine.attribution import feature_shares, single_feature
from aicost.engine.context import PricingContext
from aicost.engine.details import ServiceDetails, TierCharge
from aicost.engine.result import ComponentCost, per_unit
from aicost.errors import UnknownNameError
from aicost.pricing.book import PriceSource

SERVICE_GROUP = "cloud_services"


def price_service(
    component: ServiceComponent, index: int, context: PricingContext
) -> ComponentCost:
    """Return the monthly cost of one cloud-service component."""
    entry = find_sku(component.sku, context, index)
    quantity = monthly_quantity(component, context)
    tiers = _charges(component, entry.sku, quantity)
    usage_cost = sum((tier.cost for tier in tiers), Decimal(0))

    top_up = Decimal(0)
    minimum_description = None
    if component.unit_price is None:
        source = PriceSource(
            "catalog",
            f"{entry.path.name}: {entry.ref}, {entry.sku.source}",
            entry.sku.as_of,
        )
        minimum = entry.sku.minimum_monthly
        if minimum is not None and usage_cost < minimum:
            top_up = minimum - usage_cost
            minimum_description = f"{entry.ref} monthly minimum of {minimum} USD"
        plan_top_up, plan_description = _plan_top_up(component, entry, context)
        if plan_top_up > top_up:
            top_up = plan_top_up
            minimum_description = plan_description
    else:
        source = PriceSource("inline", "unit_price in the design", None)

    discount = Decimal(0)
    if source.discountable:
        discount = context.discount_for(component.sku)
    list_monthly = usage_cost + top_up
    monthly = list_monthly * (1 - discount)
    sku = entry.sku
    details = ServiceDetails(
        sku=entry.ref,
        description=sku.description,
        unit=sku.unit,
        quantity=quantity,
        provider_name=entry.provider_name,
        service_name=sku.service_name,
        service_category=sku.service_category,
        service_subcategory=sku.service_subcategory,
        region=sku.region,
        tiers=tuple(tiers),
        usage_cost=usage_cost,
        minimum_top_up=top_up,
        minimum_description=minimum_description,
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
        group=SERVICE_GROUP,
        feature_shares={} if single_feature(shares) else shares,
        details=details,
    )


def find_sku(ref: str, context: PricingContext, index: int) -> SkuEntry:
    entry = _lookup_sku(ref)
    if entry is None:
        catalogs = load_catalogs()
        raise UnknownNameError(
            "SKU",
            ref,
            catalogs.skus,
            location=context.locate(("components", index, "sku")),
            hint=f"SKUs come from {catalogs.root / 'services'}; add the SKU there "
            "with its source, or use one of: " + ", ".join(sorted(catalogs.skus)),
        )
    return entry


def _lookup_sku(ref: str) -> SkuEntry | None:
    by_lower = {key.lower(): entry for key, entry in load_catalogs().skus.items()}
    return by_lower.get(ref.lower())


def monthly_quantity(component: ServiceComponent, context: PricingContext) -> Decimal:
    """Return the quantity per month, scaling a per-unit quantity by the volume."""
    if component.quantity_per_month is not None:
        return component.quantity_per_month
    assert component.quantity_per_unit is not None
    return component.quantity_per_unit * context.units_per_month


def tier_charges(sku: ServiceSku, quantity: Decimal) -> list[TierCharge]:
    """Split `quantity` into the SKU's price bands, each at its own price."""
    if sku.tiers is None:
        assert sku.price is not None
        return [TierCharge(Decimal(0), None, quantity, sku.price, quantity * sku.price)]
    charges = []
    start = Decimal(0)
    for tier in sku.tiers:
        end = tier.up_to
        inside = quantity - start if end is None else min(quantity, end) - start
        if inside <= 0:
            break
        charges.append(TierCharge(start, end, inside, tier.price, inside * tier.price))
        if end is None:
            break
        start = end
    return charges


def _charges(
    component: ServiceComponent, sku: ServiceSku, quantity: Decimal
) -> list[TierCharge]:
    if component.unit_price is not None:
        price = component.unit_price
        return [TierCharge(Decimal(0), None, quantity, price, quantity * price)]
    return tier_charges(sku, quantity)


def _plan_top_up(
    component: ServiceComponent, entry: SkuEntry, context: PricingContext
) -> tuple[Decimal, str | None]:
    """Return the plan-minimum top-up if this is the provider's first SKU here."""
    plan = load_catalogs().plan_minimums.get(entry.provider)
    if plan is None:
        return Decimal(0), None
    same_provider = []
    for item in context.design.components:
        if not isinstance(item, ServiceComponent):
            continue
        other = _lookup_sku(item.sku)
        if other is not None and other.provider == entry.provider:
            same_provider.append((item, other))
    if not same_provider or same_provider[0][0].name != component.name:
        return Decimal(0), None
    total = Decimal(0)
    for item, other in same_provider:
        quantity = monthly_quantity(item, context)
        total += sum(
            (charge.cost for charge in _charges(item, other.sku, quantity)), Decimal(0)
        )
    if total >= plan.amount:
        return Decimal(0), None
    names = ", ".join(item.name for item, _ in same_provider)
    description = f"{plan.description} ({plan.amount} USD), covering {names}"
    return plan.amount - total, description
