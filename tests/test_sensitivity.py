"""Sensitivity: the swing in monthly cost per input, hand-computed, in every report.

The design prices `answer` at 2 USD input, 0.5 cached input and 8 output per million
tokens. With units U, input tokens I, cache ratio r and output tokens O, its monthly
cost is U x [I(1 - r) x 2 + I r x 0.5 + O x 8] / 1,000,000.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from aicost.analysis import analyse
from aicost.design.loader import validate_document
from aicost.design.yamlio import parse_yaml
from aicost.engine.estimate import estimate

MILLION = Decimal(1_000_000)

RANGED = """\
version: 1
name: Sensitivity test
unit: request
volume:
  units_per_month: {low: 1000, expected: 2000, high: 4000}
pricing:
  as_of: 2026-11-01
components:
  - name: answer
    kind: llm
    model: acme/answer-model
    input_tokens: {low: 100, expected: 200, high: 400}
    cached_input_ratio: {low: 0.2, expected: 0.5, high: 0.8}
    output_tokens: {low: 10, expected: 20, high: 50}
    price:
      input_per_mtok: 2
      cached_input_per_mtok: 0.5
      output_per_mtok: 8
"""


def cost(
    units: int = 2000,
    tokens: int = 200,
    ratio: str = "0.5",
    output: int = 20,
    rates: tuple[str, str, str] = ("2", "0.5", "8"),
) -> Decimal:
    input_rate, cached_rate, output_rate = (Decimal(rate) for rate in rates)
    cached = tokens * Decimal(ratio)
    per_call = (
        (tokens - cached) * input_rate + cached * cached_rate + output * output_rate
    )
    return units * per_call / MILLION


# (field, monthly cost at low, monthly cost at high), largest swing first.
RANGE_ROWS = [
    ("volume.units_per_month", cost(units=1000), cost(units=4000)),
    ("components.answer.input_tokens", cost(tokens=100), cost(tokens=400)),
    ("components.answer.output_tokens", cost(output=10), cost(output=50)),
    ("components.answer.cached_input_ratio", cost(ratio="0.2"), cost(ratio="0.8")),
]
MOVED_ROWS = [
    (
        "components.answer.price.input_per_mtok",
        cost(rates=("1.5", "0.5", "8")),
        cost(rates=("2.5", "0.5", "8")),
    ),
    (
        "components.answer.price.output_per_mtok",
        cost(rates=("2", "0.5", "6")),
        cost(rates=("2", "0.5", "10")),
    ),
    (
        "components.answer.price.cached_input_per_mtok",
        cost(rates=("2", "0.375", "8")),
        cost(rates=("2", "0.625", "8")),
    ),
]


def analysed(text: str, **options):
    document = parse_yaml(text, Path("design.yaml"))
    loaded = validate_document(document)
    return analyse(estimate(loaded), loaded, **options)


def test_hand_computed_swings() -> None:
    assert [abs(high - low) for _, low, high in RANGE_ROWS] == [
        Decimal("1.23"),
        Decimal("0.75"),
        Decimal("0.64"),
        Decimal("0.36"),
    ]


def test_range_rows_hand_computed() -> None:
    rows = analysed(RANGED).analysis.sensitivity
    total = sum(abs(high - low) for _, low, high in RANGE_ROWS)
    assert [row.input.field for row in rows] == [field for field, _, _ in RANGE_ROWS]
    for row, (field, low, high) in zip(rows, RANGE_ROWS, strict=True):
        assert row.monthly_at_low == low, field
        assert row.monthly_at_high == high, field
        assert row.swing == abs(high - low), field
        assert row.share == abs(high - low) / total, field
        assert row.input.from_range, field


def test_cache_ratio_lowers_cost_at_high_end() -> None:
    rows = analysed(RANGED).analysis.sensitivity
    ratio = next(row for row in rows if row.input.field.endswith("cached_input_ratio"))
    assert ratio.monthly_at_high < ratio.monthly_at_low


def test_moved_numbers_added() -> None:
    rows = analysed(RANGED, sensitivity=True).analysis.sensitivity
    expected = sorted(
        RANGE_ROWS + MOVED_ROWS, key=lambda row: (-abs(row[2] - row[1]), row[0])
    )
    assert [row.input.field for row in rows] == [field for field, _, _ in expected]
    total = sum(abs(high - low) for _, low, high in expected)
    for row, (field, low, high) in zip(rows, expected, strict=True):
        assert row.monthly_at_low == low, field
        assert row.monthly_at_high == high, field
        assert row.share == abs(high - low) / total, field
    # Each share is a 28-digit Decimal quotient, so their sum can miss 1 by 1e-28.
    assert abs(sum(row.share for row in rows) - 1) < Decimal("1e-25")


def test_moved_numbers_are_labelled() -> None:
    rows = analysed(RANGED, sensitivity=True).analysis.sensitivity
    moved = {row.input.field: row.input for row in rows if not row.input.from_range}
    rate = moved["components.answer.price.input_per_mtok"]
    assert rate.low == Decimal("1.5")
    assert rate.expected == Decimal(2)
    assert rate.high == Decimal("2.5")
    assert rate.label == "price.input_per_mtok of answer"


LIMITS = """\
version: 1
name: Limits
unit: request
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
components:
  - name: answer
    kind: llm
    model: acme/answer-model
    retry_factor: 1
    input_tokens: 1000
    cached_input_tokens: 900
    output_tokens: 0
    price:
      input_per_mtok: 2
      cached_input_per_mtok: 0.5
  - name: summary
    kind: llm
    model: acme/summary-model
    input_tokens: 100
    cached_input_ratio: 0.9
    price:
      input_per_mtok: 1
      cached_input_per_mtok: 0.1
"""


def test_moved_numbers_respect_limits() -> None:
    result = analysed(LIMITS, sensitivity=True)
    rows = {row.input.field: row for row in result.analysis.sensitivity}
    retry = rows["components.answer.retry_factor"].input
    assert retry.low == 1
    assert retry.high == Decimal("1.25")
    ratio = rows["components.summary.cached_input_ratio"].input
    assert ratio.low == Decimal("0.675")
    assert ratio.high == 1


def test_invalid_end_left_at_expected() -> None:
    result = analysed(LIMITS, sensitivity=True)
    rows = {row.input.field: row for row in result.analysis.sensitivity}
    cached = rows["components.answer.cached_input_tokens"]
    # 900 x 1.25 = 1,125 cached tokens would exceed the 1,000 input tokens.
    assert cached.input.high == 900
    assert cached.monthly_at_high == result.monthly_cost
    assert cached.note is not None
    assert cached.note.startswith("the high end is invalid (cache reads (1125.00)")
    assert cached.note.endswith("so it stays at the expected value")


def test_zero_and_unmoving_numbers_left_out() -> None:
    rows = analysed(LIMITS, sensitivity=True).analysis.sensitivity
    fields = {row.input.field for row in rows}
    assert "components.answer.output_tokens" not in fields
    assert "volume.units_per_month" in fields


def test_no_rows_without_ranges_or_option() -> None:
    assert analysed(LIMITS).analysis is None


def test_sensitivity_in_table(run_cli, write_file) -> None:
    result = run_cli("estimate", write_file("design.yaml", RANGED), "--sensitivity")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    volume = next(line for line in lines if "volume.units_per_month " in line)
    assert "$0.41" in volume
    assert "$1.64" in volume
    assert "█" * 30 in volume
    rate = next(line for line in lines if "price.input_per_mtok of answer" in line)
    assert "(±25%)" in rate
    assert (
        "volume.units_per_month drives 36.3% of the summed swing in monthly cost."
        in result.stdout
    )


def test_sensitivity_in_markdown(run_cli, write_file) -> None:
    result = run_cli("estimate", write_file("design.yaml", RANGED), "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "### Sensitivity" in text
    assert (
        "**volume.units_per_month** drives 41.3% of the summed swing in monthly cost."
        in text
    )
    assert (
        "| cached_input_ratio of answer | 0.2 | 0.8 | $1.00 | $0.64 | $0.36 | 12.1% |"
        in text
    )
    assert "```mermaid\nxychart-beta horizontal\n" in text
    assert "    bar [1.23, 0.75, 0.64, 0.36]" in text


def test_sensitivity_in_json(run_cli, write_file) -> None:
    result = run_cli("estimate", write_file("design.yaml", RANGED), "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["sensitivity"]
    share = rows[0].pop("share")
    assert Decimal(share) == Decimal("1.23") / Decimal("2.98")
    assert rows[0] == {
        "field": "volume.units_per_month",
        "component": None,
        "source": "range",
        "low": "1000",
        "high": "4000",
        "monthly_cost_at_low": "0.41",
        "monthly_cost_at_high": "1.64",
        "swing": "1.23",
        "note": None,
    }
    assert abs(sum(Decimal(row["share"]) for row in rows[1:]) + Decimal(share) - 1) < (
        Decimal("1e-25")
    )
