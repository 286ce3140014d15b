"""The seller centre's shipping pages: templates (methods offered, free
shipping, handling days) and overseas warehouses. Each page is the caller's
own store only (sellers.access); another store's template is simply not found."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.errors import DomainError
from marketplace.forms import add_domain_error
from sellers.access import approved_seller_required

from . import services
from .forms import ShippingTemplateForm, WarehouseForm
from .selectors import shipping_methods_from, shipping_templates_of, warehouses_of


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {"seller": request.seller, "active_nav": "shipping", **context}, status=status)


@approved_seller_required
def index(request: HttpRequest) -> HttpResponse:
    seller = request.seller
    services.shipping_template_default_ensure(seller=seller, actor=request.user)
    return _page(
        request,
        "logistics/index.html",
        {"templates": list(shipping_templates_of(seller.pk)), "warehouses": list(warehouses_of(seller.pk))},
    )


def _methods_for(seller):
    origins = {str(seller.country)} | {w.country for w in warehouses_of(seller.pk)}
    return shipping_methods_from(origins)


@approved_seller_required
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    seller = request.seller
    template = None
    if pk is not None:
        template = shipping_templates_of(seller.pk).filter(pk=pk).first()
        if template is None:
            raise Http404(_("There is no such shipping template."))
    kwargs = {"methods": _methods_for(seller), "currency": seller.settlement_currency}
    if request.method == "POST":
        form = ShippingTemplateForm(request.POST, **kwargs)
    else:
        form = ShippingTemplateForm(initial=ShippingTemplateForm.initial_for(template) if template else None, **kwargs)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.shipping_template_save(
                    seller=seller,
                    actor=request.user,
                    template_id=template.pk if template else None,
                    name=data["name"],
                    method_codes=data["methods"],
                    handling_days=data["handling_days"],
                    is_default=data["is_default"],
                    free_rules=form.free_rules(),
                )
            except DomainError as exc:
                add_domain_error(form, exc, {"free_rules": "rule_0_destination"})
                status = 400
            else:
                messages.success(request, _("The shipping template is saved."))
                return redirect("seller_shipping:index")
        else:
            status = 400
    return _page(request, "logistics/template_form.html", {"form": form, "template": template}, status)


@require_POST
@approved_seller_required
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.shipping_template_delete(seller=request.seller, actor=request.user, template_id=pk)
    except DomainError as exc:
        if exc.status_code == 404:
            raise Http404(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The shipping template is deleted; its listings use the store default."))
    return redirect("seller_shipping:index")


@approved_seller_required
def warehouse_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    seller = request.seller
    warehouse = None
    if pk is not None:
        warehouse = warehouses_of(seller.pk).filter(pk=pk).first()
        if warehouse is None:
            raise Http404(_("There is no such warehouse."))
    initial = None
    if warehouse is not None:
        initial = {"country": warehouse.country, "name": warehouse.name, "handling_days": warehouse.handling_days,
                   "active": warehouse.active}  # fmt: skip
    form = WarehouseForm(request.POST or None, initial=initial, home=str(seller.country))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.warehouse_save(
                    seller=seller, actor=request.user, warehouse_id=warehouse.pk if warehouse else None, **data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = 400
            else:
                messages.success(request, _("The warehouse is saved. Set its stock from its Stock link."))
                return redirect("seller_shipping:index")
        else:
            status = 400
    return _page(request, "logistics/warehouse_form.html", {"form": form, "warehouse": warehouse}, status)


@require_POST
@approved_seller_required
def warehouse_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.warehouse_delete(seller=request.seller, actor=request.user, warehouse_id=pk)
    except DomainError as exc:
        if exc.status_code == 404:
            raise Http404(exc.message) from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The warehouse is deleted."))
    return redirect("seller_shipping:index")
