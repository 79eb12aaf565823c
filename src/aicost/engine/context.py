"""State a component pricer needs: the design, price book, discounts and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from aicost.design.loader import LoadedDesign
from aicost.design.model import Design
from aicost.design.yamlio import FieldPath
from aicost.errors import Location
from aicost.pricing.book import PriceBook


@dataclass
class PricingContext:
    """Shared state while one design is priced."""

    loaded: LoadedDesign
    book: PriceBook
    warnings: list[str] = field(default_factory=list)
    used_discounts: set[str] = field(default_factory=set)

    @property
    def design(self) -> Design:
        return self.loaded.design

    @property
    def units_per_month(self) -> Decimal:
        return self.design.units_per_month

    def locate(self, path: FieldPath) -> Location:
        return self.loaded.locate(path)

    def discount_for(self, model: str) -> Decimal:
        """Return the negotiated discount for the model's provider, or zero."""
        provider = model.split("/", 1)[0].lower()
        for name, fraction in self.design.pricing.discounts.items():
            if name.lower() == provider:
                self.used_discounts.add(name)
                return fraction
        return Decimal(0)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
