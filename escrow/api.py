"""The seller's balance API (issue 13): GET /api/v1/seller/balance/ (pending and
available per settlement currency) and GET /api/v1/seller/balance/history/ (the
released orders with each one's breakdown: items, shipping, import VAT, rate, gross,
commission, FX remainder, net; newest first, paginated). Thin: reads
escrow.balances for the caller's own store only; a caller with no store gets 403."""

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_field
from moneyed import Money
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.errors import ApiErrorSerializer
from marketplace.api.fields import MoneyAmountOutputField
from marketplace.api.pagination import PagePagination, paginated_response
from marketplace.errors import NotPermitted
from sellers.models import Seller
from sellers.selectors import seller_for_user

from .balances import seller_balances, seller_release_history

ERROR_401 = OpenApiResponse(ApiErrorSerializer, description="Not logged in.")
ERROR_403 = OpenApiResponse(ApiErrorSerializer, description="The caller has no store on Caravan.")


def _own_store(user) -> Seller:
    seller = seller_for_user(user)
    if seller is None:
        raise NotPermitted("Only sellers have a balance: apply to sell on Caravan first.")
    return seller


class BalanceOutputSerializer(serializers.Serializer):
    currency = serializers.CharField(help_text="The settlement currency (CNY, RUB, EUR or TRY).")
    pending = MoneyAmountOutputField(help_text="Released, still inside the claim window.")
    available = MoneyAmountOutputField(help_text="Past the claim window, not paid out yet.")


class BalancesOutputSerializer(serializers.Serializer):
    claim_window_days = serializers.IntegerField()
    balances = BalanceOutputSerializer(many=True)


NULLABLE_AMOUNT = {"type": "string", "format": "decimal", "nullable": True}


class ReleaseOutputSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    released_at = serializers.DateTimeField()
    buyer_currency = serializers.CharField()
    paid = serializers.SerializerMethodField(
        help_text="Taken from escrow, in the buyer's currency: items + shipping + taxes."
    )
    items = serializers.SerializerMethodField(
        help_text="The items' price inside `paid` (paid − shipping − taxes), buyer's currency; null for a release "
        "made before shipping was recorded."
    )
    shipping = serializers.SerializerMethodField(
        help_text="The order's shipping charge inside `paid`, buyer's currency; null for a release made before "
        "it was recorded. Commission is taken on items and shipping."
    )
    taxes = serializers.SerializerMethodField(
        help_text="Import VAT (IOSS) collected at checkout inside `paid`, buyer's currency: collected by Caravan, "
        "which remits it; not converted, no commission, not paid to the seller. Null for a release made before "
        "taxes were recorded."
    )
    rate = serializers.DecimalField(max_digits=24, decimal_places=10, coerce_to_string=True,
                                    help_text="Locked rate: settlement units per buyer unit.")  # fmt: skip
    settlement_currency = serializers.CharField()
    gross = serializers.SerializerMethodField(help_text="(paid − taxes) × rate, rounded to the minor unit.")
    commission_rate = serializers.DecimalField(max_digits=5, decimal_places=4, coerce_to_string=True)
    commission = serializers.SerializerMethodField()
    net = serializers.SerializerMethodField(help_text="gross − commission: credited to the seller.")
    fx_remainder = serializers.DecimalField(max_digits=30, decimal_places=14, coerce_to_string=True,
                                            help_text="The conversion's exact sub-minor-unit remainder.")  # fmt: skip
    status = serializers.SerializerMethodField()
    available_at = serializers.DateTimeField(allow_null=True)

    def _money(self, amount, currency) -> str:
        return MoneyAmountOutputField().to_representation(Money(amount, currency))

    def get_paid(self, obj) -> str:
        return self._money(obj.amount, obj.buyer_currency)

    @extend_schema_field(NULLABLE_AMOUNT)
    def get_items(self, obj) -> str | None:
        return None if obj.shipping is None else self._money(obj.items, obj.buyer_currency)

    @extend_schema_field(NULLABLE_AMOUNT)
    def get_shipping(self, obj) -> str | None:
        return None if obj.shipping is None else self._money(obj.shipping, obj.buyer_currency)

    @extend_schema_field(NULLABLE_AMOUNT)
    def get_taxes(self, obj) -> str | None:
        return None if obj.taxes is None else self._money(obj.taxes, obj.buyer_currency)

    def get_gross(self, obj) -> str:
        return self._money(obj.gross, obj.settlement_currency)

    def get_commission(self, obj) -> str:
        return self._money(obj.commission, obj.settlement_currency)

    def get_net(self, obj) -> str:
        return self._money(obj.net, obj.settlement_currency)

    def get_status(self, obj) -> str:
        return "available" if obj.available_at else "pending"


BALANCE_EXAMPLE = {
    "claim_window_days": 15,
    "balances": [
        {"currency": "CNY", "pending": "43.99", "available": "543.02"},
        {"currency": "EUR", "pending": "0.00", "available": "46.00"},
    ],
}
RELEASE_EXAMPLE = {  # a buyer in Germany: 19 % import VAT on goods + shipping, collected by Caravan (IOSS)
    "order_id": 1, "released_at": "2026-03-12T10:00:00Z", "buyer_currency": "EUR", "paid": "119.00",
    "items": "85.00", "shipping": "15.00", "taxes": "19.00", "rate": "7.7812345000", "settlement_currency": "CNY",
    "gross": "778.12", "commission_rate": "0.0800", "commission": "62.25", "net": "715.87",
    "fx_remainder": "0.00345000000000", "status": "available", "available_at": "2026-03-27T10:20:00Z",
}  # fmt: skip


class SellerBalanceApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="seller_balance",
        summary="My balance: pending and available per settlement currency",
        responses={200: BalancesOutputSerializer, 401: ERROR_401, 403: ERROR_403},
        examples=[OpenApiExample("A store paid in CNY and EUR", value=BALANCE_EXAMPLE, response_only=True)],
    )
    def get(self, request):
        seller = _own_store(request.user)
        data = {"claim_window_days": settings.CARAVAN_CLAIM_WINDOW_DAYS, "balances": seller_balances(seller.pk)}
        return Response(BalancesOutputSerializer(data).data)


class SellerBalanceHistoryApi(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PagePagination

    @extend_schema(
        operation_id="seller_balance_history",
        summary="My released orders, newest first, each with its items, shipping, import VAT, commission and FX",
        responses={200: ReleaseOutputSerializer(many=True), 401: ERROR_401, 403: ERROR_403},
        examples=[
            OpenApiExample(
                "12,345 JPY released as 543.02 CNY",
                value={"count": 1, "next": None, "previous": None, "results": [RELEASE_EXAMPLE]},
                response_only=True,
            )
        ],
    )
    def get(self, request):
        seller = _own_store(request.user)
        return paginated_response(self, request, seller_release_history(seller.pk), ReleaseOutputSerializer)
