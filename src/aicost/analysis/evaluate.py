"""Price variants of one design: its raw YAML data with some numbers replaced.

Each variant goes through the same validation and pricing as the design itself, so a
bound or a sensitivity row is an ordinary estimate of an ordinary design.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from aicost.analysis.paths import set_at
from aicost.design.loader import LoadedDesign, display_path, validate_document
from aicost.design.yamlio import FieldPath, YamlDocument
from aicost.engine.estimate import estimate
from aicost.engine.result import Estimate
from aicost.errors import AicostError, InputError, InputErrors
from aicost.pricing.user_files import UserPrice

Values = Mapping[FieldPath, Any]


def with_price_date(document: YamlDocument, as_of: date) -> YamlDocument:
    """Return a copy of the document that prices on `as_of`, as the baseline did."""
    data = copy.deepcopy(document.data)
    pricing = data.get("pricing")
    data["pricing"] = {**(pricing if isinstance(pricing, dict) else {}), "as_of": as_of}
    return YamlDocument(document.path, data, document.lines)


class Evaluator:
    """Validate and price variants of one document, caching each estimate."""

    def __init__(
        self,
        document: YamlDocument,
        *,
        user_prices: dict[str, UserPrice] | None = None,
        context: str | None = None,
    ) -> None:
        self.document = document
        self.user_prices = user_prices
        self.context = context
        """Where the document comes from for error messages, e.g. a scenario."""
        self._estimates: dict[frozenset[tuple[FieldPath, Any]], Estimate] = {}

    def variant(self, values: Values) -> YamlDocument:
        """Return the document with `values` set at their paths."""
        data = copy.deepcopy(self.document.data)
        for path, value in values.items():
            set_at(data, path, value)
        return YamlDocument(self.document.path, data, self.document.lines)

    def validate(
        self, values: Values, *, hint: str | None = None, explain: bool = True
    ) -> LoadedDesign:
        """Validate a variant; with `explain`, an error names the values set."""
        try:
            return validate_document(self.variant(values))
        except (InputError, InputErrors) as error:
            if not explain:
                raise
            raise self.explain(error, values, hint) from None

    def estimate(
        self, values: Values, *, cache: bool = True, explain: bool = True
    ) -> Estimate:
        """Price a variant; the same values are priced once."""
        key = frozenset(values.items())
        if cache and key in self._estimates:
            return self._estimates[key]
        loaded = self.validate(values, explain=explain)
        try:
            result = estimate(loaded, user_prices=self.user_prices)
        except AicostError as error:
            if not explain:
                raise
            raise self.explain(error, values) from None
        if cache:
            self._estimates[key] = result
        return result

    def explain(
        self, error: AicostError, values: Values, hint: str | None = None
    ) -> AicostError:
        """Return the error with the scenario and the values that led to it."""
        settings = [
            f"{display_path(self.document.data, path)} = {_show(value)}"
            for path, value in values.items()
        ]
        parts = [self.context] if self.context else []
        if settings:
            parts.append("with " + " and ".join(settings))
        if not parts:
            return error
        prefix = ", ".join(parts)
        if isinstance(error, InputError):
            return _prefixed(error, prefix, hint)
        if isinstance(error, InputErrors):
            return InputErrors([_prefixed(item, prefix, hint) for item in error.errors])
        return AicostError(f"{prefix}: {error.message}", hint=hint or error.hint)


def _prefixed(error: InputError, prefix: str, hint: str | None) -> InputError:
    return InputError(
        error.location, f"{prefix}: {error.detail}", hint=hint or error.hint
    )


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)
