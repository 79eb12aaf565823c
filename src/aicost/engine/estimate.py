"""Price a whole design by handing each component to the pricer for its kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any

from aicost.design.loader import LoadedDesign
from aicost.engine.attribution import attribute
from aicost.engine.context import PricingContext
from aicost.engine.result import ComponentCost, Estimate
from aicost.pricing.book import PriceBook

if TYPE_CHECKING:
    from aicost.pricing.user_files import UserPrice

Pricer = Callable[[Any, int, PricingContext], ComponentCost]

# One pricer per component kind, as "module:function"; a new kind adds its model and
# one entry here. Modules load on first use, so an LLM-only design never loads the
# GPU and cloud catalogs.
PRICERS: dict[str, str] = {
    "llm": "aicost.engine.llm:price_llm",
    "gpu_fleet": "aicost.engine.fleet:price_gpu_fleet",
    "provisioned": "aicost.engine.provisioned:price_provisioned",
    "service": "aicost.engine.service:price_service",
}


def pricer_for(kind: str) -> Pricer:
    """Return the pricer function of a component kind."""
    module_name, _, function = PRICERS[kind].partition(":")
    return getattr(import_module(module_name), function)


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
        pricer_for(component.kind)(component, index, context)
        for index, component in enumerate(design.components)
    ]
    if any(component.kind == "gpu_fleet" for component in design.components):
        from aicost.engine.fleet import mark_served

        components = mark_served(components)
    for name in design.pricing.discounts:
        if name not in context.used_discounts:
            context.warn(_unused_discount(name, design.components))
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


def _unused_discount(provider: str, components: list[Any]) -> str:
    """Explain why a negotiated discount applied to no component."""
    users = [
        component.name
        for component in components
        if getattr(component, "model", "").split("/")[0].lower() == provider.lower()
    ]
    if users:
        return (
            f"discount for {provider!r} applies to nothing: "
            f"{', '.join(users)} use a price from a --pricing file or an inline "
            "price, which is already the price paid and is not discounted"
        )
    return (
        f"discount for {provider!r} applies to no component: no component's model "
        "starts with that provider; check the provider name"
    )
