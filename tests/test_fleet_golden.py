"""Golden FOCUS CSV and terminal tables for the GPU-fleet and cloud-service examples.

The Markdown and JSON goldens of every example are checked in
test_golden_examples.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ["self-hosted-llama", "rag-service", "reserved-training-fleet"]


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("example", EXAMPLES)
def test_focus_csv_matches_golden(example: str, run_cli, golden, at_root) -> None:
    result = run_cli(
        "estimate", Path("examples/designs") / f"{example}.yaml", "--format", "focus"
    )
    assert result.exit_code == 0, result.stderr
    golden(f"{example}.focus.csv", result.stdout)


@pytest.mark.parametrize("example", EXAMPLES)
def test_table_matches_golden(example: str, run_cli, golden, at_root) -> None:
    result = run_cli("estimate", Path("examples/designs") / f"{example}.yaml")
    assert result.exit_code == 0, result.stderr
    golden(f"{example}.table.txt", result.stdout)


def test_self_hosted_example_compares_api(run_cli, at_root) -> None:
    result = run_cli(
        "estimate", "examples/designs/self-hosted-llama.yaml", "--format", "markdown"
    )
    assert "#### llama-serving: sized for answer" in result.stdout
    assert "Break-even at" in result.stdout
    assert "its API cost of" in result.stdout


def test_reserved_example_flags_idle(run_cli, at_root) -> None:
    result = run_cli(
        "estimate",
        "examples/designs/reserved-training-fleet.yaml",
        "--format",
        "markdown",
    )
    assert "> **Idle:** trainers bills" in result.stdout
