"""Price a whole design by handing each component to the pricer for its kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from aicost.design.loader import LoadedDesign
from aicost.engine.attribution import attribute
from aicost.engine.context import PricingContext
from aicost.engine.fleet import mark_served, price_gpu_fleet
from aicost.engine.llm import price_llm
from aicost.engine.provisioned import price_provisioned
from aicost.engine.result import ComponentCost, Estimate
from aicost.engine.service import price_service
from aicost.pricing.book import PriceBook

if TYPE_CHECKING:
    from aicost.pricing.user_files import UserPrice

Pricer = Callable[[Any, int, PricingContext], ComponentCost]

# One pricer per component kind; a new kind adds its model and one entry here.
PRICERS: dict[str, Pricer] = {
    "llm": price_llm,
    "gpu_fleet": price_gpu_fleet,
    "provisioned": price_provisioned,
    "service": price_service,
}


def estimate(
    loaded: LoadedDesign,
    *,
    user_prices: dict[str, UserPrice] | None = None,
    today: date | None = None,
) -> Estimate:
    """Return the monthly and unit cost of a validated design."""
    design = loaded.design
    as_of = design.pricing.as_of or today or date.today()
    book = PriceBook(as_of, user_prices)
    context = PricingContext(loaded, book)

    components = [
        PRICERS[component.kind](component, index, context)
        for index, component in enumerate(design.components)
    ]
    components = mark_served(components)
    for name in design.pricing.discounts:
        if name not in context.used_discounts:
            context.warn(
                f"discount for {name!r} applies to no component priced from the "
                "catalog; check the provider name"
            )
    return Estimate(
        design=design,
        path=loaded.path,
        as_of=as_of,
        catalog=book.catalog_name,
        units_per_month=design.units_per_month,
        components=components,
        warnings=context.warnings,
        features=attribute(components, design.units_per_month),
    )
