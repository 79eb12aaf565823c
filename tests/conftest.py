"""Shared fixtures: an isolated price-index cache, a CLI runner and golden files."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from aicost.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "designs"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output instead of comparing.",
    )


@pytest.fixture(scope="session", autouse=True)
def _price_index_cache(tmp_path_factory: pytest.TempPathFactory):
    """Keep the genai-prices index out of the user's cache; build it once a session."""
    cache = tmp_path_factory.mktemp("aicost-cache")
    previous = os.environ.get("AICOST_CACHE_DIR")
    os.environ["AICOST_CACHE_DIR"] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop("AICOST_CACHE_DIR", None)
    else:
        os.environ["AICOST_CACHE_DIR"] = previous


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run `aicost ARGS...` in-process and return exit code, stdout and stderr."""

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def write_file(tmp_path: Path):
    """Write text to a file in the test's temp dir and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file; --update-golden rewrites the file instead."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {name} was missing and has been written")
            return
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    actual.splitlines(keepends=True),
                    fromfile=f"golden/{name}",
                    tofile="actual",
                )
            )
            pytest.fail(
                f"output differs from golden/{name} "
                f"(rerun with --update-golden if the change is intended):\n{diff}"
            )

    return check
