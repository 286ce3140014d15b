from celery import shared_task
from django.db import OperationalError

from marketplace.pagecache import storefront_changes_batched
from translation.tasks import TranslationRetryLater, translation_task

from . import services, translations
from .imports import services as import_services


@shared_task(acks_late=True)
def listings_sort_prices_refresh_task() -> int:
    """Re-derive listings' EUR sort prices from the current rates (idempotent)."""
    return services.listings_sort_prices_refresh()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def import_batch_task(*, job_id: int, start: int) -> None:
    """Import one batch of a feed's rows and queue the next (listings.imports.services).
    Safe to run twice: each row is imported only while it is the job's next row."""
    import_services.import_batch_run(job_id=job_id, start=start)


@shared_task(acks_late=True)
def import_jobs_resume_task() -> list[int]:
    """The periodic watchdog of feed imports: re-queue the batch of a stalled job."""
    return import_services.import_jobs_resume()


@translation_task(retry_backoff=30)
def listing_translate_task(self, *, listing_id: int, language: str, source_hash: str) -> str:
    """Translate one listing into one language (a replay, a stale job or a human row is a no-op)."""
    outcome = translations.listing_translation_refresh(
        listing_id=listing_id, language=language, source_hash=source_hash
    )
    if outcome.retry_later:
        raise TranslationRetryLater(f"listing {listing_id} → {language}: an engine was unavailable")
    return outcome.status


@translation_task(retry_backoff=30)
@storefront_changes_batched()  # the job retires the cached pages once per language it stored, at its end
def listing_translations_task(self, *, listing_id: int, source_hash: str, languages: list[str]) -> dict[str, str]:
    """Translate one listing into each of `languages`: one job per listing, not
    one per language (an import of 5,000 rows sends 5,000 jobs, not 35,000). A
    language already done is a no-op, so a retry (some engine was unavailable)
    only redoes what is missing."""
    statuses, waiting = {}, []
    for language in languages:
        outcome = translations.listing_translation_refresh(
            listing_id=listing_id, language=language, source_hash=source_hash, update_index=False
        )
        statuses[language] = outcome.status
        if outcome.retry_later:
            waiting.append(language)
    # One search-index update for the whole batch (also after a replay, which may follow a crash before it).
    stored = [language for language, status in statuses.items() if status == "stored"]
    translations.listing_translations_index([listing_id], changed=bool(stored), languages=stored)
    if waiting:
        raise TranslationRetryLater(f"listing {listing_id} → {', '.join(waiting)}: an engine was unavailable")
    return statuses


@translation_task(retry_backoff=30)
def listing_translations_batch_task(self, *, items: list[list]) -> int:
    """Translate a batch of listings (a feed import's, listings.services.listings_create_drafts):
    `items` are [listing id, source hash, languages]; one job for many listings, not one
    each. Each (listing, language) is listing_translation_refresh's no-op once done, so a
    retry (an engine was unavailable) redoes only what is missing. Returns the rows refreshed."""
    done, waiting = 0, []
    for listing_id, source_hash, languages in items:
        for language in languages:
            outcome = translations.listing_translation_refresh(
                listing_id=listing_id, language=language, source_hash=source_hash
            )
            done += 1
            if outcome.retry_later:
                waiting.append(f"{listing_id} → {language}")
    if waiting:
        raise TranslationRetryLater(f"listings {', '.join(waiting[:10])}: an engine was unavailable")
    return done
