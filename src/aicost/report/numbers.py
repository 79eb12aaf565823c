"""Display formatting of money and counts; the only place where figures are rounded."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: Decimal, currency: str = "$") -> str:
    """Format USD for people: cents from $1 up, two significant digits below $1.

    A non-zero amount never shows as $0.00: $0.0042 keeps its digits.
    """
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if magnitude >= 1 or magnitude == 0:
        return f"{sign}{currency}{magnitude.quantize(CENT, ROUND_HALF_UP):,}"
    digits = max(2, -magnitude.adjusted() + 1)
    rounded = magnitude.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return f"{sign}{currency}{rounded}"


def count(value: Decimal | int) -> str:
    """Format a count with thousands separators, keeping up to two decimals."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.quantize(CENT, ROUND_HALF_UP).normalize():,f}"


def exact(value: Decimal | int) -> str:
    """Format a design input as written: thousands separators, every digit kept."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def compact(value: Decimal | int) -> str:
    """Format a large count compactly: 1.52B, 608.33K."""
    value = Decimal(value)
    magnitude = abs(value)
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
    if whole == 0:
        return "–"
    share = (part / whole * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if share == 0 and part != 0:
        return "<0.1%"
    return f"{share}%"


def plain(value: Decimal) -> str:
    """Format a Decimal at full precision without exponent or trailing zeros."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return f"{normalized.to_integral_value():f}"
    return f"{normalized:f}"
