"""The shipping API: methods and zones (read-only, public) and the seller's own
shipping templates and warehouses (CRUD). Thin: the services hold the rules."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.examples import ERROR_400, error_example, error_response
from marketplace.api.fields import MoneyAmountField, MoneyAmountOutputField
from marketplace.errors import NotPermitted
from sellers.models import SellerStatus
from sellers.selectors import seller_for_user

from . import services
from .models import FreeDestination, ServiceLevel
from .selectors import shipping_methods_public, shipping_templates_of, warehouses_of

ERROR_403 = error_response("Not logged in, or no approved store.")
ERROR_404_TEMPLATE = error_response("No such template among the caller's own.")
ERROR_404_WAREHOUSE = error_response("No such warehouse among the caller's own.")
ERROR_404_METHOD = error_response("No such active method.")


def own_store(user):
    """The caller's approved store (403 otherwise)."""
    seller = seller_for_user(user)
    if seller is None:
        raise NotPermitted(_("Only sellers have shipping settings: apply to sell on Caravan first."))
    if seller.status != SellerStatus.APPROVED:
        raise NotPermitted(_("Only approved stores can change their shipping settings."))
    return seller


# --- methods and zones ------------------------------------------------------------------------


class PriceSerializer(serializers.Serializer):
    amount = MoneyAmountOutputField(source="*")
    currency = serializers.CharField(source="currency.code")


class ZoneRateOutputSerializer(serializers.Serializer):
    first_step_grams = serializers.IntegerField()
    first_step_price = PriceSerializer()
    additional_step_grams = serializers.IntegerField()
    additional_step_price = PriceSerializer()


class ZoneOutputSerializer(serializers.Serializer):
    origin = serializers.CharField()
    name = serializers.CharField()
    countries = serializers.ListField(child=serializers.CharField())
    transit_days_min = serializers.IntegerField(help_text="Business days from hand-over.")
    transit_days_max = serializers.IntegerField()
    rate = ZoneRateOutputSerializer(allow_null=True, source="rate_or_none")


class MethodOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    carrier = serializers.CharField(source="carrier.name")
    service_level = serializers.ChoiceField(choices=ServiceLevel.values)
    kind = serializers.CharField(help_text="postal (UPU S10 tracking numbers) or courier.")
    tracked = serializers.BooleanField()
    origins = serializers.ListField(child=serializers.CharField(), source="origin_countries")
    max_weight_grams = serializers.IntegerField()
    max_side_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    max_dimensions_sum_cm = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    max_length_girth_cm = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    max_declared_value = PriceSerializer()
    protection_days = serializers.IntegerField(
        help_text="The promised delivery time; the protection period is capped per destination."
    )
    source = serializers.CharField()


class MethodDetailOutputSerializer(MethodOutputSerializer):
    zones = serializers.SerializerMethodField()

    @extend_schema_field(ZoneOutputSerializer(many=True))
    def get_zones(self, method) -> list[dict]:
        zones = [z for z in method.zones.all() if not self.context.get("origin") or z.origin == self.context["origin"]]
        for z in zones:
            z.rate_or_none = getattr(z, "rate", None)
        return ZoneOutputSerializer(zones, many=True).data


class OriginParamSerializer(serializers.Serializer):
    origin = serializers.CharField(required=False, max_length=2, help_text="Only methods from this country (e.g. CN).")


METHOD_EXAMPLE = {
    "code": "cn-post-small-packet-registered",
    "name": "China Post Registered Small Packet",
    "carrier": "China Post",
    "service_level": "economy",
    "kind": "postal",
    "tracked": True,
    "origins": ["CN"],
    "max_weight_grams": 2000,
    "max_side_cm": "60.0",
    "max_dimensions_sum_cm": "90.0",
    "max_length_girth_cm": None,
    "max_declared_value": {"amount": "2000.00", "currency": "CNY"},
    "protection_days": 60,
    "source": "China Post international small packet terms",
}


class ShippingMethodListApi(APIView):
    """Every active shipping method with its limits (optionally only those from one origin)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="shipping_methods_list",
        tags=["shipping"],
        parameters=[OriginParamSerializer],
        responses={200: MethodOutputSerializer(many=True), 400: ERROR_400},
        examples=[OpenApiExample("Methods", value=[METHOD_EXAMPLE], response_only=True)],
    )
    def get(self, request):
        params = OriginParamSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        origin = params.validated_data.get("origin", "").upper()
        methods = [m for m in shipping_methods_public() if not origin or origin in m.origin_countries]
        return Response(MethodOutputSerializer(methods, many=True).data)


class ShippingMethodDetailApi(APIView):
    """One active method with its zones (destinations, transit days, rate table) per origin."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="shipping_method_detail",
        tags=["shipping"],
        parameters=[OriginParamSerializer],
        responses={200: MethodDetailOutputSerializer, 400: ERROR_400, 404: ERROR_404_METHOD},
        examples=[
            OpenApiExample(
                "A method and its zones",
                value={
                    **METHOD_EXAMPLE,
                    "zones": [
                        {
                            "origin": "CN",
                            "name": "Europe",
                            "countries": ["AT", "BE", "DE"],
                            "transit_days_min": 10,
                            "transit_days_max": 20,
                            "rate": {
                                "first_step_grams": 50,
                                "first_step_price": {"amount": "10.00", "currency": "CNY"},
                                "additional_step_grams": 50,
                                "additional_step_price": {"amount": "4.00", "currency": "CNY"},
                            },
                        }
                    ],
                },
                response_only=True,
            ),
            error_example("Unknown", 404, "not_found", "There is no such shipping method."),
        ],
    )
    def get(self, request, code: str):
        params = OriginParamSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        method = next((m for m in shipping_methods_public().filter(code=code)), None)
        if method is None:
            raise NotFound(_("There is no such shipping method."))
        context = {"origin": params.validated_data.get("origin", "").upper()}
        return Response(MethodDetailOutputSerializer(method, context=context).data)


# --- seller templates ---------------------------------------------------------------------------


class FreeRuleSerializer(serializers.Serializer):
    destination = serializers.ChoiceField(choices=FreeDestination.choices)
    countries = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, default=list, max_length=250,
        help_text="ISO 3166-1 codes, for destination = countries.",
    )  # fmt: skip
    min_order = MoneyAmountField(
        required=False, allow_null=True, default=None, min_value=0,
        help_text="Free only for orders of at least this much, in the store's currency; null: any order.",
    )  # fmt: skip


class FreeRuleOutputSerializer(serializers.Serializer):
    destination = serializers.ChoiceField(choices=FreeDestination.choices)
    countries = serializers.ListField(child=serializers.CharField())
    min_order = serializers.SerializerMethodField()

    @extend_schema_field(PriceSerializer(allow_null=True))
    def get_min_order(self, rule) -> dict | None:
        if rule.min_order is None:
            return None
        return PriceSerializer(rule.min_order).data


class TemplateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    methods = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list, max_length=100,
        help_text="Method codes offered; empty: every active method from the parcel's origin.",
    )  # fmt: skip
    handling_days = serializers.IntegerField(min_value=0, max_value=10, required=False, default=0)
    is_default = serializers.BooleanField(required=False, default=False)
    free_rules = FreeRuleSerializer(many=True, required=False, default=list)


class TemplateOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    is_default = serializers.BooleanField()
    methods = serializers.SerializerMethodField()
    handling_days = serializers.IntegerField()
    free_rules = FreeRuleOutputSerializer(many=True, source="free_rules.all")

    def get_methods(self, template) -> list[str]:
        return sorted(m.code for m in template.methods.all())


TEMPLATE_INPUT = {
    "name": "EU free over 30",
    "methods": ["es-correos-paquete-standard"],
    "handling_days": 1,
    "is_default": False,
    "free_rules": [{"destination": "eu", "countries": [], "min_order": "30.00"}],
}
TEMPLATE_OUTPUT = {
    "id": 12,
    "name": "EU free over 30",
    "is_default": False,
    "methods": ["es-correos-paquete-standard"],
    "handling_days": 1,
    "free_rules": [{"destination": "eu", "countries": [], "min_order": {"amount": "30.00", "currency": "EUR"}}],
}


def _save_template(request, seller, template_id=None):
    data = TemplateInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    v = data.validated_data
    template = services.shipping_template_save(
        seller=seller,
        actor=request.user,
        template_id=template_id,
        name=v["name"],
        method_codes=v["methods"],
        handling_days=v["handling_days"],
        is_default=v["is_default"],
        free_rules=[
            services.FreeRuleInput(r["destination"], tuple(r.get("countries") or ()), r.get("min_order"))
            for r in v["free_rules"]
        ],
    )
    return get_object_or_404(shipping_templates_of(seller.pk), pk=template.pk)


class SellerShippingTemplatesApi(APIView):
    """The caller's store's shipping templates: list them, or create one."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="seller_shipping_templates_list",
        tags=["seller shipping"],
        responses={200: TemplateOutputSerializer(many=True), 403: ERROR_403},
        examples=[OpenApiExample("Templates", value=[TEMPLATE_OUTPUT], response_only=True)],
    )
    def get(self, request):
        seller = own_store(request.user)
        return Response(TemplateOutputSerializer(shipping_templates_of(seller.pk), many=True).data)

    @extend_schema(
        operation_id="seller_shipping_templates_create",
        tags=["seller shipping"],
        request=TemplateInputSerializer,
        responses={201: TemplateOutputSerializer, 400: ERROR_400, 403: ERROR_403},
        examples=[
            OpenApiExample("Free to the EU above EUR 30", value=TEMPLATE_INPUT, request_only=True),
            OpenApiExample("Created", value=TEMPLATE_OUTPUT, response_only=True, status_codes=["201"]),
            error_example(
                "A method the store cannot use", 400, "invalid",
                "Not an active method from your store's countries: cn-ems.", field="methods",
            ),
        ],
    )  # fmt: skip
    def post(self, request):
        seller = own_store(request.user)
        template = _save_template(request, seller)
        return Response(TemplateOutputSerializer(template).data, status=status.HTTP_201_CREATED)


class SellerShippingTemplateApi(APIView):
    """One of the caller's templates: read, replace or delete it (not the default)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="seller_shipping_template_detail",
        tags=["seller shipping"],
        responses={200: TemplateOutputSerializer, 403: ERROR_403, 404: ERROR_404_TEMPLATE},
        examples=[OpenApiExample("A template", value=TEMPLATE_OUTPUT, response_only=True)],
    )
    def get(self, request, template_id: int):
        seller = own_store(request.user)
        template = get_object_or_404(shipping_templates_of(seller.pk), pk=template_id)
        return Response(TemplateOutputSerializer(template).data)

    @extend_schema(
        operation_id="seller_shipping_template_replace",
        tags=["seller shipping"],
        request=TemplateInputSerializer,
        responses={200: TemplateOutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404_TEMPLATE},
        examples=[
            OpenApiExample("Replace", value=TEMPLATE_INPUT, request_only=True),
            OpenApiExample("Replaced", value=TEMPLATE_OUTPUT, response_only=True),
        ],
    )
    def put(self, request, template_id: int):
        seller = own_store(request.user)
        get_object_or_404(shipping_templates_of(seller.pk), pk=template_id)
        template = _save_template(request, seller, template_id)
        return Response(TemplateOutputSerializer(template).data)

    @extend_schema(
        operation_id="seller_shipping_template_delete",
        tags=["seller shipping"],
        responses={204: None, 403: ERROR_403, 404: ERROR_404_TEMPLATE, 409: error_response("The default template.")},
        examples=[error_example("The default", 409, "conflict", "The store's default template cannot be deleted.")],
    )
    def delete(self, request, template_id: int):
        seller = own_store(request.user)
        services.shipping_template_delete(seller=seller, actor=request.user, template_id=template_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- warehouses -----------------------------------------------------------------------------


class WarehouseInputSerializer(serializers.Serializer):
    country = serializers.CharField(max_length=2, help_text="One of CARAVAN_WAREHOUSE_COUNTRIES, not the store's.")
    name = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    handling_days = serializers.IntegerField(min_value=0, max_value=10, required=False, default=0)
    active = serializers.BooleanField(required=False, default=True)


class WarehouseOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    country = serializers.CharField()
    name = serializers.CharField()
    handling_days = serializers.IntegerField()
    active = serializers.BooleanField()


WAREHOUSE_INPUT = {"country": "ES", "name": "Valencia 3PL", "handling_days": 1, "active": True}
WAREHOUSE_OUTPUT = {"id": 3, **WAREHOUSE_INPUT}


def _save_warehouse(request, seller, warehouse_id=None):
    data = WarehouseInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return services.warehouse_save(seller=seller, actor=request.user, warehouse_id=warehouse_id, **data.validated_data)


class SellerWarehousesApi(APIView):
    """The caller's overseas warehouses: list them, or add one."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="seller_warehouses_list",
        tags=["seller shipping"],
        responses={200: WarehouseOutputSerializer(many=True), 403: ERROR_403},
        examples=[OpenApiExample("Warehouses", value=[WAREHOUSE_OUTPUT], response_only=True)],
    )
    def get(self, request):
        seller = own_store(request.user)
        return Response(WarehouseOutputSerializer(warehouses_of(seller.pk), many=True).data)

    @extend_schema(
        operation_id="seller_warehouses_create",
        tags=["seller shipping"],
        request=WarehouseInputSerializer,
        responses={201: WarehouseOutputSerializer, 400: ERROR_400, 403: ERROR_403},
        examples=[
            OpenApiExample("A warehouse in Spain", value=WAREHOUSE_INPUT, request_only=True),
            OpenApiExample("Created", value=WAREHOUSE_OUTPUT, response_only=True, status_codes=["201"]),
            error_example(
                "Not an allowed country", 400, "invalid", "Warehouses can be in: CN, ES, IT, RU, TR.", field="country"
            ),
        ],
    )
    def post(self, request):
        seller = own_store(request.user)
        warehouse = _save_warehouse(request, seller)
        return Response(WarehouseOutputSerializer(warehouse).data, status=status.HTTP_201_CREATED)


class SellerWarehouseApi(APIView):
    """One of the caller's warehouses: read, replace or delete it (only when empty)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="seller_warehouse_detail",
        tags=["seller shipping"],
        responses={200: WarehouseOutputSerializer, 403: ERROR_403, 404: ERROR_404_WAREHOUSE},
        examples=[OpenApiExample("A warehouse", value=WAREHOUSE_OUTPUT, response_only=True)],
    )
    def get(self, request, warehouse_id: int):
        seller = own_store(request.user)
        return Response(WarehouseOutputSerializer(get_object_or_404(warehouses_of(seller.pk), pk=warehouse_id)).data)

    @extend_schema(
        operation_id="seller_warehouse_replace",
        tags=["seller shipping"],
        request=WarehouseInputSerializer,
        responses={200: WarehouseOutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404_WAREHOUSE},
        examples=[OpenApiExample("Replace", value=WAREHOUSE_INPUT, request_only=True)],
    )
    def put(self, request, warehouse_id: int):
        seller = own_store(request.user)
        get_object_or_404(warehouses_of(seller.pk), pk=warehouse_id)
        return Response(WarehouseOutputSerializer(_save_warehouse(request, seller, warehouse_id)).data)

    @extend_schema(
        operation_id="seller_warehouse_delete",
        tags=["seller shipping"],
        responses={
            204: None, 403: ERROR_403, 404: ERROR_404_WAREHOUSE,
            409: error_response("It holds stock or has stock history: deactivate it instead."),
        },
    )  # fmt: skip
    def delete(self, request, warehouse_id: int):
        seller = own_store(request.user)
        services.warehouse_delete(seller=seller, actor=request.user, warehouse_id=warehouse_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
