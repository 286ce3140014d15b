"""Order jobs: thin, ids in, one service call each."""

from celery import shared_task
from django.conf import settings

from . import completion, notifications, services


@shared_task(acks_late=True)
def orders_expire_task() -> int:
    """Periodic (beat): cancel the orders past their payment window. Safe to run
    twice or in parallel: each order's cancellation and stock return happen once."""
    return services.orders_expire(limit=settings.CARAVAN_ORDERS_EXPIRE_BATCH)


@shared_task(acks_late=True)
def orders_placed_email_task(*, checkout_id: int) -> int:
    return notifications.orders_placed_email(checkout_id=checkout_id)


@shared_task(acks_late=True)
def order_paid_email_task(*, order_id: int) -> int:
    return notifications.order_paid_email(order_id=order_id)


# --- completion and cancellation requests (issue 13, orders/completion.py) ---


@shared_task(acks_late=True)
def orders_auto_complete_task() -> int:
    """Periodic (beat): complete the orders delivered long enough ago or past
    buyer protection (never one in dispute) and release their escrow. Safe to
    run twice or in parallel: each order completes and is released once."""
    return len(completion.orders_auto_complete())


@shared_task(acks_late=True)
def orders_cancel_requests_expire_task() -> int:
    """Periodic (beat): the seller's silence accepts a cancellation request
    past its deadline (cancelled, refunded, stock back), once per order."""
    return len(completion.orders_cancel_requests_expire())


# --- end of completion block ---
