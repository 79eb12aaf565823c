"""Load a design file into a validated Design; errors name file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_origin

from pydantic import BaseModel, ValidationError

from aicost.design.model import COMPONENT_MODELS, Design, FieldValueError
from aicost.design.yamlio import FieldPath, YamlDocument, read_yaml_file
from aicost.errors import InputError, InputErrors, Location, close_matches

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedDesign:
    """A validated design and the YAML it came from, for lines in later errors."""

    design: Design
    document: YamlDocument

    @property
    def path(self) -> Path | None:
        return self.document.path

    def locate(self, field_path: FieldPath) -> Location:
        """Return the location of a field, for errors found after validation."""
        return Location(
            self.path,
            self.document.line_of(field_path),
            display_path(self.document.data, field_path),
        )


def load_design(path: Path) -> LoadedDesign:
    """Read and validate one design file; raise InputError(s) on any problem."""
    document = read_yaml_file(path)
    return validate_document(document)


def validate_document(document: YamlDocument) -> LoadedDesign:
    """Validate parsed YAML as a Design."""
    if not isinstance(document.data, dict):
        kind = type(document.data).__name__
        raise InputError(
            Location(document.path, 1),
            f"a design file must be a YAML mapping of fields, not a {kind}",
            hint="start from `aicost init` or an example in examples/designs/",
        )
    design = validate_model(document, Design)
    return LoadedDesign(design, document)


def validate_model(document: YamlDocument, model: type[M]) -> M:
    """Validate a document against `model`; errors name the line and field."""
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        problems = [_to_input_error(document, item, model) for item in error.errors()]
        problems.sort(key=lambda problem: problem.location.line or 0)
        if len(problems) == 1:
            raise problems[0] from None
        raise InputErrors(problems) from None


def _to_input_error(
    document: YamlDocument, item: Any, root: type[BaseModel]
) -> InputError:
    data_path = _data_path(document.data, tuple(item["loc"]))
    hint = None
    error = (item.get("ctx") or {}).get("error")
    if isinstance(error, FieldValueError):
        data_path = (*data_path, *_split_field(error.field))
        message = str(error)
    else:
        message, hint = _describe(item, document.data, data_path, root)
        if item["type"] in {"union_tag_invalid", "union_tag_not_found"}:
            data_path = (*data_path, "kind")

    location = Location(
        document.path,
        document.line_of(data_path),
        display_path(document.data, data_path),
    )
    return InputError(location, message, hint=hint)


def _split_field(field: str) -> FieldPath:
    return tuple(int(part) if part.isdigit() else part for part in field.split("."))


def _data_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """Drop the parts of a pydantic location that are not keys of the data (tags)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
            path.append(part)
        elif isinstance(current, list) and isinstance(part, int):
            current = current[part] if part < len(current) else None
            path.append(part)
        elif isinstance(part, str) and not isinstance(current, dict | list):
            continue
        elif isinstance(current, dict) and part == current.get("kind"):
            # The tag of a union discriminated by `kind`, not a key of the data.
            continue
        elif isinstance(part, str) and isinstance(current, dict):
            path.append(part)
            current = None
    return tuple(path)


def display_path(data: Any, path: FieldPath) -> str:
    """Write a field path the way scenarios address it: components by name."""
    parts: list[str] = []
    current = data
    for part in path:
        if isinstance(part, int) and isinstance(current, list):
            item = current[part] if part < len(current) else None
            name = item.get("name") if isinstance(item, dict) else None
            parts.append(name if isinstance(name, str) and name else str(part))
            current = item
        else:
            parts.append(str(part))
            current = current.get(part) if isinstance(current, dict) else None
    return ".".join(parts)


def _describe(
    item: Any, data: Any, path: FieldPath, root: type[BaseModel]
) -> tuple[str, str | None]:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    if kind == "extra_forbidden":
        return _unknown_field(data, path, root)
    if kind == "missing":
        parent = display_path(data, path[:-1])
        where = f"under {parent}" if parent else "at the top level"
        return f"missing required field {path[-1]!r}", f"add `{path[-1]}:` {where}"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = {
            "greater_than_equal": ">=",
            "greater_than": ">",
            "less_than_equal": "<=",
            "less_than": "<",
        }[kind]
        limit = next(iter(ctx.values()))
        return f"must be {bound} {limit}, got {_show(value)}", None
    if kind == "literal_error":
        hint = None
        if path == ("version",):
            hint = "this aicost reads design format version 1; write `version: 1`"
        return f"must be one of {ctx.get('expected')}, got {_show(value)}", hint
    type_error = _describe_type_error(kind, value)
    if type_error is not None:
        return type_error
    if kind == "union_tag_invalid":
        kinds = list(COMPONENT_MODELS)
        matches = close_matches(str(ctx.get("tag")), kinds, limit=1)
        message = f"unknown component kind {ctx.get('tag')!r}"
        if matches:
            message += f"; did you mean {matches[0]!r}?"
        return message, "kinds: " + ", ".join(kinds)
    if kind == "union_tag_not_found":
        return (
            "missing required field 'kind'",
            "add `kind:` with one of " + ", ".join(COMPONENT_MODELS),
        )
    if kind in {"too_short", "string_too_short"} and isinstance(value, list):
        return "must list at least one item", None
    if kind == "too_long" and isinstance(value, list):
        return (
            f"lists {len(value)} items; at most {ctx.get('max_length')} are allowed",
            "split the workload into several design files",
        )
    if kind == "string_too_short":
        return "must not be empty", None
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters", None
    if kind == "string_pattern_mismatch":
        return _describe_pattern(path, value)
    if kind == "value_error":
        return str(ctx.get("error", item["msg"])), None
    return f"{item['msg'][:1].lower()}{item['msg'][1:]}, got {_show(value)}", None


def _describe_type_error(kind: str, value: Any) -> tuple[str, str | None] | None:
    """Describe a value of the wrong type in the design's terms, not pydantic's."""
    if kind in {"model_type", "dict_type"}:
        return (
            f"must be a mapping of fields, got {_show_kind(value)}",
            "write the fields indented on the lines below, as `key: value`",
        )
    if kind == "string_type":
        return f"must be text, got {_show_kind(value)}", None
    if kind == "finite_number":
        return (
            f"must be a finite number, got {_show(value)}",
            "write a number such as 1000; .inf and .nan are not allowed",
        )
    if kind.startswith("date_"):
        return f"must be a date written YYYY-MM-DD, got {_show(value)}", None
    if kind in {"int_type", "int_from_float", "int_parsing"}:
        return f"must be a whole number, got {_show(value)}", None
    if kind == "list_type":
        return (
            f"must be a list, got {_show_kind(value)}",
            "write each item on its own line starting with `- `",
        )
    if kind == "bool_type":
        return f"must be true or false, got {_show(value)}", None
    return None


# Fields written provider/name, with an example of each.
_NAMED_REFS = {
    "model": "openai/gpt-4o or anthropic/claude-sonnet-4-5",
    "instance": "aws/p5.48xlarge",
    "sku": "aws/s3-standard-storage",
    "offer": "aws/bedrock-provisioned/<model>",
}


def _describe_pattern(path: FieldPath, value: Any) -> tuple[str, str | None]:
    field = str(path[-1]) if path else ""
    controls = [char for char in str(value) if _is_control(char)]
    if controls:
        return (
            f"contains the control character U+{ord(controls[0]):04X}",
            "remove it; text fields hold printable characters only",
        )
    if field in _NAMED_REFS:
        return (
            f"must be written provider/{field}, got {_show(value)}",
            f"for example {_NAMED_REFS[field]}",
        )
    if field in {"name", "feature"} or (
        len(path) >= 2 and path[-2] in {"features", "serves"}
    ):
        return (
            f"invalid name {_show(value)}",
            "use letters, digits, '-', '_' and '.', starting with a letter or digit",
        )
    if len(path) >= 2 and path[-2] == "models":
        return (
            f"invalid model key {_show(value)}; keys are written provider/model",
            "for example acme/private-llm",
        )
    return f"invalid value {_show(value)}", None


def _unknown_field(
    data: Any, path: FieldPath, root: type[BaseModel]
) -> tuple[str, str | None]:
    key = str(path[-1])
    allowed = _allowed_keys(data, path[:-1], root)
    message = f"unknown field {key!r}"
    if allowed:
        matches = close_matches(key, allowed, limit=1)
        if matches:
            message += f"; did you mean {matches[0]!r}?"
        return message, "allowed fields here: " + ", ".join(allowed)
    return message, None


def _allowed_keys(data: Any, path: FieldPath, root: type[BaseModel]) -> list[str]:
    model: type[BaseModel] | None = root
    current = data
    in_components = False
    in_mapping = False
    for part in path:
        if isinstance(part, int):
            current = current[part] if isinstance(current, list) else None
            if in_components and isinstance(current, dict):
                model = COMPONENT_MODELS.get(str(current.get("kind")))
            in_components = False
            continue
        if in_mapping:
            # A key of a dict field, such as the provider/model keys of a price file's
            # `models`; the model of its value stays the same.
            in_mapping = False
            current = current.get(part) if isinstance(current, dict) else None
            continue
        if model is None:
            return []
        field = model.model_fields.get(part)
        if field is None:
            return []
        current = current.get(part) if isinstance(current, dict) else None
        in_components = part == "components" and model is Design
        in_mapping = get_origin(field.annotation) is dict
        model = None if in_components else _model_in(field.annotation)
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _is_control(char: str) -> bool:
    code = ord(char)
    return (code < 32 and char not in "\n\t") or 0x7F <= code <= 0x9F


def _show_kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"text {_show(value)}"
    if isinstance(value, bool):
        return str(value).lower()
    kinds = {list: "a list", dict: "a mapping"}
    return kinds.get(type(value), _show(value))


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, dict | list):
        text = type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."
