"""Shipping on listing cards and the "free shipping" filter: the cards of a
category page show the cheapest shipping to the reader's country, in a
number of queries that does not grow with the page; the filter keeps the
listings whose store ships there free under its template."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from listings.models import Category
from listings.selectors import category_tree_forget
from listings.services import TierInput
from logistics.selectors import shipping_methods_forget
from logistics.services import FreeRuleInput, shipping_template_save
from marketplace.pagecache import _bump
from sellers.models import SellerStatus

pytestmark = pytest.mark.django_db
CATEGORY = reverse("listings:category", args=["womens-fashion"])


def ship_to(client, country: str, currency: str = "EUR") -> None:
    client.post(reverse("preferences"), {"language": "en", "currency": currency, "country": country})


def shipping_lines(response) -> list[str]:
    return re.findall(r'data-testid="card-shipping">(.*?)</span>', response.content.decode())


def card_titles(response) -> list[str]:
    return re.findall(r'<span class="pcard-title">(.*?)</span>', response.content.decode())


def fill(make_listing, sellers, n: int) -> None:
    categories = list(Category.objects.filter(parent__slug="womens-fashion"))
    for i in range(n):
        category = categories[i % len(categories)]
        make_listing(title=f"Blouse {i}", seller=sellers[i % len(sellers)], category_id=category.pk,
                     tiers=[TierInput(1, None, Decimal("100"))] if i % 2 else [])  # fmt: skip


def test_category_page_with_shipping_on_cards_issues_the_same_queries_for_10_and_24_cards(
    client, make_listing, approved_seller, make_seller
):
    other = make_seller(status=SellerStatus.APPROVED, country="CN")
    shipping_template_save(seller=other, actor=other.user, name="Free EU", is_default=True,
                           free_rules=[FreeRuleInput("eu")])  # fmt: skip
    ship_to(client, "DE")

    def measure() -> tuple[int, object]:
        _bump()  # a cache miss: the page (and its cards) is built
        shipping_methods_forget()  # and the methods and stores' setups are read again
        category_tree_forget()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(CATEGORY)
        assert response.status_code == 200
        return len(captured.captured_queries), response

    fill(make_listing, [approved_seller, other], 10)
    few, response = measure()
    lines = shipping_lines(response)
    assert len(lines) == 10 and "Free shipping" in lines and any(line.startswith("+ €") for line in lines)
    fill(make_listing, [approved_seller, other], 14)
    many, response = measure()
    assert len(shipping_lines(response)) == 24
    assert many == few
    # session, tree, count, page; the stores' templates, their methods, free rules, warehouses; the methods,
    # zones, rates: 11 on a cold start, and the setups and methods are cached after that
    assert few <= 11


def test_the_free_shipping_filter_keeps_listings_shipping_free_to_the_readers_country(
    client, make_listing, approved_seller
):
    shipping_template_save(seller=approved_seller, actor=approved_seller.user, name="EU over 100", is_default=True,
                           free_rules=[FreeRuleInput("eu", (), Decimal("100"))])  # fmt: skip
    plain = shipping_template_save(seller=approved_seller, actor=approved_seller.user, name="No free")
    make_listing(title="Free blouse")  # CNY 120: over the threshold
    make_listing(title="Cheap blouse", price=Decimal("50"), declared_value=Decimal("50"))
    own = make_listing(title="Own template blouse")
    own.shipping_template = plain
    own.save(update_fields=["shipping_template"])
    _bump()

    ship_to(client, "FR")
    everything = client.get(CATEGORY)
    assert set(card_titles(everything)) == {"Free blouse", "Cheap blouse", "Own template blouse"}
    assert 'data-testid="free-shipping-filter"' in everything.content.decode()
    free = client.get(CATEGORY, {"free": "1"})
    assert card_titles(free) == ["Free blouse"]
    assert "Free shipping to France" in free.content.decode()
    assert shipping_lines(free) == ["Free shipping"]

    ship_to(client, "US")
    assert card_titles(client.get(CATEGORY, {"free": "1"})) == []

    api = client.get(reverse("api-listings"), {"free_shipping_to": "FR"}).json()
    assert [row["title"] for row in api["results"]] == ["Free blouse"]


def test_the_ships_from_filter_finds_stock_in_an_overseas_warehouse(client, make_listing, approved_seller):
    from listings.stock import stock_set
    from logistics.services import warehouse_save

    warehouse = warehouse_save(seller=approved_seller, actor=approved_seller.user, country="ES")
    overseas = make_listing(title="Blouse in Valencia")
    make_listing(title="Blouse in Hangzhou")
    variant = overseas.variants.order_by("pk").first()
    stock_set(variant_id=variant.pk, stock=5, actor=None, warehouse_id=warehouse.pk)
    _bump()
    assert card_titles(client.get(CATEGORY, {"from": "ES"})) == ["Blouse in Valencia"]
    assert set(card_titles(client.get(CATEGORY, {"from": "CN"}))) == {"Blouse in Valencia", "Blouse in Hangzhou"}
    stock_set(variant_id=variant.pk, stock=0, actor=None, warehouse_id=warehouse.pk)
    _bump()
    assert card_titles(client.get(CATEGORY, {"from": "ES"})) == []
