"""The seller centre's stock page of one overseas warehouse: every variant of
the store with its home stock and its stock there, edited in one form
(listings.stock sets the levels, locked in the one order, a movement each)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from logistics.selectors import warehouses_of
from marketplace.errors import DomainError
from sellers.access import approved_seller_required

from .models import ListingVariant, WarehouseStock
from .stock import STOCK_MAX, stock_set_levels

PER_PAGE = 50


@never_cache
@approved_seller_required
def warehouse_stock(request: HttpRequest, warehouse_pk: int) -> HttpResponse:
    seller = request.seller
    warehouse = warehouses_of(seller.pk).filter(pk=warehouse_pk).first()
    if warehouse is None:
        raise Http404(_("There is no such warehouse."))
    query = (request.GET.get("q") or "").strip()[:100]
    variants = (
        ListingVariant.objects.filter(listing__seller=seller)
        .select_related("listing")
        .order_by("listing_id", "position", "pk")
    )
    if query:
        variants = variants.filter(Q(sku__icontains=query) | Q(listing__title__icontains=query))
    page = Paginator(variants, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    there = dict(
        WarehouseStock.objects.filter(warehouse=warehouse, variant__in=rows).values_list("variant_id", "stock")
    )
    errors = {}
    if request.method == "POST":
        levels = {}
        for variant in rows:
            raw = (request.POST.get(f"stock_{variant.pk}") or "").strip()
            if raw == "":
                continue
            try:
                value = int(raw)
            except ValueError:
                value = -1
            if not 0 <= value <= STOCK_MAX:
                errors[variant.pk] = _("A whole number of lots, 0 or more.")
            elif value != there.get(variant.pk, 0):
                levels[variant.pk] = value
        if not errors:
            try:
                stock_set_levels(levels=levels, actor=request.user, warehouse_id=warehouse.pk)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Stock in %(w)s is saved.") % {"w": warehouse.name})
                return redirect(request.get_full_path())
    table = [
        {
            "variant": v,
            "home": v.stock,
            "there": request.POST.get(f"stock_{v.pk}", there.get(v.pk, 0)) if errors else there.get(v.pk, 0),
            "error": errors.get(v.pk, ""),
        }
        for v in rows
    ]
    context = {"seller": seller, "active_nav": "shipping", "warehouse": warehouse, "rows": table, "page": page,
               "query": query}  # fmt: skip
    return render(request, "listings/dashboard/warehouse_stock.html", context, status=400 if errors else 200)
