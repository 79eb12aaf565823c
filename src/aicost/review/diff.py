"""Price both versions of each design and split every change into design and prices.

The split reprices the base design at the head's price date and with the head's price
files. For one design:

    total change  = head at head prices  - base at base prices
    design change = head at head prices  - base at head prices
    price change  = base at head prices  - base at base prices

so design change + price change = total change. Changes are computed in a decimal
context with unbounded precision, so the sum is exact and nothing is rounded here.
An added design counts from zero and a removed one to zero; both changes of such a
design are design changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import MAX_PREC, Context, Decimal
from typing import Literal

from aicost.design.loader import LoadedDesign, validate_document
from aicost.design.model import Design
from aicost.engine.estimate import estimate
from aicost.engine.result import ComponentCost, Estimate, per_unit
from aicost.errors import AicostError
from aicost.pricing.user_files import UserPrice
from aicost.review.pairs import DesignPair

# Addition and subtraction in this context are exact whatever the operands' digits.
EXACT = Context(prec=MAX_PREC)
ZERO = Decimal(0)

Status = Literal["added", "removed", "changed", "unchanged"]


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """Add Decimals without rounding, whatever their number of digits."""
    total = ZERO
    for value in values:
        total = EXACT.add(total, value)
    return total


@dataclass(frozen=True)
class Change:
    """A cost before and after, in USD."""

    previous: Decimal
    current: Decimal

    @property
    def change(self) -> Decimal:
        return EXACT.subtract(self.current, self.previous)

    @property
    def percent(self) -> Decimal | None:
        """Return the change in percent of the previous cost; None from zero."""
        if self.previous == 0:
            return None
        return self.change / self.previous * 100


@dataclass(frozen=True)
class Split:
    """A cost change as the part the design caused plus the part prices caused."""

    design: Decimal
    prices: Decimal

    @classmethod
    def of(cls, previous: Decimal, repriced: Decimal, current: Decimal) -> Split:
        """Split `current - previous` at `repriced`, the base design at head prices."""
        return cls(
            EXACT.subtract(current, repriced), EXACT.subtract(repriced, previous)
        )

    @property
    def total(self) -> Decimal:
        return EXACT.add(self.design, self.prices)


@dataclass(frozen=True)
class ComponentDiff:
    """One component, matched by name between the base and head designs."""

    name: str
    status: Status
    """added, removed, changed (its fields in the design file changed) or
    unchanged. An unchanged component's cost still moves with volume and prices.
    """
    base: ComponentCost | None
    head: ComponentCost | None
    repriced: ComponentCost | None
    """The base component at head prices; None if added or not computable."""
    split_available: bool

    @property
    def monthly(self) -> Change:
        return Change(_monthly(self.base), _monthly(self.head))

    @property
    def unit_cost(self) -> Change:
        return Change(_unit(self.base), _unit(self.head))

    @property
    def model_text(self) -> str:
        """Return the model, `old → new` if it changed, or the kind if it has none."""
        previous = self.base.model if self.base else ""
        current = self.head.model if self.head else ""
        if previous and current and previous != current:
            return f"{previous} → {current}"
        if current or previous:
            return current or previous
        item = self.head or self.base
        return item.kind if item else ""

    @property
    def monthly_split(self) -> Split | None:
        if not self.split_available:
            return None
        return Split.of(
            _monthly(self.base), _monthly(self.repriced), _monthly(self.head)
        )

    @property
    def unit_split(self) -> Split | None:
        if not self.split_available:
            return None
        return Split.of(_unit(self.base), _unit(self.repriced), _unit(self.head))


def _monthly(item: ComponentCost | Estimate | None) -> Decimal:
    return ZERO if item is None else item.monthly_cost


def _unit(item: ComponentCost | Estimate | None) -> Decimal:
    return ZERO if item is None else item.unit_cost


@dataclass(frozen=True)
class DesignDiff:
    """Both versions of one design file, priced."""

    path: str
    base: Estimate | None
    head: Estimate | None
    repriced: Estimate | None
    """The base design at the head's price date and price files. It is the base
    estimate itself for a removed design, and None for an added design or when
    repricing failed (see split_error).
    """
    split_error: str | None
    components: list[ComponentDiff]

    @property
    def status(self) -> Status:
        if self.base is None:
            return "added"
        if self.head is None:
            return "removed"
        return "unchanged" if self.base.design == self.head.design else "changed"

    @property
    def current(self) -> Estimate:
        """Return the head estimate, or the base one for a removed design."""
        result = self.head or self.base
        assert result is not None
        return result

    @property
    def design(self) -> Design:
        return self.current.design

    @property
    def name(self) -> str:
        return self.design.name

    @property
    def unit(self) -> str:
        return self.design.unit

    @property
    def previous_units_per_month(self) -> Decimal:
        return ZERO if self.base is None else self.base.units_per_month

    @property
    def units_per_month(self) -> Decimal:
        return ZERO if self.head is None else self.head.units_per_month

    @property
    def monthly(self) -> Change:
        return Change(_monthly(self.base), _monthly(self.head))

    @property
    def unit_cost(self) -> Change:
        return Change(_unit(self.base), _unit(self.head))

    @property
    def repriced_monthly(self) -> Decimal | None:
        """Return the base design's monthly cost at head prices, for the split."""
        if self.base is None:
            return ZERO
        return None if self.repriced is None else self.repriced.monthly_cost

    @property
    def repriced_unit_cost(self) -> Decimal | None:
        if self.base is None:
            return ZERO
        return None if self.repriced is None else self.repriced.unit_cost

    @property
    def monthly_split(self) -> Split | None:
        repriced = self.repriced_monthly
        if repriced is None:
            return None
        return Split.of(self.monthly.previous, repriced, self.monthly.current)

    @property
    def unit_split(self) -> Split | None:
        repriced = self.repriced_unit_cost
        if repriced is None:
            return None
        return Split.of(self.unit_cost.previous, repriced, self.unit_cost.current)

    @property
    def warnings(self) -> list[str]:
        found = list(self.head.warnings) if self.head else []
        if self.base is not None:
            found += [w for w in self.base.warnings if w not in found]
        return found


@dataclass(frozen=True)
class DiffResult:
    """A diff of one or more designs between a base and a head version."""

    base_label: str
    """Name of the base version: the git ref or the base path."""
    head_label: str
    designs: list[DesignDiff]

    @property
    def monthly(self) -> Change:
        return Change(
            exact_sum(item.monthly.previous for item in self.designs),
            exact_sum(item.monthly.current for item in self.designs),
        )

    @property
    def monthly_split(self) -> Split | None:
        splits = [item.monthly_split for item in self.designs]
        if any(split is None for split in splits):
            return None
        return Split(
            exact_sum(split.design for split in splits if split),
            exact_sum(split.prices for split in splits if split),
        )

    @property
    def unit(self) -> str | None:
        """Return the unit of work shared by every design version, else None."""
        units = {item.base.design.unit for item in self.designs if item.base}
        units |= {item.head.design.unit for item in self.designs if item.head}
        return units.pop() if len(units) == 1 else None

    @property
    def previous_units_per_month(self) -> Decimal:
        return exact_sum(item.previous_units_per_month for item in self.designs)

    @property
    def units_per_month(self) -> Decimal:
        return exact_sum(item.units_per_month for item in self.designs)

    @property
    def unit_cost(self) -> Change | None:
        """Return total cost per unit of work, when every design shares one unit."""
        if self.unit is None:
            return None
        monthly = self.monthly
        return Change(
            per_unit(monthly.previous, self.previous_units_per_month),
            per_unit(monthly.current, self.units_per_month),
        )

    @property
    def unit_split(self) -> Split | None:
        unit_cost = self.unit_cost
        repriced = [item.repriced_monthly for item in self.designs]
        if unit_cost is None or any(value is None for value in repriced):
            return None
        repriced_total = exact_sum(value for value in repriced if value is not None)
        repriced_unit = per_unit(repriced_total, self.previous_units_per_month)
        return Split.of(unit_cost.previous, repriced_unit, unit_cost.current)

    @property
    def changed(self) -> list[DesignDiff]:
        """Return the designs whose file or cost changed."""
        return [
            item
            for item in self.designs
            if item.status != "unchanged"
            or item.monthly.change != 0
            or item.unit_cost.change != 0
        ]


Progress = Callable[[str], None]


def diff_pairs(
    pairs: list[DesignPair],
    *,
    base_label: str,
    head_label: str,
    head_prices: dict[str, UserPrice] | None = None,
    base_prices: dict[str, UserPrice] | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> DiffResult:
    """Price every pair and return the diff; invalid designs raise InputError."""
    today = today or date.today()
    designs = []
    for pair in pairs:
        designs.append(
            diff_pair(
                pair,
                head_prices=head_prices,
                base_prices=base_prices,
                today=today,
            )
        )
        if progress is not None:
            progress(pair.path)
    return DiffResult(base_label, head_label, designs)


def diff_pair(
    pair: DesignPair,
    *,
    head_prices: dict[str, UserPrice] | None,
    base_prices: dict[str, UserPrice] | None,
    today: date,
) -> DesignDiff:
    """Price one design at base and head, and the base design at head prices."""
    head_loaded = validate_document(pair.head) if pair.head is not None else None
    base = head = repriced = None
    if head_loaded is not None:
        head = estimate(head_loaded, user_prices=head_prices, today=today)
    base_loaded = None
    split_error = None
    if pair.base_error is not None:
        split_error = _counted_from_zero(pair.base_error)
    if pair.base is not None:
        try:
            base_loaded = validate_document(pair.base)
            base = estimate(base_loaded, user_prices=base_prices, today=today)
        except AicostError as error:
            if head is None:
                raise
            # A pull request that repairs a broken design must still get its review:
            # the design is counted from zero, and the report gives the reason.
            base_loaded = base = None
            split_error = _counted_from_zero(error.message)

    if head is None:
        repriced = base
    elif base_loaded is not None:
        try:
            repriced = estimate(
                with_price_date(base_loaded, head.as_of),
                user_prices=head_prices,
                today=today,
            )
        except AicostError as error:
            split_error = error.message
    components = _component_diffs(base, head, repriced, split_error is None)
    return DesignDiff(pair.path, base, head, repriced, split_error, components)


def _counted_from_zero(reason: str) -> str:
    return (
        "the base version could not be priced, so the design is counted from zero: "
        + reason
    )


def with_price_date(loaded: LoadedDesign, as_of: date) -> LoadedDesign:
    """Return the design with pricing.as_of set to `as_of`."""
    pricing = loaded.design.pricing.model_copy(update={"as_of": as_of})
    design = loaded.design.model_copy(update={"pricing": pricing})
    return replace(loaded, design=design)


def _component_diffs(
    base: Estimate | None,
    head: Estimate | None,
    repriced: Estimate | None,
    split_available: bool,
) -> list[ComponentDiff]:
    base_costs = {item.name: item for item in base.components} if base else {}
    head_costs = {item.name: item for item in head.components} if head else {}
    repriced_costs = (
        {item.name: item for item in repriced.components} if repriced else {}
    )
    base_specs = {item.name: item for item in base.design.components} if base else {}
    head_specs = {item.name: item for item in head.design.components} if head else {}

    names = list(head_costs) + [name for name in base_costs if name not in head_costs]
    diffs = []
    for name in names:
        if name not in base_costs:
            status: Status = "added"
        elif name not in head_costs:
            status = "removed"
        elif base_specs[name] == head_specs[name]:
            status = "unchanged"
        else:
            status = "changed"
        diffs.append(
            ComponentDiff(
                name=name,
                status=status,
                base=base_costs.get(name),
                head=head_costs.get(name),
                repriced=repriced_costs.get(name),
                split_available=split_available,
            )
        )
    return diffs
