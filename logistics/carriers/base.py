"""The carrier adapter interface, its errors, and the webhook signature scheme.

An adapter is what Caravan knows about one carrier's API: it registers a parcel,
polls the events of many parcels at once, and checks a webhook the carrier sent.
`adapter_for(carrier_code)` picks the adapter of a carrier (settings
CARAVAN_CARRIER_ADAPTERS; every carrier without a real integration is played by
the sandbox carrier).

Signed webhooks: the scheme of marketplace.webhooks (`Caravan-Signature:
t=<unix seconds>,v1=<hex>`, v1 = HMAC-SHA256(secret, "<t>.<raw body>"), several v1
while a secret is rotated) with CARAVAN_CARRIER_WEBHOOK_TOLERANCE_SECONDS; within
the window a replay carries event ids already seen
(`logistics.carriers.services.tracking_events_accept`).
"""

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from marketplace import webhooks
from marketplace.errors import DomainError

from .events import EventCode, TrackingEvent

SIGNATURE_HEADER = "Caravan-Signature"


class CarrierError(DomainError):
    """The carrier refused a request (a bad number, an unknown shipment): retrying will not help."""

    code = "carrier_refused"


class CarrierUnavailable(Exception):
    """The carrier could not be reached or answered with a server error: retry later."""


class WebhookRejected(DomainError):
    """A webhook that is not authentic, too old, or not understood; answer it 400."""

    code = "webhook_rejected"


class CarrierAdapter(ABC):
    """One carrier's API. Instances are cheap; `adapter_for` makes one per call."""

    def __init__(self, carrier_code: str):
        self.carrier_code = carrier_code

    @abstractmethod
    def register(self, *, tracking_number: str, method_code: str, origin: str, destination: str) -> str:
        """Tell the carrier about a parcel; return the carrier's shipment id.
        Idempotent: registering the same number again returns the same id.
        Network I/O: call it from a task, outside any transaction holding locks."""

    @abstractmethod
    def poll(self, tracking_numbers: Sequence[str]) -> list[TrackingEvent]:
        """Every event so far of each parcel, in bulk (batched as the carrier allows).
        Repeating a poll returns the same events with the same ids; unknown numbers
        are left out. Raises CarrierUnavailable for a transient failure."""

    @abstractmethod
    def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> list[TrackingEvent]:
        """The events of an authentic, fresh webhook request; WebhookRejected otherwise."""


def adapter_for(carrier_code: str) -> CarrierAdapter:
    """The adapter that speaks to `carrier_code` (a `Carrier.code`)."""
    path = settings.CARAVAN_CARRIER_ADAPTERS.get(carrier_code, settings.CARAVAN_CARRIER_DEFAULT_ADAPTER)
    return import_string(path)(carrier_code)


# --- signatures ----------------------------------------------------------------------------


def webhook_signature(body: bytes, *, secret: str, timestamp: int | None = None) -> str:
    """The Caravan-Signature header value for `body` signed now (or at `timestamp`)."""
    return webhooks.sign(secret, body, timestamp)


def webhook_verify(body: bytes, headers: Mapping[str, str], *, secret: str, now: float | None = None) -> None:
    """Raise WebhookRejected unless `headers` carry a fresh, matching signature
    of `body` (marketplace.webhooks.verify)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    header = lowered.get(SIGNATURE_HEADER.lower()) or lowered.get("http_" + SIGNATURE_HEADER.lower().replace("-", "_"))
    try:
        webhooks.verify(secret, body, header, tolerance=settings.CARAVAN_CARRIER_WEBHOOK_TOLERANCE_SECONDS, now=now)
    except webhooks.SignatureRejected as e:
        raise WebhookRejected(e.message) from e


# --- the wire format of an event (the sandbox's; a real adapter maps its carrier's) ---------


def event_to_wire(event: TrackingEvent) -> dict:
    return {
        "id": event.event_id,
        "tracking_number": event.tracking_number,
        "shipment_id": event.shipment_id,
        "code": event.code,
        "occurred_at": event.occurred_at.isoformat(),
        "location": event.location,
        "description": event.description,
    }


def event_from_wire(data: object, error=WebhookRejected) -> TrackingEvent:
    """A TrackingEvent from its JSON object; `error` (an exception class) for anything malformed."""
    if not isinstance(data, dict):
        raise error(_("An event is not a JSON object."))
    try:
        occurred_at = datetime.fromisoformat(str(data["occurred_at"]))
        event = TrackingEvent(
            event_id=_text(data["id"], 100),
            tracking_number=_text(data["tracking_number"], 40),
            shipment_id=_text(data.get("shipment_id", ""), 100, blank=True),
            code=EventCode(data["code"]).value,
            occurred_at=occurred_at,
            location=_text(data.get("location", ""), 200, blank=True),
            description=_text(data.get("description", ""), 500, blank=True),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise error(_("An event is missing a field or has a wrong value (%(detail)s).") % {"detail": e}) from None
    if occurred_at.tzinfo is None:
        raise error(_("An event's time has no time zone."))
    return event


def events_from_body(body: bytes, error=WebhookRejected) -> list[TrackingEvent]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise error(_("The body is not JSON.")) from None
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        raise error(_("The body has no list of events."))
    return [event_from_wire(e, error) for e in events]


def _text(value: object, limit: int, *, blank: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit or (not blank and not value):
        raise ValueError(f"a text of at most {limit} characters, not {value!r:.60}")
    return value
