"""Price a `provisioned` component: throughput units × billed hours × unit-hour price.

Provisioned throughput (Amazon Bedrock model units, Azure OpenAI PTUs) is capacity
billed by the hour whether or not it is used, so it has idle cost like a GPU fleet.
"""

from __future__ import annotations

from decimal import Decimal

from aicost.catalogs import load_catalogs
from aicost.catalogs.schema import ProvisionedOffer
from aicost.design.model import ProvisionedComponent
from aicost.engine.attribution import feature_shares, single_feature
from aicost.engine.context import PricingContext
from aicost.engine.details import DEFAULT_IDLE_THRESHOLD, ProvisionedDetails
from aicost.engine.hours import billed_hours
from aicost.engine.result import ComponentCost, per_unit
from aicost.errors import AicostError, UnknownNameError
from aicost.pricing.book import PriceSource

PROVISIONED_GROUP = "model_apis"


def price_provisioned(
    component: ProvisionedComponent, index: int, context: PricingContext
) -> ComponentCost:
    """Return the monthly cost of one provisioned-throughput component."""
    offer = _find_offer(component, index, context)
    commitment = None if component.commitment == "none" else component.commitment
    hours = billed_hours(component.hours_per_month, commitment, index, context)
    if component.hourly_price is not None:
        list_price = component.hourly_price
        source = PriceSource("inline", "hourly_price in the design", None)
    else:
        assert offer is not None
        term = offer.commitments.get(component.commitment)
        if term is None:
            location = context.locate(("components", index, "commitment"))
            raise AicostError(
                f"{location}: {component.offer} has no {component.commitment} "
                f"commitment price; it offers {', '.join(offer.commitments)}",
                hint="choose one of those, or give hourly_price from your quote",
            )
        list_price = term.price
        source = PriceSource(
            "catalog", f"provisioned.yaml: {component.offer}, {term.source}", term.as_of
        )

    discount = Decimal(0)
    if source.discountable:
        discount = context.discount_for(component.offer)
    price = list_price * (1 - discount)
    monthly = price * component.units * hours
    idle = Decimal(0)
    if component.utilization is None:
        context.warn(
            f"{component.name}: no utilization given, so no idle cost is estimated; "
            "add utilization (busy share of billed hours)"
        )
    else:
        idle = monthly * (1 - component.utilization)

    provider = component.offer.split("/", 1)[0]
    shares = feature_shares(component, context)
    details = ProvisionedDetails(
        offer=component.offer,
        provider_name=offer.provider_name if offer else provider,
        service_name=offer.service_name if offer else component.offer.split("/")[1],
        units=component.units,
        commitment=component.commitment,
        hours_per_month=hours,
        hourly_price=price,
        list_hourly_price=list_price,
        utilization=component.utilization,
        idle_threshold=DEFAULT_IDLE_THRESHOLD,
    )
    return ComponentCost(
        name=component.name,
        kind=component.kind,
        source=source,
        feature=component.feature or single_feature(shares),
        model=component.offer,
        monthly_cost=monthly,
        list_monthly_cost=list_price * component.units * hours,
        unit_cost=per_unit(monthly, context.units_per_month),
        discount=discount,
        group=PROVISIONED_GROUP,
        idle_cost=idle,
        feature_shares={} if single_feature(shares) else shares,
        details=details,
    )


def _find_offer(
    component: ProvisionedComponent, index: int, context: PricingContext
) -> ProvisionedOffer | None:
    catalogs = load_catalogs()
    by_lower = {key.lower(): offer for key, offer in catalogs.provisioned.items()}
    offer = by_lower.get(component.offer.lower())
    if offer is not None or component.hourly_price is not None:
        return offer
    # NOTE: provisioned.yaml has no offers yet, because no Bedrock provisioned
    # throughput or Azure PTU price could be confirmed at its source. Until one is
    # added, every provisioned component needs hourly_price.
    raise UnknownNameError(
        "provisioned-throughput offer",
        component.offer,
        catalogs.provisioned,
        location=context.locate(("components", index, "offer")),
        hint=(
            f"{catalogs.root / 'provisioned.yaml'} lists "
            f"{len(catalogs.provisioned)} offers; give hourly_price (USD per "
            "unit-hour) from your provider's quote or price page"
        ),
    )
