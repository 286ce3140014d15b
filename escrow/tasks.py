"""Escrow's Celery jobs: thin, ids in, one service call, safe to run twice."""

from celery import shared_task

from .gateways.base import GatewayError


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
