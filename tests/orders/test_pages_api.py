"""Checkout and order pages and API: the journey through the forms, who may see
what (404 for others' orders, login first), 4xx naming fields, bounded queries."""

import re
import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from escrow.models import Payment
from orders.checkout import checkout_place
from orders.models import Order, OrderStatus
from tests.orders.conftest import capture, fill, make_buyer

pytestmark = pytest.mark.django_db


def place(buyer):
    return checkout_place(buyer=buyer, token=uuid.uuid4(), address_id=None, shipping={}, currency=buyer.currency,
                          language=buyer.language)  # fmt: skip


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_checkout_page_places_and_redirects_to_the_payment(client, buyer, dress, towel):
    fill(buyer, (dress, 2), (towel, 1))
    client.force_login(buyer)
    page = client.get(reverse("orders:checkout"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="checkout-group"') == 2 and "R$" in html
    token = re.search(r'name="checkout_token" value="([^"]+)"', html).group(1)
    total = re.search(r'name="expected_total" value="([^"]+)"', html).group(1)
    address = buyer.addresses.get().pk
    methods = re.findall(rf'name="ship_{dress.seller_id}" value="([^"]+)"', html)
    data = {"checkout_token": token, "expected_total": total, "address": address, "action": "place"}
    response = client.post(reverse("orders:checkout"), data)
    payment = Payment.objects.get()
    assert response.status_code == 302 and response["Location"] == payment.pay_url
    again = client.post(reverse("orders:checkout"), data)  # a double click
    assert again["Location"] == payment.pay_url and Order.objects.count() == 2
    assert methods and Order.objects.get(seller_id=dress.seller_id).shipping_method_code in methods


def test_checkout_page_shows_what_changed_and_writes_nothing(client, buyer, dress):
    fill(buyer, (dress, 2))
    client.force_login(buyer)
    response = client.post(reverse("orders:checkout"), {"checkout_token": str(uuid.uuid4()), "action": "place",
                                                         "expected_total": "1.00"})  # fmt: skip
    assert response.status_code == 400 and b'data-testid="checkout-error"' in response.content
    assert not Order.objects.exists()


def test_checkout_needs_a_login_and_an_address(client, dress):
    assert client.get(reverse("orders:checkout")).status_code == 302
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("orders:checkout"))
    assert b'data-testid="checkout-no-address"' in page.content


def test_buyer_pages_show_the_deadline_and_only_their_own_orders(client, buyer, dress, towel):
    fill(buyer, (dress, 1), (towel, 1))
    placed = place(buyer)
    order = placed.orders[0]
    client.force_login(buyer)
    detail = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert 'data-testid="order-pay"' in detail and 'data-testid="order-timeline"' in detail
    assert "amanhã" in detail or "tomorrow" in detail or "hoje" in detail or "today" in detail
    pay = client.post(reverse("orders:pay", args=[order.pk]))
    assert pay["Location"] == placed.payment.pay_url
    other = make_buyer()
    client.force_login(other)
    assert client.get(reverse("orders:detail", args=[order.pk])).status_code == 404
    assert client.post(reverse("orders:cancel", args=[order.pk])).status_code == 404
    assert client.post(reverse("orders:pay", args=[order.pk])).status_code == 404
    assert b'data-testid="order-row"' not in client.get(reverse("orders:list")).content
    client.force_login(buyer)
    assert client.post(reverse("orders:cancel", args=[order.pk])).status_code == 302
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    client.logout()
    assert client.get(reverse("orders:list")).status_code == 302


def test_list_pages_have_bounded_queries(client, buyer, dress, towel, django_assert_max_num_queries):
    for _ in range(3):
        fill(buyer, (dress, 1), (towel, 1))
        capture(place(buyer).payment)
    client.force_login(buyer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("orders:list"))
    assert page.content.decode().count('data-testid="order-row"') == 6
    client.force_login(dress.seller.user)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("orders:seller_list"))
    assert page.content.decode().count('data-testid="seller-order-row"') == 3
    for _ in range(3):
        fill(buyer, (dress, 1))
        place(buyer)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("orders:seller_list"))
    html = page.content.decode()
    assert html.count('data-testid="seller-order-row"') == 6
    assert html.index("Paid, to be shipped") < html.index("Awaiting payment")  # orders to ship first


def test_seller_pages_show_their_store_only_in_their_currency(client, buyer, dress, towel):
    fill(buyer, (dress, 1), (towel, 1))
    cn, tr = place(buyer).orders
    client.force_login(dress.seller.user)
    page = client.get(reverse("orders:seller_detail", args=[cn.pk])).content.decode()
    assert "CN¥" in page or "CNY" in page
    assert client.get(reverse("orders:seller_detail", args=[tr.pk])).status_code == 404
    client.force_login(buyer)  # a buyer is no seller
    assert client.get(reverse("orders:seller_list")).status_code == 302


def test_api_checkout_orders_and_cancel(buyer, dress, towel):
    fill(buyer, (dress, 1), (towel, 1))
    token = str(uuid.uuid4())
    body = {"checkout_token": token, "address": buyer.addresses.get().pk}
    response = api(buyer).post("/api/v1/checkout/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert len(data["orders"]) == 2 and data["payment"]["redirect_url"].endswith(Payment.objects.get().pay_url)
    assert data["orders"][0]["total"]["currency"] == "BRL"
    replay = api(buyer).post("/api/v1/checkout/", body, format="json")
    assert replay.status_code == 200 and replay.json()["payment"]["id"] == data["payment"]["id"]
    listed = api(buyer).get("/api/v1/orders/").json()
    assert {o["id"] for o in listed["results"]} == {o["id"] for o in data["orders"]}
    order_id = data["orders"][0]["id"]
    detail = api(buyer).get(f"/api/v1/orders/{order_id}/").json()
    assert detail["lines"][0]["sku"] == "DRESS-RED-M" and detail["events"][0]["to_status"] == "awaiting_payment"
    cancelled = api(buyer).post(f"/api/v1/orders/{order_id}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    other = make_buyer()
    assert api(other).get(f"/api/v1/orders/{order_id}/").status_code == 404
    assert api(other).post(f"/api/v1/orders/{order_id}/cancel/").status_code == 404
    assert api().get("/api/v1/orders/").status_code == 401
    seller = api(dress.seller.user)
    assert seller.get(f"/api/v1/seller/orders/{order_id}/").status_code == 200
    assert seller.get(f"/api/v1/seller/orders/{data['orders'][1]['id']}/").status_code == 404
    assert api(buyer).get("/api/v1/seller/orders/").status_code == 403


def test_api_checkout_errors_name_their_fields(buyer, dress):
    client = api(buyer)
    missing = client.post("/api/v1/checkout/", {}, format="json")
    assert missing.status_code == 400 and {"checkout_token", "address"} <= set(missing.json()["error"]["fields"])
    bad = client.post("/api/v1/checkout/", {"checkout_token": "x", "address": 1, "shipping": {"abc": "x"}},
                      format="json")  # fmt: skip
    assert bad.status_code == 400 and {"checkout_token", "shipping"} <= set(bad.json()["error"]["fields"])
    other_address = make_buyer().addresses.get().pk
    fill(buyer, (dress, 1))
    foreign = client.post("/api/v1/checkout/", {"checkout_token": str(uuid.uuid4()), "address": other_address},
                          format="json")  # fmt: skip
    assert foreign.status_code == 400 and "address" in foreign.json()["error"]["fields"]
    assert not Order.objects.exists()
