"""The shared API toolkit (marketplace/api): money amounts refuse floats,
every list pages in one envelope, error examples have the API's error body.
The views here are real APIViews behind DRF's JSON parser and our exception
handler, so a float arrives exactly as a client's JSON number does."""

from decimal import Decimal

import pytest
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from marketplace.api.errors import error_body
from marketplace.api.examples import ERROR_400, error_example
from marketplace.api.fields import FLOAT_REFUSED, MoneyAmountField, enum_schema
from marketplace.api.pagination import MAX_PAGE_SIZE, PagePagination, paginated_response
from marketplace.models import User
from tests.factories import UserFactory

factory = APIRequestFactory()


class TierInputSerializer(serializers.Serializer):
    unit_price = MoneyAmountField()


class PriceApi(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    class InputSerializer(serializers.Serializer):
        price = MoneyAmountField()
        tiers = TierInputSerializer(many=True, required=False)

    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        price = data.validated_data["price"]
        return Response({"price": str(price), "type": type(price).__name__})


def post_price(body: dict):
    response = PriceApi.as_view()(factory.post("/price/", body, format="json"))
    response.render()
    return response


@pytest.mark.parametrize("amount", [12.5, 12.0, 0.1, 1e3])
def test_a_json_float_is_refused_naming_the_field(amount):
    response = post_price({"price": amount})
    assert response.status_code == 400
    error = response.data["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"price": [str(FLOAT_REFUSED)]}
    assert error["message"] == f"price: {FLOAT_REFUSED}"
    assert 'e.g. "89.90"' in error["message"]


def test_a_float_deep_in_the_body_is_named_by_its_path():
    response = post_price({"price": "10.00", "tiers": [{"unit_price": "9.00"}, {"unit_price": 8.5}]})
    assert response.status_code == 400
    assert list(response.data["error"]["fields"]) == ["tiers.1.unit_price"]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("12.50", "12.5000"), (" 89.9 ", "89.9000"), (12, "12.0000"), (0, "0.0000"), ("1234567.8912", "1234567.8912")],
)
def test_strings_and_integers_are_exact_decimals(amount, expected):
    response = post_price({"price": amount})
    assert response.status_code == 200, response.data
    assert response.data == {"price": expected, "type": "Decimal"}


@pytest.mark.parametrize("amount", ["12,50", "twelve", "1.23456", True, None])
def test_other_bad_amounts_are_a_400_not_a_500(amount):
    response = post_price({"price": amount})
    assert response.status_code == 400
    assert list(response.data["error"]["fields"]) == ["price"]


def test_the_field_alone_refuses_a_float_and_keeps_decimals_exact():
    field = MoneyAmountField()
    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation(0.1)
    assert refused.value.detail == [str(FLOAT_REFUSED)]
    assert field.run_validation("0.1") + field.run_validation("0.2") == Decimal("0.3")


# --- pagination -------------------------------------------------------------------------


class UserEmailsApi(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    pagination_class = PagePagination

    class OutputSerializer(serializers.Serializer):
        email = serializers.EmailField()

    def get(self, request):
        users = User.objects.filter(email__startswith="page-").order_by("email")
        return paginated_response(self, request, users, self.OutputSerializer)


def get_page(query: str = ""):
    response = UserEmailsApi.as_view()(factory.get(f"/users/{query}"))
    response.render()
    return response


@pytest.mark.django_db
def test_pages_have_one_envelope_and_follow_page_size():
    for n in range(5):
        UserFactory(email=f"page-{n}@example.com")

    first = get_page("?page_size=2")
    assert first.status_code == 200
    assert list(first.data) == ["count", "next", "previous", "results"]
    assert first.data["count"] == 5
    assert first.data["previous"] is None
    assert "page=2" in first.data["next"] and "page_size=2" in first.data["next"]
    assert first.data["results"] == [{"email": "page-0@example.com"}, {"email": "page-1@example.com"}]

    last = get_page("?page_size=2&page=3")
    assert last.data["next"] is None and "page=2" in last.data["previous"]
    assert last.data["results"] == [{"email": "page-4@example.com"}]


@pytest.mark.django_db
def test_page_size_is_capped_and_a_page_past_the_end_is_a_json_404():
    UserFactory(email="page-only@example.com")
    assert PagePagination().get_page_size(Request(factory.get("/", {"page_size": 10_000}))) == MAX_PAGE_SIZE

    missing = get_page("?page=9")
    assert missing.status_code == 404
    assert missing.data["error"]["status"] == 404 and missing.data["error"]["code"] == "not_found"


# --- schema helpers ---------------------------------------------------------------------


def test_error_example_is_the_api_error_body():
    one_field = error_example("Bad price", 400, "invalid", "Too low.", field="price")
    assert one_field.value == error_body(400, "invalid", "Too low.", {"price": ["Too low."]})
    assert one_field.response_only and one_field.status_codes == ["400"]

    several = error_example("Tiers", 400, "invalid", "A gap.", {"tiers.1.min_lots": ["A gap."]})
    assert several.value["error"]["fields"] == {"tiers.1.min_lots": ["A gap."]}
    assert error_example("Gone", 404, "not_found", "Not found.").value["error"]["fields"] == {}
    assert ERROR_400.response.__name__ == "ApiErrorSerializer"


def test_enum_schema():
    choices = [("a", "A"), (2, "Two")]
    assert enum_schema(choices) == {"type": "string", "enum": ["a", "2"]}
    assert enum_schema(iter(choices), nullable=True) == {"type": "string", "enum": ["a", "2"], "nullable": True}
