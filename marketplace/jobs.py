"""Enqueueing Celery tasks the one safe way: after the surrounding transaction
commits, with any countdown kept below the broker's visibility timeout, and
each distinct job sent once per transaction."""

from functools import partial

from celery import Task
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string


def enqueue(task: Task | str, /, *, countdown: int | None = None, **kwargs) -> None:
    """Send `task` with keyword arguments once the current transaction commits.

    `task` may be the task's dotted path ("listings.tasks.import_batch_task"): a
    service queues its app's job without importing, at module level, the tasks
    module that imports the services (so the two do not import each other).

    The same task with the same arguments queued twice in one transaction (a
    listing created and published in one go, say) is sent once: the second
    call finds the first still waiting for the commit. A rolled-back savepoint
    drops its sends with it, so a later call queues the job again.

    A countdown at or beyond the visibility timeout would make Redis redeliver
    the waiting task to a second worker, so it is refused here; long waits are
    periodic jobs that look for due rows instead.
    """
    if countdown is not None and countdown >= settings.CELERY_MAX_COUNTDOWN:
        raise ValueError(
            f"countdown {countdown}s is not below the limit of {settings.CELERY_MAX_COUNTDOWN}s; "
            "use a periodic job that finds due rows instead"
        )
    if isinstance(task, str):
        task = import_string(task)  # ImportError for a name that is no task
    send = partial(task.apply_async, kwargs=kwargs, countdown=countdown)
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(_same_send(func, send) for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(send)


def _same_send(func, send: partial) -> bool:
    return isinstance(func, partial) and func.func == send.func and func.keywords == send.keywords
