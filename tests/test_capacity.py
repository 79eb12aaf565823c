"""Fleet sizing from a served load: each need, the binding one, break-even."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest

from aicost.catalogs import load_catalogs
from aicost.engine.capacity import (
    SIZE_EXPONENT,
    CapacityError,
    dense_flops,
    match_throughput,
)

# 10 calls a second for a 730-hour month, each 1,000 tokens in and 1,000 out.
SECONDS = Decimal(730 * 3600)
CALLS = SECONDS * 10
# pricing/throughput.yaml: llama-3.1-8b fp8 on h100-sxm-80gb, TP1, 1000 in / 1000 out.
MEASURED_8B_H100 = Decimal("15244.78")
# pricing/gpu-specs.yaml, h100-sxm-80gb.
H100_FP8_FLOPS = Decimal(1979) * Decimal(10) ** 12
H100_MEMORY = Decimal(80) * Decimal(10) ** 9

SERVED = f"""\
version: 1
name: Sizing case
unit: call
volume:
  units_per_month: {CALLS}
pricing:
  as_of: 2026-11-01
components:
  - name: chat
    kind: llm
    model: acme/open-8b
    input_tokens: 1000
    output_tokens: 1000
    feature: chat
    price:
      input_per_mtok: 1
      output_per_mtok: 3
  - name: serving
    kind: gpu_fleet
    instance: aws/p5.48xlarge
    hourly_price: 40
    serves: chat
    model_size_b: 8
    precision: fp8
    target_utilization: 0.5
    peak_to_average: 2
"""


@pytest.fixture
def sized(run_cli, write_file) -> dict:
    result = run_cli("estimate", write_file("d.yaml", SERVED), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def fleet_of(data: dict) -> dict:
    return next(item for item in data["components"] if item["name"] == "serving")


def test_needs_hand_computed(sized):
    sizing = fleet_of(sized)["fleet"]["sizing"]
    needs = {need["need"]: Decimal(need["gpus"]) for need in sizing["needs"]}
    tokens_per_second = Decimal(10_000)
    peak = 2
    utilization = Decimal("0.5")

    compute = 2 * Decimal(8) * 10**9 * tokens_per_second * peak
    compute /= H100_FP8_FLOPS * utilization
    decode = tokens_per_second * peak / (MEASURED_8B_H100 * utilization)
    # Llama 3.1 8B shape: 2 x 32 layers x 8 KV heads x 128 dims x 1 byte (FP8 KV).
    kv_per_token = 2 * 32 * 8 * 128 * 1
    in_flight = tokens_per_second * peak / 20
    memory = Decimal(8) * 10**9 + in_flight * 2000 * kv_per_token
    memory /= H100_MEMORY * Decimal("0.9")

    assert needs["compute"] == compute
    assert needs["decode"] == decode
    assert needs["memory"] == memory
    assert Decimal(sizing["kv_cache_bytes_per_token"]) == kv_per_token
    assert Decimal(sizing["requests_in_flight"]) == in_flight


def test_decode_binds_and_rounds_to_instances(sized):
    item = fleet_of(sized)
    sizing = item["fleet"]["sizing"]
    decode = next(need for need in sizing["needs"] if need["need"] == "decode")
    assert sizing["binding_need"] == "decode"
    assert item["binding_need"] == "decode"
    assert decode["instances"] == math.ceil(Decimal(decode["gpus"]) / 8)
    assert item["instances"] == 1
    assert Decimal(item["monthly_cost"]) == Decimal(40) * 730


def test_busy_share_and_idle_cost(sized):
    item = fleet_of(sized)
    decode = Decimal(10_000) * 2 / (MEASURED_8B_H100 * Decimal("0.5"))
    busy = decode * Decimal("0.5") / 2 / 8
    monthly = Decimal(40) * 730
    assert Decimal(item["fleet"]["utilization"]) == busy
    assert Decimal(item["idle_cost"]) == monthly * (1 - busy)


def test_served_api_cost_leaves_the_total(sized):
    chat = next(item for item in sized["components"] if item["name"] == "chat")
    api = CALLS * (Decimal(1000) * 1 + Decimal(1000) * 3) / 10**6
    assert chat["served_by"] == "serving"
    assert Decimal(chat["api_monthly_cost"]) == api
    assert Decimal(chat["monthly_cost"]) == 0
    assert Decimal(sized["monthly_cost"]) == Decimal(40) * 730
    assert Decimal(sized["groups"]["model_apis"]) == 0


def test_cost_per_million_and_break_even(sized):
    sizing = fleet_of(sized)["fleet"]["sizing"]
    tokens = CALLS * 2000
    monthly = Decimal(40) * 730
    api = CALLS * Decimal(4000) / 10**6
    api_per_token = api / tokens
    decode = Decimal(10_000) * 2 / (MEASURED_8B_H100 * Decimal("0.5"))
    capacity = tokens * 8 / decode

    assert Decimal(sizing["cost_per_mtok"]) == monthly / tokens * 10**6
    assert Decimal(sizing["api_cost_per_mtok"]) == api / tokens * 10**6
    assert Decimal(sizing["capacity_tokens_per_instance"]) == capacity
    assert sizing["min_instances"] == 1
    # One instance fits the weights; break-even is where its cost meets the API's.
    break_even = monthly / api_per_token
    assert Decimal(sizing["break_even_tokens_per_month"]) == break_even
    assert Decimal(sizing["break_even_units_per_month"]) == (
        break_even * CALLS / tokens
    )


def test_no_break_even_when_fleet_dearer_per_token(run_cli, write_file):
    text = SERVED.replace("hourly_price: 40", "hourly_price: 2000")
    result = run_cli("estimate", write_file("d.yaml", text), "--format", "json")
    sizing = fleet_of(json.loads(result.stdout))["fleet"]["sizing"]
    assert sizing["break_even_tokens_per_month"] is None
    table = run_cli("estimate", write_file("d.yaml", text))
    assert "does not break even" in table.stdout


def test_memory_binds_for_large_model_on_small_gpu(run_cli, write_file):
    # 70B bf16 weights are 140 GB; an L4 has 24 GB x 0.9 for them.
    text = (
        SERVED.replace("aws/p5.48xlarge", "aws/g6.xlarge")
        .replace("model_size_b: 8", "model_size_b: 70")
        .replace("precision: fp8", "precision: bf16")
        .replace(f"units_per_month: {CALLS}", "units_per_month: 1000")
    )
    result = run_cli("estimate", write_file("d.yaml", text), "--format", "json")
    assert result.exit_code == 0, result.stderr
    sizing = fleet_of(json.loads(result.stdout))["fleet"]["sizing"]
    weights_gpus = Decimal(140) / (Decimal(24) * Decimal("0.9"))
    assert sizing["binding_need"] == "memory"
    assert sizing["min_instances"] == math.ceil(weights_gpus)
    assert sizing["instances"] >= math.ceil(weights_gpus)
    assert "spans instances" in result.stderr


def test_compute_binds_for_long_prompts(run_cli, write_file):
    text = SERVED.replace("input_tokens: 1000", "input_tokens: 200000").replace(
        "output_tokens: 1000", "output_tokens: 1"
    )
    result = run_cli("estimate", write_file("d.yaml", text), "--format", "json")
    sizing = fleet_of(json.loads(result.stdout))["fleet"]["sizing"]
    compute = 2 * Decimal(8) * 10**9 * Decimal(2_000_000) * 2
    compute /= H100_FP8_FLOPS * Decimal("0.5")
    needs = {need["need"]: need for need in sizing["needs"]}
    assert sizing["binding_need"] == "compute"
    assert Decimal(needs["compute"]["gpus"]) == compute
    assert sizing["instances"] == math.ceil(compute / 8)


def test_fp8_on_gpu_without_fp8_rejected(run_cli, write_file):
    text = SERVED.replace("aws/p5.48xlarge", "aws/p4d.24xlarge")
    result = run_cli("estimate", write_file("d.yaml", text))
    assert result.exit_code == 2
    assert "has no FP8 Tensor Cores" in result.stderr
    assert "components.serving.precision" in result.stderr


def test_serves_unknown_component_names_close_match(run_cli, write_file):
    text = SERVED.replace("serves: chat", "serves: chatt")
    result = run_cli("estimate", write_file("d.yaml", text))
    assert result.exit_code == 2
    assert "unknown component 'chatt'; did you mean 'chat'?" in result.stderr


def test_serves_must_name_llm_component(run_cli, write_file):
    text = SERVED.replace("serves: chat", "serves: serving")
    result = run_cli("estimate", write_file("d.yaml", text))
    assert result.exit_code == 2
    assert "'serving' is a gpu_fleet component" in result.stderr


def test_serves_needs_model_size(run_cli, write_file):
    text = SERVED.replace("    model_size_b: 8\n", "")
    result = run_cli("validate", write_file("d.yaml", text))
    assert result.exit_code == 2
    assert "needs model_size_b" in result.stderr


def test_bf16_dense_rate_for_int4():
    gpu = load_catalogs().gpus["h100-sxm-80gb"]
    assert dense_flops(gpu, "h100-sxm-80gb", "int4") == Decimal(989) * 10**12
    assert dense_flops(gpu, "h100-sxm-80gb", "fp8") == Decimal(1979) * 10**12


def test_fp8_flops_error_names_gpu():
    gpu = load_catalogs().gpus["a100-sxm-80gb"]
    with pytest.raises(CapacityError, match="A100"):
        dense_flops(gpu, "a100-sxm-80gb", "fp8")


class TestMatchingRule:
    """Each step of match_throughput's rule, on the shipped measurements."""

    catalogs = load_catalogs()

    def match(self, **overrides):
        query = {
            "model_size_b": Decimal(70),
            "precision": "fp8",
            "gpu_key": "h100-sxm-80gb",
            "input_tokens": Decimal(1000),
            "output_tokens": Decimal(1000),
            "max_tensor_parallel": 8,
        }
        query.update(overrides)
        return match_throughput(self.catalogs.throughput, self.catalogs.gpus, **query)

    def test_exact_row_best_tensor_parallel(self):
        match = self.match()
        # TP2 gives 4390.53 / 2 per GPU, more than TP1, TP4 or TP8.
        assert match.measured_per_gpu == Decimal("4390.53") / 2
        assert match.per_gpu == match.measured_per_gpu
        assert "TP2" in match.measurement
        assert match.exact

    def test_tensor_parallel_limited_by_instance(self):
        match = self.match(max_tensor_parallel=1)
        assert match.per_gpu == Decimal("839.97")
        assert "TP1" in match.measurement

    def test_smallest_group_when_none_fits(self):
        match = self.match(gpu_key="l40s-48gb", max_tensor_parallel=1)
        assert "TP4" in match.measurement
        assert match.per_gpu == Decimal("1209.25") / 4

    def test_nearest_lengths_on_log_scale(self):
        match = self.match(input_tokens=Decimal(4000), output_tokens=Decimal(600))
        assert "5000 in / 500 out" in match.measurement

    def test_model_size_scaled(self):
        match = self.match(model_size_b=Decimal(32))
        # 32B is nearer 70B than 8B on a log scale.
        assert "llama-3.1-70b" in match.measurement
        ratio = (Decimal(70) / Decimal(32)) ** SIZE_EXPONENT
        assert match.size_ratio == ratio
        assert match.per_gpu == match.measured_per_gpu * ratio

    def test_precision_scaled_by_weight_bytes(self):
        match = self.match(precision="bf16")
        assert "fp8" in match.measurement
        assert match.weight_bytes_ratio == Decimal("0.5")
        assert match.per_gpu == match.measured_per_gpu / 2

    def test_int4_gets_no_speed_up_over_fp8(self):
        match = self.match(precision="int4")
        assert match.weight_bytes_ratio is None
        assert match.per_gpu == match.measured_per_gpu

    def test_unmeasured_gpu_scaled_by_bandwidth(self):
        match = self.match(
            gpu_key="l4-24gb", model_size_b=Decimal(8), max_tensor_parallel=1
        )
        # The L4 (0.3 TB/s) is nearest the L40S (0.864 TB/s) in bandwidth.
        assert "l40s-48gb" in match.measurement
        ratio = Decimal("0.3") / Decimal("0.864")
        assert match.bandwidth_ratio == ratio
        assert match.per_gpu == match.measured_per_gpu * ratio
