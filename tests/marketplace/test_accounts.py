import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from marketplace.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STRONG = "a long passphrase 42"


def test_sign_up_creates_account_logs_in_and_keeps_header_choices(client):
    client.post(reverse("preferences"), {"language": "pt-br", "currency": "BRL", "country": "BR", "next": "/"})
    response = client.post(
        reverse("signup"),
        {"email": "Ana@Example.com", "full_name": "Ana", "password1": STRONG, "password2": STRONG},
    )
    assert response.status_code == 302
    user = User.objects.get(email="ana@example.com")
    assert (user.language, user.currency, user.country.code) == ("pt-br", "BRL", "BR")
    assert user.check_password(STRONG)
    assert client.get(reverse("profile")).status_code == 200  # logged in


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-email", "password1": STRONG, "password2": STRONG}, "email", "valid email"),
        ({"email": "a@example.com", "password1": "short", "password2": "short"}, "password1", "too short"),
        (
            {"email": "a@example.com", "password1": "1234567890123", "password2": "1234567890123"},
            "password1",
            "entirely numeric",
        ),
        ({"email": "a@example.com", "password1": STRONG, "password2": STRONG + "x"}, "password2", "do not match"),
    ],
)
def test_sign_up_bad_input_gets_a_clear_error_and_creates_nothing(client, data, field, message):
    response = client.post(reverse("signup"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == 0


def test_sign_up_with_an_existing_email_is_refused(client):
    UserFactory(email="taken@example.com")
    response = client.post(reverse("signup"), {"email": "TAKEN@example.com", "password1": STRONG, "password2": STRONG})
    assert "already exists" in " ".join(response.context["form"].errors["email"])
    assert User.objects.count() == 1


def test_log_in_with_email_and_log_out(client):
    user = UserFactory(email="buyer@example.com")
    response = client.post(reverse("login"), {"username": "BUYER@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_log_in_with_a_wrong_password_says_so(client):
    UserFactory(email="buyer@example.com")
    response = client.post(reverse("login"), {"username": "buyer@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct email address and password" in response.content.decode().lower()


def test_failed_log_ins_are_throttled_per_account_with_a_clear_message(client):
    UserFactory(email="target@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "target@example.com", "password": "wrong"})
    # Even the right password is refused now, with a page that says why.
    response = client.post(reverse("login"), {"username": "target@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert settings.AXES_FAILURE_LIMIT <= 100 and settings.AXES_COOLOFF_TIME == 1


def test_failed_log_ins_are_throttled_per_address_across_accounts(client):
    # The address's own ceiling, well above one account's limit (tests/marketplace/test_throttles.py).
    for n in range(settings.CARAVAN_LOGIN_ADDRESS_FAILURE_LIMIT):
        client.post(
            reverse("login"), {"username": f"guess{n}@example.com", "password": "wrong"}, REMOTE_ADDR="203.0.113.9"
        )
    UserFactory(email="innocent@example.com")
    blocked = client.post(
        reverse("login"), {"username": "innocent@example.com", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert blocked.status_code == 429
    other = client.post(
        reverse("login"), {"username": "innocent@example.com", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302


def test_password_reset_sends_a_working_link(client):
    user = UserFactory(email="forgot@example.com")
    client.post(reverse("password_reset"), {"email": "forgot@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)  # on SITE_URL
    form_page = client.get(link, follow=True)
    new = "another long passphrase"
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_profile_saves_preferences(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("profile"), {"full_name": "Olga", "language": "ru", "currency": "RUB", "country": "KZ"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language, user.currency, user.country.code) == ("Olga", "ru", "RUB", "KZ")
    page = client.get(reverse("home"))
    assert page.headers["Content-Language"] == "ru"
    assert 'data-testid="current-currency">RUB<' in page.content.decode()


def test_profile_refuses_unknown_currency(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("profile"), {"full_name": "", "language": "en", "currency": "XXX", "country": ""})
    assert response.status_code == 200
    assert "currency" in response.context["form"].errors
    user.refresh_from_db()
    assert user.currency == "USD"


def test_profile_requires_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_language_from_accept_language_and_guessed_currency(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")
    assert page.headers["Content-Language"] == "pt-br"
    html = page.content.decode()
    assert 'data-testid="current-currency">BRL<' in html
    assert 'data-testid="current-ship-to">Brasil<' in html


def test_header_switch_is_kept_in_the_session_for_anonymous_visitors(client):
    response = client.post(
        reverse("preferences"), {"language": "tr", "currency": "TRY", "country": "AZ", "next": "/search/?q=x"}
    )
    assert response.status_code == 302 and response.url == "/search/?q=x"
    html = client.get(reverse("home")).content.decode()
    assert 'lang="tr"' in html
    assert 'data-testid="current-currency">TRY<' in html


def test_header_switch_saves_to_profile_when_logged_in(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("preferences"), {"language": "fr", "currency": "EUR", "country": "SN"})
    user.refresh_from_db()
    assert (user.language, user.currency, user.country.code) == ("fr", "EUR", "SN")


def test_header_switch_ignores_bad_values_and_foreign_redirects(client):
    response = client.post(
        reverse("preferences"), {"language": "xx", "currency": "EUR", "country": "SN", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/"
    assert "caravan_currency" not in client.session


def test_sign_up_returns_to_where_the_person_was_going(client):
    response = client.post(
        reverse("signup"),
        {"email": "s@example.com", "password1": STRONG, "password2": STRONG, "next": "/seller/apply/"},
    )
    assert response.url == "/seller/apply/"
    client.post(reverse("logout"))
    foreign = client.post(
        reverse("signup"),
        {"email": "t@example.com", "password1": STRONG, "password2": STRONG, "next": "https://evil.example/"},
    )
    assert foreign.url == reverse("home")
