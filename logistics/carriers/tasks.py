"""Celery jobs of the carrier side, on the interactive queue (the default `celery`
queue: CELERY_TASK_ROUTES sends only bulk translation elsewhere)."""

from celery import shared_task
from django.conf import settings

from . import sandbox_provider


@shared_task(bind=True, acks_late=True, max_retries=None)
def sandbox_webhook_deliver_task(self, *, event_pk: int) -> str:
    """Deliver one sandbox event's signed webhook, retrying with exponential backoff
    (CARAVAN_SANDBOX_CARRIER_WEBHOOK_RETRIES times, from
    CARAVAN_SANDBOX_CARRIER_WEBHOOK_RETRY_SECONDS) while the receiver fails.
    Safe to run twice: a delivered event is not sent again."""
    try:
        sandbox_provider.sandbox_webhook_deliver(event_pk=event_pk)
    except sandbox_provider.WebhookNoEndpoint as e:
        sandbox_provider.sandbox_webhook_give_up(event_pk=event_pk, error=str(e))
        return "no endpoint"
    except sandbox_provider.WebhookDeliveryFailed as e:
        if self.request.retries >= settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_RETRIES:
            sandbox_provider.sandbox_webhook_give_up(event_pk=event_pk, error=str(e))
            return "failed"
        base = settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_RETRY_SECONDS
        countdown = min(base * 2**self.request.retries, settings.CELERY_MAX_COUNTDOWN - 1)
        raise self.retry(countdown=countdown, exc=e) from None
    return "delivered"


@shared_task(acks_late=True)
def sandbox_events_release_task() -> int:
    """The periodic job: queue the webhooks of sandbox events whose time has come."""
    if not settings.CARAVAN_SANDBOX_CARRIER_ENABLED:
        return 0
    return sandbox_provider.sandbox_events_release()
