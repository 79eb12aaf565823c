"""User price files: negotiated rates and private models, keyed by provider/model.

A price file has the shape

    version: 1
    models:
      acme/private-llm:
        source: "Order form 2026-07, section 3"
        as_of: 2026-07-01
        input_per_mtok: 0.8
        output_per_mtok: 2.4

with the fields of a design's inline `price:` block. These prices are what the team
pays, so a design's `discounts` do not apply to them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from aicost.design.loader import validate_model
from aicost.design.model import InlinePrice, StrictModel
from aicost.design.yamlio import read_yaml_file
from aicost.errors import InputError, Location


class PriceFileEntry(InlinePrice):
    """One model's price in a price file, with where it came from."""

    source: Annotated[str, Field(min_length=1)]
    as_of: dt.date


class PriceFile(StrictModel):
    """A user price file, format version 1."""

    version: Literal[1]
    models: dict[Annotated[str, Field(pattern=r"^[^/\s]+/\S+$")], PriceFileEntry]


@dataclass(frozen=True)
class UserPrice:
    """A price from a user price file, with the file it came from."""

    ref: str
    entry: PriceFileEntry
    path: Path


def load_price_files(paths: list[Path]) -> dict[str, UserPrice]:
    """Load price files in order; an entry in a later file replaces an earlier one."""
    prices: dict[str, UserPrice] = {}
    for path in paths:
        document = read_yaml_file(path)
        if not isinstance(document.data, dict):
            raise InputError(
                Location(path, 1),
                "a price file must be a YAML mapping with `version` and `models`",
            )
        price_file = validate_model(document, PriceFile)
        for ref, entry in price_file.models.items():
            prices[ref.lower()] = UserPrice(ref, entry, path)
    return prices
