"""Library exceptions; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class AicostError(Exception):
    """Base class of every error that the CLI reports without a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        if self.hint:
            return f"{self.message}\nHint: {self.hint}"
        return self.message


@dataclass(frozen=True)
class Location:
    """Location of a problem in an input file: file, 1-based line and dotted field."""

    path: Path | None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [str(self.path) if self.path else "<input>"]
        if self.line is not None:
            parts[0] += f":{self.line}"
        if self.field:
            parts.append(self.field)
        return ": ".join(parts)


class InputError(AicostError):
    """An input file (design or price file) is invalid; the message names where."""

    def __init__(
        self, location: Location, message: str, *, hint: str | None = None
    ) -> None:
        super().__init__(f"{location}: {message}", hint=hint)
        self.location = location
        self.detail = message


class InputErrors(AicostError):
    """Several problems found in one input file, reported together."""

    def __init__(self, errors: list[InputError]) -> None:
        lines = [error.render() for error in errors]
        super().__init__("\n".join(lines))
        self.errors = errors

    def render(self) -> str:
        return self.message


class UnknownNameError(AicostError):
    """A model, instance, SKU or mode name that the price data does not contain."""

    def __init__(
        self,
        what: str,
        name: str,
        known: Iterable[str],
        *,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        matches = close_matches(name, known)
        prefix = f"{location}: " if location else ""
        message = f"{prefix}unknown {what} {name!r}"
        if matches:
            message += "; did you mean " + ", ".join(repr(m) for m in matches) + "?"
        super().__init__(message, hint=hint)
        self.name = name
        self.matches = matches


def close_matches(name: str, known: Iterable[str], limit: int = 5) -> list[str]:
    """Return up to `limit` names from `known` that look like `name`, best first."""
    candidates = list(dict.fromkeys(known))
    matches = difflib.get_close_matches(name, candidates, n=limit, cutoff=0.6)
    if len(matches) < limit:
        lowered = name.lower()
        for candidate in candidates:
            if len(matches) >= limit:
                break
            if candidate not in matches and lowered and lowered in candidate.lower():
                matches.append(candidate)
    return matches
