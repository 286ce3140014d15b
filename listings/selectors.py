"""Public read queries of the catalogue: what a buyer may see, and the light
rows the storefront renders from it.

The visibility rule lives in one place, `listings_public()`; every storefront
page (home, category, search, listing, store) starts from it.
"""

import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, JSONField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import get_language

from logistics.models import FreeShippingRule
from logistics.selectors import free_rules_countries_filter
from sellers.models import Seller
from sellers.selectors import stores_public

from .models import (
    Category,
    Listing,
    ListingImage,
    ListingStatus,
    ListingTranslation,
    ListingVariant,
    PriceTier,
    WarehouseStock,
)
from .search import clean_query, listings_matching

# Sort keys a buyer can choose. "best" (by relevance) only exists with a query.
# Every order ends with the primary key so pages never repeat or skip a row.
SORTS: dict[str, tuple[str, ...]] = {
    "best": ("-rank", "-orders_count", "-pk"),
    "orders": ("-orders_count", "-published_at", "-pk"),
    "newest": ("-published_at", "-pk"),
    "price_asc": ("sort_price_eur", "pk"),
    "price_desc": ("-sort_price_eur", "-pk"),
}

# A listing's parcel (listings.shipping.listing_parcel): what a shipping quote reads.
PARCEL_FIELDS = (
    "weight_grams",
    "length_cm",
    "width_cm",
    "height_cm",
    "declared_value",
    "declared_value_currency",
    "processing_days",
    "shipping_template_id",
)
# Only what a card shows: descriptions can be long, and a page has 24 cards.
CARD_FIELDS = (
    "title",
    "source_language",
    "price",
    "price_currency",
    "min_price",
    "min_price_currency",
    "lot_size",
    "orders_count",
    "category_id",
    "seller__country",
    # the parcel, for the shipping line of a card (listings.shipping.card_shipping)
    *PARCEL_FIELDS,
)


def listings_public() -> QuerySet[Listing]:
    """Every listing a buyer may see: active, from a public store (approved,
    i.e. not suspended, rejected or still in review; see sellers.selectors)."""
    return Listing.objects.filter(status=ListingStatus.ACTIVE, seller__in=stores_public())


def listing_first_thumbnail(listing_ref: str = "pk") -> Subquery:
    """The first photo's thumbnail (storage name) of the listing `listing_ref` names
    in the outer query ("pk" for listings, "listing_id" for rows that point at one)."""
    return Subquery(
        ListingImage.objects.filter(listing=OuterRef(listing_ref)).order_by("position", "pk").values("thumbnail")[:1]
    )


def listing_translated_title(language: str, listing_ref: str = "pk") -> Subquery:
    """The title of the listing `listing_ref` names in the outer query, in `language` (NULL if none)."""
    return Subquery(
        ListingTranslation.objects.filter(listing=OuterRef(listing_ref), language=language).values("title")[:1]
    )


def listings_for_cards(queryset: QuerySet[Listing], language: str | None = None) -> QuerySet[Listing]:
    """`queryset` with just what a card needs, in one query: the seller's
    country and store, the first photo's thumbnail as `card_thumbnail` and the
    title in `language` (the active one) as `card_title_translated` (None when
    there is none). Both are correlated subqueries on unique/indexed keys, not
    prefetches: the home page shows five rows of cards, and a prefetch per row
    would cost five more queries."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return (
        queryset.select_related("seller")
        .only(*CARD_FIELDS)
        .annotate(card_thumbnail=listing_first_thumbnail(), card_title_translated=listing_translated_title(language))
    )


@dataclass
class CategoryTree:
    """All categories (a few dozen rows) from one query, linked both ways."""

    top: list[Category]
    by_id: dict[int, Category]
    by_slug: dict[str, Category]

    def ids_under(self, category: Category) -> list[int]:
        """The category and, for a top-level one, all its children."""
        return [category.pk, *(child.pk for child in category.children_list)]

    def top_of(self, category_id: int) -> Category | None:
        category = self.by_id.get(category_id)
        while category is not None and category.parent_id:
            category = self.by_id.get(category.parent_id)
        return category


CATEGORY_TREE_SECONDS = 300
_category_tree_memo: tuple[float, CategoryTree] | None = None


def category_tree() -> CategoryTree:
    """The category tree, kept in this process for a few minutes: it changes
    only through migrations (categories_sync clears it), and unpickling it from
    Redis on every page cost more than the query."""
    global _category_tree_memo
    now = time.monotonic()
    if _category_tree_memo is None or now - _category_tree_memo[0] > CATEGORY_TREE_SECONDS:
        _category_tree_memo = (now, _category_tree_build())
    return _category_tree_memo[1]


def category_tree_forget() -> None:
    global _category_tree_memo
    _category_tree_memo = None


def _category_tree_build() -> CategoryTree:
    """The category tree, each node with `children_list`, `parent_node` and
    its storefront `url` (one reverse() for all: slugs are URL-safe)."""
    pattern = reverse("listings:category", kwargs={"slug": "--slug--"})
    categories = list(Category.objects.all())
    by_id = {c.pk: c for c in categories}
    for category in categories:
        category.children_list = []
        category.parent_node = None
        category.url = pattern.replace("--slug--", category.slug)
    top = []
    for category in categories:
        parent = by_id.get(category.parent_id) if category.parent_id else None
        if parent is None:
            top.append(category)
        else:
            category.parent_node = parent
            parent.children_list.append(category)
    return CategoryTree(top=top, by_id=by_id, by_slug={c.slug: c for c in categories})


@dataclass(frozen=True)
class BrowseFilters:
    """What a category or search page narrows and orders by. Prices are
    already in EUR (the unit of `sort_price_eur`)."""

    query: str = ""
    category_ids: list[int] = field(default_factory=list)
    price_min_eur: Decimal | None = None
    price_max_eur: Decimal | None = None
    ships_from: str = ""
    sort: str = ""
    free_shipping_to: str = ""  # a country: only listings whose store ships there free (one lot)

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS and (self.sort != "best" or self.query):
            return self.sort
        return "best" if self.query else "orders"


def listings_browse(filters: BrowseFilters, *, queryset: QuerySet[Listing] | None = None) -> QuerySet[Listing]:
    """Public listings narrowed by `filters` and sorted.

    With a query the filters narrow first, then `listings_matching` takes a
    capped candidate set through the GIN indexes and only those are ranked
    and sorted (the planner trap of DESIGN.md §5 never applies).
    """
    qs = listings_filtered(filters, queryset=queryset)
    if filters.query:
        qs = listings_matching(qs, filters.query)
    return qs.order_by(*SORTS[filters.effective_sort])


def listings_filtered(filters: BrowseFilters, *, queryset: QuerySet[Listing] | None = None) -> QuerySet[Listing]:
    qs = listings_public() if queryset is None else queryset
    if filters.category_ids:
        qs = qs.filter(category_id__in=filters.category_ids)
    if filters.price_min_eur is not None:
        qs = qs.filter(sort_price_eur__gte=filters.price_min_eur)
    if filters.price_max_eur is not None:
        qs = qs.filter(sort_price_eur__lte=filters.price_max_eur)
    if filters.ships_from in settings.CARAVAN_SELLER_COUNTRIES:
        qs = qs.filter(ships_from_q(filters.ships_from))
    if filters.free_shipping_to:
        qs = qs.filter(free_shipping_q(filters.free_shipping_to))
    return qs


def ships_from_q(country: str) -> Q:
    """Listings that ship from `country`: the store's home, or an active
    warehouse of the store there holding stock of one of its variants."""
    overseas = WarehouseStock.objects.filter(
        variant__listing=OuterRef("pk"), warehouse__country=country, warehouse__active=True, stock__gt=0
    )
    return Q(seller__country=country) | Q(Exists(overseas))


def free_shipping_q(country: str) -> Q:
    """Listings whose template (their own, else the store default) has a
    free-shipping rule to `country` that one lot at the listing's price meets.
    Two correlated EXISTS on small indexed tables, whatever the page size."""
    rules = FreeShippingRule.objects.filter(free_rules_countries_filter(country)).filter(
        Q(min_order__isnull=True) | Q(min_order_currency=OuterRef("price_currency"), min_order__lte=OuterRef("price"))
    )
    own = rules.filter(template_id=OuterRef("shipping_template_id"))
    default = rules.filter(template__seller_id=OuterRef("seller_id"), template__is_default=True)
    return Q(Exists(own)) | (Q(shipping_template__isnull=True) & Q(Exists(default)))


def category_counts_for_query(filters: BrowseFilters) -> dict[int, int]:
    """{category id: matching listings} for a search, ignoring the category
    filter (so a buyer sees where else the term is found). Bounded: the match
    is the capped candidate set, so this groups at most that many rows."""
    if not clean_query(filters.query):
        return {}
    unfiltered = BrowseFilters(
        query=filters.query,
        price_min_eur=filters.price_min_eur,
        price_max_eur=filters.price_max_eur,
        ships_from=filters.ships_from,
        free_shipping_to=filters.free_shipping_to,
    )
    rows = (
        listings_matching(listings_filtered(unfiltered), filters.query)
        .order_by()
        .values("category_id")
        .annotate(n=Count("pk"))
    )
    return {row["category_id"]: row["n"] for row in rows}


def listing_public_detail(pk: int, language: str | None = None) -> Listing | None:
    """One public listing with everything its page shows: seller, category,
    images, variants, tiers and its translation into `language` (the active
    one) as the list `buyer_translations` (five queries, whatever their number)."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return (
        listings_public()
        .select_related("seller", "category")
        .prefetch_related(
            Prefetch("images", queryset=ListingImage.objects.order_by("position", "pk")),
            Prefetch("variants", queryset=ListingVariant.objects.order_by("position", "pk")),
            Prefetch("tiers", queryset=PriceTier.objects.order_by("min_lots")),
            Prefetch(
                "translations",
                queryset=ListingTranslation.objects.filter(language=language),
                to_attr="buyer_translations",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def listing_public_for_pricing(pk: int, language: str | None = None) -> Listing | None:
    """A public listing with its store's country, variants and tiers, for the
    price box and its shipping lines, and its translation's terms in `language`
    (the active one) as `buyer_terms` (None without a translation): the buy
    form's option names and values."""
    language = language or get_language() or settings.LANGUAGE_CODE
    terms = ListingTranslation.objects.filter(listing=OuterRef("pk"), language=language).values("terms")[:1]
    return (
        listings_public()
        .select_related("seller")
        .only(
            "pk",
            "price",
            "price_currency",
            "lot_size",
            "option_names",
            "seller_id",
            "seller__country",
            "source_language",
            *PARCEL_FIELDS,  # for the shipping lines
        )
        .annotate(buyer_terms=Subquery(terms, output_field=JSONField()))
        .prefetch_related(
            Prefetch("variants", queryset=ListingVariant.objects.order_by("position", "pk")),
            Prefetch("tiers", queryset=PriceTier.objects.order_by("min_lots")),
        )
        .filter(pk=pk)
        .first()
    )


def listing_public_for_shipping(pk: int) -> Listing | None:
    """A public listing with its store (the parcel's origin), variants and tiers,
    for a shipping quote (three queries)."""
    return (
        listings_public()
        .select_related("seller")
        .prefetch_related(
            Prefetch("variants", queryset=ListingVariant.objects.order_by("position", "pk")),
            Prefetch("tiers", queryset=PriceTier.objects.order_by("min_lots")),
        )
        .filter(pk=pk)
        .first()
    )


def listings_newest(limit: int) -> QuerySet[Listing]:
    return listings_for_cards(listings_public().order_by("-published_at", "-pk"))[:limit]


def listings_best_selling(limit: int) -> QuerySet[Listing]:
    """Listings that have sold at least once, most orders first (empty until
    the orders issue lands: the home page hides the row then)."""
    qs = listings_public().filter(orders_count__gt=0).order_by("-orders_count", "-published_at", "-pk")
    return listings_for_cards(qs)[:limit]


def listings_in_categories(category_ids: list[int], limit: int) -> QuerySet[Listing]:
    qs = listings_public().filter(category_id__in=category_ids).order_by("-published_at", "-pk")
    return listings_for_cards(qs)[:limit]


def listings_of_store(seller_id: int) -> QuerySet[Listing]:
    """A store's public listings (its page adds sorting and paging)."""
    return listings_public().filter(seller_id=seller_id)


def listing_translation_rows(listing: Listing) -> list[dict]:
    """The listing in every interface language but its own: per language the
    ListingTranslation (or None) and its status, "current" (made from the
    listing as it is now), "stale" (from an older version: a job is on its way)
    or "missing". One query."""
    from .translations import listing_source_hash_of, listing_translation_languages

    current = listing_source_hash_of(listing)
    by_language = {row.language: row for row in ListingTranslation.objects.filter(listing=listing)}
    rows = []
    for code in listing_translation_languages(listing.source_language):
        row = by_language.get(code)
        state = "missing" if row is None else "current" if row.source_hash == current else "stale"
        rows.append({"language": code, "translation": row, "status": state})
    return rows


# --- API reads: categories, cards, and a seller's own listings -----------------------


def categories_top() -> QuerySet[Category]:
    """The top-level categories, their children prefetched (two queries)."""
    return Category.objects.filter(parent=None).prefetch_related("children")


def category_ids_under(category: Category) -> list[int]:
    """The category and, for a top-level one, its children (one query)."""
    return [category.pk, *category.children.values_list("pk", flat=True)]


def listings_for_api_cards(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    """`queryset` with what an API card shows: the seller, and the first
    photo's thumbnail as `first_thumbnail`; the long text columns deferred."""
    return (
        queryset.select_related("seller")
        .defer("description", "attributes", "search_vector", "search_text")
        .annotate(first_thumbnail=listing_first_thumbnail())
    )


def listings_of_seller(seller: Seller) -> QuerySet[Listing]:
    """Every listing of the store, drafts and paused ones included."""
    return Listing.objects.filter(seller=seller)


def listing_of_seller_exists(seller: Seller, listing_id: int) -> bool:
    return listings_of_seller(seller).filter(pk=listing_id).exists()


def listings_of_seller_full(seller: Seller) -> QuerySet[Listing]:
    """The store's listings with everything the seller's view of one shows."""
    return (
        listings_of_seller(seller).select_related("seller", "category").prefetch_related("variants", "tiers", "images")
    )


def listings_of_seller_rows(seller: Seller, *, status: str = "", query: str = "") -> QuerySet[Listing]:
    """The store's listings as rows of its list, recently changed first,
    narrowed to one status and to a search query when given."""
    listings = listings_of_seller(seller)
    if status:
        listings = listings.filter(status=status)
    if query:
        listings = listings_matching(listings, query)
    return (
        listings.select_related("category")
        .prefetch_related(
            Prefetch("variants", queryset=ListingVariant.objects.only("listing", "sku", "options", "stock"))
        )
        .defer("description", "attributes", "search_vector", "search_text")
        .annotate(first_thumbnail=listing_first_thumbnail())
        .order_by("-updated_at", "-pk")
    )


def listing_ids_of_seller(seller: Seller, listing_ids: list[int]) -> set[int]:
    """Those of `listing_ids` that are the store's own."""
    return set(listings_of_seller(seller).filter(pk__in=listing_ids).values_list("pk", flat=True))


def listing_image_of_seller_exists(seller: Seller, *, listing_id: int, image_id: int) -> bool:
    return ListingImage.objects.filter(pk=image_id, listing_id=listing_id, listing__seller=seller).exists()


def variant_of_seller_exists(seller: Seller, variant_id: int) -> bool:
    return ListingVariant.objects.filter(pk=variant_id, listing__seller=seller).exists()


def listing_for_translation_rows(listing_id: int) -> Listing:
    """The listing with just what `listing_translation_rows` reads."""
    return Listing.objects.only("title", "attributes", "description", "source_language").get(pk=listing_id)
