from celery import shared_task

from . import notifications


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def seller_event_notify_task(*, event_id: int) -> None:
    """Email the seller about a status change. Safe to run twice: the event
    row records that its email went out."""
    notifications.seller_event_email(event_id=event_id)
