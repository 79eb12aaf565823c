"""Match the base and head versions of each design, from a git revision or two paths."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aicost.design.yamlio import YamlDocument, parse_yaml, read_yaml_file
from aicost.errors import AicostError
from aicost.review.discovery import (
    DesignInput,
    is_glob,
    parse_input,
    select_designs,
    walk_files,
)
from aicost.review.git import GitRevision


@dataclass(frozen=True)
class DesignPair:
    """The two versions of one design file; a missing side is None."""

    path: str
    """The file as reports name it: the head path, or the base path if removed."""
    base: YamlDocument | None
    head: YamlDocument | None
    base_error: str | None = None
    """Reason the base version could not be read, when the head version exists."""


def pairs_from_revision(
    revision: GitRevision, texts: Iterable[str]
) -> list[DesignPair]:
    """Pair each design that the inputs name in the working tree with its version at
    `revision`. A file only in the working tree is added; one only at the revision is
    removed.
    """
    pairs: dict[str, DesignPair] = {}
    for text in texts:
        if os.path.isabs(text):
            # Base paths come from git relative to the working directory, so the
            # head paths must too, or every design would look added.
            text = os.path.relpath(text, revision.cwd)
        design_input = parse_input(text)
        head_paths = _head_designs(design_input)
        base_paths = _base_designs(revision, design_input)
        if not head_paths and not base_paths:
            raise AicostError(
                f"{text}: no design files in the working tree or at {revision.ref}",
                hint="check the path; a directory is searched for *.yaml and *.yml "
                "files, and a glob should be quoted so that the shell does not "
                "expand it",
            )
        for path in sorted(set(head_paths) | set(base_paths)):
            if path in pairs:
                continue
            base = None
            base_error = None
            head = read_yaml_file(Path(path)) if path in head_paths else None
            if path in base_paths:
                repo_path = revision.repo_path(path)
                label = Path(revision.label(repo_path))
                try:
                    base = parse_yaml(revision.read_text(repo_path), label)
                except AicostError as error:
                    if head is None:
                        raise
                    base_error = error.message
            pairs[path] = DesignPair(path, base, head, base_error)
    return list(pairs.values())


def _head_designs(design_input: DesignInput) -> list[str]:
    target = Path(design_input.path)
    if not design_input.glob and target.is_file():
        return [design_input.path]
    prefix = design_input.literal_prefix if design_input.glob else design_input.path
    directory = Path(prefix)
    if not directory.is_dir():
        return []
    return select_designs(design_input, walk_files(directory, prefix))


def _base_designs(revision: GitRevision, design_input: DesignInput) -> list[str]:
    prefix = design_input.literal_prefix if design_input.glob else design_input.path
    repo_prefix = revision.repo_path(prefix)
    files = [revision.working_path(name) for name in revision.files_under(repo_prefix)]
    if not design_input.glob and design_input.path in files:
        return [design_input.path]
    return select_designs(design_input, files)


def pairs_from_paths(base_text: str, head_text: str) -> list[DesignPair]:
    """Pair two design files, or the same-named designs in two directories."""
    for text in (base_text, head_text):
        if is_glob(text) and not Path(text).exists():
            raise AicostError(
                f"{text}: a glob needs --base-ref",
                hint="compare two files or two directories, or give --base-ref REF "
                "and the glob",
            )
    base, head = Path(base_text), Path(head_text)
    if base.is_file() and head.is_file():
        return [DesignPair(head_text, read_yaml_file(base), read_yaml_file(head))]
    if base.is_dir() and head.is_dir():
        return _directory_pairs(base_text, head_text)

    for path in (base, head):
        if not path.exists():
            raise AicostError(
                f"{path}: file or directory not found",
                hint="aicost diff BASE HEAD compares two design files or two "
                "directories",
            )
    raise AicostError(
        f"cannot compare {base} with {head}: one is a file and the other a directory",
        hint="give two design files or two directories",
    )


def _directory_pairs(base_text: str, head_text: str) -> list[DesignPair]:
    base_input, head_input = parse_input(base_text), parse_input(head_text)
    base_files = _relative_designs(base_input)
    head_files = _relative_designs(head_input)
    if not base_files and not head_files:
        raise AicostError(
            f"neither {base_text} nor {head_text} contains design files "
            "(*.yaml, *.yml)",
        )
    pairs = []
    for name in sorted(base_files.keys() | head_files.keys()):
        base_path = base_files.get(name)
        head_path = head_files.get(name)
        pairs.append(
            DesignPair(
                head_path or base_path or name,
                read_yaml_file(Path(base_path)) if base_path else None,
                read_yaml_file(Path(head_path)) if head_path else None,
            )
        )
    return pairs


def _relative_designs(design_input: DesignInput) -> dict[str, str]:
    """Return the designs in a directory, keyed by path relative to it."""
    files = select_designs(parse_input("."), walk_files(Path(design_input.path), "."))
    return {
        name: str(Path(design_input.path) / name).replace("\\", "/") for name in files
    }
