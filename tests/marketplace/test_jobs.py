import pytest
from django.conf import settings
from django.db import transaction

from marketplace.jobs import enqueue
from marketplace.tasks import ping_task


@pytest.mark.django_db
def test_enqueue_waits_for_commit(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(ping_task, "apply_async", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        enqueue(ping_task, value="x", countdown=10)
        assert sent == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert sent == [{"kwargs": {"value": "x"}, "countdown": 10}]


@pytest.mark.django_db
def test_enqueue_sends_an_identical_job_once_per_transaction(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(ping_task, "apply_async", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue(ping_task, value="x")
        enqueue(ping_task, value="x")  # e.g. a listing created, then published, in one transaction
        enqueue(ping_task, value="y")
        enqueue(ping_task, value="x", countdown=5)
    assert sent == [
        {"kwargs": {"value": "x"}, "countdown": None},
        {"kwargs": {"value": "y"}, "countdown": None},
        {"kwargs": {"value": "x"}, "countdown": 5},
    ]


@pytest.mark.django_db
def test_enqueue_after_a_rolled_back_savepoint_queues_again(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(ping_task, "apply_async", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                enqueue(ping_task, value="x")
                raise RuntimeError
        except RuntimeError:
            pass
        enqueue(ping_task, value="x")  # the first send went with its savepoint
    assert sent == [{"kwargs": {"value": "x"}, "countdown": None}]


@pytest.mark.django_db
def test_enqueue_takes_a_task_by_name(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(ping_task, "apply_async", lambda **kw: sent.append(kw))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue("marketplace.tasks.ping_task", value="by name")
    assert sent == [{"kwargs": {"value": "by name"}, "countdown": None}]
    with pytest.raises(ImportError):
        enqueue("marketplace.tasks.no_such_task", value="x")


@pytest.mark.django_db
def test_enqueue_refuses_countdowns_beyond_the_visibility_timeout():
    with pytest.raises(ValueError, match="countdown"):
        enqueue(ping_task, value="x", countdown=settings.CELERY_VISIBILITY_TIMEOUT)


def test_celery_defaults_fit_money_work():
    from marketplace.celery import app

    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert settings.CELERY_MAX_COUNTDOWN < settings.CELERY_VISIBILITY_TIMEOUT
    assert conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    assert "marketplace.tasks.exchange_rates_refresh_task" in {e["task"] for e in conf.beat_schedule.values()}


def test_translation_jobs_have_their_own_queue_and_workers_consume_it():
    from pathlib import Path

    from marketplace.celery import app

    def queue(task: str) -> str:
        return app.amqp.router.route({}, task)["queue"].name

    assert queue("listings.tasks.listing_translate_task") == "translation"
    assert queue("listings.tasks.listing_translations_task") == "translation"
    assert queue("marketplace.tasks.ping_task") == "celery"
    # What a person is waiting for does not queue behind a catalogue's translation.
    assert queue("messaging.tasks.message_translate_task") == "celery"
    assert queue("listings.tasks.import_batch_task") == "celery"

    # `make run` (Procfile): one worker for the interactive queue only, one for the bulk queue
    # only, each reserving one job per process (a reserved bulk job never holds up a message).
    commands = dict(
        line.split(": ", 1) for line in (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines() if line
    )
    assert "-Q celery " in commands["worker"] and "translation" not in commands["worker"]
    assert "-Q translation " in commands["translator"]
    for name in ("worker", "translator"):
        assert "--prefetch-multiplier 1 " in commands[name]
