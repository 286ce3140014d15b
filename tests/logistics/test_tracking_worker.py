"""Webhook delivery by a REAL Celery worker on Redis and the test database: the
first attempt fails, the task retries with its backoff and the second attempt
is delivered, signed so that the adapter accepts it; a receiver that never
answers 2xx makes the task give up after its retries."""

import json

import pytest

from logistics.carriers.base import adapter_for
from logistics.carriers.models import SandboxEvent, WebhookStatus
from logistics.carriers.sandbox_provider import sandbox_shipment_register, sandbox_shipment_simulate
from tests.logistics.test_tracking_webhooks import WebhookReceiver
from tests.waiting import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SECRET = "whsec_worker_test"


@pytest.fixture
def receiver():
    with WebhookReceiver() as server:
        yield server


@pytest.fixture
def worker(request, monkeypatch, receiver, settings):
    """The shared worker, told where to deliver, with which secret, and to retry after 1 s (then 2 s)."""
    monkeypatch.setenv("SANDBOX_CARRIER_WEBHOOK_URL", receiver.url + "/hooks/{carrier}/")
    monkeypatch.setenv("SANDBOX_CARRIER_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("SANDBOX_CARRIER_WEBHOOK_RETRY_SECONDS", "1")
    monkeypatch.setenv("SANDBOX_CARRIER_WEBHOOK_RETRIES", "2")
    settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_SECRET = SECRET
    settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 3600
    return request.getfixturevalue("celery_worker_process")


def ship(number="RR123456785CN"):
    sandbox_shipment_register(
        carrier_code="china-post", tracking_number=number, method_code="cn-post-registered", origin="CN",
        destination="KZ",
    )  # fmt: skip
    # The simulate call commits and queues the event's webhook task (on commit) for the worker.
    sandbox_shipment_simulate(carrier_code="china-post", tracking_number=number, steps=1)
    return SandboxEvent.objects.get(shipment__tracking_number=number, seq=1)


def test_the_delivery_task_retries_after_a_failed_first_attempt(worker, receiver):
    receiver.statuses = [503, 200]
    event = ship()

    def delivered():
        row = SandboxEvent.objects.get(pk=event.pk)
        return row if row.webhook_status == WebhookStatus.DELIVERED else None

    row = wait_for(delivered, "the webhook to be delivered on its retry")
    assert row.webhook_attempts == 2 and row.webhook_last_error == ""
    assert len(receiver.received) == 2
    first, second = (json.loads(body) for _headers, body in receiver.received)
    assert first["events"] == second["events"]  # the same event, signed afresh
    headers, body = receiver.received[1]
    assert headers.get("Content-Type") == "application/json"
    (got,) = adapter_for("china-post").verify_webhook(body, headers)
    assert (got.event_id, got.code) == (event.event_id, "accepted")


def test_the_task_gives_up_after_its_retries(worker, receiver):
    receiver.statuses = [500]
    event = ship("RR100200000CN")

    def failed():
        row = SandboxEvent.objects.get(pk=event.pk)
        return row if row.webhook_status == WebhookStatus.FAILED else None

    row = wait_for(failed, "the task to give up")
    assert row.webhook_attempts == 3  # the first attempt and two retries
    assert "HTTP 500" in row.webhook_last_error
    assert len(receiver.received) == 3
