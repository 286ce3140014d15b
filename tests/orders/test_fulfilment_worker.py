"""The journey `make run` shows, with a REAL Celery worker and a live server: a
seller ships, the worker registers the parcel with the sandbox carrier (its
HTTP API, after the ship commits), the sandbox carrier's timeline is advanced,
the worker delivers its signed webhooks to this site's "carrier-webhook"
endpoint, and the order becomes delivered with its timeline."""

import pytest

from logistics.carriers.models import SandboxShipment, WebhookStatus
from logistics.carriers.sandbox_provider import sandbox_shipment_simulate
from orders.models import Order, OrderStatus, Shipment, ShipmentEvent
from tests.orders.test_fulfilment import METHOD, NUMBER, paid_order, ship
from tests.waiting import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SECRET = "whsec_fulfil_worker"
API_KEY = "sandbox-carrier-key-fulfil-worker"


@pytest.fixture
def worker(request, monkeypatch, settings, live_server):
    api = f"{live_server.url}/sandbox-carrier/api/v1/"
    hook = f"{live_server.url}/api/v1/carriers/webhooks/{{carrier}}/"
    for name, value in {"SANDBOX_CARRIER_API_URL": api, "SANDBOX_CARRIER_API_KEY": API_KEY,
                        "SANDBOX_CARRIER_WEBHOOK_URL": hook, "SANDBOX_CARRIER_WEBHOOK_SECRET": SECRET,
                        "SANDBOX_CARRIER_SECONDS_PER_DAY": "3600"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    settings.CARAVAN_SANDBOX_CARRIER_API_URL = api
    settings.CARAVAN_SANDBOX_CARRIER_API_KEY = API_KEY
    settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_URL = hook
    settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_SECRET = SECRET
    settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 3600
    return request.getfixturevalue("celery_worker_process")


def test_ship_register_advance_and_webhooks_deliver_the_order(worker, buyer, dress):
    order = paid_order(buyer, dress)
    ship(order)
    registered = wait_for(
        lambda: Shipment.objects.filter(pk=order.shipment.pk).exclude(carrier_shipment_id="").first(),
        "the worker to register the parcel with the sandbox carrier",
    )
    provider = SandboxShipment.objects.get(tracking_number=NUMBER)
    assert registered.carrier_shipment_id == provider.shipment_id and provider.method_code == METHOD
    # The sandbox's "simulate" control: the whole timeline happens now, its webhooks queued.
    sandbox_shipment_simulate(carrier_code="china-post", tracking_number=NUMBER, until="delivered")
    wait_for(lambda: Order.objects.get(pk=order.pk).status == OrderStatus.DELIVERED,
             "the webhooks to reach the endpoint and deliver the order")  # fmt: skip
    wait_for(lambda: ShipmentEvent.objects.count() == provider.events.count(), "every event on the timeline")
    wait_for(lambda: set(provider.events.values_list("webhook_status", flat=True)) == {WebhookStatus.DELIVERED},
             "the sandbox to record every webhook as delivered")  # fmt: skip
    assert Shipment.objects.get(pk=registered.pk).delivered_at is not None
