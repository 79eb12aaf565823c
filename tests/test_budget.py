"""Budgets from the design's `budget:` block and the --fail-above options.

The base design costs 100,000 × (1500 × $2 + 100 × $10) / 1e6 = $400 a month, $0.004
per conversation; the head has 1,800 input tokens: $460 a month, $0.0046 per
conversation, an increase of $60 or exactly 15%.
"""

from __future__ import annotations

import json

import pytest

from aicost.review.budget import IncreaseLimit

DESIGN = """\
version: 1
name: Chat assistant
unit: conversation
volume:
  units_per_month: 100000
pricing:
  as_of: 2026-01-01
{budget}components:
  - name: answer
    kind: llm
    model: acme/chat
    input_tokens: {input_tokens}
    output_tokens: 100
    price:
      input_per_mtok: 2
      output_per_mtok: 10
"""


def design_text(input_tokens: int = 1800, budget: str = "") -> str:
    block = f"budget:\n{budget}" if budget else ""
    return DESIGN.format(input_tokens=input_tokens, budget=block)


@pytest.fixture
def head(write_file):
    def write(budget: str = ""):
        return write_file("head.yaml", design_text(1800, budget))

    return write


@pytest.fixture
def base(write_file):
    return write_file("base.yaml", design_text(1500))


# (limit, expected exit code): at the cost passes, below the cost breaches, above
# the cost passes.
MONTHLY_BOUNDARIES = [("460", 0), ("459.99", 1), ("460.01", 0)]
UNIT_BOUNDARIES = [("0.0046", 0), ("0.00459", 1), ("0.00461", 0)]
PERCENT_BOUNDARIES = [("15", 0), ("14.99", 1), ("15.01", 0)]
USD_INCREASE_BOUNDARIES = [("60", 0), ("59.99", 1), ("60.01", 0)]


@pytest.mark.parametrize(("limit", "expected"), MONTHLY_BOUNDARIES)
def test_design_monthly_budget(run_cli, head, limit, expected):
    result = run_cli("estimate", head(f"  monthly: {limit}\n"))
    assert result.exit_code == expected
    assert "Chat assistant" in result.stdout


@pytest.mark.parametrize(("limit", "expected"), UNIT_BOUNDARIES)
def test_design_unit_budget(run_cli, head, limit, expected):
    result = run_cli("estimate", head(f"  per_unit: {limit}\n"))
    assert result.exit_code == expected


@pytest.mark.parametrize(("limit", "expected"), MONTHLY_BOUNDARIES)
def test_fail_above_monthly(run_cli, head, limit, expected):
    result = run_cli("estimate", head(), "--fail-above-monthly", limit)
    assert result.exit_code == expected


@pytest.mark.parametrize(("limit", "expected"), UNIT_BOUNDARIES)
def test_fail_above_unit(run_cli, head, limit, expected):
    result = run_cli("estimate", head(), "--fail-above-unit", limit)
    assert result.exit_code == expected


@pytest.mark.parametrize(("limit", "expected"), PERCENT_BOUNDARIES)
def test_design_max_increase_percent(run_cli, base, head, limit, expected):
    result = run_cli("diff", base, head(f"  max_increase_percent: {limit}\n"))
    assert result.exit_code == expected


@pytest.mark.parametrize(("limit", "expected"), PERCENT_BOUNDARIES)
def test_fail_above_increase_percent(run_cli, base, head, limit, expected):
    result = run_cli("diff", base, head(), "--fail-above-increase", f"{limit}%")
    assert result.exit_code == expected


@pytest.mark.parametrize(("limit", "expected"), USD_INCREASE_BOUNDARIES)
def test_fail_above_increase_usd(run_cli, base, head, limit, expected):
    result = run_cli("diff", base, head(), "--fail-above-increase", limit)
    assert result.exit_code == expected


@pytest.mark.parametrize(("limit", "expected"), MONTHLY_BOUNDARIES)
def test_diff_checks_monthly_budget(run_cli, base, head, limit, expected):
    result = run_cli("diff", base, head(f"  monthly: {limit}\n"))
    assert result.exit_code == expected


def test_breach_message_names_limit_and_excess(run_cli, head):
    result = run_cli("estimate", head("  monthly: 450\n"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Budget exceeded: Chat assistant (")
    assert (
        "monthly cost $460.00 is above the limit of $450.00 (budget.monthly) "
        "by $10.00" in result.stderr
    )


def test_breach_message_percent(run_cli, base, head):
    result = run_cli("diff", base, head(), "--fail-above-increase", "10%")
    assert result.exit_code == 1
    assert (
        "monthly cost increase 15.0% is above the limit of 10.0% "
        "(--fail-above-increase) by 5.0 percentage points" in result.stderr
    )


def test_breach_message_unit(run_cli, head):
    result = run_cli("estimate", head(), "--fail-above-unit", "0.004")
    assert result.exit_code == 1
    assert (
        "cost per conversation $0.0046 is above the limit of $0.0040 "
        "(--fail-above-unit) by $0.00060" in result.stderr
    )


def test_breach_still_writes_report(run_cli, head, tmp_path):
    output = tmp_path / "report.json"
    result = run_cli(
        "estimate", head(), "--fail-above-monthly", "1", "-f", "json", "-o", output
    )
    assert result.exit_code == 1
    assert json.loads(output.read_text())["monthly_cost"] == "460"


def test_diff_breach_still_writes_report(run_cli, base, head, tmp_path):
    output = tmp_path / "diff.json"
    result = run_cli(
        "diff", base, head(), "--fail-above-increase", "1%", "-f", "json", "-o", output
    )
    assert result.exit_code == 1
    document = json.loads(output.read_text())
    assert document["budget"]["passed"] is False
    check = document["budget"]["checks"][0]
    assert check["limit"] == "increase_percent"
    assert check["source"] == "--fail-above-increase"
    assert check["breached"] is True
    assert check["value"] == "15"
    assert check["excess"] == "14"


def test_json_lists_passed_checks(run_cli, base, head):
    result = run_cli(
        "diff", base, head("  monthly: 500\n"), "--fail-above-unit", "1", "-f", "json"
    )
    assert result.exit_code == 0
    checks = json.loads(result.stdout)["budget"]["checks"]
    assert [(check["source"], check["breached"]) for check in checks] == [
        ("budget.monthly", False),
        ("--fail-above-unit", False),
    ]


def test_decrease_never_breaches_increase(run_cli, base, head):
    result = run_cli("diff", head(), base, "--fail-above-increase", "0%", "-f", "json")
    assert result.exit_code == 0


def test_added_design_skips_percent_limit(run_cli, write_file, tmp_path):
    write_file("old/other.yaml", design_text(1500))
    write_file("new/other.yaml", design_text(1500))
    write_file("new/fresh.yaml", design_text(1800, "  max_increase_percent: 0\n"))
    result = run_cli(
        "diff", tmp_path / "old", tmp_path / "new", "--fail-above-increase", "0%"
    )
    assert result.exit_code == 0


def test_added_design_checks_usd_increase(run_cli, write_file, tmp_path):
    write_file("old/other.yaml", design_text(1500))
    write_file("new/other.yaml", design_text(1500))
    write_file("new/fresh.yaml", design_text(1800))
    result = run_cli(
        "diff", tmp_path / "old", tmp_path / "new", "--fail-above-increase", "459.99"
    )
    assert result.exit_code == 1
    assert "monthly cost increase $460.00" in result.stderr


def test_removed_design_not_checked(run_cli, write_file, tmp_path):
    write_file("old/gone.yaml", design_text(1800, "  monthly: 1\n"))
    write_file("old/kept.yaml", design_text(1500))
    write_file("new/kept.yaml", design_text(1500))
    result = run_cli(
        "diff", tmp_path / "old", tmp_path / "new", "--fail-above-monthly", "400"
    )
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--fail-above-monthly", "abc"),
        ("--fail-above-monthly", "-5"),
        ("--fail-above-monthly", "NaN"),
        ("--fail-above-unit", "1e"),
        ("--fail-above-increase", "10%%"),
        ("--fail-above-increase", "%"),
        ("--fail-above-increase", "-1%"),
        ("--fail-above-increase", "0,24"),
        ("--fail-above-increase", "1,0%"),
        ("--fail-above-increase", ",,0.24"),
        ("--fail-above-monthly", "1,00"),
    ],
)
def test_invalid_limit_exits_2(run_cli, base, head, option, value):
    result = run_cli("diff", base, head(), option, value)
    assert result.exit_code == 2
    assert f"invalid {option}" in result.stderr


def test_invalid_budget_block_names_line(run_cli, write_file):
    path = write_file("bad.yaml", design_text(1800, "  monthly: -5\n"))
    result = run_cli("estimate", path)
    assert result.exit_code == 2
    assert "bad.yaml:9: budget.monthly: must be >= 0" in result.stderr


def test_unknown_budget_field(run_cli, write_file):
    path = write_file("bad.yaml", design_text(1800, "  montly: 5\n"))
    result = run_cli("estimate", path)
    assert result.exit_code == 2
    assert "unknown field 'montly'; did you mean 'monthly'?" in result.stderr


@pytest.mark.parametrize(
    ("text", "value", "percent"),
    [
        ("10%", "10", True),
        (" 12.5 % ", "12.5", True),
        ("500", "500", False),
        ("$500", "500", False),
        ("1,500", "1500", False),
    ],
)
def test_increase_limit_parse(text, value, percent):
    limit = IncreaseLimit.parse(text)
    assert str(limit.value) == value
    assert limit.percent is percent


def test_comment_shows_budget_raised_in_change(run_cli, write_file):
    base = write_file("base.yaml", design_text(1500, "  monthly: 5\n"))
    head = write_file(
        "head.yaml",
        design_text(1800, "  monthly: 500\n  max_increase_percent: 1000\n"),
    )
    result = run_cli("diff", base, head, "--format", "github-comment")
    assert result.exit_code == 0, result.stderr
    assert "**This change edits budgets:**" in result.stdout
    assert "budget monthly 5 → 500, maximum increase (%) none → 1,000" in (
        result.stdout
    )


def test_comment_silent_when_budget_unchanged(run_cli, write_file):
    base = write_file("base.yaml", design_text(1500, "  monthly: 500\n"))
    head = write_file("head.yaml", design_text(1800, "  monthly: 500\n"))
    result = run_cli("diff", base, head, "--format", "github-comment")
    assert result.exit_code == 0, result.stderr
    assert "edits budgets" not in result.stdout
