"""Cloud services: flat and tiered SKUs, per-unit scaling, minimums, overrides."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

# aws/internet-egress in pricing/services/aws.yaml: graduated USD per GB.
EGRESS_TIERS = [
    (Decimal(10240), Decimal("0.09")),
    (Decimal(51200), Decimal("0.085")),
    (Decimal(153600), Decimal("0.07")),
    (None, Decimal("0.05")),
]


def egress_cost(quantity: Decimal) -> Decimal:
    cost = Decimal(0)
    start = Decimal(0)
    for end, price in EGRESS_TIERS:
        top = quantity if end is None else min(quantity, end)
        if top > start:
            cost += (top - start) * price
        if end is None or quantity <= end:
            break
        start = end
    return cost


def design(components: str, units_per_month: int = 1000, extra: str = "") -> str:
    return f"""\
version: 1
name: Services case
unit: request
volume:
  units_per_month: {units_per_month}
pricing:
  as_of: 2026-11-01
{extra}components:
{components}"""


def service(name: str, sku: str, **fields: object) -> str:
    lines = [f"  - name: {name}", "    kind: service", f"    sku: {sku}"]
    lines += [f"    {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def priced(run_cli, write_file, text: str) -> dict:
    result = run_cli("estimate", write_file("d.yaml", text), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "quantity",
    [
        Decimal(10239),
        Decimal(10240),
        Decimal(10241),
        Decimal(51200),
        Decimal("51200.5"),
        Decimal(153600),
        Decimal(200000),
    ],
)
def test_egress_tier_boundaries(run_cli, write_file, quantity):
    text = design(service("egress", "aws/internet-egress", quantity_per_month=quantity))
    item = priced(run_cli, write_file, text)["components"][0]
    assert Decimal(item["monthly_cost"]) == egress_cost(quantity)
    assert Decimal(item["service"]["quantity_per_month"]) == quantity
    assert item["group"] == "cloud_services"
    assert Decimal(item["idle_cost"]) == 0


def test_egress_crossing_first_boundary_by_hand(run_cli, write_file):
    # 12,000 GB: 10,240 at 0.09 and 1,760 at 0.085.
    text = design(service("egress", "aws/internet-egress", quantity_per_month=12000))
    item = priced(run_cli, write_file, text)["components"][0]
    assert Decimal(item["monthly_cost"]) == Decimal("921.6") + Decimal("149.6")
    tiers = item["service"]["tiers"]
    assert [Decimal(tier["quantity"]) for tier in tiers] == [
        Decimal(10240),
        Decimal(1760),
    ]
    assert [Decimal(tier["price"]) for tier in tiers] == [
        Decimal("0.09"),
        Decimal("0.085"),
    ]


def test_quantity_per_unit_scales_with_volume(run_cli, write_file):
    text = design(
        service("docs", "aws/s3-standard-storage", quantity_per_unit="0.5"),
        units_per_month=3000,
    )
    item = priced(run_cli, write_file, text)["components"][0]
    assert Decimal(item["service"]["quantity_per_month"]) == 1500
    assert Decimal(item["monthly_cost"]) == 1500 * Decimal("0.023")


def test_daily_volume_scales_quantity_per_unit(run_cli, write_file):
    text = design(
        service("nat", "aws/nat-gateway-data-processed", quantity_per_unit="0.001")
    ).replace("units_per_month: 1000", "units_per_day: 2400")
    item = priced(run_cli, write_file, text)["components"][0]
    units = Decimal(2400) * 730 / 24
    assert Decimal(item["monthly_cost"]) == units * Decimal("0.001") * Decimal("0.045")


def test_unit_price_overrides_tiers(run_cli, write_file):
    text = design(
        service(
            "egress", "aws/internet-egress", quantity_per_month=60000, unit_price="0.02"
        )
    )
    item = priced(run_cli, write_file, text)["components"][0]
    assert Decimal(item["monthly_cost"]) == Decimal(60000) * Decimal("0.02")
    assert item["price_source"]["kind"] == "inline"


def test_plan_minimum_tops_up_small_usage(run_cli, write_file):
    components = service(
        "storage", "pinecone/serverless-storage", quantity_per_month=10
    ) + service("reads", "pinecone/serverless-read-units", quantity_per_month="0.5")
    data = priced(run_cli, write_file, design(components))
    storage, reads = data["components"]
    usage = Decimal(10) * Decimal("0.33") + Decimal("0.5") * 16
    assert Decimal(storage["monthly_cost"]) == Decimal(50) - Decimal(8)
    assert Decimal(storage["service"]["minimum_top_up"]) == 50 - usage
    assert Decimal(reads["monthly_cost"]) == 8
    assert Decimal(data["groups"]["cloud_services"]) == 50


def test_plan_minimum_not_charged_above_it(run_cli, write_file):
    text = design(
        service("storage", "pinecone/serverless-storage", quantity_per_month=200)
    )
    item = priced(run_cli, write_file, text)["components"][0]
    assert Decimal(item["monthly_cost"]) == 200 * Decimal("0.33")
    assert Decimal(item["service"]["minimum_top_up"]) == 0


def test_discount_applies_to_catalog_service(run_cli, write_file):
    extra = "  discounts:\n    aws: 0.2\n"
    text = design(
        service("nat", "aws/nat-gateway-hour", quantity_per_month=730), extra=extra
    )
    item = priced(run_cli, write_file, text)["components"][0]
    assert Decimal(item["monthly_cost"]) == 730 * Decimal("0.045") * Decimal("0.8")


def test_unknown_sku_names_close_matches(run_cli, write_file):
    text = design(service("s3", "aws/s3-standard-storag", quantity_per_month=1))
    result = run_cli("estimate", write_file("d.yaml", text))
    assert result.exit_code == 2
    assert "unknown SKU 'aws/s3-standard-storag'" in result.stderr
    assert "'aws/s3-standard-storage'" in result.stderr


def test_one_quantity_required(run_cli, write_file):
    text = design(service("s3", "aws/s3-standard-storage"))
    result = run_cli("validate", write_file("d.yaml", text))
    assert result.exit_code == 2
    assert "missing: give quantity_per_month, or quantity_per_unit" in result.stderr
