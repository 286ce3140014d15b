"""Carriers' tracking webhooks: POST /api/v1/carriers/webhooks/<carrier_code>/
(URL name "carrier-webhook", where the sandbox carrier delivers by default).

Anyone may call it, so nothing in the request is trusted until the carrier's
adapter has verified its signature and timestamp (logistics.carriers.base);
then the events are applied in one transaction (orders.fulfilment): an event
seen before (a redelivery, or one already polled) is left out. No session, no
CSRF, no per-client throttle (a carrier retrying a backlog must not be refused)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from logistics.carriers.base import adapter_for
from marketplace.api.examples import error_response

from .fulfilment import tracking_events_apply


class CarrierWebhookApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    class OutputSerializer(serializers.Serializer):
        received = serializers.IntegerField(help_text="Events in the request.")
        new = serializers.IntegerField(help_text="Events applied now; the others were received before.")

    @extend_schema(
        tags=["tracking"],
        summary="Receive a carrier's tracking events",
        description=(
            "Called by carriers, not by people. The body is `{carrier, events: [...]}`, signed in the "
            "`Caravan-Signature` header as `t=<unix time>,v1=<hex HMAC-SHA256 of '<t>.<body>'>`; a signature "
            "further than 300 s from now is refused. Each event is applied once however often it is delivered. "
            "An event for a tracking number no shipment has is a 404 and nothing of the request is applied."
        ),
        parameters=[
            OpenApiParameter("carrier_code", str, OpenApiParameter.PATH, description="The carrier, e.g. china-post."),
            OpenApiParameter(
                "Caravan-Signature",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="t=<unix time>,v1=<hex HMAC-SHA256>",
            ),
        ],
        request=OpenApiTypes.OBJECT,
        examples=[
            OpenApiExample(
                "tracking.events",
                request_only=True,
                value={
                    "type": "tracking.events",
                    "carrier": "china-post",
                    "events": [
                        {
                            "id": "sbc_evt_1",
                            "tracking_number": "RR123456785CN",
                            "shipment_id": "sbc_1a2b",
                            "code": "accepted",
                            "occurred_at": "2026-12-02T08:00:00+00:00",
                            "location": "Shenzhen, China",
                            "description": "Posting/collection",
                        }
                    ],
                },
            ),
        ],
        responses={
            200: OutputSerializer,
            400: error_response("The signature is missing, wrong or too old, or the body is not a list of events."),
            404: error_response("No shipment has that tracking number."),
        },
        auth=[],
    )
    def post(self, request, carrier_code: str) -> Response:
        events = adapter_for(carrier_code).verify_webhook(request.body, request.headers)
        new = tracking_events_apply(carrier_code=carrier_code, events=events, via="webhook", strict=True)
        return Response(self.OutputSerializer({"received": len(events), "new": len(new)}).data)


__all__ = ["CarrierWebhookApi"]
