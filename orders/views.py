"""The cart page (/cart/) and its forms: add from a listing page, change the
lots of a line, remove it. A visitor's cart lives in their session until they
sign in (then it joins theirs: orders.apps). Checkout (/checkout/), the buyer's
orders (/orders/) and the seller centre's (/seller/orders/)."""

import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buyers.forms import AddressForm
from buyers.selectors import address_lines, addresses_for
from buyers.services import address_create
from listings.display import Prices
from marketplace.errors import DomainError, NotFound
from marketplace.forms import add_domain_error
from sellers.access import approved_seller_required

from . import cart as carts
from .checkout import checkout_address, checkout_for_buyer, checkout_payment, checkout_place, checkout_plan
from .display import deadline_text, reader_timezone
from .fulfilment_views import ship_form_for
from .models import OrderStatus
from .selectors import cart_view, checkout_orders, order_with_history, orders_for_buyer, orders_for_seller
from .services import order_cancel


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


# --- checkout -------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _shipping_choices(data) -> dict[int, str]:
    return {int(k[5:]): str(v) for k, v in data.items() if k.startswith("ship_") and k[5:].isdigit()}


def _checkout_render(request, *, data, errors=(), address_form=None, status=200) -> HttpResponse:
    prices = Prices.for_request(request)
    addresses = [(a, address_lines(a)) for a in addresses_for(request.user)]
    plan, errors = None, list(errors)
    if addresses:
        try:
            address = checkout_address(buyer=request.user, address_id=_int(data.get("address")))
        except DomainError as exc:
            errors.append(exc.message)
            address = addresses[0][0]
        try:
            plan = checkout_plan(buyer=request.user, address=address, shipping=_shipping_choices(data),
                                 currency=prices.currency, language=get_language(), rates=prices.rates)  # fmt: skip
        except DomainError as exc:
            errors.append(exc.message)
    context = {
        "addresses": addresses,
        "plan": plan,
        "errors": errors,
        "token": data.get("checkout_token") or uuid.uuid4(),
        "address_form": address_form or AddressForm(initial={"country": request.user.country.code or "",
                                                             "full_name": request.user.full_name}),
        "window_hours": settings.CARAVAN_PAYMENT_WINDOW_HOURS,
    }  # fmt: skip
    return render(request, "orders/checkout.html", context, status=status)


@never_cache
@login_required
def checkout_page(request: HttpRequest) -> HttpResponse:
    """GET: review the cart for the default (or chosen) address with the
    cheapest (or chosen) shipping per seller. POST `action=review`: the same
    with the buyer's choices; `action=place`: place it and go to the payment."""
    if request.method != "POST":
        return _checkout_render(request, data=request.GET)
    data = request.POST
    if data.get("action") != "place":
        return _checkout_render(request, data=data)
    prices = Prices.for_request(request)
    try:
        placed = checkout_place(
            buyer=request.user, token=data.get("checkout_token"), address_id=_int(data.get("address")),
            shipping=_shipping_choices(data), currency=prices.currency, language=get_language(),
            expected_total=_decimal(data.get("expected_total")),
        )  # fmt: skip
    except DomainError as exc:
        return _checkout_render(request, data=data, errors=exc.fields.get("cart") or [exc.message], status=400)
    if placed.payment is None:
        messages.warning(request, _("These orders can no longer be paid."))
        return redirect("orders:list")
    return redirect(placed.payment.pay_url)


@login_required
@require_POST
def checkout_address_add(request: HttpRequest) -> HttpResponse:
    """Add an address from the checkout page, then review with it."""
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            address = address_create(actor=request.user, data=form.to_input())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect(f"{reverse('orders:checkout')}?address={address.pk}")
    return _checkout_render(request, data={}, address_form=form, status=400)


@login_required
def checkout_done(request: HttpRequest, token) -> HttpResponse:
    """Where the payment page sends the buyer back: their orders of that checkout."""
    try:
        checkout = checkout_for_buyer(buyer=request.user, token=token)
    except DomainError as exc:
        raise Http404 from exc
    orders = checkout_orders(checkout.pk)
    if len(orders) == 1:
        return redirect("orders:detail", orders[0].pk)
    return redirect(f"{reverse('orders:list')}?checkout={checkout.token}")


# --- the buyer's orders ---------------------------------------------------------------


def next_step(order, *, user, language: str) -> str:
    tz = reader_timezone(user, order.country)
    if order.status == OrderStatus.AWAITING_PAYMENT:
        return _("Pay by %(deadline)s or this order is cancelled and the stock released.") % {
            "deadline": deadline_text(order.pay_by, tz=tz, language=language)
        }
    if order.status == OrderStatus.PAID:
        return _("Paid. The seller ships by %(deadline)s; Caravan holds your money until the goods arrive.") % {
            "deadline": deadline_text(order.ship_by, tz=tz, language=language) if order.ship_by else "—"
        }
    if order.status == OrderStatus.CANCELLED:
        return _("Cancelled, and the stock released. Money taken for it, if any, is refunded in full.")
    return _("The order is on its way.")


@never_cache
@login_required
def orders_page(request: HttpRequest) -> HttpResponse:
    orders = orders_for_buyer(request.user)
    checkout = request.GET.get("checkout")
    if checkout:
        try:
            orders = orders.filter(checkout__token=uuid.UUID(checkout))
        except ValueError:
            raise Http404 from None
    page = Paginator(orders, settings.CARAVAN_ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "orders/orders.html", {"page": page, "filtered": bool(checkout)})


@never_cache
@login_required
def order_page(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_with_history(orders_for_buyer(request.user), pk)
    if order is None:
        raise Http404(_("There is no such order."))
    context = {"order": order, "next_step": next_step(order, user=request.user, language=get_language()),
               "tz": reader_timezone(request.user, order.country)}  # fmt: skip
    return render(request, "orders/order.html", context)


@login_required
@require_POST
def order_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """Pay now: the payment of the checkout's orders still awaiting payment
    (the same one, or a new one if some were cancelled since)."""
    order = orders_for_buyer(request.user).filter(pk=pk).first()
    if order is None:
        raise Http404(_("There is no such order."))
    payment = checkout_payment(checkout_id=order.checkout_id) if order.is_payable else None
    if payment is None:
        messages.error(request, _("This order can no longer be paid."))
        return redirect("orders:detail", order.pk)
    return redirect(payment.pay_url)


@login_required
@require_POST
def order_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = orders_for_buyer(request.user).filter(pk=pk).first()
    if order is None:
        raise Http404(_("There is no such order."))
    try:
        order_cancel(order_id=order.pk, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The order is cancelled."))
    return redirect("orders:detail", order.pk)


# --- the seller's orders --------------------------------------------------------------


@never_cache
@approved_seller_required
def seller_orders_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(orders_for_seller(request.seller), settings.CARAVAN_ORDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "orders/seller_orders.html", {"page": page, "seller": request.seller,
                                                          "active_nav": "orders"})  # fmt: skip


@never_cache
@approved_seller_required
def seller_order_page(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_with_history(orders_for_seller(request.seller), pk)
    if order is None:
        raise Http404(_("There is no such order."))
    context = {"order": order, "seller": request.seller, "active_nav": "orders",
               "tz": reader_timezone(request.user, str(request.seller.country))}  # fmt: skip
    context["ship_form"] = ship_form_for(order, request.seller)  # fulfilment
    return render(request, "orders/seller_order.html", context)
