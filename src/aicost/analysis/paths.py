"""Paths into a design's raw YAML data, typed by walking the design models.

A scenario writes a path with dots and addresses components by name
(`components.answer.input_tokens`); the data path behind it uses the list index
(`("components", 2, "input_tokens")`). Both are checked against the pydantic models,
so a field that is valid but absent from the file can be set, and a typo is caught
with close matches.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from aicost.design.model import COMPONENT_MODELS, RANGE_KEYS, Design
from aicost.design.yamlio import FieldPath
from aicost.errors import close_matches

# Fields a scenario may not set: they identify the design or a component, or they
# are the scenarios themselves.
_FIXED_FIELDS = {
    (Design, "version"): "the design format version",
    (Design, "scenarios"): "the scenarios list",
}
_FIXED_COMPONENT_FIELDS = {
    "name": "the component's name",
    "kind": "the component's kind",
}

# Pairs of fields of which a model takes one. A scenario that sets one of a pair
# removes the other from its copy of the design, so that setting
# cached_input_ratio on a component written with cached_input_tokens replaces them.
EXCLUSIVE_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "Volume": (("units_per_day", "units_per_month"),),
    "LlmComponent": (
        ("cached_input_tokens", "cached_input_ratio"),
        ("cache_write_tokens", "cache_write_ratio"),
    ),
    "ServiceComponent": (("quantity_per_month", "quantity_per_unit"),),
}


class PathError(ValueError):
    """A dotted path that names no field of the design; `hint` lists the fields."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class FieldSpec:
    """The type of one field: its annotation and, for a number, its bounds."""

    annotation: Any
    bounds: dict[str, Decimal] = field(default_factory=dict)

    @property
    def is_number(self) -> bool:
        return _unwrap(self.annotation) is Decimal


@dataclass(frozen=True)
class Target:
    """The data path of a dotted path, and the sibling field that its value replaces."""

    text: str
    path: FieldPath
    spec: FieldSpec
    replaces: FieldPath | None = None


def get_at(data: Any, path: FieldPath) -> Any:
    """Return the value at `path`, or None where the path is absent."""
    current = data
    for part in path:
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int):
            current = current[part] if part < len(current) else None
        else:
            return None
    return current


def set_at(data: Any, path: FieldPath, value: Any) -> None:
    """Set the value at `path`, creating the mappings along it that are absent."""
    current = data
    for part in path[:-1]:
        if isinstance(current, list):
            current = current[part]
            continue
        child = current.get(part)
        if not isinstance(child, dict | list):
            child = {}
            current[part] = child
        current = child
    current[path[-1]] = value


def delete_at(data: Any, path: FieldPath) -> None:
    """Remove the key at `path` if it is present."""
    parent = get_at(data, path[:-1])
    if isinstance(parent, dict):
        parent.pop(path[-1], None)


def resolve(data: dict[str, Any], text: str) -> Target:
    """Resolve a scenario's dotted path against a design's data; raise PathError."""
    parts = text.split(".")
    if any(not part for part in parts):
        raise PathError(
            "is not a dotted path",
            hint="write it as volume.units_per_day or components.NAME.FIELD",
        )
    walker = _Walker(data)
    index = 0
    while index < len(parts):
        index = walker.step(parts, index)
    return Target(text, tuple(walker.path), walker.spec(), walker.replaces)


def field_spec(data: Any, path: FieldPath) -> FieldSpec | None:
    """Return the type of the field at a data path, or None if no model has it."""
    walker = _Walker(data)
    try:
        for part in path:
            walker.step_data(part)
    except PathError:
        return None
    return walker.spec()


def number_leaves(data: Any) -> Iterator[tuple[FieldPath, Any, FieldSpec]]:
    """Yield every number field that the data gives, as (path, raw value, spec).

    The raw value is a plain number or a {low, expected, high} mapping. Keys are
    visited in the order the file writes them; the scenarios list is skipped.
    """
    yield from _leaves(data, Design, None, ())


def _leaves(
    value: Any, annotation: Any, info: Any, path: FieldPath
) -> Iterator[tuple[FieldPath, Any, FieldSpec]]:
    kind, inner = _classify(annotation, value)
    if kind == "number":
        if isinstance(value, bool) or value is None:
            return
        yield path, value, FieldSpec(annotation, _bounds(info, annotation))
    elif kind == "model" and isinstance(value, dict):
        for key, child in value.items():
            fields = inner.model_fields
            if key not in fields or (inner is Design and key == "scenarios"):
                continue
            field_info = fields[key]
            yield from _leaves(child, field_info.annotation, field_info, (*path, key))
    elif kind == "list" and isinstance(value, list):
        for position, item in enumerate(value):
            yield from _leaves(item, inner, None, (*path, position))
    elif kind == "dict" and isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, inner, None, (*path, key))


class _Walker:
    """Follow a path through the data and the models side by side."""

    def __init__(self, data: Any) -> None:
        self.annotation: Any = Design
        self.info: Any = None
        self.current: Any = data
        self.path: list[str | int] = []
        self.display_parts: list[str] = []
        """The path as scenarios write it, with component names for positions."""
        self.replaces: FieldPath | None = None
        self.model: type[BaseModel] | None = Design

    def spec(self) -> FieldSpec:
        return FieldSpec(self.annotation, _bounds(self.info, self.annotation))

    def step(self, parts: list[str], index: int) -> int:
        """Consume one or more dotted parts; return the index of the next part."""
        kind, _ = _classify(self.annotation, self.current)
        if kind == "list" and self.path == ["components"]:
            return self._component(parts, index)
        if kind == "list":
            part = parts[index]
            if not part.isdigit():
                raise PathError(
                    f"{'.'.join(self.display_parts)} is a list; address its items by "
                    f"position from 0, not {part!r}"
                )
            self.step_data(int(part))
            return index + 1
        self.step_data(parts[index])
        return index + 1

    def step_data(self, part: str | int) -> None:
        """Move one data-path part down; raise PathError where no field matches."""
        kind, inner = _classify(self.annotation, self.current)
        where = ".".join(self.display_parts) or "the design"
        if kind == "model":
            self._field(inner, str(part), where)
        elif kind == "list":
            size = len(self.current) if isinstance(self.current, list) else 0
            if not isinstance(part, int) or not 0 <= part < size:
                raise PathError(f"{where} has no item {part}; it has {size}")
            self._enter(part, inner, None)
        elif kind == "dict":
            self._enter(str(part), inner, None)
        elif kind == "number" and isinstance(self.current, dict) and part in RANGE_KEYS:
            self.path.append(part)
            self.display_parts.append(str(part))
            self.current = self.current[part]
            self.annotation, self.replaces = Decimal, None
        elif kind == "number":
            raise PathError(
                f"{where} is a number, not a range, so it has no field {part!r}"
            )
        else:
            raise PathError(f"{where} is a single value, so it has no field {part!r}")

    def _field(self, model: type[BaseModel], key: str, where: str) -> None:
        fields = model.model_fields
        if key not in fields:
            allowed = [name for name in fields if not self._fixed(model, name)]
            matches = close_matches(key, allowed, limit=1)
            message = f"{where} has no field {key!r}"
            if matches:
                message += f"; did you mean {matches[0]!r}?"
            raise PathError(message, hint="fields here: " + ", ".join(allowed))
        fixed = self._fixed(model, key)
        if fixed is not None:
            raise PathError(f"a scenario cannot change {fixed} ({key})")

        replaces = None
        for pair in EXCLUSIVE_FIELDS.get(model.__name__, ()):
            if key in pair:
                other = pair[1] if key == pair[0] else pair[0]
                replaces = (*self.path, other)
        field_info = fields[key]
        self._enter(key, field_info.annotation, field_info)
        self.replaces = replaces

    @staticmethod
    def _fixed(model: type[BaseModel], key: str) -> str | None:
        """Return what a field that scenarios may not set is, or None."""
        fixed = _FIXED_FIELDS.get((model, key))
        if fixed is None and model in COMPONENT_MODELS.values():
            fixed = _FIXED_COMPONENT_FIELDS.get(key)
        return fixed

    def _component(self, parts: list[str], index: int) -> int:
        """Match the longest component name, which may itself contain dots."""
        components = self.current if isinstance(self.current, list) else []
        names = [
            item.get("name") if isinstance(item, dict) else None for item in components
        ]
        rest = parts[index:]
        best: tuple[int, int] | None = None
        for position, name in enumerate(names):
            if not isinstance(name, str):
                continue
            name_parts = name.split(".")
            if rest[: len(name_parts)] == name_parts and (
                best is None or len(name_parts) > best[1]
            ):
                best = (position, len(name_parts))
        if best is None:
            known = [name for name in names if isinstance(name, str)]
            matches = close_matches(rest[0], known, limit=3)
            message = f"no component named {rest[0]!r}"
            if matches:
                message += "; did you mean " + ", ".join(map(repr, matches)) + "?"
            raise PathError(message, hint="components: " + ", ".join(known))
        self.step_data(best[0])
        return index + best[1]

    def _enter(self, part: str | int, annotation: Any, info: Any) -> None:
        self.path.append(part)
        display = str(part)
        if isinstance(self.current, dict):
            self.current = self.current.get(part)
        elif isinstance(self.current, list) and isinstance(part, int):
            self.current = self.current[part]
            name = self.current.get("name") if isinstance(self.current, dict) else None
            display = name if isinstance(name, str) else display
        else:
            self.current = None
        self.display_parts.append(display)
        self.annotation, self.info, self.replaces = annotation, info, None


def _classify(annotation: Any, value: Any) -> tuple[str, Any]:
    """Return a field's kind (model, list, dict, number, other) and inner type."""
    inner = _unwrap(annotation)
    if isinstance(inner, tuple):
        models = [member for member in inner if _is_model(member)]
        if models and len(models) == len(inner):
            kind = value.get("kind") if isinstance(value, dict) else None
            model = COMPONENT_MODELS.get(str(kind))
            return ("model", model) if model in models else ("other", None)
        return "other", None
    if _is_model(inner):
        return "model", inner
    origin = get_origin(inner)
    if origin is list:
        return "list", get_args(inner)[0]
    if origin is dict:
        return "dict", get_args(inner)[1]
    if inner is Decimal:
        return "number", None
    return "other", None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional; a union of several types becomes a tuple."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [
            _unwrap(arg) for arg in get_args(annotation) if arg is not type(None)
        ]
        return members[0] if len(members) == 1 else tuple(members)
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _bounds(info: Any, annotation: Any) -> dict[str, Decimal]:
    """Collect the ge, gt and le limits of a number field from pydantic metadata."""
    items = list(getattr(info, "metadata", None) or [])
    pending = [annotation]
    while pending:
        current = pending.pop()
        if get_origin(current) is Annotated:
            for extra in get_args(current)[1:]:
                items.extend(getattr(extra, "metadata", None) or [extra])
            pending.append(get_args(current)[0])
        elif get_origin(current) in (Union, types.UnionType):
            pending.extend(get_args(current))
    bounds: dict[str, Decimal] = {}
    for item in items:
        for name in ("ge", "gt", "le"):
            limit = getattr(item, name, None)
            if isinstance(limit, int | float | Decimal) and not isinstance(limit, bool):
                bounds[name] = Decimal(limit)
    return bounds
