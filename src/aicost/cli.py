"""The `aicost` command line; heavy modules are imported inside the commands."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from aicost import __version__
from aicost.report import ReportFormat

app = typer.Typer(
    name="aicost",
    help=(
        "Estimate what an AI workload will cost before it ships. Describe the workload "
        "in a YAML design file; aicost prices LLM tokens and reports the monthly cost "
        "and the cost per unit of work, in USD."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK = 0
EXIT_INVALID = 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aicost {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Estimate what an AI workload will cost before it ships."""


DesignArgument = Annotated[
    Path,
    typer.Argument(
        help="Design file (YAML, format version 1).",
        metavar="DESIGN",
        show_default=False,
        dir_okay=False,
    ),
]
FormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        "-f",
        help="Report format: table (terminal), markdown (for design docs) or json "
        "(versioned, money as decimal strings).",
        case_sensitive=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file instead of stdout. The file is written "
        "only when the report is complete.",
        metavar="FILE",
        dir_okay=False,
    ),
]
PricingOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--pricing",
        help="Price file (YAML) adding or replacing model prices, in USD per million "
        "tokens, keyed by provider/model. Repeatable; later files win.",
        metavar="FILE",
        dir_okay=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Price date (YYYY-MM-DD) to use instead of the design's pricing.as_of "
        "(default: today).",
        metavar="YYYY-MM-DD",
        show_default=False,
    ),
]


@app.command()
def estimate(
    design: DesignArgument,
    report_format: FormatOption = ReportFormat.table,
    output: OutputOption = None,
    pricing: PricingOption = None,
    as_of: AsOfOption = None,
) -> int:
    """Price a design: monthly cost and cost per unit of work, per component and total.

    Token counts in the design are per model call; volumes are units of work per day or
    per month; a month is the design's period.hours_per_month (730 by default).
    """
    from aicost.design.loader import load_design
    from aicost.engine.estimate import estimate as run_estimate
    from aicost.report import render

    _refuse_overwriting_inputs(output, [design, *(pricing or [])])
    loaded = load_design(design)
    user_prices = {}
    if pricing:
        from aicost.pricing.user_files import load_price_files

        user_prices = load_price_files(pricing)
    if as_of is not None:
        loaded = _with_price_date(loaded, _parse_date(as_of))
    result = run_estimate(loaded, user_prices=user_prices)

    for warning in result.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    color = output is None and sys.stdout.isatty()
    _emit(render(result, report_format, color=color), output)
    return EXIT_OK


@app.command()
def validate(
    designs: Annotated[
        list[Path],
        typer.Argument(
            help="Design files to check.", metavar="DESIGN...", show_default=False
        ),
    ],
) -> int:
    """Check design files against the format without pricing them."""
    from aicost.design.loader import load_design
    from aicost.errors import AicostError

    failed = 0
    for path in designs:
        try:
            load_design(path)
        except AicostError as error:
            failed += 1
            typer.echo(f"Error: {error.render()}", err=True)
        else:
            typer.echo(f"{path}: valid")
    return EXIT_INVALID if failed else EXIT_OK


@app.command()
def init(
    path: Annotated[
        Path,
        typer.Argument(help="Design file to create.", metavar="FILE", dir_okay=False),
    ] = Path("aicost.yaml"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace the file if it exists.")
    ] = False,
) -> int:
    """Write a commented starter design file to edit."""
    from importlib.resources import files

    from aicost.errors import AicostError

    if path.exists() and not force:
        raise AicostError(
            f"{path} already exists; not overwriting it",
            hint="pass --force to replace it, or give another file name",
        )
    text = files("aicost.design").joinpath("starter.yaml").read_text(encoding="utf-8")
    _emit(text.replace("PRICE_DATE", date.today().isoformat()), path)
    typer.echo(f"Wrote {path}; price it with: aicost estimate {path}", err=True)
    return EXIT_OK


@app.command()
def schema(output: OutputOption = None) -> int:
    """Print the JSON Schema of the design format, for editors and validators."""
    import json

    from aicost.design.schema import design_schema

    document = design_schema()
    _emit(json.dumps(document, indent=2) + "\n", output)
    return EXIT_OK


def _parse_date(text: str) -> date:
    from aicost.errors import AicostError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AicostError(
            f"invalid --as-of {text!r}", hint="write the date as YYYY-MM-DD"
        ) from None


def _with_price_date(loaded, as_of: date):
    from dataclasses import replace

    pricing = loaded.design.pricing.model_copy(update={"as_of": as_of})
    design = loaded.design.model_copy(update={"pricing": pricing})
    return replace(loaded, design=design)


def _refuse_overwriting_inputs(output: Path | None, inputs: list[Path]) -> None:
    from aicost.errors import AicostError

    if output is None:
        return
    target = output.resolve()
    for path in inputs:
        if path.resolve() == target:
            raise AicostError(
                f"--output {output} is also an input file; refusing to overwrite it",
                hint="write the report to another file",
            )


def _emit(text: str, output: Path | None) -> None:
    """Write the finished report to stdout, or atomically to `output`."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return

    import os
    import tempfile

    from aicost.errors import AicostError

    directory = output.parent if str(output.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=directory, prefix=f".{output.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise AicostError(
            f"cannot write {output}: {error.strerror}",
            hint="check that the folder exists and is writable",
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
        os.replace(temp_name, output)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise AicostError(f"cannot write {output}: {error.strerror}") from None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code: 0 success, 2 invalid input or usage."""
    from typer.exceptions import TyperException

    from aicost.errors import AicostError

    # Plugin discovery scans every installed package's metadata (about 25 ms) on the
    # first model build; a CLI process has no use for pydantic plugins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="aicost", standalone_mode=False)
    except typer.Exit as exit_:
        return exit_.exit_code
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        return 130
    except TyperException as error:
        show = getattr(error, "show", None)
        if show is not None:
            show()
        else:
            typer.echo(f"Error: {error.format_message()}", err=True)
        return error.exit_code
    except AicostError as error:
        typer.echo(f"Error: {error.render()}", err=True)
        return error.exit_code
    except BrokenPipeError:
        return EXIT_OK
    return result if isinstance(result, int) else EXIT_OK
