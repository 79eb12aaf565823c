"""Time Monte Carlo sampling: 10,000 samples of a 10-component design.

The design has ten llm components on five catalog models, three ranged inputs per
component and a ranged daily volume: 31 ranged inputs in all. The script prints the
median of several runs of each step and checks the target: the sampling step
(triangular draws, per-sample pricing and percentiles) under one second. It also
shows the whole analysis (range checks, bounds, sensitivity and sampling) and a full
`aicost estimate --samples` process, for context.

Usage: python benchmarks/bench_sampling.py [--runs N] [--samples N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aicost.analysis import analyse
from aicost.analysis.evaluate import Evaluator, with_price_date
from aicost.analysis.ranges import find_ranges
from aicost.analysis.run import measure
from aicost.analysis.sampling import draw, sample
from aicost.design.loader import load_design
from aicost.engine.estimate import estimate

TARGET_SECONDS = 1.0
MODELS = (
    "openai/gpt-4o-mini",
    "openai/gpt-4.1-nano",
    "anthropic/claude-sonnet-4-5",
    "anthropic/claude-haiku-4-5",
    "google/gemini-2.5-pro",
)


def design_text(components: int = 10) -> str:
    """Return a design with `components` llm components and 31 ranged inputs."""
    lines = [
        "version: 1",
        "name: Sampling benchmark",
        "unit: request",
        "volume:",
        "  units_per_day: {low: 5000, expected: 10000, high: 30000}",
        "pricing:",
        "  as_of: 2026-11-01",
        "components:",
    ]
    for index in range(components):
        tokens = 1000 * (index + 1)
        lines += [
            f"  - name: step-{index}",
            "    kind: llm",
            f"    model: {MODELS[index % len(MODELS)]}",
            "    calls_per_unit: {low: 1, expected: 2, high: 5}",
            f"    input_tokens: {{low: {tokens // 2}, expected: {tokens}, "
            f"high: {tokens * 3}}}",
            "    cached_input_ratio: 0.4",
            "    output_tokens: {low: 100, expected: 300, high: 900}",
        ]
    return "\n".join(lines) + "\n"


def median_time(step: Callable[[], object], runs: int) -> float:
    """Return the median wall time of `runs` calls of `step`, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per step")
    parser.add_argument("--samples", type=int, default=10_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "AICOST_CACHE_DIR": folder}
        os.environ["AICOST_CACHE_DIR"] = folder
        path = Path(folder) / "design.yaml"
        path.write_text(design_text(), encoding="utf-8")

        loaded = load_design(path)
        baseline = estimate(loaded)
        document = with_price_date(loaded.document, baseline.as_of)
        evaluator = Evaluator(document)
        measured = measure(evaluator, baseline, find_ranges(document))
        count = args.samples
        print(
            f"{len(baseline.components)} components, {len(measured.inputs)} ranged "
            f"inputs, {count:,} samples, median of {args.runs} runs"
        )

        draws = median_time(lambda: draw(measured.inputs, count, seed=0), args.runs)
        sampling = median_time(
            lambda: sample(
                evaluator,
                baseline,
                measured.ends,
                measured.components,
                count=count,
                seed=0,
            ),
            args.runs,
        )
        whole = median_time(
            lambda: analyse(baseline, loaded, samples=count, seed=0), args.runs
        )
        command = [
            sys.executable,
            "-m",
            "aicost",
            "estimate",
            str(path),
            "--samples",
            str(count),
            "--format",
            "json",
        ]
        process = median_time(
            lambda: subprocess.run(
                command, check=True, stdout=subprocess.DEVNULL, env=env
            ),
            args.runs,
        )

    verdict = "ok" if sampling <= TARGET_SECONDS else "OVER TARGET"
    print(f"triangular draws            {draws * 1000:8.1f} ms")
    print(
        f"sampling (draws + pricing)  {sampling * 1000:8.1f} ms  "
        f"target {TARGET_SECONDS * 1000:.0f} ms {verdict}"
    )
    print(f"whole analysis              {whole * 1000:8.1f} ms")
    print(f"aicost estimate process     {process * 1000:8.1f} ms")
    return 0 if sampling <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
