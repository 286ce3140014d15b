"""A variant's stock in its store's overseas warehouses (the home stock is the
variant's own `stock`, set by SellerVariantStockApi)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from logistics.selectors import warehouses_of
from marketplace.api.examples import ERROR_400, error_example, error_response

from ..models import WarehouseStock
from ..selectors import variant_of_seller_exists
from ..stock import stock_set
from .access import approved_seller
from .examples import ERROR_403
from .fields import INT_MAX

ERROR_404 = error_response("No such variant (or warehouse) among the caller's own.")


class WarehouseStockOutputSerializer(serializers.Serializer):
    warehouse = serializers.IntegerField()
    country = serializers.CharField()
    name = serializers.CharField()
    active = serializers.BooleanField()
    stock = serializers.IntegerField(help_text="In lots.")


def _rows(seller, variant_id: int) -> list[dict]:
    stock = dict(WarehouseStock.objects.filter(variant_id=variant_id).values_list("warehouse_id", "stock"))
    return [
        {"warehouse": w.pk, "country": w.country, "name": w.name, "active": w.active, "stock": stock.get(w.pk, 0)}
        for w in warehouses_of(seller.pk)
    ]


EXAMPLE = [{"warehouse": 3, "country": "ES", "name": "Valencia 3PL", "active": True, "stock": 40}]


class SellerVariantWarehouseStockApi(APIView):
    """One variant's stock in each of the store's warehouses: read, or set one."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    class InputSerializer(serializers.Serializer):
        warehouse = serializers.IntegerField(min_value=1, max_value=INT_MAX)
        stock = serializers.IntegerField(min_value=0, max_value=INT_MAX, help_text="In lots.")

    @extend_schema(
        operation_id="seller_variant_warehouse_stock",
        tags=["seller shipping"],
        responses={200: WarehouseStockOutputSerializer(many=True), 403: ERROR_403, 404: ERROR_404},
        examples=[OpenApiExample("Stock in Spain", value=EXAMPLE, response_only=True)],
    )
    def get(self, request, variant_id: int):
        seller = approved_seller(request.user)
        if not variant_of_seller_exists(seller, variant_id):
            raise NotFound(_("There is no such variant."))
        return Response(WarehouseStockOutputSerializer(_rows(seller, variant_id), many=True).data)

    @extend_schema(
        operation_id="seller_variant_warehouse_stock_set",
        tags=["seller shipping"],
        request=InputSerializer,
        responses={200: WarehouseStockOutputSerializer(many=True), 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
        examples=[
            OpenApiExample("40 lots in Spain", value={"warehouse": 3, "stock": 40}, request_only=True),
            OpenApiExample("Stock in Spain", value=EXAMPLE, response_only=True),
            error_example("Not one of yours", 404, "not_found", "There is no such warehouse."),
        ],
    )
    def put(self, request, variant_id: int):
        seller = approved_seller(request.user)
        if not variant_of_seller_exists(seller, variant_id):
            raise NotFound(_("There is no such variant."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stock_set(
            variant_id=variant_id,
            stock=data.validated_data["stock"],
            actor=request.user,
            warehouse_id=data.validated_data["warehouse"],
        )
        return Response(WarehouseStockOutputSerializer(_rows(seller, variant_id), many=True).data)
