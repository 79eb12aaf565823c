"""Pull-request comment for a diff: the Markdown report under a hidden marker line.

The marker, an HTML comment on the first line, lets `aicost github-comment` find the
comment it posted before and update it on the next push. Design text is escaped by
`diff_markdown.safe_text`, which turns `<` into `&lt;`, so no design can forge a marker.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING

from aicost.errors import AicostError

if TYPE_CHECKING:
    from aicost.review.budget import Verdict
    from aicost.review.diff import DiffResult


class CommentMode(StrEnum):
    """Pull-request comment handling: update the last comment, add one, or post none."""

    update = "update"
    new = "new"
    off = "off"


DEFAULT_KEY = "cost-review"
MARKER_PATTERN = re.compile(r"<!-- aicost:([A-Za-z0-9._-]{1,64}) -->")
KEY_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")

MAX_COMMENT_CHARS = 65_000
"""GitHub rejects comment bodies over 65,536 characters; this leaves a margin."""


def marker(key: str = DEFAULT_KEY) -> str:
    """Return the marker line for `key`; raise AicostError if the key is invalid."""
    if not KEY_PATTERN.fullmatch(key):
        raise AicostError(
            f"invalid comment key {key!r}",
            hint="use 1 to 64 letters, digits, dots, dashes or underscores",
        )
    return f"<!-- aicost:{key} -->"


def find_marker(body: str) -> str | None:
    """Return the marker line if the first line of `body` is one, else None."""
    first_line = body.split("\n", 1)[0].strip()
    return first_line if MARKER_PATTERN.fullmatch(first_line) else None


def render(
    result: DiffResult,
    verdict: Verdict,
    *,
    color: bool = False,
    key: str = DEFAULT_KEY,
) -> str:
    """Render the comment; past GitHub's size limit, render it without details.

    A body still too long is cut when posted (see aicost.github.fit_comment), so the
    job summary, which allows more, keeps all of it.
    """
    from aicost.report import diff_markdown

    line = marker(key)
    body = diff_markdown.render(result, verdict, marker=line)
    if len(body) <= MAX_COMMENT_CHARS:
        return body
    return diff_markdown.render(result, verdict, marker=line, details=False)
