from celery import shared_task

from translation.tasks import TranslationRetryLater, translation_task

from . import services


@translation_task(retry_backoff=15)  # a person waits for a message
def message_translate_task(self, *, message_id: int, language: str) -> str:
    """Translate one message into one reader's language (an existing row makes a replay a no-op).
    On the last attempt an engine still unavailable leaves an "original" row with the note."""
    final = self.request.retries >= self.max_retries
    outcome = services.message_translation_refresh(message_id=message_id, language=language, final=final)
    if outcome.retry_later:
        raise TranslationRetryLater(f"message {message_id} → {language}: an engine was unavailable")
    return outcome.status


@shared_task(acks_late=True)
def messages_unread_notify_task() -> int:
    """The periodic unread-messages email batch (replay-safe)."""
    return services.messages_unread_notify()
