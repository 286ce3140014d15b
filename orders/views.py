"""The cart page (/cart/) and its forms: add from a listing page, change the
lots of a line, remove it. A visitor's cart lives in their session until they
sign in (then it joins theirs: orders.apps)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from listings.display import Prices
from marketplace.errors import DomainError, NotFound

from . import cart as carts
from .selectors import cart_view


def _cart(request: HttpRequest, *, create: bool = False):
    return carts.cart_of(user=request.user, session=request.session, create=create)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@never_cache
def cart_page(request: HttpRequest) -> HttpResponse:
    prices = Prices.for_request(request)
    view = cart_view(_cart(request), currency=prices.currency, language=get_language(), rates=prices.rates)
    return render(request, "orders/cart.html", {"cart": view, "prices": prices})


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """From a listing page's buy form: `variant` and `lots`, added to what the cart holds."""
    variant, lots = _int(request.POST.get("variant")), _int(request.POST.get("lots"))
    if variant is None:
        messages.error(request, _("Choose a variant first."))
        return redirect(request.POST.get("back") or "orders:cart")
    try:
        carts.cart_line_set(cart=_cart(request, create=True), variant_id=variant, lots=lots or 0, add=True)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("orders:cart")
    messages.success(request, _("Added to your cart."))
    return redirect("orders:cart")


@require_POST
def cart_line_update(request: HttpRequest, line_id: int) -> HttpResponse:
    cart = _cart(request)
    line = cart.lines.filter(pk=line_id).first() if cart else None
    if line is None or line.variant_id is None:
        raise Http404(_("This product is not in your cart."))
    try:
        carts.cart_line_set(cart=cart, variant_id=line.variant_id, lots=_int(request.POST.get("lots")) or 0)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("orders:cart")


@require_POST
def cart_line_remove(request: HttpRequest, line_id: int) -> HttpResponse:
    cart = _cart(request)
    try:
        if cart is None:
            raise NotFound(_("This product is not in your cart."))
        carts.cart_line_remove(cart=cart, line_id=line_id)
    except NotFound as exc:
        raise Http404 from exc
    return redirect("orders:cart")
