"""Payment gateways' webhooks: POST /api/v1/payments/webhooks/<gateway>/.

Anyone may call it (the gateway has no account with us), so nothing in the
request is trusted until escrow's adapter for that gateway has verified its
signature and timestamp; then escrow records the event once (a redelivery is
answered 200 and changes nothing). No CSRF (no session is used), no per-client
throttle: a gateway retrying a backlog must not be refused."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from escrow.gateways import gateway_get
from escrow.gateways.base import IGNORED
from escrow.services import gateway_event_record
from marketplace.api.examples import error_response


class PaymentWebhookApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    class OutputSerializer(serializers.Serializer):
        received = serializers.BooleanField()
        duplicate = serializers.BooleanField(help_text="The event was recorded before; nothing changed now.")
        event = serializers.CharField()

    @extend_schema(
        tags=["payments"],
        summary="Receive a payment gateway's event",
        description=(
            "Called by the payment gateway, not by people. The body is the gateway's JSON event, signed in the "
            "`Caravan-Signature` header (Stripe: `Stripe-Signature`) as `t=<unix time>,v1=<hex HMAC-SHA256 of "
            "'<t>.<body>'>`; a signature older than 300 s is refused. Each event is applied once however often it "
            "is delivered; an event type escrow has no use for is acknowledged and not recorded."
        ),
        parameters=[
            OpenApiParameter("gateway", str, OpenApiParameter.PATH, description="The gateway's code, e.g. sandbox."),
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
                "payment.succeeded",
                request_only=True,
                value={
                    "id": "evt_5f0c2a9d1e7b43a8c6d2f1e0",
                    "type": "payment.succeeded",
                    "created": 1796200000,
                    "data": {
                        "payment": "sbpay_8d1c3e5a7b9f2d4c6e8a0b1c",
                        "reference": "checkout:7f3a",
                        "amount": "150.00",
                        "currency": "BRL",
                        "method": "card",
                    },
                },
            ),
        ],
        responses={
            200: OutputSerializer,
            400: error_response("The signature is missing, wrong or too old, or the body is not an event."),
            404: error_response("No such gateway, or the event names a payment we do not know."),
            409: error_response("The event contradicts the payment (another amount)."),
        },
        auth=[],
    )
    def post(self, request, gateway: str) -> Response:
        adapter = gateway_get(gateway)
        event = adapter.verify_webhook(body=request.body, headers=request.headers)
        if event.kind == IGNORED:  # verified, but nothing escrow records (another event type): acknowledged
            return Response(self.OutputSerializer({"received": True, "duplicate": False, "event": event.id}).data)
        row, new = gateway_event_record(gateway=adapter.code, event=event)
        return Response(self.OutputSerializer({"received": True, "duplicate": not new, "event": row.event_id}).data)


__all__ = ["PaymentWebhookApi"]
