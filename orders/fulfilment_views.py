"""Seller-centre fulfilment pages: the ship form on a paid order
(/seller/orders/<id>/ship/) and its printable packing slip with the customs
declaration (/seller/orders/<id>/packing-slip/). Another seller's order is a 404."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from logistics.models import ShippingMethod
from marketplace.errors import DomainError, NotFound
from marketplace.forms import add_domain_error
from sellers.access import approved_seller_required

from .display import reader_timezone
from .fulfilment import ShipInput, customs_declaration, order_ship
from .models import OrderStatus
from .selectors import order_with_history, orders_for_seller


class ShipForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("Shipping method"), choices=())
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"), max_length=60, required=False,
        help_text=gettext_lazy("Postal parcels: 13 characters, like RR123456785CN, ending with your country's code."),
    )  # fmt: skip
    shipped_on = forms.DateField(label=gettext_lazy("Shipped on"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def __init__(self, *args, order, origin: str, **kwargs):
        super().__init__(*args, **kwargs)
        methods = [m for m in ShippingMethod.objects.filter(active=True).order_by("name")
                   if origin in (m.origin_countries or [])]  # fmt: skip
        choices = [(m.code, m.name) for m in methods]
        if order.shipping_method_code not in {c for c, _n in choices}:
            choices.insert(0, (order.shipping_method_code, order.shipping_method_name))
        self.fields["method"].choices = choices
        self.fields["method"].initial = order.shipping_method_code


def ship_form_for(order, seller, data=None) -> ShipForm | None:
    """The ship form of a paid order (None when there is nothing to ship)."""
    if order.status != OrderStatus.PAID:
        return None
    return ShipForm(data, order=order, origin=order.ships_from or str(seller.country))


def _seller_order(request, pk: int):
    order = order_with_history(orders_for_seller(request.seller), pk)
    if order is None:
        raise Http404(_("There is no such order."))
    return order


@approved_seller_required
@require_POST
def seller_order_ship(request: HttpRequest, pk: int) -> HttpResponse:
    order = _seller_order(request, pk)
    form = ship_form_for(order, request.seller, request.POST)
    if form is None:
        messages.error(request, _("This order has already been shipped or cannot be shipped."))
        return redirect("orders:seller_detail", order.pk)
    if form.is_valid():
        values = form.cleaned_data
        try:
            order_ship(order_id=order.pk, seller=request.seller, actor=request.user,
                       data=ShipInput(tracking_number=values["tracking_number"], shipped_on=values["shipped_on"],
                                      method_code=values["method"]))  # fmt: skip
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            add_domain_error(form, exc, {"shipped_on": "shipped_on", "tracking_number": "tracking_number"})
        else:
            messages.success(request, _("Marked as shipped. The buyer can follow the parcel on the order page."))
            return redirect("orders:seller_detail", order.pk)
    context = {"order": order, "seller": request.seller, "active_nav": "orders", "ship_form": form,
               "tz": reader_timezone(request.user, str(request.seller.country))}  # fmt: skip
    return render(request, "orders/seller_order.html", context, status=400)


@never_cache
@approved_seller_required
def seller_packing_slip(request: HttpRequest, pk: int) -> HttpResponse:
    order = _seller_order(request, pk)
    if order.status in (OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED):
        raise Http404(_("Only a paid order has a packing slip."))
    lines = list(order.lines.all())
    context = {"order": order, "seller": request.seller, "lines": lines,
               "declaration": customs_declaration(order, lines)}  # fmt: skip
    return render(request, "orders/packing_slip.html", context)
