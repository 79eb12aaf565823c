"""The `aicost` command line; heavy modules are imported inside the commands."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from aicost import __version__
from aicost.report import DiffFormat, ReportFormat
from aicost.report.github_comment import CommentMode

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
EXIT_BREACH = 1
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
        help="Report format: table (terminal), markdown (for design docs), json "
        "(versioned, money as decimal strings) or focus (FOCUS 1.2-shaped CSV, one "
        "row per component and charge).",
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
DesignsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Design files (YAML, format version 1), directories searched for *.yaml "
        "and *.yml files at any depth, or quoted glob patterns such as "
        "'designs/**/*.yaml'.",
        metavar="DESIGN...",
        show_default=False,
    ),
]
FailAboveMonthlyOption = Annotated[
    str | None,
    typer.Option(
        "--fail-above-monthly",
        help="Exit with status 1 if a design's monthly cost is above this many USD. "
        "Applies to each design on its own, as does every --fail-above limit.",
        metavar="USD",
        show_default=False,
    ),
]
FailAboveUnitOption = Annotated[
    str | None,
    typer.Option(
        "--fail-above-unit",
        help="Exit with status 1 if a design's cost per unit of work is above this "
        "many USD.",
        metavar="USD",
        show_default=False,
    ),
]
ScenarioOption = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        help="Price the named scenario from the design's scenarios list in place of "
        "the design.",
        metavar="NAME",
        show_default=False,
    ),
]
SamplesOption = Annotated[
    int,
    typer.Option(
        "--samples",
        min=0,
        max=1_000_000,
        help="Monte Carlo samples to draw over the design's {low, expected, high} "
        "ranges (triangular distributions); adds P10, P50 and P90 of monthly and unit "
        "cost. 0 draws none.",
        metavar="N",
    ),
]
SeedOption = Annotated[
    int,
    typer.Option(
        "--seed",
        help="Random seed for --samples; the same seed and design give the same "
        "percentiles.",
        metavar="N",
    ),
]
SensitivityOption = Annotated[
    bool,
    typer.Option(
        "--sensitivity",
        help="Also move every single number of the design 25% down and up and rank "
        "all inputs by the swing in monthly cost they cause.",
    ),
]


@app.command(short_help="Price a design: monthly cost and cost per unit of work.")
def estimate(
    designs: DesignsArgument,
    report_format: FormatOption = ReportFormat.table,
    output: OutputOption = None,
    pricing: PricingOption = None,
    as_of: AsOfOption = None,
    fail_above_monthly: FailAboveMonthlyOption = None,
    fail_above_unit: FailAboveUnitOption = None,
    scenario: ScenarioOption = None,
    samples: SamplesOption = 0,
    seed: SeedOption = 0,
    sensitivity: SensitivityOption = False,
) -> int:
    """Price a design: monthly cost and cost per unit of work, per component and total.

    Token counts in the design are per model call; volumes are units of work per day or
    per month; a month is the design's period.hours_per_month (730 by default).
    Several designs, a directory or a glob give each design's report and a summary.
    A design above its budget, or above a --fail-above limit, exits with status 1
    after the report is written.
    """
    from aicost.analysis import analyse, apply_named_scenario
    from aicost.design.loader import load_design
    from aicost.engine.estimate import estimate as run_estimate
    from aicost.report import render

    limits = _limits(fail_above_monthly, fail_above_unit, None)
    if _names_many_designs(designs):
        _require_one_design(scenario, samples, sensitivity)
        return _estimate_many(designs, report_format, output, pricing, as_of, limits)
    design = designs[0]
    _refuse_overwriting_inputs(output, [design, *(pricing or [])])
    loaded = load_design(design)
    user_prices = {}
    if pricing:
        from aicost.pricing.user_files import load_price_files

        user_prices = load_price_files(pricing)
    if as_of is not None:
        loaded = _with_price_date(loaded, _parse_date(as_of))
    chosen = None
    if scenario is not None:
        loaded, chosen = apply_named_scenario(loaded, scenario)
    result = run_estimate(loaded, user_prices=user_prices)
    result = analyse(
        result,
        loaded,
        user_prices=user_prices,
        samples=samples,
        seed=seed,
        sensitivity=sensitivity,
        scenario=chosen,
    )
    if samples and not (result.analysis and result.analysis.inputs):
        typer.echo(
            "Warning: --samples draws nothing because the design has no "
            "{low, expected, high} ranges",
            err=True,
        )

    for warning in result.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    # NO_COLOR (https://no-color.org): any non-empty value turns colour off.
    terminal = output is None and sys.stdout.isatty()
    color = terminal and not os.environ.get("NO_COLOR")
    _emit(render(result, report_format, color=color, terminal=terminal), output)
    return _check_estimate_budgets([(str(design), result)], limits)


def _require_one_design(scenario: str | None, samples: int, sensitivity: bool) -> None:
    from aicost.errors import AicostError

    given = [
        name
        for name, used in (
            ("--scenario", scenario is not None),
            ("--samples", samples > 0),
            ("--sensitivity", sensitivity),
        )
        if used
    ]
    if given:
        raise AicostError(
            f"{', '.join(given)} applies to one design, but several were given",
            hint="run aicost estimate on each design that needs it",
        )


@app.command(short_help="Check designs and that every price they name exists.")
def validate(
    designs: Annotated[
        list[Path],
        typer.Argument(
            help="Design files, directories of design files, or quoted globs.",
            metavar="DESIGN...",
            show_default=False,
        ),
    ],
    pricing: PricingOption = None,
) -> int:
    """Check designs without printing a report.

    Each design is checked against the format, its scenarios and ranges are applied,
    and every model, instance, SKU and offer it names is looked up in the price data
    (and the --pricing files), so a design that validates also estimates.
    """
    from aicost.analysis import check_design
    from aicost.design.loader import load_design
    from aicost.engine.estimate import estimate as run_estimate
    from aicost.errors import AicostError

    failed = 0
    paths: list[Path] = []
    for argument in designs:
        try:
            paths += _expand_designs(argument)
        except AicostError as error:
            failed += 1
            typer.echo(f"Error: {error.render()}", err=True)
    user_prices = {}
    if pricing:
        from aicost.pricing.user_files import load_price_files

        user_prices = load_price_files(pricing)
    for path in paths:
        try:
            loaded = load_design(path)
            check_design(loaded)
            run_estimate(loaded, user_prices=user_prices)
        except AicostError as error:
            failed += 1
            typer.echo(f"Error: {error.render()}", err=True)
        else:
            typer.echo(f"{path}: valid")
    return EXIT_INVALID if failed else EXIT_OK


def _expand_designs(argument: Path) -> list[Path]:
    """Return the design files a directory or glob names; a file stands for itself."""
    if not _names_many_designs([argument]):
        return [argument]
    from aicost.review.discovery import find_designs

    return [Path(path) for path in find_designs([str(argument)])]


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


@app.command(short_help="Print the JSON Schema of the design format.")
def schema(output: OutputOption = None) -> int:
    """Print the JSON Schema of the design format, for editors and validators."""
    import json

    from aicost.design.schema import design_schema

    document = design_schema()
    _emit(json.dumps(document, indent=2) + "\n", output)
    return EXIT_OK


@app.command(short_help="Compare the cost of designs between two versions.")
def diff(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="With --base-ref: design files, directories or quoted globs in the "
            "working tree, each compared with its version at REF. Without: BASE HEAD, "
            "two design files, or two directories whose designs are matched by path.",
            metavar="PATH...",
            show_default=False,
        ),
    ],
    base_ref: Annotated[
        str | None,
        typer.Option(
            "--base-ref",
            help="Git revision to read the base version of each design and --pricing "
            "file from, e.g. origin/main or a commit.",
            metavar="REF",
            show_default=False,
        ),
    ] = None,
    report_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help="Report format: table (terminal), markdown, json (versioned, money "
            "as decimal strings) or github-comment (Markdown with a hidden marker "
            "line, for aicost github-comment).",
            case_sensitive=False,
        ),
    ] = DiffFormat.table,
    output: OutputOption = None,
    pricing: PricingOption = None,
    base_pricing: Annotated[
        list[Path] | None,
        typer.Option(
            "--base-pricing",
            help="Price file for the BASE designs, in the --pricing format; default "
            "the --pricing files. Repeatable. Not with --base-ref, which reads the "
            "--pricing files at REF instead.",
            metavar="FILE",
            dir_okay=False,
        ),
    ] = None,
    fail_above_monthly: FailAboveMonthlyOption = None,
    fail_above_unit: FailAboveUnitOption = None,
    fail_above_increase: Annotated[
        str | None,
        typer.Option(
            "--fail-above-increase",
            help="Exit with status 1 if a design's monthly cost rises by more than "
            "this: a percent of its previous cost (10%) or USD (500). A percent limit "
            "is not checked for a design new in the diff.",
            metavar="PERCENT%|USD",
            show_default=False,
        ),
    ] = None,
    comment_key: Annotated[
        str,
        typer.Option(
            "--comment-key",
            help="Name in the github-comment marker line; give each diff its own name "
            "to keep separate comments on one pull request.",
            metavar="NAME",
        ),
    ] = "cost-review",
) -> int:
    """Compare the monthly and unit cost of designs between two versions.

    Each change is split into what the design changed and what prices changed: the
    base design is repriced at the head's price date and price files. A design only at
    the head counts from zero, one only at the base to zero. A design above its budget
    or a --fail-above limit exits with status 1 after the report is written.
    """
    from aicost.report import render_diff
    from aicost.report.github_comment import marker
    from aicost.review.budget import check_diff
    from aicost.review.command import build_diff
    from aicost.review.progress import DelayedProgress

    limits = _limits(fail_above_monthly, fail_above_unit, fail_above_increase)
    marker(comment_key)
    with DelayedProgress() as progress:
        result = build_diff(
            paths,
            base_ref=base_ref,
            pricing=list(pricing or []),
            base_pricing=list(base_pricing) if base_pricing is not None else None,
            notify=lambda message: typer.echo(f"Note: {message}", err=True),
            progress_factory=progress.start,
        )
    inputs = [Path(item.path) for item in result.designs]
    inputs += [*(pricing or []), *(base_pricing or [])]
    _refuse_overwriting_inputs(output, inputs)
    for item in result.designs:
        for warning in item.warnings:
            typer.echo(f"Warning: {item.path}: {warning}", err=True)

    verdict = check_diff(result, limits)
    terminal = output is None and sys.stdout.isatty()
    color = terminal and not os.environ.get("NO_COLOR")
    if report_format == DiffFormat.github_comment:
        from aicost.report import github_comment

        text = github_comment.render(result, verdict, key=comment_key)
    else:
        text = render_diff(
            result, verdict, report_format, color=color, terminal=terminal
        )
    _emit(text, output)
    return _report_verdict(verdict)


@app.command(
    "github-comment",
    short_help="Post a cost report as a pull-request comment and job summary.",
)
def github_comment(
    body: Annotated[
        Path,
        typer.Argument(
            help="Report written by aicost diff --format github-comment.",
            metavar="FILE",
            show_default=False,
            dir_okay=False,
        ),
    ],
    mode: Annotated[
        CommentMode,
        typer.Option(
            "--mode",
            help="update: edit the comment posted before for the same marker, or "
            "create one; new: always create a comment; off: post nothing and only "
            "write the job summary.",
            case_sensitive=False,
        ),
    ] = CommentMode.update,
    pull_request: Annotated[
        int | None,
        typer.Option(
            "--pr",
            help="Pull request number; default the one in the event payload "
            "(GITHUB_EVENT_PATH).",
            min=1,
            show_default=False,
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary/--no-summary",
            help="Append the report to the job summary file named by "
            "GITHUB_STEP_SUMMARY.",
        ),
    ] = True,
) -> int:
    """Post a cost report to a pull request through the GitHub REST API.

    Reads GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_EVENT_NAME,
    GITHUB_EVENT_PATH and GITHUB_STEP_SUMMARY, as GitHub Actions sets them. The job
    summary is written first, so it is there even when the comment fails. A
    pull_request run from a fork and a 403 reply skip the comment with a warning.
    Exit status 3 means another GitHub request failed.
    """
    from aicost.errors import InputError, Location
    from aicost.github import post_report

    try:
        text = body.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(Location(body), f"cannot be read: {error}") from None
    return post_report(text, mode=mode, pull_request=pull_request, summary=summary)


def _names_many_designs(designs: list[Path]) -> bool:
    """Return whether the arguments are anything other than one design file."""
    from aicost.review.discovery import is_glob

    if len(designs) != 1:
        return True
    if designs[0].is_file():
        return False
    return is_glob(str(designs[0])) or designs[0].is_dir()


def _estimate_many(
    designs: list[Path],
    report_format: ReportFormat,
    output: Path | None,
    pricing: list[Path] | None,
    as_of: str | None,
    limits,
) -> int:
    from aicost.pricing.user_files import load_price_files
    from aicost.report.summary import render_many
    from aicost.review.batch import estimate_designs
    from aicost.review.discovery import find_designs
    from aicost.review.progress import DelayedProgress

    paths = find_designs(str(design) for design in designs)
    _refuse_overwriting_inputs(output, [*map(Path, paths), *(pricing or [])])
    user_prices = load_price_files(list(pricing or []))
    price_date = _parse_date(as_of) if as_of is not None else None
    with DelayedProgress(len(paths)) as progress:
        estimates = estimate_designs(
            paths, user_prices=user_prices, as_of=price_date, progress=progress.advance
        )
    for path, result in estimates:
        for warning in result.warnings:
            typer.echo(f"Warning: {path}: {warning}", err=True)
    terminal = output is None and sys.stdout.isatty()
    color = terminal and not os.environ.get("NO_COLOR")
    _emit(render_many(estimates, report_format, color=color, terminal=terminal), output)
    return _check_estimate_budgets(estimates, limits)


def _limits(monthly: str | None, per_unit: str | None, increase: str | None):
    if monthly is None and per_unit is None and increase is None:
        return None
    from aicost.review.budget import IncreaseLimit, Limits, parse_amount

    return Limits(
        monthly=parse_amount(monthly, "--fail-above-monthly") if monthly else None,
        per_unit=parse_amount(per_unit, "--fail-above-unit") if per_unit else None,
        increase=IncreaseLimit.parse(increase) if increase else None,
    )


def _check_estimate_budgets(estimates, limits) -> int:
    budgeted = any(
        value is not None
        for _, result in estimates
        for value in result.design.budget.model_dump().values()
    )
    if limits is None and not budgeted:
        return EXIT_OK
    from aicost.review.budget import check_estimates

    return _report_verdict(check_estimates(estimates, limits))


def _report_verdict(verdict) -> int:
    """Print each breached limit on stderr; return 1 if any, else 0."""
    for check in verdict.breaches:
        typer.echo(f"Budget exceeded: {check.message()}", err=True)
    return EXIT_BREACH if verdict.breaches else EXIT_OK


def _parse_date(text: str) -> date:
    from aicost.errors import AicostError

    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise AicostError(
            f"invalid --as-of {text!r}", hint="write the date as YYYY-MM-DD"
        ) from None
    if not date(2000, 1, 1) <= parsed <= date(2100, 12, 31):
        raise AicostError(
            f"invalid --as-of {text!r}: price dates run from 2000-01-01 to 2100-12-31"
        )
    return parsed


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
    """Write the finished report to stdout, or to `output` once it is complete."""
    from aicost.output import write_report

    write_report(text, output)


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
