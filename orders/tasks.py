"""Order jobs: thin, ids in, one service call each."""

from celery import shared_task
from django.conf import settings

from . import notifications, services


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
