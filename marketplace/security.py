"""Answers to a throttled log-in (django-axes' lockout callable)."""

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
