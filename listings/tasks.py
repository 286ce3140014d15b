from celery import shared_task

from . import services


@shared_task(acks_late=True)
def listings_sort_prices_refresh_task() -> int:
    """Re-derive listings' EUR sort prices from the current rates (idempotent)."""
    return services.listings_sort_prices_refresh()
