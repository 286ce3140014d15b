"""Emails about orders, each in its reader's language: to the buyer when a
checkout is placed (what to pay, by when) and when an order is paid; to the
seller when an order is paid (a new order to ship, with its ship-by date)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from marketplace.money import format_money

from .display import deadline_text, reader_timezone
from .models import Checkout, Order


def _email(user, template: str, context: dict) -> EmailMessage | None:
    if not user.is_active or not user.email:
        return None
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"orders/email/{template}_subject.txt", context).split())
        body = render_to_string(f"orders/email/{template}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def _send(emails) -> int:
    emails = [e for e in emails if e is not None]
    if emails:
        get_connection().send_messages(emails)
    return len(emails)


def orders_placed_email(*, checkout_id: int) -> int:
    checkout = Checkout.objects.select_related("buyer").filter(pk=checkout_id).first()
    if checkout is None:
        return 0
    buyer, site = checkout.buyer, settings.CARAVAN_SITE_URL.rstrip("/")
    orders = list(checkout.orders.select_related("seller").order_by("pk"))
    if not orders:
        return 0
    language = buyer.language or settings.LANGUAGE_CODE
    tz = reader_timezone(buyer, checkout.country)
    context = {
        "buyer": buyer,
        "orders": [
            {"number": o.number, "store": o.seller.store_name, "total": format_money(o.total, language),
             "url": site + reverse("orders:detail", args=[o.pk])}
            for o in orders
        ],
        "pay_by": deadline_text(orders[0].pay_by, tz=tz, language=language),
        "site_url": site,
    }  # fmt: skip
    return _send([_email(buyer, "placed", context)])


def order_paid_email(*, order_id: int) -> int:
    order = Order.objects.select_related("buyer", "seller__user").filter(pk=order_id).first()
    if order is None:
        return 0
    site = settings.CARAVAN_SITE_URL.rstrip("/")
    buyer, seller_user = order.buyer, order.seller.user
    buyer_language = buyer.language or settings.LANGUAGE_CODE
    seller_language = seller_user.language or order.seller.store_language or settings.LANGUAGE_CODE
    buyer_context = {"order": order, "total": format_money(order.total, buyer_language),
                     "url": site + reverse("orders:detail", args=[order.pk])}  # fmt: skip
    seller_context = {
        "order": order,
        "total": format_money(order.settlement_total, seller_language),
        "url": site + reverse("orders:seller_detail", args=[order.pk]),
        "ship_by": deadline_text(order.ship_by, tz=reader_timezone(seller_user, str(order.seller.country)),
                                 language=seller_language) if order.ship_by else "",
    }  # fmt: skip
    return _send([_email(buyer, "paid", buyer_context), _email(seller_user, "seller_paid", seller_context)])
