"""The cached genai-prices index: built once, read after, rebuilt when damaged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aicost.pricing import genai_index

DESIGN = """\
version: 1
name: Index case
unit: run
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
components:
  - name: agent
    kind: llm
    model: anthropic/claude-sonnet-4-5
    input_tokens: 10000
    output_tokens: 500
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the index at an empty cache folder and forget any loaded index."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("AICOST_CACHE_DIR", str(folder))
    genai_index.load_index.cache_clear()
    yield folder
    genai_index.load_index.cache_clear()


def monthly_cost(run_cli, write_file) -> str:
    genai_index.load_index.cache_clear()
    result = run_cli("estimate", write_file("d.yaml", DESIGN), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)["monthly_cost"]


def provider_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("genai-prices-*/provider-*.json"))


def test_index_written_on_first_run(cache, run_cli, write_file):
    monthly_cost(run_cli, write_file)
    assert len(list(cache.glob("genai-prices-*/index.json"))) == 1
    assert len(provider_files(cache)) > 10


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_text(""), id="empty"),
        pytest.param(lambda path: path.write_text("{not json"), id="truncated"),
        pytest.param(lambda path: path.write_text("{}"), id="emptied-mapping"),
        pytest.param(lambda path: path.write_text("[1, 2]"), id="wrong-shape"),
        pytest.param(lambda path: path.unlink(), id="deleted"),
    ],
)
def test_damaged_provider_file_rebuilt(cache, run_cli, write_file, damage):
    expected = monthly_cost(run_cli, write_file)
    for path in provider_files(cache):
        damage(path)
    assert monthly_cost(run_cli, write_file) == expected
    rebuilt = provider_files(cache)
    assert rebuilt
    assert all(json.loads(path.read_text()) for path in rebuilt)


@pytest.mark.parametrize("text", ["", "[]", '{"format": 3}', "{broken"])
def test_damaged_index_file_rebuilt(cache, run_cli, write_file, text):
    expected = monthly_cost(run_cli, write_file)
    (index,) = cache.glob("genai-prices-*/index.json")
    index.write_text(text)
    assert monthly_cost(run_cli, write_file) == expected
    assert json.loads(index.read_text())["format"] == genai_index.INDEX_FORMAT


def test_unwritable_cache_still_prices(tmp_path, monkeypatch, run_cli, write_file):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("AICOST_CACHE_DIR", str(blocker / "cache"))
    genai_index.load_index.cache_clear()
    try:
        assert monthly_cost(run_cli, write_file)
    finally:
        genai_index.load_index.cache_clear()
