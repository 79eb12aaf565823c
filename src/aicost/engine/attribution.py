"""Attribute cost to product features by their measured usage of each component.

A component tagged with one `feature` belongs to it whole. A component with
`features` (feature: usage, in any one unit) is split in proportion to the usage.
A fleet that serves llm components inherits their features, split by the tokens
each served component sends it. Cost with no feature is reported as unattributed,
so the shares of a design always add up to 100%.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from aicost.design.model import GpuFleetComponent, LlmComponent
from aicost.engine.context import PricingContext
from aicost.engine.details import FeatureCost
from aicost.engine.result import ComponentCost, per_unit


def feature_shares(component: object, context: PricingContext) -> dict[str, Decimal]:
    """Return each feature's share of the component's cost; they sum to 1 or less."""
    feature = getattr(component, "feature", None)
    if feature is not None:
        return {feature: Decimal(1)}
    usage = getattr(component, "features", None)
    if usage:
        return _proportions(usage)
    if isinstance(component, GpuFleetComponent) and component.serves is not None:
        return _served_shares(component, context)
    return {}


def _served_shares(
    component: GpuFleetComponent, context: PricingContext
) -> dict[str, Decimal]:
    units = context.units_per_month
    tokens: dict[str | None, Decimal] = {}
    # A served component's features share the fleet by the tokens they send it.
    for item in context.design.components:
        if not isinstance(item, LlmComponent) or item.name not in component.served:
            continue
        calls = units * item.calls_per_unit * item.retry_factor
        amount = calls * (item.input_tokens + item.output_tokens)
        shares = feature_shares(item, context) or {None: Decimal(1)}
        for name, share in shares.items():
            tokens[name] = tokens.get(name, Decimal(0)) + amount * share
    total = sum(tokens.values(), Decimal(0))
    if total == 0:
        return {}
    if None not in tokens:
        return _proportions({name: amount for name, amount in tokens.items() if name})
    return {name: amount / total for name, amount in tokens.items() if name}


def _proportions(usage: dict[str, Decimal]) -> dict[str, Decimal]:
    """Return usage as shares of its total; the last share takes the remainder."""
    total = sum(usage.values(), Decimal(0))
    names = list(usage)
    shares = {name: usage[name] / total for name in names[:-1]}
    shares[names[-1]] = 1 - sum(shares.values(), Decimal(0))
    return shares


def single_feature(shares: dict[str, Decimal]) -> str | None:
    """Return the feature that carries the whole cost, if there is exactly one."""
    if len(shares) == 1:
        name, share = next(iter(shares.items()))
        if share == 1:
            return name
    return None


def attribute(
    components: list[ComponentCost], units_per_month: Decimal
) -> list[FeatureCost]:
    """Return the cost per feature, biggest first, then any unattributed rest."""
    costs: dict[str, Decimal] = {}
    members: dict[str, list[str]] = {}
    unattributed = Decimal(0)
    loose: list[str] = []
    for item in components:
        shares = item.feature_shares or (
            {item.feature: Decimal(1)} if item.feature else {}
        )
        whole = sum(shares.values(), Decimal(0)) == 1
        attributed = Decimal(0)
        for position, (name, share) in enumerate(shares.items()):
            amount = item.monthly_cost * share
            if whole and position == len(shares) - 1:
                # The last share takes what is left, so the parts add up exactly.
                amount = item.monthly_cost - attributed
            attributed += amount
            costs[name] = costs.get(name, Decimal(0)) + amount
            members.setdefault(name, []).append(item.name)
        rest = item.monthly_cost - attributed
        if rest != 0 or not shares:
            unattributed += rest
            loose.append(item.name)

    total = sum(costs.values(), Decimal(0)) + unattributed
    rows = [
        FeatureCost(
            feature=name,
            monthly_cost=amount,
            share=amount / total if total else Decimal(0),
            unit_cost=per_unit(amount, units_per_month),
            components=tuple(members[name]),
        )
        for name, amount in sorted(costs.items(), key=lambda pair: -pair[1])
    ]
    if loose and (unattributed != 0 or not rows):
        rows.append(
            FeatureCost(
                feature=None,
                monthly_cost=unattributed,
                share=unattributed / total if total else Decimal(0),
                unit_cost=per_unit(unattributed, units_per_month),
                components=tuple(loose),
            )
        )
    if total and rows:
        # Each share is rounded in division; the last takes the remainder so that
        # the shares add up to exactly 1.
        rest = 1 - sum((row.share for row in rows[:-1]), Decimal(0))
        rows[-1] = replace(rows[-1], share=rest)
    return rows
