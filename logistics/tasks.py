# Celery discovers an app's `tasks` module; the carrier jobs live beside their code.
from .carriers.tasks import sandbox_events_release_task, sandbox_webhook_deliver_task  # noqa: F401
