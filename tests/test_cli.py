"""Command-line behaviour: output streams, formats, validate, schema, init, version."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from aicost import __version__

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PATHS = sorted((ROOT / "examples" / "designs").glob("*.yaml"))

# openai/gpt-4o-mini in genai-prices 0.2.3: $0.15 per million input tokens and $0.60
# per million output tokens. One call of 1,000 input and 200 output tokens costs
# 1000 * 0.15 / 1e6 + 200 * 0.60 / 1e6 = $0.00027, and 1,000 calls a month $0.27.
DESIGN = """\
version: 1
name: CLI checks
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

# Every optional input set, for the assumptions table. Per call: 2,000 input tokens,
# half read from cache at $0.075 per million, the rest at $0.15, and 300 output tokens
# at $0.60: 1000 * 0.15e-6 + 1000 * 0.075e-6 + 300 * 0.60e-6 = $0.000405.
# 100 units a day over 720 / 24 = 30 days, 3 calls each, retried 1.02 times:
# 9,180 calls, $3.7179 a month, less the 10% openai discount: $3.34611.
FULL_DESIGN = """\
version: 1
name: Every input
owner: platform@example.com
description: A design that sets every field.
unit: conversation
volume:
  units_per_day: 100
period:
  hours_per_month: 720
pricing:
  as_of: 2026-11-01
  discounts:
    openai: 0.10
components:
  - name: answer
    kind: llm
    model: openai/gpt-4o-mini
    calls_per_unit: 3
    retry_factor: 1.02
    input_tokens: 2000
    cached_input_ratio: 0.5
    output_tokens: 300
    mode: standard
    feature: chat
"""


def test_output_file_gets_report_and_stdout_nothing(
    run_cli, write_file, tmp_path: Path
) -> None:
    design = write_file("design.yaml", DESIGN)
    output = tmp_path / "report.json"
    written = run_cli("estimate", design, "--format", "json", "-o", output)
    printed = run_cli("estimate", design, "--format", "json")
    assert written.exit_code == 0
    assert written.stdout == ""
    assert written.stderr == ""
    assert output.read_text(encoding="utf-8") == printed.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "design.yaml",
        "report.json",
    ]


def test_output_file_replaces_previous_report(
    run_cli, write_file, tmp_path: Path
) -> None:
    design = write_file("design.yaml", DESIGN)
    output = write_file("report.md", "old report\n")
    result = run_cli("estimate", design, "-f", "markdown", "-o", output)
    assert result.exit_code == 0
    assert output.read_text(encoding="utf-8").startswith("## Cost estimate: CLI checks")


def test_warnings_go_to_stderr(run_cli, write_file) -> None:
    text = DESIGN.replace(
        "  as_of: 2026-11-01\n", "  as_of: 2026-11-01\n  discounts:\n    acme: 0.2\n"
    )
    assert "acme" in text
    design = write_file("design.yaml", text)
    result = run_cli("estimate", design, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: discount for 'acme'")
    document = json.loads(result.stdout)
    assert document["monthly_cost"] == "0.27"
    assert "Warning" not in result.stdout


@pytest.mark.parametrize(
    ("choice", "marker"),
    [
        ("table", "┃ Component"),
        ("markdown", "## Cost estimate: CLI checks"),
        ("json", '"currency": "USD"'),
        ("JSON", '"currency": "USD"'),
        ("Markdown", "### Components"),
    ],
)
def test_format_choices(choice: str, marker: str, run_cli, write_file) -> None:
    design = write_file("design.yaml", DESIGN)
    result = run_cli("estimate", design, "--format", choice)
    assert result.exit_code == 0
    assert marker in result.stdout
    assert result.stderr == ""


def test_table_is_default_format(run_cli, write_file) -> None:
    design = write_file("design.yaml", DESIGN)
    default = run_cli("estimate", design)
    table = run_cli("estimate", design, "-f", "table")
    assert default.stdout == table.stdout


def test_unknown_format_rejected(run_cli, write_file) -> None:
    design = write_file("design.yaml", DESIGN)
    result = run_cli("estimate", design, "--format", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'xml' is not one of 'table', 'markdown', 'json'" in result.stderr


def test_validate_reports_each_file(run_cli, write_file) -> None:
    valid = write_file("valid.yaml", DESIGN)
    invalid = write_file("invalid.yaml", DESIGN.replace("1000\n", "-1000\n", 1))
    result = run_cli("validate", valid, invalid)
    assert result.exit_code == 2
    assert result.stdout == f"{valid}: valid\n"
    assert f"Error: {invalid}:5: volume.units_per_month: must be > 0" in result.stderr
    assert str(valid) not in result.stderr


def test_validate_reports_every_invalid_file(run_cli, write_file) -> None:
    first = write_file("first.yaml", DESIGN.replace("version: 1", "version: 3"))
    second = write_file("second.yaml", "")
    result = run_cli("validate", first, second)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{first}:1: version" in result.stderr
    assert f"{second}: file is empty" in result.stderr


def test_validate_accepts_every_example(run_cli) -> None:
    result = run_cli("validate", *EXAMPLE_PATHS)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(": valid\n") == len(EXAMPLE_PATHS)


# A small JSON Schema validator for the keywords that `aicost schema` emits. An
# unknown keyword fails the test, so nothing in the schema goes unchecked.
ANNOTATIONS = {"title", "description", "default", "$schema", "$defs"}


def schema_errors(
    schema: dict | bool, value: Any, root: dict, where: str = "$"
) -> list[str]:
    if isinstance(schema, bool):
        # A boolean schema: true accepts every value, false none.
        return [] if schema else [f"{where}: not allowed"]
    errors: list[str] = []
    for keyword, rule in schema.items():
        if keyword in ANNOTATIONS:
            continue
        check = SCHEMA_KEYWORDS.get(keyword)
        if check is None:
            raise AssertionError(f"schema keyword {keyword!r} at {where} not checked")
        errors += check(rule, value, root, where, schema)
    return errors


JSON_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _type(rule, value, root, where, schema):
    return [] if JSON_TYPES[rule](value) else [f"{where}: not of type {rule}"]


def _ref(rule, value, root, where, schema):
    name = rule.removeprefix("#/$defs/")
    return schema_errors(root["$defs"][name], value, root, where)


def _properties(rule, value, root, where, schema):
    if not isinstance(value, dict):
        return []
    errors = []
    for key, item in value.items():
        if key in rule:
            errors += schema_errors(rule[key], item, root, f"{where}.{key}")
    return errors


def _additional(rule, value, root, where, schema):
    if not isinstance(value, dict):
        return []
    extra = [key for key in value if key not in schema.get("properties", {})]
    if rule is False:
        return [f"{where}: additional property {key!r}" for key in extra]
    errors = []
    for key in extra:
        errors += schema_errors(rule, value[key], root, f"{where}.{key}")
    return errors


def _required(rule, value, root, where, schema):
    if not isinstance(value, dict):
        return []
    return [f"{where}: missing {key!r}" for key in rule if key not in value]


def _any_of(rule, value, root, where, schema):
    if any(not schema_errors(option, value, root, where) for option in rule):
        return []
    return [f"{where}: matches no anyOf option"]


def _one_of(rule, value, root, where, schema):
    matching = [
        option for option in rule if not schema_errors(option, value, root, where)
    ]
    if len(matching) == 1:
        return []
    # With a discriminator, report why the option named by the value failed.
    discriminator = schema.get("discriminator")
    if discriminator is not None and isinstance(value, dict):
        tag = value.get(discriminator["propertyName"])
        ref = discriminator["mapping"].get(tag)
        if ref is None:
            return [f"{where}: unknown {discriminator['propertyName']} {tag!r}"]
        errors = schema_errors({"$ref": ref}, value, root, where)
        if errors:
            return errors
    return [f"{where}: matches {len(matching)} oneOf options, not one"]


def _discriminator(rule, value, root, where, schema):
    # Checked together with oneOf; the mapping must name only known definitions.
    missing = [
        ref
        for ref in rule["mapping"].values()
        if ref.removeprefix("#/$defs/") not in root["$defs"]
    ]
    return [f"{where}: discriminator names unknown {ref}" for ref in missing]


def _items(rule, value, root, where, schema):
    if not isinstance(value, list):
        return []
    errors = []
    for index, item in enumerate(value):
        errors += schema_errors(rule, item, root, f"{where}[{index}]")
    return errors


def _bound(test):
    def check(rule, value, root, where, schema):
        if not JSON_TYPES["number"](value):
            return []
        return [] if test(value, rule) else [f"{where}: {value} out of range {rule}"]

    return check


def _length(test):
    def check(rule, value, root, where, schema):
        if not isinstance(value, str | list):
            return []
        return [] if test(len(value), rule) else [f"{where}: length not {rule}"]

    return check


def _count_keys(rule, value, root, where, schema):
    if not isinstance(value, dict) or len(value) >= rule:
        return []
    return [f"{where}: fewer than {rule} properties"]


def _pattern(rule, value, root, where, schema):
    if not isinstance(value, str) or re.search(rule, value):
        return []
    return [f"{where}: {value!r} does not match {rule}"]


def _format(rule, value, root, where, schema):
    assert rule == "date", f"format {rule} not checked"
    if not isinstance(value, str):
        return []
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return [f"{where}: {value!r} is not a date"]
    return []


def _property_names(rule, value, root, where, schema):
    if not isinstance(value, dict):
        return []
    errors = []
    for key in value:
        errors += schema_errors(rule, key, root, f"{where} key {key!r}")
    return errors


def _pattern_properties(rule, value, root, where, schema):
    if not isinstance(value, dict):
        return []
    errors = []
    for pattern, subschema in rule.items():
        for key, item in value.items():
            if re.search(pattern, key):
                errors += schema_errors(subschema, item, root, f"{where}.{key}")
    return errors


SCHEMA_KEYWORDS = {
    "type": _type,
    "$ref": _ref,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "discriminator": _discriminator,
    "items": _items,
    "enum": lambda rule, value, *_: [] if value in rule else ["not in enum"],
    "const": lambda rule, value, *_: [] if value == rule else ["not the const"],
    "minimum": _bound(lambda value, limit: value >= limit),
    "maximum": _bound(lambda value, limit: value <= limit),
    "exclusiveMinimum": _bound(lambda value, limit: value > limit),
    "minItems": _length(lambda size, limit: size >= limit),
    "maxItems": _length(lambda size, limit: size <= limit),
    "minProperties": _count_keys,
    "minLength": _length(lambda size, limit: size >= limit),
    "maxLength": _length(lambda size, limit: size <= limit),
    "pattern": _pattern,
    "format": _format,
    "propertyNames": _property_names,
    "patternProperties": _pattern_properties,
}


def as_json_data(value: Any) -> Any:
    """Return YAML data as JSON would carry it: dates become ISO strings."""
    if isinstance(value, dict):
        return {key: as_json_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json_data(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture
def design_schema(run_cli) -> dict:
    result = run_cli("schema")
    assert result.exit_code == 0
    assert result.stderr == ""
    return json.loads(result.stdout)


@pytest.mark.parametrize("example", EXAMPLE_PATHS, ids=lambda path: path.stem)
def test_schema_accepts_example(example: Path, design_schema: dict) -> None:
    data = as_json_data(yaml.safe_load(example.read_text(encoding="utf-8")))
    assert schema_errors(design_schema, data, design_schema) == []


def test_schema_rejects_typo_key(design_schema: dict) -> None:
    data = as_json_data(
        yaml.safe_load(DESIGN.replace("output_tokens", "outptu_tokens"))
    )
    errors = schema_errors(design_schema, data, design_schema)
    assert "$.components[0]: additional property 'outptu_tokens'" in errors


def test_schema_rejects_unknown_mode(design_schema: dict) -> None:
    data = as_json_data(yaml.safe_load(DESIGN + "    mode: turbo\n"))
    assert schema_errors(design_schema, data, design_schema) == ["not in enum"]


def test_schema_rejects_negative_tokens(design_schema: dict) -> None:
    data = as_json_data(yaml.safe_load(DESIGN.replace("200", "-200")))
    errors = schema_errors(design_schema, data, design_schema)
    assert len(errors) == 1, errors
    assert errors[0].startswith("$.components[0].output_tokens: ")


def test_schema_structure(design_schema: dict) -> None:
    assert design_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert design_schema["additionalProperties"] is False
    assert set(design_schema["required"]) == {
        "version",
        "name",
        "unit",
        "volume",
        "components",
    }
    assert design_schema["properties"]["version"]["const"] == 1
    component = design_schema["$defs"]["LlmComponent"]
    assert component["properties"]["mode"]["enum"] == [
        "standard",
        "batch",
        "flex",
        "priority",
    ]
    assert set(component["required"]) == {"name", "kind", "model", "input_tokens"}
    for name, definition in design_schema["$defs"].items():
        if definition.get("type") == "object" and "properties" in definition:
            assert definition["additionalProperties"] is False, name


def test_schema_number_defaults_are_numbers(design_schema: dict) -> None:
    definitions = [design_schema, *design_schema["$defs"].values()]
    checked = 0
    for definition in definitions:
        for name, spec in definition.get("properties", {}).items():
            options = [spec, *spec.get("anyOf", [])]
            if "default" not in spec:
                continue
            if not any(option.get("type") == "number" for option in options):
                continue
            checked += 1
            assert not isinstance(spec["default"], str), name
    assert checked > 0


def test_schema_to_file(run_cli, tmp_path: Path) -> None:
    output = tmp_path / "schema.json"
    result = run_cli("schema", "-o", output)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(output.read_text(encoding="utf-8"))["type"] == "object"


def test_init_writes_design_that_estimates(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    created = run_cli("init", path)
    assert created.exit_code == 0
    assert created.stdout == ""
    assert f"Wrote {path}" in created.stderr
    assert path.exists()

    estimated = run_cli("estimate", path, "-f", "json")
    assert estimated.exit_code == 0, estimated.stderr
    document = json.loads(estimated.stdout)
    assert document["price_date"] == dt.date.today().isoformat()
    assert document["components"][0]["model"] == "openai/gpt-4o-mini"


def test_init_default_name(run_cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("init")
    assert result.exit_code == 0
    assert (tmp_path / "aicost.yaml").exists()


def test_init_keeps_existing_file(run_cli, write_file) -> None:
    path = write_file("design.yaml", DESIGN)
    result = run_cli("init", path)
    assert result.exit_code == 2
    assert f"{path} already exists" in result.stderr
    assert "pass --force" in result.stderr
    assert path.read_text(encoding="utf-8") == DESIGN


def test_init_force_replaces_file(run_cli, write_file) -> None:
    path = write_file("design.yaml", DESIGN)
    result = run_cli("init", path, "--force")
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("# aicost design file")


def test_version(run_cli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"aicost {__version__}\n"


def test_python_dash_m(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aicost", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "100"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Usage: aicost [OPTIONS] COMMAND [ARGS]...")
    assert "estimate" in completed.stdout


def test_python_dash_m_exit_code(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "aicost", "estimate", str(tmp_path / "absent.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert "file not found" in completed.stderr


def test_table_shows_totals_and_price_date(run_cli, write_file) -> None:
    design = write_file("design.yaml", DESIGN)
    result = run_cli("estimate", design)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "CLI checks"
    assert (
        lines[1] == "$0.27 per month · $0.00027 per request · 1,000 requests per month"
    )
    total = next(line for line in lines if "Total" in line)
    assert "$0.27" in total
    assert "$0.00027" in total
    assert "2026-11-01" in result.stdout
    assert "A month is 730 hours" in result.stdout
    assert "\x1b[" not in result.stdout


def test_markdown_report_sections(run_cli, write_file) -> None:
    design = write_file("design.yaml", FULL_DESIGN)
    result = run_cli("estimate", design, "-f", "markdown")
    assert result.exit_code == 0
    text = result.stdout

    assert text.startswith("## Cost estimate: Every input\n")
    assert "**$3.35 per month**, $0.0011 per conversation" in text
    assert "| $3.35 | $0.0011 | 3,000 | 2026-11-01 |" in text
    assert "At list price: $3.72 per month" in text
    assert "### Components" in text
    assert "| answer | openai/gpt-4o-mini | standard | 9.18K |" in text
    assert "| **Total** |" in text
    assert "### Prices" in text
    assert "genai-prices 0.2.3: openai/gpt-4o-mini" in text
    assert "| 2026-11-01 | input $0.15, cached input $0.075, output $0.60" in text
    assert "10% negotiated discount" in text
    assert (
        "A month is 720 hours (30 days); a daily volume is scaled by 720 / 24" in text
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("unit", "conversation"),
        ("volume.units_per_day", "100"),
        ("period.hours_per_month", "720"),
        ("pricing.as_of", "2026-11-01"),
        ("pricing.discounts.openai", "10%"),
        ("components.answer.model", "openai/gpt-4o-mini"),
        ("components.answer.calls_per_unit", "3"),
        ("components.answer.retry_factor", "1.02"),
        ("components.answer.input_tokens", "2,000"),
        ("components.answer.cached_input_ratio", "0.5"),
        ("components.answer.output_tokens", "300"),
        ("components.answer.mode", "standard"),
        ("components.answer.feature", "chat"),
    ],
)
def test_markdown_assumptions_list_input(
    field: str, value: str, run_cli, write_file
) -> None:
    design = write_file("design.yaml", FULL_DESIGN)
    result = run_cli("estimate", design, "-f", "markdown")
    assumptions = result.stdout.split("### Assumptions", 1)[1].split("###", 1)[0]
    assert f"| `{field}` | {value} |" in assumptions


def test_full_design_json_is_exact(run_cli, write_file) -> None:
    design = write_file("design.yaml", FULL_DESIGN)
    result = run_cli("estimate", design, "-f", "json")
    document = json.loads(result.stdout)
    assert document["units_per_month"] == "3000"
    assert document["components"][0]["calls_per_month"] == "9180"
    assert document["list_monthly_cost"] == "3.7179"
    assert document["monthly_cost"] == "3.34611"
    assert document["components"][0]["discount"] == "0.1"


def test_output_file_mode_follows_umask(run_cli, write_file, tmp_path) -> None:
    design = write_file("design.yaml", DESIGN)
    output = tmp_path / "report.md"
    previous = os.umask(0o022)
    try:
        result = run_cli("estimate", design, "-f", "markdown", "-o", output)
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(output.stat().st_mode) == 0o644


def test_output_file_keeps_existing_mode(run_cli, write_file, tmp_path) -> None:
    design = write_file("design.yaml", DESIGN)
    output = tmp_path / "report.md"
    output.write_text("old report")
    output.chmod(0o640)
    result = run_cli("estimate", design, "-f", "markdown", "-o", output)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(output.stat().st_mode) == 0o640
    assert output.read_text() != "old report"


def test_validate_rejects_unknown_model(run_cli, write_file) -> None:
    design = write_file("design.yaml", DESIGN.replace("gpt-4o-mini", "gpt-4o-mnii"))
    result = run_cli("validate", design)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown model 'openai/gpt-4o-mnii'" in result.stderr
    assert "did you mean 'openai/gpt-4o-mini'" in result.stderr


def test_validate_accepts_private_model_with_pricing(run_cli, write_file) -> None:
    design = write_file("design.yaml", DESIGN.replace("openai/gpt-4o-mini", "acme/x"))
    prices = write_file(
        "prices.yaml",
        "version: 1\nmodels:\n  acme/x:\n    source: contract\n"
        "    as_of: 2026-07-01\n    input_per_mtok: 1\n    output_per_mtok: 2\n",
    )
    assert run_cli("validate", design).exit_code == 2
    result = run_cli("validate", design, "--pricing", prices)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{design}: valid\n"


def test_validate_directory(run_cli, write_file, tmp_path) -> None:
    write_file("designs/a.yaml", DESIGN)
    write_file("designs/nested/b.yml", DESIGN)
    write_file("designs/notes.txt", "not a design")
    result = run_cli("validate", tmp_path / "designs")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(": valid") == 2


def test_output_dash_writes_stdout(run_cli, write_file, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    design = write_file("design.yaml", DESIGN)
    result = run_cli("estimate", design, "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["version"] == 1
    assert not (tmp_path / "-").exists()


def test_output_symlink_writes_target(run_cli, write_file, tmp_path) -> None:
    design = write_file("design.yaml", DESIGN)
    target = tmp_path / "reports" / "cost.md"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    result = run_cli("estimate", design, "-f", "markdown", "-o", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert "## Cost estimate" in target.read_text()


def test_output_fifo_written_not_replaced(run_cli, write_file, tmp_path) -> None:
    import threading

    design = write_file("design.yaml", DESIGN)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []

    def drain() -> None:
        with open(fifo, encoding="utf-8") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=drain)
    reader.start()
    result = run_cli("estimate", design, "-f", "json", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["version"] == 1
