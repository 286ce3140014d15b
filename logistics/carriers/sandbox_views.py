"""The sandbox carrier's HTTP JSON API (the provider's side; see sandbox.py for the
routes). Plain Django views, not DRF: this is another company's API that happens to
be served by the same process, not part of Caravan's /api/v1/ schema."""

import hmac
import json
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .base import CarrierError, event_to_wire
from .events import EventCode
from .sandbox_provider import (
    sandbox_event_value,
    sandbox_shipment_register,
    sandbox_shipment_simulate,
    sandbox_tracking,
)


def _error(status: int, message: str, *, code: str = "invalid", field: str | None = None) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "field": field}}, status=status)


def sandbox_api(view):
    """Enabled, authenticated by the API key, JSON in, CarrierError → 4xx JSON."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not settings.CARAVAN_SANDBOX_CARRIER_ENABLED:
            raise Http404
        scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
        expected = settings.CARAVAN_SANDBOX_CARRIER_API_KEY.encode()
        if scheme != "Bearer" or not expected or not hmac.compare_digest(key.encode(), expected):
            return _error(401, "A valid API key is required (Authorization: Bearer <key>).", code="unauthorized")
        payload = {}
        if request.method == "POST":
            try:
                payload = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                return _error(400, "The body is not JSON.")
            if not isinstance(payload, dict):
                return _error(400, "The body is not a JSON object.")
        try:
            return view(request, payload, *args, **kwargs)
        except CarrierError as e:
            status = {"not_found": 404, "conflict": 409}.get(e.code, 400)
            return _error(status, e.message, code=e.code, field=e.field)

    return wrapper


def _shipment_json(shipment, events) -> dict:
    return {
        "shipment_id": shipment.shipment_id,
        "carrier": shipment.carrier_code,
        "tracking_number": shipment.tracking_number,
        "method": shipment.method_code,
        "origin": shipment.origin,
        "destination": shipment.destination,
        "events": [event_to_wire(sandbox_event_value(e)) for e in events],
    }


def _text(payload: dict, key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value:
        raise CarrierError(f"{key} is required (a string).", field=key)
    return value


@require_POST
@sandbox_api
def shipments_create(request, payload):
    shipment = sandbox_shipment_register(
        carrier_code=_text(payload, "carrier"),
        tracking_number=_text(payload, "tracking_number"),
        method_code=_text(payload, "method"),
        origin=_text(payload, "origin"),
        destination=_text(payload, "destination"),
    )
    return JsonResponse(_shipment_json(shipment, []), status=201)


@require_POST
@sandbox_api
def tracking(request, payload):
    numbers = payload.get("tracking_numbers")
    if not isinstance(numbers, list) or not numbers or not all(isinstance(n, str) for n in numbers):
        raise CarrierError("tracking_numbers is a list of strings.", field="tracking_numbers")
    if len(numbers) > settings.CARAVAN_CARRIER_POLL_BATCH:
        raise CarrierError(
            f"At most {settings.CARAVAN_CARRIER_POLL_BATCH} tracking numbers per request.", field="tracking_numbers"
        )
    shipments = sandbox_tracking(carrier_code=_text(payload, "carrier"), tracking_numbers=numbers)
    found = {s.tracking_number for s in shipments}
    return JsonResponse(
        {
            "shipments": [_shipment_json(s, s.happened) for s in shipments],
            "not_found": [n for n in numbers if n not in found],
        }
    )


@require_GET
@sandbox_api
def shipment_detail(request, payload, carrier, number):
    shipments = sandbox_tracking(carrier_code=carrier, tracking_numbers=[number])
    if not shipments:
        return _error(404, f"No shipment {number}.", code="not_found")
    return JsonResponse(_shipment_json(shipments[0], shipments[0].happened))


@require_POST
@sandbox_api
def shipment_simulate(request, payload, carrier, number):
    until = payload.get("until")
    steps = payload.get("steps", 1)
    if until is not None and until not in EventCode.values:
        raise CarrierError(f"until is one of {', '.join(EventCode.values)}.", field="until")
    if not isinstance(steps, int) or isinstance(steps, bool) or not 1 <= steps <= 20:
        raise CarrierError("steps is a whole number from 1 to 20.", field="steps")
    sandbox_shipment_simulate(carrier_code=carrier, tracking_number=number, steps=steps, until=until)
    shipments = sandbox_tracking(carrier_code=carrier, tracking_numbers=[number])
    return JsonResponse(_shipment_json(shipments[0], shipments[0].happened))
