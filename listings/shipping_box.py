"""The listing page's shipping lines (in the never-cached price box): "Shipping
to <country>: from X, arrives <date>–<date>", the method picker, the
ships-from picker when more than one origin has stock, and the import-tax
note. Built per request from the cached methods and store setup."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries

from logistics.selectors import StoreShipping
from marketplace.errors import DomainError
from marketplace.money import format_money

from .display import Prices
from .models import Listing, ListingVariant
from .shipping import fastest_origin, listing_origin, listing_shipping_quote


@dataclass(frozen=True)
class MethodChoice:
    code: str
    name: str
    cost: str
    free: bool
    dates: str
    tracked: bool
    protection_days: int
    chosen: bool


def day_range(start, end) -> str:
    first, last = date_format(start, "MONTH_DAY_FORMAT"), date_format(end, "MONTH_DAY_FORMAT")
    return first if start == end else f"{first}–{last}"


def destination_for(request) -> str:
    """The country asked for in the form (`to`), else the buyer's ship-to preference."""
    asked = (request.GET.get("to") or "").strip().upper()
    return asked if asked in countries else getattr(request, "ship_to", "") or "US"


def choose_origin(
    request,
    stock: dict[str, int],
    home: str,
    *,
    listing: Listing | None = None,
    store: StoreShipping | None = None,
    prices: Prices | None = None,
) -> str:
    """The origin asked for (`from`) if it has stock; else, of the origins with
    stock, the one that delivers earliest to the buyer's country (with the
    listing, its store and the prices; the home wins a tie); else the home if
    it has stock, else the first warehouse that has."""
    with_stock = [c for c, n in stock.items() if n > 0]
    asked = (request.GET.get("from") or "").strip().upper()
    if asked in with_stock:
        return asked
    if len(with_stock) > 1 and listing is not None and store is not None and prices is not None:
        ordered = sorted(with_stock, key=lambda c: c != home)
        fastest = fastest_origin(listing, ordered, country=destination_for(request), store=store,
                                 currency=prices.currency, rates=prices.rates)  # fmt: skip
        if fastest:
            return fastest
    return home if home in with_stock or not with_stock else with_stock[0]


def shipping_box(
    request,
    listing: Listing,
    prices: Prices,
    *,
    variant: ListingVariant | None,
    lots: int,
    stock: dict[str, int],
    store: StoreShipping,
) -> dict:
    """The shipping context for the price box, for `variant` whose stock by
    origin is `stock`."""
    home = listing_origin(listing)
    with_stock = [c for c, n in stock.items() if n > 0]
    origin = choose_origin(request, stock, home, listing=listing, store=store, prices=prices)
    country = destination_for(request)
    context = {
        "country": country,
        "country_name": str(countries.name(country)),
        "origins": [
            {"code": c, "name": str(countries.name(c)), "chosen": c == origin} for c in stock if c in with_stock
        ]
        if len(with_stock) > 1
        else [],
        "origin": origin,
        "origin_name": str(countries.name(origin)),
        "countries": countries,
        "methods": [],
        "unavailable": [],
        "summary": "",
    }
    if variant is None or variant.pk is None:
        return context
    try:
        result = listing_shipping_quote(
            listing, country=country, lots=lots, variant=variant, currency=prices.currency, rates=prices.rates,
            ships_from=origin, method=request.GET.get("method") or None, store=store,
        )  # fmt: skip
    except DomainError:
        return context
    chosen = result.chosen
    context["methods"] = [
        MethodChoice(
            code=o.method.code,
            name=o.method.name,
            cost=_("Free") if o.free else format_money(o.display_cost, prices.language),
            free=o.free,
            dates=day_range(o.delivery_from, o.delivery_to),
            tracked=o.tracked,
            protection_days=o.protection_days,
            chosen=chosen is not None and o.method.code == chosen.method.code,
        )
        for o in result.quote.offers
    ]
    if chosen is None:
        context["summary"] = _("This item cannot be shipped to %(country)s.") % {"country": context["country_name"]}
        return context
    cost = _("free shipping") if chosen.free else format_money(chosen.display_cost, prices.language)
    context["chosen"] = chosen
    context["free"] = chosen.free
    context["cost"] = cost
    context["dates"] = day_range(chosen.delivery_from, chosen.delivery_to)
    context["protection_days"] = chosen.protection_days
    if result.landed is not None:
        context["tax_note"] = result.landed.note
        taxes = result.landed.collected_at_checkout
        if taxes.amount:
            context["taxes"] = prices.text(taxes)
    return context
