"""Request-rate limits, shared by the API and the HTML forms that do the same thing.

DRF's throttles keep their counts in Django's default cache: Redis in production, so
every web process counts against the same window. The rates are read from settings on
each request (DRF freezes them at import), so tests can raise them for everything but
the test that proves the limit."""

from django.conf import settings
from django.http import HttpRequest
from rest_framework.throttling import ScopedRateThrottle as DrfScopedRateThrottle

AUTH_SCOPE = "auth"


class ScopedRateThrottle(DrfScopedRateThrottle):
    """A view's `throttle_scope`, at the rate settings give that scope now."""

    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].get(self.scope)


class _Scope:
    """What a throttle needs of a view: its scope."""

    def __init__(self, scope: str) -> None:
        self.throttle_scope = scope


def form_throttle_wait(request: HttpRequest, scope: str = AUTH_SCOPE) -> int | None:
    """For an HTML form posting what an API operation of `scope` does: None when the
    request may go on (and is counted), else the seconds to wait. The same cache key
    as the API's, so the form and the API share one allowance per address."""
    throttle = ScopedRateThrottle()
    if throttle.allow_request(request, _Scope(scope)):
        return None
    return max(1, int(throttle.wait() or 1))
