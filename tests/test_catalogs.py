"""The price catalogs in pricing/: strict loading, magnitude checks, locating."""

from __future__ import annotations

import shutil
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from aicost.catalogs import catalog_dir, load_catalogs
from aicost.catalogs.loader import ENV_VAR, PACKAGED_DIR
from aicost.errors import AicostError, InputError

ROOT = Path(__file__).resolve().parents[1]
PRICING = ROOT / "pricing"

DESIGN = """\
version: 1
name: Catalog check
unit: job
volume:
  units_per_month: 10
pricing:
  as_of: 2026-11-01
components:
  - name: fleet
    kind: gpu_fleet
    instance: aws/g6.xlarge
    count: 1
    utilization: 1
"""


@pytest.fixture
def pricing_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped catalogs."""
    target = tmp_path / "pricing"
    shutil.copytree(PRICING, target)
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_catalogs_load():
    catalogs = load_catalogs(PRICING)
    assert "aws/p5.48xlarge" in catalogs.instances
    assert "gcp/a3-highgpu-8g" in catalogs.instances
    assert "azure/Standard_ND96isr_H100_v5" in catalogs.instances
    assert "lambda/gpu-8x-h100-sxm" in catalogs.instances
    assert "coreweave/gpu-8x-h100-hgx" in catalogs.instances
    assert len(catalogs.throughput) == 158
    assert "pinecone/serverless-storage" in catalogs.skus
    assert catalogs.plan_minimums["pinecone"].amount == Decimal(50)


def test_shipped_gpu_kinds_cover_required_models():
    catalogs = load_catalogs(PRICING)
    gpus = {entry.instance.gpu for entry in catalogs.instances.values()}
    for gpu in ("h100-sxm-80gb", "h200-sxm-141gb", "l40s-48gb", "l4-24gb"):
        assert gpu in gpus
    assert "a10g-24gb" in gpus
    assert {"a100-sxm-40gb", "a100-sxm-80gb"} & gpus


def test_every_price_has_source_and_date():
    catalogs = load_catalogs(PRICING)
    for entry in catalogs.instances.values():
        for option, offer in entry.instance.purchase.items():
            assert offer.source, f"{entry.ref} {option}"
            assert offer.as_of is not None, f"{entry.ref} {option}"
    for ref, sku in catalogs.skus.items():
        assert sku.sku.source, ref
        assert sku.sku.as_of is not None, ref


def test_money_loads_exactly():
    catalogs = load_catalogs(PRICING)
    offer = catalogs.instances["aws/p5.48xlarge"].instance.purchase["on_demand"]
    assert offer.price == Decimal("55.04")
    assert isinstance(offer.price, Decimal)


def test_monthly_price_typed_as_hourly_rejected(pricing_copy: Path):
    # 55.04 x 730 hours: a monthly price in an hourly field.
    replace_in(pricing_copy / "gpu-instances/aws.yaml", '"55.04"', '"40179.2"')
    with pytest.raises(InputError) as caught:
        load_catalogs(pricing_copy)
    message = caught.value.render()
    assert "instances.p5.48xlarge.purchase.on_demand.price" in message
    assert "per instance-hour" in message
    assert "aws.yaml:" in message


def test_decimal_slip_below_commitment_rejected(pricing_copy: Path):
    # 5.504 stays within the per-GPU range but undercuts the reserved prices.
    replace_in(pricing_copy / "gpu-instances/aws.yaml", '"55.04"', '"5.504"')
    with pytest.raises(InputError) as caught:
        load_catalogs(pricing_copy)
    message = caught.value.render()
    assert "p5.48xlarge" in message
    assert "above the on_demand price 5.504" in message


def test_bare_number_price_rejected(pricing_copy: Path):
    replace_in(pricing_copy / "gpu-instances/aws.yaml", '"55.04"', "55.04")
    with pytest.raises(InputError) as caught:
        load_catalogs(pricing_copy)
    assert "quoted decimal string" in caught.value.render()


def test_service_unit_slip_rejected(pricing_copy: Path):
    # 0.023 per GB-month typed as a price per TB-month.
    replace_in(pricing_copy / "services/aws.yaml", '"0.023"', '"23"')
    with pytest.raises(InputError) as caught:
        load_catalogs(pricing_copy)
    message = caught.value.render()
    assert "skus.aws/s3-standard-storage.tiers.0.price" in message
    assert "gb_month" in message


def test_tiers_out_of_order_rejected(pricing_copy: Path):
    replace_in(pricing_copy / "services/aws.yaml", '"512000"', '"5000"')
    with pytest.raises(InputError) as caught:
        load_catalogs(pricing_copy)
    assert "ascending" in caught.value.render()


def test_unknown_gpu_key_rejected(pricing_copy: Path):
    replace_in(pricing_copy / "gpu-instances/aws.yaml", "gpu: l4-24gb", "gpu: l4-48gb")
    with pytest.raises(InputError) as caught:
        load_catalogs(pricing_copy)
    message = caught.value.render()
    assert "unknown GPU 'l4-48gb'" in message
    assert "instances.g6.xlarge.gpu" in message


def test_fp8_rate_checked_against_bf16(pricing_copy: Path):
    replace_in(pricing_copy / "gpu-specs.yaml", '"1979"', '"19790"')
    with pytest.raises(InputError) as caught:
        load_catalogs(pricing_copy)
    assert "gpus.h100-sxm-80gb.fp8_dense_tflops" in caught.value.render()


def test_unknown_catalog_key_rejected(pricing_copy: Path):
    replace_in(
        pricing_copy / "services/gcp.yaml", "    unit: gb_month", "    units: gb_month"
    )
    with pytest.raises(AicostError) as caught:
        load_catalogs(pricing_copy)
    assert "unknown field 'units'; did you mean 'unit'?" in caught.value.render()


def test_bad_catalog_exits_2_from_cli(
    pricing_copy: Path, monkeypatch: pytest.MonkeyPatch, write_file, run_cli
):
    replace_in(pricing_copy / "gpu-instances/aws.yaml", '"0.8048"', '"587.504"')
    monkeypatch.setenv(ENV_VAR, str(pricing_copy))
    design = write_file("design.yaml", DESIGN)
    result = run_cli("estimate", design)
    assert result.exit_code == 2
    assert "g6.xlarge.purchase.on_demand.price" in result.stderr
    assert "Traceback" not in result.stderr


def test_env_var_selects_catalog(pricing_copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(ENV_VAR, str(pricing_copy))
    assert catalog_dir() == pricing_copy


def test_env_var_must_name_catalog_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    with pytest.raises(AicostError) as caught:
        catalog_dir()
    assert "gpu-specs.yaml not found" in caught.value.render()


def test_checkout_catalog_found_without_env(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert catalog_dir().resolve() == PRICING.resolve()


def test_wheel_carries_catalogs_beside_the_package():
    # The wheel copies pricing/ to aicost/_pricing_data, which must not collide with
    # the aicost.catalogs package.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    force_include = config["tool"]["hatch"]["build"]["targets"]["wheel"][
        "force-include"
    ]
    assert force_include["pricing"] == f"aicost/{PACKAGED_DIR}"
    assert not (ROOT / "src" / "aicost" / PACKAGED_DIR).exists()
    assert (ROOT / "src" / "aicost" / "catalogs" / "__init__.py").is_file()
