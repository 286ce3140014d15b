"""What happens next, in words (dates in the reader's zone and language), and
the completion and cancellation-request pages and API: who may do what, 4xx
naming the field, bounded queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from escrow.models import Refund
from orders.countdown import order_countdown
from orders.display import country_timezone
from orders.models import CancelRequest, Order, OrderStatus, Shipment
from tests.orders.completion_helpers import deliver, paid_order, ship
from tests.orders.conftest import make_buyer

pytestmark = pytest.mark.django_db

BR, CN = country_timezone("BR"), country_timezone("CN")


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def text(order, *, seller=False, tz=BR, language="en", now=None):
    return order_countdown(order, seller_view=seller, tz=tz, language=language, now=now or at(2026, 3, 8))


def test_the_delivered_rule_with_its_dates_in_each_readers_zone_and_language(buyer, dress):
    order = paid_order(buyer, (dress, 1))
    order.status, order.shipped_at, order.protection_until = OrderStatus.DELIVERED, at(2026, 3, 1), at(2026, 4, 30)
    # 6 March, 23:00 in São Paulo; 7 March, 10:00 in Shanghai
    order.shipment = Shipment(shipped_on=date(2026, 3, 1), delivered_at=at(2026, 3, 7, 2))
    assert text(order).startswith(
        "If you do nothing, this order completes on March 11, 2026 because it was delivered on March 6, 2026."
    )
    assert "11 de março de 2026" in text(order, language="pt-br")
    assert "6 de março de 2026" in text(order, language="pt-br")
    assert "12 марта 2026" in text(order, language="ru", tz=CN)
    assert text(order, seller=True, tz=CN) == (
        "If the buyer does nothing, this order completes on March 12, 2026 because it was delivered on March 7, 2026."
    )
    order.in_dispute = True
    assert "dispute" in text(order) and "completes on" not in text(order)


def test_the_protection_rule_and_the_extension(buyer, dress):
    order = paid_order(buyer, (dress, 1))
    order.status, order.shipped_at = OrderStatus.SHIPPED, at(2026, 3, 3, 12)
    order.shipment = Shipment(shipped_on=date(2026, 3, 3))
    order.protection_until = at(2026, 5, 2, 15, 59, 59)  # 23:59:59 in Shanghai, 60 days after the hand-over
    assert text(order).startswith(
        "If you do nothing, this order completes on May 2, 2026 when buyer protection ends (60 days after shipping)."
    )
    assert "2 de maio de 2026" in text(order, language="pt-br")
    order.protection_until += timedelta(days=15)
    order.protection_extension_days = 15
    assert text(order, seller=True, tz=CN) == (
        "If the buyer does nothing, this order completes on May 17, 2026 when buyer protection ends "
        "(60 days after shipping). The buyer extended protection by 15 days."
    )


def test_the_ship_by_and_cancellation_request_rules(buyer, dress):
    order = paid_order(buyer, (dress, 1))
    order.ship_by = at(2026, 3, 12, 2)
    assert text(order) == (
        "Paid: the seller must ship by Mar 11, 2026, 11:00:00\u202fPM, or the order is cancelled and refunded."
    )
    assert text(order, seller=True, tz=CN).startswith("Paid: ship by Mar 12, 2026, 10:00:00")
    order.cancel_request, order.cancel_answer_by = CancelRequest.OPEN, at(2026, 3, 9, 1)
    assert text(order) == (
        "Cancellation requested: the seller has until 22:00 tomorrow to answer; if they don't, it is cancelled and "
        "refunded."
    )
    assert text(order, seller=True, tz=CN).startswith("Cancellation requested: you have until 09:00 tomorrow")


def test_the_buyer_page_confirms_extends_and_links_to_the_conversation(client, buyer, dress,
                                                                       django_assert_max_num_queries):  # fmt: skip
    order = deliver(ship(paid_order(buyer, (dress, 1)), days_ago=3), days_ago=1)
    buyer.language = "en"  # the texts below in English (their pt-br dates are tested above)
    buyer.save(update_fields=["language"])
    client.force_login(buyer)
    url = reverse("orders:detail", args=[order.pk])
    with django_assert_max_num_queries(20):
        html = client.get(url).content.decode()
    assert "If you do nothing, this order completes on" in html and 'data-testid="order-confirm"' in html
    assert f'href="{reverse("messaging:order_conversation", kwargs={"order_id": order.pk})}"' in html  # this order's
    other = make_buyer()
    client.force_login(other)
    assert client.post(reverse("orders:confirm", args=[order.pk])).status_code == 404
    assert client.post(reverse("orders:extend_protection", args=[order.pk])).status_code == 404
    client.force_login(buyer)
    assert client.post(reverse("orders:extend_protection", args=[order.pk])).status_code == 302
    assert Order.objects.get(pk=order.pk).protection_extension_days == 15
    assert client.post(reverse("orders:confirm", args=[order.pk])).status_code == 302
    assert Order.objects.get(pk=order.pk).status == OrderStatus.COMPLETED
    assert "Completed on" in client.get(url).content.decode()


def test_the_cancellation_request_through_both_pages(client, buyer, dress):
    order = paid_order(buyer, (dress, 2))
    buyer.language = "en"
    buyer.save(update_fields=["language"])
    client.force_login(buyer)
    assert client.post(reverse("orders:cancel_request", args=[order.pk]), {"reason": "wrong size"}).status_code == 302
    assert "Cancellation requested: the seller has until" in client.get(
        reverse("orders:detail", args=[order.pk])).content.decode()  # fmt: skip
    assert client.post(reverse("orders:seller_cancel_answer", args=[order.pk]), {"answer": "accept"}).status_code in (
        302, 403)  # fmt: skip
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID  # the buyer cannot answer for the seller
    client.force_login(order.seller.user)
    page = client.get(reverse("orders:seller_detail", args=[order.pk])).content.decode()
    assert 'data-testid="seller-cancel-request"' in page and "wrong size" in page
    assert "you have until" in page
    client.post(reverse("orders:seller_cancel_answer", args=[order.pk]), {"answer": "decline"})
    assert Order.objects.get(pk=order.pk).cancel_request == CancelRequest.OPEN  # declining needs a reason
    client.post(reverse("orders:seller_cancel_answer", args=[order.pk]), {"answer": "accept"})
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and Refund.objects.filter(order_id=order.pk).count() == 1


def test_api_confirm_is_the_buyers_alone(buyer, dress):
    order = ship(paid_order(buyer, (dress, 1)))
    url = f"/api/v1/orders/{order.pk}/confirm/"
    assert api().post(url).status_code in (401, 403)
    assert api(make_buyer()).post(url).status_code == 404
    assert api(order.seller.user).post(url).status_code == 404  # a seller cannot confirm
    response = api(buyer).post(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "completed" and body["completed_at"] and body["next_step"].startswith("Completed on")
    assert api(buyer).post(url).status_code == 200  # a replay
    paid = paid_order(buyer, (dress, 1))
    conflict = api(buyer).post(f"/api/v1/orders/{paid.pk}/confirm/")
    assert conflict.status_code == 409 and "status" in conflict.json()["error"]["fields"]


def test_api_cancellation_request_and_answer_name_their_fields(buyer, dress):
    order = paid_order(buyer, (dress, 1))
    url = f"/api/v1/orders/{order.pk}/cancel-request/"
    too_long = api(buyer).post(url, {"reason": "x" * 301}, format="json")
    assert too_long.status_code == 400 and "reason" in str(too_long.json())
    assert api(make_buyer()).post(url, {}, format="json").status_code == 404
    body = api(buyer).post(url, {"reason": "wrong size"}, format="json").json()
    assert body["cancel_request"] == "open" and body["next_step"].startswith("Cancellation requested")
    answer = f"/api/v1/seller/orders/{order.pk}/cancel-request/"
    seller = api(order.seller.user)
    assert api(buyer).post(answer, {"accept": True}, format="json").status_code == 403  # not a seller
    missing = seller.post(answer, {}, format="json")
    assert missing.status_code == 400 and "accept" in str(missing.json())
    no_reason = seller.post(answer, {"accept": False}, format="json")
    assert no_reason.status_code == 400 and "reason" in str(no_reason.json())
    declined = seller.post(answer, {"accept": False, "reason": "Already packed"}, format="json")
    assert declined.status_code == 200 and declined.json()["status"] == "paid"
    assert declined.json()["cancel_request"] == "declined"
    assert declined.json()["next_step"].startswith("Paid: ship by")
    assert seller.post(answer, {"accept": True}, format="json").status_code == 409
    extend = api(buyer).post(f"/api/v1/orders/{order.pk}/extend-protection/")
    assert extend.status_code == 409


def test_api_another_stores_seller_gets_404(buyer, dress, tr_store):
    order = paid_order(buyer, (dress, 1))
    api(buyer).post(f"/api/v1/orders/{order.pk}/cancel-request/", {}, format="json")
    response = api(tr_store.user).post(f"/api/v1/seller/orders/{order.pk}/cancel-request/", {"accept": True},
                                       format="json")  # fmt: skip
    assert response.status_code == 404
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
