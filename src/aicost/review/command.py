"""Build a diff from command-line arguments: which designs, which price files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from aicost.design.loader import validate_model
from aicost.design.yamlio import parse_yaml
from aicost.errors import AicostError, InputError, Location
from aicost.pricing.user_files import PriceFile, UserPrice, load_price_files
from aicost.review.diff import DiffResult, diff_pairs
from aicost.review.git import GitRevision
from aicost.review.pairs import pairs_from_paths, pairs_from_revision

WORKING_TREE = "working tree"


def build_diff(
    paths: list[str],
    *,
    base_ref: str | None,
    pricing: list[Path],
    base_pricing: list[Path] | None,
    today: date | None = None,
    notify: Callable[[str], None] | None = None,
    progress_factory: Callable[[int], Callable[[str], None]] | None = None,
) -> DiffResult:
    """Find the design pairs and price files that the arguments name, and diff them.

    With `base_ref`, `paths` are designs in the working tree, compared with their
    versions at that revision, and the base price files are the `pricing` files as
    they were at the revision. Without it, `paths` are BASE and HEAD, and
    `base_pricing` (default `pricing`) prices the base.
    """
    head_prices = load_price_files(pricing)
    if base_ref is not None:
        if base_pricing:
            raise AicostError(
                "--base-pricing cannot be combined with --base-ref",
                hint="with --base-ref the base price files are the --pricing files "
                "as they were at the base ref",
            )
        revision = GitRevision(base_ref)
        pairs = pairs_from_revision(revision, paths)
        base_prices = _price_files_at(revision, pricing, notify)
        base_label, head_label = base_ref, WORKING_TREE
    else:
        if len(paths) != 2:
            raise AicostError(
                f"expected BASE and HEAD, got {len(paths)} path(s)",
                hint="give two design files or two directories, or --base-ref REF "
                "and the designs to compare with their versions at REF",
            )
        pairs = pairs_from_paths(paths[0], paths[1])
        base_prices = (
            load_price_files(base_pricing) if base_pricing is not None else head_prices
        )
        base_label, head_label = paths[0], paths[1]

    progress = progress_factory(len(pairs)) if progress_factory else None
    return diff_pairs(
        pairs,
        base_label=base_label,
        head_label=head_label,
        head_prices=head_prices,
        base_prices=base_prices,
        today=today,
        progress=progress,
    )


def _price_files_at(
    revision: GitRevision,
    paths: list[Path],
    notify: Callable[[str], None] | None,
) -> dict[str, UserPrice]:
    """Load price files as they were at `revision`; skip those that did not exist."""
    prices: dict[str, UserPrice] = {}
    for path in paths:
        repo_path = revision.repo_path(str(path))
        if repo_path not in revision.files_under(repo_path):
            if notify is not None:
                notify(
                    f"price file {path} does not exist at {revision.ref}; the base "
                    "designs are priced without it"
                )
            continue
        label = Path(revision.label(repo_path))
        document = parse_yaml(revision.read_text(repo_path), label)
        if not isinstance(document.data, dict):
            raise InputError(
                Location(label, 1),
                "a price file must be a YAML mapping with `version` and `models`",
            )
        price_file = validate_model(document, PriceFile)
        for ref, entry in price_file.models.items():
            prices[ref.lower()] = UserPrice(ref, entry, label)
    return prices
