"""The adapter of the sandbox carrier: an HTTP client of its JSON API, written as
for any real carrier (API key, bulk tracking in batches, signed webhooks).

API (served by this app under /sandbox-carrier/api/v1/, `Authorization: Bearer <key>`):
  POST shipments/   {carrier, tracking_number, method, origin, destination} → {shipment_id, …}
  POST tracking/    {carrier, tracking_numbers: [at most CARAVAN_CARRIER_POLL_BATCH]}
                    → {shipments: [{shipment_id, tracking_number, …, events: [...]}], not_found: [...]}
  GET  shipments/<carrier>/<number>/            → the shipment and its events so far
  POST shipments/<carrier>/<number>/simulate/   {steps: n} or {until: code} → the next events happen now
"""

import json
from collections.abc import Mapping, Sequence

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from .base import (
    CarrierAdapter,
    CarrierError,
    CarrierUnavailable,
    WebhookRejected,
    event_from_wire,
    events_from_body,
    webhook_verify,
)
from .events import TrackingEvent


class SandboxCarrier(CarrierAdapter):
    def register(self, *, tracking_number: str, method_code: str, origin: str, destination: str) -> str:
        data = self._call(
            "POST",
            "shipments/",
            {"carrier": self.carrier_code, "tracking_number": tracking_number, "method": method_code,
             "origin": origin, "destination": destination},
        )  # fmt: skip
        return str(data["shipment_id"])

    def poll(self, tracking_numbers: Sequence[str]) -> list[TrackingEvent]:
        numbers = list(dict.fromkeys(tracking_numbers))
        batch = settings.CARAVAN_CARRIER_POLL_BATCH
        events: list[TrackingEvent] = []
        for start in range(0, len(numbers), batch):
            data = self._call(
                "POST", "tracking/", {"carrier": self.carrier_code, "tracking_numbers": numbers[start : start + batch]}
            )
            for shipment in data.get("shipments", []):
                events += [event_from_wire(e, CarrierError) for e in shipment.get("events", [])]
        return events

    def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> list[TrackingEvent]:
        webhook_verify(body, headers, secret=settings.CARAVAN_SANDBOX_CARRIER_WEBHOOK_SECRET)
        events = events_from_body(body)
        if json.loads(body).get("carrier") != self.carrier_code:  # parsed above: a JSON object
            raise WebhookRejected(_("The webhook is for another carrier."))
        return events

    def simulate(self, tracking_number: str, *, steps: int = 1, until: str | None = None) -> list[TrackingEvent]:
        """The sandbox's control call (no real carrier has it): make the next events
        happen now. Returns the shipment's events so far."""
        payload = {"until": until} if until else {"steps": steps}
        data = self._call("POST", f"shipments/{self.carrier_code}/{tracking_number}/simulate/", payload)
        return [event_from_wire(e, CarrierError) for e in data.get("events", [])]

    def _call(self, method: str, path: str, payload: dict | None = None) -> dict:
        url = settings.CARAVAN_SANDBOX_CARRIER_API_URL.rstrip("/") + "/" + path
        headers = {"Authorization": f"Bearer {settings.CARAVAN_SANDBOX_CARRIER_API_KEY}", "Accept": "application/json"}
        try:
            response = requests.request(
                method, url, json=payload, headers=headers, timeout=settings.CARAVAN_CARRIER_HTTP_TIMEOUT
            )
        except requests.RequestException as e:
            raise CarrierUnavailable(f"sandbox carrier at {url}: {type(e).__name__}: {e}") from e
        if response.status_code == 429 or response.status_code >= 500:
            raise CarrierUnavailable(f"sandbox carrier at {url}: HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            raise CarrierUnavailable(f"sandbox carrier at {url}: HTTP {response.status_code}, not JSON") from None
        if response.status_code >= 400:
            error = data.get("error", {}) if isinstance(data, dict) else {}
            raise CarrierError(
                str(error.get("message") or _("The carrier refused the request.")),
                field=error.get("field"),
                code=error.get("code"),
            )
        return data
