"""Periodic and background jobs of the core app (thin: one service call each)."""

import logging

from celery import shared_task

from . import services
from .rates import RateFeedError, RateFeedUnavailable

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(RateFeedUnavailable,),
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=5,
)
def exchange_rates_refresh_task(*, url: str | None = None) -> int:
    """Refresh rates from the ECB. Safe to run twice (same day: same rows).

    A malformed feed is logged and not retried; an unreachable one retries
    with backoff. Either way the stored rates stay as they were.
    """
    try:
        return services.exchange_rates_refresh_from_ecb(url=url)
    except RateFeedUnavailable:
        raise
    except RateFeedError:
        return 0


@shared_task(
    acks_late=True,
    autoretry_for=(RateFeedUnavailable,),
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=5,
)
def exchange_rates_refresh_cbr_task(*, url: str | None = None) -> int:
    """Refresh RUB and the other CBR-sourced rates (same retry rules as the ECB's)."""
    try:
        return services.exchange_rates_refresh_from_cbr(url=url)
    except RateFeedUnavailable:
        raise
    except RateFeedError:
        return 0


@shared_task(acks_late=True)
def ping_task(*, value: str) -> str:
    """A no-op used by health checks and the worker integration tests."""
    return f"pong:{value}"
