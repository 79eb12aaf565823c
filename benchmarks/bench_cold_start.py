"""Time `aicost estimate` as a whole process beside the import floor of its libraries.

The floor is `python -c "import typer, pydantic, yaml"` in the same interpreter: no
CLI built on those three can start faster. The script prints the median of several
runs of each command and the ratio to the floor. Targets: JSON output within 1.5x
the floor, table output within 2x. The first run of aicost builds the genai-prices
index in the cache; it is a warm-up and is not counted.

Usage: python benchmarks/bench_cold_start.py [--runs N] [--design FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A design with no ranges or scenarios, so the run prices it once.
DEFAULT_DESIGN = ROOT / "examples" / "designs" / "nightly-batch-summaries.yaml"
# The README's example: three components, two scenarios and ranges, so each run
# also prices the scenarios and the range ends. Timed for information only.
SCENARIO_DESIGN = ROOT / "examples" / "designs" / "support-assistant.yaml"
TARGETS = {"json": 1.5, "table": 2.0, "markdown": 2.0}


def time_command(command: list[str], runs: int, env: dict[str, str]) -> float:
    """Return the median wall time of `runs` runs of `command`, in seconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command")
    parser.add_argument("--design", type=Path, default=DEFAULT_DESIGN)
    args = parser.parse_args()

    python = sys.executable
    aicost = [python, "-m", "aicost"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "AICOST_CACHE_DIR": cache}
        subprocess.run(
            [*aicost, "estimate", str(args.design), "--format", "json"],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        floor = time_command(
            [python, "-c", "import typer, pydantic, yaml"], args.runs, env
        )
        print(f"import floor (typer, pydantic, yaml): {floor * 1000:7.1f} ms")
        failed = False
        for report_format, target in TARGETS.items():
            command = [*aicost, "estimate", str(args.design), "--format", report_format]
            median = time_command(command, args.runs, env)
            ratio = median / floor
            verdict = "ok" if ratio <= target else "OVER TARGET"
            failed |= ratio > target
            print(
                f"estimate --format {report_format:<8} {median * 1000:7.1f} ms  "
                f"{ratio:4.2f}x floor (target {target}x) {verdict}"
            )
        command = [*aicost, "estimate", str(SCENARIO_DESIGN), "--format", "json"]
        median = time_command(command, args.runs, env)
        print(
            f"{SCENARIO_DESIGN.name} --format json "
            f"{median * 1000:7.1f} ms  {median / floor:4.2f}x floor (no target)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
