"""Log-in lockout: how failures are counted (django-axes' handler) and the answer to a
locked-out log-in (its lockout callable)."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .api.errors import error_body

LOCKOUT_STATUS = 429


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """A clear 429: JSON in the error format for the API, a page for people."""
    if request.path.startswith("/api/"):
        message = _("Too many failed log-in attempts. Try again in an hour, or reset your password.")
        return JsonResponse(error_body(LOCKOUT_STATUS, "locked_out", message), status=LOCKOUT_STATUS)
    return render(request, "registration/locked_out.html", status=LOCKOUT_STATUS)


def login_username(request, credentials: dict | None = None) -> str:
    """The account a log-in attempt is for, as axes counts it: the email, lowercased, so
    `Lucia@…` and `lucia@…` are one account (as the log-in itself treats them)."""
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        value = getattr(request, "POST", {}).get("username", "")
    return str(value or "").strip().lower()


class LoginAttemptHandler(AxesDatabaseHandler):
    """django-axes counting failures per account + address (AXES_LOCKOUT_PARAMETERS), with
    a separate ceiling for the address as a whole (CARAVAN_LOGIN_ADDRESS_FAILURE_LIMIT).

    Axes compares one number with one limit, so an address over its own ceiling reports
    the account limit: every log-in from it is then refused. A successful log-in resets
    only that account's failures from that address, so logging in to one's own account
    does not wipe the count of guesses at someone else's."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_account = super().get_failures(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        if address is None:
            return per_account
        recent = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            recent = recent.filter(attempt_time__gte=get_cool_off_threshold(request))
        per_address = recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
        if per_address >= settings.CARAVAN_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(per_account, get_failure_limit(request, credentials))
        return per_account
