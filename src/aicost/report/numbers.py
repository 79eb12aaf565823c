"""Display formatting of money, rates and counts: the only place that rounds figures.

Every formatter writes fixed-point digits, never exponent notation such as 5E-7.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

CENT = Decimal("0.01")
RATE_SIGNIFICANT_DIGITS = 12
"""Significant digits kept of a unit price. Catalog prices have far fewer, so only a
computed rate, such as a discounted one, is rounded to this many."""


def money(value: Decimal, currency: str = "$") -> str:
    """Format USD for people: cents from $1 up, two significant digits below $1.

    A non-zero amount never shows as $0.00: $0.0042 keeps its digits.
    """
    sign = "-" if value < 0 else ""
    magnitude = value.copy_abs()
    if magnitude >= 1 or magnitude == 0:
        # Rounding to cents needs a digit of precision per digit of the amount.
        with localcontext() as context:
            context.prec = max(context.prec, magnitude.adjusted() + 4)
            cents = magnitude.quantize(CENT, ROUND_HALF_UP)
        return f"{sign}{currency}{cents:,f}"
    return f"{sign}{currency}{_significant(magnitude, 2):f}"


def rate(value: Decimal, currency: str = "$") -> str:
    """Format a unit price at its full precision, with at least two decimals.

    $0.125, $23.77728 and $2.50 show as written in the price catalog, so a reader can
    multiply them out by hand. Totals and costs use `money` instead.
    """
    sign = "-" if value < 0 else ""
    magnitude = value.copy_abs()
    if magnitude != 0 and _digit_count(magnitude) > RATE_SIGNIFICANT_DIGITS:
        magnitude = _significant(magnitude, RATE_SIGNIFICANT_DIGITS)
    magnitude = magnitude.normalize()
    if magnitude.as_tuple().exponent > -2:
        magnitude = magnitude.quantize(CENT)
    return f"{sign}{currency}{magnitude:,f}"


def count(value: Decimal | int) -> str:
    """Format a count with thousands separators and up to two decimals.

    Below 1 a count keeps two significant digits, so a non-zero count never shows as
    0: 0.001 stays 0.001.
    """
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    magnitude = value.copy_abs()
    if magnitude < 1:
        rounded = _significant(magnitude, 2)
    else:
        rounded = magnitude.quantize(CENT, ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    return f"{sign}{rounded.normalize():,f}"


def exact(value: Decimal | int) -> str:
    """Format a design input as written: thousands separators, every digit kept."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def compact(value: Decimal | int) -> str:
    """Format a large count compactly: 1.52B, 608.33K."""
    value = Decimal(value)
    magnitude = value.copy_abs()
    for threshold, suffix in (
        (Decimal(10) ** 12, "T"),
        (Decimal(10) ** 9, "B"),
        (Decimal(10) ** 6, "M"),
        (Decimal(10) ** 3, "K"),
    ):
        if magnitude >= threshold:
            scaled = (value / threshold).quantize(CENT, ROUND_HALF_UP).normalize()
            return f"{scaled:f}{suffix}"
    return count(value)


def percent(part: Decimal, whole: Decimal) -> str:
    """Format `part` as a percent of `whole` to one decimal: 83.2%, 100.0%, <0.1%.

    Every share and percent figure in the reports goes through here, so one report
    never shows the same share rounded two ways. A zero `whole` gives "–".
    """
    if whole == 0:
        return "–"
    share = (Decimal(part) / Decimal(whole) * 100).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    if share == 0 and part != 0:
        return "<0.1%"
    return f"{share:f}%"


def input_percent(fraction: Decimal) -> str:
    """Format a fraction that a design or option sets, exactly: 0.1 → 10%, 0.2055 →
    20.55%.

    Inputs keep every digit, as in the assumptions table; computed shares use
    `percent`.
    """
    return f"{exact(fraction * 100)}%"


def plain(value: Decimal) -> str:
    """Format a Decimal at full precision without exponent or trailing zeros."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return f"{normalized.to_integral_value():f}"
    return f"{normalized:f}"


def _significant(magnitude: Decimal, digits: int) -> Decimal:
    """Round a positive Decimal to `digits` significant digits, half up."""
    exponent = magnitude.adjusted() - digits + 1
    return magnitude.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP)


def _digit_count(magnitude: Decimal) -> int:
    return len(magnitude.normalize().as_tuple().digits)
