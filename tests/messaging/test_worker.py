# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Message translation through a real Celery worker on the real broker: the
job the send queues stores the translation, and a replayed job adds nothing."""

import pytest

from messaging import services as messaging
from messaging.models import MessageTranslation
from messaging.tasks import message_translate_task
from tests.waiting import WORKER_BUDGET, wait_for

from .messaging_fixtures import (  # noqa: F401 (fixtures)
    ITALIAN,
    SPANISH,
    _fresh_rate_limits,
    es_buyer,
    it_seller,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(es_buyer, it_seller, celery_worker_process):
    # Made after the sellers and buyer (whose own jobs the fixture purges from the queues).
    return celery_worker_process


def test_the_worker_translates_both_ways_and_a_replay_adds_nothing(es_buyer, it_seller, worker):
    first = messaging.conversation_start(es_buyer, body=SPANISH, seller_id=it_seller.pk)
    wait_for(lambda: MessageTranslation.objects.filter(message=first, language="it").exists(), "the Italian")
    row = MessageTranslation.objects.get(message=first, language="it")
    assert (row.engine, row.kind) == ("apertium", "machine")
    assert row.text.strip() and row.text != SPANISH

    reply = messaging.message_send(it_seller.user, conversation_id=first.conversation_id, body=ITALIAN)
    wait_for(lambda: MessageTranslation.objects.filter(message=reply, language="es").exists(), "the Spanish")
    assert "Podemos" in MessageTranslation.objects.get(message=reply, language="es").text  # "Possiamo"

    # Redelivered twice: the worker runs it, and nothing new is written.
    results = [message_translate_task.delay(message_id=first.pk, language="it") for _ in range(2)]
    assert [r.get(timeout=WORKER_BUDGET) for r in results] == ["current", "current"]
    assert MessageTranslation.objects.filter(message=first).count() == 1
