"""Cost per feature: shared components split by measured usage, shares sum to 1."""

from __future__ import annotations

import json
from decimal import Decimal

DESIGN = """\
version: 1
name: Features case
unit: request
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
components:
  - name: index
    kind: service
    sku: aws/s3-standard-storage
    quantity_per_month: 1000
    features:
      search: 3
      chat: 1
  - name: trainer
    kind: gpu_fleet
    instance: aws/g6.xlarge
    count: 1
    utilization: 1
    feature: chat
  - name: egress
    kind: service
    sku: aws/internet-egress
    quantity_per_month: 100
"""

STORAGE = Decimal(1000) * Decimal("0.023")
FLEET = Decimal("0.8048") * 730
EGRESS = Decimal(100) * Decimal("0.09")
TOTAL = STORAGE + FLEET + EGRESS


def features(run_cli, write_file, text: str) -> dict[str | None, dict]:
    result = run_cli("estimate", write_file("d.yaml", text), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {row["feature"]: row for row in json.loads(result.stdout)["features"]}


def test_shared_component_split_by_usage(run_cli, write_file):
    rows = features(run_cli, write_file, DESIGN)
    assert Decimal(rows["search"]["monthly_cost"]) == STORAGE * Decimal("0.75")
    assert Decimal(rows["chat"]["monthly_cost"]) == STORAGE * Decimal("0.25") + FLEET
    assert Decimal(rows[None]["monthly_cost"]) == EGRESS
    assert rows["search"]["components"] == ["index"]
    assert rows["chat"]["components"] == ["index", "trainer"]


def test_shares_sum_to_one(run_cli, write_file):
    rows = features(run_cli, write_file, DESIGN)
    assert sum(Decimal(row["share"]) for row in rows.values()) == 1
    assert Decimal(rows["search"]["share"]) == STORAGE * Decimal("0.75") / TOTAL
    assert Decimal(rows[None]["unit_cost"]) == EGRESS / 1000


def test_uneven_thirds_still_sum_exactly(run_cli, write_file):
    text = DESIGN.replace("search: 3\n      chat: 1", "search: 1\n      chat: 2")
    text = text.replace("    feature: chat\n", "    feature: other\n")
    rows = features(run_cli, write_file, text)
    costs = sum(Decimal(row["monthly_cost"]) for row in rows.values())
    assert costs == TOTAL
    assert sum(Decimal(row["share"]) for row in rows.values()) == 1
    assert (
        Decimal(rows["search"]["monthly_cost"]) + Decimal(rows["chat"]["monthly_cost"])
        == STORAGE
    )


def test_served_fleet_split_by_served_tokens(run_cli, write_file):
    text = """\
version: 1
name: Shared fleet
unit: request
volume:
  units_per_month: 100000
pricing:
  as_of: 2026-11-01
components:
  - name: chat
    kind: llm
    model: acme/open-8b
    input_tokens: 1500
    output_tokens: 500
    feature: chat
    price: {input_per_mtok: 0.2, output_per_mtok: 0.2}
  - name: summaries
    kind: llm
    model: acme/open-8b
    input_tokens: 500
    output_tokens: 500
    feature: summaries
    price: {input_per_mtok: 0.2, output_per_mtok: 0.2}
  - name: serving
    kind: gpu_fleet
    instance: aws/g6e.xlarge
    serves: [chat, summaries]
    model_size_b: 8
    precision: fp8
"""
    result = run_cli("estimate", write_file("d.yaml", text), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    fleet = next(item for item in data["components"] if item["name"] == "serving")
    shares = {name: Decimal(value) for name, value in fleet["feature_shares"].items()}
    # chat sends 2,000 tokens a call and summaries 1,000.
    assert shares["chat"] == Decimal(2) / 3
    assert shares["chat"] + shares["summaries"] == 1
    rows = {row["feature"]: row for row in data["features"]}
    assert Decimal(rows["chat"]["share"]) + Decimal(rows["summaries"]["share"]) == 1
    assert None not in rows


def test_feature_and_features_exclusive(run_cli, write_file):
    text = DESIGN.replace("    features:\n", "    feature: x\n    features:\n", 1)
    result = run_cli("validate", write_file("d.yaml", text))
    assert result.exit_code == 2
    assert "give feature or features" in result.stderr


def test_feature_table_in_reports(run_cli, write_file):
    path = write_file("d.yaml", DESIGN)
    markdown = run_cli("estimate", path, "--format", "markdown").stdout
    table = run_cli("estimate", path).stdout
    assert "### By feature" in markdown
    assert "| search | $17.25 | 2.8% |" in markdown
    assert "(unattributed)" in markdown
    assert "By feature" in table


LLM_SHARED = """\
version: 1
name: Shared embedding
unit: query
volume:
  units_per_month: 1000000
pricing:
  as_of: 2026-11-01
components:
  - name: embed
    kind: llm
    model: openai/text-embedding-3-small
    input_tokens: 25
    features:
      search: 2
      chat: 1
  - name: answer
    kind: llm
    model: openai/gpt-4.1-mini
    input_tokens: 1000
    output_tokens: 100
    feature: chat
"""

# text-embedding-3-small: $0.02 per million input tokens; gpt-4.1-mini: $0.4 input,
# $1.6 output per million (genai-prices 0.2.3).
EMBED = Decimal(1_000_000) * 25 * Decimal("0.02") / 1_000_000
ANSWER = Decimal(1_000_000) * (1000 * Decimal("0.4") + 100 * Decimal("1.6")) / 1_000_000


def test_llm_component_split_by_usage(run_cli, write_file):
    rows = features(run_cli, write_file, LLM_SHARED)
    search_share = Decimal(2) / 3
    assert Decimal(rows["search"]["monthly_cost"]) == EMBED * search_share
    assert Decimal(rows["chat"]["monthly_cost"]) == EMBED * (1 - search_share) + ANSWER
    assert None not in rows
    assert sum(Decimal(row["share"]) for row in rows.values()) == 1


def test_llm_feature_and_features_rejected(run_cli, write_file):
    text = LLM_SHARED.replace("    features:\n", "    feature: search\n    features:\n")
    result = run_cli("estimate", write_file("d.yaml", text))
    assert result.exit_code == 2
    assert "components.embed.features" in result.stderr
    assert "give feature or features" in result.stderr


def test_fleet_inherits_llm_feature_split(run_cli, write_file):
    text = """\
version: 1
name: Self-hosted shared model
unit: question
volume:
  units_per_month: 100000
pricing:
  as_of: 2026-11-01
components:
  - name: chat
    kind: llm
    model: aws/meta.llama3-3-70b-instruct-v1:0
    input_tokens: 1000
    output_tokens: 500
    features:
      support: 3
      sales: 1
  - name: serving
    kind: gpu_fleet
    instance: aws/p5.48xlarge
    serves: chat
    model_size_b: 70
    precision: fp8
"""
    rows = features(run_cli, write_file, text)
    total = sum(Decimal(row["monthly_cost"]) for row in rows.values())
    assert Decimal(rows["support"]["monthly_cost"]) == total * Decimal("0.75")
    assert Decimal(rows["sales"]["monthly_cost"]) == total * Decimal("0.25")
    assert None not in rows
