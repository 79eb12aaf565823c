"""Design discovery for directories and globs; `aicost estimate` over many designs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from aicost.errors import AicostError
from aicost.review.discovery import find_designs, glob_pattern
from aicost.review.progress import DelayedProgress

DESIGN = """\
version: 1
name: {name}
unit: conversation
volume:
  units_per_month: {units}
pricing:
  as_of: 2026-01-01
components:
  - name: answer
    kind: llm
    model: acme/chat
    input_tokens: 1000
    output_tokens: 100
    price:
      input_per_mtok: 2
      output_per_mtok: 10
"""


def design(name: str, units: int = 100_000) -> str:
    return DESIGN.format(name=name, units=units)


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("designs/*.yaml", "designs/a.yaml", True),
        ("designs/*.yaml", "designs/sub/a.yaml", False),
        ("designs/*.yaml", "designs/.hidden.yaml", False),
        ("designs/**/*.yaml", "designs/a.yaml", True),
        ("designs/**/*.yaml", "designs/x/y/a.yaml", True),
        ("designs/**/*.yaml", "designs/.git/a.yaml", False),
        ("designs/**", "designs/x/a.yaml", True),
        ("designs/?.yaml", "designs/a.yaml", True),
        ("designs/?.yaml", "designs/ab.yaml", False),
        ("designs/[ab].yaml", "designs/b.yaml", True),
        ("designs/[!ab].yaml", "designs/b.yaml", False),
        ("designs/[!ab].yaml", "designs/c.yaml", True),
        ("d+s/*.yaml", "d+s/a.yaml", True),
        ("d+s/*.yaml", "dds/a.yaml", False),
        ("*.yaml", "a.yaml", True),
        (".github/*.yaml", ".github/a.yaml", True),
    ],
)
def test_glob_pattern(pattern, path, matches):
    assert bool(glob_pattern(pattern).match(path)) is matches


def test_find_designs_directory(tmp_path, write_file):
    write_file("designs/b.yaml", "x")
    write_file("designs/a.yml", "x")
    write_file("designs/deep/c.yaml", "x")
    write_file("designs/.hidden/d.yaml", "x")
    write_file("designs/readme.md", "x")
    found = find_designs(["designs"], root=tmp_path)
    assert found == ["designs/a.yml", "designs/b.yaml", "designs/deep/c.yaml"]


def test_find_designs_glob_and_file(tmp_path, write_file):
    write_file("designs/b.yaml", "x")
    write_file("designs/a.yaml", "x")
    write_file("other/c.txt", "x")
    found = find_designs(["other/c.txt", "designs/*.yaml", "designs/a.yaml"], tmp_path)
    assert found == ["other/c.txt", "designs/a.yaml", "designs/b.yaml"]


def test_find_designs_empty_glob(tmp_path):
    with pytest.raises(AicostError, match="the glob contains no design files"):
        find_designs(["designs/*.yaml"], root=tmp_path)


def test_find_designs_missing_path(tmp_path):
    with pytest.raises(AicostError, match="file or directory not found"):
        find_designs(["nothing.yaml"], root=tmp_path)


def test_estimate_directory_summary(run_cli, write_file, tmp_path):
    write_file("designs/a.yaml", design("Alpha"))
    write_file("designs/b.yaml", design("Beta", units=50_000))
    result = run_cli("estimate", tmp_path / "designs")
    # Alpha: 100,000 × (1000 × 2 + 100 × 10) / 1e6 = 300; Beta: 150.
    assert result.exit_code == 0
    assert "Summary" in result.stdout
    assert "Alpha" in result.stdout
    assert "Beta" in result.stdout
    assert "$450.00" in result.stdout


def test_estimate_glob_json(run_cli, write_file, tmp_path):
    write_file("designs/a.yaml", design("Alpha"))
    write_file("designs/b.yaml", design("Beta", units=50_000))
    result = run_cli("estimate", str(tmp_path / "designs" / "*.yaml"), "-f", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert [item["design"]["name"] for item in document["designs"]] == [
        "Alpha",
        "Beta",
    ]
    assert document["total"]["monthly_cost"] == "450"


def test_estimate_many_markdown(run_cli, write_file, tmp_path):
    first = write_file("a.yaml", design("Alpha | pipe"))
    second = write_file("b.yaml", design("Beta"))
    result = run_cli("estimate", first, second, "-f", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("## Cost summary")
    assert "Alpha \\| pipe" in result.stdout
    assert "| **Total** | | **$600.00** | | |" in result.stdout


def test_estimate_single_file_keeps_shape(run_cli, write_file):
    path = write_file("a.yaml", design("Alpha"))
    result = run_cli("estimate", path, "-f", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["design"]["name"] == "Alpha"
    assert "designs" not in document


def test_estimate_empty_directory(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("estimate", tmp_path / "empty")
    assert result.exit_code == 2
    assert "contains no design files" in result.stderr


def test_estimate_many_invalid_design(run_cli, write_file, tmp_path):
    write_file("designs/a.yaml", design("Alpha"))
    write_file("designs/b.yaml", design("Beta").replace("units_per_month", "units"))
    output = tmp_path / "report.json"
    result = run_cli("estimate", tmp_path / "designs", "-f", "json", "-o", output)
    assert result.exit_code == 2
    assert "b.yaml:5" in result.stderr
    assert not output.exists()


def test_progress_appears_after_delay():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=80)
    progress = DelayedProgress(2, delay=0, console=console)
    with progress:
        progress.advance("a.yaml")
        progress.advance("b.yaml")
    assert progress.done == 2
    assert "Pricing designs" in buffer.getvalue()


def test_progress_hidden_before_delay():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=80)
    progress = DelayedProgress(2, delay=3600, console=console)
    with progress:
        progress.advance("a.yaml")
    assert progress.done == 1
    assert buffer.getvalue() == ""


def test_progress_off_without_terminal(capsys):
    progress = DelayedProgress(5, delay=0)
    with progress:
        progress.advance("a.yaml")
    assert progress.enabled is False
    assert capsys.readouterr().err == ""


def test_find_designs_absolute_directory(tmp_path, write_file):
    write_file("designs/a.yaml", "x")
    found = find_designs([str(tmp_path / "designs")], root=Path("."))
    assert found == [str(tmp_path / "designs" / "a.yaml")]


def test_many_csv_reports_share_header():
    from aicost.report.summary import _concatenate

    parts = ["Cost,Name\r\n1,a\r\n", "Cost,Name\r\n2,b\r\n"]
    assert _concatenate(parts) == "Cost,Name\r\n1,a\r\n2,b\r\n"


def test_many_reports_without_shared_header():
    from aicost.report.summary import _concatenate

    assert _concatenate(["A\nx\n", "B\ny\n"]) == "A\nx\n\nB\ny\n"
