"""Budget checks: limits from a design's `budget:` block and from the command line.

Every limit applies to each design on its own. A limit is breached only when the value
is above it, so a cost equal to the limit passes. Comparisons are exact: the percent
limit compares `change * 100` with `limit * previous` instead of dividing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from aicost.engine.result import Estimate
from aicost.errors import AicostError
from aicost.report import numbers
from aicost.review.diff import EXACT, DesignDiff, DiffResult

LimitKind = Literal["monthly", "per_unit", "increase", "increase_percent"]


@dataclass(frozen=True)
class IncreaseLimit:
    """A maximum increase of the monthly cost: in USD, or in percent of the previous."""

    value: Decimal
    percent: bool

    @classmethod
    def parse(cls, text: str) -> IncreaseLimit:
        """Parse `10%` as a percent, or `500` or `$500` as USD.

        Raise AicostError if the text is neither.
        """
        cleaned = text.strip()
        percent = cleaned.endswith("%")
        number = cleaned.removesuffix("%").strip()
        if not percent:
            number = number.removeprefix("$")
        value = parse_amount(number, "--fail-above-increase", text)
        return cls(value, percent)


_THOUSANDS = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")


def parse_amount(text: str, option: str, original: str | None = None) -> Decimal:
    """Parse a non-negative USD amount or percent given on the command line."""
    display = original if original is not None else text
    number = text.strip().removeprefix("$")
    value = None
    # Commas are accepted only as thousands separators (1,500), never as a decimal
    # comma (0,24), which would otherwise read as 24.
    if "," not in number or _THOUSANDS.fullmatch(number):
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:
            value = None
    if value is None or not value.is_finite() or value < 0:
        raise AicostError(
            f"invalid {option} {display!r}",
            hint="give a non-negative number in USD, e.g. 500"
            + (
                ", or a percent such as 10%"
                if option == "--fail-above-increase"
                else ""
            ),
        )
    return value


@dataclass(frozen=True)
class Limits:
    """Limits given on the command line; None where not given."""

    monthly: Decimal | None = None
    per_unit: Decimal | None = None
    increase: IncreaseLimit | None = None


@dataclass(frozen=True)
class Check:
    """One limit checked against one design."""

    design: str
    path: str
    unit: str
    kind: LimitKind
    source: str
    """Origin of the limit: a design field such as `budget.monthly`, or an option."""
    limit: Decimal
    value: Decimal
    """The value compared with the limit: USD, or percent for increase_percent."""
    breached: bool

    @property
    def excess(self) -> Decimal:
        """Return how far the value is above the limit (negative when below)."""
        return EXACT.subtract(self.value, self.limit)

    @property
    def quantity(self) -> str:
        """Return the name of the checked figure, e.g. `monthly cost`."""
        return {
            "monthly": "monthly cost",
            "per_unit": f"cost per {self.unit}",
            "increase": "monthly cost increase",
            "increase_percent": "monthly cost increase",
        }[self.kind]

    def _show(self, value: Decimal) -> str:
        if self.kind == "increase_percent":
            return numbers.percent(value, Decimal(100))
        return numbers.money(value)

    def message(self) -> str:
        """Describe the check: value, limit, source and, if breached, the excess."""
        value, limit = self._show(self.value), self._show(self.limit)
        if not self.breached:
            return (
                f"{self.design} ({self.path}): {self.quantity} {value} is within the "
                f"limit of {limit} ({self.source})"
            )
        excess = self._show(self.excess)
        if self.kind == "increase_percent":
            excess = excess.removesuffix("%") + " percentage points"
        return (
            f"{self.design} ({self.path}): {self.quantity} {value} is above the "
            f"limit of {limit} ({self.source}) by {excess}"
        )


@dataclass(frozen=True)
class Verdict:
    """Every limit checked and which of them were breached."""

    checks: list[Check]

    @property
    def breaches(self) -> list[Check]:
        return [check for check in self.checks if check.breached]

    @property
    def passed(self) -> bool:
        return not self.breaches


def check_estimates(
    estimates: list[tuple[str, Estimate]], limits: Limits | None = None
) -> Verdict:
    """Check each (path, estimate) against its design budget and `limits`."""
    checks: list[Check] = []
    for path, result in estimates:
        checks += _cost_checks(path, result, limits or Limits())
    return Verdict(checks)


def check_diff(result: DiffResult, limits: Limits | None = None) -> Verdict:
    """Check each design at head against its budget, and its increase on the base.

    Removed designs are not checked. The percent increase limits are not checked for
    an added design, which has no previous cost; an increase limit in USD is.
    """
    limits = limits or Limits()
    checks: list[Check] = []
    for item in result.designs:
        if item.head is None:
            continue
        checks += _cost_checks(item.path, item.head, limits)
        checks += _increase_checks(item, limits)
    return Verdict(checks)


def _cost_checks(path: str, result: Estimate, limits: Limits) -> list[Check]:
    design = result.design
    budget = design.budget
    candidates: list[tuple[LimitKind, str, Decimal | None, Decimal]] = [
        ("monthly", "budget.monthly", budget.monthly, result.monthly_cost),
        ("per_unit", "budget.per_unit", budget.per_unit, result.unit_cost),
        ("monthly", "--fail-above-monthly", limits.monthly, result.monthly_cost),
        ("per_unit", "--fail-above-unit", limits.per_unit, result.unit_cost),
    ]
    return [
        Check(design.name, path, design.unit, kind, source, limit, value, value > limit)
        for kind, source, limit, value in candidates
        if limit is not None
    ]


def _increase_checks(item: DesignDiff, limits: Limits) -> list[Check]:
    design = item.design
    monthly = item.monthly
    change = monthly.change
    percent_limits: list[tuple[str, Decimal]] = []
    if design.budget.max_increase_percent is not None:
        percent_limits.append(
            ("budget.max_increase_percent", design.budget.max_increase_percent)
        )
    checks: list[Check] = []
    if limits.increase is not None and limits.increase.percent:
        percent_limits.append(("--fail-above-increase", limits.increase.value))
    elif limits.increase is not None:
        checks.append(
            Check(
                design.name,
                item.path,
                design.unit,
                "increase",
                "--fail-above-increase",
                limits.increase.value,
                change,
                change > limits.increase.value,
            )
        )

    percent = monthly.percent
    if percent is None:
        return checks
    for source, limit in percent_limits:
        breached = EXACT.multiply(change, Decimal(100)) > EXACT.multiply(
            limit, monthly.previous
        )
        checks.append(
            Check(
                design.name,
                item.path,
                design.unit,
                "increase_percent",
                source,
                limit,
                percent,
                breached,
            )
        )
    return checks
