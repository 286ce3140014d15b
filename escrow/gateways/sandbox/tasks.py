"""The sandbox gateway's jobs (it runs inside the app: `make run` and tests)."""

from celery import shared_task
from django.conf import settings

from . import provider
from .models import SandboxWebhook


@shared_task(bind=True, acks_late=True, max_retries=None)
def sandbox_webhook_deliver_task(self, *, webhook_id: int) -> None:
    """Deliver one event, at least once: retried with doubling backoff until a 2xx
    or CARAVAN_SANDBOX_WEBHOOK_MAX_ATTEMPTS (the admin's log shows each attempt)."""
    if provider.webhook_deliver(webhook_id=webhook_id):
        return
    attempts = SandboxWebhook.objects.values_list("attempts", flat=True).get(pk=webhook_id)
    if attempts < settings.CARAVAN_SANDBOX_WEBHOOK_MAX_ATTEMPTS:
        raise self.retry(countdown=provider.webhook_backoff(attempts))


@shared_task(acks_late=True)
def sandbox_async_confirm_task(*, ref: str) -> None:
    """The instant-payment scheme (or the bank) confirms a waiting payment."""
    provider.async_confirm(ref=ref)


@shared_task(acks_late=True)
def sandbox_webhooks_redeliver_task() -> None:
    """Periodic: queue again the deliveries whose task was lost."""
    for webhook_id in provider.webhooks_stalled():
        sandbox_webhook_deliver_task.delay(webhook_id=webhook_id)
