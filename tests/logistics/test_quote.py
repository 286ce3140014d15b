"""The pure quote: weight steps, zones, every limit, combined parcels, dates, currencies."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logistics.quote import Parcel, ParcelLine, Rate, ZoneSpec, add_business_days, quote
from marketplace.money import convert, money

from .conftest import MONDAY, RATES, make_method


def parcel(weight=300, dims=("30", "20", "4"), value=("80", "CNY"), origin="CN", processing=0, handling=0, lots=1):
    line = ParcelLine(weight, *(Decimal(d) for d in dims), money(*value), lots=lots)
    return Parcel.combine([line], origin=origin, processing_days=processing, handling_days=handling)


def only_offer(q):
    assert len(q.offers) == 1, q.unavailable
    return q.offers[0]


@pytest.mark.parametrize(
    ("grams", "expected"),
    [(1, "10.00"), (50, "10.00"), (51, "14.00"), (100, "14.00"), (101, "18.00"), (2000, "166.00")],
)
def test_weight_steps_first_then_each_additional_step_begun(grams, expected):
    rate = Rate(50, money("10.00", "CNY"), 50, money("4.00", "CNY"))
    assert rate.price(grams) == money(expected, "CNY")


def test_the_zone_of_the_destination_sets_price_and_transit(rates):
    method = make_method()
    to_de = only_offer(quote(parcel(weight=120), "DE", [method], today=MONDAY, currency="CNY", rates=rates))
    to_us = only_offer(quote(parcel(weight=120), "US", [method], today=MONDAY, currency="CNY", rates=rates))
    assert (to_de.zone, to_de.cost) == ("Europe", money("18.00", "CNY"))  # 10 + 2 steps of 4
    assert (to_us.zone, to_us.cost) == ("Americas", money("29.00", "CNY"))  # 20 + 1 step of 9
    assert to_us.delivery_to > to_de.delivery_to


def test_a_country_in_no_zone_is_refused_by_name(rates):
    q = quote(parcel(), "JP", [make_method()], today=MONDAY, currency="CNY", rates=rates)
    assert q.offers == ()
    assert q.unavailable[0].codes == ("not_to_country",)
    assert "Japan" in q.unavailable[0].reasons[0][1]


def test_a_method_of_another_origin_says_so(rates):
    q = quote(parcel(origin="TR"), "DE", [make_method(origins=("CN",))], today=MONDAY, currency="CNY", rates=rates)
    assert q.unavailable[0].codes == ("not_from_origin",)
    assert "Turkey" in q.unavailable[0].reasons[0][1] or "Türkiye" in q.unavailable[0].reasons[0][1]


@pytest.mark.parametrize(
    ("kwargs", "method_kwargs", "code"),
    [
        ({"weight": 2001}, {}, "too_heavy"),
        ({"dims": ("60.1", "10", "5")}, {}, "too_long"),
        ({"dims": ("50", "30", "11")}, {}, "too_large"),  # 91 > 90
        ({"dims": ("100", "30", "30")}, {"side": "120", "total": None, "girth": "219"}, "too_large"),  # 100+2x60
        ({"value": ("2400.08", "CNY")}, {}, "too_valuable"),  # 300.01 EUR
    ],
)
def test_every_limit_refuses_with_its_reason(rates, kwargs, method_kwargs, code):
    q = quote(parcel(**kwargs), "DE", [make_method(**method_kwargs)], today=MONDAY, currency="CNY", rates=rates)
    assert q.offers == ()
    assert q.unavailable[0].codes == (code,)


@pytest.mark.parametrize(
    ("kwargs", "method_kwargs"),
    [
        ({"weight": 2000}, {}),
        ({"dims": ("60", "20", "10")}, {}),
        ({"dims": ("100", "30", "29.5")}, {"side": "120", "total": None, "girth": "219"}),
        ({"value": ("2400.00", "CNY")}, {}),  # exactly 300 EUR
    ],
)
def test_a_parcel_exactly_at_a_limit_is_carried(rates, kwargs, method_kwargs):
    q = quote(parcel(**kwargs), "DE", [make_method(**method_kwargs)], today=MONDAY, currency="CNY", rates=rates)
    assert len(q.offers) == 1


def test_a_missing_rate_for_the_value_limit_is_a_reason_not_a_crash():
    q = quote(parcel(), "DE", [make_method()], today=MONDAY, currency="CNY", rates={})
    assert "no_rate" in q.unavailable[0].codes


def test_lines_combine_weights_values_and_stacked_heights():
    lines = [
        ParcelLine(300, Decimal("4"), Decimal("30"), Decimal("25"), money("80", "CNY"), lots=2),  # laid flat: 30x25x4
        ParcelLine(100, Decimal("10"), Decimal("35"), Decimal("2"), money("20", "CNY")),
    ]
    combined = Parcel.combine(lines, origin="CN", processing_days=3, handling_days=1)
    assert combined.weight_grams == 700
    assert combined.declared_value == money("180", "CNY")
    assert (combined.length_cm, combined.width_cm, combined.height_cm) == (Decimal(35), Decimal(25), Decimal(10))
    assert combined.length_girth_cm == Decimal(35) + 2 * Decimal(35)


def test_limits_apply_to_the_combined_parcel(rates):
    one = parcel(weight=700)
    three = parcel(weight=700, lots=3)  # 2100 g
    method = make_method()
    assert quote(one, "DE", [method], today=MONDAY, currency="CNY", rates=rates).offers
    assert quote(three, "DE", [method], today=MONDAY, currency="CNY", rates=rates).unavailable[0].codes == (
        "too_heavy",
    )


def test_lines_in_two_currencies_cannot_share_a_parcel():
    lines = [ParcelLine(1, Decimal(1), Decimal(1), Decimal(1), money("1", c)) for c in ("CNY", "EUR")]
    with pytest.raises(ValueError, match="one currency"):
        Parcel.combine(lines, origin="CN")


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 30), 0, date(2026, 11, 30)),
        (date(2026, 11, 30), 4, date(2026, 12, 4)),  # Monday + 4 = Friday
        (date(2026, 11, 30), 5, date(2026, 12, 7)),  # over the weekend
        (date(2026, 12, 4), 1, date(2026, 12, 7)),  # Friday + 1 = Monday
        (date(2026, 12, 5), 1, date(2026, 12, 7)),  # Saturday + 1 = Monday
        (date(2026, 12, 29), 5, date(2027, 1, 5)),  # across the month and year end
        (date(2027, 2, 25), 3, date(2027, 3, 2)),  # across February's end
    ],
)
def test_business_days_skip_weekends(start, days, expected):
    assert add_business_days(start, days) == expected


@given(start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), days=st.integers(0, 200))
def test_business_days_arithmetic_matches_counting_day_by_day(start, days):
    current, left = start, days
    while left:
        current += timedelta(days=1)
        left -= current.weekday() < 5
    assert add_business_days(start, days) == current


def test_delivery_dates_count_processing_handling_and_transit(rates):
    offer = only_offer(
        quote(parcel(processing=3, handling=2), "DE", [make_method()], today=MONDAY, currency="CNY", rates=rates)
    )
    # 5 days to hand over, then 10-20 days in transit: 15 and 25 business days after Monday 30 Nov.
    assert (offer.delivery_from, offer.delivery_to) == (date(2026, 12, 21), date(2027, 1, 4))


def test_costs_convert_to_the_buyers_currency_and_cheapest_comes_first(rates):
    cheap = make_method("cheap")
    dear = make_method(
        "dear",
        zones=(ZoneSpec("EU", frozenset({"DE"}), (2, 4), Rate(500, money("4.00", "EUR"), 500, money(1, "EUR"))),),
    )
    q = quote(parcel(weight=120), "DE", [dear, cheap], today=MONDAY, currency="USD", rates=rates)
    assert [o.method.code for o in q.offers] == ["cheap", "dear"]
    assert q.offers[0].cost == money("18.00", "CNY")
    assert q.offers[0].display_cost == money("2.81", "USD")  # 18 / 8 x 1.25 = 2.8125
    assert q.offers[1].cost == money("4.00", "EUR")
    assert q.offers[1].display_cost == money("5.00", "USD")


dims = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("200"), places=1)


@settings(max_examples=300, deadline=None)
@given(
    weight=st.integers(min_value=1, max_value=40_000),
    extra=st.integers(min_value=1, max_value=5_000),
    length=dims, width=dims, height=dims,
    value=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2),
    girth=st.booleans(),
)  # fmt: skip
def test_offered_only_within_every_limit_and_never_cheaper_when_heavier(weight, extra, length, width, height, value,
                                                                        girth):  # fmt: skip
    method = make_method(side="100", total=None if girth else "150", girth="250" if girth else None,
                         weight=20_000, value=("500", "EUR"))  # fmt: skip
    p = Parcel.combine([ParcelLine(weight, length, width, height, money(value, "CNY"))], origin="CN")
    q = quote(p, "DE", [method], today=MONDAY, currency="EUR", rates=RATES)
    limits = method.limits
    within = (
        p.weight_grams <= limits.max_weight_grams
        and p.longest_side_cm <= limits.max_side_cm
        and (limits.max_dimensions_sum_cm is None or p.dimensions_sum_cm <= limits.max_dimensions_sum_cm)
        and (limits.max_length_girth_cm is None or p.length_girth_cm <= limits.max_length_girth_cm)
        # customs values are compared in cents, as convert() rounds them
        and convert(money(value, "CNY"), "EUR", rates=RATES).amount <= Decimal(500)
    )
    assert bool(q.offers) == within
    heavier = Parcel.combine([ParcelLine(weight + extra, length, width, height, money(value, "CNY"))], origin="CN")
    q2 = quote(heavier, "DE", [method], today=MONDAY, currency="EUR", rates=RATES)
    if q.offers and q2.offers:
        assert q2.offers[0].cost >= q.offers[0].cost
    if not within:
        assert not q2.offers  # heavier never fits where lighter did not
