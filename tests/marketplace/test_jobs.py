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

    assert queue("translation.tasks.listing_translate_task") == "translation"
    assert queue("translation.tasks.listing_translations_task") == "translation"
    assert queue("marketplace.tasks.ping_task") == "celery"
    # What a person is waiting for does not queue behind a catalogue's translation.
    assert queue("translation.tasks.message_translate_task") == "celery"
    assert queue("listings.tasks.import_batch_task") == "celery"
    procfile = (Path(settings.BASE_DIR) / "Procfile").read_text()
    assert "-Q celery,translation" in procfile
