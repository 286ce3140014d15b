"""The published schema and the answers agree (issue 10, "The API contract"): anonymous
callers get 401 with a challenge and the schema says so, the conversations list is the
paged object it returns, an out-of-range page is the documented 404, and the 400s of
sign-up and PATCH /me are documented."""

import pytest
import yaml
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ApiError"


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def responses(schema, path: str, method: str) -> dict:
    return schema["paths"][path][method]["responses"]


def error_documented(schema, path: str, method: str, status: str) -> bool:
    response = responses(schema, path, method).get(status)
    return bool(response) and response["content"]["application/json"]["schema"]["$ref"] == ERROR_REF


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/me/", "get"),
        ("/api/v1/me/", "patch"),
        ("/api/v1/conversations/", "get"),
        ("/api/v1/seller/listings/", "post"),
        ("/api/v1/seller/imports/", "get"),
        ("/api/v1/seller/application/", "post"),
    ],
)
def test_operations_that_need_credentials_document_401_and_403(schema, path, method):
    assert error_documented(schema, path, method, "401")
    assert error_documented(schema, path, method, "403")


def test_public_reads_document_no_401(schema):
    assert "401" not in responses(schema, "/api/v1/listings/", "get")
    assert "401" not in responses(schema, "/api/v1/auth/signup/", "post")


def test_anonymous_gets_401_with_a_challenge_on_documented_operations():
    client = APIClient()
    for path in ("/api/v1/me/", "/api/v1/conversations/", "/api/v1/seller/listings/"):
        response = client.get(path)
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token", path
        assert response.json()["error"]["code"] == "not_authenticated"


def test_a_wrong_token_is_401_too_and_a_known_but_refused_caller_is_403():
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = bad.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["error"]["code"] == "authentication_failed"
    buyer = APIClient()
    buyer.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory()).key}")
    refused = buyer.get("/api/v1/seller/listings/")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"


def test_the_conversations_list_is_documented_as_the_paged_object_it_returns(schema):
    ref = responses(schema, "/api/v1/conversations/", "get")["200"]["content"]["application/json"]["schema"]["$ref"]
    paged = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert {"count", "next", "previous", "results"} <= set(paged["properties"])
    user = UserFactory()
    client = APIClient()
    client.force_authenticate(user)
    body = client.get(reverse("api-conversations")).json()
    assert set(body) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize("path", ["/api/v1/listings/", "/api/v1/conversations/", "/api/v1/seller/listings/"])
def test_a_page_out_of_range_is_the_documented_404(schema, path, make_seller):
    assert error_documented(schema, path, "get", "404")
    client = APIClient()
    client.force_authenticate(make_seller(status="approved", country="IT").user)
    for page in ("0", "999"):
        response = client.get(path, {"page": page})
        assert response.status_code == 404, (path, page)
        assert response.json()["error"]["code"] == "not_found"


def test_sign_up_and_me_document_their_400(schema):
    assert error_documented(schema, "/api/v1/auth/signup/", "post", "400")
    assert error_documented(schema, "/api/v1/auth/signup/", "post", "429")
    assert error_documented(schema, "/api/v1/auth/token/", "post", "429")
    assert error_documented(schema, "/api/v1/me/", "patch", "400")
    client = APIClient()
    client.force_authenticate(UserFactory())
    response = client.patch("/api/v1/me/", {"country": -58800}, format="json")
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["country"]
