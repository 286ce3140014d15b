"""Release at scale through a REAL Celery worker on Redis and the test database:
the worker is killed with SIGKILL in the middle of a many-batch release, a new
worker runs the job again, and every order ends released exactly once (each
batch is one database transaction; a re-run skips what is released)."""

import signal
import subprocess
from decimal import ROUND_DOWN, Decimal

import pytest
from django.db import transaction

from escrow.models import JournalTransaction, Release
from escrow.release import ReleaseOrder
from escrow.selectors import trial_balance
from escrow.tasks import orders_release_task
from marketplace.money import quantum
from tests.conftest import ROOT
from tests.escrow.release_helpers import assert_every_transaction_balances, capture_many
from tests.listings.test_import_worker import worker_env
from tests.waiting import WORKER_BUDGET, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# 600 batches of 10: a few seconds of work even at full speed (a batch is one transaction), so
# the kill lands mid-job however fast the release is and however late this process polls.
BATCH = 10
ORDERS = 6000
MIX = [("JPY", "CNY", "0.0478123", "{n}"), ("KWD", "TRY", "105.4321987", "{n}.{c:03d}"),
       ("BRL", "RUB", "16.3456789", "{n}.{c:02d}"), ("EUR", "EUR", "1", "{n}.{c:02d}")]  # fmt: skip


@pytest.fixture
def worker(request, monkeypatch):
    monkeypatch.setenv("RELEASE_BATCH_SIZE", str(BATCH))
    return request.getfixturevalue("celery_worker_process")


def test_a_worker_killed_mid_batch_then_run_again_releases_every_order_once(worker):
    orders, amounts = [], []
    for n in range(ORDERS):
        buyer, settlement, rate, pattern = MIX[n % len(MIX)]
        amount = Decimal(pattern.format(n=1 + n % 500, c=n % 97))
        orders.append(ReleaseOrder(order_id=5000 + n, seller_id=1 + n % 7, buyer_currency=buyer,
                                   settlement_currency=settlement, rate=Decimal(rate),
                                   commission_rate=Decimal("0.05") + Decimal(n % 4) / 100,
                                   shipping=(amount * (n % 3) / 3).quantize(quantum(buyer), ROUND_DOWN)))  # fmt: skip
        amounts.append(amount)
    with transaction.atomic():
        capture_many(orders, amounts)
    payload = [o.as_payload() for o in orders]

    orders_release_task.delay(orders=payload)
    wait_for(lambda: Release.objects.count() >= 3 * BATCH, "the release to start", interval=0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=WORKER_BUDGET)
    stopped_at = Release.objects.count()
    assert stopped_at < ORDERS, "the job finished before the worker was killed: make it longer"
    assert stopped_at % BATCH == 0  # whole batches only: the one in hand died with its transaction
    assert JournalTransaction.objects.filter(kind="release").count() == stopped_at

    replacement = subprocess.Popen(worker.args, cwd=ROOT, env={**worker_env(), "RELEASE_BATCH_SIZE": str(BATCH)},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        orders_release_task.delay(orders=payload)  # run again (the killed job's message is not acked)
        wait_for(lambda: Release.objects.count() >= ORDERS, "the re-run to finish")
    finally:
        replacement.terminate()
        replacement.wait(timeout=30)
    assert Release.objects.count() == ORDERS
    assert sorted(Release.objects.values_list("order_id", flat=True)) == [o.order_id for o in orders]
    assert dict(Release.objects.values_list("order_id", "shipping")) == {o.order_id: o.shipping for o in orders}
    releases = JournalTransaction.objects.filter(kind="release")
    assert releases.count() == ORDERS
    assert set(releases.values_list("reference", flat=True)) == {f"release:order={o.order_id}" for o in orders}
    assert_every_transaction_balances()
    assert not any(trial_balance().values())
