"""Django's error handlers (handler400/403/404/500 in marketplace/urls.py), for errors
raised outside the API views' own exception handler: a body over
DATA_UPLOAD_MAX_MEMORY_SIZE, an unknown URL, a bug. Under /api/ they answer the API's
one JSON error body; elsewhere a translated page in the site's layout."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .api.errors import error_body

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _messages() -> dict[int, tuple[str, str, str]]:
    """status -> (code, title, message), translated in the request's language."""
    return {
        400: (
            "bad_request",
            _("This request could not be understood"),
            _("Something in it was malformed. Go back and try again."),
        ),
        403: (
            "permission_denied",
            _("You cannot open this page"),
            _("Your account does not have access to it. If you think it should, log in with another account."),
        ),
        404: (
            "not_found",
            _("We could not find that page"),
            _("It may have been moved, sold out or never existed. Try searching from the home page."),
        ),
        413: (
            "too_large",
            _("What you sent is too large"),
            _("The request was bigger than we accept. Send smaller files, or fewer at once."),
        ),
        414: (
            "uri_too_long",
            _("That address is too long"),
            _("The link has more in it than we accept. Go back and try a shorter search or fewer filters."),
        ),
        429: ("throttled", _("Too many requests"), _("You did that too often. Wait a minute and try again.")),
    }


def _api_messages() -> dict[int, str]:
    """status -> the JSON body's message (an API client has no page to go back to)."""
    return {
        400: _("The request could not be understood."),
        403: _("You do not have permission to perform this action."),
        404: _("Not found."),
        413: _("The request body is larger than this server accepts (%(size)s).")
        % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
        414: _("The URL is longer than this server accepts (%(n)s characters).")
        % {"n": settings.CARAVAN_MAX_URL_CHARS},
        429: _("Too many requests. Wait a minute and try again."),
    }


def _csrf_page() -> tuple[str, str, str]:
    return (
        "csrf_failed",
        _("This form has expired"),
        _("For your safety we could not accept it. Go back, reload the page and send the form again."),
    )


def error_response(
    request: HttpRequest, status: int, *, retry_after: int | None = None, reason: tuple[str, str, str] | None = None
) -> HttpResponse:
    """The answer for `status`: the JSON error body under /api/, else the page `<status>.html`."""
    code, title, message = _messages()[status] if reason is None else reason
    if is_api_request(request):
        response = JsonResponse(error_body(status, code, _api_messages()[status]), status=status)
    else:
        context = {"status": status, "error_title": title, "error_message": message}
        response = render(request, f"{status}.html", context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django sends every SuspiciousOperation here; a body or a form over its cap is one.
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413)
    return error_response(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without its token (usually a page left open for too
    long) gets the 403 page with what to do, not Django's developer page."""
    return error_response(request, 403, reason=_csrf_page())


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """No template context processors and no database: whatever broke may be one of them."""
    if is_api_request(request):
        message = _("An error on our side stopped this request. Try again in a few minutes.")
        return JsonResponse(error_body(500, "server_error", message), status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())
