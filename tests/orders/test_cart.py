# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""The cart: live prices by tier, grouped by seller, what changed said plainly,
a visitor's cart joining the buyer's at log-in, and nobody else's lines."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from listings import services as listing_services
from listings.models import ListingStatus
from listings.services import TierInput, VariantInput
from listings.stock import stock_set
from orders import cart as carts
from orders.models import Cart, CartLine
from orders.selectors import cart_view
from tests.factories import PASSWORD, UserFactory
from tests.listings.conftest import approved_seller, leaf_category, listing_input, make_listing  # noqa: F401

pytestmark = pytest.mark.django_db
RATES = {"CNY": Decimal("8"), "BRL": Decimal("6"), "EUR": Decimal("1")}
TIERS = [
    TierInput(min_lots=1, max_lots=9, unit_price=Decimal("100.00")),
    TierInput(min_lots=10, max_lots=None, unit_price=Decimal("80.00")),
]


@pytest.fixture
def buyer():
    return UserFactory(currency="BRL")


@pytest.fixture
def dress(make_listing):
    return make_listing(tiers=TIERS, variants=[VariantInput(sku="DRESS-RED-M", options={"colour": "Red"}, stock=30)])


def variant_of(listing):
    return listing.variants.get()


def test_lines_are_priced_live_by_tier_and_grouped_by_seller(buyer, dress, make_listing, make_seller):
    cart = carts.cart_of(user=buyer, create=True)
    carts.cart_line_set(cart=cart, variant_id=variant_of(dress).pk, lots=12)
    other_store = make_seller(status="approved", country="CN")
    bag = make_listing(seller=other_store, title="Canvas tote bag with zip",
                       variants=[VariantInput(sku="BAG-1", stock=5)], price=Decimal("40.00"))  # fmt: skip
    carts.cart_line_set(cart=cart, variant_id=bag.variants.get().pk, lots=2)
    view = cart_view(cart, currency="BRL", language="en", rates=RATES)
    assert [g.seller_id for g in view.groups] == [dress.seller_id, other_store.pk]
    line = view.groups[0].items[0]
    assert line.quote.unit_price.amount == Decimal("80.00")  # the 10+ tier
    assert line.quote.converted_line_total.amount == Decimal("720.00")  # 12 × 80 CNY at 6/8 BRL per CNY
    assert view.groups[1].subtotal.amount == Decimal("60.00")
    assert view.total.amount == Decimal("780.00") and view.buyable and not line.problems


def test_the_cart_says_what_changed_since_a_line_was_added(buyer, dress, approved_seller):
    cart = carts.cart_of(user=buyer, create=True)
    variant = variant_of(dress)
    carts.cart_line_set(cart=cart, variant_id=variant.pk, lots=5)
    data = listing_input(dress.category, price=Decimal("110.00"), tiers=[], variants=[
        VariantInput(sku="DRESS-RED-M", options={"colour": "Red"}, stock=30)])  # fmt: skip
    listing_services.listing_update(actor=approved_seller.user, listing_id=dress.pk, data=data)
    stock_set(variant_id=variant.pk, stock=3, actor=approved_seller.user)
    item = cart_view(cart, currency="CNY", language="en", rates=RATES).groups[0].items[0]
    assert any("Only 3 lots left" in p for p in item.problems)
    assert any("price changed" in p and "110" in p for p in item.problems)
    assert not cart_view(cart, currency="CNY", language="en", rates=RATES).buyable
    carts.cart_line_set(cart=cart, variant_id=variant.pk, lots=3)  # the buyer accepts
    assert cart_view(cart, currency="CNY", language="en", rates=RATES).buyable
    listing_services.listing_set_status(actor=approved_seller.user, listing_id=dress.pk, status=ListingStatus.PAUSED)
    view = cart_view(cart, currency="CNY", language="en", rates=RATES)
    assert not view.groups and view.gone[0].problems == ["This product is no longer sold."] and not view.buyable


@pytest.mark.parametrize(("lots", "message"), [(0, "at least one lot"), (31, "Only 30 lots left"),
                                               (10_001, "At most 10000 lots")])  # fmt: skip
def test_a_quantity_the_cart_cannot_hold_is_refused_and_nothing_changes(buyer, dress, lots, message, settings):
    cart = carts.cart_of(user=buyer, create=True)
    with pytest.raises(Exception, match=message):
        carts.cart_line_set(cart=cart, variant_id=variant_of(dress).pk, lots=lots)
    assert not CartLine.objects.exists()


def test_a_draft_or_unknown_variant_cannot_go_in(buyer, make_listing):
    draft = make_listing(publish=False)
    cart = carts.cart_of(user=buyer, create=True)
    for variant_id in (draft.variants.first().pk, 999_999):
        with pytest.raises(Exception, match="not available"):
            carts.cart_line_set(cart=cart, variant_id=variant_id, lots=1)


def test_a_visitors_cart_joins_the_buyers_at_log_in(client, buyer, dress, make_listing):
    variant = variant_of(dress)
    owned = carts.cart_of(user=buyer, create=True)
    carts.cart_line_set(cart=owned, variant_id=variant.pk, lots=2)
    client.post("/cart/add/", {"variant": variant.pk, "lots": 4})  # as a visitor
    visitor = Cart.objects.get(user__isnull=True)
    assert visitor.lines.get().lots == 4
    assert client.post("/accounts/login/", {"username": buyer.email, "password": PASSWORD}).status_code == 302
    assert not Cart.objects.filter(pk=visitor.pk).exists()
    assert owned.lines.get().lots == 4  # the larger of the two
    page = client.get("/cart/")
    assert "DRESS-RED-M" in page.content.decode() and page.context["cart"].count == 4


def test_the_api_puts_changes_and_removes_lines_and_shows_nobody_elses(buyer, dress):
    from rest_framework.authtoken.models import Token

    client = APIClient()  # with a token, as an app signs in: the buyer's saved currency applies
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=buyer).key}")
    variant = variant_of(dress)
    added = client.post("/api/v1/cart/lines/", {"variant": variant.pk, "lots": 2}, format="json")
    assert added.status_code == 201, added.json()
    body = added.json()
    line = body["groups"][0]["items"][0]
    assert (line["lots"], line["unit_price"]["currency"], body["buyable"]) == (2, "BRL", True)
    refused = client.patch(f"/api/v1/cart/lines/{line['id']}/", {"lots": 99}, format="json")
    assert refused.status_code == 400 and "lots" in refused.json()["error"]["fields"]
    assert client.post("/api/v1/cart/lines/", {"variant": variant.pk, "lots": 2.5}, format="json").status_code == 400
    stranger = APIClient()
    stranger.force_authenticate(UserFactory())
    assert stranger.patch(f"/api/v1/cart/lines/{line['id']}/", {"lots": 1}, format="json").status_code == 404
    assert stranger.delete(f"/api/v1/cart/lines/{line['id']}/").status_code == 404
    assert stranger.get("/api/v1/cart/").json()["groups"] == []
    assert client.delete(f"/api/v1/cart/lines/{line['id']}/").json()["groups"] == []
    assert APIClient().get("/api/v1/cart/").status_code in (401, 403)


def test_the_cart_page_uses_a_bounded_number_of_queries(client, buyer, make_listing, django_assert_max_num_queries):
    cart = carts.cart_of(user=buyer, create=True)
    for n in range(8):
        listing = make_listing(title=f"Wool beanie number {n}", variants=[VariantInput(sku=f"BEANIE-{n}", stock=9)])
        carts.cart_line_set(cart=cart, variant_id=listing.variants.get().pk, lots=1)
    client.force_login(buyer)
    with django_assert_max_num_queries(16):
        page = client.get("/cart/")
    assert page.content.decode().count('data-testid="cart-line"') == 8


def test_the_header_counts_the_cart_in_one_query(client, buyer, dress, django_assert_num_queries):
    from orders.selectors import cart_lines_count

    carts.cart_line_set(cart=carts.cart_of(user=buyer, create=True), variant_id=variant_of(dress).pk, lots=2)
    with django_assert_num_queries(1):
        assert cart_lines_count(user=buyer) == 1
    with django_assert_num_queries(0):
        assert cart_lines_count(session={}) == 0  # a visitor without a cart
    client.post("/cart/add/", {"variant": variant_of(dress).pk, "lots": 1})
    assert 'data-testid="header-cart-count">1<' in client.get("/cart/").content.decode()
