"""The sandbox carrier: scripted timelines, its HTTP API, and the adapter that
talks to it over HTTP like any carrier's (a live server of the app)."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from logistics.carriers.base import CarrierError, CarrierUnavailable, adapter_for
from logistics.carriers.events import EVENT_EXPLANATIONS, EventCode, event_explanation, event_label
from logistics.carriers.models import SandboxEvent, SandboxScenario, SandboxShipment
from logistics.carriers.sandbox import SandboxCarrier
from logistics.carriers.sandbox_provider import (
    sandbox_scenario_for,
    sandbox_shipment_register,
    sandbox_shipment_simulate,
    sandbox_tracking,
    transit_days,
)
from logistics.models import ShippingMethod
from logistics.tracking import s10_number

INTERNATIONAL = ["accepted", "export_customs", "departed_origin", "arrived_destination", "import_customs",
                 "out_for_delivery", "delivered"]  # fmt: skip


def register(number=None, *, method="cn-post-registered", origin="CN", destination="FR", carrier="china-post",
             now=None):  # fmt: skip
    return sandbox_shipment_register(
        carrier_code=carrier, tracking_number=number or s10_number("RR", 12345678, origin),
        method_code=method, origin=origin, destination=destination, now=now,
    )  # fmt: skip


@pytest.mark.django_db
class TestTimeline:
    def test_an_international_parcel_gets_a_realistic_timeline_over_its_transit_time(self, settings):
        settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 10
        start = timezone.now()
        shipment = register(now=start)
        events = list(shipment.events.order_by("seq"))
        assert [e.code for e in events] == INTERNATIONAL
        assert shipment.scenario == SandboxScenario.DELIVERED
        # China Post registered, China → France: the zone says 13–33 business days; the middle in calendar days.
        days = transit_days(ShippingMethod.objects.get(code="cn-post-registered"), "CN", "FR")
        assert days == pytest.approx(23 * 7 / 5)
        assert events[-1].due_at == start + timedelta(seconds=days * 10)
        assert all(a.due_at < b.due_at for a, b in itertools.pairwise(events))
        assert events[0].location == "Shenzhen, China" and events[-1].location == "France"
        assert events[0].description == "Posting/collection"
        assert len({e.event_id for e in events}) == 7

    def test_only_what_has_happened_is_visible(self, settings):
        settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 10
        start = timezone.now()
        shipment = register(now=start)
        due = list(shipment.events.order_by("seq").values_list("due_at", flat=True))
        number = shipment.tracking_number
        (at_start,) = sandbox_tracking(carrier_code="china-post", tracking_numbers=[number], now=start)
        assert at_start.happened == []
        (later,) = sandbox_tracking(carrier_code="china-post", tracking_numbers=[number], now=due[2])
        assert [e.code for e in later.happened] == INTERNATIONAL[:3]
        # Another carrier's numbers are not this carrier's.
        assert sandbox_tracking(carrier_code="ptt", tracking_numbers=[shipment.tracking_number], now=due[-1]) == []

    def test_a_courier_parcel_speaks_like_a_courier_and_a_domestic_one_skips_customs(self):
        courier = register("1234567891", method="dhl-express", origin="IT", destination="US", carrier="dhl-express")
        assert courier.events.get(code="accepted").description == "Shipment picked up"
        domestic = register(s10_number("RR", 55555555, "CN"), destination="CN")
        assert list(domestic.events.order_by("seq").values_list("code", flat=True)) == [
            "accepted", "departed_origin", "arrived_destination", "out_for_delivery", "delivered"
        ]  # fmt: skip

    def test_serials_ending_in_98_and_99_end_in_exception_and_returned(self):
        assert sandbox_scenario_for(s10_number("RR", 12345698, "CN")) == SandboxScenario.EXCEPTION
        assert sandbox_scenario_for(s10_number("RR", 12345699, "CN")) == SandboxScenario.RETURNED
        assert sandbox_scenario_for("1234567991") == SandboxScenario.RETURNED  # DHL: 12345679|9 → …99
        held = register(s10_number("RR", 12345698, "CN"))
        assert list(held.events.order_by("seq").values_list("code", flat=True)) == [*INTERNATIONAL[:4], "exception"]
        assert "customs" in held.events.get(code="exception").description
        back = register(s10_number("RR", 12345699, "CN"))
        assert list(back.events.order_by("seq").values_list("code", flat=True)) == [
            *INTERNATIONAL[:6], "exception", "returned"
        ]  # fmt: skip

    def test_registering_again_is_idempotent_and_another_route_is_refused(self):
        first = register()
        assert register().shipment_id == first.shipment_id
        assert SandboxEvent.objects.filter(shipment=first).count() == 7
        with pytest.raises(CarrierError) as error:
            register(destination="DE")
        assert error.value.code == "conflict"
        with pytest.raises(CarrierError):
            register("rr1", destination="DE")
        with pytest.raises(CarrierError):
            register(method="no-such-method")

    def test_simulate_moves_the_next_events_to_now_in_order(self, settings):
        settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 3600
        number = register().tracking_number
        sandbox_shipment_simulate(carrier_code="china-post", tracking_number=number, steps=2)
        (seen,) = sandbox_tracking(carrier_code="china-post", tracking_numbers=[number])
        assert [e.code for e in seen.happened] == INTERNATIONAL[:2]
        sandbox_shipment_simulate(carrier_code="china-post", tracking_number=number, until="delivered")
        (seen,) = sandbox_tracking(carrier_code="china-post", tracking_numbers=[number])
        assert [e.code for e in seen.happened] == INTERNATIONAL
        times = [e.due_at for e in seen.happened]
        assert times == sorted(times) and len(set(times)) == len(times)
        # Nothing left to move: a no-op.
        sandbox_shipment_simulate(carrier_code="china-post", tracking_number=number, until="delivered")
        with pytest.raises(CarrierError):
            sandbox_shipment_simulate(carrier_code="china-post", tracking_number=number, until="returned")

    def test_tracking_many_parcels_takes_two_queries(self, django_assert_max_num_queries):
        numbers = [register(s10_number("RR", 20000000 + n, "CN")).tracking_number for n in range(30)]
        SandboxEvent.objects.update(due_at=timezone.now() - timedelta(minutes=1))
        with django_assert_max_num_queries(2):
            shipments = sandbox_tracking(carrier_code="china-post", tracking_numbers=numbers)
            assert sum(len(s.happened) for s in shipments) == 30 * 7


@pytest.mark.django_db
def test_every_event_has_a_name_and_an_explanation_for_people():
    assert set(EVENT_EXPLANATIONS) == set(EventCode)
    assert event_label("delivered") == "Delivered"
    assert "delivered" in event_explanation("delivered")
    with pytest.raises(ValueError):
        event_label("lost")


# --- over HTTP: the adapter against the app's own sandbox API on a live server ------------------------


@pytest.fixture
def sandbox(live_server, settings):
    settings.CARAVAN_SANDBOX_CARRIER_API_URL = f"{live_server.url}/sandbox-carrier/api/v1/"
    settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 3600  # nothing happens by itself during a test
    return adapter_for("china-post")


def test_the_default_adapter_is_the_sandbox_and_registers_over_http(sandbox):
    assert isinstance(sandbox, SandboxCarrier) and sandbox.carrier_code == "china-post"
    shipment_id = sandbox.register(
        tracking_number=VALID, method_code="cn-post-registered", origin="CN", destination="BR"
    )
    assert shipment_id.startswith("SBX-")
    assert SandboxShipment.objects.get(tracking_number=VALID).shipment_id == shipment_id
    again = sandbox.register(tracking_number=VALID, method_code="cn-post-registered", origin="CN", destination="BR")
    assert again == shipment_id
    with pytest.raises(CarrierError) as error:
        sandbox.register(tracking_number=VALID, method_code="cn-post-registered", origin="CN", destination="DE")
    assert error.value.code == "conflict" and error.value.field == "tracking_number"


VALID = "RR123456785CN"


def test_polling_is_idempotent_same_events_same_ids(sandbox):
    sandbox.register(tracking_number=VALID, method_code="cn-post-registered", origin="CN", destination="BR")
    assert sandbox.poll([VALID]) == []
    sandbox.simulate(VALID, steps=2)
    first = sandbox.poll([VALID])
    assert [e.code for e in first] == INTERNATIONAL[:2]
    assert sandbox.poll([VALID, VALID]) == first  # again, and a number asked twice is one
    sandbox.simulate(VALID, until="delivered")
    everything = sandbox.poll([VALID])
    assert [e.code for e in everything] == INTERNATIONAL
    assert everything[:2] == first  # the same ids, times, places and words as before
    event = everything[-1]
    assert event.tracking_number == VALID and event.shipment_id.startswith("SBX-") and event.occurred_at.tzinfo
    assert event.location == "Brazil" and event.description == "Final delivery"


def test_polling_goes_in_batches_and_leaves_unknown_numbers_out(sandbox, settings):
    settings.CARAVAN_CARRIER_POLL_BATCH = 2
    numbers = [s10_number("RR", 30000000 + n, "CN") for n in range(5)]
    for number in numbers:
        sandbox.register(tracking_number=number, method_code="cn-post-registered", origin="CN", destination="FR")
        sandbox.simulate(number, steps=1)
    events = sandbox.poll([*numbers, s10_number("RR", 39999999, "CN")])
    assert sorted(e.tracking_number for e in events) == sorted(numbers)
    assert {e.code for e in events} == {"accepted"}


def test_the_api_wants_its_key_and_refuses_oversized_polls(sandbox, settings, live_server):
    import requests

    url = f"{live_server.url}/sandbox-carrier/api/v1/tracking/"
    payload = {"carrier": "china-post", "tracking_numbers": [VALID]}
    assert requests.post(url, json=payload, timeout=10).status_code == 401
    wrong = requests.post(url, json=payload, headers={"Authorization": "Bearer nope"}, timeout=10)
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    key = {"Authorization": f"Bearer {settings.CARAVAN_SANDBOX_CARRIER_API_KEY}"}
    too_many = {"carrier": "china-post", "tracking_numbers": [VALID] * (settings.CARAVAN_CARRIER_POLL_BATCH + 1)}
    response = requests.post(url, json=too_many, headers=key, timeout=10)
    assert response.status_code == 400 and response.json()["error"]["field"] == "tracking_numbers"
    assert requests.post(url, data=b"[", headers=key, timeout=10).status_code == 400
    assert requests.get(url, headers=key, timeout=10).status_code == 405
    settings.CARAVAN_SANDBOX_CARRIER_ENABLED = False
    assert requests.post(url, json=payload, headers=key, timeout=10).status_code == 404


def test_an_unreachable_carrier_is_a_transient_error(settings, db):
    settings.CARAVAN_SANDBOX_CARRIER_API_URL = "http://127.0.0.1:9/sandbox-carrier/api/v1/"  # discard port: refused
    with pytest.raises(CarrierUnavailable):
        adapter_for("china-post").poll([VALID])
