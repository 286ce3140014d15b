"""Escrow's Celery jobs: thin, ids in, one service call, safe to run twice."""

from celery import shared_task

from .gateways.base import GatewayError


@shared_task(acks_late=True, autoretry_for=(GatewayError,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def refund_submit_task(*, refund_id: int) -> None:
    """Send one refund to its gateway; its idempotency key makes a redelivery the same refund."""
    from .payments import refund_submit

    refund_submit(refund_id=refund_id)
