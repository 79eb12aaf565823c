"""Price several design files in one run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from aicost.design.loader import load_design
from aicost.engine.estimate import estimate
from aicost.engine.result import Estimate
from aicost.pricing.user_files import UserPrice
from aicost.review.diff import with_price_date


def estimate_designs(
    paths: list[str],
    *,
    user_prices: dict[str, UserPrice] | None = None,
    as_of: date | None = None,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[tuple[str, Estimate]]:
    """Price each design file and return (path, estimate) pairs in input order.

    `as_of` replaces each design's pricing.as_of. The first invalid design raises
    InputError, so a run over many files reports nothing until all of them are valid.
    """
    today = today or date.today()
    results = []
    for path in paths:
        loaded = load_design(Path(path))
        if as_of is not None:
            loaded = with_price_date(loaded, as_of)
        results.append((path, estimate(loaded, user_prices=user_prices, today=today)))
        if progress is not None:
            progress(path)
    return results
