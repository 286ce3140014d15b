from celery import shared_task

from . import services


class TranslationRetryLater(Exception):
    """An engine was unavailable: the job tries again later."""


def translation_task(*, retry_backoff: int):
    """A translation job: acks late, retried with jittered exponential backoff
    (from `retry_backoff` seconds, at most 10 minutes apart, 5 times) while an
    engine is unavailable."""
    return shared_task(
        bind=True,
        acks_late=True,
        autoretry_for=(TranslationRetryLater,),
        retry_backoff=retry_backoff,
        retry_backoff_max=600,
        retry_jitter=True,
        max_retries=5,
    )


@translation_task(retry_backoff=30)
def listing_translate_task(self, *, listing_id: int, language: str, source_hash: str) -> str:
    """Translate one listing into one language (a replay, a stale job or a human row is a no-op)."""
    outcome = services.listing_translation_refresh(listing_id=listing_id, language=language, source_hash=source_hash)
    if outcome.retry_later:
        raise TranslationRetryLater(f"listing {listing_id} → {language}: an engine was unavailable")
    return outcome.status


@translation_task(retry_backoff=30)
def listing_translations_task(self, *, listing_id: int, source_hash: str, languages: list[str]) -> dict[str, str]:
    """Translate one listing into each of `languages`: one job per listing, not
    one per language (an import of 5,000 rows sends 5,000 jobs, not 35,000). A
    language already done is a no-op, so a retry (some engine was unavailable)
    only redoes what is missing."""
    statuses, waiting = {}, []
    for language in languages:
        outcome = services.listing_translation_refresh(
            listing_id=listing_id, language=language, source_hash=source_hash
        )
        statuses[language] = outcome.status
        if outcome.retry_later:
            waiting.append(language)
    if waiting:
        raise TranslationRetryLater(f"listing {listing_id} → {', '.join(waiting)}: an engine was unavailable")
    return statuses
