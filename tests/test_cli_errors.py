"""Bad input: every error exits 2 and names file, line and field, with a fix."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

EXIT_INVALID = 2

# Line numbers in the cases below refer to this file: 5 is units_per_month, 11 the
# model, 12 input_tokens and 13 output_tokens.
BASE_DESIGN = """\
version: 1
name: Error cases
unit: request
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
components:
  - name: answer
    kind: llm
    model: openai/gpt-4o-mini
    input_tokens: 1000
    output_tokens: 200
"""

VALID_PRICE_FILE = """\
version: 1
models:
  acme/private-llm:
    source: Order form 2026-07, section 3
    as_of: 2026-07-01
    input_per_mtok: 0.8
    output_per_mtok: 2.4
"""


def edit(text: str, old: str, new: str) -> str:
    """Replace `old` once; fail loudly if it is missing, so no case tests valid YAML."""
    assert text.count(old) == 1, f"{old!r} is not in the text exactly once"
    return text.replace(old, new)


def design_with(old: str, new: str) -> str:
    return edit(BASE_DESIGN, old, new)


def billion_laughs() -> str:
    """Return YAML whose 12 levels of nine aliases expand to 9**12 strings."""
    lines = ["version: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 12):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    """A broken design file and what its error message must contain."""

    id: str
    content: str | bytes
    line: int | None
    field: str | None
    fix: str
    detail: str = ""


CASES = [
    Case(
        "yaml unclosed bracket",
        design_with("units_per_month: 1000", "units_per_month: [1000"),
        line=6,
        field=None,
        fix="is closed",
        detail="started on line 5",
    ),
    Case(
        "yaml bad indentation",
        design_with("    input_tokens: 1000", "      input_tokens: 1000"),
        line=12,
        field=None,
        fix="check the indentation",
        detail="invalid YAML",
    ),
    Case(
        "yaml tab",
        design_with("    input_tokens: 1000", "\tinput_tokens: 1000"),
        line=12,
        field=None,
        fix="indent with spaces",
        detail="invalid YAML",
    ),
    Case(
        "string for number",
        design_with("input_tokens: 1000", "input_tokens: lots"),
        line=12,
        field="components.answer.input_tokens",
        fix="write a number such as 1000",
        detail="expected a number, got text 'lots'",
    ),
    Case(
        "quoted number",
        design_with("input_tokens: 1000", "input_tokens: '1000'"),
        line=12,
        field="components.answer.input_tokens",
        fix="remove the quotes",
    ),
    Case(
        "exponent read as text",
        design_with("units_per_month: 1000", "units_per_month: 1e6"),
        line=5,
        field="volume.units_per_month",
        fix="write 1.0e+6 or 1000000",
    ),
    Case(
        "empty value for number",
        design_with("input_tokens: 1000", "input_tokens:"),
        line=12,
        field="components.answer.input_tokens",
        fix="write a number after the colon",
    ),
    Case(
        "list for mapping",
        design_with("volume:\n  units_per_month: 1000", "volume: [1000]"),
        line=4,
        field="volume",
        fix="key: value",
        detail="must be a mapping of fields, got a list",
    ),
    Case(
        "negative number",
        design_with("input_tokens: 1000", "input_tokens: -5"),
        line=12,
        field="components.answer.input_tokens",
        fix="must be >= 0",
        detail="got -5",
    ),
    Case(
        "infinite number",
        design_with("input_tokens: 1000", "input_tokens: .inf"),
        line=12,
        field="components.answer.input_tokens",
        fix=".inf and .nan are not allowed",
        detail="must be a finite number",
    ),
    Case(
        "nan",
        design_with("input_tokens: 1000", "input_tokens: .nan"),
        line=12,
        field="components.answer.input_tokens",
        fix=".inf and .nan are not allowed",
        detail="must be a finite number",
    ),
    Case(
        "typo of output_tokens",
        design_with("output_tokens: 200", "outptu_tokens: 200"),
        line=13,
        field="components.answer.outptu_tokens",
        fix="did you mean 'output_tokens'?",
        detail="unknown field 'outptu_tokens'",
    ),
    Case(
        "cache reads and writes above input",
        design_with(
            "output_tokens: 200",
            "output_tokens: 200\n    cached_input_tokens: 800\n"
            "    cache_write_tokens: 300",
        ),
        line=15,
        field="components.answer.cache_write_tokens",
        fix="input_tokens is the total input including cached tokens",
        detail="cache reads (800) plus cache writes (300) exceed input_tokens (1000)",
    ),
    Case(
        "reasoning above output",
        design_with(
            "output_tokens: 200", "output_tokens: 200\n    reasoning_tokens: 300"
        ),
        line=14,
        field="components.answer.reasoning_tokens",
        fix="output_tokens is the total output including reasoning",
        detail="reasoning_tokens (300) exceed output_tokens (200)",
    ),
    Case(
        "both daily and monthly volume",
        design_with(
            "units_per_month: 1000", "units_per_month: 1000\n  units_per_day: 30"
        ),
        line=5,
        field="volume.units_per_month",
        fix="give units_per_day or units_per_month, not both",
    ),
    Case(
        "neither daily nor monthly volume",
        design_with("volume:\n  units_per_month: 1000", "volume: {}"),
        line=4,
        field="volume",
        fix="give units_per_day or units_per_month",
        detail="missing",
    ),
    Case(
        "unknown mode",
        design_with("output_tokens: 200", "output_tokens: 200\n    mode: turbo"),
        line=14,
        field="components.answer.mode",
        fix="must be one of 'standard', 'batch', 'flex' or 'priority'",
        detail="got 'turbo'",
    ),
    Case(
        "mode the model does not offer",
        design_with("output_tokens: 200", "output_tokens: 200\n    mode: flex"),
        line=14,
        field="components.answer.mode",
        fix="modes priced on that date: standard, batch, priority",
        detail="openai/gpt-4o-mini has no flex price",
    ),
    Case(
        "unknown model",
        design_with("openai/gpt-4o-mini", "openai/gpt-4o-mnii"),
        line=11,
        field="components.answer.model",
        fix="did you mean 'openai/gpt-4o-mini'",
        detail="unknown model 'openai/gpt-4o-mnii'",
    ),
    Case(
        "unknown provider",
        design_with("openai/gpt-4o-mini", "opnai/gpt-4o-mini"),
        line=11,
        field="components.answer.model",
        fix="did you mean 'openai'?",
        detail="unknown provider 'opnai'",
    ),
    Case("empty file", "", line=None, field=None, fix="aicost init", detail="empty"),
    Case(
        "comments and blank lines only",
        "  \n# a comment\n\n   # another\n",
        line=None,
        field=None,
        fix="aicost init",
        detail="only comments or blank lines",
    ),
    Case(
        "document is a list",
        "- version: 1\n- name: x\n",
        line=1,
        field=None,
        fix="aicost init",
        detail="must be a YAML mapping of fields, not a list",
    ),
    Case(
        "document is a scalar",
        "just some text\n",
        line=1,
        field=None,
        fix="aicost init",
        detail="must be a YAML mapping of fields, not a str",
    ),
    Case(
        "deeply nested lists",
        design_with("name: Error cases", "name: " + "[" * 50_000 + "]" * 50_000),
        line=None,
        field=None,
        fix="nests only a few levels",
        detail="nested too deeply",
    ),
    Case(
        "duplicate key",
        design_with("unit: request", "unit: request\nunit: call"),
        line=4,
        field=None,
        fix="each field may appear once",
        detail="duplicate key 'unit'",
    ),
    Case(
        "duplicate component name",
        BASE_DESIGN
        + "  - name: answer\n    kind: llm\n    model: openai/gpt-4o\n"
        + "    input_tokens: 10\n",
        line=14,
        field="components.answer.name",
        fix="names must be unique within a design",
        detail="duplicate component name 'answer'",
    ),
    Case(
        "version 2",
        design_with("version: 1", "version: 2"),
        line=1,
        field="version",
        fix="write `version: 1`",
        detail="got 2",
    ),
    Case(
        "missing version",
        design_with("version: 1\n", ""),
        line=1,
        field="version",
        fix="add `version:` at the top level",
        detail="missing required field 'version'",
    ),
    Case(
        "impossible date",
        design_with("as_of: 2026-11-01", "as_of: 2026-02-30"),
        line=7,
        field="pricing.as_of",
        fix="YYYY-MM-DD",
        detail="day is out of range for month",
    ),
    Case(
        "date as words",
        design_with("as_of: 2026-11-01", "as_of: tomorrow"),
        line=7,
        field="pricing.as_of",
        fix="YYYY-MM-DD",
    ),
    Case(
        "non-utf-8 bytes",
        design_with("name: Error cases", "name: Error c\xe4ses").encode("latin-1"),
        line=2,
        field=None,
        fix="save the file as UTF-8",
        detail="is not valid UTF-8",
    ),
    Case(
        "control character",
        design_with("name: Error cases", "name: Error\x07cases"),
        line=2,
        field=None,
        fix="remove the character",
        detail="contains U+0007, a control character",
    ),
    Case(
        "escape sequence in a name",
        design_with("name: Error cases", 'name: "Error\\e[31mcases"'),
        line=2,
        field="name",
        fix="remove it",
        detail="contains the control character U+001B",
    ),
    Case(
        "number with 5000 digits",
        design_with("units_per_month: 1000", "units_per_month: " + "9" * 5000),
        line=5,
        field="volume.units_per_month",
        fix="no design value needs more than a few digits",
        detail="has too many digits",
    ),
    Case(
        "sexagesimal number",
        design_with("units_per_month: 1000", "units_per_month: 1:30"),
        line=5,
        field="volume.units_per_month",
        fix="plain decimal digits",
        detail="invalid number '1:30'",
    ),
    Case(
        "octal number",
        design_with("units_per_month: 1000", "units_per_month: 010"),
        line=5,
        field="volume.units_per_month",
        fix="plain decimal digits",
        detail="invalid number '010'",
    ),
    Case(
        "price date far in the future",
        design_with("as_of: 2026-11-01", "as_of: 9999-12-31"),
        line=7,
        field="pricing.as_of",
        fix="",
        detail="must be <= 2100-12-31",
    ),
    Case(
        "tokens per call beyond any context window",
        design_with("input_tokens: 1000", "input_tokens: 1.0e+30"),
        line=12,
        field="components.answer.input_tokens",
        fix="",
        detail="must be <= 100000000",
    ),
    Case(
        "percent where a fraction goes",
        design_with(
            "  as_of: 2026-11-01\n",
            "  as_of: 2026-11-01\n  discounts:\n    openai: 10%\n",
        ),
        line=9,
        field="pricing.discounts.openai",
        fix="such as 0.10 for 10%",
        detail="got text '10%'",
    ),
    Case(
        "negative exponent read as text",
        design_with("input_tokens: 1000", "input_tokens: 30e-6"),
        line=12,
        field="components.answer.input_tokens",
        fix="write 1.0e-6 or 0.000001",
        detail="got text '30e-6'",
    ),
]


def write_case(directory: Path, case: Case) -> Path:
    path = directory / "design.yaml"
    if isinstance(case.content, bytes):
        path.write_bytes(case.content)
    else:
        path.write_text(case.content, encoding="utf-8")
    return path


def assert_reported(result, path: Path, case: Case) -> None:
    """Check exit code, file, line, field, fix and the absence of a traceback."""
    assert result.exit_code == EXIT_INVALID, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: "), result.stderr
    assert str(path) in result.stderr
    if case.line is not None:
        assert f"{path}:{case.line}:" in result.stderr, result.stderr
    if case.field is not None:
        assert case.field in result.stderr, result.stderr
    assert case.fix in result.stderr, result.stderr
    assert case.detail in result.stderr, result.stderr


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_estimate_reports_bad_design(case: Case, run_cli, tmp_path: Path) -> None:
    path = write_case(tmp_path, case)
    result = run_cli("estimate", path)
    assert_reported(result, path, case)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_validate_reports_bad_design(case: Case, run_cli, tmp_path: Path) -> None:
    path = write_case(tmp_path, case)
    result = run_cli("validate", path)
    assert_reported(result, path, case)


def test_validate_finds_unknown_model(run_cli, write_file) -> None:
    # validate looks every model up, so a design that validates also estimates.
    path = write_file("design.yaml", design_with("gpt-4o-mini", "gpt-4o-mnii"))
    result = run_cli("validate", path)
    assert result.exit_code == EXIT_INVALID
    assert result.stdout == ""
    assert "unknown model 'openai/gpt-4o-mnii'" in result.stderr


def test_unknown_model_lists_close_matches(run_cli, write_file) -> None:
    path = write_file("design.yaml", design_with("gpt-4o-mini", "gpt-4o-mnii"))
    result = run_cli("estimate", path)
    matches = result.stderr.split("did you mean ", 1)[1].split("?", 1)[0]
    assert matches.split(", ")[0] == "'openai/gpt-4o-mini'"
    assert "--pricing FILE" in result.stderr


def test_missing_file(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    for command in ("estimate", "validate"):
        result = run_cli(command, path)
        assert result.exit_code == EXIT_INVALID
        assert f"{path}: file not found" in result.stderr
        assert "check the path" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("command", "message", "fix"),
    [
        ("estimate", "the directory contains no design files", "check the path"),
        ("validate", "the directory contains no design files", "check the path"),
    ],
)
def test_directory_as_design(
    command: str, message: str, fix: str, run_cli, tmp_path: Path
) -> None:
    folder = tmp_path / "designs"
    folder.mkdir()
    result = run_cli(command, folder)
    assert result.exit_code == EXIT_INVALID
    assert f"{folder}: {message}" in result.stderr
    assert fix in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["estimate", "validate"])
def test_billion_laughs_fails_fast(command: str, tmp_path: Path) -> None:
    # A subprocess with a timeout, so that an exponential expansion fails the test
    # instead of hanging the suite.
    path = tmp_path / "laughs.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "aicost", command, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert completed.returncode == EXIT_INVALID, completed.stderr
    assert "Traceback" not in completed.stderr
    assert str(path) in completed.stderr
    assert "counting each use of an alias as a copy" in completed.stderr
    assert "look for nested aliases" in completed.stderr


def test_invalid_as_of(run_cli, write_file) -> None:
    path = write_file("design.yaml", BASE_DESIGN)
    result = run_cli("estimate", path, "--as-of", "2026-13-01")
    assert result.exit_code == EXIT_INVALID
    assert "invalid --as-of '2026-13-01'" in result.stderr
    assert "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_price_file(run_cli, write_file, tmp_path: Path) -> None:
    design = write_file("design.yaml", BASE_DESIGN)
    prices = tmp_path / "prices.yaml"
    result = run_cli("estimate", design, "--pricing", prices)
    assert result.exit_code == EXIT_INVALID
    assert f"{prices}: file not found" in result.stderr
    assert "check the path" in result.stderr
    assert "Traceback" not in result.stderr


PRICE_FILE_CASES = [
    pytest.param(
        edit(
            VALID_PRICE_FILE, "    output_per_mtok: 2.4\n", "    outptu_per_mtok: 2.4\n"
        ),
        7,
        "models.acme/private-llm.outptu_per_mtok",
        "did you mean 'output_per_mtok'?",
        id="unknown key",
    ),
    pytest.param(
        edit(VALID_PRICE_FILE, "    source: Order form 2026-07, section 3\n", ""),
        3,
        "models.acme/private-llm.source",
        "add `source:` under models.acme/private-llm",
        id="missing source",
    ),
    pytest.param(
        edit(VALID_PRICE_FILE, "    as_of: 2026-07-01\n", ""),
        3,
        "models.acme/private-llm.as_of",
        "add `as_of:` under models.acme/private-llm",
        id="missing as_of",
    ),
    pytest.param(
        edit(VALID_PRICE_FILE, "models:", "modles:"),
        2,
        "modles",
        "did you mean 'models'?",
        id="unknown top-level key",
    ),
    pytest.param(
        edit(VALID_PRICE_FILE, "input_per_mtok: 0.8", "input_per_mtok: 0.0000008"),
        6,
        "models.acme/private-llm.input_per_mtok",
        "rates here are per million tokens",
        id="rate per token",
    ),
]


@pytest.mark.parametrize(("text", "line", "field", "fix"), PRICE_FILE_CASES)
def test_invalid_price_file(
    text: str, line: int, field: str, fix: str, run_cli, write_file
) -> None:
    design = write_file("design.yaml", BASE_DESIGN)
    prices = write_file("prices.yaml", text)
    result = run_cli("estimate", design, "--pricing", prices)
    assert result.exit_code == EXIT_INVALID
    assert result.stdout == ""
    assert f"{prices}:{line}:" in result.stderr, result.stderr
    assert field in result.stderr
    assert fix in result.stderr
    assert "Traceback" not in result.stderr


def test_price_file_missing_both_fields_lists_both(run_cli, write_file) -> None:
    text = edit(VALID_PRICE_FILE, "    source: Order form 2026-07, section 3\n", "")
    text = edit(text, "    as_of: 2026-07-01\n", "")
    design = write_file("design.yaml", BASE_DESIGN)
    prices = write_file("prices.yaml", text)
    result = run_cli("estimate", design, "--pricing", prices)
    assert result.exit_code == EXIT_INVALID
    assert "missing required field 'source'" in result.stderr
    assert "missing required field 'as_of'" in result.stderr


def folder_listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_failed_run_leaves_no_output_file(run_cli, write_file, tmp_path: Path) -> None:
    design = write_file("design.yaml", design_with("input_tokens: 1000", "input: 1"))
    result = run_cli("estimate", design, "-o", tmp_path / "out.md")
    assert result.exit_code == EXIT_INVALID
    assert folder_listing(tmp_path) == ["design.yaml"]


def test_failed_pricing_leaves_no_output_file(
    run_cli, write_file, tmp_path: Path
) -> None:
    # This design is valid, so the run fails later, while it is priced.
    design = write_file("design.yaml", design_with("gpt-4o-mini", "gpt-4o-mnii"))
    result = run_cli("estimate", design, "-f", "markdown", "-o", tmp_path / "out.md")
    assert result.exit_code == EXIT_INVALID
    assert folder_listing(tmp_path) == ["design.yaml"]


def test_failed_run_keeps_existing_output(run_cli, write_file, tmp_path: Path) -> None:
    design = write_file("design.yaml", design_with("gpt-4o-mini", "gpt-4o-mnii"))
    output = write_file("out.md", "# Previous report\n")
    before = output.read_bytes()
    modified = output.stat().st_mtime_ns
    result = run_cli("estimate", design, "-o", output)
    assert result.exit_code == EXIT_INVALID
    assert output.read_bytes() == before
    assert output.stat().st_mtime_ns == modified
    assert folder_listing(tmp_path) == ["design.yaml", "out.md"]


def test_output_in_missing_folder(run_cli, write_file, tmp_path: Path) -> None:
    design = write_file("design.yaml", BASE_DESIGN)
    output = tmp_path / "no-such-folder" / "out.md"
    result = run_cli("estimate", design, "-o", output)
    assert result.exit_code == EXIT_INVALID
    assert f"cannot write {output}" in result.stderr
    assert "check that the folder exists" in result.stderr
    assert folder_listing(tmp_path) == ["design.yaml"]


@pytest.mark.parametrize("spelling", ["same", "dotted", "parent"])
def test_output_over_design_rejected(
    spelling: str, run_cli, write_file, tmp_path: Path, monkeypatch
) -> None:
    design = write_file("sub/design.yaml", BASE_DESIGN)
    before = design.read_bytes()
    monkeypatch.chdir(tmp_path / "sub")
    target = {
        "same": "design.yaml",
        "dotted": "./design.yaml",
        "parent": "../sub/design.yaml",
    }[spelling]
    result = run_cli("estimate", "design.yaml", "-o", target)
    assert result.exit_code == EXIT_INVALID
    assert "is also an input file" in result.stderr
    assert "write the report to another file" in result.stderr
    assert design.read_bytes() == before
    assert folder_listing(tmp_path / "sub") == ["design.yaml"]


def test_output_over_price_file_rejected(run_cli, write_file) -> None:
    design = write_file("design.yaml", BASE_DESIGN)
    prices = write_file("prices.yaml", VALID_PRICE_FILE)
    result = run_cli("estimate", design, "--pricing", prices, "-o", prices)
    assert result.exit_code == EXIT_INVALID
    assert f"--output {prices} is also an input file" in result.stderr
    assert prices.read_text(encoding="utf-8") == VALID_PRICE_FILE


def test_several_problems_reported_together(run_cli, write_file) -> None:
    text = design_with("input_tokens: 1000", "input_tokens: -1")
    text = edit(text, "output_tokens: 200", "outptu_tokens: 200")
    path = write_file("design.yaml", text)
    result = run_cli("validate", path)
    assert result.exit_code == EXIT_INVALID
    assert f"{path}:12: components.answer.input_tokens" in result.stderr
    assert f"{path}:13: components.answer.outptu_tokens" in result.stderr
