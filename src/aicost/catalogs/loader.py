"""Find the catalog folder and load every file in it, strictly."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from aicost.catalogs.schema import (
    GpuInstance,
    GpuInstanceFile,
    GpuSpec,
    GpuSpecFile,
    PlanMinimum,
    ProvisionedFile,
    ProvisionedOffer,
    ServiceFile,
    ServiceSku,
    ThroughputFile,
    ThroughputRow,
)
from aicost.design.loader import display_path, validate_model
from aicost.design.yamlio import FieldPath, YamlDocument, read_yaml_file
from aicost.errors import AicostError, InputError, Location

M = TypeVar("M", bound=BaseModel)

ENV_VAR = "AICOST_PRICING_DIR"
PACKAGED_DIR = "_pricing_data"
MARKER = "gpu-specs.yaml"


@dataclass(frozen=True)
class InstanceEntry:
    """A GPU instance type with the provider details that reports show."""

    ref: str
    """provider/instance, as designs name it."""
    provider: str
    provider_name: str
    service_name: str
    instance: GpuInstance
    path: Path


@dataclass(frozen=True)
class SkuEntry:
    """A cloud-service SKU with the provider details that reports show."""

    ref: str
    provider: str
    provider_name: str
    sku: ServiceSku
    path: Path


@dataclass(frozen=True)
class Catalogs:
    """Every catalog, validated, keyed the way design files refer to entries."""

    root: Path
    instances: dict[str, InstanceEntry]
    gpus: dict[str, GpuSpec]
    throughput: tuple[ThroughputRow, ...]
    provisioned: dict[str, ProvisionedOffer]
    skus: dict[str, SkuEntry]
    plan_minimums: dict[str, PlanMinimum]

    @property
    def description(self) -> str:
        return f"aicost catalogs in {self.root}"


def catalog_dir() -> Path:
    """Return the catalog folder: AICOST_PRICING_DIR, the wheel's copy or pricing/."""
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override)
        if not (path / MARKER).is_file():
            raise AicostError(
                f"{ENV_VAR}={override} is not a catalog folder: {MARKER} not found "
                "in it",
                hint="point it at a folder laid out like pricing/, or unset it",
            )
        return path
    packaged = Path(str(files("aicost").joinpath(PACKAGED_DIR)))
    if (packaged / MARKER).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "pricing"
    if (checkout / MARKER).is_file():
        return checkout
    raise AicostError(
        "the price catalogs are missing from this installation",
        hint=f"reinstall aicost, or set {ENV_VAR} to a folder laid out like pricing/",
    )


def load_catalogs(root: Path | None = None) -> Catalogs:
    """Load and validate every catalog under `root` (default: catalog_dir())."""
    return _load(Path(root) if root is not None else catalog_dir())


@functools.lru_cache(maxsize=4)
def _load(root: Path) -> Catalogs:
    spec_document = read_yaml_file(root / "gpu-specs.yaml")
    gpus = validate_model(spec_document, GpuSpecFile).gpus

    instances: dict[str, InstanceEntry] = {}
    for path in sorted((root / "gpu-instances").glob("*.yaml")):
        document = read_yaml_file(path)
        parsed = validate_model(document, GpuInstanceFile)
        _check_provider_name(document, parsed.provider, path)
        for name, instance in parsed.instances.items():
            _check_gpu(document, ("instances", name, "gpu"), instance.gpu, gpus)
            ref = f"{parsed.provider}/{name}"
            instances[ref] = InstanceEntry(
                ref,
                parsed.provider,
                parsed.provider_name,
                parsed.service_name,
                instance,
                path,
            )

    throughput_document = read_yaml_file(root / "throughput.yaml")
    throughput = validate_model(throughput_document, ThroughputFile).measurements
    for index, row in enumerate(throughput):
        _check_gpu(throughput_document, ("measurements", index, "gpu"), row.gpu, gpus)

    provisioned_path = root / "provisioned.yaml"
    provisioned: dict[str, ProvisionedOffer] = {}
    if provisioned_path.is_file():
        document = read_yaml_file(provisioned_path)
        provisioned = dict(validate_model(document, ProvisionedFile).offers)

    skus: dict[str, SkuEntry] = {}
    plan_minimums: dict[str, PlanMinimum] = {}
    for path in sorted((root / "services").glob("*.yaml")):
        document = read_yaml_file(path)
        parsed_services = validate_model(document, ServiceFile)
        _check_provider_name(document, parsed_services.provider, path)
        if parsed_services.plan_minimum is not None:
            plan_minimums[parsed_services.provider] = parsed_services.plan_minimum
        for ref, sku in parsed_services.skus.items():
            if ref.split("/", 1)[0] != parsed_services.provider:
                raise _error(
                    document,
                    ("skus", ref),
                    f"SKU {ref!r} must start with the file's provider "
                    f"{parsed_services.provider!r} and a slash",
                )
            skus[ref] = SkuEntry(
                ref, parsed_services.provider, parsed_services.provider_name, sku, path
            )

    return Catalogs(
        root=root,
        instances=instances,
        gpus=dict(gpus),
        throughput=tuple(throughput),
        provisioned=provisioned,
        skus=skus,
        plan_minimums=plan_minimums,
    )


def _check_provider_name(document: YamlDocument, provider: str, path: Path) -> None:
    if provider != path.stem:
        raise _error(
            document,
            ("provider",),
            f"provider {provider!r} does not match the file name {path.name!r}",
        )


def _check_gpu(
    document: YamlDocument, field: FieldPath, gpu: str, gpus: dict[str, GpuSpec]
) -> None:
    if gpu not in gpus:
        known = ", ".join(sorted(gpus))
        raise _error(
            document, field, f"unknown GPU {gpu!r}; gpu-specs.yaml has {known}"
        )


def _error(document: YamlDocument, field: FieldPath, message: str) -> InputError:
    location = Location(
        document.path, document.line_of(field), display_path(document.data, field)
    )
    return InputError(location, message)
