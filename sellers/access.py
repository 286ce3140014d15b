"""Who may open a seller-centre page: the decorators every app's seller pages
use (sellers' own, listings' editor and imports, the seller inbox).

They live here, not in sellers.views, so that an app above sellers can guard
its pages without importing another app's views.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .selectors import seller_for_user

FORBIDDEN_TEMPLATE = "sellers/forbidden.html"


def approved_seller_required(view):
    """Let only an approved seller's user in; the seller is `request.seller`.

    Anonymous: log in first. No application yet: start one. Any other status
    (draft, submitted, changes requested, rejected, suspended): a 403 page that
    says why and what to do next, in the seller-centre layout.
    """

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seller = seller_for_user(request.user)
        if seller is None:
            messages.info(request, _("Apply to sell on Caravan first."))
            return redirect("sellers:apply")
        if not seller.is_approved:
            return render(request, FORBIDDEN_TEMPLATE, {"seller": seller, "active_nav": ""}, status=403)
        request.seller = seller
        return view(request, *args, **kwargs)

    return wrapper


def seller_application_required(view):
    """Application steps after the first one need an application: the view
    gets the user's seller (any status) as its second argument; without one,
    the first step."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seller = seller_for_user(request.user)
        if seller is None:
            return redirect("sellers:apply")
        return view(request, seller, *args, **kwargs)

    return wrapper
