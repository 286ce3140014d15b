from django.conf import settings
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


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header from `settings.PERMISSIONS_POLICY`
    (feature → allowed origins; an empty list switches the feature off)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class UrlLengthMiddleware:
    """A URL longer than settings.CARAVAN_MAX_URL_CHARS (path and query) gets the
    414 page in the site's layout and language (the JSON error body under /api/),
    rather than gunicorn's plain-text 414: gunicorn's own request-line limit is
    set above this one (Dockerfile, Procfile), so the app is the one that says no."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.get_full_path()) > settings.CARAVAN_MAX_URL_CHARS:
            from .error_views import error_response

            return error_response(request, 414)
        return self.get_response(request)
