"""Error pages in the reader's language (issue 15, item 5): 400, 403, 404, 414 and 429
each in the site's layout with a way home, in English and in Russian; an overlong
URL is answered by the app (the 414 page, or the JSON body under /api/), not by
gunicorn's plain text."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import reverse

from marketplace import error_views

pytestmark = pytest.mark.django_db

HOME = {"en": "Back to the home page", "ru": "Вернуться на главную"}


def handler_response(language, rf, handler):
    """What Django's handler answers a request in `language` (as LocaleMiddleware leaves it)."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    with translation.override(language):
        request = rf.get("/somewhere/")
        request.LANGUAGE_CODE = language
        request.user = AnonymousUser()
        return handler(request)


def request_for(status: int, language: str, settings, rf):
    """A request that ends in `status`: real ones through the client; 400 and 429 through
    the handlers Django and every throttle call (a host Django refuses is answered before
    the language is known)."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    if status == 400:
        return handler_response(language, rf, lambda r: error_views.bad_request(r, SuspiciousOperation("odd")))
    if status == 403:
        return Client(enforce_csrf_checks=True).post(reverse("signup"), {"email": "a@example.com"}, **headers)
    if status == 404:
        return Client().get("/item/999999/", **headers)
    if status == 414:
        return Client().get("/search/", {"q": "x" * (settings.CARAVAN_MAX_URL_CHARS + 10)}, **headers)
    if status == 429:
        return handler_response(language, rf, lambda r: error_views.error_response(r, 429, retry_after=60))
    raise AssertionError(status)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("status", [400, 403, 404, 414, 429])
def test_every_error_page_is_in_the_layout_and_the_readers_language(status, language, settings, rf):
    response = request_for(status, language, settings, rf)
    assert response.status_code == status
    content = response.content.decode()
    assert f'data-testid="error-page" data-status="{status}"' in content
    assert f'<html lang="{language}"' in content
    assert HOME[language] in content
    assert 'class="site-header"' in content


def test_an_overlong_url_is_the_apps_414_and_a_url_just_within_is_served(settings):
    client = Client()
    just = client.get("/search/", {"q": "x" * (settings.CARAVAN_MAX_URL_CHARS - 20)})
    assert just.status_code == 200
    over = client.get("/search/", {"q": "x" * (settings.CARAVAN_MAX_URL_CHARS + 1)})
    assert over.status_code == 414 and "That address is too long" in over.content.decode()
    api = client.get("/api/v1/listings/", {"q": "x" * (settings.CARAVAN_MAX_URL_CHARS + 1)})
    assert api.status_code == 414 and api.json()["error"]["code"] == "uri_too_long"
