"""Provisioned throughput: units × hours × a unit-hour price from a quote."""

from __future__ import annotations

import json
from decimal import Decimal

DESIGN = """\
version: 1
name: Provisioned case
unit: request
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
components:
  - name: reserved-model
    kind: provisioned
    offer: aws/bedrock-provisioned/anthropic.claude-sonnet
    units: 2
    commitment: 1_month
"""


def test_hourly_price_priced_with_idle(run_cli, write_file):
    text = DESIGN + "    hourly_price: 40\n    utilization: 0.25\n"
    result = run_cli("estimate", write_file("d.yaml", text), "--format", "json")
    assert result.exit_code == 0, result.stderr
    item = json.loads(result.stdout)["components"][0]
    monthly = Decimal(40) * 2 * 730
    assert Decimal(item["monthly_cost"]) == monthly
    assert Decimal(item["idle_cost"]) == monthly * Decimal("0.75")
    assert item["group"] == "model_apis"
    assert item["idle_flagged"] is True
    assert item["provisioned"]["commitment"] == "1_month"


def test_offer_without_price_names_missing_offer(run_cli, write_file):
    result = run_cli("estimate", write_file("d.yaml", DESIGN))
    assert result.exit_code == 2
    assert (
        "unknown provisioned-throughput offer "
        "'aws/bedrock-provisioned/anthropic.claude-sonnet'"
    ) in result.stderr
    assert "give hourly_price" in result.stderr


def test_commitment_bills_the_whole_month(run_cli, write_file):
    text = DESIGN + "    hourly_price: 40\n    hours_per_month: 100\n"
    result = run_cli("estimate", write_file("d.yaml", text))
    assert result.exit_code == 2
    assert "1_month capacity is billed for every hour" in result.stderr


def test_no_commitment_bills_given_hours(run_cli, write_file):
    text = (
        DESIGN.replace("commitment: 1_month", "commitment: none")
        + "    hourly_price: 40\n    hours_per_month: 100\n    utilization: 1\n"
    )
    result = run_cli("estimate", write_file("d.yaml", text), "--format", "json")
    item = json.loads(result.stdout)["components"][0]
    assert Decimal(item["monthly_cost"]) == Decimal(40) * 2 * 100
    assert Decimal(item["idle_cost"]) == 0
