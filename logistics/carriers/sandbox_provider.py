"""The sandbox carrier's own side: what a real carrier runs on its servers.

A parcel registered here gets a scripted, realistic timeline (accepted, export
customs, departure, arrival, import customs, out for delivery, delivered) spread
over the method's transit time for its destination, one simulated day lasting
CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY seconds (20 by default: on `make run` an
economy parcel is delivered in about eight minutes). An event has happened once
its time has passed: polling shows it, and the periodic
`sandbox_events_release` queues its signed webhook. `sandbox_shipment_simulate`
is the sandbox's "simulate" control: it makes the next events happen now.

Scenarios, chosen by the tracking number (documented for testers in the README):
the digits of the number before its check digit (an S10 number's 8-digit serial,
a DHL waybill's first 9 digits) ending in 98 end in an exception (held by
customs), ending in 99 end returned to the sender; every other parcel is delivered.

Caravan's code reaches this module only through the HTTP API in
`sandbox_views` (the adapter in `sandbox.py` is a plain HTTP client).
"""

import json
import re
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_countries import countries

from marketplace.jobs import enqueue

from ..models import ShippingMethod, Zone
from .base import CarrierError, event_to_wire, webhook_signature
from .events import EventCode, TrackingEvent
from .models import SandboxEvent, SandboxScenario, SandboxShipment, WebhookStatus

NUMBER = re.compile(r"^[A-Z0-9]{8,40}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
RELEASE_BATCH = 500
DELIVER_TASK = "logistics.carriers.tasks.sandbox_webhook_deliver_task"
# Calendar days of transit when the method has no zone for the destination.
FALLBACK_TRANSIT_DAYS = {"express": 5, "standard": 14, "economy": 21}
# Where parcels are handed over, per origin (the sandbox's sorting centres).
ORIGIN_HUBS = {"CN": "Shenzhen", "RU": "Moscow", "IT": "Milan", "ES": "Madrid", "TR": "Istanbul"}
# The carrier's own words, as its tracking pages print them (English, not translated:
# Caravan shows its own translated label beside them).
POSTAL_WORDS = {
    EventCode.ACCEPTED: "Posting/collection",
    EventCode.EXPORT_CUSTOMS: "Export customs clearance completed",
    EventCode.DEPARTED_ORIGIN: "Departure from outward office of exchange",
    EventCode.ARRIVED_DESTINATION: "Arrival at inward office of exchange",
    EventCode.IMPORT_CUSTOMS: "Released by import customs",
    EventCode.OUT_FOR_DELIVERY: "Out for delivery",
    EventCode.DELIVERED: "Final delivery",
}
COURIER_WORDS = {
    EventCode.ACCEPTED: "Shipment picked up",
    EventCode.EXPORT_CUSTOMS: "Customs status updated: export clearance complete",
    EventCode.DEPARTED_ORIGIN: "Departed facility",
    EventCode.ARRIVED_DESTINATION: "Arrived at DHL Sort Facility",
    EventCode.IMPORT_CUSTOMS: "Clearance processing complete",
    EventCode.OUT_FOR_DELIVERY: "With delivery courier",
    EventCode.DELIVERED: "Delivered - Signed for by receiver",
}
DOMESTIC_WORDS = {
    EventCode.DEPARTED_ORIGIN: "Departed from sorting centre",
    EventCode.ARRIVED_DESTINATION: "Arrived at delivery office",
}
EXCEPTION_WORDS = "Held by customs: the addressee must provide an invoice and pay the import duty"
UNDELIVERABLE_WORDS = "Unsuccessful delivery: addressee unknown at the address"
RETURNED_WORDS = "Returned to sender"


@dataclass(frozen=True)
class Step:
    code: str
    at: float  # share of the transit time
    where: str  # "origin" or "destination"
    words: str


def sandbox_scenario_for(tracking_number: str) -> str:
    """DELIVERED, or EXCEPTION / RETURNED for a serial ending in 98 / 99."""
    serial = re.sub(r"\D", "", tracking_number)[:-1]
    if serial.endswith("99"):
        return SandboxScenario.RETURNED
    if serial.endswith("98"):
        return SandboxScenario.EXCEPTION
    return SandboxScenario.DELIVERED


def sandbox_script(*, kind: str, domestic: bool, scenario: str) -> list[Step]:
    """The steps of a timeline, each at a share of the transit time."""
    words = COURIER_WORDS if kind == "courier" else POSTAL_WORDS
    if domestic:
        steps = [
            Step(EventCode.ACCEPTED, 0.05, "origin", words[EventCode.ACCEPTED]),
            Step(EventCode.DEPARTED_ORIGIN, 0.3, "origin", DOMESTIC_WORDS[EventCode.DEPARTED_ORIGIN]),
            Step(EventCode.ARRIVED_DESTINATION, 0.7, "destination", DOMESTIC_WORDS[EventCode.ARRIVED_DESTINATION]),
            Step(EventCode.OUT_FOR_DELIVERY, 0.93, "destination", words[EventCode.OUT_FOR_DELIVERY]),
            Step(EventCode.DELIVERED, 1.0, "destination", words[EventCode.DELIVERED]),
        ]
    else:
        steps = [
            Step(EventCode.ACCEPTED, 0.02, "origin", words[EventCode.ACCEPTED]),
            Step(EventCode.EXPORT_CUSTOMS, 0.1, "origin", words[EventCode.EXPORT_CUSTOMS]),
            Step(EventCode.DEPARTED_ORIGIN, 0.15, "origin", words[EventCode.DEPARTED_ORIGIN]),
            Step(EventCode.ARRIVED_DESTINATION, 0.55, "destination", words[EventCode.ARRIVED_DESTINATION]),
            Step(EventCode.IMPORT_CUSTOMS, 0.7, "destination", words[EventCode.IMPORT_CUSTOMS]),
            Step(EventCode.OUT_FOR_DELIVERY, 0.93, "destination", words[EventCode.OUT_FOR_DELIVERY]),
            Step(EventCode.DELIVERED, 1.0, "destination", words[EventCode.DELIVERED]),
        ]
    if scenario == SandboxScenario.EXCEPTION:
        cut = next(i for i, s in enumerate(steps) if s.code in (EventCode.IMPORT_CUSTOMS, EventCode.OUT_FOR_DELIVERY))
        steps = [*steps[:cut], Step(EventCode.EXCEPTION, steps[cut].at, "destination", EXCEPTION_WORDS)]
    elif scenario == SandboxScenario.RETURNED:
        cut = next(i for i, s in enumerate(steps) if s.code == EventCode.OUT_FOR_DELIVERY)
        steps = [
            *steps[: cut + 1],
            Step(EventCode.EXCEPTION, 0.96, "destination", UNDELIVERABLE_WORDS),
            Step(EventCode.RETURNED, 1.0, "destination", RETURNED_WORDS),
        ]
    return steps


def transit_days(method: ShippingMethod, origin: str, destination: str) -> float:
    """Calendar days from acceptance to delivery: the middle of the zone's business-day range."""
    for zone in Zone.objects.filter(method=method, origin=origin):
        if destination in (zone.countries or []):
            return (zone.transit_days_min + zone.transit_days_max) / 2 * 7 / 5
    return FALLBACK_TRANSIT_DAYS.get(method.service_level, 14)


def _place(code: str) -> str:
    with override("en"):
        name = str(countries.name(code)) or code
    hub = ORIGIN_HUBS.get(code)
    return f"{hub}, {name}" if hub else name


@transaction.atomic
def sandbox_shipment_register(
    *, carrier_code: str, tracking_number: str, method_code: str, origin: str, destination: str, now=None
) -> SandboxShipment:
    """Register a parcel and script its timeline from `now`. Idempotent: the same
    number registered again with the same route returns the first registration;
    with another route it is refused (CarrierError)."""
    if not NUMBER.match(tracking_number or ""):
        raise CarrierError(_("A tracking number is 8 to 40 capital letters and digits."), field="tracking_number")
    for field, value in (("origin", origin), ("destination", destination)):
        if not COUNTRY.match(value or "") or value not in countries:
            raise CarrierError(_("%(field)s is not a country code.") % {"field": field}, field=field)
    method = ShippingMethod.objects.filter(code=method_code).first()
    if method is None:
        raise CarrierError(_("Unknown service %(code)s.") % {"code": method_code}, field="method")
    existing = SandboxShipment.objects.filter(carrier_code=carrier_code, tracking_number=tracking_number).first()
    if existing is None:
        try:
            with transaction.atomic():
                existing = _create(carrier_code, tracking_number, method, origin, destination, now or timezone.now())
        except IntegrityError:  # registered at the same moment by another request
            existing = SandboxShipment.objects.get(carrier_code=carrier_code, tracking_number=tracking_number)
    if (existing.method_code, existing.origin, existing.destination) != (method_code, origin, destination):
        raise CarrierError(
            _("%(number)s is already registered for another route.") % {"number": tracking_number},
            field="tracking_number",
            code="conflict",
        )
    return existing


def _create(carrier_code, tracking_number, method, origin, destination, now) -> SandboxShipment:
    scenario = sandbox_scenario_for(tracking_number)
    shipment = SandboxShipment.objects.create(
        shipment_id=f"SBX-{uuid.uuid4().hex[:16].upper()}",
        carrier_code=carrier_code,
        tracking_number=tracking_number,
        method_code=method.code,
        origin=origin,
        destination=destination,
        scenario=scenario,
    )
    day = settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY
    days = transit_days(method, origin, destination)
    places = {"origin": _place(origin), "destination": _place(destination)}
    steps = sandbox_script(kind=method.kind, domestic=origin == destination, scenario=scenario)
    SandboxEvent.objects.bulk_create(
        SandboxEvent(
            shipment=shipment,
            seq=n,
            event_id=f"sbx_evt_{uuid.uuid4().hex}",
            code=step.code,
            due_at=now + timedelta(seconds=step.at * days * day),
            location=places[step.where],
            description=step.words,
        )
        for n, step in enumerate(steps, start=1)
    )
    return shipment


def sandbox_tracking(*, carrier_code: str, tracking_numbers: list[str], now=None) -> list[SandboxShipment]:
    """The shipments among `tracking_numbers`, each with `.happened`: its events so
    far, in order. Two queries, whatever the count. Reads only: polling twice gives
    the same events with the same ids."""
    now = now or timezone.now()
    happened = SandboxEvent.objects.filter(due_at__lte=now).order_by("seq")
    return list(
        SandboxShipment.objects.filter(carrier_code=carrier_code, tracking_number__in=tracking_numbers)
        .order_by("tracking_number")
        .prefetch_related(Prefetch("events", queryset=happened, to_attr="happened"))
    )


@transaction.atomic
def sandbox_shipment_simulate(
    *, carrier_code: str, tracking_number: str, steps: int = 1, until: str | None = None, now=None
) -> SandboxShipment:
    """Make the next `steps` events (or every event up to the first `until`) happen
    now, in order, and queue their webhooks. Locks the shipment's events. A
    timeline already finished is left as it is."""
    now = now or timezone.now()
    shipment = SandboxShipment.objects.filter(carrier_code=carrier_code, tracking_number=tracking_number).first()
    if shipment is None:
        raise CarrierError(_("No shipment %(number)s.") % {"number": tracking_number}, code="not_found")
    events = list(SandboxEvent.objects.select_for_update().filter(shipment=shipment).order_by("seq"))
    if until is not None and until not in EventCode.values:
        raise CarrierError(_("Unknown event %(code)s.") % {"code": until}, field="until")
    pending = [e for e in events if e.due_at > now]
    if until is not None:
        end = next((i for i, e in enumerate(pending) if e.code == until), None)
        if end is None and not any(e.code == until for e in events):
            raise CarrierError(_("This shipment's timeline has no %(code)s event.") % {"code": until}, field="until")
        pending = pending[: end + 1] if end is not None else []
    else:
        pending = pending[: max(steps, 0)]
    previous = max((e.due_at for e in events if e.due_at <= now), default=shipment.created_at)
    for i, event in enumerate(pending):
        # Strictly after the last event that happened, and not in the future.
        previous = min(now, max(previous + timedelta(microseconds=1), now - timedelta(milliseconds=len(pending) - i)))
        event.due_at = previous
    SandboxEvent.objects.bulk_update(pending, ["due_at"])
    sandbox_events_release(now=now)
    return shipment


def sandbox_events_release(*, now=None) -> int:
    """Queue the webhook of every event whose time has come (the periodic job, and
    `simulate`). Batches under FOR UPDATE SKIP LOCKED, so two runs never queue one
    event twice. Returns how many were queued."""
    now = now or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            ids = list(
                SandboxEvent.objects.select_for_update(skip_locked=True)
                .filter(webhook_status=WebhookStatus.WAITING, due_at__lte=now)
                .order_by("due_at", "pk")
                .values_list("pk", flat=True)[:RELEASE_BATCH]
            )
            if not ids:
                return total
            SandboxEvent.objects.filter(pk__in=ids).update(webhook_status=WebhookStatus.QUEUED)
            for pk in ids:
                enqueue(DELIVER_TASK, event_pk=pk)
        total += len(ids)


# --- webhook delivery ------------------------------------------------------------------------


class WebhookDeliveryFailed(Exception):
    """The receiver did not take the webhook (no answer, or not 2xx): retry later."""


class WebhookNoEndpoint(Exception):
    """There is no URL to deliver to (the receiving endpoint is not installed): do not retry."""


def sandbox_webhook_url(carrier_code: str) -> str:
    template = settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_URL
    if template:
        return template.replace("{carrier}", carrier_code)
    try:
        path = reverse("carrier-webhook", kwargs={"carrier_code": carrier_code})
    except NoReverseMatch:
        raise WebhookNoEndpoint("no URL named carrier-webhook is installed") from None
    return settings.CARAVAN_SITE_URL.rstrip("/") + path


def sandbox_event_value(event: SandboxEvent) -> TrackingEvent:
    return TrackingEvent(
        event_id=event.event_id,
        tracking_number=event.shipment.tracking_number,
        shipment_id=event.shipment.shipment_id,
        code=event.code,
        occurred_at=event.due_at,
        location=event.location,
        description=event.description,
    )


def webhook_body(event: SandboxEvent) -> bytes:
    payload = {
        "type": "tracking.events",
        "carrier": event.shipment.carrier_code,
        "created": int(time.time()),
        "events": [event_to_wire(sandbox_event_value(event))],
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def sandbox_webhook_deliver(*, event_pk: int) -> bool:
    """POST one event's signed webhook. True once delivered (now or before);
    raises WebhookDeliveryFailed for the task to retry, WebhookNoEndpoint when
    there is nowhere to send it. No row lock is held during the request; a
    duplicate delivery is harmless (the receiver recognises the event id)."""
    event = SandboxEvent.objects.select_related("shipment").filter(pk=event_pk).first()
    if event is None or event.webhook_status == WebhookStatus.DELIVERED:
        return True
    url = sandbox_webhook_url(event.shipment.carrier_code)
    body = webhook_body(event)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "SandboxCarrier-Webhooks/1",
        "Caravan-Signature": webhook_signature(body, secret=settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_SECRET),
    }
    SandboxEvent.objects.filter(pk=event_pk).update(webhook_attempts=F("webhook_attempts") + 1)
    try:
        response = requests.post(
            url, data=body, headers=headers, timeout=settings.CARAVAN_CARRIER_HTTP_TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as e:
        _delivery_failed(event_pk, f"{type(e).__name__}: {e}")
    if not 200 <= response.status_code < 300:
        _delivery_failed(event_pk, f"HTTP {response.status_code} from {url}")
    SandboxEvent.objects.filter(pk=event_pk).update(
        webhook_status=WebhookStatus.DELIVERED, webhook_delivered_at=timezone.now(), webhook_last_error=""
    )
    return True


def _delivery_failed(event_pk: int, error: str):
    SandboxEvent.objects.filter(pk=event_pk).update(webhook_last_error=error[:500])
    raise WebhookDeliveryFailed(error)


def sandbox_webhook_give_up(*, event_pk: int, error: str) -> None:
    SandboxEvent.objects.filter(pk=event_pk).exclude(webhook_status=WebhookStatus.DELIVERED).update(
        webhook_status=WebhookStatus.FAILED, webhook_last_error=error[:500]
    )
