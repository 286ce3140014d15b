"""Enqueueing Celery tasks the one safe way: after the surrounding transaction
commits, with any countdown kept below the broker's visibility timeout."""

from functools import partial

from celery import Task
from django.conf import settings
from django.db import transaction


def enqueue(task: Task, /, *, countdown: int | None = None, **kwargs) -> None:
    """Send `task` with keyword arguments once the current transaction commits.

    A countdown at or beyond the visibility timeout would make Redis redeliver
    the waiting task to a second worker, so it is refused here; long waits are
    periodic jobs that look for due rows instead.
    """
    if countdown is not None and countdown >= settings.CELERY_MAX_COUNTDOWN:
        raise ValueError(
            f"countdown {countdown}s is not below the limit of {settings.CELERY_MAX_COUNTDOWN}s; "
            "use a periodic job that finds due rows instead"
        )
    transaction.on_commit(partial(task.apply_async, kwargs=kwargs, countdown=countdown))
