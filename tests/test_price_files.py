"""User price files given with --pricing: private models, overrides and precedence."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

# 1,000 calls a month of 1,000 input and 200 output tokens each.
DESIGN = """\
version: 1
name: Price files
unit: request
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
components:
  - name: answer
    kind: llm
    model: MODEL
    input_tokens: 1000
    output_tokens: 200
"""

PRIVATE = """\
version: 1
models:
  acme/private-llm:
    source: Order form 2026-07, section 3
    as_of: 2026-07-01
    input_per_mtok: 0.8
    output_per_mtok: 2.4
"""


def design_for(model: str, extra: str = "") -> str:
    return DESIGN.replace("MODEL", model) + extra


def price_file(model: str, input_rate: str, output_rate: str, **extra: str) -> str:
    lines = [
        "version: 1",
        "models:",
        f"  {model}:",
        "    source: Negotiated rate card",
        "    as_of: 2026-09-15",
        f"    input_per_mtok: {input_rate}",
        f"    output_per_mtok: {output_rate}",
    ]
    lines += [f"    {key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def monthly(input_rate: str, output_rate: str, calls: int = 1000) -> Decimal:
    """Return the monthly cost of DESIGN's traffic at the given rates per million."""
    per_call = (1000 * Decimal(input_rate) + 200 * Decimal(output_rate)) / 10**6
    return per_call * calls


def estimate_json(run_cli, design: Path, *price_files: Path) -> dict:
    args: list[str | Path] = ["estimate", design, "--format", "json"]
    for path in price_files:
        args += ["--pricing", path]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_private_model_needs_price_file(run_cli, write_file) -> None:
    design = write_file("design.yaml", design_for("acme/private-llm"))
    result = run_cli("estimate", design)
    assert result.exit_code == 2
    assert "unknown provider 'acme'" in result.stderr
    assert "--pricing FILE" in result.stderr


def test_private_model_priced_from_file(run_cli, write_file) -> None:
    design = write_file("design.yaml", design_for("acme/private-llm"))
    prices = write_file("prices.yaml", PRIVATE)
    document = estimate_json(run_cli, design, prices)
    component = document["components"][0]

    # 1000 * 0.8 / 1e6 + 200 * 2.4 / 1e6 = 0.00128 per call.
    assert Decimal(document["monthly_cost"]) == Decimal("1.28")
    assert document["monthly_cost"] == "1.28"
    assert component["model"] == "acme/private-llm"
    assert component["cost_per_call"] == "0.00128"
    assert component["rates"] == {"input_mtok": "0.8", "output_mtok": "2.4"}


def test_price_source_in_json(run_cli, write_file) -> None:
    design = write_file("design.yaml", design_for("acme/private-llm"))
    prices = write_file("prices.yaml", PRIVATE)
    source = estimate_json(run_cli, design, prices)["components"][0]["price_source"]
    assert source["kind"] == "file"
    assert source["description"] == f"{prices}: Order form 2026-07, section 3"
    assert source["as_of"] == "2026-07-01"
    assert source["url"] is None


def test_price_source_in_markdown(run_cli, write_file) -> None:
    design = write_file("design.yaml", design_for("acme/private-llm"))
    prices = write_file("prices.yaml", PRIVATE)
    result = run_cli("estimate", design, "-f", "markdown", "--pricing", prices)
    assert result.exit_code == 0
    price_table = result.stdout.split("### Prices", 1)[1]
    row = (
        f"| answer | {prices}: Order form 2026-07, section 3 | 2026-07-01 "
        "| input $0.80, output $2.40 |"
    )
    assert row in price_table


def test_file_overrides_catalog_model(run_cli, write_file) -> None:
    design = write_file("design.yaml", design_for("openai/gpt-4o-mini"))
    catalog = estimate_json(run_cli, design)
    prices = write_file("prices.yaml", price_file("openai/gpt-4o-mini", "0.1", "0.4"))
    overridden = estimate_json(run_cli, design, prices)

    assert catalog["components"][0]["price_source"]["kind"] == "catalog"
    # Catalog: $0.15 and $0.60 per million tokens.
    assert Decimal(catalog["monthly_cost"]) == monthly("0.15", "0.60")
    assert overridden["components"][0]["price_source"]["kind"] == "file"
    assert Decimal(overridden["monthly_cost"]) == monthly("0.1", "0.4")
    assert overridden["monthly_cost"] == "0.18"


def test_override_matches_model_case_insensitively(run_cli, write_file) -> None:
    design = write_file("design.yaml", design_for("OpenAI/GPT-4o-mini"))
    prices = write_file("prices.yaml", price_file("openai/gpt-4o-mini", "0.1", "0.4"))
    document = estimate_json(run_cli, design, prices)
    assert document["components"][0]["price_source"]["kind"] == "file"
    assert Decimal(document["monthly_cost"]) == monthly("0.1", "0.4")


def test_later_file_wins(run_cli, write_file) -> None:
    second_component = (
        "  - name: second\n"
        "    kind: llm\n"
        "    model: acme/other-llm\n"
        "    input_tokens: 1000\n"
        "    output_tokens: 200\n"
    )
    design = write_file("design.yaml", design_for("acme/private-llm", second_component))
    first = write_file(
        "first.yaml",
        PRIVATE
        + "  acme/other-llm:\n"
        + "    source: First rate card\n"
        + "    as_of: 2026-07-01\n"
        + "    input_per_mtok: 2\n"
        + "    output_per_mtok: 4\n",
    )
    second = write_file("second.yaml", price_file("acme/private-llm", "1", "3"))
    document = estimate_json(run_cli, design, first, second)
    answer, other = document["components"]

    assert Decimal(answer["monthly_cost"]) == monthly("1", "3")
    assert answer["price_source"]["description"] == f"{second}: Negotiated rate card"
    # An entry that only the first file has stays in force.
    assert Decimal(other["monthly_cost"]) == monthly("2", "4")
    assert other["price_source"]["description"] == f"{first}: First rate card"

    reversed_order = estimate_json(run_cli, design, second, first)
    assert Decimal(reversed_order["components"][0]["monthly_cost"]) == Decimal("1.28")


def test_discount_skips_file_prices(run_cli, write_file) -> None:
    catalog_component = (
        "  - name: catalog\n"
        "    kind: llm\n"
        "    model: openai/gpt-4o\n"
        "    input_tokens: 1000\n"
        "    output_tokens: 200\n"
    )
    text = design_for("openai/gpt-4o-mini", catalog_component).replace(
        "  as_of: 2026-11-01\n", "  as_of: 2026-11-01\n  discounts:\n    openai: 0.5\n"
    )
    design = write_file("design.yaml", text)
    prices = write_file("prices.yaml", price_file("openai/gpt-4o-mini", "0.1", "0.4"))
    document = estimate_json(run_cli, design, prices)
    from_file, from_catalog = document["components"]

    assert from_file["discount"] == "0"
    assert Decimal(from_file["monthly_cost"]) == monthly("0.1", "0.4")
    assert from_file["list_monthly_cost"] == from_file["monthly_cost"]
    # openai/gpt-4o in genai-prices 0.2.3: $2.50 input and $10 output per million.
    assert from_catalog["discount"] == "0.5"
    assert Decimal(from_catalog["list_monthly_cost"]) == monthly("2.5", "10")
    assert Decimal(from_catalog["monthly_cost"]) == monthly("2.5", "10") / 2


def test_discount_for_file_only_provider_warns(run_cli, write_file) -> None:
    text = design_for("openai/gpt-4o-mini").replace(
        "  as_of: 2026-11-01\n", "  as_of: 2026-11-01\n  discounts:\n    openai: 0.5\n"
    )
    design = write_file("design.yaml", text)
    prices = write_file("prices.yaml", price_file("openai/gpt-4o-mini", "0.1", "0.4"))
    result = run_cli("estimate", design, "-f", "json", "--pricing", prices)
    assert result.exit_code == 0
    assert (
        "discount for 'openai' applies to nothing: answer use a price from"
        in result.stderr
    )
    assert json.loads(result.stdout)["monthly_cost"] == "0.18"


def test_batch_mode_uses_file_discount(run_cli, write_file) -> None:
    design = write_file(
        "design.yaml", design_for("acme/private-llm", "    mode: batch\n")
    )
    prices = write_file(
        "prices.yaml",
        price_file("acme/private-llm", "0.8", "2.4", batch_discount="0.5"),
    )
    document = estimate_json(run_cli, design, prices)
    assert Decimal(document["monthly_cost"]) == monthly("0.8", "2.4") / 2
    assert document["components"][0]["mode"] == "batch"


def test_batch_mode_without_file_discount_fails(run_cli, write_file) -> None:
    design = write_file(
        "design.yaml", design_for("acme/private-llm", "    mode: batch\n")
    )
    prices = write_file("prices.yaml", PRIVATE)
    result = run_cli("estimate", design, "--pricing", prices)
    assert result.exit_code == 2
    assert f"{design}:14: components.answer.mode" in result.stderr
    assert "gives no batch_discount" in result.stderr
    assert str(prices) in result.stderr
    assert "add batch_discount" in result.stderr


def test_inline_price_beats_file(run_cli, write_file) -> None:
    inline = "    price:\n      input_per_mtok: 3\n      output_per_mtok: 6\n"
    design = write_file("design.yaml", design_for("acme/private-llm", inline))
    prices = write_file("prices.yaml", PRIVATE)
    document = estimate_json(run_cli, design, prices)
    assert document["components"][0]["price_source"]["kind"] == "inline"
    assert Decimal(document["monthly_cost"]) == monthly("3", "6")


def test_file_cached_input_rate(run_cli, write_file) -> None:
    design = write_file(
        "design.yaml", design_for("acme/private-llm", "    cached_input_tokens: 600\n")
    )
    prices = write_file(
        "prices.yaml",
        price_file("acme/private-llm", "0.8", "2.4", cached_input_per_mtok="0.2"),
    )
    document = estimate_json(run_cli, design, prices)
    # 400 uncached input at 0.8, 600 cached at 0.2 and 200 output at 2.4 per million.
    per_call = (400 * Decimal("0.8") + 600 * Decimal("0.2") + 200 * Decimal("2.4")) / (
        10**6
    )
    assert Decimal(document["monthly_cost"]) == per_call * 1000
    assert document["components"][0]["rates"]["cache_read_mtok"] == "0.2"


def test_price_file_must_be_mapping(run_cli, write_file) -> None:
    design = write_file("design.yaml", design_for("acme/private-llm"))
    prices = write_file("prices.yaml", "- acme/private-llm\n")
    result = run_cli("estimate", design, "--pricing", prices)
    assert result.exit_code == 2
    assert f"{prices}:1:" in result.stderr
    assert "`version` and `models`" in result.stderr
