"""Token authentication that applies the person's saved preferences.

PreferencesMiddleware resolves the language, ship-to country and currency
before DRF authenticates a token (only session users are known by then), so
an app or script calling with a token would otherwise get the anonymous
guesses from Accept-Language. Here, once the token names the user, their
saved language is activated and `request.ship_to` / `request.currency` are
resolved again, exactly as the middleware does for a logged-in browser."""

from django.utils import translation
from rest_framework.authentication import TokenAuthentication

from marketplace.preferences import resolve_country, resolve_currency


class PreferencesTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            apply_user_preferences(request._request, result[0])
        return result


def apply_user_preferences(http_request, user) -> None:
    http_request.user = user
    if user.language and translation.check_for_language(user.language):
        translation.activate(user.language)
        http_request.LANGUAGE_CODE = translation.get_language()
    http_request.ship_to = resolve_country(http_request)
    http_request.currency = resolve_currency(http_request, http_request.ship_to)
