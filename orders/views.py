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
from . import completion
from .checkout import checkout_address, checkout_for_buyer, checkout_payment, checkout_place, checkout_plan
from .countdown import order_countdown
from .display import reader_timezone
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
    """From a listing page's buy form: `variant`, `lots` and `ships_from` (the
    origin picked in the price box), added to what the cart holds."""
    variant, lots = _int(request.POST.get("variant")), _int(request.POST.get("lots"))
    ships_from = str(request.POST.get("ships_from") or "")
    if variant is None:
        messages.error(request, _("Choose a variant first."))
        return redirect(request.POST.get("back") or "orders:cart")
    try:
        carts.cart_line_set(cart=_cart(request, create=True), variant_id=variant, lots=lots or 0, add=True,
                            ships_from=ships_from)  # fmt: skip
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
        carts.cart_line_set(cart=cart, variant_id=line.variant_id, lots=_int(request.POST.get("lots")) or 0,
                            ships_from=line.ships_from)  # fmt: skip
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


def _shipping_choices(data) -> dict[str, str]:
    """{group key: method code} from the `ship_<seller id>[-<country>]` radios."""
    return {k[5:]: str(v) for k, v in data.items() if k.startswith("ship_") and k[5:]}


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
    """What happens next, for the buyer (orders.countdown says every rule)."""
    return order_countdown(order, seller_view=False, tz=reader_timezone(user, order.country), language=language)


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
    # completion block (issue 13): the protection extension offered. "Message the seller" links to
    # messaging's page for this order by URL name (orders never imports messaging).
    context["extension_days"] = settings.CARAVAN_PROTECTION_EXTENSION_DAYS
    # A payment made elsewhere (a QR code paid on a phone): the page asks the order API until it is paid.
    if order.status == OrderStatus.AWAITING_PAYMENT:
        context["poll"] = {"seconds": settings.CARAVAN_ORDER_POLL_SECONDS,
                           "max_seconds": settings.CARAVAN_ORDER_POLL_MAX_SECONDS}  # fmt: skip
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
    tz = reader_timezone(request.user, str(request.seller.country))
    context = {"order": order, "seller": request.seller, "active_nav": "orders", "tz": tz,
               "next_step": order_countdown(order, seller_view=True, tz=tz, language=get_language())}  # fmt: skip
    context["ship_form"] = ship_form_for(order, request.seller)  # fulfilment
    return render(request, "orders/seller_order.html", context)


# --- completion, protection, cancellation requests (issue 13, orders/completion.py) -----


def _buyer_action(request, pk: int, action, done: str) -> HttpResponse:
    order = orders_for_buyer(request.user).filter(pk=pk).first()
    if order is None:
        raise Http404(_("There is no such order."))
    try:
        action(order)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("orders:detail", order.pk)


@login_required
@require_POST
def order_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _buyer_action(request, pk, lambda o: completion.order_confirm_receipt(order_id=o.pk, actor=request.user),
                         _("Thank you: the order is complete and the seller is paid."))  # fmt: skip


@login_required
@require_POST
def order_protection_extend_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _buyer_action(request, pk, lambda o: completion.order_protection_extend(order_id=o.pk, actor=request.user),
                         _("Buyer protection is extended."))  # fmt: skip


@login_required
@require_POST
def order_cancel_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _buyer_action(
        request, pk,
        lambda o: completion.order_cancel_request(order_id=o.pk, actor=request.user,
                                                  reason=request.POST.get("reason", "")),
        _("The seller is asked to cancel this order."),
    )  # fmt: skip


@approved_seller_required
@require_POST
def seller_cancel_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = orders_for_seller(request.seller).filter(pk=pk).first()
    if order is None:
        raise Http404(_("There is no such order."))
    answer = request.POST.get("answer")
    try:
        if answer not in ("accept", "decline"):
            raise DomainError(_("Accept or decline the request."), field="accept")
        completion.order_cancel_answer(order_id=order.pk, seller=request.seller, actor=request.user,
                                       accept=answer == "accept", reason=request.POST.get("reason", ""))  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The order is cancelled and refunded.") if answer == "accept"
                         else _("You declined: the order stays to be shipped."))  # fmt: skip
    return redirect("orders:seller_detail", order.pk)


# --- end of completion block ---
