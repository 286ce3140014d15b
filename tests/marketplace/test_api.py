import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from marketplace.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_returns_user_and_token(api_client):
    response = api_client.post(
        "/api/v1/auth/signup/",
        {
            "email": "Ana@Example.com",
            "password": "a long passphrase",
            "language": "pt-br",
            "currency": "BRL",
            "country": "BR",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["user"]["email"] == "ana@example.com"
    assert body["user"]["country"] == "BR"
    assert Token.objects.get(user__email="ana@example.com").key == body["token"]
    me = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert me.json()["currency"] == "BRL"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "nope", "password": "a long passphrase"}, "email"),
        ({"email": "a@example.com", "password": "short"}, "password"),
        ({"email": "a@example.com", "password": "a long passphrase", "currency": "XXX"}, "currency"),
        ({"email": "a@example.com", "password": "a long passphrase", "country": "ZZ"}, "country"),
        # The fuzzer's find: an object (or any non-string) was read as "no country" and accepted.
        ({"email": "a@example.com", "password": "a long passphrase", "country": {}}, "country"),
        ({"email": "a@example.com", "password": "a long passphrase", "country": 0}, "country"),
        ({"password": "a long passphrase"}, "email"),
    ],
)
def test_sign_up_errors_name_the_field(api_client, payload, field):
    response = api_client.post("/api/v1/auth/signup/", payload, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert field in error["fields"], error
    assert error["message"]
    assert User.objects.count() == 0


def test_sign_up_duplicate_email(api_client):
    UserFactory(email="taken@example.com")
    response = api_client.post(
        "/api/v1/auth/signup/", {"email": "taken@example.com", "password": "a long passphrase"}, format="json"
    )
    assert response.status_code == 400
    assert "already exists" in response.json()["error"]["fields"]["email"][0]


def test_token_obtain(api_client):
    UserFactory(email="b@example.com")
    ok = api_client.post("/api/v1/auth/token/", {"email": "b@example.com", "password": PASSWORD}, format="json")
    assert ok.status_code == 200 and len(ok.json()["token"]) == 40
    bad = api_client.post("/api/v1/auth/token/", {"email": "b@example.com", "password": "wrong"}, format="json")
    assert bad.status_code == 400
    assert "password" in bad.json()["error"]["fields"]


def test_token_obtain_is_throttled_per_account(api_client):
    UserFactory(email="t@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_client.post("/api/v1/auth/token/", {"email": "t@example.com", "password": "wrong"}, format="json")
    locked = api_client.post("/api/v1/auth/token/", {"email": "t@example.com", "password": PASSWORD}, format="json")
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked_out"
    assert "Too many failed log-in attempts" in locked.json()["error"]["message"]


def test_me_requires_authentication(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "not_authenticated"


def test_me_patch_changes_only_my_preferences(auth_api_client, user):
    other = UserFactory(currency="USD")
    response = auth_api_client.patch(
        "/api/v1/me/", {"language": "ru", "currency": "RUB", "full_name": "Olga"}, format="json"
    )
    assert response.status_code == 200
    user.refresh_from_db()
    other.refresh_from_db()
    assert (user.language, user.currency, user.full_name) == ("ru", "RUB", "Olga")
    assert other.currency == "USD"


def test_me_patch_bad_value_names_field_and_changes_nothing(auth_api_client, user):
    response = auth_api_client.patch("/api/v1/me/", {"language": "ru", "currency": "XYZ"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["currency"]
    user.refresh_from_db()
    assert user.language == "en"


def test_me_patch_refuses_a_country_that_is_not_a_string(auth_api_client, user):
    user.country = "DE"
    user.save(update_fields=["country"])
    response = auth_api_client.patch("/api/v1/me/", {"country": []}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["country"]
    user.refresh_from_db()
    assert user.country == "DE"


def test_exchange_rates_are_public(api_client):
    response = api_client.get("/api/v1/exchange-rates/")
    assert response.status_code == 200
    codes = {row["currency"] for row in response.json()}
    assert {"USD", "CNY", "RUB", "TRY", "BRL"} <= codes


def test_unknown_endpoint_is_a_json_404(api_client):
    response = api_client.get("/api/v1/nothing-here/")
    assert response.status_code == 404


def test_schema_and_offline_swagger_ui(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/auth/signup/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Swagger UI assets come from the sidecar package, served by us, not a CDN.
    assert "drf_spectacular_sidecar/swagger-ui-dist" in html
    assert "cdn.jsdelivr" not in html


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_token_user_gets_their_saved_language_not_the_header_guess(user):
    spanish = UserFactory(language="es")

    answer_en = _token_client(user).patch("/api/v1/me/", {"currency": "XYZ"}, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    answer_es = _token_client(spanish).patch(
        "/api/v1/me/", {"currency": "XYZ"}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert (answer_en.status_code, answer_es.status_code) == (400, 400)
    assert (answer_en["Content-Language"], answer_es["Content-Language"]) == ("en", "es")
    english, spanish_text = (
        answer_en.json()["error"]["fields"]["currency"],
        answer_es.json()["error"]["fields"]["currency"],
    )
    assert english == ['"XYZ" is not a valid choice.']
    assert spanish_text == ['"XYZ" no es una elección válida.']  # DRF's own Spanish catalogue


def test_token_user_gets_their_saved_currency_and_ship_to(user):
    from django.test import RequestFactory

    from marketplace.api.authentication import apply_user_preferences

    user.currency, user.country = "BRL", "BR"
    user.save(update_fields=["currency", "country"])
    request = RequestFactory().get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="tr")
    request.currency, request.ship_to = "TRY", "TR"  # what the middleware guessed before the token was read

    apply_user_preferences(request, user)

    assert (request.currency, request.ship_to) == ("BRL", "BR")
