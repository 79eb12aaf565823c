"""Price catalogs for GPU fleets, provisioned throughput and cloud services.

The YAML files live in `pricing/` at the root of a checkout; a wheel carries the same
files as the package data folder `aicost/_pricing_data`. AICOST_PRICING_DIR points
aicost at another folder of the same layout, such as a team's negotiated price list.
"""

from aicost.catalogs.loader import (
    Catalogs,
    InstanceEntry,
    SkuEntry,
    catalog_dir,
    load_catalogs,
)

__all__ = ["Catalogs", "InstanceEntry", "SkuEntry", "catalog_dir", "load_catalogs"]
