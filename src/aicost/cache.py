"""The user's cache folder, for the price index and compiled report templates."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Return $AICOST_CACHE_DIR, else $XDG_CACHE_HOME/aicost, else ~/.cache/aicost."""
    if override := os.environ.get("AICOST_CACHE_DIR"):
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "aicost"
