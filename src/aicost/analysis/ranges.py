"""Ranged inputs: the {low, expected, high} numbers of a design, and plain numbers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aicost.analysis.paths import FieldSpec, number_leaves
from aicost.design.loader import display_path
from aicost.design.yamlio import FieldPath, YamlDocument
from aicost.errors import InputError, Location

# Top-level sections whose numbers feed the cost. A range elsewhere, on a budget
# limit for example, would move no cost, so it is rejected.
COST_SECTIONS = ("volume", "period", "pricing", "components")

# The month convention is a billing rule, not an estimate, so --sensitivity leaves it.
CONVENTIONS = (("period", "hours_per_month"),)


@dataclass(frozen=True)
class RangedInput:
    """One number of the design with a low, expected and high value."""

    path: FieldPath
    field: str
    """The path as scenarios write it, e.g. components.answer.input_tokens."""
    component: str | None
    """Name of the component the number belongs to; None for design-wide numbers."""
    low: Decimal
    expected: Decimal
    high: Decimal
    spec: FieldSpec
    from_range: bool = True
    """True for a range in the design, False for a number moved by --sensitivity."""

    @property
    def label(self) -> str:
        """The input for people: `input_tokens of answer`, `volume.units_per_day`."""
        if self.component is None:
            return self.field
        prefix = f"components.{self.component}."
        return f"{self.field.removeprefix(prefix)} of {self.component}"


def find_ranges(document: YamlDocument) -> list[RangedInput]:
    """Return the design's ranges in file order; reject a range outside the cost."""
    found = []
    for path, value, spec in number_leaves(document.data):
        if not isinstance(value, dict):
            continue
        if path[0] not in COST_SECTIONS:
            field = display_path(document.data, path)
            raise InputError(
                Location(document.path, document.line_of(path), field),
                "a {low, expected, high} range is allowed on inputs of the cost "
                f"only, not in {path[0]}",
                hint="give one number here",
            )
        found.append(
            _input(
                document,
                path,
                spec,
                *(Decimal(value[key]) for key in ("low", "expected", "high")),
            )
        )
    return found


def plain_numbers(document: YamlDocument) -> list[tuple[FieldPath, Decimal, FieldSpec]]:
    """Return the single numbers of the design's cost inputs, zeros left out."""
    found = []
    for path, value, spec in number_leaves(document.data):
        if isinstance(value, dict) or path[0] not in COST_SECTIONS:
            continue
        if path in CONVENTIONS or Decimal(value) == 0:
            continue
        found.append((path, Decimal(value), spec))
    return found


def moved_input(
    document: YamlDocument,
    path: FieldPath,
    value: Decimal,
    spec: FieldSpec,
    share: Decimal,
) -> RangedInput:
    """Return a number moved down and up by `share`, kept within its field's limits."""
    low = value * (1 - share)
    high = value * (1 + share)
    if "ge" in spec.bounds:
        low = max(low, spec.bounds["ge"])
    if "le" in spec.bounds:
        high = min(high, spec.bounds["le"])
    return _input(document, path, spec, low, value, high, from_range=False)


def _input(
    document: YamlDocument,
    path: FieldPath,
    spec: FieldSpec,
    low: Decimal,
    expected: Decimal,
    high: Decimal,
    *,
    from_range: bool = True,
) -> RangedInput:
    component = None
    if path[0] == "components" and len(path) > 1 and isinstance(path[1], int):
        item = document.data["components"][path[1]]
        component = item.get("name") if isinstance(item, dict) else None
    return RangedInput(
        path=path,
        field=display_path(document.data, path),
        component=component,
        low=low,
        expected=expected,
        high=high,
        spec=spec,
        from_range=from_range,
    )
