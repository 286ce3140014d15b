"""The seller centre's Balance page (issue 13): pending and available per
settlement currency, the latest released orders with each one's breakdown
(items, shipping, rate, gross, commission, FX remainder, net), and the whole
history as a CSV download. Approved sellers only, each seeing their own store's money."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sellers.access import approved_seller_required

from .balances import release_breakdown, seller_balances, seller_history_csv, seller_release_history


@approved_seller_required
@require_GET
def seller_balance(request: HttpRequest) -> HttpResponse:
    seller = request.seller
    rows = [release_breakdown(r) for r in seller_release_history(seller.pk)[: settings.CARAVAN_BALANCE_HISTORY_ROWS]]
    context = {
        "seller": seller,
        "active_nav": "balance",
        "balances": seller_balances(seller.pk),
        "rows": rows,
        "claim_window_days": settings.CARAVAN_CLAIM_WINDOW_DAYS,
        "row_limit": settings.CARAVAN_BALANCE_HISTORY_ROWS,
    }
    return render(request, "escrow/seller_balance.html", context)


@approved_seller_required
@require_GET
def seller_balance_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"caravan-balance-{request.seller.pk}-{timezone.now():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    seller_history_csv(request.seller.pk, response)
    return response
