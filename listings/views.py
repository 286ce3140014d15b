"""The buyer-facing storefront: home, category and search pages, the listing
page and its price box.

Reads go through listings.selectors (which hold the one visibility rule).
Prices are converted and formatted here, in Python, with the exchange rates
fetched once per request: a template tag per card would fetch and format 24
times (DESIGN.md §5, fewer tags in loops).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, ngettext, pgettext
from django.utils.translation import gettext as _
from django_countries import countries
from moneyed import Money

from logistics.selectors import store_shipping
from marketplace.money import format_money
from marketplace.pagecache import cached_content
from sellers.selectors import stores_public

from .cards import CardMaker, lot_text, number_text, paginate_cards, url_with
from .display import ListingText, Prices, Terms
from .models import Listing, ListingVariant
from .pricing import Tier, listing_tiers, unit_price
from .search import clean_query
from .selectors import (
    BrowseFilters,
    CategoryTree,
    category_counts_for_query,
    category_tree,
    listing_public_detail,
    listing_public_for_pricing,
    listings_best_selling,
    listings_browse,
    listings_filtered,
    listings_for_cards,
    listings_in_categories,
    listings_newest,
    listings_of_store,
)
from .shipping import listing_origin, stock_by_origin
from .shipping_box import choose_origin, shipping_box

MAX_PRICE_BOUND = Decimal("1000000000")
HOME_CATEGORY_ROWS = 3
MAX_LOTS = 100_000


# --- home ---------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """Category navigation and rows of listings: new arrivals, best sellers
    (once anything has sold) and a few categories that change daily."""

    def build() -> dict:
        tree = category_tree()
        maker = CardMaker(request, tree)
        search_url = reverse("search")
        rows = []
        newest = maker.cards(listings_newest(12))
        if newest:
            rows.append(
                {
                    "title": _("New arrivals"),
                    "cards": newest,
                    "more_url": f"{search_url}?sort=newest",
                    "testid": "row-new",
                }
            )
        best = maker.cards(listings_best_selling(6))
        if best:
            rows.append(
                {
                    "title": _("Best sellers"),
                    "cards": best,
                    "more_url": f"{search_url}?sort=orders",
                    "testid": "row-best",
                }
            )
        if newest and tree.top:
            start = date.today().toordinal() % len(tree.top)
            featured = (tree.top[start:] + tree.top[:start])[:HOME_CATEGORY_ROWS]
            for category in featured:
                cards = maker.cards(listings_in_categories(tree.ids_under(category), 6))
                if cards:
                    rows.append(
                        {
                            "title": category.localized_name(),
                            "icon": category.icon_name,
                            "cards": cards,
                            "more_url": category.url,
                            "testid": f"row-{category.slug}",
                        }
                    )
        origins = [
            {
                "code": code,
                "name": maker.country_names[code],
                "flag": maker.flags[code],
                "url": f"{search_url}?from={code}",
            }
            for code in settings.CARAVAN_SELLER_COUNTRIES
        ]
        context = {"categories": tree.top, "nav_categories": tree.top, "rows": rows, "origins": origins}
        return context

    content, meta = cached_content(request, "marketplace/home_content.html", build)
    return render(request, "marketplace/home.html", {"content": content, **meta})


# --- category and search pages ------------------------------------------------------------


def _decimal_param(value: str) -> Decimal | None:
    """A non-negative amount a person typed ('12', '12.5', '12,5'), else None."""
    value = (value or "").strip().replace(",", ".")[:20]
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0:
        return None
    return min(number, MAX_PRICE_BOUND)


def _sort_options(request: HttpRequest, filters: BrowseFilters) -> list[dict]:
    labels = [
        ("best", _("Best match")),
        ("orders", _("Most ordered")),
        ("newest", _("Newest")),
        ("price_asc", _("Price: low to high")),
        ("price_desc", _("Price: high to low")),
    ]
    current = filters.effective_sort
    return [
        {"key": key, "label": label, "active": key == current, "url": url_with(request, sort=key)}
        for key, label in labels
        if key != "best" or filters.query
    ]


def _browse(
    request: HttpRequest, *, tree: CategoryTree, query: str, category, base_url: str, mode: str
) -> HttpResponse:
    ship_to = getattr(request, "ship_to", "") or ""
    free_only = request.GET.get("free") == "1" and bool(ship_to)

    def build() -> dict:
        prices = Prices.for_request(request)
        maker = CardMaker(request, tree, prices, ship_to=ship_to)
        price_min = _decimal_param(request.GET.get("min", ""))
        price_max = _decimal_param(request.GET.get("max", ""))
        if price_min is not None and price_max is not None and price_min > price_max:
            price_min, price_max = price_max, price_min
        ships_from = request.GET.get("from", "").upper()
        if ships_from not in settings.CARAVAN_SELLER_COUNTRIES:
            ships_from = ""
        filters = BrowseFilters(
            query=query,
            category_ids=tree.ids_under(category) if category else [],
            price_min_eur=prices.bound_to_eur(price_min, upper=False) if price_min is not None else None,
            price_max_eur=prices.bound_to_eur(price_max, upper=True) if price_max is not None else None,
            ships_from=ships_from,
            sort=request.GET.get("sort", ""),
            free_shipping_to=ship_to if free_only else "",
        )
        results = listings_browse(filters)
        # Counting needs neither the rank nor the order; with a query the match is already capped.
        count_queryset = results if query else listings_filtered(filters)
        paged = paginate_cards(request, results, count_queryset, maker)

        counts = category_counts_for_query(filters) if mode == "search" else {}
        facets = _category_facets(request, tree, category, counts, base_url=base_url, mode=mode)
        chips = []
        if price_min is not None or price_max is not None:
            low = format_money(Money(price_min, prices.currency)) if price_min is not None else ""
            high = format_money(Money(price_max, prices.currency)) if price_max is not None else ""
            label = (
                f"{low} – {high}"
                if low and high
                else (_("from %(p)s") % {"p": low} if low else _("up to %(p)s") % {"p": high})
            )
            chips.append({"label": label, "url": url_with(request, base_url, min=None, max=None)})
        if ships_from:
            chips.append(
                {
                    "label": _("Ships from %(country)s") % {"country": maker.country_names[ships_from]},
                    "url": url_with(request, base_url, **{"from": None}),
                }
            )
        if free_only:
            chips.append(
                {
                    "label": _("Free shipping to %(country)s") % {"country": countries.name(ship_to)},
                    "url": url_with(request, base_url, free=None),
                }
            )
        if mode == "search" and category is not None:
            chips.append({"label": category.localized_name(), "url": url_with(request, base_url, category=None)})

        context = {
            "mode": mode,
            "query": query,
            "category": category,
            "nav_categories": tree.top,
            "filters": filters,
            "price_min": price_min if price_min is not None else "",
            "price_max": price_max if price_max is not None else "",
            "currency": prices.currency,
            "ships_from": ships_from,
            "free_only": free_only,
            "ship_to_name": countries.name(ship_to) if ship_to else "",
            "origins": [
                {"code": code, "name": maker.country_names[code], "flag": maker.flags[code]}
                for code in settings.CARAVAN_SELLER_COUNTRIES
            ],
            "sort_options": _sort_options(request, filters),
            "sort": filters.effective_sort,
            "facets": facets,
            "chips": chips,
            "clear_url": base_url + (f"?{urlencode({'q': query})}" if query else ""),
            "form_action": base_url,
            **paged,
        }
        return context

    # Cards show shipping to the reader's country: the page varies by it.
    content, _meta = cached_content(request, "listings/browse_content.html", build, vary=ship_to)
    return render(
        request, "listings/browse.html", {"content": content, "mode": mode, "category": category, "query": query}
    )


def _category_facets(request, tree: CategoryTree, category, counts: dict[int, int], *, base_url: str, mode: str):
    """The sidebar's category links: on a category page its children (or its
    siblings), on a search page the categories where the term is found."""

    def link(node, *, label=None, active=False, depth=0):
        if mode == "search":
            url = url_with(request, base_url, category=node.slug if node else None)
        else:
            url = url_with(request, node.url)
        count = None
        if counts and node is not None:
            count = sum(counts.get(i, 0) for i in tree.ids_under(node))
        return {"label": label or node.localized_name(), "url": url, "active": active, "depth": depth, "count": count}

    if mode == "category":
        top = category if category.parent_id is None else category.parent_node
        title = _("Category")
        items = [link(top, label=_("All in %(name)s") % {"name": top.localized_name()}, active=category is top)]
        items += [link(child, active=child is category, depth=1) for child in top.children_list]
        return {"title": title, "items": items}

    items = [
        {
            "label": _("All categories"),
            "url": url_with(request, base_url, category=None),
            "active": category is None,
            "depth": 0,
            "count": None,
        }
    ]
    if category is not None:
        top = category if category.parent_id is None else category.parent_node
        items.append(link(top, active=category is top))
        items += [
            link(child, active=child is category, depth=1)
            for child in top.children_list
            if not counts or counts.get(child.pk)
        ]
    else:
        for top in tree.top:
            item = link(top)
            if counts and not item["count"]:
                continue
            items.append(item)
    return {"title": _("Category"), "items": items}


def search(request: HttpRequest) -> HttpResponse:
    """Search results (the header's search box), with the category page's
    filters. Junk, an endless query or SQL-looking text is just text: it is
    bounded by clean_query and only ever passed as a parameter."""
    tree = category_tree()
    query = clean_query(request.GET.get("q", ""))
    category = tree.by_slug.get(request.GET.get("category", "")[:80])
    return _browse(request, tree=tree, query=query, category=category, base_url=reverse("search"), mode="search")


def category_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A category's listings; a top-level category shows all its children's."""
    tree = category_tree()
    category = tree.by_slug.get(slug)
    if category is None:
        raise Http404(_("There is no such category."))
    return _browse(request, tree=tree, query="", category=category, base_url=category.url, mode="category")


# --- the listing page -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TierRow:
    quantity: str
    price: str
    per_piece: str
    saving: str
    active: bool


def _int_param(value, default: int) -> int:
    try:
        return int(str(value)[:9])
    except (TypeError, ValueError):
        return default


def quantity_range(tier: Tier) -> str:
    """'1–9', '50+'."""
    if tier.max_lots is None:
        return f"{number_text(tier.min_lots)}+"
    return f"{number_text(tier.min_lots)}–{number_text(tier.max_lots)}"


def price_box(listing: Listing, prices: Prices, *, variant_id, lots, request=None) -> dict:
    """What the price box shows for a chosen variant and number of lots: the
    line quote (listings.pricing.line_quote: the unit price of the tier that
    quantity reaches, the total) and the tier table with that tier marked; all
    in the buyer's currency. An out-of-stock variant is never chosen. With the
    request, the shipping lines too (listings.shipping_box): the stock is the
    chosen origin's (home or an overseas warehouse)."""
    variants = list(listing.variants.all())
    tiers = listing_tiers(listing)
    chosen_id = _int_param(variant_id, 0)
    store = store_shipping(listing.seller_id)
    home = listing_origin(listing)
    by_origin = stock_by_origin(variants, store, home)
    for v in variants:
        v.stock_anywhere = sum(by_origin[v.pk].values())
    in_stock = [v for v in variants if v.stock_anywhere > 0]
    chosen = next((v for v in in_stock if v.pk == chosen_id), None) or (in_stock[0] if in_stock else None)
    wanted = max(_int_param(lots, 1), 1)
    # Nothing in stock: one lot at the listing's own price (no variant's).
    quoted = chosen or ListingVariant(listing=listing, stock=0)
    origin_stock = by_origin.get(quoted.pk) or {home: 0}
    origin = (
        choose_origin(request, origin_stock, home, listing=listing, store=store, prices=prices)
        if request is not None
        else home
    )
    stock = origin_stock.get(origin, 0)
    quote = prices.quote(quoted, min(wanted, stock, MAX_LOTS) if stock else 1, tiers=tiers)
    unit, lots = quote.unit_price, quote.lots
    override = quoted.price_override
    first = unit_price(base=listing.price, tiers=tiers, lots=1, override=override)

    def per_piece(price: Money) -> str:
        if listing.lot_size <= 1:
            return ""
        return prices.text(Money(price.amount / listing.lot_size, price.currency))

    rows = []
    for tier in tiers:
        price = unit_price(base=listing.price, tiers=tiers, lots=tier.min_lots, override=override)
        saving = ""
        if price.amount < first.amount:
            percent = ((first.amount - price.amount) / first.amount * 100).quantize(Decimal(1))
            saving = f"−{percent}%" if percent else ""
        rows.append(
            TierRow(
                quantity=quantity_range(tier),
                price=prices.text(price),
                per_piece=per_piece(price),
                saving=saving,
                active=tier == quote.tier,
            )
        )
    converted = quote.converted_unit_price
    shipping = None
    if request is not None:
        shipping = shipping_box(request, listing, prices, variant=chosen, lots=lots, stock=origin_stock, store=store)
    return {
        "shipping": shipping,
        "unit": format_money(converted, prices.language),
        "unit_original": prices.original_text(unit) if converted.currency != unit.currency else "",
        "per_piece": per_piece(unit),
        "total": format_money(quote.converted_line_total, prices.language),
        "lots": lots,
        "wanted": wanted,
        "stock": stock,
        "stock_text": ngettext("%(n)s lot available", "%(n)s lots available", stock) % {"n": number_text(stock)}
        if listing.lot_size > 1
        else ngettext("%(n)s piece available", "%(n)s pieces available", stock) % {"n": number_text(stock)},
        "limited": wanted > lots and stock > 0,
        "chosen": chosen,
        "tier_rows": rows,
        "lot_size": listing.lot_size,
        "pieces_total": quote.pieces,
        "price_url": reverse("listings:price", kwargs={"pk": listing.pk}),
    }


class ShownVariant:
    """A variant as the buy form shows it: its label (option values) in the
    reader's language, everything else the variant's own."""

    def __init__(self, variant: ListingVariant, label: str):
        self._variant = variant
        self.label = label

    def __getattr__(self, name):
        return getattr(self._variant, name)


def buy_form_text(request: HttpRequest, listing: Listing) -> Terms:
    """The listing's terms (option names and values) in the reader's language,
    or the original when they asked for it (?original=1). No query: the
    listing comes with its translation (listing_public_detail) or its terms
    (listing_public_for_pricing)."""
    language = get_language() or listing.source_language
    if language == listing.source_language or request.GET.get("original") == "1":
        return Terms()
    if hasattr(listing, "buyer_translations"):
        translation = next(iter(listing.buyer_translations), None)
        return Terms(translation.terms if translation is not None else {})
    return Terms(getattr(listing, "buyer_terms", None) or {})


def buy_form_context(request: HttpRequest, listing: Listing) -> dict:
    """The buy form's context (listings/_buy_form.html): the variants with
    their stock, the quantity and the price box. Rendered on every request and
    never cached, so a stock change needs no storefront_changed()."""
    variants = list(listing.variants.all())
    option_keys = getattr(listing, "option_names", None) or next((list(v.options) for v in variants if v.options), [])
    text = buy_form_text(request, listing)
    return {
        "box": price_box(
            listing,
            Prices.for_request(request),
            variant_id=request.GET.get("variant"),
            lots=request.GET.get("lots"),
            request=request,
        ),
        "variants": [ShownVariant(v, text.variant_label(v, option_keys)) for v in variants],
        "option_names": " / ".join(capfirst(text.term(key)) for key in option_keys),
        "lot_text": lot_text(listing.lot_size),
        "quantity_unit": pgettext("quantity unit", "lots")
        if listing.lot_size > 1
        else pgettext("quantity unit", "pieces"),
    }


def listing_text_shown(request: HttpRequest, listing: Listing) -> dict:
    """The title, attributes and description a buyer reads (display.ListingText: the
    translation into their language when there is one, unless they asked for the
    original with ?original=1), with what the "translated from … · show original"
    control needs. `description_note` is set when the buyer's language differs from
    the listing's and the description is shown in the original only because no
    translation of it exists yet (no engine for sentences in this pair so far)."""
    translation = next(iter(getattr(listing, "buyer_translations", None) or []), None)
    source_name = str(get_language_info(listing.source_language)["name_translated"])
    language = get_language() or listing.source_language
    asked_original = translation is not None and request.GET.get("original") == "1"
    text = ListingText(listing, language, None if asked_original else translation)
    foreign = language != listing.source_language and bool((listing.description or "").strip())
    shown = {
        "title": text.title,
        "title_untranslated": text.untranslated and not asked_original,
        "source_language_name": source_name,
        "attributes": text.attributes,
        "specifications": text.specifications(listing),
        "description": text.description,
        "description_translated": text.description_translated,
        "description_note": foreign and not text.description_translated and not asked_original,
        "description_source_name": source_name,
        "translation": None,
    }
    if translation is not None:
        shown["translation"] = {
            "shown": not asked_original,
            "source_name": source_name,
            "toggle_url": request.path if asked_original else f"{request.path}?original=1",
            "kind": translation.kind,
        }
    return shown


BUY_FORM_SLOT = "<!--buy-form-->"


def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The listing page; 404 unless the listing is public (draft, paused and
    suspended stores' listings do not exist for buyers). The page comes from
    the storefront cache, except its buy form (stock, price box), which is
    rendered for this request into the slot the cached page leaves for it."""
    built = {}

    def build() -> dict:
        listing = listing_public_detail(pk)
        if listing is None:
            raise Http404(_("This product is not available."))
        built["listing"] = listing
        tree = category_tree()
        prices = Prices.for_request(request)
        maker = CardMaker(request, tree, prices)
        category = tree.by_id.get(listing.category_id)
        seller = listing.seller
        more = maker.cards(
            listings_for_cards(
                listings_of_store(seller.pk).exclude(pk=listing.pk).order_by("-orders_count", "-published_at", "-pk")
            )[:6]
        )
        country = seller.country.code
        shown = listing_text_shown(request, listing)
        context = {
            "listing": listing,
            **shown,
            "images": list(listing.images.all()),
            "category": category,
            "parent_category": category.parent_node if category else None,
            "nav_categories": tree.top,
            "seller": seller,
            "seller_flag": maker.flags.get(country, ""),
            "seller_country": maker.country_names.get(country, country),
            "store_url": reverse("listings:store", kwargs={"slug": seller.slug}),
            "from_price": prices.text(listing.min_price) if listing.min_price != listing.price else "",
            "lot_text": lot_text(listing.lot_size),
            "more_cards": more,
            "icon": maker.icon(listing.category_id),
            "page_meta": {"page_title": shown["title"]},
        }
        return context

    content, meta = cached_content(request, "listings/detail_content.html", build)
    # On a hit the cached page says nothing of whether the listing is still
    # public; the buy form's own read (the public rule again) does.
    listing = built.get("listing") or listing_public_for_pricing(pk)
    if listing is None:
        raise Http404(_("This product is not available."))
    buy_form = render_to_string("listings/_buy_form.html", buy_form_context(request, listing), request)
    page = mark_safe(content.replace(BUY_FORM_SLOT, buy_form, 1))  # noqa: S308 (both are our templates' output)
    return render(request, "listings/detail.html", {"content": page, **meta})


def listing_price(request: HttpRequest, pk: int) -> HttpResponse:
    """The price box alone, for htmx: price of the chosen variant at the
    chosen quantity. Without JavaScript the form reloads the whole page."""
    listing = listing_public_for_pricing(pk)
    if listing is None:
        raise Http404(_("This product is not available."))
    box = price_box(
        listing, Prices.for_request(request), variant_id=request.GET.get("variant"), lots=request.GET.get("lots"),
        request=request,
    )  # fmt: skip
    return render(request, "listings/_price_box.html", {"box": box})


# --- a store's page ----------------------------------------------------------------------------


STORE_SORTS = ("orders", "newest", "price_asc", "price_desc")


def store(request: HttpRequest, slug: str) -> HttpResponse:
    """A public store: its profile (read through sellers.selectors) and a
    sortable, paged grid of its public listings."""
    seller = get_object_or_404(stores_public(), slug=slug)
    return render(request, "listings/store.html", {"store": seller, **_store_listings_context(request, seller)})


def _store_listings_context(request: HttpRequest, seller) -> dict:
    """A page of a store's public listings with its sort links and pager."""
    tree = category_tree()
    maker = CardMaker(request, tree)
    sort = request.GET.get("sort", "")
    filters = BrowseFilters(sort=sort if sort in STORE_SORTS else "orders")
    listings = listings_browse(filters, queryset=listings_of_store(seller.pk))
    paged = paginate_cards(request, listings, listings_of_store(seller.pk), maker)
    return {"nav_categories": tree.top, "sort_options": _sort_options(request, filters), **paged}
