"""The shipping quote of one public listing: every method to a country with
its cost, dates and tracking (or why it cannot), and the landed cost."""

from django.utils.translation import gettext as _
from django_countries import countries
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from logistics.quote import protection_cap
from logistics.selectors import store_shipping
from marketplace.api.examples import ERROR_400, error_example, error_response
from marketplace.errors import DomainError

from ..display import Prices
from ..selectors import listing_public_for_shipping
from ..services import listing_shipping_template_set
from ..shipping import listing_origin, listing_shipping_quote, stock_by_origin
from .access import approved_seller, own_listing_id
from .catalogue import DisplayCurrencyParamSerializer, _display_currency
from .examples import SHIPPING_QUOTE
from .fields import INT_MAX, MoneyOutputSerializer, PriceOutputSerializer


class CountryField(serializers.ChoiceField):
    """An ISO 3166-1 alpha-2 code, in any letter case."""

    def __init__(self, **kwargs):
        super().__init__(choices=[(code, code) for code in countries.countries], **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.strip().upper() if isinstance(data, str) else data)


class ShippingQuoteParamSerializer(DisplayCurrencyParamSerializer):
    country = CountryField(help_text="The destination, ISO 3166-1 alpha-2 (e.g. DE, BR).")
    lots = serializers.IntegerField(min_value=1, max_value=INT_MAX, default=1, help_text="Lots in the parcel.")
    variant = serializers.IntegerField(
        min_value=1, max_value=INT_MAX, required=False, help_text="The variant (default: the first in stock)."
    )
    ships_from = CountryField(
        required=False,
        help_text="Ship from this country: the store's own or one of its warehouses' (default: the store's).",
    )
    method = serializers.CharField(
        required=False, max_length=60, help_text="The method the landed cost is computed with (default: cheapest)."
    )


class ShippingMethodOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    carrier = serializers.CharField()
    service_level = serializers.ChoiceField(choices=["economy", "standard", "express"])
    kind = serializers.ChoiceField(choices=["postal", "courier"], help_text="postal: UPU S10 tracking numbers.")
    tracked = serializers.BooleanField()
    available = serializers.BooleanField()
    cost = MoneyOutputSerializer(allow_null=True, help_text="In the carrier's tariff currency; null if unavailable.")
    display_cost = MoneyOutputSerializer(allow_null=True, help_text="In the display currency; null if unavailable.")
    delivery_from = serializers.DateField(allow_null=True, help_text="Earliest estimated delivery (business days).")
    delivery_to = serializers.DateField(allow_null=True, help_text="Latest estimated delivery.")
    protection_days = serializers.IntegerField(
        help_text="The buyer-protection period: the method's promised delivery time, capped for the destination "
        "(CARAVAN_PROTECTION_MAX_DAYS, by country)."
    )
    free = serializers.BooleanField(help_text="The store pays: its template's free-shipping rule holds.")
    reasons = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="Why it is unavailable: {code, message}; code is one of too_heavy, too_long, too_large, "
        "too_valuable, no_rate, not_to_country, not_from_origin.",
    )


class LandedCostOutputSerializer(serializers.Serializer):
    goods = PriceOutputSerializer()
    shipping = PriceOutputSerializer(help_text="The chosen method's cost (the cheapest unless `method` is given).")
    taxes_at_checkout = PriceOutputSerializer()
    total_at_checkout = PriceOutputSerializer()
    may_be_due_on_delivery = PriceOutputSerializer(allow_null=True, help_text="An estimate of import VAT/GST.")
    tax_rate = serializers.DecimalField(max_digits=6, decimal_places=4, allow_null=True)
    rule = serializers.DictField(
        child=serializers.CharField(allow_null=True), help_text="code, name, source, effective"
    )
    note = serializers.CharField(help_text="What the buyer reads, in the request's language.")


class ListingShippingQuoteApi(APIView):
    """What shipping `lots` lots of a public listing to a country costs and when
    it arrives, by every shipping method (cheapest first; the unavailable ones
    say why), and the import taxes with the cheapest method. Anyone may ask."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        listing = serializers.IntegerField()
        variant = serializers.IntegerField()
        lots = serializers.IntegerField()
        destination = serializers.CharField()
        ships_from = serializers.CharField(help_text="Where the parcel leaves from.")
        ships_from_options = serializers.ListField(
            child=serializers.DictField(), help_text="Every origin of the store: {country, warehouse, stock}."
        )
        template = serializers.CharField(allow_null=True, help_text="The store's shipping template applied.")
        display_currency = serializers.CharField()
        methods = ShippingMethodOutputSerializer(many=True)
        landed_cost = LandedCostOutputSerializer(allow_null=True, help_text="Null when no method ships there.")

    @extend_schema(
        operation_id="listing_shipping_quote",
        tags=["catalogue"],
        parameters=[ShippingQuoteParamSerializer],
        responses={200: OutputSerializer, 400: ERROR_400, 404: error_response("No such listing (or not for sale).")},
        examples=[
            OpenApiExample("A dress from China to Germany", value=SHIPPING_QUOTE, response_only=True),
            error_example(
                "A country that does not exist",
                400,
                "invalid",
                "Invalid input.",
                {"country": ['"XX" is not a valid choice.']},
            ),
            error_example(
                "Not an origin of this store",
                400,
                "invalid",
                "This store does not ship from Spain.",
                field="ships_from",
            ),
        ],
    )
    def get(self, request, listing_id: int):
        params = ShippingQuoteParamSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        listing = listing_public_for_shipping(listing_id)
        if listing is None:
            raise NotFound(_("There is no such listing."))
        variants = list(listing.variants.all())
        if "variant" in data:
            variant = next((v for v in variants if v.pk == data["variant"]), None)
            if variant is None:
                raise DomainError(_("This listing has no such variant."), field="variant")
        else:
            variant = next((v for v in variants if v.stock > 0), variants[0])
        prices = Prices(_display_currency(request, data.get("currency")))
        store = store_shipping(listing.seller_id)
        home = listing_origin(listing)
        stock = stock_by_origin([variant], store, home)[variant.pk]
        result = listing_shipping_quote(
            listing, country=data["country"], lots=data["lots"], variant=variant, currency=prices.currency,
            rates=prices.rates, ships_from=data.get("ships_from"), method=data.get("method"), store=store,
        )  # fmt: skip
        warehouses = {w.country: w.id for w in store.warehouses}
        body = {
            "listing": listing.pk,
            "variant": variant.pk,
            "lots": data["lots"],
            "destination": data["country"],
            "ships_from": result.parcel.origin,
            "ships_from_options": [
                {"country": c, "warehouse": warehouses.get(c), "stock": n} for c, n in stock.items()
            ],
            "template": result.template.name if result.template else None,
            "display_currency": prices.currency,
            "methods": [_offer(prices, o) for o in result.quote.offers]
            + [_unavailable(u, data["country"]) for u in result.quote.unavailable],
            "landed_cost": _landed(prices, result),
        }
        return Response(self.OutputSerializer(body).data)


def _method(method) -> dict:
    return {"code": method.code, "name": method.name, "carrier": method.carrier, "service_level": method.service_level,
            "kind": method.kind, "tracked": method.tracked, "protection_days": method.protection_days}  # fmt: skip


def _offer(prices: Prices, offer) -> dict:
    return {**_method(offer.method), "available": True, "cost": prices.money(offer.cost),
            "display_cost": prices.money(offer.display_cost), "delivery_from": offer.delivery_from,
            "delivery_to": offer.delivery_to, "reasons": [], "protection_days": offer.protection_days,
            "free": offer.free}  # fmt: skip


def _unavailable(item, destination: str) -> dict:
    return {**_method(item.method), "available": False, "cost": None, "display_cost": None, "delivery_from": None,
            "delivery_to": None, "reasons": [{"code": c, "message": m} for c, m in item.reasons],
            "protection_days": min(item.method.protection_days, protection_cap(destination)),
            "free": False}  # fmt: skip


def _landed(prices: Prices, result) -> dict | None:
    landed = result.landed
    if landed is None:
        return None
    goods, shipping = result.line.line_total, result.shipping
    total = goods + shipping + landed.collected_at_checkout
    due = landed.may_be_due_on_delivery
    return {
        "goods": prices.both(goods),
        "shipping": prices.both(shipping),
        "taxes_at_checkout": prices.both(landed.collected_at_checkout),
        "total_at_checkout": prices.both(total),
        "may_be_due_on_delivery": prices.both(due) if due is not None else None,
        "tax_rate": landed.tax_rate,
        "rule": {
            "code": landed.rule_code,
            "name": landed.rule_name,
            "source": landed.source,
            "effective": landed.effective,
        },
        "note": landed.note,
    }


class SellerListingShippingTemplateApi(APIView):
    """Choose the shipping template one of the caller's listings ships under
    (null: the store default). An active listing that no method of the new
    template can carry is refused with the reasons."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    class InputSerializer(serializers.Serializer):
        template = serializers.IntegerField(
            min_value=1, max_value=INT_MAX, allow_null=True, help_text="One of the store's templates; null: default."
        )

    class OutputSerializer(serializers.Serializer):
        listing = serializers.IntegerField(source="pk")
        template = serializers.IntegerField(source="shipping_template_id", allow_null=True)

    @extend_schema(
        operation_id="seller_listing_shipping_template",
        tags=["seller shipping"],
        request=InputSerializer,
        responses={
            200: OutputSerializer, 400: ERROR_400, 403: error_response("Not logged in, or no approved store."),
            404: error_response("No such listing or template among the caller's own."),
        },
        examples=[
            OpenApiExample("Use template 12", value={"template": 12}, request_only=True),
            OpenApiExample("Done", value={"listing": 5012, "template": 12}, response_only=True),
        ],
    )  # fmt: skip
    def put(self, request, listing_id: int):
        seller = approved_seller(request.user)
        own_listing_id(seller, listing_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = listing_shipping_template_set(
            actor=request.user, listing_id=listing_id, template_id=data.validated_data["template"]
        )
        return Response(self.OutputSerializer(listing).data)
