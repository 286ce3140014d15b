"""The shape of a translation job (listings and messages use it): acks late, retried
with backoff while an engine is unavailable."""

from celery import shared_task


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
