"""The price-date sentence that every report ends with."""

from __future__ import annotations

from aicost.engine.result import Estimate


def price_dates(estimate: Estimate) -> str:
    """Say which price data the estimate used and how old each part of it is."""
    text = f"Prices: {estimate.catalog}, as of {estimate.as_of}"
    checked = sorted(
        item.source.as_of
        for item in estimate.components
        if item.kind != "llm" and item.source.kind == "catalog" and item.source.as_of
    )
    if checked:
        first, last = checked[0], checked[-1]
        span = f"on {first}" if first == last else f"from {first} to {last}"
        text += f"; GPU and cloud catalog prices checked {span}"
    return text + "."
