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
# --- fulfilment (orders.fulfilment): shipping, tracking, the ship-by deadline -----------------


@shared_task(bind=True, acks_late=True, max_retries=8)
def shipment_register_task(self, *, shipment_id: int) -> str:
    """After a ship commits: register the parcel with its carrier (retried with
    backoff while the carrier cannot be reached). Idempotent."""
    from logistics.carriers.base import CarrierUnavailable

    from . import fulfilment

    try:
        return fulfilment.shipment_register(shipment_id=shipment_id)
    except CarrierUnavailable as e:
        raise self.retry(countdown=min(30 * 2**self.request.retries, 3600), exc=e) from None


@shared_task(acks_late=True)
def shipments_poll_task() -> int:
    """Periodic (beat): poll the open shipments' carriers in bulk and apply new events."""
    from . import fulfilment

    return fulfilment.shipments_poll()


@shared_task(acks_late=True)
def orders_ship_by_expire_task() -> int:
    """Periodic (beat): cancel and refund the paid orders past their ship-by date (each once)."""
    from . import fulfilment

    return fulfilment.orders_ship_by_expire(limit=settings.CARAVAN_SHIP_BY_EXPIRE_BATCH)


@shared_task(acks_late=True)
def order_shipped_email_task(*, order_id: int) -> int:
    from . import fulfilment

    return fulfilment.order_shipped_email(order_id=order_id)


@shared_task(acks_late=True)
def order_delivered_email_task(*, order_id: int) -> int:
    from . import fulfilment

    return fulfilment.order_delivered_email(order_id=order_id)


@shared_task(acks_late=True)
def order_ship_by_cancelled_email_task(*, order_id: int) -> int:
    from . import fulfilment

    return fulfilment.order_ship_by_cancelled_email(order_id=order_id)
