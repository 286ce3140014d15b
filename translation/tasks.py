from celery import shared_task

from . import services


class TranslationRetryLater(Exception):
    """An engine was unavailable: the job tries again later."""


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(TranslationRetryLater,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def listing_translate_task(self, *, listing_id: int, language: str, source_hash: str) -> str:
    """Translate one listing into one language (a replay, a stale job or a human row is a no-op)."""
    outcome = services.listing_translation_refresh(listing_id=listing_id, language=language, source_hash=source_hash)
    if outcome.retry_later:
        raise TranslationRetryLater(f"listing {listing_id} → {language}: an engine was unavailable")
    return outcome.status
