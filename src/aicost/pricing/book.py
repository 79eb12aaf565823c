"""Find a model's price: inline price, then user price files, then genai-prices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from aicost.design.model import InlinePrice, Mode
from aicost.errors import AicostError, Location, UnknownNameError
from aicost.pricing.genai_index import PACKAGE, CatalogIndex, load_index, resolve_alias
from aicost.pricing.rates import ModelRates, PriceValue, Tier, Tiered

if TYPE_CHECKING:
    from aicost.pricing.user_files import UserPrice

# The genai-prices variant that each mode selects; standard uses the base prices.
MODE_CONTEXT: dict[str, dict[str, str]] = {
    "batch": {"processing": "batch"},
    "flex": {"service_tier": "flex"},
    "priority": {"service_tier": "priority"},
}


@dataclass(frozen=True)
class PriceSource:
    """Origin of a price, for the report's price-sources table."""

    kind: Literal["catalog", "file", "inline"]
    description: str
    as_of: date | None
    url: str | None = None

    @property
    def discountable(self) -> bool:
        """Only catalog list prices take a negotiated discount."""
        return self.kind == "catalog"


@dataclass(frozen=True)
class ResolvedPrice:
    """A model's rates for one mode, and their source."""

    model: str
    rates: ModelRates
    source: PriceSource
    note: str | None = None
    """A caveat about the rates that the report shows as a warning."""


class PriceBook:
    """Resolve model prices for one price date."""

    def __init__(self, as_of: date, user_prices: dict[str, UserPrice] | None = None):
        self.as_of = as_of
        self.user_prices = user_prices or {}
        self._index: CatalogIndex | None = None

    @property
    def index(self) -> CatalogIndex:
        if self._index is None:
            self._index = load_index()
        return self._index

    @property
    def catalog_name(self) -> str:
        return f"{PACKAGE} {self.index.version}"

    def llm_price(
        self,
        model: str,
        mode: Mode,
        inline: InlinePrice | None,
        location: Location,
        mode_location: Location | None = None,
    ) -> ResolvedPrice:
        """Return the rates for `model` in `mode`; raise when either is unknown.

        `location` is where the model is named, `mode_location` where the mode is.
        """
        mode_location = mode_location or location
        if inline is not None:
            rates = inline_rates(inline, mode, mode_location, "the inline price")
            source = PriceSource("inline", "inline price in the design", None)
            return ResolvedPrice(model, rates, source)

        user_price = self.user_prices.get(model.lower())
        if user_price is not None:
            what = f"the price of {model} in {user_price.path}"
            rates = inline_rates(user_price.entry, mode, mode_location, what)
            source = PriceSource(
                "file",
                f"{user_price.path}: {user_price.entry.source}",
                user_price.entry.as_of,
            )
            return ResolvedPrice(model, rates, source)

        return self._catalog_price(model, mode, location, mode_location)

    def _catalog_price(
        self, model: str, mode: Mode, location: Location, mode_location: Location
    ) -> ResolvedPrice:
        provider_id, _, model_id = model.lower().partition("/")
        index = self.index
        if index.provider(provider_id) is None:
            user_refs = list(self.user_prices)
            same_provider = [
                ref for ref in user_refs if ref.startswith(f"{provider_id}/")
            ]
            if same_provider:
                raise UnknownNameError(
                    "model",
                    model,
                    same_provider,
                    location=location,
                    hint=f"{provider_id} models come only from --pricing files; add "
                    f"{model} to one",
                )
            raise UnknownNameError(
                "provider",
                provider_id,
                [*index.provider_ids(), *(ref.split("/")[0] for ref in user_refs)],
                location=location,
                hint=f"providers come from {self.catalog_name}; price a private "
                "model with --pricing FILE or an inline `price:` block",
            )

        found = index.find(provider_id, model_id)
        if found is None:
            alias = resolve_alias(provider_id, model_id)
            if alias is not None:
                found = index.find(*alias)
        if found is None:
            known = [f"{provider_id}/{name}" for name in index.model_ids(provider_id)]
            raise UnknownNameError(
                "model",
                model,
                known,
                location=location,
                hint=f"models come from {self.catalog_name}; price others with "
                "--pricing FILE or an inline `price:` block",
            )

        if mode != "standard" and found.provider_id != provider_id:
            # The batch or flex rate of the provider whose list prices this model is
            # not this provider's, so genai-prices ignores service tiers here too.
            raise AicostError(
                f"{mode_location}: {model} has no {mode} price in {self.catalog_name}: "
                f"its price comes from {found.provider_id}/{found.model_id}, and "
                f"{found.provider_id}'s {mode} rate does not apply to {provider_id}",
                hint="use mode: standard, or give the rate in an inline `price:` "
                "block or a --pricing file",
            )
        context = MODE_CONTEXT.get(mode)
        rates = found.rates(self.as_of, context, index.units)
        if rates is None:
            offered = ["standard"] + [
                name
                for name, variant in MODE_CONTEXT.items()
                if found.rates(self.as_of, variant, index.units) is not None
            ]
            raise AicostError(
                f"{mode_location}: {model} has no {mode} price in "
                f"{self.catalog_name} on {self.as_of}",
                hint=(
                    f"modes priced on that date: {', '.join(offered)}; use one of "
                    "them, or give the rate in an inline `price:` block"
                ),
            )
        urls = index.pricing_urls(found.provider_id)
        description = f"{self.catalog_name}: {found.provider_id}/{found.model_id}"
        source = PriceSource(
            "catalog", description, self.as_of, urls[0] if urls else None
        )
        note = None
        if found.has_time_of_day_prices:
            note = (
                f"{self.catalog_name} lists time-of-day prices for {model}; the "
                "estimate uses the peak-hour rate, so calls made off-peak cost less"
            )
        return ResolvedPrice(
            f"{found.provider_id}/{found.model_id}", rates, source, note
        )


def inline_rates(
    price: InlinePrice, mode: Mode, location: Location, what: str
) -> ModelRates:
    """Convert an inline or price-file price to rates for `mode`."""
    prices: dict[str, PriceValue] = {}
    for key, field in (
        ("input_mtok", "input_per_mtok"),
        ("cache_read_mtok", "cached_input_per_mtok"),
        ("cache_write_mtok", "cache_write_per_mtok"),
        ("output_mtok", "output_per_mtok"),
    ):
        base = getattr(price, field)
        if base is None:
            continue
        tiers = tuple(
            Tier(tier.above_input_tokens, getattr(tier, field), tier.inclusive)
            for tier in price.tiers
        )
        prices[key] = Tiered(base, tiers) if tiers else base
    if price.web_search_per_thousand is not None:
        prices["web_searches_kcount"] = price.web_search_per_thousand
    rates = ModelRates(prices)

    factor = _mode_factor(price, mode)
    if factor is None:
        field = {"batch": "batch_discount", "flex": "flex_discount"}.get(
            mode, "priority_multiplier"
        )
        raise AicostError(
            f"{location}: mode {mode} cannot be priced: {what} gives no {field}",
            hint=f"add {field} to the price, or use mode: standard",
        )
    return rates.scaled(factor) if factor != 1 else rates


def _mode_factor(price: InlinePrice, mode: Mode) -> Decimal | None:
    if mode == "standard":
        return Decimal(1)
    if mode == "batch":
        discount = price.batch_discount
    elif mode == "flex":
        discount = price.flex_discount
    else:
        return price.priority_multiplier
    return None if discount is None else 1 - discount
