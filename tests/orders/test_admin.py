"""Orders in the admin: listed and shown read-only, lines and events inline."""

import uuid

import pytest
from django.urls import reverse

from orders.checkout import checkout_place
from orders.models import Order
from tests.factories import UserFactory
from tests.orders.conftest import fill

pytestmark = pytest.mark.django_db


def test_staff_see_orders_read_only_with_lines_and_events(client, buyer, dress, django_assert_max_num_queries):
    fill(buyer, (dress, 2))
    checkout_place(buyer=buyer, token=uuid.uuid4(), address_id=None, shipping={}, currency="BRL", language="pt-br")
    order = Order.objects.get()
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    with django_assert_max_num_queries(15):
        listing = client.get(reverse("admin:orders_order_changelist"))
    assert listing.status_code == 200 and order.number in listing.content.decode()
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert "DRESS-RED-M" in page and "awaiting_payment" in page
    assert 'name="total_0"' not in page  # money is not editable
    assert client.post(reverse("admin:orders_order_change", args=[order.pk]), {"status": "paid"}).status_code == 403
    assert Order.objects.get().status == "awaiting_payment"
    assert client.get(reverse("admin:orders_order_add")).status_code == 403
