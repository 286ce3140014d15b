from celery import shared_task
from django.db import OperationalError

from . import import_services, services


@shared_task(acks_late=True)
def listings_sort_prices_refresh_task() -> int:
    """Re-derive listings' EUR sort prices from the current rates (idempotent)."""
    return services.listings_sort_prices_refresh()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def import_batch_task(*, job_id: int, start: int) -> None:
    """Import one batch of a feed's rows and queue the next (listings.import_services).
    Safe to run twice: each row is imported only while it is the job's next row."""
    import_services.import_batch_run(job_id=job_id, start=start)


@shared_task(acks_late=True)
def import_jobs_resume_task() -> list[int]:
    """The periodic watchdog of feed imports: re-queue the batch of a stalled job."""
    return import_services.import_jobs_resume()
