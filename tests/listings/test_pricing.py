"""Prices by quantity (tiers, variant overrides, lots) and how the storefront
shows them: converted into the buyer's currency, formatted for their language."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from moneyed import Money

from listings.pricing import Tier, lowest_unit_price, tier_for, unit_price
from listings.services import TierInput, VariantInput
from marketplace.money import convert, format_money
from marketplace.preferences import SESSION_CURRENCY
from tests.factories import UserFactory
from tests.listings.conftest import WHOLESALE_TIERS


def cny(amount: str) -> Money:
    return Money(Decimal(amount), "CNY")


TIERS = [
    Tier(1, 9, cny("100.00")),
    Tier(10, 49, cny("90.00")),
    Tier(50, None, cny("80.00")),
]


# --- pure pricing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lots", "expected_min"),
    [(1, 1), (9, 1), (10, 10), (49, 10), (50, 50), (10_000, 50)],
)
def test_tier_for_picks_the_tier_covering_the_quantity(lots, expected_min):
    assert tier_for(TIERS, lots).min_lots == expected_min


def test_no_tiers_means_no_tier_and_the_base_price():
    assert tier_for([], 5) is None
    assert unit_price(base=cny("12.50"), tiers=[], lots=7) == cny("12.50")


@pytest.mark.parametrize(("lots", "expected"), [(1, "100.00"), (9, "100.00"), (10, "90.00"), (50, "80.00")])
def test_unit_price_follows_the_tier(lots, expected):
    assert unit_price(base=cny("100.00"), tiers=TIERS, lots=lots) == cny(expected)


@pytest.mark.parametrize(("lots", "expected"), [(1, "120.00"), (10, "108.00"), (50, "96.00")])
def test_a_dearer_variant_keeps_its_proportion_at_every_tier(lots, expected):
    # The variant costs 20% more than the listing; every tier keeps that 20%.
    assert unit_price(base=cny("100.00"), tiers=TIERS, lots=lots, override=cny("120.00")) == cny(expected)


def test_a_cheaper_variant_is_discounted_proportionally_and_rounded_half_up():
    tiers = [Tier(1, 9, cny("2.99")), Tier(10, None, cny("2.49"))]
    # 2.49 * 3.50 / 2.99 = 2.91471... -> 2.91; 2.99 * 3.50 / 2.99 = 3.50
    assert unit_price(base=cny("2.99"), tiers=tiers, lots=1, override=cny("3.50")) == cny("3.50")
    assert unit_price(base=cny("2.99"), tiers=tiers, lots=10, override=cny("3.50")) == cny("2.91")
    # 2.49 * 1.005 / 2.99 = 0.836914... -> 0.84 (half-up at the minor unit)
    assert unit_price(base=cny("2.99"), tiers=tiers, lots=12, override=cny("1.005")) == cny("0.84")


def test_a_variant_override_without_tiers_is_simply_its_price():
    assert unit_price(base=cny("100"), tiers=[], lots=3, override=cny("135.50")) == cny("135.50")


def test_zero_lots_is_refused():
    with pytest.raises(ValueError):
        unit_price(base=cny("1"), tiers=TIERS, lots=0)


def test_lowest_price_is_the_cheapest_tier_for_the_cheapest_variant():
    assert lowest_unit_price(base=cny("100"), tiers=TIERS, variant_prices=[None, cny("120")]) == cny("80.00")
    assert lowest_unit_price(base=cny("100"), tiers=TIERS, variant_prices=[cny("90"), None]) == cny("72.00")
    assert lowest_unit_price(base=cny("100"), tiers=[], variant_prices=[]) == cny("100.00")


def test_prices_round_to_the_currency_minor_unit():
    yen = [Tier(1, None, Money("1000", "JPY"))]
    assert unit_price(base=Money("1000", "JPY"), tiers=yen, lots=1, override=Money("1234.5", "JPY")) == Money(
        "1235", "JPY"
    )


# --- the listing page: tier selection by quantity, in the buyer's currency -----------------------------


def shown(amount: Money, currency: str = "USD", language: str = "en") -> str:
    """A price as the storefront shows it: converted with the stored rates, formatted for the language."""
    return format_money(convert(amount, currency), language)


def price_box(client, listing, **params) -> str:
    response = client.get(reverse("listings:price", args=[listing.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lots", "tier_price", "active_row"), [(1, "100.00", "1–9"), (10, "90.00", "10–49"), (75, "80.00", "50+")]
)
def test_the_price_box_uses_the_tier_of_the_chosen_quantity(client, make_listing, lots, tier_price, active_row):
    listing = make_listing(
        tiers=WHOLESALE_TIERS,
        variants=[VariantInput(sku="A", options={"colour": "Red"}, stock=500)],
    )
    html = price_box(client, listing, lots=lots)
    assert f'data-testid="unit-price">{shown(cny(tier_price))}<' in html
    total = shown(Money(Decimal(tier_price) * lots, "CNY"))
    assert total in html
    assert f'<tr class="active" aria-current="true"><td>{active_row}</td>' in html


@pytest.mark.django_db
def test_a_variant_with_its_own_price_gets_the_proportional_tier_price(client, make_listing):
    listing = make_listing(
        tiers=WHOLESALE_TIERS,
        variants=[
            VariantInput(sku="PLAIN", options={"colour": "White"}, stock=100),
            VariantInput(sku="PRINT", options={"colour": "Printed"}, stock=100, price_override=Decimal("120.00")),
        ],
    )
    printed = listing.variants.get(sku="PRINT")
    html = price_box(client, listing, variant=printed.pk, lots=10)
    # The tier table follows the chosen variant too: 120, 108, 96.
    assert f'data-testid="unit-price">{shown(cny("108.00"))}<' in html
    for amount in ("120.00", "108.00", "96.00"):
        assert shown(cny(amount)) in html
    assert "Printed" in html


@pytest.mark.django_db
def test_the_quantity_is_capped_by_the_variants_stock_and_an_out_of_stock_variant_is_not_chosen(client, make_listing):
    listing = make_listing(
        tiers=WHOLESALE_TIERS,
        variants=[
            VariantInput(sku="GONE", options={"colour": "Blue"}, stock=0),
            VariantInput(sku="FEW", options={"colour": "Red"}, stock=12),
        ],
    )
    gone = listing.variants.get(sku="GONE")
    html = price_box(client, listing, variant=gone.pk, lots=500)
    assert 'data-testid="chosen-variant">Red<' in html
    assert 'data-lots="12"' in html
    assert "Only" in html and "12 pieces available" in html
    assert f'data-testid="unit-price">{shown(cny("90.00"))}<' in html


@pytest.mark.django_db
@pytest.mark.parametrize("lots", ["", "abc", "-5", "0", "1e9", "99999999999999999999"])
def test_junk_quantities_give_a_normal_price_box(client, make_listing, lots):
    listing = make_listing(tiers=WHOLESALE_TIERS)
    html = price_box(client, listing, lots=lots, variant="x")
    assert 'data-testid="unit-price">' in html


@pytest.mark.django_db
def test_lots_show_the_price_per_lot_and_per_piece(client, make_listing):
    listing = make_listing(
        lot_size=10,
        tiers=[TierInput(1, 4, Decimal("50.00")), TierInput(5, None, Decimal("40.00"))],
    )
    response = client.get(reverse("listings:detail", args=[listing.pk]))
    html = response.content.decode()
    assert "Lot of 10 pieces" in html
    assert "per lot" in html
    assert f"{shown(cny('5.00'))} per piece" in html  # 50 per lot of 10
    assert shown(cny("4.00")) in html  # the 5+ lots tier, per piece
    html = price_box(client, listing, lots=5)
    assert "Total for 5 lots (50 pieces)" in html
    assert shown(cny("200.00")) in html


# --- conversion and formatting in the buyer's currency and language ------------------------------------


@pytest.mark.django_db
def test_prices_in_usd_for_an_english_visitor(client, make_listing):
    listing = make_listing(tiers=WHOLESALE_TIERS)
    listing.refresh_from_db()
    expected_from = shown(listing.min_price, "USD", "en")
    assert expected_from.startswith("$")
    assert expected_from in client.get(reverse("search")).content.decode()
    detail = client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
    assert f'data-testid="unit-price">{shown(cny("100.00"), "USD", "en")}<' in detail
    assert shown(cny("90.00"), "USD", "en") in detail  # the 10–49 row of the tier table


@pytest.mark.django_db
def test_prices_in_brl_for_a_brazilian_visitor_from_the_session(client, make_listing):
    listing = make_listing(tiers=WHOLESALE_TIERS)
    listing.refresh_from_db()
    session = client.session
    session[SESSION_CURRENCY] = "BRL"
    session.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt-br"
    expected = shown(listing.min_price, "BRL", "pt-br")
    assert expected.startswith("R$\xa0") and "," in expected
    assert expected in client.get(reverse("home")).content.decode()
    detail = client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
    assert f'data-testid="unit-price">{shown(cny("100.00"), "BRL", "pt-br")}<' in detail
    assert shown(cny("80.00"), "BRL", "pt-br") in detail


@pytest.mark.django_db
def test_prices_in_rubles_for_a_russian_buyers_saved_profile(client, make_listing):
    listing = make_listing(tiers=WHOLESALE_TIERS)
    listing.refresh_from_db()
    client.force_login(UserFactory(language="ru", currency="RUB", country="RU"))
    expected = shown(listing.min_price, "RUB", "ru")
    assert expected.endswith("\xa0₽")
    assert expected in client.get(reverse("listings:category", args=["dresses"])).content.decode()
    html = price_box(client, listing, lots=10)
    assert shown(cny("90.00"), "RUB", "ru") in html
    assert shown(cny("900.00"), "RUB", "ru") in html  # the total for 10 pieces


@pytest.mark.django_db
def test_yen_has_no_minor_unit(client, make_listing):
    listing = make_listing()
    listing.refresh_from_db()
    session = client.session
    session[SESSION_CURRENCY] = "JPY"
    session.save()
    expected = shown(listing.min_price, "JPY", "en")
    assert "." not in expected
    assert expected in client.get(reverse("search")).content.decode()


@pytest.mark.django_db
def test_without_javascript_the_form_reloads_the_page_with_the_chosen_quantity(client, make_listing):
    listing = make_listing(tiers=WHOLESALE_TIERS, variants=[VariantInput(sku="A", options={"colour": "Red"}, stock=99)])
    html = client.get(reverse("listings:detail", args=[listing.pk]), {"lots": 12}).content.decode()
    assert f'data-testid="unit-price">{shown(cny("90.00"))}<' in html
    assert '<tr class="active" aria-current="true"><td>10–49</td>' in html
    assert 'name="lots" type="number" min="1" max="99" value="12"' in html


# --- line_quote: the one pricing path of a line ------------------------------------------------------------


def variant_of(listing, sku: str):
    from listings.models import ListingVariant

    return ListingVariant.objects.select_related("listing").get(listing=listing, sku=sku)


@pytest.fixture
def wholesale(make_listing):
    return make_listing(
        lot_size=10,
        tiers=WHOLESALE_TIERS,
        variants=[
            VariantInput(sku="PLAIN", options={"colour": "White"}, stock=30),
            VariantInput(sku="PRINT", options={"colour": "Printed"}, stock=5, price_override=Decimal("120.00")),
        ],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sku", "lots", "tier_min", "unit", "total"),
    [
        ("PLAIN", 1, 1, "100.00", "100.00"),
        ("PLAIN", 10, 10, "90.00", "900.00"),
        ("PLAIN", 50, 50, "80.00", "4000.00"),
        ("PRINT", 10, 10, "108.00", "1080.00"),  # 20% dearer at every tier
    ],
)
def test_line_quote_prices_the_tier_the_quantity_reaches(wholesale, sku, lots, tier_min, unit, total):
    from listings.pricing import line_quote

    variant = variant_of(wholesale, sku)
    quote = line_quote(variant, lots, "CNY")
    assert quote.tier.min_lots == tier_min
    assert (quote.unit_price, quote.line_total) == (cny(unit), cny(total))
    assert (quote.converted_unit_price, quote.converted_line_total) == (cny(unit), cny(total))
    assert (quote.lots, quote.lot_size, quote.pieces) == (lots, 10, lots * 10)
    assert quote.variant_id == variant.pk and quote.stock == variant.stock
    assert quote.available == (lots <= variant.stock)


@pytest.mark.django_db
def test_line_quote_converts_through_the_stored_or_given_rates_and_rounds_there(wholesale):
    from listings.pricing import line_quote
    from marketplace.money import MissingExchangeRate

    variant = variant_of(wholesale, "PLAIN")
    quote = line_quote(variant, 10, "USD")
    assert quote.currency == "USD"
    assert quote.converted_unit_price == convert(cny("90.00"), "USD")
    assert quote.converted_line_total == convert(cny("900.00"), "USD")
    rates = {"CNY": Decimal("7.8"), "USD": Decimal("1.1"), "JPY": Decimal("161.3")}
    # 90 × 1.1 / 7.8 = 12.6923… → 12.69; 900 × 1.1 / 7.8 = 126.923… → 126.92 (half-up, at the line)
    quote = line_quote(variant, 10, "USD", rates=rates)
    assert (quote.converted_unit_price, quote.converted_line_total) == (Money("12.69", "USD"), Money("126.92", "USD"))
    # 90 × 161.3 / 7.8 = 1861.15… → 1861 yen: no minor unit
    assert line_quote(variant, 10, "JPY", rates=rates).converted_unit_price == Money("1861", "JPY")
    with pytest.raises(MissingExchangeRate):
        line_quote(variant, 10, "BRL", rates=rates)


@pytest.mark.django_db
def test_line_quote_says_whether_the_stock_covers_the_line_and_refuses_no_lots(wholesale):
    import dataclasses

    from listings.pricing import line_quote
    from marketplace.errors import DomainError

    printed = variant_of(wholesale, "PRINT")
    assert line_quote(printed, 5, "CNY").available
    assert not line_quote(printed, 6, "CNY").available
    for lots in (0, -3):
        with pytest.raises(DomainError):
            line_quote(printed, lots, "CNY")
    with pytest.raises(dataclasses.FrozenInstanceError):
        line_quote(printed, 1, "CNY").lots = 2


@pytest.mark.django_db
@pytest.mark.parametrize(("sku", "lots"), [("PLAIN", 1), ("PLAIN", 12), ("PRINT", 3), ("PRINT", 99)])
def test_the_price_box_shows_the_line_quote(client, wholesale, sku, lots):
    from listings.pricing import line_quote

    variant = variant_of(wholesale, sku)
    html = price_box(client, wholesale, variant=variant.pk, lots=lots)
    quote = line_quote(variant, min(lots, variant.stock), "USD")
    assert f'data-testid="unit-price">{format_money(quote.converted_unit_price, "en")}<' in html
    assert f"({quote.pieces} pieces): {format_money(quote.converted_line_total, 'en')}<" in html
    assert f'data-lots="{quote.lots}"' in html


@pytest.mark.django_db
def test_the_api_quotes_each_variant_as_line_quote_does(api_client, wholesale):
    from listings.pricing import line_quote

    body = api_client.get(f"/api/v1/listings/{wholesale.pk}/", {"currency": "EUR"}).json()
    assert [v["sku"] for v in body["variants"]] == ["PLAIN", "PRINT"]
    for shown_variant in body["variants"]:
        quote = line_quote(variant_of(wholesale, shown_variant["sku"]), 1, "EUR")
        assert shown_variant["price"]["original"]["amount"] == str(quote.unit_price.amount)
        assert shown_variant["price"]["display"]["amount"] == str(quote.converted_unit_price.amount)
        assert shown_variant["price"]["display"]["currency"] == "EUR"
    assert body["variants"][1]["price"]["original"]["amount"] == "120.00"


@pytest.fixture
def cache_without_cny(settings, wholesale):
    """No CNY rate, in a cache of this test's alone (a locmem cache's LOCATION
    is shared by the process: the gap must not outlive the test)."""
    from django.core.cache import cache

    from marketplace.models import ExchangeRate

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pricing-without-cny"}
    }
    ExchangeRate.objects.filter(currency="CNY").delete()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("cache_without_cny")
def test_without_a_rate_the_price_box_and_the_api_stay_in_the_sellers_currency(client, api_client, wholesale):
    html = price_box(client, wholesale, lots=10)
    assert f'data-testid="unit-price">{format_money(cny("90.00"), "en")}<' in html
    assert 'data-testid="original-price"' not in html
    body = api_client.get(f"/api/v1/listings/{wholesale.pk}/", {"currency": "USD"}).json()
    assert body["variants"][0]["price"]["display"] == body["variants"][0]["price"]["original"]
    assert body["variants"][0]["price"]["display"]["currency"] == "CNY"
