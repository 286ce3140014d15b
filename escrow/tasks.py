"""Celery tasks of escrow: thin, idempotent, plain values in."""

from decimal import Decimal

from celery import shared_task
from django.db import OperationalError

from .release import ReleaseOrder, release_orders
from .settlement import releases_make_available

# --- release and settlement (issue 13) -------------------------------------------------


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=30, max_retries=5)
def orders_release_task(*, orders: list[dict]) -> dict:
    """Release completed orders' escrow, set-based in batches (escrow.release).
    `orders`: ReleaseOrder fields as JSON (Decimals as strings). Safe to run
    twice or after a crash: released orders are skipped, never released again."""
    values = [
        ReleaseOrder(
            order_id=int(o["order_id"]),
            seller_id=int(o["seller_id"]),
            buyer_currency=o["buyer_currency"],
            settlement_currency=o["settlement_currency"],
            rate=Decimal(o["rate"]),
            commission_rate=Decimal(o["commission_rate"]),
            amount=None if o.get("amount") in (None, "") else Decimal(o["amount"]),
        )
        for o in orders
    ]
    result = release_orders(values)
    return {"released": len(result.released), "already": len(result.already), "refused": result.refused}


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=30, max_retries=5)
def releases_make_available_task() -> int:
    """Beat (hourly): released money past the claim window becomes available."""
    return len(releases_make_available().made_available)


# --- end of release and settlement ------------------------------------------------------
