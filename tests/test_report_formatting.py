"""Report formatting: numbers, rates, plurals, unit labels, idle cost and escaping.

Expected figures are hand-computed from the inline prices in each design, so they do
not move when the price catalogs do.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from aicost.design.loader import load_design
from aicost.engine.estimate import estimate
from aicost.report import numbers, table
from aicost.report.markdown import code_cell, escape_cell
from aicost.report.units import capitalize_first, plural, unit_label

# --- numbers.py formatters ------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "designs"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "$0.00"),
        ("1234.5", "$1,234.50"),
        ("1E+6", "$1,000,000.00"),
        ("0.5", "$0.50"),
        ("0.0042", "$0.0042"),
        ("0.00128", "$0.0013"),
        ("0.0000005", "$0.00000050"),
        ("5E-7", "$0.00000050"),
        ("1.2E-12", "$0.0000000000012"),
        ("0.995", "$1.00"),
        ("-12.5", "-$12.50"),
        ("-0.0042", "-$0.0042"),
    ],
)
def test_money(value: str, expected: str) -> None:
    assert numbers.money(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.125", "$0.125"),
        ("23.77728", "$23.77728"),
        ("17.4014", "$17.4014"),
        ("2.5", "$2.50"),
        ("2.50", "$2.50"),
        ("25", "$25.00"),
        ("1E+3", "$1,000.00"),
        ("0.02", "$0.02"),
        ("0.045", "$0.045"),
        ("5E-7", "$0.0000005"),
        ("0", "$0.00"),
        ("0.1234567890123456", "$0.123456789012"),
        ("-0.125", "-$0.125"),
    ],
)
def test_rate(value: str, expected: str) -> None:
    assert numbers.rate(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0"),
        ("1825000", "1,825,000"),
        ("1234.567", "1,234.57"),
        ("109.5", "109.5"),
        ("0.5", "0.5"),
        ("0.125", "0.13"),
        ("0.001", "0.001"),
        ("0.0015", "0.0015"),
        ("0.00123", "0.0012"),
        ("1E-9", "0.000000001"),
        ("-0.001", "-0.001"),
        ("-2.5", "-2.5"),
    ],
)
def test_count(value: str, expected: str) -> None:
    assert numbers.count(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.001", "0.001"),
        ("999", "999"),
        ("1500", "1.5K"),
        ("1E+6", "1M"),
        ("608333.33", "608.33K"),
        ("1520000000", "1.52B"),
    ],
)
def test_compact(value: str, expected: str) -> None:
    assert numbers.compact(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        ("0.8319", "1", "83.2%"),
        ("14440.43", "17357.41", "83.2%"),
        ("5", "5", "100.0%"),
        ("0", "5", "0.0%"),
        ("0.0001", "100", "<0.1%"),
        ("1", "0", "–"),
    ],
)
def test_percent(part: str, whole: str, expected: str) -> None:
    assert numbers.percent(Decimal(part), Decimal(whole)) == expected


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [("0.1", "10%"), ("0.2055", "20.55%"), ("0.25", "25%"), ("1", "100%")],
)
def test_input_percent(fraction: str, expected: str) -> None:
    assert numbers.input_percent(Decimal(fraction)) == expected


@pytest.mark.parametrize("value", ["5E-7", "1E-12", "1.5E+14", "1E+20", "-3E-9"])
@pytest.mark.parametrize(
    "formatter",
    [numbers.money, numbers.rate, numbers.count, numbers.compact, numbers.plain],
    ids=lambda formatter: formatter.__name__,
)
def test_formatters_never_use_exponents(formatter, value: str) -> None:
    assert "E" not in formatter(Decimal(value))


# --- plurals and unit labels ----------------------------------------------------


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("query", "queries"),
        ("queries", "queries"),
        ("conversation", "conversations"),
        ("day", "days"),
        ("essay", "essays"),
        ("box", "boxes"),
        ("batch", "batches"),
        ("crash", "crashes"),
        ("quiz", "quizes"),
        ("GPU hours", "GPU hours"),
        ("training run", "training runs"),
        ("document page", "document pages"),
        ("unit of work", "units of work"),
        ("PDF", "PDFs"),
        ("process", "processes"),
        ("training pass", "training passes"),
        ("analysis", "analyses"),
        ("filing analysis", "filing analyses"),
        ("child", "children"),
        ("対話", "対話"),
        ("model v2", "model v2"),
    ],
)
def test_plural(noun: str, expected: str) -> None:
    assert plural(noun) == expected


def test_plural_of_one_is_singular() -> None:
    assert plural("query", Decimal(1)) == "query"
    assert plural("query", Decimal("0.001")) == "queries"


def test_capitalize_first_keeps_the_rest() -> None:
    assert capitalize_first("queries") == "Queries"
    assert capitalize_first("PDF pages") == "PDF pages"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("gb_month", "GB-month"),
        ("gb", "GB"),
        ("million_read_units", "million read units"),
        ("thousand_requests", "thousand requests"),
        ("instance_hour", "instance-hour"),
        ("unit_hour", "unit-hour"),
        ("some_new_unit", "some new unit"),
    ],
)
def test_unit_label(key: str, expected: str) -> None:
    assert unit_label(key) == expected


# --- Markdown escaping ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("components.answer.model", "`components.answer.model`"),
        ("a|b", "`a\\|b`"),
        ("a`b", "``a`b``"),
        ("`start", "`` `start ``"),
        ("a``b|c", "```a``b\\|c```"),
        ("<b>", "`<b>`"),
        # An odd run of backslashes before a pipe would escape it in the cell
        # splitter, so one more is added and the pipe stays escaped.
        ("a\\|b", "`a\\\\\\|b`"),
    ],
)
def test_code_cell(text: str, expected: str) -> None:
    assert code_cell(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b", "a\\|b"),
        ("x`y", "x\\`y"),
        ("<script>", "&lt;script&gt;"),
        ("line\nbreak", "line break"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_escape_cell(text: str, expected: str) -> None:
    assert escape_cell(text) == expected


# --- Reports of whole designs ---------------------------------------------------

HEADER = """\
version: 1
name: Formatting case
unit: {unit}
volume:
  units_per_month: {units}
pricing:
  as_of: 2026-11-01
components:
"""

LONG_COMPONENT = "a-very-long-component-name-for-the-answer-generator"
LONG_FLEET = "gpu-fleet-with-a-rather-long-descriptive-name"
LONG_NAMES = (
    HEADER.format(unit="query", units=1_000_000)
    + f"""\
  - name: answer-generation
    kind: llm
    model: openrouter/nousresearch/hermes-3-llama-3.1-405b
    calls_per_unit: 1
    input_tokens: 4000
    output_tokens: 500
    price:
      input_per_mtok: 1
      output_per_mtok: 3
  - name: {LONG_COMPONENT}
    kind: llm
    model: acme/an-equally-long-private-model-name-for-folding-tests
    calls_per_unit: 1
    input_tokens: 2000
    output_tokens: 300
    price:
      input_per_mtok: 0.4
      output_per_mtok: 1.6
  - name: {LONG_FLEET}
    kind: gpu_fleet
    instance: aws/p4de.24xlarge
    count: 2
    hourly_price: 23.77728
"""
)

# 1,000,000 calls a month each. answer-generation: 4,000 input tokens at $1 and 500
# output tokens at $3 per million = $4,000 + $1,500 = $5,500. The long component:
# 2,000 at $0.40 and 300 at $1.60 = $800 + $480 = $1,280. The fleet: 2 instances x
# 730 hours x $23.77728 = $34,714.8288. Total $41,494.8288.
LONG_NAME_FIGURES = [
    "$5,500.00",  # answer-generation monthly
    "$0.0055",  # answer-generation per query
    "13.3%",  # answer-generation share
    "$1,280.00",  # long component monthly
    "$0.0013",  # long component per query: 0.00128
    "3.1%",  # long component share
    "$6,780.00",  # model API subtotal
    "$0.0068",  # model API subtotal per query
    "16.3%",  # model API share
    "$23.77728",  # fleet price per instance-hour
    "$34,714.83",  # fleet monthly
    "$0.035",  # fleet per query
    "83.7%",  # fleet share
    "$41,494.83",  # total monthly
    "$0.041",  # total per query
    "100.0%",  # total share
    "1,000,000 queries per month",
]


def priced(write_file, text: str, name: str = "design.yaml"):
    return estimate(load_design(write_file(name, text)))


def test_table_keeps_every_figure_of_long_names(run_cli, write_file) -> None:
    result = run_cli("estimate", write_file("design.yaml", LONG_NAMES))
    assert result.exit_code == 0, result.stderr
    for figure in LONG_NAME_FIGURES:
        assert figure in result.stdout, figure
    assert "…" not in result.stdout


def test_table_in_narrow_terminal_keeps_figures(write_file, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = table.render(priced(write_file, LONG_NAMES), terminal=True)
    for figure in LONG_NAME_FIGURES:
        assert figure in text, figure
    assert "…" not in text


def test_table_width_follows_terminal_only_when_asked(write_file, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    result = priced(write_file, LONG_NAMES)
    fixed = table.render(result)
    wide = table.render(result, terminal=True)
    assert max(len(line) for line in fixed.splitlines()) <= 160
    assert max(len(line) for line in wide.splitlines()) > 160
    # With room to spare, names print unbroken.
    assert f"│ {LONG_COMPONENT} " in wide


def run_in_terminal(args: list[str], columns: int) -> str:
    """Run `python -m aicost ARGS` with stdout on a pseudo-terminal; return stdout."""
    import fcntl
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"COLUMNS", "LINES", "FORCE_COLOR"}
    }
    environment |= {"NO_COLOR": "1", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "aicost", *args],
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            # Linux reports EIO once the child has closed the terminal.
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait() == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_cli_uses_terminal_width(write_file) -> None:
    path = write_file("design.yaml", LONG_NAMES)
    on_terminal = run_in_terminal(["estimate", str(path)], columns=220)
    piped = subprocess.run(
        [sys.executable, "-m", "aicost", "estimate", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert max(len(line) for line in on_terminal.splitlines()) > 160
    assert max(len(line) for line in piped.splitlines()) <= 160
    assert "$34,714.83" in on_terminal


ALL_CACHED = (
    HEADER.format(unit="query", units=1000)
    + """\
  - name: a
    kind: llm
    model: acme/cached-model
    calls_per_unit: 1
    input_tokens: 100000
    cached_input_tokens: 100000
    output_tokens: 100
    reasoning_tokens: 50
    price:
      input_per_mtok: 1.25
      cached_input_per_mtok: 0.125
      output_per_mtok: 10
"""
)


def test_all_cached_input_costs_zero(run_cli, write_file) -> None:
    result = run_cli(
        "estimate", write_file("design.yaml", ALL_CACHED), "--format", "markdown"
    )
    assert result.exit_code == 0, result.stderr
    # 1,000 calls: no input is billed at the input rate; 100,000 cached tokens at
    # $0.125 per million are $12.50; 100 output tokens at $10 per million are $1.00,
    # reasoning included.
    cached = Decimal(1000) * 100_000 * Decimal("0.125") / 10**6
    output = Decimal(1000) * 100 * 10 / Decimal(10**6)
    assert cached == Decimal("12.5")
    assert output == Decimal(1)
    text = result.stdout
    assert "| a | input | 100,000 | 0 | 100M | $0.00 |" in text
    assert "| a | cached input | 100,000 | 100,000 | 100M | $12.50 |" in text
    assert "| a | output | 100 | 100 | 100K | $1.00 |" in text
    assert "| a | reasoning | 50 | in output | 50K | in output |" in text
    assert text.count("in output") == 3  # the reasoning row twice, and the note
    assert "input $1.25, cached input $0.125, output $10.00" in text


def test_all_cached_json_is_unchanged(run_cli, write_file) -> None:
    result = run_cli(
        "estimate", write_file("design.yaml", ALL_CACHED), "--format", "json"
    )
    component = json.loads(result.stdout)["components"][0]
    assert component["usage_per_call"]["input_tokens"] == "100000"
    assert "input_tokens" not in component["cost_by_usage"]
    assert Decimal(component["cost_by_usage"]["cache_read_tokens"]) == Decimal("12.5")


TINY = (
    HEADER.format(unit="query", units=1_000_000)
    + """\
  - name: embed
    kind: llm
    model: acme/embedder
    calls_per_unit: 1
    input_tokens: 25
    price:
      input_per_mtok: 0.02
"""
)


@pytest.mark.parametrize("report_format", ["table", "markdown"])
def test_tiny_unit_cost_has_no_exponent(run_cli, write_file, report_format) -> None:
    # 25 tokens at $0.02 per million: $0.0000005 a query, $0.50 a month.
    assert 25 * Decimal("0.02") / 10**6 == Decimal("5E-7")
    path = write_file("design.yaml", TINY)
    result = run_cli("estimate", path, "--format", report_format)
    assert result.exit_code == 0, result.stderr
    assert "$0.00000050" in result.stdout
    assert "$0.50" in result.stdout
    assert re.search(r"\dE[-+]?\d", result.stdout) is None


def test_fraction_of_a_unit_is_not_zero(run_cli, write_file) -> None:
    text = HEADER.format(unit="query", units="0.001") + TINY.split("components:\n")[1]
    path = write_file("design.yaml", text)
    table_text = run_cli("estimate", path).stdout
    markdown = run_cli("estimate", path, "--format", "markdown").stdout
    assert "0.001 queries per month" in table_text
    assert " 0 queries" not in table_text
    assert "at 0.001 queries a month" in markdown
    assert "| 0.001 |" in markdown


@pytest.mark.parametrize("unit", ["query", "queries"])
def test_unit_plural_in_reports(run_cli, write_file, unit) -> None:
    path = write_file("design.yaml", TINY.replace("unit: query", f"unit: {unit}"))
    table_text = run_cli("estimate", path).stdout
    markdown = run_cli("estimate", path, "--format", "markdown").stdout
    assert "1,000,000 queries per month" in table_text
    assert "| Queries per month |" in markdown
    assert "at 1M queries a month" in markdown
    for text in (table_text, markdown):
        assert "querys" not in text.lower()
        assert "queriess" not in text.lower()


FLEETS = HEADER.format(unit="job", units=1000)


def fleet(name: str, extra: str = "") -> str:
    return f"""\
  - name: {name}
    kind: gpu_fleet
    instance: aws/p4de.24xlarge
    count: 1
    hourly_price: 10
{extra}"""


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("│┃").split("│")]


def row_cells(text: str, first: str) -> list[str]:
    for line in text.splitlines():
        if line.startswith(("│", "|")) and cells(line.replace("|", "│"))[0] == first:
            return cells(line.replace("|", "│"))
    raise AssertionError(f"no row {first!r} in:\n{text}")


def test_unknown_idle_shows_dash_in_table(run_cli, write_file) -> None:
    path = write_file("design.yaml", FLEETS + fleet("gpus"))
    result = run_cli("estimate", path)
    assert result.exit_code == 0, result.stderr
    assert "no utilization given" in result.stdout
    heading = next(line for line in result.stdout.splitlines() if "Idle cost" in line)
    idle_column = [cell.strip() for cell in heading.strip("┃").split("┃")].index(
        "Idle cost"
    )
    assert row_cells(result.stdout, "gpus")[idle_column] == "–"
    assert row_cells(result.stdout, "Subtotal")[idle_column] == "–"
    assert row_cells(result.stdout, "GPU fleets")[-1] == "–"
    assert row_cells(result.stdout, "Total")[-1] == "–"
    # Usage-billed groups have no idle hours, so their zero is known.
    assert row_cells(result.stdout, "Model APIs")[-1] == "$0.00"


def test_unknown_idle_shows_dash_in_markdown(run_cli, write_file) -> None:
    path = write_file("design.yaml", FLEETS + fleet("gpus"))
    text = run_cli("estimate", path, "--format", "markdown").stdout
    # Component, instance, GPUs, purchase, instances, hours, price, busy, idle.
    assert row_cells(text, "gpus")[6:9] == ["$10.00", "not given", "–"]
    assert row_cells(text, "**Subtotal**")[8] == "**–**"
    assert row_cells(text, "GPU fleets")[-1] == "–"
    assert row_cells(text, "**Total**")[-1] == "**–**"


def test_unknown_idle_in_json_and_focus(run_cli, write_file) -> None:
    path = write_file("design.yaml", FLEETS + fleet("gpus"))
    document = json.loads(run_cli("estimate", path, "--format", "json").stdout)
    assert document["components"][0]["idle_cost"] is None
    assert document["components"][0]["fleet"]["utilization"] is None
    focus = run_cli("estimate", path, "--format", "focus").stdout
    rows = list(csv.DictReader(io.StringIO(focus)))
    assert [row["x_IdleCost"] for row in rows] == [""]


def test_partly_known_idle_is_a_lower_bound(run_cli, write_file) -> None:
    text = FLEETS + fleet("known", "    utilization: 0.5\n") + fleet("unknown")
    path = write_file("design.yaml", text)
    table_text = run_cli("estimate", path).stdout
    # known: $10 x 730 hours, half of it idle.
    idle = Decimal(10) * 730 * (1 - Decimal("0.5"))
    assert numbers.money(idle) == "$3,650.00"
    assert row_cells(table_text, "known")[7] == "$3,650.00 !"
    assert row_cells(table_text, "unknown")[7] == "–"
    assert row_cells(table_text, "GPU fleets")[-1] == "≥ $3,650.00"
    document = json.loads(run_cli("estimate", path, "--format", "json").stdout)
    assert Decimal(document["components"][0]["idle_cost"]) == idle
    assert document["components"][1]["idle_cost"] is None
    assert Decimal(document["idle_cost"]) == idle


def test_idle_share_same_in_both_formats(run_cli, write_file):
    path = write_file(
        "design.yaml", FLEETS + fleet("gpus", "    utilization: 0.1681\n")
    )
    table_text = run_cli("estimate", path).stdout
    markdown = run_cli("estimate", path, "--format", "markdown").stdout
    # Idle share is 1 - 0.1681 = 83.19%, table_text to one decimal.
    assert "unused hours, 83.2% of its cost" in table_text
    assert "hours no work uses, 83.2% of its cost" in markdown
    assert "83.19%" not in markdown
    assert row_cells(table_text, "Total")[3] == "100.0%"
    assert row_cells(markdown, "**Total**")[3] == "100.0%"
    assert row_cells(table_text, "gpus")[-1] == "100.0%"


def test_service_units_are_labelled(run_cli, write_file) -> None:
    text = FLEETS + (
        "  - name: storage\n"
        "    kind: service\n"
        "    sku: aws/s3-standard-storage\n"
        "    quantity_per_month: 100\n"
    )
    path = write_file("design.yaml", text)
    table_text = run_cli("estimate", path).stdout
    markdown = run_cli("estimate", path, "--format", "markdown").stdout
    assert row_cells(table_text, "storage")[3] == "GB-month"
    assert row_cells(markdown, "storage")[3] == "GB-month"
    assert " per GB-month" in markdown
    for report in (table_text, markdown):
        assert "gb_month" not in report


ESCAPES = """\
version: 1
name: "Escapes <b>|`x"
description: "Line one | <script>alert(1)</script> `tick`"
unit: "req|uest"
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
  discounts:
    "acme|x`y": 0.1
components:
  - name: answer
    kind: llm
    model: "acme/model|with`tick<b>"
    calls_per_unit: 1
    input_tokens: 100
    output_tokens: 10
    price:
      input_per_mtok: 1
      output_per_mtok: 2
scenarios:
  - name: "big | <i>"
    description: "desc | `x`"
    set:
      volume.units_per_month: 2000
"""

# A pipe that the cell splitter does not read as escaped: one after an even run of
# backslashes, none included.
UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def test_markdown_tables_survive_design_text(run_cli, write_file) -> None:
    result = run_cli(
        "estimate", write_file("design.yaml", ESCAPES), "--format", "markdown"
    )
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    outside_code = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    assert "<script" not in outside_code
    assert "<b>" not in outside_code
    assert "<i>" not in outside_code
    tables = re.findall(r"(?:^\|.*\n)+", text, flags=re.MULTILINE)
    assert len(tables) >= 5
    for block in tables:
        widths = {len(UNESCAPED_PIPE.findall(line)) for line in block.splitlines()}
        assert len(widths) == 1, block
    assert "| ``pricing.discounts.acme\\|x`y`` | 10% |" in text
    assert "| `components.answer.model` | acme/model\\|with\\`tick&lt;b&gt; |" in text
    assert "| big \\| &lt;i&gt;: desc \\| \\`x\\` |" in text


def test_ranged_input_field_is_a_safe_code_span(run_cli, write_file) -> None:
    text = ESCAPES.replace(
        "    input_tokens: 100\n",
        "    input_tokens: {low: 50, expected: 100, high: 200}\n",
    )
    path = write_file("design.yaml", text)
    result = run_cli("estimate", path, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "| `components.answer.input_tokens` | 50 | 100 | 200 |" in result.stdout


def test_golden_examples_show_catalog_rates(run_cli) -> None:
    root = Path(__file__).resolve().parents[1]
    path = root / "examples" / "designs" / "self-hosted-llama.yaml"
    markdown = run_cli("estimate", path, "--format", "markdown").stdout
    table_text = run_cli("estimate", path).stdout
    # aws/p5.48xlarge reserved_3y is listed at $23.77728 per instance-hour.
    assert "$23.77728 per instance-hour" in markdown
    assert "$23.77728" in table_text
    assert "$23.78" not in table_text


def test_money_beyond_decimal_precision() -> None:
    # 33 significant digits, more than Decimal's default context of 28.
    value = Decimal("123456789012345678901234567890.555")
    assert numbers.money(value) == "$123,456,789,012,345,678,901,234,567,890.56"
    assert (
        numbers.money(value.copy_negate())
        == "-$123,456,789,012,345,678,901,234,567,890.56"
    )


def test_footer_names_catalog_price_dates(run_cli) -> None:
    design = EXAMPLES / "rag-service.yaml"
    result = run_cli("estimate", design)
    assert result.exit_code == 0, result.stderr
    assert "Prices: genai-prices" in result.stdout
    assert "GPU and cloud catalog prices checked from 20" in result.stdout


def test_footer_without_catalog_items(run_cli) -> None:
    design = EXAMPLES / "coding-agent.yaml"
    result = run_cli("estimate", design, "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "Prices: genai-prices" in result.stdout
    assert "catalog prices checked" not in result.stdout
