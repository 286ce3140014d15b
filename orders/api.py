"""The signed-in buyer's cart in the API: GET /api/v1/cart/ (priced now, by
seller, with what changed), POST /api/v1/cart/lines/ (put lots of a variant in),
PATCH and DELETE /api/v1/cart/lines/<id>/. Each answers with the whole cart."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from listings.display import Prices
from marketplace.api.examples import ERROR_400, error_example, error_response
from marketplace.errors import NotFound

from . import cart as carts
from .selectors import cart_view

TAGS = ["cart"]
ERROR_404 = error_response("There is no such product in your cart, or it is not for sale.")
NOT_ENOUGH = error_example("Not enough stock", 400, "invalid", "Only 3 lots left of DRESS-RED-M.", field="lots")


class MoneyOut(serializers.Serializer):
    amount = serializers.CharField()
    currency = serializers.CharField()
    formatted = serializers.CharField()


class CartItemOut(serializers.Serializer):
    id = serializers.IntegerField(source="line.pk")
    variant = serializers.IntegerField(source="line.variant_id", allow_null=True)
    sku = serializers.CharField(source="line.seen_sku")
    title = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())
    lots = serializers.IntegerField(source="line.lots")
    lot_size = serializers.IntegerField(source="quote.lot_size", allow_null=True)
    unit_price = serializers.SerializerMethodField()
    line_total = serializers.SerializerMethodField()
    problems = serializers.ListField(child=serializers.CharField(), help_text="What changed since it was added.")
    ships_from = serializers.CharField(source="origin", help_text="The country the lots ship from.")

    def _money(self, item, name) -> dict | None:
        return self.context["prices"].money(getattr(item.quote, name)) if item.quote else None

    def get_unit_price(self, item) -> MoneyOut(allow_null=True):
        return self._money(item, "converted_unit_price")

    def get_line_total(self, item) -> MoneyOut(allow_null=True):
        return self._money(item, "converted_line_total")


class SellerGroupOut(serializers.Serializer):
    seller = serializers.IntegerField(source="seller_id")
    store_name = serializers.CharField()
    key = serializers.CharField(help_text="Names the group in checkout's `shipping`.")
    ships_from = serializers.CharField(source="origin", help_text="The country the parcel leaves from.")
    items = CartItemOut(many=True)
    subtotal = serializers.SerializerMethodField()

    def get_subtotal(self, group) -> MoneyOut:
        return self.context["prices"].money(group.subtotal)


class CartOut(serializers.Serializer):
    groups = SellerGroupOut(many=True, help_text="One order per seller and origin (ships from) at checkout.")
    gone = CartItemOut(many=True, help_text="Products no longer sold: remove them.")
    total = serializers.SerializerMethodField()
    buyable = serializers.BooleanField(help_text="False while a line has a problem to resolve.")

    def get_total(self, view) -> MoneyOut:
        return self.context["prices"].money(view.total)


def _cart_response(request, *, code=status.HTTP_200_OK) -> Response:
    prices = Prices.for_request(request)
    view = cart_view(carts.cart_of(user=request.user), currency=prices.currency, language=get_language(),
                     rates=prices.rates)  # fmt: skip
    return Response(CartOut(view, context={"prices": prices}).data, status=code)


class CartApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="cart_get", tags=TAGS, responses={200: CartOut})
    def get(self, request):
        return _cart_response(request)


class CartLinesApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        variant = serializers.IntegerField(min_value=1)
        lots = serializers.IntegerField(min_value=1, max_value=1_000_000)
        add = serializers.BooleanField(default=False, help_text="Add to the lots already in the cart.")
        ships_from = serializers.CharField(
            max_length=2, required=False, allow_blank=True, default="",
            help_text="Where the lots ship from: a country of one of the store's warehouses; empty for the store's "
                      "home country. The same variant from two origins is two lines.",
        )  # fmt: skip

    @extend_schema(
        operation_id="cart_line_put", tags=TAGS, request=InputSerializer,
        responses={201: CartOut, 400: ERROR_400, 404: ERROR_404},
        examples=[OpenApiExample("Two lots", value={"variant": 12, "lots": 2}, request_only=True), NOT_ENOUGH],
    )  # fmt: skip
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = carts.cart_of(user=request.user, create=True)
        values = data.validated_data
        carts.cart_line_set(cart=cart, variant_id=values["variant"], lots=values["lots"], add=values["add"],
                            ships_from=values["ships_from"])  # fmt: skip
        return _cart_response(request, code=status.HTTP_201_CREATED)


class CartLineApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        lots = serializers.IntegerField(min_value=1, max_value=1_000_000)

    def _line(self, request, line_id: int):
        cart = carts.cart_of(user=request.user)
        line = cart.lines.filter(pk=line_id).first() if cart else None
        if line is None or line.variant_id is None:
            raise NotFound(_("This product is not in your cart."))
        return cart, line

    @extend_schema(operation_id="cart_line_update", tags=TAGS, request=InputSerializer,
                   responses={200: CartOut, 400: ERROR_400, 404: ERROR_404}, examples=[NOT_ENOUGH])  # fmt: skip
    def patch(self, request, line_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart, line = self._line(request, line_id)
        carts.cart_line_set(cart=cart, variant_id=line.variant_id, lots=data.validated_data["lots"],
                            ships_from=line.ships_from)  # fmt: skip
        return _cart_response(request)

    @extend_schema(operation_id="cart_line_remove", tags=TAGS, responses={200: CartOut, 404: ERROR_404})
    def delete(self, request, line_id: int):
        cart = carts.cart_of(user=request.user)
        if cart is None:
            raise NotFound(_("This product is not in your cart."))
        carts.cart_line_remove(cart=cart, line_id=line_id)
        return _cart_response(request)
