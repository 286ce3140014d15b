"""Errors raised outside a view's own handling (issue 10, item 8): under /api/ every error
carries the API's JSON error body; elsewhere a translated page in the site layout with a
way back home."""

import json

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from marketplace import error_views
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_error_body(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["status"] == status and error["message"] and error["fields"] == {}
    if code:
        assert error["code"] == code
    return error


@pytest.fixture
def token_client():
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory()).key}")
    return client


def test_a_body_over_the_memory_cap_is_a_413_json_error(token_client, settings):
    body = b'{"full_name": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = token_client.generic("PATCH", "/api/v1/me/", body, content_type="application/json")
    error = assert_error_body(response, 413, "too_large")
    assert "larger than this server accepts (2.5\xa0MB)" in error["message"]


def test_a_form_over_the_memory_cap_is_a_413_page(client):
    response = client.post(
        reverse("signup"), "email=" + "x" * (3 * 1024 * 1024), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    content = response.content.decode()
    assert 'data-testid="error-page"' in content and "What you sent is too large" in content


def test_an_unknown_api_path_is_a_404_json_error(api_client):
    assert_error_body(api_client.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error_body(api_client.post("/api/v2/", {}), 404, "not_found")


def test_drf_errors_keep_the_json_body(api_client, token_client):
    assert_error_body(token_client.delete("/api/v1/me/"), 405, "method_not_allowed")
    unsupported = api_client.post("/api/v1/auth/signup/", "email=a", content_type="text/plain")
    assert_error_body(unsupported, 415, "unsupported_media_type")
    anonymous = api_client.get("/api/v1/me/")
    assert_error_body(anonymous, 401, "not_authenticated")
    assert anonymous["WWW-Authenticate"] == "Token"
    malformed = api_client.post("/api/v1/auth/signup/", "{not json", content_type="application/json")
    assert_error_body(malformed, 400, "parse_error")


@pytest.mark.urls("tests.marketplace.urls_broken")
def test_a_bug_on_an_api_url_is_a_500_json_error():
    client = APIClient(raise_request_exception=False)
    assert_error_body(client.get("/api/v1/broken/"), 500, "server_error")


@pytest.mark.urls("tests.marketplace.urls_broken")
def test_a_bug_on_a_page_is_a_500_page_with_a_way_home():
    response = Client(raise_request_exception=False).get("/broken/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 500
    content = response.content.decode()
    assert 'data-testid="error-page"' in content and 'href="/"' in content
    assert '<html lang="ru">' in content and "Вернуться на главную" in content


def test_the_500_page_needs_no_database_and_no_context_processors(django_assert_num_queries):
    request = RequestFactory().get("/anything/")
    with django_assert_num_queries(0):
        response = error_views.server_error(request)
    assert response.status_code == 500 and b'data-testid="error-page"' in response.content


@pytest.mark.parametrize(
    ("language", "home"),
    # The page's own new strings reach the catalogues after the merge; its way home is translated already.
    [("en", "Back to the home page"), ("ru", "Вернуться на главную")],
)
def test_an_unknown_item_is_a_404_page_in_the_layout(client, language, home, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/item/999999/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    content = response.content.decode()
    assert 'class="site-header"' in content and 'data-testid="error-page"' in content
    assert f'<html lang="{language}"' in content
    assert f'<a class="btn btn-primary" href="/" data-testid="error-home">{home}</a>' in content
    if language == "en":
        assert "We could not find that page" in content


def test_a_suspicious_request_is_a_400_page(rf):
    request = rf.get("/somewhere/")
    response = error_views.bad_request(request, SuspiciousOperation("odd"))
    assert response.status_code == 400
    assert b'data-testid="error-page"' in response.content
    api = error_views.bad_request(rf.get("/api/v1/me/"), SuspiciousOperation("odd"))
    assert api.status_code == 400
    assert json.loads(api.content)["error"]["code"] == "bad_request"


def test_a_disallowed_host_is_a_400_not_a_500():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_a_form_without_its_csrf_token_is_a_403_page_saying_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("signup"), {"email": "a@example.com"})
    assert response.status_code == 403
    content = response.content.decode()
    assert 'class="site-header"' in content and "This form has expired" in content


def test_a_refused_page_is_a_403_page_and_a_refused_api_call_the_json_body(rf):
    page = error_views.permission_denied(rf.get("/seller/"))
    assert page.status_code == 403 and b'data-testid="error-home"' in page.content
    api = error_views.permission_denied(rf.get("/api/v1/seller/listings/"))
    assert api.status_code == 403
    assert json.loads(api.content)["error"] == {
        "status": 403,
        "code": "permission_denied",
        "message": "You do not have permission to perform this action.",
        "fields": {},
    }
