"""A progress bar on stderr for runs over many designs, shown once they take long."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

DELAY_SECONDS = 1.0


class DelayedProgress:
    """Count finished designs; draw a bar once the run has lasted `delay` seconds.

    The bar is drawn only when stderr is a terminal and there is more than one design,
    unless `console` is given, and it is removed when the run ends.
    """

    def __init__(
        self,
        total: int = 0,
        description: str = "Pricing designs",
        *,
        delay: float = DELAY_SECONDS,
        console: Console | None = None,
    ) -> None:
        self.total = total
        self.description = description
        self.delay = delay
        self.done = 0
        self._forced = console is not None
        self.console = console or Console(file=sys.stderr)
        self._started = time.monotonic()
        self._progress: Progress | None = None
        self._task = None

    @property
    def enabled(self) -> bool:
        return self._forced or (self.console.is_terminal and self.total > 1)

    def start(self, total: int) -> Callable[[str], None]:
        """Set the number of designs once known and return the `advance` callback."""
        self.total = total
        return self.advance

    def advance(self, label: str) -> None:
        """Record one finished design, named `label`."""
        self.done += 1
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self._started < self.delay:
                return
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[label]}"),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(
                self.description, total=self.total, completed=0, label=""
            )
        assert self._task is not None
        self._progress.update(self._task, completed=self.done, label=label)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> DelayedProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
