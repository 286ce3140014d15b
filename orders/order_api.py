"""Checkout and orders in the API: POST /api/v1/checkout/ (place the cart:
orders and the payment to redirect to), the buyer's GET /api/v1/orders/,
GET /api/v1/orders/<id>/, POST /api/v1/orders/<id>/cancel/, and the seller's
GET /api/v1/seller/orders/ and /<id>/. Someone else's order is a 404."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from listings.display import Prices
from marketplace.api.examples import ERROR_400, error_example, error_response
from marketplace.api.pagination import PagePagination, paginated_response
from marketplace.errors import NotFound, NotPermitted
from marketplace.money import format_money
from sellers.selectors import seller_for_user

from .api import MoneyOut
from .checkout import checkout_place
from .countdown import order_countdown
from .display import reader_timezone
from .selectors import order_with_history, orders_for_buyer, orders_for_seller
from .services import order_cancel

TAGS = ["orders"]
ERROR_404 = error_response("There is no such order among yours.")
ERROR_409 = error_response("The order cannot move that way (only an order awaiting payment can be cancelled).")
CHANGED = error_example(
    "The cart changed",
    400,
    "invalid",
    "Dress (DRESS-RED-M): The price changed from CN¥100.00 to CN¥120.00 a lot since you added it.",
    field="cart",
)


def _money(value) -> dict:
    return {"amount": str(value.amount), "currency": value.currency.code,
            "formatted": format_money(value, get_language())}  # fmt: skip


class LineOut(serializers.Serializer):
    listing = serializers.IntegerField(source="listing_id")
    variant = serializers.IntegerField(source="variant_id")
    sku = serializers.CharField()
    title = serializers.CharField(help_text="In the seller's language.")
    title_buyer = serializers.CharField(help_text="In the buyer's language.")
    options = serializers.DictField(child=serializers.CharField())
    lots = serializers.IntegerField()
    lot_size = serializers.IntegerField()
    unit_price = serializers.SerializerMethodField(help_text="Per lot, in the seller's currency.")
    unit_price_buyer = serializers.SerializerMethodField()
    weight_grams = serializers.IntegerField()
    hs_code = serializers.CharField()

    def get_unit_price(self, line) -> MoneyOut:
        return _money(line.unit_price)

    def get_unit_price_buyer(self, line) -> MoneyOut:
        return _money(line.unit_price_buyer)


class EventOut(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()
    by_system = serializers.SerializerMethodField()

    def get_by_system(self, event) -> bool:
        return event.actor_id is None


class OrderOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    store = serializers.CharField(source="seller.store_name")
    seller = serializers.IntegerField(source="seller_id")
    goods = serializers.SerializerMethodField()
    shipping = serializers.SerializerMethodField()
    taxes = serializers.SerializerMethodField(help_text="Import taxes collected at checkout.")
    total = serializers.SerializerMethodField()
    settlement_total = serializers.SerializerMethodField(help_text="The total in the seller's currency.")
    exchange_rate = serializers.DecimalField(
        max_digits=24, decimal_places=10, help_text="Buyer-currency units per settlement-currency unit."
    )
    rate_source = serializers.CharField()
    rate_date = serializers.DateField()
    shipping_method = serializers.CharField(source="shipping_method_code")
    ships_from = serializers.CharField(help_text="The country the parcel leaves from (the store's or its warehouse's).")
    delivery_from = serializers.DateField()
    delivery_to = serializers.DateField()
    pay_by = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    ship_by = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_goods(self, order) -> MoneyOut:
        return _money(order.goods)

    def get_shipping(self, order) -> MoneyOut:
        return _money(order.shipping)

    def get_taxes(self, order) -> MoneyOut:
        return _money(order.taxes)

    def get_total(self, order) -> MoneyOut:
        return _money(order.total)

    def get_settlement_total(self, order) -> MoneyOut:
        return _money(order.settlement_total)


# --- fulfilment: the shipment and its tracking events (orders.fulfilment) ----------------------


class TrackingEventOut(serializers.Serializer):
    code = serializers.CharField(help_text="accepted, export_customs, …, delivered, exception, returned.")
    label = serializers.CharField(help_text="The event's name in the reader's language.")
    explanation = serializers.CharField(help_text="What it means, in the reader's language.")
    occurred_at = serializers.DateTimeField()
    location = serializers.CharField()
    description = serializers.CharField(help_text="The carrier's own words.")


class ShipmentOut(serializers.Serializer):
    method = serializers.CharField(source="method_code")
    carrier = serializers.CharField(source="carrier_code")
    tracking_number = serializers.CharField()
    shipped_on = serializers.DateField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    events = TrackingEventOut(many=True, source="events.all")


class OrderDetailOut(OrderOut):
    address = serializers.DictField()
    lines = LineOut(many=True)
    events = EventOut(many=True)
    protection_until = serializers.DateTimeField(allow_null=True, help_text="Set when the order ships.")
    shipment = serializers.SerializerMethodField()
    shipped_at = serializers.DateTimeField(allow_null=True)
    protection_extension_days = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)
    in_dispute = serializers.BooleanField()
    cancel_request = serializers.CharField(help_text="'', open, accepted or declined.")
    cancel_answer_by = serializers.DateTimeField(allow_null=True)
    cancel_request_reason = serializers.CharField()
    cancel_answer_reason = serializers.CharField()
    next_step = serializers.SerializerMethodField(help_text="The rule that fires next and when, in your words.")

    def get_next_step(self, order) -> str:
        request = self.context.get("request")
        if request is None:
            return ""
        seller_view = self.context.get("seller_view", False)
        fallback = str(order.seller.country) if seller_view else order.country
        return order_countdown(order, seller_view=seller_view, tz=reader_timezone(request.user, fallback),
                               language=get_language())  # fmt: skip

    @extend_schema_field(ShipmentOut(allow_null=True))
    def get_shipment(self, order) -> dict | None:
        shipment = getattr(order, "shipment", None)
        return ShipmentOut(shipment).data if shipment is not None else None


class PaymentOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    status = serializers.CharField()
    amount = serializers.SerializerMethodField()
    redirect_url = serializers.SerializerMethodField(help_text="Send the buyer here to pay.")

    def get_amount(self, payment) -> MoneyOut:
        return _money(payment.amount)

    def get_redirect_url(self, payment) -> str:
        return self.context["request"].build_absolute_uri(payment.pay_url)


class CheckoutOut(serializers.Serializer):
    checkout_token = serializers.UUIDField(source="checkout.token")
    orders = OrderOut(many=True)
    payment = PaymentOut(allow_null=True)


class CheckoutApi(APIView):
    """Place the signed-in buyer's cart: one order per seller, one payment."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        checkout_token = serializers.UUIDField(
            help_text="Made by the client once per checkout; a retry sends it again."
        )
        address = serializers.IntegerField(min_value=1, help_text="An address id from /api/v1/addresses/.")
        shipping = serializers.DictField(
            child=serializers.CharField(max_length=40), required=False, default=dict,
            help_text="{group key: shipping method code}, the key the seller id (its home stock) or "
                      "'<seller id>-<country>' for its lines shipping from its warehouse there (the cart's group "
                      "`key`); a group left out gets the cheapest method.",
        )  # fmt: skip
        expected_total = serializers.DecimalField(
            max_digits=19, decimal_places=4, required=False, help_text="The total the buyer saw; refused if it changed."
        )

        def validate_shipping(self, value):
            choices = {}
            for key, code in value.items():
                seller, _dash, country = str(key).partition("-")
                if not seller.isdigit() or (country and not (len(country) == 2 and country.isalpha())):
                    raise serializers.ValidationError(_("Keys are seller ids, or a seller id and a country: 12-ES."))
                choices[f"{int(seller)}-{country.upper()}" if country else str(int(seller))] = code
            return choices

    @extend_schema(
        operation_id="checkout_place", tags=TAGS, request=InputSerializer,
        responses={201: CheckoutOut, 200: CheckoutOut, 400: ERROR_400, 409: error_response("The token is another's.")},
        examples=[
            OpenApiExample("Two stores", request_only=True, value={
                "checkout_token": "6f1c1b7e-3a8e-4b8e-9a59-2d7c0c7f8a11", "address": 4,
                "shipping": {"12": "cn-post-economy", "31": "tr-ptt-standard"}}),
            CHANGED,
            error_example("No address", 400, "invalid", "Choose a delivery address from your address book.",
                          field="address"),
        ],
    )  # fmt: skip
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        # The API caller's own currency (the display-currency middleware runs before DRF authenticates).
        currency = request.user.currency or Prices.for_request(request).currency
        placed = checkout_place(
            buyer=request.user, token=values["checkout_token"], address_id=values["address"],
            shipping=values["shipping"], currency=currency, language=get_language(),
            expected_total=values.get("expected_total"),
        )  # fmt: skip
        body = CheckoutOut(placed, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED if placed.created else status.HTTP_200_OK)


class OrdersApi(APIView):
    """The signed-in buyer's orders, newest first."""

    permission_classes = [IsAuthenticated]
    pagination_class = PagePagination

    @extend_schema(operation_id="orders_list", tags=TAGS, responses={200: OrderOut(many=True)})
    def get(self, request):
        return paginated_response(self, request, orders_for_buyer(request.user), OrderOut)


class OrderApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="order_get", tags=TAGS, responses={200: OrderDetailOut, 404: ERROR_404})
    def get(self, request, order_id: int):
        order = order_with_history(orders_for_buyer(request.user), order_id)
        if order is None:
            raise NotFound(_("There is no such order."))
        return Response(OrderDetailOut(order, context={"request": request}).data)


class OrderCancelApi(APIView):
    """Cancel an order before paying it: its stock returns, its payment is voided."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="order_cancel", tags=TAGS, request=None,
                   responses={200: OrderDetailOut, 404: ERROR_404, 409: ERROR_409})  # fmt: skip
    def post(self, request, order_id: int):
        if not orders_for_buyer(request.user).filter(pk=order_id).exists():
            raise NotFound(_("There is no such order."))
        order_cancel(order_id=order_id, actor=request.user)
        order = order_with_history(orders_for_buyer(request.user), order_id)
        return Response(OrderDetailOut(order, context={"request": request}).data)


def _approved_seller(user):
    seller = seller_for_user(user)
    if seller is None or not seller.is_approved:
        raise NotPermitted(_("Only an approved seller has orders."))
    return seller


NOT_A_SELLER = error_response("The caller has no approved store.")


class SellerOrdersApi(APIView):
    """The store's orders: paid ones to ship first, by ship-by date."""

    permission_classes = [IsAuthenticated]
    pagination_class = PagePagination

    @extend_schema(operation_id="seller_orders_list", tags=TAGS,
                   responses={200: OrderOut(many=True), 403: NOT_A_SELLER})  # fmt: skip
    def get(self, request):
        return paginated_response(self, request, orders_for_seller(_approved_seller(request.user)), OrderOut)


class SellerOrderApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="seller_order_get", tags=TAGS,
                   responses={200: OrderDetailOut, 403: NOT_A_SELLER, 404: ERROR_404})  # fmt: skip
    def get(self, request, order_id: int):
        order = order_with_history(orders_for_seller(_approved_seller(request.user)), order_id)
        if order is None:
            raise NotFound(_("There is no such order."))
        return Response(OrderDetailOut(order, context={"request": request, "seller_view": True}).data)


# --- fulfilment: the seller ships an order (orders.fulfilment) ---------------------------------


class SellerOrderShipApi(APIView):
    """Ship a paid order: the tracking number (checked for the method and the
    store's country), the shipped date; the order becomes shipped with its
    buyer-protection deadline. A second ship is a 409."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        tracking_number = serializers.CharField(
            max_length=60, allow_blank=True, required=False, default="",
            help_text="UPU S10 for postal methods (e.g. RR123456785CN), the carrier's format for couriers.",
        )  # fmt: skip
        shipped_on = serializers.DateField(required=False, allow_null=True, default=None,
                                           help_text="Default: today in the store's country.")  # fmt: skip
        method = serializers.CharField(max_length=60, required=False, allow_blank=True, default="",
                                       help_text="Default: the method the buyer chose.")  # fmt: skip

    @extend_schema(
        operation_id="seller_order_ship", tags=TAGS, request=InputSerializer,
        responses={200: OrderDetailOut, 400: ERROR_400, 403: NOT_A_SELLER, 404: ERROR_404,
                   409: error_response("The order was already shipped, or is not paid.")},
        examples=[
            OpenApiExample("China Post registered", request_only=True,
                           value={"tracking_number": "RR123456785CN", "shipped_on": "2026-12-02"}),
            OpenApiExample("DHL Express", request_only=True,
                           value={"tracking_number": "1234567891", "method": "dhl-express"}),
            error_example("Wrong origin", 400, "invalid",
                          "RR123456785TR was issued by the post of TR, but this parcel leaves from CN: a postal "
                          "number ends with the code of the country it was posted in.", field="tracking_number"),
            error_example("Already shipped", 409, "already_shipped", "This order has already been shipped.",
                          field="status"),
        ],
    )  # fmt: skip
    def post(self, request, order_id: int):
        from .fulfilment import ShipInput, order_ship

        seller = _approved_seller(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        order_ship(order_id=order_id, seller=seller, actor=request.user,
                   data=ShipInput(tracking_number=values["tracking_number"], shipped_on=values["shipped_on"],
                                  method_code=values["method"]))  # fmt: skip
        order = order_with_history(orders_for_seller(seller), order_id)
        return Response(OrderDetailOut(order, context={"request": request, "seller_view": True}).data)
