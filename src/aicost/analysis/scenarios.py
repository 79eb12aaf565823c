"""Scenarios: the design with values replaced by dotted path, checked like the design.

Rules for a scenario's `set`:

- A path names a field of the design models, with components addressed by name:
  `volume.units_per_day`, `pricing.as_of`, `components.answer.retry_factor`,
  `components.answer.price.input_per_mtok`. A field that the file leaves out can be
  set; the mappings along its path are created.
- Setting one field of a pair that a design gives only one of (units_per_day and
  units_per_month, cached_input_tokens and cached_input_ratio, cache_write_tokens
  and cache_write_ratio, quantity_per_month and quantity_per_unit) removes the other,
  unless the scenario sets both, which is an error.
- A value replaces the whole field, so a number replaces a range. To set one end of a
  range, add `.low`, `.expected` or `.high` to the ranged field's path.
- The result is validated and priced like the design itself; an error names the
  scenario, and its line is the scenario's line for the fields the scenario sets.
"""

from __future__ import annotations

import copy
from typing import Any

from aicost.analysis.evaluate import Evaluator, with_price_date
from aicost.analysis.paths import PathError, delete_at, resolve, set_at
from aicost.analysis.result import AppliedScenario
from aicost.design.loader import LoadedDesign, display_path
from aicost.design.model import Design, Scenario
from aicost.design.yamlio import YamlDocument
from aicost.errors import AicostError, InputError, Location, UnknownNameError


def scenario_context(scenario: Scenario) -> str:
    """Return how errors name the scenario."""
    return f"in scenario {scenario.name!r}"


def applied(scenario: Scenario, document: YamlDocument, index: int) -> AppliedScenario:
    """Return the scenario with its settings as the file writes them."""
    return AppliedScenario(
        scenario.name,
        scenario.description,
        list(_raw_settings(document, index).items()),
    )


def find_scenario(design: Design, name: str) -> tuple[int, Scenario]:
    """Return the position and the scenario called `name`; raise if there is none."""
    for index, scenario in enumerate(design.scenarios):
        if scenario.name == name:
            return index, scenario
    if not design.scenarios:
        raise AicostError(
            f"unknown scenario {name!r}: the design defines no scenarios",
            hint="add a `scenarios:` list with `name:` and `set:` to the design",
        )
    raise UnknownNameError(
        "scenario",
        name,
        [scenario.name for scenario in design.scenarios],
        hint="scenarios: " + ", ".join(item.name for item in design.scenarios),
    )


def scenario_document(
    document: YamlDocument, index: int, scenario: Scenario
) -> YamlDocument:
    """Return a copy of the document with scenario `index` applied to it."""
    data = copy.deepcopy(document.data)
    lines = dict(document.lines)
    settings = _raw_settings(document, index)

    targets = []
    for text, value in settings.items():
        entry = ("scenarios", index, "set", text)
        try:
            target = resolve(document.data, text)
        except PathError as error:
            field = display_path(document.data, entry[:3])
            raise InputError(
                Location(document.path, document.line_of(entry), field),
                f"scenario {scenario.name!r} sets {text!r}: {error}",
                hint=error.hint,
            ) from None
        targets.append((target, value, document.line_of(entry)))

    set_paths = {target.path for target, _, _ in targets}
    for target, value, line in targets:
        if target.replaces is not None and target.replaces not in set_paths:
            delete_at(data, target.replaces)
        set_at(data, target.path, copy.deepcopy(value))
        depth = len(target.path)
        lines = {path: at for path, at in lines.items() if path[:depth] != target.path}
        if line is not None:
            lines[target.path] = line
    return YamlDocument(document.path, data, lines)


def apply_named_scenario(
    loaded: LoadedDesign, name: str
) -> tuple[LoadedDesign, AppliedScenario]:
    """Return the design with the named scenario applied, to price in its place.

    The price date of `loaded` (which carries --as-of) is kept unless the scenario
    sets pricing.as_of. The result has no scenarios of its own.
    """
    index, scenario = find_scenario(loaded.design, name)
    document = loaded.document
    if loaded.design.pricing.as_of is not None:
        document = with_price_date(document, loaded.design.pricing.as_of)
    changed = scenario_document(document, index, scenario)
    changed.data.pop("scenarios", None)
    result = Evaluator(changed, context=scenario_context(scenario)).validate({})
    return result, applied(scenario, document, index)


def _raw_settings(document: YamlDocument, index: int) -> dict[str, Any]:
    """Return the scenario's `set` as the file writes it, types and all."""
    return document.data["scenarios"][index]["set"]
