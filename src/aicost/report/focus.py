"""FOCUS 1.2-shaped CSV: the estimate as cost rows a FinOps tool can load beside bills.

One row per component and charge. An llm component has a row per billed token kind.
A fleet or provisioned component has one row, or two for a commitment: its used and
its unused hours. A service has one row, plus one for any minimum top-up. Column
names and values follow the FinOps Open Cost and Usage Specification 1.2, and columns
of aicost's own start with `x_`. Money and quantities are full-precision decimal
strings. `x_IdleCost` is empty where the idle cost is unknown: a fleet or provisioned
component without utilization.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from aicost.engine.details import FleetDetails, ProvisionedDetails, ServiceDetails
from aicost.engine.result import USAGE_LABELS, ComponentCost, Estimate
from aicost.report.idle import idle_estimated
from aicost.report.numbers import plain

FOCUS_COLUMNS = (
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "CapacityReservationId",
    "CapacityReservationStatus",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargeFrequency",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "CommitmentDiscountCategory",
    "CommitmentDiscountId",
    "CommitmentDiscountName",
    "CommitmentDiscountQuantity",
    "CommitmentDiscountStatus",
    "CommitmentDiscountType",
    "CommitmentDiscountUnit",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "ContractedUnitPrice",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "ListUnitPrice",
    "PricingCategory",
    "PricingCurrency",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "RegionName",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "ServiceSubcategory",
    "SkuId",
    "SkuPriceId",
    "Tags",
)
OWN_COLUMNS = (
    "x_Component",
    "x_ComponentKind",
    "x_Group",
    "x_FeatureShares",
    "x_IdleCost",
    "x_ServedBy",
    "x_PriceSource",
    "x_PriceSourceDate",
    "x_HoursPerMonth",
    "x_PriceDate",
)
COLUMNS = FOCUS_COLUMNS + OWN_COLUMNS

MILLION = Decimal(10) ** 6
THOUSAND = Decimal(1000)

# FOCUS PricingUnit for each service-catalog unit.
SERVICE_UNITS = {
    "gb_month": "GB-Months",
    "gb": "GB",
    "hour": "Hours",
    "million_read_units": "1000000 Read Units",
    "million_write_units": "1000000 Write Units",
    "million_requests": "1000000 Requests",
    "thousand_requests": "1000 Requests",
    "month": "Months",
}
COMMITMENT_TYPES = {
    "reserved_1y": "Reserved capacity, 1 year",
    "reserved_3y": "Reserved capacity, 3 years",
    "1_month": "Provisioned throughput, 1 month",
    "6_months": "Provisioned throughput, 6 months",
}


@dataclass
class Charge:
    """One FOCUS row's charge-specific values; the rest comes from its component."""

    description: str
    billed: Decimal
    list_cost: Decimal
    contracted: Decimal
    pricing_quantity: Decimal
    pricing_unit: str
    consumed_quantity: Decimal | None
    consumed_unit: str | None
    pricing_category: str = "Standard"
    frequency: str = "Usage-Based"
    sku_price_id: str = ""
    idle: Decimal | None = Decimal(0)
    """Idle cost in this row; None where it is unknown (no utilization given)."""
    extra: dict[str, str] = field(default_factory=dict)


def render(estimate: Estimate, *, color: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(estimate):
        writer.writerow({key: _safe_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _safe_cell(value: str) -> str:
    """Keep a spreadsheet from running a design's text as a formula.

    Text that starts with = + - @ (or a tab or carriage return) is prefixed with a
    quote, as OWASP advises for CSV exports; numbers such as -5.2 are left as they are.
    """
    if not value or value[0] not in "=+-@\t\r":
        return value
    try:
        Decimal(value)
    except ArithmeticError:
        return "'" + value
    return value


def rows(estimate: Estimate) -> list[dict[str, str]]:
    """Return the FOCUS rows of an estimate as column: text mappings."""
    result = []
    for item in estimate.components:
        for charge in _charges(item):
            result.append(_row(estimate, item, charge))
    return result


def _charges(item: ComponentCost) -> list[Charge]:
    details = item.details
    if isinstance(details, FleetDetails):
        return _hourly_charges(
            item,
            quantity=details.instance_hours,
            price=details.hourly_price,
            list_price=details.on_demand_hourly_price or details.list_hourly_price,
            contracted_price=_contracted(details.on_demand_hourly_price, item)
            or details.hourly_price,
            utilization=details.utilization,
            term=details.purchase if details.purchase.startswith("reserved") else None,
            spot=details.purchase == "spot",
            sku_price_id=f"{details.instance}:{details.purchase}",
        )
    if isinstance(details, ProvisionedDetails):
        return _hourly_charges(
            item,
            quantity=details.units * details.hours_per_month,
            price=details.hourly_price,
            list_price=details.list_hourly_price,
            contracted_price=details.hourly_price,
            utilization=details.utilization,
            term=None if details.commitment == "none" else details.commitment,
            spot=False,
            sku_price_id=f"{details.offer}:{details.commitment}",
        )
    if isinstance(details, ServiceDetails):
        return _service_charges(item, details)
    return _token_charges(item)


def _contracted(on_demand: Decimal | None, item: ComponentCost) -> Decimal | None:
    if on_demand is None:
        return None
    return on_demand * (1 - item.discount)


def _hourly_charges(
    item: ComponentCost,
    *,
    quantity: Decimal,
    price: Decimal,
    list_price: Decimal,
    contracted_price: Decimal,
    utilization: Decimal | None,
    term: str | None,
    spot: bool,
    sku_price_id: str,
) -> list[Charge]:
    if term is None:
        return [
            Charge(
                description=f"{item.name}: {plain(quantity)} hours",
                billed=item.monthly_cost,
                list_cost=list_price * quantity,
                contracted=contracted_price * quantity,
                pricing_quantity=quantity,
                pricing_unit="Hours",
                consumed_quantity=quantity,
                consumed_unit="Hours",
                pricing_category="Dynamic" if spot else "Standard",
                sku_price_id=sku_price_id,
                idle=item.idle_cost if idle_estimated(item) else None,
            )
        ]
    # A commitment bills every hour; its unused share is a separate row, which is
    # where idle reserved capacity shows in FOCUS.
    busy = Decimal(1) if utilization is None else utilization
    used_hours = quantity * busy
    used_cost = item.monthly_cost * busy
    # The unused row takes the remainder, so that the two rows add up exactly.
    parts = [
        ("Used", used_hours, used_cost),
        ("Unused", quantity - used_hours, item.monthly_cost - used_cost),
    ]
    charges = []
    for status, hours, billed in parts:
        if hours == 0 and status == "Unused":
            continue
        commitment_id = f"aicost:{item.name}:{term}"
        charges.append(
            Charge(
                description=f"{item.name}: {status.lower()} {COMMITMENT_TYPES[term]}",
                billed=billed,
                list_cost=list_price * hours,
                contracted=contracted_price * hours,
                pricing_quantity=hours,
                pricing_unit="Hours",
                consumed_quantity=hours if status == "Used" else None,
                consumed_unit="Hours" if status == "Used" else None,
                pricing_category="Committed",
                frequency="Recurring",
                sku_price_id=sku_price_id,
                idle=_commitment_idle(item, status),
                extra={
                    "CapacityReservationId": commitment_id,
                    "CapacityReservationStatus": status,
                    "CommitmentDiscountCategory": "Usage",
                    "CommitmentDiscountId": commitment_id,
                    "CommitmentDiscountName": f"{item.name} {term}",
                    "CommitmentDiscountQuantity": plain(hours),
                    "CommitmentDiscountStatus": status,
                    "CommitmentDiscountType": COMMITMENT_TYPES[term],
                    "CommitmentDiscountUnit": "Hours",
                },
            )
        )
    return charges


def _commitment_idle(item: ComponentCost, status: str) -> Decimal | None:
    if not idle_estimated(item):
        return None
    return item.idle_cost if status == "Unused" else Decimal(0)


def _service_charges(item: ComponentCost, details: ServiceDetails) -> list[Charge]:
    paid = 1 - item.discount
    unit = SERVICE_UNITS[details.unit]
    charges = [
        Charge(
            description=f"{item.name}: {details.description}",
            billed=details.usage_cost * paid,
            list_cost=details.usage_cost,
            contracted=details.usage_cost * paid,
            pricing_quantity=details.quantity,
            pricing_unit=unit,
            consumed_quantity=details.quantity,
            consumed_unit=unit,
            sku_price_id=details.sku,
        )
    ]
    if details.minimum_top_up:
        charges.append(
            Charge(
                description=f"{item.name}: top-up to {details.minimum_description}",
                billed=details.minimum_top_up * paid,
                list_cost=details.minimum_top_up,
                contracted=details.minimum_top_up * paid,
                pricing_quantity=Decimal(1),
                pricing_unit="Months",
                consumed_quantity=None,
                consumed_unit=None,
                frequency="Recurring",
                sku_price_id=f"{details.sku}:minimum",
            )
        )
    return charges


def _token_charges(item: ComponentCost) -> list[Charge]:
    charges = []
    paid = 1 - item.discount
    for key, cost in item.cost_by_usage.items():
        count = item.billed_per_call.get(key, Decimal(0)) * item.calls_per_month
        per_kilo = key in {"web_searches", "requests"}
        scale = THOUSAND if per_kilo else MILLION
        label = USAGE_LABELS.get(key, key)
        consumed_unit = "Requests" if per_kilo else "Tokens"
        list_cost = cost / paid if paid else cost
        if item.served_by is not None:
            list_cost = Decimal(0)
        charges.append(
            Charge(
                description=f"{item.name}: {label} of {item.model}",
                billed=cost,
                list_cost=list_cost,
                contracted=cost,
                pricing_quantity=count / scale,
                pricing_unit=f"{scale:f} {consumed_unit}",
                consumed_quantity=count,
                consumed_unit=consumed_unit,
                sku_price_id=f"{item.model}:{item.mode}:{key}",
            )
        )
    return charges


def _row(estimate: Estimate, item: ComponentCost, charge: Charge) -> dict[str, str]:
    start, end = _month(estimate.as_of)
    provider, service, category, subcategory, region, resource_type, sku = _service(
        item
    )
    tags: dict[str, Any] = {"aicost-design": estimate.design.name}
    if item.feature:
        tags["aicost-feature"] = item.feature
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        {
            "BilledCost": plain(charge.billed),
            "BillingAccountId": "aicost-estimate",
            "BillingAccountName": estimate.design.name,
            "BillingCurrency": "USD",
            "BillingPeriodEnd": end,
            "BillingPeriodStart": start,
            "ChargeCategory": "Usage",
            "ChargeDescription": charge.description,
            "ChargeFrequency": charge.frequency,
            "ChargePeriodEnd": end,
            "ChargePeriodStart": start,
            "ConsumedQuantity": _optional(charge.consumed_quantity),
            "ConsumedUnit": charge.consumed_unit or "",
            "ContractedCost": plain(charge.contracted),
            "ContractedUnitPrice": _unit_price(charge.contracted, charge),
            "EffectiveCost": plain(charge.billed),
            "InvoiceIssuerName": provider,
            "ListCost": plain(charge.list_cost),
            "ListUnitPrice": _unit_price(charge.list_cost, charge),
            "PricingCategory": charge.pricing_category,
            "PricingCurrency": "USD",
            "PricingQuantity": plain(charge.pricing_quantity),
            "PricingUnit": charge.pricing_unit,
            "ProviderName": provider,
            "PublisherName": provider,
            "RegionId": region,
            "RegionName": region,
            "ResourceId": f"aicost:{estimate.design.name}:{item.name}",
            "ResourceName": item.name,
            "ResourceType": resource_type,
            "ServiceCategory": category,
            "ServiceName": service,
            "ServiceSubcategory": subcategory,
            "SkuId": sku,
            "SkuPriceId": charge.sku_price_id,
            "Tags": json.dumps(tags, sort_keys=True),
            "x_Component": item.name,
            "x_ComponentKind": item.kind,
            "x_Group": item.group,
            "x_FeatureShares": json.dumps(
                {name: plain(share) for name, share in item.feature_shares.items()},
                sort_keys=True,
            )
            if item.feature_shares
            else "",
            "x_IdleCost": _optional(charge.idle),
            "x_ServedBy": item.served_by or "",
            "x_PriceSource": item.source.description,
            "x_PriceSourceDate": item.source.as_of.isoformat()
            if item.source.as_of
            else "",
            "x_HoursPerMonth": plain(estimate.hours_per_month),
            "x_PriceDate": estimate.as_of.isoformat(),
        }
    )
    row.update({key: value for key, value in charge.extra.items() if key in row})
    return row


def _service(item: ComponentCost) -> tuple[str, str, str, str, str, str, str]:
    """Return provider, service, category, subcategory, region, resource type, SKU."""
    details = item.details
    if isinstance(details, FleetDetails):
        return (
            details.provider_name,
            details.service_name,
            "Compute",
            "Virtual Machines",
            details.region,
            "GPU instance fleet",
            details.instance.split("/", 1)[1],
        )
    if isinstance(details, ServiceDetails):
        return (
            details.provider_name,
            details.service_name,
            details.service_category,
            details.service_subcategory,
            details.region,
            details.description,
            details.sku,
        )
    if isinstance(details, ProvisionedDetails):
        return (
            details.provider_name,
            details.service_name,
            "AI and Machine Learning",
            "Generative AI",
            "",
            "Provisioned model throughput",
            details.offer,
        )
    provider = item.model.split("/", 1)[0]
    return (
        provider,
        f"{provider} model API",
        "AI and Machine Learning",
        "Generative AI",
        "",
        "Model API",
        item.model,
    )


def _month(as_of: date) -> tuple[str, str]:
    start = as_of.replace(day=1)
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return f"{start.isoformat()}T00:00:00Z", f"{end.isoformat()}T00:00:00Z"


def _unit_price(cost: Decimal, charge: Charge) -> str:
    if charge.pricing_quantity == 0:
        return plain(Decimal(0))
    return plain(cost / charge.pricing_quantity)


def _optional(value: Decimal | None) -> str:
    return "" if value is None else plain(value)
