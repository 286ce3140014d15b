"""The buyer's address book in the API: /api/v1/me/addresses/ (list, add),
/api/v1/me/addresses/<id>/ (read, replace, delete), .../default/ (make default),
and /api/v1/address-rules/<country>/ (what an address in that country needs).
Only the owner sees or changes an address: another buyer's is a 404."""

from django.shortcuts import get_object_or_404
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.examples import ERROR_400, error_example, error_response

from . import services
from .selectors import address_lines, addresses_for

ERROR_404 = error_response("There is no such address in your address book.")
TAGS = ["buyer addresses"]


class AddressInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    company_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    country = CountryField()
    country_area = serializers.CharField(
        max_length=128,
        required=False,
        allow_blank=True,
        default="",
        help_text="State or province, as the post writes it.",
    )
    city = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")
    city_area = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")
    street_address = serializers.CharField(max_length=400, help_text="Street, number, flat; lines separated by \\n.")
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    sorting_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, help_text="International format, e.g. +55 11 91234 5678.")


class AddressOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    company_name = serializers.CharField()
    country = CountryField(country_dict=False)
    country_area = serializers.CharField()
    city = serializers.CharField()
    city_area = serializers.CharField()
    street_address = serializers.CharField()
    postal_code = serializers.CharField()
    sorting_code = serializers.CharField()
    phone = serializers.CharField(help_text="E.164")
    is_default = serializers.BooleanField()
    lines = serializers.SerializerMethodField(help_text="The address as the country's post writes it.")

    def get_lines(self, address) -> list[str]:
        return address_lines(address)


BRAZIL = {
    "full_name": "Ana Souza",
    "country": "BR",
    "country_area": "SP",
    "city": "São Paulo",
    "street_address": "Rua Augusta 100, apto 12",
    "postal_code": "01305-000",
    "phone": "+55 11 91234 5678",
}
BAD_POSTCODE = error_example(
    "Postal code of another format",
    400,
    "invalid",
    "This is not a postal code of Brazil, which look like 40301-110, 70002-900.",
    field="postal_code",
)


def _input(request) -> services.AddressInput:
    data = AddressInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    return services.AddressInput(**{**data.validated_data, "country": str(data.validated_data["country"])})


class AddressesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me_addresses_list", tags=TAGS, responses={200: AddressOutputSerializer(many=True)})
    def get(self, request):
        return Response(AddressOutputSerializer(addresses_for(request.user), many=True).data)

    @extend_schema(
        operation_id="me_addresses_create",
        tags=TAGS,
        request=AddressInputSerializer,
        responses={201: AddressOutputSerializer, 400: ERROR_400},
        examples=[OpenApiExample("An address in Brazil", value=BRAZIL, request_only=True), BAD_POSTCODE],
    )
    def post(self, request):
        address = services.address_create(actor=request.user, data=_input(request))
        return Response(AddressOutputSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me_address_get", tags=TAGS, responses={200: AddressOutputSerializer, 404: ERROR_404})
    def get(self, request, address_id: int):
        return Response(AddressOutputSerializer(get_object_or_404(addresses_for(request.user), pk=address_id)).data)

    @extend_schema(
        operation_id="me_address_replace",
        tags=TAGS,
        request=AddressInputSerializer,
        responses={200: AddressOutputSerializer, 400: ERROR_400, 404: ERROR_404},
        examples=[BAD_POSTCODE],
    )
    def put(self, request, address_id: int):
        address = services.address_update(actor=request.user, address_id=address_id, data=_input(request))
        return Response(AddressOutputSerializer(address).data)

    @extend_schema(operation_id="me_address_delete", tags=TAGS, responses={204: None, 404: ERROR_404})
    def delete(self, request, address_id: int):
        services.address_delete(actor=request.user, address_id=address_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AddressDefaultApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_address_make_default", tags=TAGS, request=None,
        responses={200: AddressOutputSerializer, 404: ERROR_404},
    )  # fmt: skip
    def post(self, request, address_id: int):
        address = services.address_set_default(actor=request.user, address_id=address_id)
        return Response(AddressOutputSerializer(address).data)


class AddressRulesOutputSerializer(serializers.Serializer):
    country = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField(), help_text="The fields addresses there use.")
    required = serializers.ListField(child=serializers.CharField())
    postal_code_examples = serializers.ListField(child=serializers.CharField())
    country_area_label = serializers.CharField(help_text="What the country calls its areas (state, province...).")
    country_areas = serializers.ListField(child=serializers.ListField(child=serializers.CharField()),
                                          help_text="[code, name] pairs, when the post has a list.")  # fmt: skip


class AddressRulesApi(APIView):
    """What an address in one country needs (no sign-in needed): for a checkout form."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="address_rules_get", tags=TAGS,
                   responses={200: AddressRulesOutputSerializer, 400: ERROR_400})  # fmt: skip
    def get(self, request, country: str):
        field = CountryField()
        try:
            code = str(field.to_internal_value(country.upper()))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"country": exc.detail}) from exc
        rules = services.address_rules(code)
        allowed = ["full_name", *sorted(rules.allowed_fields - {"name"}), "phone"]
        required = ["full_name", *sorted(rules.required_fields - {"name"}), "street_address", "phone"]
        data = {
            "country": code,
            "fields": allowed,
            "required": list(dict.fromkeys(required)),
            "postal_code_examples": list(rules.postal_code_examples),
            "country_area_label": rules.country_area_type,
            "country_areas": [list(pair) for pair in rules.country_area_choices],
        }
        return Response(AddressRulesOutputSerializer(data).data)
