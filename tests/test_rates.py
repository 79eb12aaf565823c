"""Unit tests of aicost.pricing.rates: leaf counts, long-context tiers and scaling."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aicost.pricing.rates import TOKEN_UNITS, ModelRates, Tier, Tiered

MTOK = 1_000_000


def usage(**counts: int) -> dict[str, Decimal]:
    return {key: Decimal(value) for key, value in counts.items()}


# Leaf counts: each priced kind is billed on its count less its separately priced parts.
LEAF_CASES = [
    pytest.param(
        {"input_mtok": Decimal(2), "cache_read_mtok": Decimal("0.5")},
        usage(input_tokens=1000, cache_read_tokens=300),
        {"input_tokens": Decimal(700), "cache_read_tokens": Decimal(300)},
        id="cache-read-priced-leaves-input-rest",
    ),
    pytest.param(
        {"input_mtok": Decimal(2)},
        usage(input_tokens=1000, cache_read_tokens=300),
        {"input_tokens": Decimal(1000)},
        id="cache-read-unpriced-stays-in-input",
    ),
    pytest.param(
        {
            "input_mtok": Decimal(3),
            "cache_read_mtok": Decimal("0.3"),
            "cache_write_mtok": Decimal("3.75"),
        },
        usage(input_tokens=1000, cache_read_tokens=300, cache_write_tokens=200),
        {
            "input_tokens": Decimal(500),
            "cache_read_tokens": Decimal(300),
            "cache_write_tokens": Decimal(200),
        },
        id="reads-and-writes-both-leave-input",
    ),
    pytest.param(
        {"output_mtok": Decimal(8)},
        usage(output_tokens=900, output_reasoning_tokens=600),
        {"output_tokens": Decimal(900)},
        id="reasoning-unpriced-stays-in-output",
    ),
    pytest.param(
        {"output_mtok": Decimal(8), "output_reasoning_mtok": Decimal(3)},
        usage(output_tokens=900, output_reasoning_tokens=600),
        {"output_tokens": Decimal(300), "output_reasoning_tokens": Decimal(600)},
        id="reasoning-priced-leaves-output-rest",
    ),
    pytest.param(
        {"input_mtok": Decimal(1), "requests_kcount": Decimal(5)},
        usage(input_tokens=10),
        {"input_tokens": Decimal(10), "requests": Decimal(1)},
        id="requests-count-one-per-call",
    ),
    pytest.param(
        {"input_mtok": Decimal(1), "web_searches_kcount": Decimal(10)},
        usage(input_tokens=10),
        {"input_tokens": Decimal(10), "web_searches": Decimal(0)},
        id="web-search-price-without-searches",
    ),
]


@pytest.mark.parametrize(("prices", "call_usage", "expected"), LEAF_CASES)
def test_leaf_counts(
    prices: dict[str, Decimal],
    call_usage: dict[str, Decimal],
    expected: dict[str, Decimal],
) -> None:
    cost = ModelRates(prices).call_cost(call_usage)

    assert cost.billed_counts == expected


def test_leaf_counts_reject_parts_above_total() -> None:
    rates = ModelRates({"input_mtok": Decimal(2), "cache_read_mtok": Decimal(1)})

    with pytest.raises(ValueError, match="exceed their total input_tokens"):
        rates.call_cost(usage(input_tokens=100, cache_read_tokens=101))


def test_call_cost_bills_cached_tokens_once() -> None:
    rates = ModelRates(
        {"input_mtok": Decimal("2.5"), "cache_read_mtok": Decimal("1.25")}
    )

    cost = rates.call_cost(usage(input_tokens=1000, cache_read_tokens=400))

    assert cost.by_usage["input_tokens"] == Decimal(600) * Decimal("2.5") / MTOK
    assert cost.by_usage["cache_read_tokens"] == Decimal(400) * Decimal("1.25") / MTOK
    assert cost.total == (
        Decimal(600) * Decimal("2.5") / MTOK + Decimal(400) * Decimal("1.25") / MTOK
    )


def test_call_cost_units_per_thousand() -> None:
    rates = ModelRates(
        {"web_searches_kcount": Decimal(10), "requests_kcount": Decimal(5)}
    )

    cost = rates.call_cost(usage(web_searches=3))

    assert cost.by_usage["web_searches"] == Decimal(3) * Decimal(10) / 1000
    assert cost.by_usage["requests"] == Decimal(1) * Decimal(5) / 1000


def test_call_cost_ignores_unknown_price_keys() -> None:
    rates = ModelRates({"input_mtok": Decimal(1), "input_audio_mtok": Decimal(40)})

    cost = rates.call_cost(usage(input_tokens=1000))

    assert cost.by_usage == {"input_tokens": Decimal(1000) * Decimal(1) / MTOK}


def test_token_units_match_genai_prices() -> None:
    from genai_prices.data_units import unit_data

    for price_key, unit in TOKEN_UNITS.items():
        raw = unit_data[unit.usage_key]
        assert raw["price_key"] == price_key
        assert raw["per"] == unit.per
        assert frozenset(raw.get("dimensions", {}).items()) == unit.dimensions


STRICT = Tiered(Decimal(3), (Tier(200_000, Decimal(6)),))
INCLUSIVE = Tiered(Decimal(2), (Tier(128_000, Decimal(4), inclusive=True),))
TWO_TIERS = Tiered(
    Decimal(1), (Tier(128_000, Decimal(2)), Tier(256_000, Decimal(5), inclusive=True))
)

SELECT_CASES = [
    pytest.param(STRICT, 0, Decimal(3), None, id="strict-zero-input"),
    pytest.param(STRICT, 199_999, Decimal(3), None, id="strict-one-below"),
    pytest.param(STRICT, 200_000, Decimal(3), None, id="strict-at-threshold"),
    pytest.param(STRICT, 200_001, Decimal(6), 200_000, id="strict-one-above"),
    pytest.param(INCLUSIVE, 127_999, Decimal(2), None, id="inclusive-one-below"),
    pytest.param(INCLUSIVE, 128_000, Decimal(4), 128_000, id="inclusive-at-threshold"),
    pytest.param(INCLUSIVE, 128_001, Decimal(4), 128_000, id="inclusive-one-above"),
    pytest.param(TWO_TIERS, 128_000, Decimal(1), None, id="two-tiers-at-first"),
    pytest.param(TWO_TIERS, 128_001, Decimal(2), 128_000, id="two-tiers-above-first"),
    pytest.param(TWO_TIERS, 255_999, Decimal(2), 128_000, id="two-tiers-below-second"),
    pytest.param(TWO_TIERS, 256_000, Decimal(5), 256_000, id="two-tiers-at-second"),
    pytest.param(TWO_TIERS, 10**7, Decimal(5), 256_000, id="two-tiers-far-above"),
]


@pytest.mark.parametrize(("tiered", "total_input", "rate", "threshold"), SELECT_CASES)
def test_tiered_select(
    tiered: Tiered, total_input: int, rate: Decimal, threshold: int | None
) -> None:
    selected, tier = tiered.select(Decimal(total_input))

    assert selected == rate
    if threshold is None:
        assert tier is None
    else:
        assert tier is not None
        assert tier.threshold == threshold


@pytest.mark.parametrize(
    ("tier", "total_input", "applies"),
    [
        pytest.param(Tier(1000, Decimal(1)), 1000, False, id="strict-at"),
        pytest.param(Tier(1000, Decimal(1)), 1001, True, id="strict-above"),
        pytest.param(Tier(1000, Decimal(1), inclusive=True), 1000, True, id="incl-at"),
        pytest.param(
            Tier(1000, Decimal(1), inclusive=True), 999, False, id="incl-below"
        ),
        pytest.param(Tier(1000, Decimal(1)), Decimal("1000.5"), True, id="fractional"),
    ],
)
def test_tier_applies(tier: Tier, total_input: int | Decimal, applies: bool) -> None:
    assert tier.applies(Decimal(total_input)) is applies


def test_tiered_scaled_keeps_thresholds() -> None:
    scaled = TWO_TIERS.scaled(Decimal("0.5"))

    assert scaled.base == Decimal(1) * Decimal("0.5")
    assert scaled.tiers[0] == Tier(128_000, Decimal(2) * Decimal("0.5"), False)
    assert scaled.tiers[1] == Tier(256_000, Decimal(5) * Decimal("0.5"), True)


def test_model_rates_scaled_scales_every_price() -> None:
    rates = ModelRates(
        {
            "input_mtok": STRICT,
            "output_mtok": Decimal(15),
            "web_searches_kcount": Decimal(10),
        }
    )

    scaled = rates.scaled(Decimal("1.7"))

    assert scaled.prices["input_mtok"] == STRICT.scaled(Decimal("1.7"))
    assert scaled.prices["output_mtok"] == Decimal(15) * Decimal("1.7")
    assert scaled.prices["web_searches_kcount"] == Decimal(10) * Decimal("1.7")
    assert scaled.units is rates.units


def test_call_cost_tier_from_total_input() -> None:
    rates = ModelRates(
        {
            "input_mtok": STRICT,
            "cache_read_mtok": Tiered(Decimal("0.3"), (Tier(200_000, Decimal("0.6")),)),
            "output_mtok": Tiered(Decimal(15), (Tier(200_000, Decimal("22.5")),)),
        }
    )

    # 150,000 fresh tokens alone are below the threshold; with the cached 50,001 the
    # request's input is 200,001, so every kind takes the tier rate.
    cost = rates.call_cost(
        usage(input_tokens=200_001, cache_read_tokens=50_001, output_tokens=1000)
    )

    assert cost.tier == Tier(200_000, Decimal(6))
    assert cost.by_usage["input_tokens"] == Decimal(150_000) * Decimal(6) / MTOK
    assert cost.by_usage["cache_read_tokens"] == (
        Decimal(50_001) * Decimal("0.6") / MTOK
    )
    assert cost.by_usage["output_tokens"] == Decimal(1000) * Decimal("22.5") / MTOK


def test_call_cost_base_tier_reports_none() -> None:
    rates = ModelRates({"input_mtok": STRICT, "output_mtok": Decimal(15)})

    cost = rates.call_cost(usage(input_tokens=200_000, output_tokens=10))

    assert cost.tier is None
    assert cost.total == (
        Decimal(200_000) * Decimal(3) / MTOK + Decimal(10) * Decimal(15) / MTOK
    )


def test_has_treats_none_as_missing() -> None:
    rates = ModelRates({"input_mtok": Decimal(0), "cache_read_mtok": None})  # type: ignore[dict-item]

    assert rates.has("input_mtok")
    assert not rates.has("cache_read_mtok")
    assert not rates.has("output_mtok")
