"""Listing cards and the pager: what every storefront page that lists listings
shows (home rows, category, search and store pages, "more from this store").
Card values are computed once per request or per row in Python, so a template
loop does nothing but print (DESIGN.md §5: fewer tags in loops)."""

from dataclasses import dataclass

from babel.numbers import format_decimal
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext as _
from django_countries import countries

from logistics.selectors import stores_shipping
from marketplace.money import babel_locale, format_money

from .display import Prices
from .models import Listing
from .selectors import CategoryTree, listings_for_cards
from .shipping import card_shipping

PER_PAGE = 24
MAX_PAGES = 50  # deeper than anyone pages; keeps every COUNT bounded


def number_text(value: int) -> str:
    return format_decimal(value, locale=babel_locale())


# --- listing cards ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    url: str
    title: str
    thumbnail: str
    price: str
    is_from: bool
    lot: str
    country: str
    country_name: str
    flag: str
    orders: str
    icon: str
    shipping: str = ""  # "Free shipping" / "+ €3.20 shipping", when the page ships to a country
    shipping_free: bool = False
    # The title is the seller's, not in the reader's language (no translation yet): "Not translated yet · Italian".
    untranslated_note: str = ""


class CardMaker:
    """Turns card rows (listings_for_cards) into plain Card values: URLs,
    prices, flags and labels computed once per request or per row, so the
    template loop does nothing but print."""

    def __init__(self, request: HttpRequest, tree: CategoryTree, prices: Prices | None = None, *, ship_to: str = ""):
        self.prices = prices or Prices.for_request(request)
        # With a destination, each card shows its cheapest shipping there (the page cache must vary by it).
        self.ship_to = ship_to
        self.stores: dict = {}
        self.today = timezone.localdate()
        self.tree = tree
        self.detail_pattern = reverse("listings:detail", kwargs={"pk": 987654321})
        self.thumbnail_storage = default_storage
        self.flags = {code: static(f"flags/{code.lower()}.gif") for code in settings.CARAVAN_SELLER_COUNTRIES}
        self.country_names = {code: str(countries.name(code)) for code in settings.CARAVAN_SELLER_COUNTRIES}
        self.language = get_language() or settings.LANGUAGE_CODE
        self.untranslated_notes = {
            code: _("Not translated yet · %(language)s") % {"language": get_language_info(code)["name_translated"]}
            for code, _name in settings.LANGUAGES
        }

    def url(self, pk: int) -> str:
        return self.detail_pattern.replace("987654321", str(pk))

    def icon(self, category_id: int) -> str:
        top = self.tree.top_of(category_id)
        return top.icon_name if top is not None else "package"

    def cards(self, listings) -> list[Card]:
        listings = list(listings)
        if self.ship_to:
            # The stores' shipping setups in one cached read (at most four queries on a miss), not one per card.
            self.stores.update(stores_shipping({listing.seller_id for listing in listings} - set(self.stores)))
        return [self.card(listing) for listing in listings]

    def shipping(self, listing: Listing) -> tuple[str, bool]:
        store = self.stores.get(listing.seller_id)
        if not self.ship_to or store is None:
            return "", False
        offer = card_shipping(listing, country=self.ship_to, currency=self.prices.currency, rates=self.prices.rates,
                              store=store, today=self.today)  # fmt: skip
        if offer is None:
            return "", False
        if offer.free:
            return _("Free shipping"), True
        return _("+ %(cost)s shipping") % {"cost": format_money(offer.display_cost, self.prices.language)}, False

    def card(self, listing: Listing) -> Card:
        country = listing.seller.country.code
        shipping, free = self.shipping(listing)
        thumbnail = getattr(listing, "card_thumbnail", None)
        translated = getattr(listing, "card_title_translated", None)
        source = listing.source_language
        untranslated = not translated and source != self.language
        return Card(
            url=self.url(listing.pk),
            title=translated or listing.title,
            thumbnail=self.thumbnail_storage.url(thumbnail) if thumbnail else "",
            price=self.prices.text(listing.min_price),
            is_from=listing.min_price != listing.price,
            lot=lot_text(listing.lot_size),
            country=country,
            country_name=self.country_names.get(country, country),
            flag=self.flags.get(country, ""),
            orders=orders_text(listing.orders_count),
            icon=self.icon(listing.category_id),
            shipping=shipping,
            shipping_free=free,
            untranslated_note=self.untranslated_notes.get(source, "") if untranslated else "",
        )


def orders_text(count: int) -> str:
    if not count:
        return ""
    return ngettext("%(n)s order", "%(n)s orders", count) % {"n": number_text(count)}


def lot_text(lot_size: int) -> str:
    if lot_size <= 1:
        return ""
    return ngettext("Lot of %(n)s piece", "Lot of %(n)s pieces", lot_size) % {"n": number_text(lot_size)}


# --- paging --------------------------------------------------------------------------------------


class BoundedPaginator(Paginator):
    """A paginator that never counts more than `cap` rows: the COUNT runs on
    `SELECT ... LIMIT cap + 1`, so a page of a 100,000-listing catalogue costs
    the same as a page of a small one. `more` says the cap was reached."""

    def __init__(self, object_list, per_page, *, count_queryset, cap: int):
        super().__init__(object_list, per_page)
        self.count_queryset = count_queryset
        self.cap = cap
        self.more = False

    @cached_property
    def count(self) -> int:
        found = self.count_queryset.order_by().values("pk")[: self.cap + 1].count()
        self.more = found > self.cap
        return min(found, self.cap)


def url_with(request: HttpRequest, base: str = "", **changes) -> str:
    """`base` (default: this page) with the current query string, `changes`
    applied (None removes a key). Any change but paging starts at page 1."""
    params = {k: v for k, v in request.GET.items() if v != ""}
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "" or (key == "page" and value == 1):
            params.pop(key, None)
        else:
            params[key] = value
    query = urlencode(params)
    base = base or request.path
    return f"{base}?{query}" if query else base


def _pages(request: HttpRequest, page) -> list[dict]:
    """Numbered links for the pager (elided: 1 … 4 5 [6] 7 8 … 50)."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            links.append({"ellipsis": True})
        else:
            links.append({"number": number, "url": url_with(request, page=number), "current": number == page.number})
    return links


def paginate_cards(request: HttpRequest, queryset, count_queryset, maker: CardMaker) -> dict:
    """One page of cards with the pager's links, in three queries at most
    (bounded count, the page's rows)."""
    paginator = BoundedPaginator(
        listings_for_cards(queryset), PER_PAGE, count_queryset=count_queryset, cap=PER_PAGE * MAX_PAGES
    )
    page = paginator.get_page(request.GET.get("page"))
    total = paginator.count
    return {
        "page": page,
        "cards": maker.cards(page.object_list),
        "total": total,
        "total_text": (
            _("%(n)s+ products") % {"n": number_text(total)}
            if paginator.more
            else ngettext("%(n)s product", "%(n)s products", total) % {"n": number_text(total)}
        ),
        "pages": _pages(request, page) if paginator.num_pages > 1 else [],
        "prev_url": url_with(request, page=page.previous_page_number()) if page.has_previous() else "",
        "next_url": url_with(request, page=page.next_page_number()) if page.has_next() else "",
    }
