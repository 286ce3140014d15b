from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .preferences import resolve_country, resolve_currency


class PreferencesMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with a logged-in person's saved language
    winning over the cookie and Accept-Language, plus `request.currency` and
    `request.ship_to` (ISO codes) for every view and template."""

    def process_request(self, request):
        user = getattr(request, "user", None)
        saved = user.language if user is not None and user.is_authenticated else ""
        if saved and translation.check_for_language(saved):
            translation.activate(saved)
            request.LANGUAGE_CODE = translation.get_language()
        else:
            super().process_request(request)
        request.ship_to = resolve_country(request)
        request.currency = resolve_currency(request, request.ship_to)
