"""Expand design inputs (files, directories and glob patterns) into design paths.

The same rules apply to the working tree and to a git revision, so a directory or glob
names the same set of files on both sides of a diff:

- a directory stands for every `*.yaml` and `*.yml` file below it, at any depth;
- a glob uses `*` and `?` within one path segment, `[...]` character classes and `**`
  for any number of directories, and selects the `*.yaml` and `*.yml` files it matches;
- names starting with a dot (such as `.github/`) are skipped in both cases, unless the
  pattern itself names them.

Paths are POSIX strings relative to one root: the current directory for the working
tree, the repository root for a revision.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from aicost.errors import AicostError

DESIGN_SUFFIXES = (".yaml", ".yml")
_GLOB_CHARACTERS = frozenset("*?[")


def is_glob(text: str) -> bool:
    """Return whether `text` contains a glob character (`*`, `?` or `[`)."""
    return any(character in _GLOB_CHARACTERS for character in text)


@dataclass(frozen=True)
class DesignInput:
    """One design argument: a file, a directory or a glob, as a normalised path."""

    text: str
    """The argument as given on the command line."""
    path: str
    """The argument as a normalised POSIX path, relative to the root when relative."""
    literal: bool = False
    """Whether the path names an existing file or folder, so `[` in it is no glob."""

    @property
    def glob(self) -> bool:
        return not self.literal and is_glob(self.path)

    @property
    def literal_prefix(self) -> str:
        """Return the directory part before the first glob character ('.' if none)."""
        parts = self.path.split("/")
        literal: list[str] = []
        for part in parts[:-1]:
            if is_glob(part):
                break
            literal.append(part)
        return "/".join(literal) or "."


def parse_input(text: str) -> DesignInput:
    """Normalise one design argument; reject an empty one."""
    if not text.strip():
        raise AicostError(
            "empty design path", hint="give a design file, a directory or a glob"
        )
    path = posixpath.normpath(text.replace(os.sep, "/"))
    return DesignInput(text, path)


def glob_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a glob over POSIX paths into a regular expression matching whole paths.

    `**` as a whole segment matches zero or more directories. `*` and `?` never match
    a `/`. A segment that does not start with `.` does not match hidden names.
    """
    segments = pattern.split("/")
    regex = ""
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            regex += r"(?:[^/.][^/]*/)*" if not last else r"(?:[^/.][^/]*/)*[^/.][^/]*"
            continue
        regex += _segment_regex(segment)
        if not last:
            regex += "/"
    return re.compile(regex + r"\Z")


def _segment_regex(segment: str) -> str:
    regex = "" if segment.startswith((".", "[.")) else r"(?!\.)"
    index = 0
    while index < len(segment):
        character = segment[index]
        if character == "*":
            regex += "[^/]*"
        elif character == "?":
            regex += "[^/]"
        elif character == "[":
            end = segment.find("]", index + 2)
            if end == -1:
                regex += re.escape(character)
            else:
                content = segment[index + 1 : end]
                if content.startswith("!"):
                    content = "^" + content[1:]
                regex += "[" + content.replace("\\", "\\\\") + "]"
                index = end
        else:
            regex += re.escape(character)
        index += 1
    return regex


def select_designs(design_input: DesignInput, files: Iterable[str]) -> list[str]:
    """Return the design files among `files` that `design_input` stands for, sorted.

    `files` are every file under the input's literal prefix, as paths relative to the
    same root as the input.
    """
    if design_input.glob:
        pattern = glob_pattern(design_input.path)
        return sorted(
            path
            for path in files
            if pattern.match(path) and path.endswith(DESIGN_SUFFIXES)
        )
    prefix = "" if design_input.path == "." else design_input.path + "/"
    return sorted(
        path
        for path in files
        if path.startswith(prefix)
        and path.endswith(DESIGN_SUFFIXES)
        and not any(part.startswith(".") for part in path[len(prefix) :].split("/"))
    )


def walk_files(directory: Path, relative_to: str) -> list[str]:
    """Return every file below `directory` as POSIX paths starting with `relative_to`.

    Symbolic links to directories are not followed, so a link cycle cannot loop.
    """
    found: list[str] = []
    for current, directories, names in os.walk(directory):
        directories.sort()
        relative = os.path.relpath(current, directory)
        base = relative_to if relative == "." else f"{relative_to}/{relative}"
        base = posixpath.normpath(base.replace(os.sep, "/"))
        found.extend(
            posixpath.normpath(f"{base}/{name}")
            for name in sorted(names)
            if (Path(current) / name).is_file()
        )
    return found


def find_designs(texts: Iterable[str], root: Path | None = None) -> list[str]:
    """Expand design arguments in the working tree into design file paths.

    A plain file is kept as given, whatever its suffix. A directory or glob that names
    no design file is an error, as is a plain path that does not exist. Paths are
    relative to `root` (default the current directory) unless given as absolute.
    """
    root = root or Path(".")
    found: list[str] = []
    for text in texts:
        design_input = parse_input(text)
        matches = _expand_in_tree(design_input, root)
        for path in matches:
            if path not in found:
                found.append(path)
    return found


def _expand_in_tree(design_input: DesignInput, root: Path) -> list[str]:
    if (root / design_input.path).exists():
        # A folder named [slug] is common in web projects: an existing path wins.
        design_input = replace(design_input, literal=True)
    if not design_input.glob:
        target = root / design_input.path
        if target.is_file():
            return [design_input.path]
        if not target.is_dir():
            raise AicostError(
                f"{design_input.text}: file or directory not found",
                hint="give a design file, a directory of design files or a glob "
                "such as 'designs/**/*.yaml'",
            )
    prefix = design_input.literal_prefix if design_input.glob else design_input.path
    directory = root / prefix
    files = walk_files(directory, prefix) if directory.is_dir() else []
    matches = select_designs(design_input, files)
    if not matches:
        input_kind = "glob" if design_input.glob else "directory"
        raise AicostError(
            f"{design_input.text}: the {input_kind} contains no design files "
            "(*.yaml, *.yml)",
            hint="check the path; quote a glob so that the shell does not expand it",
        )
    return matches
