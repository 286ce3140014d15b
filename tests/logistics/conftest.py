"""Hand-built methods and fixed exchange rates for the pure quote tests."""

from datetime import date
from decimal import Decimal

import pytest

from logistics.quote import Limits, Method, Rate, ZoneSpec
from marketplace.money import money

# Units per EUR; round numbers so expected amounts are exact.
RATES = {"CNY": Decimal("8"), "USD": Decimal("1.25"), "GBP": Decimal("0.8"), "NOK": Decimal("12"),
         "AUD": Decimal("1.6"), "RUB": Decimal("100"), "TRY": Decimal("40"), "CHF": Decimal("0.95")}  # fmt: skip
MONDAY = date(2026, 11, 30)


def make_method(code="post", *, origins=("CN",), weight=2000, side="60", total="90", girth=None, value=("300", "EUR"),
                zones=None, tracked=True, level="economy") -> Method:  # fmt: skip
    zones = zones or (
        ZoneSpec("Europe", frozenset({"DE", "FR", "IT"}), (10, 20),
                 Rate(50, money("10.00", "CNY"), 50, money("4.00", "CNY"))),
        ZoneSpec("Americas", frozenset({"US", "BR"}), (15, 30),
                 Rate(100, money("20.00", "CNY"), 100, money("9.00", "CNY"))),
    )  # fmt: skip
    return Method(
        code=code, name=code.title(), carrier="Post", service_level=level, kind="postal", tracked=tracked,
        origins=frozenset(origins), protection_days=60,
        limits=Limits(weight, Decimal(side), Decimal(total) if total else None, Decimal(girth) if girth else None,
                      money(*value)),
        zones=zones,
    )  # fmt: skip


@pytest.fixture
def rates():
    return dict(RATES)
