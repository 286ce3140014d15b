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
