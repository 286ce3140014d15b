"""Escrow's Celery jobs: thin, ids in, one service call, safe to run twice."""

from decimal import Decimal

from celery import shared_task
from django.db import OperationalError

from .gateways.base import GatewayError
from .release import ReleaseOrder, release_orders
from .settlement import releases_make_available


@shared_task(acks_late=True, autoretry_for=(GatewayError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def refund_submit_task(*, refund_id: int) -> None:
    """Send one refund to its gateway; its idempotency key makes a redelivery the same refund."""
    from .payments import refund_submit

    refund_submit(refund_id=refund_id)


@shared_task(acks_late=True, autoretry_for=(GatewayError, OSError), retry_backoff=True, retry_backoff_max=600,
             max_retries=8)  # fmt: skip
def payment_cancel_task(*, payment_id: int) -> None:
    """Cancel a voided payment at its gateway (when doing it right after the void failed)."""
    from .payments import payment_cancel_at_gateway

    payment_cancel_at_gateway(payment_id=payment_id)


# The sandbox gateway's jobs live with it; importing them here registers them with the worker
# (Celery autodiscovers each app's `tasks` module only).
from .gateways.sandbox.tasks import (  # noqa: E402, F401
    sandbox_async_confirm_task,
    sandbox_webhook_deliver_task,
    sandbox_webhooks_redeliver_task,
)

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
            shipping=Decimal(o.get("shipping") or 0),  # a payload queued before shipping was recorded: 0
            taxes=Decimal(o.get("taxes") or 0),  # a payload queued before taxes were recorded: 0
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
