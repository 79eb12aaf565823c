"""Read YAML into plain data while keeping the line of every field, within bounded work.

PyYAML's own constructor loses positions and resolves aliases without limit, so a file
of nested aliases can make later processing take exponential time. Here the composed
node graph is walked once, counting every node visited through aliases, and the walk
stops at a fixed budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from aicost.errors import InputError, Location

MAX_FILE_BYTES = 5_000_000
MAX_NODES = 100_000

_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")

FieldPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Plain data loaded from a YAML file, with the 1-based line of each field."""

    path: Path | None
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath) -> int | None:
        """Return the line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def read_yaml_file(path: Path) -> YamlDocument:
    """Read and parse a YAML file; raise InputError naming the file on any failure."""
    location = Location(path)
    try:
        with path.open("rb") as handle:
            # One byte past the limit is enough to know the file is too large, and
            # an endless source such as /dev/zero is never read whole.
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(
            location,
            "file not found",
            hint="check the path; a relative path starts from the current folder",
        ) from None
    except IsADirectoryError:
        raise InputError(
            location,
            "is a directory, not a YAML file",
            hint="give the path of a .yaml file",
        ) from None
    except OSError as error:
        raise InputError(location, f"cannot be read: {error.strerror}") from None

    if len(raw) > MAX_FILE_BYTES:
        raise InputError(
            location,
            f"file is larger than {MAX_FILE_BYTES:,} bytes, the limit for design and "
            "price files",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(
            Location(path, line),
            f"is not valid UTF-8 (byte {error.start})",
            hint="save the file as UTF-8 text",
        ) from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path | None = None) -> YamlDocument:
    """Parse YAML text into a YamlDocument; raise InputError on syntax errors."""
    location = Location(path)
    if not text.strip():
        raise InputError(location, "file is empty", hint="start from `aicost init`")

    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as error:
        # The reader rejects control characters before parsing starts.
        raise _reader_error(path, text, error) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(path, error) from None
    except yaml.YAMLError as error:
        raise InputError(location, f"invalid YAML: {error}") from None
    except RecursionError:
        raise _too_deep(location) from None
    finally:
        loader.dispose()

    if node is None:
        raise InputError(
            location,
            "file contains only comments or blank lines, no YAML document",
            hint="start from `aicost init`",
        )

    document = YamlDocument(path=path, data=None)
    builder = _Builder(loader, document)
    try:
        document.data = builder.build(node, ())
    except RecursionError:
        raise _too_deep(location) from None
    return document


def _too_deep(location: Location) -> InputError:
    return InputError(
        location,
        "YAML is nested too deeply",
        hint="a design file nests only a few levels; look for unbalanced [ or {",
    )


def _reader_error(path: Path | None, text: str, error: yaml.YAMLError) -> InputError:
    position = getattr(error, "position", None)
    line = text.count("\n", 0, position) + 1 if position is not None else None
    character = getattr(error, "character", None)
    if isinstance(character, str):
        character = ord(character)
    shown = f"U+{character:04X}" if isinstance(character, int) else "a character"
    return InputError(
        Location(path, line),
        f"contains {shown}, a control character that YAML does not allow",
        hint="remove the character; a design file holds printable text only",
    )


def _syntax_error(path: Path | None, error: yaml.MarkedYAMLError) -> InputError:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    problem = error.problem or "invalid YAML"
    if error.context:
        context = error.context
        start = error.context_mark
        if start is not None and start.line + 1 != line:
            context += f" started on line {start.line + 1}"
        problem = f"{context}, {problem}"
    if "'\\t'" in problem:
        hint = "indent with spaces; YAML does not allow tabs for indentation"
    else:
        hint = (
            "check the indentation, the colons after keys and that every [, { "
            "and quote is closed, on this line and the one before"
        )
    return InputError(Location(path, line), f"invalid YAML: {problem}", hint=hint)


class _Builder:
    """Convert YAML nodes to Python data, recording lines and counting nodes."""

    def __init__(self, loader: yaml.SafeLoader, document: YamlDocument) -> None:
        self.loader = loader
        self.document = document
        self.visited = 0

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise InputError(
                Location(self.document.path, node.start_mark.line + 1),
                f"YAML has more than {MAX_NODES:,} values, counting each use of an "
                "alias as a copy",
                hint="a design file needs a few hundred values; look for nested "
                "aliases (*name) or split the design into several files",
            )
        self.document.lines.setdefault(path, node.start_mark.line + 1)

        if isinstance(node, yaml.MappingNode):
            return self._build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, index))
                for index, item in enumerate(node.value)
            ]
        return self._build_scalar(node, path)

    def _build_mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self._key(key_node, path)
            if key in seen:
                raise InputError(
                    Location(self.document.path, key_node.start_mark.line + 1),
                    f"duplicate key {key!r}",
                    hint="each field may appear once in a mapping",
                )
            seen.add(key)

        try:
            self.loader.flatten_mapping(node)
        except yaml.MarkedYAMLError as error:
            raise _syntax_error(self.document.path, error) from None

        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            child = (*path, key)
            self.document.lines[child] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, child)
        return result

    def _key(self, key_node: yaml.Node, path: FieldPath) -> str:
        if isinstance(key_node, yaml.ScalarNode):
            return str(self._build_scalar(key_node, path))
        raise InputError(
            Location(self.document.path, key_node.start_mark.line + 1),
            "mapping keys must be plain names, not lists or mappings",
        )

    def _build_int(self, node: yaml.ScalarNode, path: FieldPath) -> int:
        location = Location(
            self.document.path,
            node.start_mark.line + 1,
            ".".join(str(part) for part in path) or None,
        )
        if not _DECIMAL_INT.fullmatch(node.value):
            # YAML 1.1 reads 1:30 as 90, 0x10 as 16 and 010 as 8, which a design
            # never means.
            raise InputError(
                location,
                f"invalid number {node.value!r}",
                hint="write whole numbers in plain decimal digits, such as 1500",
            )
        try:
            return self.loader.construct_yaml_int(node)
        except ValueError:
            raise InputError(
                location,
                f"number {node.value[:20]}... has too many digits",
                hint="no design value needs more than a few digits",
            ) from None

    def _build_scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        if node.tag == _FLOAT_TAG:
            return _decimal_from_yaml(node.value)
        if node.tag == _INT_TAG:
            return self._build_int(node, path)
        try:
            return self.loader.construct_object(node)
        except yaml.MarkedYAMLError as error:
            raise _syntax_error(self.document.path, error) from None
        except ValueError as error:
            field = ".".join(str(part) for part in path) or None
            hint = None
            if node.tag == "tag:yaml.org,2002:timestamp":
                hint = "write a real calendar date as YYYY-MM-DD"
            raise InputError(
                Location(self.document.path, node.start_mark.line + 1, field),
                f"invalid value {node.value!r}: {error}",
                hint=hint,
            ) from None


def _decimal_from_yaml(text: str) -> Decimal | float:
    """Return a YAML float exactly as written: 0.1 stays 0.1, not a binary float."""
    cleaned = text.replace("_", "").lower()
    if cleaned in {".inf", "+.inf", "-.inf", ".nan"}:
        return float(cleaned.replace(".", ""))
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return float(cleaned)
