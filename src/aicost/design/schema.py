"""JSON Schema of the design format, with each field's docstring as its description.

Pydantic can read attribute docstrings itself (`use_attribute_docstrings`), but that
parses the module source on every import, a cost every run would pay; here it is paid
only when the schema is printed.
"""

from __future__ import annotations

import ast
import inspect
import itertools
from typing import Any

from pydantic import BaseModel

from aicost.design.model import Design

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def design_schema() -> dict[str, Any]:
    """Return the JSON Schema of Design, with field docstrings as descriptions."""
    document = Design.model_json_schema(mode="validation")
    definitions = document.get("$defs", {})
    for model in _models(Design):
        target = document if model is Design else definitions.get(model.__name__)
        if target is None:
            continue
        properties = target.get("properties", {})
        for spec in properties.values():
            _number_default(spec)
        for field, text in attribute_docstrings(model).items():
            if field in properties:
                properties[field]["description"] = text
    document["$schema"] = SCHEMA_DIALECT
    document["title"] = "aicost design file, format version 1"
    return document


def attribute_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """Return the docstring written under each annotated attribute of a class."""
    tree = ast.parse(inspect.getsource(model))
    body = tree.body[0].body if tree.body else []
    found: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if not isinstance(statement, ast.AnnAssign):
            continue
        if not isinstance(statement.target, ast.Name):
            continue
        text = _string_constant(following)
        if text is not None:
            found[statement.target.id] = " ".join(inspect.cleandoc(text).split())
    return found


def _number_default(spec: dict[str, Any]) -> None:
    """Write a Decimal default (serialised as a string) as the JSON number it is."""
    default = spec.get("default")
    types = {spec.get("type")} | {
        option.get("type") for option in spec.get("anyOf", [])
    }
    if "number" in types and isinstance(default, str):
        number = float(default)
        spec["default"] = int(number) if number.is_integer() else number


def _string_constant(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        value = statement.value.value
        return value if isinstance(value, str) else None
    return None


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Return `root` and every model class reachable through its fields."""
    seen: list[type[BaseModel]] = []
    pending = [root]
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.append(model)
        for field in model.model_fields.values():
            pending.extend(_nested_models(field.annotation))
    return seen


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()):
        found.extend(_nested_models(arg))
    return found
