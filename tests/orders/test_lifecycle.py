"""After placing: the buyer cancels, the payment window closes, the payment
succeeds or fails, money arrives late. Stock comes back once, money that cannot
be taken is refunded, and every move is an event row."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from escrow.models import Payment, PaymentStatus, Refund
from escrow.signals import payment_failed, payment_succeeded
from listings.models import ListingVariant
from marketplace.errors import ConflictError
from orders import services, tasks
from orders.checkout import checkout_payment, checkout_place
from orders.models import Order, OrderEvent, OrderStatus
from tests.orders.conftest import capture, fill, start

pytestmark = pytest.mark.django_db


def place(buyer):
    return checkout_place(buyer=buyer, token=uuid.uuid4(), address_id=None, shipping={}, currency=buyer.currency,
                          language=buyer.language)  # fmt: skip


def stock(listing) -> int:
    return ListingVariant.objects.get(listing=listing).stock


def test_cancel_before_paying_returns_the_stock_once_and_voids_the_payment(buyer, dress):
    fill(buyer, (dress, 4))
    placed = place(buyer)
    order = placed.orders[0]
    assert stock(dress) == 16
    services.order_cancel(order_id=order.pk, actor=buyer)
    services.order_cancel(order_id=order.pk, actor=buyer)  # a replay: nothing more
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and stock(dress) == 20
    assert OrderEvent.objects.filter(order=order, to_status="cancelled").count() == 1
    assert Payment.objects.get(pk=placed.payment.pk).status == PaymentStatus.VOIDED
    assert checkout_payment(checkout_id=placed.checkout.pk) is None  # nothing left to pay


def test_a_paid_order_cannot_be_cancelled_here(buyer, dress):
    fill(buyer, (dress, 1))
    placed = place(buyer)
    capture(placed.payment)
    with pytest.raises(ConflictError):
        services.order_cancel(order_id=placed.orders[0].pk, actor=buyer)
    assert Order.objects.get().status == OrderStatus.PAID and stock(dress) == 19


def test_payment_succeeded_pays_every_order_once_with_emails(buyer, dress, towel, django_capture_on_commit_callbacks):
    fill(buyer, (dress, 1), (towel, 1))
    placed = place(buyer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        capture(placed.payment)
    assert len(callbacks) == 2  # one paid email job per order
    payment_succeeded.send(sender=Payment, payment=placed.payment)  # a replayed signal does nothing twice
    for order in Order.objects.all():
        assert order.status == OrderStatus.PAID and order.paid_payment_id == placed.payment.pk
        assert order.ship_by == order.paid_at + timedelta(days=order.processing_days)
        assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1
    assert not Refund.objects.exists()
    mail.outbox.clear()
    assert tasks.order_paid_email_task(order_id=placed.orders[0].pk) == 2
    buyer_mail, seller_mail = mail.outbox
    assert buyer_mail.to == [buyer.email] and placed.orders[0].number in buyer_mail.subject
    assert seller_mail.to == [placed.orders[0].seller.user.email] and placed.orders[0].number in seller_mail.subject


def test_a_declined_card_leaves_the_orders_payable_and_a_retry_pays(buyer, dress):
    fill(buyer, (dress, 2))
    placed = place(buyer)
    payment_failed.send(sender=Payment, payment=placed.payment, reason="card declined: insufficient funds")
    order = Order.objects.get()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    note = OrderEvent.objects.get(order=order, from_status="awaiting_payment", to_status="awaiting_payment")
    assert "insufficient funds" in note.reason
    assert checkout_payment(checkout_id=placed.checkout.pk).pk == placed.payment.pk  # the same payment again
    capture(placed.payment)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and stock(dress) == 18


def test_the_window_closes_once_however_often_the_job_runs(buyer, dress, towel):
    fill(buyer, (dress, 3), (towel, 2))
    placed = place(buyer)
    assert services.orders_expire() == 0  # not due yet
    later = timezone.now() + timedelta(hours=24, seconds=1)
    assert services.orders_expire(now=later) == 2
    assert services.orders_expire(now=later) == 0
    assert tasks.orders_expire_task() == 0
    assert stock(dress) == 20 and stock(towel) == 8
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.CANCELLED}
    assert OrderEvent.objects.filter(to_status="cancelled").count() == 2
    assert Payment.objects.get(pk=placed.payment.pk).status == PaymentStatus.VOIDED


def test_money_arriving_after_the_window_closed_is_refunded(buyer, dress):
    fill(buyer, (dress, 2))
    placed = place(buyer)
    start(placed.payment)  # the buyer chose an instant payment; the bank confirms late
    services.orders_expire(now=timezone.now() + timedelta(hours=25))
    assert Payment.objects.get(pk=placed.payment.pk).status == PaymentStatus.VOIDED
    capture(placed.payment, method="pix")
    order = Order.objects.get()
    assert order.status == OrderStatus.CANCELLED and stock(dress) == 20
    refund = Refund.objects.get()
    assert refund.order_id == order.pk and refund.amount == order.total
    payment_succeeded.send(sender=Payment, payment=Payment.objects.get())  # replayed: still one refund
    assert Refund.objects.count() == 1
    assert OrderEvent.objects.filter(order=order, reason__contains="refunded").count() == 1


def test_pay_now_after_cancelling_one_order_makes_a_payment_for_the_rest(buyer, dress, towel):
    fill(buyer, (dress, 1), (towel, 1))
    placed = place(buyer)
    cn, tr = placed.orders
    services.order_cancel(order_id=cn.pk, actor=buyer)
    assert Payment.objects.get(pk=placed.payment.pk).status == PaymentStatus.VOIDED
    payment = checkout_payment(checkout_id=placed.checkout.pk)
    assert payment.pk != placed.payment.pk and payment.allocations() == {tr.pk: tr.total}
    assert checkout_payment(checkout_id=placed.checkout.pk).pk == payment.pk
    capture(payment)
    assert Order.objects.get(pk=tr.pk).status == OrderStatus.PAID
    assert Order.objects.get(pk=cn.pk).status == OrderStatus.CANCELLED and not Refund.objects.exists()


def test_the_placement_email_is_in_the_buyers_language_with_the_deadline(buyer, dress, towel):
    fill(buyer, (dress, 1), (towel, 1))
    placed = place(buyer)
    mail.outbox.clear()
    assert tasks.orders_placed_email_task(checkout_id=placed.checkout.pk) == 1
    [email] = mail.outbox
    assert email.to == [buyer.email]
    assert all(o.number in email.body for o in placed.orders) and "R$" in email.body
    assert "amanhã" in email.subject or "tomorrow" in email.subject  # pay by 24 h from now, in São Paulo's clock


def test_deadlines_read_in_the_readers_clock_and_language():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from orders.display import country_timezone, deadline_text

    now = datetime(2026, 12, 2, 12, 0, tzinfo=ZoneInfo("UTC"))
    due = now + timedelta(hours=24, minutes=5)
    assert country_timezone("BR") == ZoneInfo("America/Sao_Paulo") and country_timezone("TR").key == "Europe/Istanbul"
    assert deadline_text(due, tz=ZoneInfo("America/Sao_Paulo"), language="en", now=now) == "09:05 tomorrow"
    assert deadline_text(due, tz=ZoneInfo("Asia/Shanghai"), language="en", now=now) == "20:05 tomorrow"
    assert deadline_text(now + timedelta(days=3), tz=ZoneInfo("UTC"), language="en", now=now).startswith("Dec 5, 2026")
