"""Request limits that a hostile client meets (issue 10, items 1 and 9): sign-up and token
requests per address (API and the HTML sign-up form sharing one allowance, counted in the
shared cache), and the log-in lockout per account + address with a separate, higher
ceiling per address, through the real log-in form and the token endpoint."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from marketplace import settings as project_settings
from marketplace.api.throttling import ScopedRateThrottle
from marketplace.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/api/v1/auth/signup/"
TOKEN = "/api/v1/auth/token/"
STRONG = "a long passphrase 42"
PRODUCTION_AUTH_RATE = project_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"]


@pytest.fixture
def production_auth_rate(settings):
    """The rate the project ships with, and an address nobody has used yet in the cache."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth": PRODUCTION_AUTH_RATE},
    }
    address = "198.51.100.41"
    cache.delete(f"throttle_auth_{address}")
    count, _ = PRODUCTION_AUTH_RATE.split("/")
    return int(count), address


def test_the_shipped_rate_is_a_real_limit_kept_in_the_shared_cache():
    assert PRODUCTION_AUTH_RATE == "30/min"
    assert project_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "marketplace.api.throttling.ScopedRateThrottle"
    ]
    # DRF's throttles count in the default cache: Redis whenever REDIS_URL is set (production).
    assert ScopedRateThrottle.cache is cache
    if settings.REDIS_URL:
        assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_sign_up_is_throttled_per_address_with_the_json_error_and_retry_after(production_auth_rate):
    limit, address = production_auth_rate
    client = APIClient(REMOTE_ADDR=address)
    for n in range(limit):
        response = client.post(SIGNUP, {"email": f"flood{n}@example.com", "password": STRONG}, format="json")
        assert response.status_code == 201, (n, response.json())

    refused = client.post(SIGNUP, {"email": "one-more@example.com", "password": STRONG}, format="json")

    assert refused.status_code == 429
    error = refused.json()["error"]
    assert (error["status"], error["code"]) == (429, "throttled") and error["message"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert not User.objects.filter(email="one-more@example.com").exists()
    # A forged X-Forwarded-For is not a new address.
    forged = client.post(
        SIGNUP, {"email": "forged@example.com", "password": STRONG}, format="json", HTTP_X_FORWARDED_FOR="203.0.113.77"
    )
    assert forged.status_code == 429
    # Another address still has its whole allowance.
    other = APIClient(REMOTE_ADDR="198.51.100.42")
    cache.delete("throttle_auth_198.51.100.42")
    assert other.post(SIGNUP, {"email": "neighbour@example.com", "password": STRONG}, format="json").status_code == 201


def test_token_requests_share_the_allowance(production_auth_rate):
    limit, address = production_auth_rate
    UserFactory(email="t@example.com")
    client = APIClient(REMOTE_ADDR=address)
    for _ in range(limit):
        assert client.post(TOKEN, {"email": "t@example.com", "password": PASSWORD}, format="json").status_code == 200
    refused = client.post(TOKEN, {"email": "t@example.com", "password": PASSWORD}, format="json")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"
    assert "Retry-After" in refused


def test_the_html_sign_up_form_is_limited_the_same_way(client, production_auth_rate):
    limit, address = production_auth_rate
    api = APIClient(REMOTE_ADDR=address)
    for n in range(limit):
        api.post(TOKEN, {"email": f"nobody{n}@example.com", "password": "x"}, format="json")

    page = client.post(
        reverse("signup"),
        {"email": "late@example.com", "password1": STRONG, "password2": STRONG},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert page.status_code == 429
    assert 1 <= int(page["Retry-After"]) <= 60
    content = page.content.decode()
    assert 'data-testid="error-page"' in content and 'class="site-header"' in content
    assert "Слишком много запросов" in content or "Too many requests" in content
    assert not User.objects.filter(email="late@example.com").exists()
    # Looking at the form is never counted or refused.
    assert client.get(reverse("signup"), REMOTE_ADDR=address).status_code == 200


# --- log-in lockout --------------------------------------------------------------------


def _log_in(client, email: str, password: str, address: str):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def test_a_throwaway_account_locks_only_itself_from_that_address_on_the_form(client):
    address = "203.0.113.20"
    UserFactory(email="throwaway@example.com")
    UserFactory(email="lucia@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _log_in(client, "throwaway@example.com", "wrong", address).status_code == 200
    # The failure that reaches the limit is already answered with the lockout.
    assert _log_in(client, "throwaway@example.com", "wrong", address).status_code == 429

    assert _log_in(client, "throwaway@example.com", PASSWORD, address).status_code == 429
    # Another spelling of the same account is the same account.
    assert _log_in(client, " ThrowAway@Example.com", PASSWORD, address).status_code == 429
    # Another account from the same address logs in with its right password.
    assert _log_in(client, "lucia@example.com", PASSWORD, address).status_code == 302


def test_a_throwaway_account_locks_only_itself_from_that_address_on_the_token_endpoint():
    address = "203.0.113.21"
    UserFactory(email="throwaway@example.com")
    UserFactory(email="mehmet@example.com")
    client = APIClient(REMOTE_ADDR=address)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = client.post(TOKEN, {"email": "throwaway@example.com", "password": "wrong"}, format="json")
        assert wrong.status_code == 400
    client.post(TOKEN, {"email": "throwaway@example.com", "password": "wrong"}, format="json")

    locked = client.post(TOKEN, {"email": "throwaway@example.com", "password": PASSWORD}, format="json")
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "locked_out"
    other = client.post(TOKEN, {"email": "mehmet@example.com", "password": PASSWORD}, format="json")
    assert other.status_code == 200 and len(other.json()["token"]) == 40


def test_an_address_guessing_across_many_accounts_meets_its_own_ceiling(client):
    address = "203.0.113.22"
    ceiling = settings.CARAVAN_LOGIN_ADDRESS_FAILURE_LIMIT
    assert ceiling > settings.AXES_FAILURE_LIMIT
    UserFactory(email="victim@example.com")
    for n in range(ceiling - 1):
        _log_in(client, f"guess{n % 10}@example.com", "wrong", address)
    # One below the ceiling: a right password still works (and resets only its own count).
    assert _log_in(client, "victim@example.com", PASSWORD, address).status_code == 302
    client.logout()
    _log_in(client, "guess0@example.com", "wrong", address)

    assert _log_in(client, "victim@example.com", PASSWORD, address).status_code == 429
    assert (
        APIClient(REMOTE_ADDR=address)
        .post(TOKEN, {"email": "victim@example.com", "password": PASSWORD}, format="json")
        .status_code
        == 429
    )
    # The same account from elsewhere is not affected.
    assert _log_in(client, "victim@example.com", PASSWORD, "198.51.100.9").status_code == 302
