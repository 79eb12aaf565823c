"""Size a self-hosted inference fleet for a token load.

A fleet needs the largest of three GPU counts at peak load, each at the target
utilisation:

- compute: prefill work, 2 × parameters FLOPs per input token, against the GPU's
  dense Tensor Core rate for the weight precision. That is the FP8 rate for fp8
  weights and the BF16 rate for bf16 and int4, because int4 weights are
  dequantized to 16 bits for the matrix products;
- decode: output tokens per second over the measured output tokens per second per
  GPU of the nearest published measurement (see `match_throughput`);
- memory: the weights plus the KV cache of the requests in flight, over 90% of the
  GPU's memory, vLLM's default `gpu_memory_utilization`.

Each count is rounded up to whole instances and the largest sets the fleet.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from aicost.catalogs.schema import GpuSpec, ThroughputRow
from aicost.engine.details import Need, ThroughputMatch

SECONDS_PER_HOUR = 3600
BILLION = Decimal(10) ** 9
TERA = Decimal(10) ** 12

WEIGHT_BYTES = {
    "bf16": Decimal(2),
    "fp16": Decimal(2),
    "fp8": Decimal(1),
    "int4": Decimal("0.5"),
}
# FP8 weights run with an FP8 KV cache, as in the TensorRT-LLM measurements; bf16 and
# int4 weights keep a 16-bit KV cache.
KV_ELEMENT_BYTES = {"bf16": 2, "fp16": 2, "fp8": 1, "int4": 2}

# Share of GPU memory available to weights and KV cache: vLLM's default
# gpu_memory_utilization.
USABLE_MEMORY = Decimal("0.9")

# Output throughput per GPU falls with model size as params ** -SIZE_EXPONENT. Fitted
# on throughput.yaml: the median over the 54 pairs of one GPU, precision and length
# pair measured at two model sizes (best tensor parallelism of each) is 0.946.
SIZE_EXPONENT = Decimal("0.95")

# Llama 3.1 attention shapes (layers, KV heads, head dimension) from Meta's model
# configs, for the default KV-cache size per token: 2 (K and V) × layers × KV heads
# × head dimension × bytes per element.
LLAMA_SHAPES: dict[Decimal, tuple[int, int, int]] = {
    Decimal(8): (32, 8, 128),
    Decimal(70): (80, 8, 128),
    Decimal(405): (126, 8, 128),
}


class CapacityError(ValueError):
    """The load cannot be sized on this GPU, for the reason in the message."""


@dataclass(frozen=True)
class ServedLoad:
    """The token load of one served component over the fleet's billed hours."""

    component: str
    calls_per_month: Decimal
    input_tokens: Decimal
    """Input tokens per call."""
    output_tokens: Decimal
    """Output tokens per call."""

    @property
    def tokens_per_month(self) -> Decimal:
        return self.calls_per_month * (self.input_tokens + self.output_tokens)


@dataclass(frozen=True)
class FleetPlan:
    """The sizing result before prices: needs, instances and busy share."""

    needs: tuple[Need, ...]
    binding: str
    instances: int
    min_instances: int
    busy_share: Decimal
    matches: tuple[ThroughputMatch, ...]
    input_tokens_per_second: Decimal
    output_tokens_per_second: Decimal
    throughput_gpus: Decimal
    """GPUs that the average load keeps fully busy: the larger of compute and decode
    at 100% utilisation.
    """
    dense_tflops: Decimal
    weights_gb: Decimal
    kv_cache_bytes_per_token: Decimal
    requests_in_flight: Decimal
    usable_memory_gb: Decimal


@dataclass(frozen=True)
class FleetShape:
    """The fleet's GPU and instance shape and the served model's parameters."""

    gpu_key: str
    gpu: GpuSpec
    gpus_per_instance: int
    model_size_b: Decimal
    precision: str
    target_utilization: Decimal
    peak_to_average: Decimal
    hours_per_month: Decimal
    tokens_per_second_per_request: Decimal
    kv_cache_bytes_per_token: Decimal | None = None


def plan_fleet(
    loads: Sequence[ServedLoad],
    shape: FleetShape,
    rows: Sequence[ThroughputRow],
    specs: dict[str, GpuSpec],
) -> FleetPlan:
    """Return the needs and the instance count for `loads` on the fleet's GPU."""
    seconds = shape.hours_per_month * SECONDS_PER_HOUR
    peak = shape.peak_to_average
    utilization = shape.target_utilization
    input_tokens = sum(
        (load.calls_per_month * load.input_tokens for load in loads), Decimal(0)
    )
    output_tokens = sum(
        (load.calls_per_month * load.output_tokens for load in loads), Decimal(0)
    )
    input_tps = input_tokens / seconds
    output_tps = output_tokens / seconds

    flops_per_gpu = dense_flops(shape.gpu, shape.gpu_key, shape.precision)
    params = shape.model_size_b * BILLION
    compute_gpus = 2 * params * input_tps * peak / (flops_per_gpu * utilization)
    compute = Need(
        "compute", compute_gpus, _instances(compute_gpus, shape.gpus_per_instance)
    )

    matches = []
    decode_gpus = Decimal(0)
    for load in loads:
        match = match_throughput(
            rows,
            specs,
            model_size_b=shape.model_size_b,
            precision=shape.precision,
            gpu_key=shape.gpu_key,
            input_tokens=load.input_tokens,
            output_tokens=load.output_tokens,
            max_tensor_parallel=shape.gpus_per_instance,
            component=load.component,
        )
        matches.append(match)
        load_output_tps = load.calls_per_month * load.output_tokens / seconds
        decode_gpus += load_output_tps * peak / (match.per_gpu * utilization)
    decode = Need(
        "decode", decode_gpus, _instances(decode_gpus, shape.gpus_per_instance)
    )

    memory, kv_per_token, in_flight = _memory_need(loads, shape, seconds)
    weights_gpus = (
        params * WEIGHT_BYTES[shape.precision] / usable_bytes_per_gpu(shape.gpu)
    )
    min_instances = _instances(weights_gpus, shape.gpus_per_instance)

    needs = (compute, decode, memory)
    binding = max(needs, key=lambda need: need.gpus)
    instances = max(1, *(need.instances for need in needs))
    throughput_gpus = max(compute_gpus, decode_gpus) * utilization / peak
    busy_share = min(
        Decimal(1), throughput_gpus / (instances * shape.gpus_per_instance)
    )
    return FleetPlan(
        needs=needs,
        binding=binding.name,
        instances=instances,
        min_instances=max(1, min_instances),
        busy_share=busy_share,
        matches=tuple(matches),
        input_tokens_per_second=input_tps,
        output_tokens_per_second=output_tps,
        throughput_gpus=throughput_gpus,
        dense_tflops=flops_per_gpu / TERA,
        weights_gb=params * WEIGHT_BYTES[shape.precision] / BILLION,
        kv_cache_bytes_per_token=kv_per_token,
        requests_in_flight=in_flight,
        usable_memory_gb=usable_bytes_per_gpu(shape.gpu) / BILLION,
    )


def dense_flops(gpu: GpuSpec, gpu_key: str, precision: str) -> Decimal:
    """Return the GPU's dense Tensor Core FLOPS for weights of `precision`."""
    if precision == "fp8":
        if gpu.fp8_dense_tflops is None:
            raise CapacityError(
                f"{gpu.name} ({gpu_key}) has no FP8 Tensor Cores; use precision "
                "bf16 or int4, or an instance with Hopper or Ada GPUs"
            )
        return gpu.fp8_dense_tflops * TERA
    return gpu.bf16_dense_tflops * TERA


def usable_bytes_per_gpu(gpu: GpuSpec) -> Decimal:
    return gpu.memory_gb * BILLION * USABLE_MEMORY


def kv_bytes_per_token(model_size_b: Decimal, precision: str) -> Decimal:
    """Return KV-cache bytes per token for the Llama 3.1 shape nearest in size."""
    nearest = min(LLAMA_SHAPES, key=lambda size: abs((model_size_b / size).ln()))
    layers, kv_heads, head_dim = LLAMA_SHAPES[nearest]
    return Decimal(2 * layers * kv_heads * head_dim * KV_ELEMENT_BYTES[precision])


def _memory_need(
    loads: Sequence[ServedLoad], shape: FleetShape, seconds: Decimal
) -> tuple[Need, Decimal, Decimal]:
    params = shape.model_size_b * BILLION
    weights = params * WEIGHT_BYTES[shape.precision]
    per_token = shape.kv_cache_bytes_per_token or kv_bytes_per_token(
        shape.model_size_b, shape.precision
    )
    # Little's law: requests in flight = arrival rate × time to stream the output,
    # which is output tokens per second over each request's streaming speed. Each
    # request keeps the KV cache of its whole context, input plus output.
    kv_bytes = Decimal(0)
    in_flight = Decimal(0)
    for load in loads:
        output_tps = load.calls_per_month * load.output_tokens / seconds
        requests = (
            output_tps * shape.peak_to_average / shape.tokens_per_second_per_request
        )
        in_flight += requests
        kv_bytes += requests * (load.input_tokens + load.output_tokens) * per_token
    gpus = (weights + kv_bytes) / usable_bytes_per_gpu(shape.gpu)
    need = Need("memory", gpus, _instances(gpus, shape.gpus_per_instance))
    return need, per_token, in_flight


def match_throughput(
    rows: Sequence[ThroughputRow],
    specs: dict[str, GpuSpec],
    *,
    model_size_b: Decimal,
    precision: str,
    gpu_key: str,
    input_tokens: Decimal,
    output_tokens: Decimal,
    max_tensor_parallel: int,
    component: str = "",
) -> ThroughputMatch:
    """Return the measured decode throughput per GPU nearest to the request, scaled.

    The matching rule, applied in order:

    1. GPU: rows measured on the same GPU; else rows on the measured GPU whose
       memory bandwidth is nearest, scaled by the bandwidth ratio (decode is bound
       by memory bandwidth).
    2. Precision: rows with the same bytes per weight (bf16 and fp16 are one class);
       else the nearest class, scaled by the ratio of weight bytes when the request
       has more bytes per weight than the row. A request with fewer bytes (int4
       against fp8 rows) gets no speed-up.
    3. Model size: the nearest measured size on a log scale, scaled by
       (measured size / requested size) ** SIZE_EXPONENT.
    4. Lengths: the row whose input and output lengths are nearest on a log scale
       (sum of the two distances), without scaling.
    5. Tensor parallelism: among rows left, the highest throughput per GPU with at
       most `max_tensor_parallel` GPUs, else the smallest group measured.
    """
    gpu = specs[gpu_key]
    measured_gpus = {row.gpu for row in rows}
    if gpu_key in measured_gpus:
        chosen_gpu = gpu_key
    else:
        chosen_gpu = min(
            sorted(measured_gpus),
            key=lambda key: abs(
                (specs[key].memory_bandwidth_tb_s / gpu.memory_bandwidth_tb_s).ln()
            ),
        )
    candidates = [row for row in rows if row.gpu == chosen_gpu]

    requested_bytes = WEIGHT_BYTES[precision]
    byte_classes = {WEIGHT_BYTES[row.precision] for row in candidates}
    chosen_bytes = min(
        sorted(byte_classes), key=lambda size: abs((size / requested_bytes).ln())
    )
    candidates = [
        row for row in candidates if WEIGHT_BYTES[row.precision] == chosen_bytes
    ]

    sizes = sorted({row.params_b for row in candidates}, reverse=True)
    chosen_size = min(sizes, key=lambda size: abs((size / model_size_b).ln()))
    candidates = [row for row in candidates if row.params_b == chosen_size]

    def length_distance(row: ThroughputRow) -> Decimal:
        return abs((Decimal(row.input_tokens) / max(input_tokens, 1)).ln()) + abs(
            (Decimal(row.output_tokens) / max(output_tokens, 1)).ln()
        )

    nearest = min(length_distance(row) for row in candidates)
    candidates = [row for row in candidates if length_distance(row) == nearest]

    fitting = [row for row in candidates if row.tensor_parallel <= max_tensor_parallel]
    if fitting:
        row = max(
            fitting, key=lambda row: row.output_tokens_per_second / row.tensor_parallel
        )
    else:
        row = min(candidates, key=lambda row: row.tensor_parallel)

    measured = row.output_tokens_per_second / row.tensor_parallel
    per_gpu = measured
    bandwidth_ratio = bytes_ratio = size_ratio = None
    if chosen_gpu != gpu_key:
        bandwidth_ratio = (
            gpu.memory_bandwidth_tb_s / specs[chosen_gpu].memory_bandwidth_tb_s
        )
        per_gpu *= bandwidth_ratio
    if chosen_bytes < requested_bytes:
        bytes_ratio = chosen_bytes / requested_bytes
        per_gpu *= bytes_ratio
    if chosen_size != model_size_b:
        size_ratio = (chosen_size / model_size_b) ** SIZE_EXPONENT
        per_gpu *= size_ratio
    description = (
        f"{row.model} {row.precision} on {row.gpu}, TP{row.tensor_parallel}, "
        f"{row.input_tokens} in / {row.output_tokens} out"
    )
    return ThroughputMatch(
        component=component,
        measurement=description,
        measured_per_gpu=measured,
        per_gpu=per_gpu,
        bandwidth_ratio=bandwidth_ratio,
        weight_bytes_ratio=bytes_ratio,
        size_ratio=size_ratio,
    )


def _instances(gpus: Decimal, gpus_per_instance: int) -> int:
    return math.ceil(gpus / gpus_per_instance)
