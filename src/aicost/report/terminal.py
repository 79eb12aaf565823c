"""Rich consoles for the terminal reports, and tables printed without cutting figures.

Numeric columns are `no_wrap` and text columns fold, so rich narrows names and models
before figures. When even that does not fit, rich would cut every column, so
`print_table` widens the console for that table instead: a line longer than the
terminal wraps, but no amount or count loses digits.
"""

from __future__ import annotations

from typing import IO

from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table

WIDTH = 160
"""Width of a report written to a file or a pipe, fixed so that its layout does not
depend on where it is written."""

MEASURE_WIDTH = 10_000

FOLDED_MIN_WIDTH = 8
"""Characters a folding text column keeps when the table must be narrowed."""


def report_console(
    file: IO[str], *, color: bool, terminal: bool = False, width: int | None = None
) -> Console:
    """Return a console writing to `file`.

    Its width is `width` if given, the terminal's when `terminal` is true (rich
    measures it, and `COLUMNS` overrides), and `WIDTH` otherwise.
    """
    if width is None and not terminal:
        width = WIDTH
    return Console(
        file=file,
        width=width,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
    )


def print_renderable(console: Console, renderable: RenderableType) -> None:
    """Print a table with `print_table` and anything else as it is."""
    if isinstance(renderable, Table):
        print_table(console, renderable)
    else:
        console.print(renderable)


def print_table(console: Console, table: Table) -> None:
    """Print `table`, widening the console for it if its figures would be cut."""
    width = console.width
    needed = minimum_width(console, table)
    if needed <= width:
        console.print(table)
        return
    console.width = needed
    try:
        console.print(table)
    finally:
        console.width = width


def minimum_width(console: Console, table: Table) -> int:
    """Return the narrowest width at which rich shrinks only the table's text columns.

    A `no_wrap` column needs its widest cell. A wrapping column needs its widest cell
    up to `FOLDED_MIN_WIDTH`, or the longest word of its heading if that is longer.
    Padding and vertical borders are added.
    """
    # Measure against a generous width, because rich caps a measurement at the
    # width it is given.
    options = console.options.update_width(MEASURE_WIDTH)
    _, right, _, left = Padding.unpack(table.padding)
    total = 0
    for column in table.columns:
        cells: list[RenderableType] = [column.header, *column.cells]
        if table.show_footer:
            cells.append(column.footer)
        sizes = [Measurement.get(console, options, cell) for cell in cells]
        widest = max((size.maximum for size in sizes), default=0)
        if not column.no_wrap:
            # The longest word of the heading is kept whole.
            heading = sizes[0].minimum
            widest = max(heading, min(widest, FOLDED_MIN_WIDTH))
        total += widest + left + right
    if table.box is not None:
        columns = len(table.columns)
        total += columns + 1 if table.show_edge else max(columns - 1, 0)
    return total
