"""Completion and cancellation requests in the API (issue 13, orders/completion.py):
the buyer's POST /api/v1/orders/<id>/confirm/, /extend-protection/ and
/cancel-request/, the seller's POST /api/v1/seller/orders/<id>/cancel-request/
({accept, reason}). Each answers with the order, its clock and what happens
next in the caller's language. Someone else's order is a 404."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.examples import ERROR_400, error_example, error_response
from marketplace.errors import NotFound

from . import completion
from .order_api import ERROR_404, NOT_A_SELLER, TAGS, OrderDetailOut, _approved_seller
from .selectors import order_with_history, orders_for_buyer, orders_for_seller

ERROR_409 = error_response("The order cannot do that now (not shipped yet, already extended, no open request).")


CompletionOut = OrderDetailOut  # every order answer carries the completion fields and the next step


def _buyer_answer(request, order_id: int) -> Response:
    order = order_with_history(orders_for_buyer(request.user), order_id)
    return Response(CompletionOut(order, context={"request": request}).data)


def _own(request, order_id: int) -> None:
    if not orders_for_buyer(request.user).filter(pk=order_id).exists():
        raise NotFound(_("There is no such order."))


class OrderConfirmReceiptApi(APIView):
    """The buyer got the goods: the order completes and the seller is paid."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="order_confirm", tags=TAGS, request=None,
                   responses={200: CompletionOut, 404: ERROR_404, 409: ERROR_409})  # fmt: skip
    def post(self, request, order_id: int):
        _own(request, order_id)
        completion.order_confirm_receipt(order_id=order_id, actor=request.user)
        return _buyer_answer(request, order_id)


class OrderProtectionExtendApi(APIView):
    """Extend buyer protection once, before it ends."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="order_extend_protection", tags=TAGS, request=None,
                   responses={200: CompletionOut, 404: ERROR_404, 409: ERROR_409})  # fmt: skip
    def post(self, request, order_id: int):
        _own(request, order_id)
        completion.order_protection_extend(order_id=order_id, actor=request.user)
        return _buyer_answer(request, order_id)


class OrderCancelRequestApi(APIView):
    """Ask the seller to cancel a paid order that has not shipped; silence accepts."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    @extend_schema(operation_id="order_cancel_request", tags=TAGS, request=InputSerializer,
                   responses={200: CompletionOut, 400: ERROR_400, 404: ERROR_404, 409: ERROR_409},
                   examples=[OpenApiExample("Why", request_only=True,
                                            value={"reason": "Ordered the wrong size"})])  # fmt: skip
    def post(self, request, order_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _own(request, order_id)
        completion.order_cancel_request(order_id=order_id, actor=request.user, reason=data.validated_data["reason"])
        return _buyer_answer(request, order_id)


class SellerCancelAnswerApi(APIView):
    """Answer the buyer's cancellation request: accept (cancelled, refunded,
    stock back) or decline with a reason (the order stays to be shipped)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        accept = serializers.BooleanField()
        reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                       help_text="Required to decline.")  # fmt: skip

    @extend_schema(
        operation_id="seller_order_cancel_answer", tags=TAGS, request=InputSerializer,
        responses={200: CompletionOut, 400: ERROR_400, 403: NOT_A_SELLER, 404: ERROR_404, 409: ERROR_409},
        examples=[
            OpenApiExample("Decline", request_only=True, value={"accept": False, "reason": "Already packed"}),
            error_example("No reason", 400, "invalid", "Tell the buyer why you decline.", field="reason"),
        ],
    )  # fmt: skip
    def post(self, request, order_id: int):
        seller = _approved_seller(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not orders_for_seller(seller).filter(pk=order_id).exists():
            raise NotFound(_("There is no such order."))
        completion.order_cancel_answer(order_id=order_id, seller=seller, actor=request.user,
                                       accept=data.validated_data["accept"],
                                       reason=data.validated_data["reason"])  # fmt: skip
        order = order_with_history(orders_for_seller(seller), order_id)
        return Response(CompletionOut(order, context={"request": request, "seller_view": True}).data)
