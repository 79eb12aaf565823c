"""A fast, offline index of the genai-prices catalog.

Importing genai-prices' bundled data takes about 0.4 s, longer than the rest of a run.
The first run converts that data to a JSON index in the user's cache directory, keyed by
the package version and the data file's size and modification time; later runs read the
JSON instead. The index holds the same prices, so costs do not depend on which is used.
genai-prices' auto-updater is never started, so prices come from the installed
package only.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, cached_property
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from aicost.cache import cache_dir
from aicost.pricing.rates import ModelRates, PriceValue, Tier, Tiered, Unit

INDEX_FORMAT = 3
PACKAGE = "genai-prices"


@dataclass(frozen=True)
class CatalogModel:
    """One model's price history as genai-prices records it."""

    provider_id: str
    model_id: str
    name: str | None
    raw: dict[str, Any]

    def rates(
        self, as_of: date, context: dict[str, str] | None, units: dict[str, Unit]
    ) -> ModelRates | None:
        """Return the rates on `as_of`, or None if `context` matches no variant."""
        prices = dict(_base_prices(self.raw["prices"], as_of))
        if context:
            overrides = _variant_prices(self.raw.get("variants", []), as_of, context)
            if overrides is None:
                return None
            prices.update(overrides)
        decoded = {key: _decode(value) for key, value in prices.items()}
        return ModelRates(decoded, units)

    @property
    def has_time_of_day_prices(self) -> bool:
        """Whether some of the model's prices apply only at certain hours of the day."""
        return any(entry.get("time_of_day") for entry in self.raw["prices"])


@dataclass
class CatalogIndex:
    """The genai-prices catalog as plain data, with its package version.

    `data` contains the units and each provider's summary; a provider's models are read
    from its own file in `folder` the first time they are needed.
    """

    version: str
    data: dict[str, Any]
    folder: Path | None = None

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {
            key: Unit(
                unit["usage_key"],
                key,
                unit["per"],
                frozenset(tuple(pair) for pair in unit["dimensions"]),
            )
            for key, unit in self.data["units"].items()
        }

    def provider_ids(self) -> list[str]:
        return list(self.data["providers"])

    def provider(self, provider_id: str) -> dict[str, Any] | None:
        provider = self.data["providers"].get(provider_id)
        if provider is not None and "models" not in provider:
            assert self.folder is not None
            path = self.folder / _provider_file(provider_id)
            try:
                models = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                models = None
            if not isinstance(models, dict) or len(models) != provider.get("count"):
                # A damaged or deleted cache file: rebuild the whole index from the
                # installed package, which is the source of truth.
                models = self._rebuild()["providers"][provider_id]["models"]
            provider["models"] = models
        return provider

    def _rebuild(self) -> dict[str, Any]:
        data = build_index_data()
        if self.folder is not None:
            _write_index(self.folder, data)
        return data

    def model_ids(self, provider_id: str) -> list[str]:
        provider = self.provider(provider_id) or {}
        return list(provider.get("models", {}))

    def find(self, provider_id: str, model_id: str) -> CatalogModel | None:
        """Find a model by exact id in a provider or the providers it falls back to."""
        provider = self.provider(provider_id)
        if provider is None:
            return None
        for candidate in [provider_id, *provider.get("fallbacks", [])]:
            models = (self.provider(candidate) or {}).get("models", {})
            if model_id in models:
                raw = models[model_id]
                return CatalogModel(candidate, model_id, raw.get("name"), raw)
        return None

    def pricing_urls(self, provider_id: str) -> list[str]:
        return (self.provider(provider_id) or {}).get("pricing_urls", [])


def _base_prices(entries: list[dict[str, Any]], as_of: date) -> dict[str, Any]:
    # genai-prices uses the last entry whose constraint is met, else the first. A
    # design gives no hour of day, so a time-of-day entry counts as met. In
    # genai-prices 0.2.3 those entries are DeepSeek's peak-hour rates, listed last so
    # that they win in their hours. Skipping them would price every call off-peak.
    # NOTE: the peak rate is an upper bound, because off-peak calls cost less.
    chosen = entries[0]["prices"]
    for entry in reversed(entries):
        start = entry.get("start_date")  # None for a time-of-day entry
        if start is None or date.fromisoformat(start) <= as_of:
            chosen = entry["prices"]
            break
    return chosen


def _variant_prices(
    variants: list[dict[str, Any]], as_of: date, context: dict[str, str]
) -> dict[str, Any] | None:
    overrides: dict[str, Any] = {}
    matched = False
    for variant in variants:
        start = variant.get("start_date")
        if start is not None and date.fromisoformat(start) > as_of:
            continue
        if any(context.get(key) != value for key, value in variant["when"].items()):
            continue
        matched = True
        for key, value in variant["prices"].items():
            overrides.setdefault(key, value)
    return overrides if matched else None


def _decode(value: Any) -> PriceValue:
    if isinstance(value, str):
        return Decimal(value)
    tiers = tuple(Tier(start, Decimal(price)) for start, price in value["tiers"])
    return Tiered(Decimal(value["base"]), tiers)


@cache
def load_index() -> CatalogIndex:
    """Return the catalog index, building and caching it on first use."""
    origin = _package_origin()
    version = _package_version(origin)
    folder = cache_dir() / f"genai-prices-{version}-{_data_key(origin)}"
    try:
        data = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        if _is_index(data):
            return CatalogIndex(version, data, folder)
    except (OSError, ValueError):
        pass

    data = build_index_data()
    if _write_index(folder, data):
        return CatalogIndex(version, _summary(data), folder)
    return CatalogIndex(version, data)


def _provider_file(provider_id: str) -> str:
    return f"provider-{hashlib.sha256(provider_id.encode()).hexdigest()[:16]}.json"


def _summary(data: dict[str, Any]) -> dict[str, Any]:
    """Return the index without models, with each provider's model count to check."""
    providers = {
        provider_id: {
            **{key: value for key, value in provider.items() if key != "models"},
            "count": len(provider["models"]),
        }
        for provider_id, provider in data["providers"].items()
    }
    return {**data, "providers": providers}


def _is_index(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("format") == INDEX_FORMAT
        and isinstance(data.get("units"), dict)
        and isinstance(data.get("providers"), dict)
    )


def _write_index(folder: Path, data: dict[str, Any]) -> bool:
    """Write one file per provider, then index.json last, which marks it complete."""
    for provider_id, provider in data["providers"].items():
        text = json.dumps(provider["models"], separators=(",", ":"))
        if not _write_atomic(folder / _provider_file(provider_id), text):
            return False
    summary = json.dumps(_summary(data), separators=(",", ":"))
    return _write_atomic(folder / "index.json", summary)


def _package_origin() -> Path:
    spec = find_spec("genai_prices")
    if spec is None or spec.origin is None:
        raise RuntimeError("genai-prices is not installed; reinstall aicost")
    return Path(spec.origin).parent


def _package_version(package_dir: Path) -> str:
    # Reading the dist-info folder name avoids importing importlib.metadata (~50 ms).
    for info in package_dir.parent.glob("genai_prices-*.dist-info"):
        return info.name.removeprefix("genai_prices-").removesuffix(".dist-info")
    from importlib.metadata import version

    return version("genai-prices")


def _data_key(package_dir: Path) -> str:
    stat = (package_dir / "data.py").stat()
    key = f"{package_dir}:{stat.st_size}:{stat.st_mtime_ns}:{INDEX_FORMAT}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def _write_atomic(path: Path, text: str) -> bool:
    """Write a cache file; return False if the cache folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
        os.replace(temp_name, path)
    except OSError:
        # An unwritable cache only costs speed: the next run builds the index again.
        return False
    return True


def build_index_data() -> dict[str, Any]:
    """Convert genai-prices' bundled data to the plain JSON shape of the index."""
    from genai_prices.data import providers
    from genai_prices.data_units import unit_data

    units = {
        raw["price_key"]: {
            "usage_key": usage_key,
            "per": raw["per"],
            "dimensions": sorted(raw.get("dimensions", {}).items()),
        }
        for usage_key, raw in unit_data.items()
    }
    return {
        "format": INDEX_FORMAT,
        "units": units,
        "providers": {
            provider.id: _encode_provider(provider) for provider in providers
        },
    }


def _encode_provider(provider: Any) -> dict[str, Any]:
    return {
        "name": provider.name,
        "pricing_urls": provider.pricing_urls or [],
        "fallbacks": provider.fallback_model_providers or [],
        "models": {model.id: _encode_model(model) for model in provider.models},
    }


def _encode_model(model: Any) -> dict[str, Any]:
    from genai_prices.types import ModelPrice, StartDateConstraint

    if isinstance(model.prices, ModelPrice):
        entries = [{"start_date": None, "prices": _encode_prices(model.prices)}]
    else:
        entries = []
        for conditional in model.prices:
            constraint = conditional.constraint
            entry: dict[str, Any] = {"prices": _encode_prices(conditional.prices)}
            if isinstance(constraint, StartDateConstraint):
                entry["start_date"] = constraint.start_date.isoformat()
            elif constraint is not None:
                entry["time_of_day"] = True
            entries.append(entry)

    variants = []
    for variant in model.price_variants or []:
        start = getattr(variant.constraint, "start_date", None)
        variants.append(
            {
                "when": dict(variant.when),
                "start_date": start.isoformat() if start else None,
                "prices": _encode_prices(variant.prices),
            }
        )
    encoded: dict[str, Any] = {"name": model.name, "prices": entries}
    if model.context_window:
        encoded["context_window"] = model.context_window
    if variants:
        encoded["variants"] = variants
    return encoded


def _encode_prices(model_price: Any) -> dict[str, Any]:
    from genai_prices.types import TieredPrices

    encoded: dict[str, Any] = {}
    for key, value in model_price.__dict__.items():
        if key.startswith("_") or value is None:
            continue
        if isinstance(value, TieredPrices):
            encoded[key] = {
                "base": str(value.base),
                "tiers": [[tier.start, str(tier.price)] for tier in value.tiers],
            }
        else:
            encoded[key] = str(value)
    return encoded


def resolve_alias(provider_id: str, model_ref: str) -> tuple[str, str] | None:
    """Resolve a model name that is not an exact id (a dated or aliased name).

    This imports genai-prices itself (slow) and uses its own matching rules.
    """
    from genai_prices.data_snapshot import get_snapshot

    try:
        provider, model = get_snapshot().find_provider_model(
            model_ref, None, provider_id, None
        )
    except LookupError:
        return None
    return provider.id, model.id
