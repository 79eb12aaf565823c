"""FOCUS 1.2-shaped CSV export."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from aicost.report.focus import FOCUS_COLUMNS, OWN_COLUMNS

DESIGN = """\
version: 1
name: FOCUS case
unit: request
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-14
  discounts:
    aws: 0.1
components:
  - name: answer
    kind: llm
    model: acme/model
    input_tokens: 1000
    output_tokens: 200
    feature: chat
    price: {input_per_mtok: 2, output_per_mtok: 8}
  - name: trainers
    kind: gpu_fleet
    instance: aws/g6.xlarge
    count: 2
    purchase: reserved_1y
    utilization: 0.25
    feature: training
  - name: burst
    kind: gpu_fleet
    instance: aws/g6.xlarge
    count: 1
    purchase: spot
    hours_per_month: 100
    utilization: 1
  - name: egress
    kind: service
    sku: aws/internet-egress
    quantity_per_month: 12000
"""


def focus_rows(run_cli, write_file) -> list[dict[str, str]]:
    result = run_cli("estimate", write_file("d.yaml", DESIGN), "--format", "focus")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_columns_are_focus_then_own(run_cli, write_file):
    result = run_cli("estimate", write_file("d.yaml", DESIGN), "--format", "focus")
    header = result.stdout.splitlines()[0].split(",")
    assert header == [*FOCUS_COLUMNS, *OWN_COLUMNS]
    for column in header:
        assert column in FOCUS_COLUMNS or column.startswith("x_"), column
    for column in (
        "BilledCost",
        "EffectiveCost",
        "ListCost",
        "ContractedCost",
        "ChargeCategory",
        "PricingCategory",
        "PricingUnit",
        "PricingQuantity",
        "ConsumedQuantity",
        "ConsumedUnit",
        "ServiceCategory",
        "ServiceName",
        "ResourceType",
        "SkuId",
        "Tags",
        "ChargePeriodStart",
        "ChargePeriodEnd",
        "CommitmentDiscountStatus",
        "CapacityReservationStatus",
    ):
        assert column in header


def test_one_row_per_component_and_charge(run_cli, write_file):
    rows = focus_rows(run_cli, write_file)
    by_component: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_component.setdefault(row["x_Component"], []).append(row)
    assert len(by_component["answer"]) == 2  # input and output tokens
    assert len(by_component["trainers"]) == 2  # used and unused reserved hours
    assert len(by_component["burst"]) == 1
    assert len(by_component["egress"]) == 1


def test_billed_cost_adds_up_to_estimate(run_cli, write_file):
    rows = focus_rows(run_cli, write_file)
    json_result = run_cli("estimate", write_file("d.yaml", DESIGN), "--format", "json")
    total = Decimal(json.loads(json_result.stdout)["monthly_cost"])
    assert sum(Decimal(row["BilledCost"]) for row in rows) == total
    assert sum(Decimal(row["EffectiveCost"]) for row in rows) == total


def test_reserved_fleet_used_and_unused_rows(run_cli, write_file):
    rows = [
        row
        for row in focus_rows(run_cli, write_file)
        if row["x_Component"] == "trainers"
    ]
    used, unused = rows
    monthly = Decimal("0.52392") * Decimal("0.9") * 2 * 730
    assert used["CommitmentDiscountStatus"] == "Used"
    assert unused["CommitmentDiscountStatus"] == "Unused"
    assert used["CapacityReservationStatus"] == "Used"
    assert unused["CapacityReservationStatus"] == "Unused"
    assert Decimal(used["BilledCost"]) == monthly * Decimal("0.25")
    assert Decimal(unused["BilledCost"]) == monthly - monthly * Decimal("0.25")
    assert Decimal(unused["x_IdleCost"]) == Decimal(unused["BilledCost"])
    assert unused["ConsumedQuantity"] == ""
    assert Decimal(used["PricingQuantity"]) + Decimal(unused["PricingQuantity"]) == (
        2 * 730
    )
    assert used["PricingCategory"] == "Committed"
    assert used["PricingUnit"] == "Hours"
    # List price is the on-demand rate; contracted is it less the negotiated 10%.
    assert Decimal(used["ListUnitPrice"]) == Decimal("0.8048")
    assert Decimal(used["ContractedUnitPrice"]) == Decimal("0.8048") * Decimal("0.9")
    assert used["ServiceCategory"] == "Compute"
    assert used["ServiceSubcategory"] == "Virtual Machines"
    assert used["SkuId"] == "g6.xlarge"


def test_spot_is_dynamic_pricing(run_cli, write_file):
    row = next(
        row for row in focus_rows(run_cli, write_file) if row["x_Component"] == "burst"
    )
    assert row["PricingCategory"] == "Dynamic"
    assert Decimal(row["BilledCost"]) == Decimal("0.35575") * Decimal("0.9") * 100
    # The list price of a spot hour is the instance's public on-demand rate.
    assert Decimal(row["ListCost"]) == Decimal("0.8048") * 100


def test_token_rows(run_cli, write_file):
    rows = [
        row for row in focus_rows(run_cli, write_file) if row["x_Component"] == "answer"
    ]
    output = next(row for row in rows if "output" in row["ChargeDescription"])
    assert output["PricingUnit"] == "1000000 Tokens"
    assert Decimal(output["ConsumedQuantity"]) == 200 * 1000
    assert Decimal(output["PricingQuantity"]) == Decimal("0.2")
    assert Decimal(output["BilledCost"]) == Decimal("0.2") * 8
    assert output["ServiceCategory"] == "AI and Machine Learning"
    assert output["Tags"] == '{"aicost-design": "FOCUS case", "aicost-feature": "chat"}'


def test_money_is_decimal_text_and_period_is_month(run_cli, write_file):
    for row in focus_rows(run_cli, write_file):
        for column in ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost"):
            value = row[column]
            assert "e" not in value.lower(), (column, value)
            Decimal(value)
        assert row["ChargePeriodStart"] == "2026-11-01T00:00:00Z"
        assert row["ChargePeriodEnd"] == "2026-12-01T00:00:00Z"
        assert row["BillingCurrency"] == "USD"
        assert row["ChargeCategory"] == "Usage"


def test_egress_row_units(run_cli, write_file):
    row = next(
        row for row in focus_rows(run_cli, write_file) if row["x_Component"] == "egress"
    )
    assert row["PricingUnit"] == "GB"
    assert Decimal(row["PricingQuantity"]) == 12000
    list_cost = Decimal(10240) * Decimal("0.09") + Decimal(1760) * Decimal("0.085")
    assert Decimal(row["ListCost"]) == list_cost
    assert Decimal(row["BilledCost"]) == list_cost * Decimal("0.9")
    assert row["ServiceCategory"] == "Networking"


def test_formula_text_neutralised(run_cli, write_file):
    formula = """name: '=HYPERLINK("http://127.0.0.1/","x")'"""
    text = DESIGN.replace("name: FOCUS case", formula)
    result = run_cli("estimate", write_file("d.yaml", text), "--format", "focus")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    for row in rows:
        assert row["BillingAccountName"].startswith("'=HYPERLINK(")
        assert not any(value.startswith("=") for value in row.values())
