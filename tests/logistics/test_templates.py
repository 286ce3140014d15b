"""The quote under a seller's shipping template (pure): only the methods it
offers, free shipping where a rule holds (threshold included), its handling
days, and the protection period capped per destination."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics.quote import FreeRule, Parcel, ParcelLine, TemplateSpec, protection_cap, quote
from marketplace.money import money

from .conftest import MONDAY, RATES, make_method


@pytest.fixture
def django_settings(settings):
    return settings


def parcel(weight=100, origin="CN", value=("50", "CNY"), handling=0) -> Parcel:
    return Parcel.combine(
        [ParcelLine(weight, Decimal(20), Decimal(15), Decimal(3), money(*value))], origin=origin,
        handling_days=handling,
    )  # fmt: skip


def methods():
    return [make_method("post"), make_method("ems", level="express"), make_method("courier", level="express")]


def test_only_the_methods_the_template_offers_are_quoted(rates):
    template = TemplateSpec(method_codes=frozenset({"ems"}))
    q = quote(parcel(), "DE", methods(), today=MONDAY, currency="EUR", rates=rates, template=template)
    assert [o.method.code for o in q.offers] == ["ems"]
    assert q.unavailable == ()  # the others are not the store's: not "unavailable", simply absent
    everything = quote(parcel(), "DE", methods(), today=MONDAY, currency="EUR", rates=rates, template=TemplateSpec())
    assert len(everything.offers) == 3


def test_a_template_naming_no_method_of_a_warehouse_origin_offers_all_from_there(rates):
    spanish = make_method("es-post", origins=("ES",))
    template = TemplateSpec(method_codes=frozenset({"post"}))  # a Chinese store's choice
    q = quote(parcel(origin="ES"), "DE", [*methods(), spanish], today=MONDAY, currency="EUR", rates=rates,
              template=template)  # fmt: skip
    assert [o.method.code for o in q.offers] == ["es-post"]


def test_free_shipping_makes_the_cheapest_offer_free_and_says_so(rates):
    template = TemplateSpec(free_rules=(FreeRule(frozenset({"DE", "FR"})),))
    q = quote(parcel(), "DE", methods(), today=MONDAY, currency="EUR", rates=rates, template=template)
    first = q.offers[0]
    assert first.free and first.cost.amount == 0 and first.display_cost == money(0, "EUR")
    assert first.list_cost.amount > 0  # what the carrier charges the store
    assert [o.free for o in q.offers[1:]] == [False, False]
    elsewhere = quote(parcel(), "US", methods(), today=MONDAY, currency="EUR", rates=rates, template=template)
    assert not any(o.free for o in elsewhere.offers)


@pytest.mark.parametrize(
    ("order", "free"),
    [("29.99", False), ("30.00", True), ("30.01", True), ("240.00", True), ("239.95", False)],
)
def test_free_shipping_above_an_order_amount_compares_in_the_rules_currency(rates, order, free):
    # EUR 30 threshold; orders given in EUR, then the same in CNY (8 per EUR).
    template = TemplateSpec(free_rules=(FreeRule(None, money("30", "EUR")),))
    value = money(order, "EUR") if Decimal(order) < 100 else money(order, "CNY")
    q = quote(parcel(), "BR", methods(), today=MONDAY, currency="EUR", rates=rates, template=template,
              order_value=value)  # fmt: skip
    assert q.offers[0].free is free


def test_a_threshold_without_an_order_value_is_not_met(rates):
    template = TemplateSpec(free_rules=(FreeRule(None, money("30", "EUR")),))
    q = quote(parcel(), "DE", methods(), today=MONDAY, currency="EUR", rates=rates, template=template)
    assert not q.offers[0].free


def test_template_handling_days_add_to_the_dates(rates):
    plain = quote(parcel(), "DE", methods(), today=MONDAY, currency="EUR", rates=rates)
    slow = quote(parcel(handling=1), "DE", methods(), today=MONDAY, currency="EUR", rates=rates,
                 template=TemplateSpec(handling_days=4))  # fmt: skip
    # 5 more business days: one week later, whatever the weekday.
    assert slow.offers[0].delivery_from == plain.offers[0].delivery_from + (date(2026, 12, 7) - MONDAY)
    assert slow.offers[0].delivery_to == plain.offers[0].delivery_to + (date(2026, 12, 7) - MONDAY)


@pytest.mark.parametrize(("country", "cap"), [("DE", 60), ("RU", 90), ("BR", 120), ("US", 60)])
def test_protection_is_the_promised_time_capped_per_destination(rates, django_settings, country, cap):
    assert protection_cap(country) == cap

    def with_russia(method, days):
        zones = tuple(replace(z, countries=z.countries | {"RU"}) for z in method.zones)
        return replace(method, protection_days=days, zones=zones)

    slow, fast = with_russia(make_method("slow"), 150), with_russia(make_method("fast"), 45)
    q = quote(parcel(), country, [slow, fast], today=MONDAY, currency="EUR", rates=rates)
    by_code = {o.method.code: o.protection_days for o in q.offers}
    assert by_code == {"slow": cap, "fast": 45}
    django_settings.CARAVAN_PROTECTION_MAX_DAYS_BY_COUNTRY = {}
    assert protection_cap(country) == 60


@settings(max_examples=200, deadline=None)
@given(
    weight=st.integers(min_value=1, max_value=3000),
    extra=st.integers(min_value=1, max_value=2000),
    order=st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2),
    threshold=st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2),
)
def test_with_a_template_a_heavier_parcel_never_costs_less_and_free_follows_the_threshold(
    weight, extra, order, threshold
):
    template = TemplateSpec(method_codes=frozenset({"post", "ems"}),
                            free_rules=(FreeRule(frozenset({"DE"}), money(threshold, "EUR")),))  # fmt: skip
    ms = [make_method("post", weight=2000), make_method("ems", weight=30000), make_method("courier")]
    light = quote(parcel(weight), "DE", ms, today=MONDAY, currency="EUR", rates=RATES, template=template,
                  order_value=money(order, "EUR"))  # fmt: skip
    heavy = quote(parcel(weight + extra), "DE", ms, today=MONDAY, currency="EUR", rates=RATES, template=template,
                  order_value=money(order, "EUR"))  # fmt: skip
    assert {o.method.code for o in light.offers} <= {"post", "ems"}
    for o in light.offers:
        assert o.free == (o is light.offers[0] and order >= threshold)
        other = next((h for h in heavy.offers if h.method.code == o.method.code), None)
        if other is not None:
            assert other.list_cost >= o.list_cost
