"""A real Celery worker process, on the real Redis broker and the test database."""

import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from marketplace.models import ExchangeRate
from marketplace.tasks import exchange_rates_refresh_task, ping_task
from tests.waiting import WORKER_BUDGET

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_queue():
    if not settings.REDIS_URL:
        pytest.fail("The worker tests need REDIS_URL (make test sets it).")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool", "solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    yield queue
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_worker_runs_a_task_and_returns_its_result(worker_queue):
    result = ping_task.apply_async(kwargs={"value": "caravan"}, queue=worker_queue)
    assert result.get(timeout=WORKER_BUDGET) == "pong:caravan"


def test_worker_refreshes_exchange_rates_from_the_feed(worker_queue, feed_server, ecb_xml):
    feed_server.body = ecb_xml
    result = exchange_rates_refresh_task.apply_async(kwargs={"url": feed_server.url}, queue=worker_queue)
    assert result.get(timeout=WORKER_BUDGET) == 30
    assert ExchangeRate.objects.get(currency="TRY", source="ecb").rate == Decimal("49.2114")
