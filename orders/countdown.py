"""What happens next to an order, said to the buyer or the seller: the rule
that will fire and when, in the reader's language and time zone (issue 13:
"Every countdown shows the rule that will fire and when")."""

from datetime import datetime

from babel.dates import format_date
from django.conf import settings
from django.utils import timezone, translation

from marketplace.money import babel_locale

from .completion import completion_clock, delivered_at
from .display import country_timezone, deadline_text
from .models import CancelRequest, Order, OrderStatus, Shipment

S = OrderStatus


def _day(when: datetime, *, tz, language: str) -> str:
    """A date in the reader's zone, written their way ('12 March 2026', '12 de março de 2026')."""
    return format_date(when.astimezone(tz).date(), format="long", locale=babel_locale(language))


def protection_days(order: Order) -> int | str:
    """Days of buyer protection after shipping, as fulfilment set them (from the
    handed-over date in the seller's zone to the deadline), without the extension."""
    if order.protection_until is None:
        return "—"
    try:
        shipped_on = order.shipment.shipped_on
    except Shipment.DoesNotExist:
        shipped_on = order.shipped_at.date() if order.shipped_at else None
    if shipped_on is None:
        return "—"
    until = order.protection_until.astimezone(country_timezone(str(order.seller.country))).date()
    return (until - shipped_on).days - order.protection_extension_days


def order_countdown(order: Order, *, seller_view: bool, tz, language: str, now: datetime | None = None) -> str:
    """The sentence under an order's title: for the buyer ("If you do nothing,
    this order completes on 12 March because it was delivered on 7 March") or
    the seller ("If the buyer does nothing, …"). Dates in `tz`, words in `language`."""
    now = now or timezone.now()

    def when(value):
        return deadline_text(value, tz=tz, language=language, now=now) if value else "—"

    def day(value):
        return _day(value, tz=tz, language=language)

    with translation.override(language):
        _ = translation.gettext
        if order.status == S.AWAITING_PAYMENT:
            if seller_view:
                return _("Awaiting payment until %(deadline)s; if the buyer does not pay, it is cancelled.") % {
                    "deadline": when(order.pay_by)
                }
            return _("Pay by %(deadline)s or this order is cancelled and the stock released.") % {
                "deadline": when(order.pay_by)
            }
        if order.status == S.PAID and order.cancel_request == CancelRequest.OPEN:
            if seller_view:
                return _(
                    "Cancellation requested: you have until %(deadline)s to answer; if you don't, it is cancelled "
                    "and refunded."
                ) % {"deadline": when(order.cancel_answer_by)}
            return _(
                "Cancellation requested: the seller has until %(deadline)s to answer; if they don't, it is cancelled "
                "and refunded."
            ) % {"deadline": when(order.cancel_answer_by)}
        if order.status == S.PAID:
            if seller_view:
                return _("Paid: ship by %(deadline)s, or the order is cancelled and refunded.") % {
                    "deadline": when(order.ship_by)
                }
            return _("Paid: the seller must ship by %(deadline)s, or the order is cancelled and refunded.") % {
                "deadline": when(order.ship_by)
            }
        if order.status in (S.SHIPPED, S.DELIVERED) and order.in_dispute:
            return _("A dispute is open: this order does not complete by itself until the dispute is settled.")
        if order.status in (S.SHIPPED, S.DELIVERED):
            clock = completion_clock(order)
            if clock is None:
                return _("The order is on its way.")
            values = {"date": day(clock.at)}
            if clock.rule == "delivered":
                values["delivered"] = day(delivered_at(order))
                text = (
                    _("If the buyer does nothing, this order completes on %(date)s because it was delivered on "
                      "%(delivered)s.")
                    if seller_view
                    else _("If you do nothing, this order completes on %(date)s because it was delivered on "
                           "%(delivered)s.")
                )  # fmt: skip
            else:
                values["days"] = protection_days(order)
                text = (
                    _("If the buyer does nothing, this order completes on %(date)s when buyer protection ends "
                      "(%(days)s days after shipping).")
                    if seller_view
                    else _("If you do nothing, this order completes on %(date)s when buyer protection ends "
                           "(%(days)s days after shipping).")
                )  # fmt: skip
            text = text % values
            if order.protection_extension_days:
                extended = (
                    _("The buyer extended protection by %(days)s days.")
                    if seller_view
                    else _("You extended protection by %(days)s days.")
                )
                text += " " + extended % {"days": order.protection_extension_days}
            elif not seller_view:
                text += " " + _("You can confirm receipt sooner, or extend protection once by %(days)s days.") % {
                    "days": settings.CARAVAN_PROTECTION_EXTENSION_DAYS
                }
            return text
        if order.status == S.COMPLETED:
            if seller_view:
                return _("Completed on %(date)s: the payment was released to your balance.") % {
                    "date": day(order.completed_at or order.updated_at)
                }
            return _("Completed on %(date)s: the payment was released to the seller.") % {
                "date": day(order.completed_at or order.updated_at)
            }
        if order.cancel_request == CancelRequest.ACCEPTED:
            return _("Cancelled at the buyer's request and refunded in full; the stock was released.")
        return _("Cancelled, and the stock released. Money taken for it, if any, is refunded in full.")
