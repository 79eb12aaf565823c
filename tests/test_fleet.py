"""GPU fleets: purchase options, billed hours, utilisation, idle cost and errors."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

# aws/g6.xlarge (1 x L4) in pricing/gpu-instances/aws.yaml, USD per instance-hour.
ON_DEMAND = Decimal("0.8048")
RESERVED_1Y = Decimal("0.52392")
RESERVED_3Y = Decimal("0.3694")
SPOT = Decimal("0.35575")


def design(components: str, extra: str = "") -> str:
    return f"""\
version: 1
name: Fleet case
unit: job
volume:
  units_per_month: 1000
pricing:
  as_of: 2026-11-01
{extra}components:
{components}"""


def fleet(**fields: object) -> str:
    lines = ["  - name: gpus", "    kind: gpu_fleet", "    instance: aws/g6.xlarge"]
    lines += [f"    {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def estimate_json(run_cli, write_file, text: str) -> dict:
    path = write_file("design.yaml", text)
    result = run_cli("estimate", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


CASES = [
    # purchase, count, hours_per_month (None: the month), utilization, price
    ("on_demand", 3, Decimal(200), Decimal("0.5"), ON_DEMAND),
    ("on_demand", 1, None, Decimal(1), ON_DEMAND),
    ("reserved_1y", 2, None, Decimal("0.25"), RESERVED_1Y),
    ("reserved_3y", 1, None, Decimal("0.1"), RESERVED_3Y),
    ("spot", 4, Decimal(100), Decimal("0.9"), SPOT),
    ("spot", 2, Decimal("730"), Decimal(0), SPOT),
]


@pytest.mark.parametrize(("purchase", "count", "hours", "utilization", "price"), CASES)
def test_fleet_cost_cases(
    run_cli, write_file, purchase, count, hours, utilization, price
):
    fields = {"count": count, "purchase": purchase, "utilization": utilization}
    if hours is not None:
        fields["hours_per_month"] = hours
    data = estimate_json(run_cli, write_file, design(fleet(**fields)))
    billed_hours = hours if hours is not None else Decimal(730)
    monthly = price * count * billed_hours
    idle = monthly * (1 - utilization)
    item = data["components"][0]

    assert Decimal(item["monthly_cost"]) == monthly
    assert Decimal(item["idle_cost"]) == idle
    assert item["instances"] == count
    assert Decimal(item["fleet"]["hourly_price"]) == price
    assert Decimal(item["fleet"]["instance_hours"]) == count * billed_hours
    assert item["group"] == "gpu_fleets"
    assert Decimal(data["idle_cost"]) == idle
    assert Decimal(data["groups"]["gpu_fleets"]) == monthly
    assert Decimal(data["groups"]["model_apis"]) == 0
    assert item["idle_flagged"] is (idle > monthly * Decimal("0.3"))


def test_idle_flag_threshold_boundary(run_cli, write_file):
    # Exactly 30% idle is not above the threshold; 31% is.
    at = estimate_json(run_cli, write_file, design(fleet(count=1, utilization="0.7")))
    above = estimate_json(
        run_cli, write_file, design(fleet(count=1, utilization="0.69"))
    )
    assert at["components"][0]["idle_flagged"] is False
    assert above["components"][0]["idle_flagged"] is True


def test_inline_hourly_price_not_discounted(run_cli, write_file):
    text = design(
        fleet(count=2, hourly_price="1.5", utilization=1),
        extra="  discounts:\n    aws: 0.1\n",
    )
    data = estimate_json(run_cli, write_file, text)
    item = data["components"][0]
    assert Decimal(item["monthly_cost"]) == Decimal("1.5") * 2 * 730
    assert item["price_source"]["kind"] == "inline"
    assert Decimal(item["discount"]) == 0


def test_negotiated_discount_applies_to_catalog_price(run_cli, write_file):
    text = """\
version: 1
name: Discounted fleet
unit: job
volume:
  units_per_month: 10
pricing:
  as_of: 2026-11-01
  discounts:
    aws: 0.1
components:
""" + fleet(count=1, utilization=1)
    data = estimate_json(run_cli, write_file, text)
    item = data["components"][0]
    assert Decimal(item["monthly_cost"]) == ON_DEMAND * Decimal("0.9") * 730
    assert Decimal(item["list_monthly_cost"]) == ON_DEMAND * 730


def test_unknown_instance_names_close_matches(run_cli, write_file):
    path = write_file(
        "design.yaml", design(fleet(count=1).replace("g6.xlarge", "g6.xlarg"))
    )
    result = run_cli("estimate", path)
    assert result.exit_code == 2
    assert "unknown GPU instance 'aws/g6.xlarg'" in result.stderr
    assert "'aws/g6.xlarge'" in result.stderr
    assert "design.yaml:" in result.stderr


def test_purchase_option_not_offered_is_an_error(run_cli, write_file):
    text = design(fleet(count=1, purchase="spot")).replace(
        "aws/g6.xlarge", "lambda/gpu-8x-h100-sxm"
    )
    path = write_file("design.yaml", text)
    result = run_cli("estimate", path)
    assert result.exit_code == 2
    assert "lambda/gpu-8x-h100-sxm has no spot price" in result.stderr
    assert "it offers on_demand" in result.stderr
    assert result.stdout == ""


def test_unknown_purchase_option_rejected(run_cli, write_file):
    path = write_file("design.yaml", design(fleet(count=1, purchase="reserved_2y")))
    result = run_cli("estimate", path)
    assert result.exit_code == 2
    assert "components.gpus.purchase" in result.stderr
    assert "reserved_1y" in result.stderr


def test_reserved_fleet_bills_every_hour(run_cli, write_file):
    path = write_file(
        "design.yaml",
        design(fleet(count=1, purchase="reserved_1y", hours_per_month=200)),
    )
    result = run_cli("estimate", path)
    assert result.exit_code == 2
    assert "billed for every hour of the month (730)" in result.stderr
    assert "utilization" in result.stderr


def test_hours_beyond_the_month_rejected(run_cli, write_file):
    text = design(fleet(count=1, hours_per_month=744)).replace(
        "components:", "period:\n  hours_per_month: 720\ncomponents:"
    )
    result = run_cli("estimate", write_file("design.yaml", text))
    assert result.exit_code == 2
    assert "744 billed hours exceed the design's month of 720 hours" in result.stderr


def test_missing_utilization_warns_and_has_no_idle(run_cli, write_file):
    path = write_file("design.yaml", design(fleet(count=1)))
    result = run_cli("estimate", path, "--format", "json")
    assert result.exit_code == 0
    assert "no utilization given" in result.stderr
    assert Decimal(json.loads(result.stdout)["idle_cost"]) == 0


def test_count_and_serves_are_exclusive(run_cli, write_file):
    path = write_file("design.yaml", design(fleet(count=1, serves="chat")))
    result = run_cli("estimate", path)
    assert result.exit_code == 2
    assert "give count (instances) or serves" in result.stderr


def test_sizing_field_without_serves_rejected(run_cli, write_file):
    path = write_file("design.yaml", design(fleet(count=1, model_size_b=70)))
    result = run_cli("validate", path)
    assert result.exit_code == 2
    assert "components.gpus.model_size_b" in result.stderr
    assert "needs serves" in result.stderr


def test_unknown_kind_names_close_match(run_cli, write_file):
    text = design(fleet(count=1)).replace("kind: gpu_fleet", "kind: gpu-fleet")
    result = run_cli("validate", write_file("design.yaml", text))
    assert result.exit_code == 2
    assert "unknown component kind 'gpu-fleet'; did you mean 'gpu_fleet'?" in (
        result.stderr
    )
