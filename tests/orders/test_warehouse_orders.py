"""Orders that ship from an overseas warehouse: the cart keeps one line per
variant and origin and checks that origin's stock; checkout makes one order per
seller and origin, quoted from there, reserving the warehouse's stock (never
overselling it, whatever the concurrency); cancelling returns the lots there;
fulfilment checks tracking numbers and posts the customs form from the
warehouse's country; the pages and the API say where a parcel ships from."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from buyers.services import AddressInput, address_create
from listings.models import ListingVariant, StockMovement, StockReason, WarehouseStock
from listings.services import VariantInput
from listings.shipping import lines_shipping_quote
from listings.stock import stock_set
from logistics.services import warehouse_save
from logistics.tracking import s10_number
from marketplace.errors import DomainError
from orders import cart as carts
from orders.checkout import checkout_place, checkout_plan
from orders.fulfilment import ShipInput, customs_declaration, order_ship
from orders.models import CartLine, Order, OrderStatus
from orders.selectors import cart_view
from orders.services import order_cancel, orders_expire
from tests.factories import UserFactory
from tests.orders.conftest import capture
from tests.orders.test_concurrency import run_together

pytestmark = pytest.mark.django_db

PARIS = AddressInput(full_name="Claire Martin", country="FR", city="Paris", street_address="12 rue de Rivoli",
                     postal_code="75001", phone="+33 1 42 00 00 00")  # fmt: skip


def make_paris_buyer():
    buyer = UserFactory(currency="EUR", language="en", country="FR")
    address_create(actor=buyer, data=PARIS, default=True)
    return buyer


@pytest.fixture
def paris_buyer(db):
    return make_paris_buyer()


@pytest.fixture
def valencia(approved_seller):  # a Chinese store's warehouse in Spain
    return warehouse_save(seller=approved_seller, actor=approved_seller.user, country="ES", name="Valencia",
                          handling_days=1)  # fmt: skip


@pytest.fixture
def lamp(make_listing, valencia):
    """A Chinese store's lamp: 20 lots at home, 3 in the Valencia warehouse."""
    listing = make_listing(title="Rattan table lamp", variants=[VariantInput(sku="LAMP", options={}, stock=20)])
    variant = listing.variants.get()
    stock_set(variant_id=variant.pk, stock=3, actor=None, warehouse_id=valencia.pk)
    return listing


def put(buyer, listing, lots, ships_from=""):
    cart = carts.cart_of(user=buyer, create=True)
    return carts.cart_line_set(cart=cart, variant_id=listing.variants.get().pk, lots=lots, add=True,
                               ships_from=ships_from)  # fmt: skip


def place(buyer, shipping=None):
    return checkout_place(buyer=buyer, token=uuid.uuid4(), address_id=None, shipping=shipping or {},
                          currency="EUR", language="en")  # fmt: skip


def warehouse_stock(listing, warehouse) -> int:
    return WarehouseStock.objects.get(variant__listing=listing, warehouse=warehouse).stock


def home_stock(listing) -> int:
    return ListingVariant.objects.get(listing=listing).stock


# --- the cart ---------------------------------------------------------------------------------


def test_the_same_variant_from_two_origins_is_two_lines_each_checked_against_its_own_stock(paris_buyer, lamp):
    put(paris_buyer, lamp, 2)
    put(paris_buyer, lamp, 2, "es")
    put(paris_buyer, lamp, 1, "CN")  # the home country named: the home line
    lines = {line.ships_from: line.lots for line in CartLine.objects.filter(cart__user=paris_buyer)}
    assert lines == {"": 3, "ES": 2}
    with pytest.raises(DomainError) as short:
        put(paris_buyer, lamp, 2, "ES")  # 4 > the warehouse's 3, though home has 20
    assert short.value.field == "lots" and "Only 3 lots left" in short.value.message
    with pytest.raises(DomainError) as nowhere:
        put(paris_buyer, lamp, 1, "IT")
    assert nowhere.value.field == "ships_from"
    assert {line.ships_from: line.lots for line in CartLine.objects.filter(cart__user=paris_buyer)} == lines


def test_the_cart_groups_by_origin_and_checks_each_lines_origin_stock(paris_buyer, lamp, valencia):
    put(paris_buyer, lamp, 2)
    put(paris_buyer, lamp, 3, "ES")
    stock_set(variant_id=lamp.variants.get().pk, stock=1, actor=None, warehouse_id=valencia.pk)
    view = cart_view(carts.cart_of(user=paris_buyer), currency="EUR", language="en")
    by_origin = {g.origin: g for g in view.groups}
    assert set(by_origin) == {"CN", "ES"} and by_origin["ES"].key == f"{lamp.seller_id}-ES"
    assert by_origin["CN"].items[0].problems == []  # home has 20
    assert by_origin["ES"].items[0].problems == ["Only 1 lots left: lower the quantity."]
    assert by_origin["ES"].items[0].origin_name == "Spain"
    valencia.active = False
    valencia.save()
    view = cart_view(carts.cart_of(user=paris_buyer), currency="EUR", language="en")
    spain = next(g for g in view.groups if g.origin == "ES")
    assert "no longer ships from Spain" in spain.items[0].problems[0] and not view.buyable


def test_the_cart_page_says_where_each_line_ships_from_in_bounded_queries(
    client, paris_buyer, lamp, make_listing, valencia, django_assert_max_num_queries
):
    for n in range(4):
        other = make_listing(title=f"Lamp {n}", variants=[VariantInput(sku=f"L{n}", options={}, stock=5)])
        stock_set(variant_id=other.variants.get().pk, stock=5, actor=None, warehouse_id=valencia.pk)
        put(paris_buyer, other, 1, "ES")
        put(paris_buyer, other, 1)
    put(paris_buyer, lamp, 1, "ES")
    client.force_login(paris_buyer)
    client.get(reverse("orders:cart"))  # warm the caches
    with django_assert_max_num_queries(18):
        page = client.get(reverse("orders:cart"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('data-testid="cart-ships-from"') == 9
    assert page.count("Ships from Spain") == 5 and page.count("Ships from China") == 4


def test_the_checkout_page_has_a_group_per_origin_in_bounded_queries(
    client, paris_buyer, lamp, make_listing, make_seller, django_assert_max_num_queries
):
    put(paris_buyer, lamp, 1, "ES")
    put(paris_buyer, lamp, 1)
    for n in range(3):  # more stores, each with a warehouse and lines from both origins
        store = make_seller(status="approved", country="CN")
        warehouse = warehouse_save(seller=store, actor=store.user, country="ES", name=f"W{n}")
        other = make_listing(seller=store, title=f"Lamp {n}", variants=[VariantInput(sku=f"L{n}", options={}, stock=5)])
        stock_set(variant_id=other.variants.get().pk, stock=5, actor=None, warehouse_id=warehouse.pk)
        put(paris_buyer, other, 1, "ES")
        put(paris_buyer, other, 1)
    client.force_login(paris_buyer)
    client.get(reverse("orders:checkout"))  # warm the caches
    with django_assert_max_num_queries(22):
        page = client.get(reverse("orders:checkout"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('data-testid="checkout-group"') == 8
    assert page.count("Ships from Spain") == 4 and page.count("Ships from China") == 4
    assert f'name="ship_{lamp.seller_id}-ES"' in page and f'name="ship_{lamp.seller_id}"' in page


def test_the_cart_api_names_origins_and_takes_ships_from(api_client, paris_buyer, lamp):
    api_client.force_authenticate(paris_buyer)
    variant = lamp.variants.get()
    body = api_client.post(reverse("api-cart-lines"), {"variant": variant.pk, "lots": 2, "ships_from": "ES"},
                           format="json").json()  # fmt: skip
    assert [(g["key"], g["ships_from"]) for g in body["groups"]] == [(f"{lamp.seller_id}-ES", "ES")]
    assert body["groups"][0]["items"][0]["ships_from"] == "ES"
    bad = api_client.post(reverse("api-cart-lines"), {"variant": variant.pk, "lots": 1, "ships_from": "TR"},
                          format="json")  # fmt: skip
    assert bad.status_code == 400 and "ships_from" in bad.json()["error"]["fields"]
    line = CartLine.objects.get(cart__user=paris_buyer)
    too_many = api_client.patch(reverse("api-cart-line", args=[line.pk]), {"lots": 4}, format="json")
    assert too_many.status_code == 400 and "lots" in too_many.json()["error"]["fields"]


# --- checkout ---------------------------------------------------------------------------------


def test_checkout_makes_one_order_per_origin_quoted_and_reserved_from_there(paris_buyer, lamp, valencia):
    put(paris_buyer, lamp, 2)
    put(paris_buyer, lamp, 2, "ES")
    variant = ListingVariant.objects.select_related("listing__seller").get(listing=lamp)
    from_spain = lines_shipping_quote([(variant, 2)], country="FR", currency="EUR", ships_from="ES")
    from_home = lines_shipping_quote([(variant, 2)], country="FR", currency="EUR")
    placed = place(paris_buyer)
    orders = {o.ships_from: o for o in placed.orders}
    assert set(orders) == {"CN", "ES"} and len(placed.orders) == 2
    spain, home = orders["ES"], orders["CN"]
    assert (spain.warehouse_id, home.warehouse_id) == (valencia.pk, None)
    assert spain.shipping_method_code == from_spain.chosen.method.code
    assert spain.shipping == from_spain.chosen.display_cost and spain.taxes == from_spain.landed.collected_at_checkout
    assert spain.delivery_to == from_spain.chosen.delivery_to and spain.delivery_to < home.delivery_to
    assert home.shipping_method_code == from_home.chosen.method.code
    assert (home_stock(lamp), warehouse_stock(lamp, valencia)) == (18, 1)
    moved = StockMovement.objects.filter(variant=variant, reason=StockReason.RESERVATION)
    assert sorted((m.warehouse_id or 0, m.before, m.after) for m in moved) == [(0, 20, 18), (valencia.pk, 3, 1)]
    assert not CartLine.objects.filter(cart__user=paris_buyer).exists()


def test_a_shipping_choice_is_per_origin(paris_buyer, lamp):
    put(paris_buyer, lamp, 1, "ES")
    key = f"{lamp.seller_id}-ES"
    plan = checkout_plan(buyer=paris_buyer, address=paris_buyer.addresses.get(), shipping={}, currency="EUR",
                         language="en")  # fmt: skip
    quoted = plan.groups[0].shipping.quote.offers
    offers = [o.method.code for o in quoted]
    assert plan.groups[0].key == key and all("ES" in o.method.origins for o in quoted) and len(offers) > 1
    assert not any(code.startswith("cn-") for code in offers)
    other = offers[-1]
    order = place(paris_buyer, shipping={key: other}).orders[0]
    assert order.shipping_method_code == other


def test_a_warehouse_without_the_lots_stops_the_checkout_and_nothing_is_written(paris_buyer, lamp, valencia):
    put(paris_buyer, lamp, 1)
    put(paris_buyer, lamp, 3, "ES")
    stock_set(variant_id=lamp.variants.get().pk, stock=2, actor=None, warehouse_id=valencia.pk)
    with pytest.raises(DomainError):
        place(paris_buyer)
    assert not Order.objects.exists() and home_stock(lamp) == 20 and warehouse_stock(lamp, valencia) == 2


def test_cancel_and_expiry_return_the_lots_to_the_warehouse(paris_buyer, lamp, valencia):
    put(paris_buyer, lamp, 2, "ES")
    order = place(paris_buyer).orders[0]
    assert warehouse_stock(lamp, valencia) == 1
    order_cancel(order_id=order.pk, actor=paris_buyer)
    assert (home_stock(lamp), warehouse_stock(lamp, valencia)) == (20, 3)
    put(paris_buyer, lamp, 1, "ES")
    second = place(paris_buyer).orders[0]
    Order.objects.filter(pk=second.pk).update(pay_by=second.pay_by.replace(year=2000))
    assert orders_expire() == 1
    assert (home_stock(lamp), warehouse_stock(lamp, valencia)) == (20, 3)
    released = StockMovement.objects.filter(reason=StockReason.RELEASE).values_list("warehouse_id", flat=True)
    assert list(released) == [valencia.pk, valencia.pk]


@pytest.mark.django_db(transaction=True)
def test_concurrent_checkouts_never_oversell_a_warehouse(make_listing, approved_seller):
    valencia = warehouse_save(seller=approved_seller, actor=approved_seller.user, country="ES", name="Valencia")
    lamp = make_listing(variants=[VariantInput(sku="LAMP", options={}, stock=50)])
    stock_set(variant_id=lamp.variants.get().pk, stock=4, actor=None, warehouse_id=valencia.pk)
    buyers = [make_paris_buyer() for _ in range(12)]
    for n, buyer in enumerate(buyers):
        put(buyer, lamp, 1, "ES")
        if n % 2:
            put(buyer, lamp, 1)  # a home line too: both origins locked in one checkout
    results = run_together([lambda b=b: place(b) for b in buyers])
    placed = [r for r in results if not isinstance(r, Exception)]
    failed = [r for r in results if isinstance(r, Exception)]
    assert len(placed) == 4 and all(isinstance(e, DomainError) for e in failed), failed
    assert Order.objects.filter(ships_from="ES", warehouse_id=valencia.pk).count() == 4
    assert warehouse_stock(lamp, valencia) == 0
    assert home_stock(lamp) == 50 - Order.objects.filter(ships_from="CN").count()


# --- fulfilment -------------------------------------------------------------------------------


def test_a_warehouse_parcel_is_posted_from_the_warehouses_country(client, paris_buyer, lamp):
    put(paris_buyer, lamp, 1, "ES")
    placed = place(paris_buyer)
    capture(placed.payment)
    order = Order.objects.select_related("seller").get(pk=placed.orders[0].pk)
    assert order.status == OrderStatus.PAID and order.shipping_method_code.startswith("es-post")
    declaration = customs_declaration(order, list(order.lines.all()))
    assert declaration.origin == "ES"
    client.force_login(order.seller.user)
    page = client.get(reverse("orders:seller_detail", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="es-post-registered"' in page and 'value="cn-post-registered"' not in page  # the ship form
    slip = client.get(reverse("orders:packing_slip", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ships from Spain (ES)" in slip
    with pytest.raises(DomainError) as wrong:
        order_ship(order_id=order.pk, seller=order.seller, actor=order.seller.user,
                   data=ShipInput(tracking_number=s10_number("RR", 12345678, "CN")))  # fmt: skip
    assert wrong.value.field == "tracking_number" and "ES" in wrong.value.message
    shipment = order_ship(order_id=order.pk, seller=order.seller, actor=order.seller.user,
                          data=ShipInput(tracking_number=s10_number("RR", 12345678, "ES")))  # fmt: skip
    assert shipment.tracking_number.endswith("ES")


# --- pages and API ----------------------------------------------------------------------------


def test_order_pages_and_api_say_where_the_parcel_ships_from(client, api_client, paris_buyer, lamp, valencia):
    put(paris_buyer, lamp, 1, "ES")
    order = place(paris_buyer).orders[0]
    client.force_login(paris_buyer)
    with translation.override("en"):
        page = client.get(reverse("orders:detail", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ships from Spain" in page
    api_client.force_authenticate(paris_buyer)
    assert api_client.get(reverse("api-order", args=[order.pk])).json()["ships_from"] == "ES"
    assert api_client.get(reverse("api-orders")).json()["results"][0]["ships_from"] == "ES"
    seller_user = lamp.seller.user
    client.force_login(seller_user)
    page = client.get(reverse("orders:seller_detail", args=[order.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="order-ships-from">Spain' in page
    api_client.force_authenticate(seller_user)
    assert api_client.get(reverse("api-seller-order", args=[order.pk])).json()["ships_from"] == "ES"
    stranger = make_paris_buyer()
    api_client.force_authenticate(stranger)
    assert api_client.get(reverse("api-order", args=[order.pk])).status_code == 404


def test_checkout_api_takes_a_shipping_choice_per_origin(api_client, paris_buyer, lamp):
    put(paris_buyer, lamp, 1, "ES")
    put(paris_buyer, lamp, 1)
    api_client.force_authenticate(paris_buyer)
    address = paris_buyer.addresses.get().pk
    bad = api_client.post(
        reverse("api-checkout"),
        {"checkout_token": str(uuid.uuid4()), "address": address, "shipping": {"x-ES": "es-post-registered"}},
        format="json",
    )
    assert bad.status_code == 400 and "shipping" in bad.json()["error"]["fields"]
    body = api_client.post(reverse("api-checkout"), {"checkout_token": str(uuid.uuid4()), "address": address,
                                                      "shipping": {f"{lamp.seller_id}-es": "es-post-registered"}},
                           format="json").json()  # fmt: skip
    by_origin = {o["ships_from"]: o for o in body["orders"]}
    assert set(by_origin) == {"CN", "ES"} and by_origin["ES"]["shipping_method"] == "es-post-registered"


def test_the_buy_form_defaults_to_the_origin_that_delivers_first(client, lamp):
    detail = reverse("listings:detail", args=[lamp.pk])
    near = client.get(detail, {"to": "FR"}).content.decode()
    assert 'name="ships_from" value="ES"' in near  # Spain reaches France before China does
    asked = client.get(detail, {"to": "FR", "from": "CN"}).content.decode()
    assert 'name="ships_from" value="CN"' in asked
    stock_set(variant_id=lamp.variants.get().pk, stock=0, actor=None)
    only_spain = client.get(detail, {"to": "FR", "from": "CN"}).content.decode()
    assert 'name="ships_from" value="ES"' in only_spain


def test_adding_from_the_listing_page_keeps_the_chosen_origin(client, paris_buyer, lamp):
    client.force_login(paris_buyer)
    variant = lamp.variants.get()
    client.post(reverse("orders:cart_add"), {"variant": variant.pk, "lots": 2, "ships_from": "ES"})
    client.post(reverse("orders:cart_add"), {"variant": variant.pk, "lots": 1, "ships_from": "CN"})
    assert sorted(CartLine.objects.filter(cart__user=paris_buyer).values_list("ships_from", "lots")) == [
        ("", 1),
        ("ES", 2),
    ]
