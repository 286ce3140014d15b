"""Signed webhooks: what the sandbox carrier sends, what the adapter accepts, and
how a replay is recognised; delivery to a local HTTP server and to a live-server
endpoint named "carrier-webhook" (as the orders app will serve it)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from importlib import import_module

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from logistics.carriers.base import WebhookRejected, adapter_for, webhook_signature
from logistics.carriers.models import CarrierEventReceipt, SandboxEvent, WebhookStatus
from logistics.carriers.sandbox_provider import (
    WebhookDeliveryFailed,
    WebhookNoEndpoint,
    sandbox_events_release,
    sandbox_shipment_register,
    sandbox_shipment_simulate,
    sandbox_webhook_deliver,
    webhook_body,
)
from logistics.carriers.services import tracking_events_accept
from tests.conftest import LocalHTTPServer

SECRET = "whsec_test_0123456789"
NUMBER = "RR123456785CN"


class WebhookReceiver(LocalHTTPServer):
    """Answers each POST with the next status of `statuses` (the last one repeats) and keeps what came."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.received: list[tuple[dict, bytes]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with server.lock:
                    server.received.append((dict(self.headers.items()), body))
                    status = server.statuses.pop(0) if len(server.statuses) > 1 else server.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._serve(Handler)


@pytest.fixture
def secret(settings):
    settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_SECRET = SECRET
    settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 3600
    return SECRET


@pytest.fixture
def shipment(db, secret):
    return sandbox_shipment_register(
        carrier_code="china-post", tracking_number=NUMBER, method_code="cn-post-registered", origin="CN",
        destination="BR",
    )  # fmt: skip


def signed(event, *, secret=SECRET, at=None):
    body = webhook_body(event)
    return body, {"Caravan-Signature": webhook_signature(body, secret=secret, timestamp=at)}


@pytest.mark.django_db
class TestVerify:
    def test_a_signed_webhook_gives_its_events(self, shipment):
        event = shipment.events.get(seq=1)
        body, headers = signed(event)
        (got,) = adapter_for("china-post").verify_webhook(body, headers)
        assert (got.event_id, got.code, got.tracking_number) == (event.event_id, "accepted", NUMBER)
        assert got.occurred_at == event.due_at and got.location == "Shenzhen, China"
        # Header names are case-insensitive, as HTTP says.
        assert adapter_for("china-post").verify_webhook(body, {k.lower(): v for k, v in headers.items()}) == [got]

    @pytest.mark.parametrize(
        "tamper",
        [
            "body",
            "secret",
            "no header",
            "garbled header",
            "stale",
            "future",
            "other carrier",
        ],
    )
    def test_anything_not_authentic_or_not_fresh_is_rejected(self, shipment, tamper):
        event = shipment.events.get(seq=1)
        body, headers = signed(event)
        adapter = adapter_for("china-post")
        if tamper == "body":
            body = body.replace(b"Posting", b"Postinh")
        elif tamper == "secret":
            body, headers = signed(event, secret="another secret")
        elif tamper == "no header":
            headers = {}
        elif tamper == "garbled header":
            headers = {"Caravan-Signature": "sha256=abc"}
        elif tamper == "stale":  # 301 s old: outside the 300 s tolerance
            body, headers = signed(event, at=int(time.time()) - 301)
        elif tamper == "future":
            body, headers = signed(event, at=int(time.time()) + 301)
        elif tamper == "other carrier":
            adapter = adapter_for("ptt")
        with pytest.raises(WebhookRejected):
            adapter.verify_webhook(body, headers)

    def test_within_the_tolerance_and_with_a_rotated_secret_it_is_accepted(self, shipment):
        event = shipment.events.get(seq=1)
        body, headers = signed(event, at=int(time.time()) - 290)
        assert len(adapter_for("china-post").verify_webhook(body, headers)) == 1
        old = webhook_signature(body, secret="the old secret").split(",")[1]
        rotated = {"Caravan-Signature": f"{webhook_signature(body, secret=SECRET)},{old}"}
        assert len(adapter_for("china-post").verify_webhook(body, rotated)) == 1

    def test_a_malformed_body_with_a_good_signature_is_rejected(self, secret):
        for body in (b"not json", b"[]", b'{"carrier": "china-post", "events": [{"id": "x"}]}'):
            headers = {"Caravan-Signature": webhook_signature(body, secret=secret)}
            with pytest.raises(WebhookRejected):
                adapter_for("china-post").verify_webhook(body, headers)

    def test_a_replayed_webhook_is_recognised_by_its_event_ids(self, shipment):
        adapter = adapter_for("china-post")
        body, headers = signed(shipment.events.get(seq=1))
        first = tracking_events_accept(
            carrier_code="china-post", events=adapter.verify_webhook(body, headers), via="webhook"
        )
        assert len(first) == 1
        replay = tracking_events_accept(
            carrier_code="china-post", events=adapter.verify_webhook(body, headers), via="webhook"
        )
        assert replay == []
        assert CarrierEventReceipt.objects.filter(event_id=first[0].event_id).count() == 1

    def test_an_event_received_by_webhook_and_by_polling_is_taken_once(self, shipment):
        events = [shipment.events.get(seq=1), shipment.events.get(seq=2)]
        body, headers = signed(events[0])
        hooked = adapter_for("china-post").verify_webhook(body, headers)
        assert tracking_events_accept(carrier_code="china-post", events=hooked, via="webhook") == hooked
        # The poll (the same values the API serves) brings both; only the second is new.
        from logistics.carriers.sandbox_provider import sandbox_event_value

        polled = [sandbox_event_value(e) for e in events]
        assert tracking_events_accept(carrier_code="china-post", events=polled, via="poll") == polled[1:]
        # The same event id from another carrier is another event.
        assert tracking_events_accept(carrier_code="ptt", events=polled[:1], via="poll") == polled[:1]

    def test_a_rolled_back_acceptance_is_forgotten(self, shipment):
        body, headers = signed(shipment.events.get(seq=1))
        events = adapter_for("china-post").verify_webhook(body, headers)
        with pytest.raises(RuntimeError), transaction.atomic():
            assert tracking_events_accept(carrier_code="china-post", events=events, via="webhook") == events
            raise RuntimeError("the shipment update failed")
        assert tracking_events_accept(carrier_code="china-post", events=events, via="webhook") == events


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptance_lets_an_event_through_once(shipment):
    from django.db import connection

    from logistics.carriers.sandbox_provider import sandbox_event_value

    events = [sandbox_event_value(e) for e in shipment.events.all()]
    results, barrier = [], threading.Barrier(4)

    def accept():
        try:
            barrier.wait()
            results.append(tracking_events_accept(carrier_code="china-post", events=events, via="poll"))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(e.event_id for batch in results for e in batch) == sorted(e.event_id for e in events)


# --- delivery ------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestDelivery:
    def test_events_whose_time_has_come_are_queued_once(self, shipment, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks:
            sandbox_shipment_simulate(carrier_code="china-post", tracking_number=NUMBER, steps=2)
        assert len(callbacks) == 2
        assert sorted(SandboxEvent.objects.values_list("webhook_status", flat=True)) == [
            *["queued"] * 2, *["waiting"] * 5
        ]  # fmt: skip
        with django_capture_on_commit_callbacks() as callbacks:
            assert sandbox_events_release() == 0
        assert callbacks == []

    def test_a_failed_delivery_is_recorded_and_raised_then_delivered(self, shipment, settings):
        sandbox_shipment_simulate(carrier_code="china-post", tracking_number=NUMBER, steps=1)
        event = shipment.events.get(seq=1)
        with WebhookReceiver(statuses=(500, 204)) as receiver:
            settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_URL = receiver.url + "/hooks/{carrier}/"
            with pytest.raises(WebhookDeliveryFailed):
                sandbox_webhook_deliver(event_pk=event.pk)
            event.refresh_from_db()
            assert (event.webhook_attempts, event.webhook_status) == (1, "queued")
            assert "HTTP 500" in event.webhook_last_error
            assert sandbox_webhook_deliver(event_pk=event.pk) is True
            assert sandbox_webhook_deliver(event_pk=event.pk) is True  # delivered: not sent again
        event.refresh_from_db()
        assert (event.webhook_attempts, event.webhook_status, event.webhook_last_error) == (2, "delivered", "")
        assert len(receiver.received) == 2
        headers, body = receiver.received[-1]
        (got,) = adapter_for("china-post").verify_webhook(body, headers)
        assert got.event_id == event.event_id
        assert json.loads(body)["type"] == "tracking.events"

    def test_an_unreachable_receiver_is_a_failed_attempt(self, shipment, settings):
        sandbox_shipment_simulate(carrier_code="china-post", tracking_number=NUMBER, steps=1)
        settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_URL = "http://127.0.0.1:9/hooks/{carrier}/"
        with pytest.raises(WebhookDeliveryFailed):
            sandbox_webhook_deliver(event_pk=shipment.events.get(seq=1).pk)

    def test_without_a_carrier_webhook_endpoint_there_is_nowhere_to_deliver(self, shipment, settings):
        settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_URL = ""
        settings.ROOT_URLCONF = "tests.logistics.urls_without_carrier_webhook"  # orders serves one now
        with pytest.raises(WebhookNoEndpoint):
            sandbox_webhook_deliver(event_pk=shipment.events.get(seq=1).pk)


# A receiving endpoint as the orders app will serve it: URL name "carrier-webhook", the carrier's code.
RECEIVED: list = []


@csrf_exempt
def carrier_webhook(request, carrier_code):
    try:
        events = adapter_for(carrier_code).verify_webhook(request.body, request.headers)
    except WebhookRejected as e:
        return HttpResponse(e.message, status=400)
    RECEIVED.extend(tracking_events_accept(carrier_code=carrier_code, events=events, via="webhook"))
    return HttpResponse(status=204)


# The site's own URLs come first without the orders app's "carrier-webhook" (the orders tests
# drive that one): here the name is this stand-in's.
urlpatterns = [
    path("hooks/carriers/<slug:carrier_code>/", carrier_webhook, name="carrier-webhook"),
    path("", include([p for p in import_module("marketplace.urls").urlpatterns if "api/v1" not in str(p.pattern)])),
]


def test_by_default_webhooks_go_to_this_sites_carrier_webhook_url(live_server, settings, secret):
    settings.ROOT_URLCONF = __name__
    settings.CARAVAN_SITE_URL = live_server.url
    settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_URL = ""
    RECEIVED.clear()
    sandbox_shipment_register(
        carrier_code="dhl-express", tracking_number="1234567891", method_code="dhl-express", origin="IT",
        destination="US",
    )  # fmt: skip
    sandbox_shipment_simulate(carrier_code="dhl-express", tracking_number="1234567891", until="delivered")
    events = SandboxEvent.objects.order_by("seq")
    for event in events:
        assert sandbox_webhook_deliver(event_pk=event.pk)
    assert [e.code for e in RECEIVED] == [e.code for e in events]
    assert set(events.values_list("webhook_status", flat=True)) == {WebhookStatus.DELIVERED}
    # Delivered again (a redelivery after a lost answer): the endpoint takes nothing twice.
    SandboxEvent.objects.update(webhook_status=WebhookStatus.QUEUED)
    sandbox_webhook_deliver(event_pk=events[0].pk)
    assert len(RECEIVED) == events.count()
