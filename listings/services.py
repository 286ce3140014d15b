"""Every write of the catalogue: listings with their variants and tiers,
publishing, stock, images. The rules an input follows are checked by
listings.cleaning before anything is written."""

import io
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from moneyed import Money
from PIL import ImageOps

from logistics.models import ShippingTemplate
from marketplace.errors import ConflictError, DomainError, NotFound, NotPermitted
from marketplace.jobs import enqueue
from marketplace.pagecache import storefront_changed
from marketplace.uploads import UploadRejected, check_image
from sellers.models import Seller, SellerStatus

from .cleaning import listing_input_clean

# The input values every writer builds (editor, API, import, demo); kept importable from here.
from .inputs import ListingInput, TierInput, VariantInput  # noqa: F401 (re-exported)
from .models import (
    SETTLEMENT_CURRENCIES,
    Category,
    Listing,
    ListingImage,
    ListingStatus,
    ListingVariant,
    PriceTier,
    StockReason,
)
from .pricing import Tier, lowest_unit_price
from .shipping import listing_parcel_problems
from .stock import stock_record_initial, stock_set, stock_set_levels
from .translations import listing_translations_enqueue


class PublishRefused(DomainError):
    """Publishing is refused; `problems` lists every reason (the API's `fields.status`),
    `message` says so with all of them. The one error of the rule, wherever it is hit."""

    code = "cannot_publish"

    def __init__(self, problems: list[str]):
        message = _("This listing cannot be published yet: %(problems)s") % {"problems": " ".join(problems)}
        super().__init__(message, field="status", fields={"status": problems})
        self.problems = problems


STATUS_MOVES = {
    ListingStatus.DRAFT: {ListingStatus.ACTIVE},
    ListingStatus.ACTIVE: {ListingStatus.PAUSED},
    ListingStatus.PAUSED: {ListingStatus.ACTIVE},
}


def listings_lock(listing_id: int) -> Listing:
    return Listing.objects.select_for_update(of=("self",)).select_related("seller").get(pk=listing_id)


def seller_may_manage_listings(seller: Seller, actor) -> Seller:
    """`seller` if `actor` is its user and the store is approved; NotPermitted
    otherwise. The one check behind every listing write, the API's and the
    translation overrides' alike."""
    if actor is None or seller.user_id != actor.pk:
        raise NotPermitted(_("Only the seller can change this store's listings."))
    if seller.status != SellerStatus.APPROVED:
        raise NotPermitted(
            _("Only approved stores can manage listings; yours is %(status)s.")
            % {"status": seller.get_status_display().lower()}
        )
    return seller


def parcel_problems(listing: Listing) -> list[str]:
    """Why no active shipping method from the store's country could carry one
    lot of this listing (empty: at least one can); see listings.shipping."""
    return listing_parcel_problems(listing)


def publish_problems(listing: Listing) -> list[str]:
    """Everything that stops `listing` from being shown to buyers."""
    problems = []
    if listing.seller.status != SellerStatus.APPROVED:
        problems.append(_("Your store is not approved, so its listings cannot be published."))
    if not listing.images.exists():
        problems.append(_("Add at least one photo."))
    if not listing.variants.filter(stock__gt=0).exists():
        problems.append(_("Put at least one variant in stock."))
    if listing.category_check:
        problems.append(_("Check the category: an import suggested it."))
    return problems + parcel_problems(listing)


def _refresh_derived(listing: Listing) -> None:
    """Recompute the "from" price, its EUR sort key and the search vector, and
    queue the listing's translations into the other interface languages (on
    commit; a job whose source is already translated does nothing)."""
    tiers = [Tier(t.min_lots, t.max_lots, t.unit_price) for t in listing.tiers.all()]
    overrides = [v.price_override for v in listing.variants.all()]
    listing.min_price = lowest_unit_price(base=listing.price, tiers=tiers, variant_prices=overrides)
    listing.sort_price_eur = sort_price_eur(listing.min_price)
    listing.save(update_fields=["min_price", "min_price_currency", "sort_price_eur", "updated_at"])
    from .search import listing_search_vector_update

    listing_search_vector_update(listing.pk)
    if listing.status == ListingStatus.ACTIVE:  # a draft is on no cached storefront page
        storefront_changed()
    listing_translations_enqueue(listing)


def sort_price_eur(price: Money, rates: dict[str, Decimal] | None = None) -> Decimal:
    """A price in EUR for filtering and sorting across currencies: not rounded
    to cents (it is never shown), 0 when no rate is stored. `rates`: the current
    rates, when the caller has them already (a batch).
    listings_sort_prices_refresh computes the same in SQL."""
    from marketplace.selectors import exchange_rates_current

    if price.currency.code == "EUR":
        return price.amount
    rate = (rates if rates is not None else exchange_rates_current()).get(price.currency.code)
    return (price.amount / rate).quantize(Decimal("0.0001")) if rate else Decimal(0)


def _write_variants(
    listing: Listing, variants: list[VariantInput], *, actor, stock_reason: str, stock_reference: str
) -> None:
    """Match the variants by SKU: new ones are created with their stock (recorded
    as a movement from 0), existing ones get their stock through listings.stock
    (under its row lock, with a movement where it changes), missing ones go."""
    existing = {v.sku.lower(): v for v in listing.variants.all()}
    keep, created, levels = [], [], {}
    for position, variant in enumerate(variants):
        row = existing.get(variant.sku.lower())
        price_override = (Money(variant.price_override, listing.price.currency)
                          if variant.price_override is not None else None)  # fmt: skip
        if row is None:
            row = ListingVariant(listing=listing, stock=variant.stock)
            created.append(row)
        else:
            levels[row.pk] = variant.stock
        row.sku, row.options, row.position, row.price_override = variant.sku, variant.options, position, price_override
        if row.pk is None:
            row.save()
        else:  # never the stock column: a concurrent reservation may have changed it since the read above
            row.save(update_fields=["sku", "options", "position", "price_override", "price_override_currency"])
        keep.append(row.pk)
    listing.variants.exclude(pk__in=keep).delete()
    stock_set_levels(levels=levels, actor=actor, reason=stock_reason, reference=stock_reference)
    stock_record_initial(created, actor=actor, reason=stock_reason, reference=stock_reference)


def _write_tiers(listing: Listing, tiers: list[Tier]) -> None:
    listing.tiers.all().delete()
    PriceTier.objects.bulk_create(
        PriceTier(listing=listing, min_lots=t.min_lots, max_lots=t.max_lots, unit_price=t.unit_price) for t in tiers
    )


@transaction.atomic
def listing_create(
    *, actor, seller_id: int, data: ListingInput, stock_reason: str = StockReason.SELLER_EDIT, stock_reference: str = ""
) -> Listing:
    """Create a draft listing with its variants and tiers (all checked first).
    `stock_reason` and `stock_reference` go on the variants' stock movements."""
    seller = seller_may_manage_listings(Seller.objects.select_for_update().get(pk=seller_id), actor)
    values, variants, tiers = listing_input_clean(data, seller)
    listing = Listing.objects.create(seller=seller, status=ListingStatus.DRAFT, min_price=values["price"], **values)
    _write_variants(listing, variants, actor=actor, stock_reason=stock_reason, stock_reference=stock_reference)
    _write_tiers(listing, tiers)
    _refresh_derived(listing)
    return listing


@transaction.atomic
def listings_create_drafts(
    *,
    actor,
    seller_id: int,
    items: list[tuple[ListingInput, dict]],
    stock_reason: str = StockReason.SELLER_EDIT,
    stock_reference: str = "",
) -> list[Listing | DomainError]:
    """Create many draft listings at once (a feed import's batch): what
    listing_create does for one, in sets. Each item is (input, extra model
    fields such as source_id) and is checked exactly as listing_create checks it
    (_clean); the good ones are written with one INSERT per table (listings,
    variants, tiers, stock movements), their search vectors stored (one
    update of the search index) and their translations queued as one job per
    CARAVAN_LISTING_TRANSLATION_BATCH listings. Returns, per item in order, its
    Listing or the DomainError that refused it (nothing of it written).

    Locks the seller row. One transaction: a database error (e.g. a source_id
    another import wrote meanwhile) writes none of the items, and the caller
    may go on item by item with listing_create."""
    from marketplace.selectors import exchange_rates_current

    from .search import listings_search_index_update
    from .translations import listing_source_hash_of, listing_translation_languages

    seller = seller_may_manage_listings(Seller.objects.select_for_update().get(pk=seller_id), actor)
    ids = {data.category_id for data, _extra in items if isinstance(data.category_id, int)}
    categories = Category.objects.in_bulk(ids)
    rates = exchange_rates_current()
    results: list[Listing | DomainError] = []
    made: list[tuple[Listing, list[VariantInput], list[Tier]]] = []
    for data, extra in items:
        try:
            values, variants, tiers = listing_input_clean(data, seller, categories=categories)
        except DomainError as exc:
            results.append(exc)
            continue
        listing = Listing(seller=seller, status=ListingStatus.DRAFT, **values, **extra)
        currency = listing.price.currency
        overrides = [Money(v.price_override, currency) if v.price_override is not None else None for v in variants]
        listing.min_price = lowest_unit_price(base=listing.price, tiers=tiers, variant_prices=overrides)
        listing.sort_price_eur = sort_price_eur(listing.min_price, rates)
        results.append(listing)
        made.append((listing, variants, tiers))
    if not made:
        return results
    Listing.objects.bulk_create([listing for listing, _v, _t in made])
    rows = [
        ListingVariant(listing=listing, sku=v.sku, options=v.options, stock=v.stock, position=position,
                       price_override=Money(v.price_override, listing.price.currency)
                       if v.price_override is not None else None)
        for listing, variants, _t in made
        for position, v in enumerate(variants)
    ]  # fmt: skip
    ListingVariant.objects.bulk_create(rows)
    stock_record_initial(rows, actor=actor, reason=stock_reason, reference=stock_reference)
    PriceTier.objects.bulk_create(
        PriceTier(listing=listing, min_lots=t.min_lots, max_lots=t.max_lots, unit_price=t.unit_price)
        for listing, _v, tiers in made
        for t in tiers
    )
    listings = [listing for listing, _v, _t in made]
    listings_search_index_update([listing.pk for listing in listings])  # one set-based update, either database
    size = settings.CARAVAN_LISTING_TRANSLATION_BATCH
    for start in range(0, len(listings), size):
        enqueue(
            "listings.tasks.listing_translations_batch_task",
            items=[
                [listing.pk, listing_source_hash_of(listing), listing_translation_languages(listing.source_language)]
                for listing in listings[start : start + size]
            ],
        )
    return results


@transaction.atomic
def listing_update(
    *,
    actor,
    listing_id: int,
    data: ListingInput,
    stock_reason: str = StockReason.SELLER_EDIT,
    stock_reference: str = "",
) -> Listing:
    """Replace a listing's fields, variants (matched by SKU) and tiers. An
    active listing that would no longer be publishable is refused unchanged.
    Locks the listing, then its variants (pk order, listings.stock) where their
    stock changes; `stock_reason` and `stock_reference` go on those movements."""
    listing = listings_lock(listing_id)
    seller_may_manage_listings(listing.seller, actor)
    values, variants, tiers = listing_input_clean(data, listing.seller)
    for name, value in values.items():
        setattr(listing, name, value)
    listing.save()
    _write_variants(listing, variants, actor=actor, stock_reason=stock_reason, stock_reference=stock_reference)
    _write_tiers(listing, tiers)
    if listing.status == ListingStatus.ACTIVE:
        problems = publish_problems(listing)
        if problems:
            transaction.set_rollback(True)
            raise PublishRefused(problems)
    _refresh_derived(listing)
    return listing


@transaction.atomic
def listing_set_status(*, actor, listing_id: int, status: str) -> Listing:
    """Publish (draft → active), pause, or re-activate a listing. Publishing
    checks every rule and says each one that fails. Idempotent."""
    listing = listings_lock(listing_id)
    seller_may_manage_listings(listing.seller, actor)
    if listing.status == status:
        return listing
    if status not in STATUS_MOVES.get(listing.status, set()):
        raise ConflictError(
            _("A listing that is %(a)s cannot become %(b)s.")
            % {"a": listing.get_status_display().lower(), "b": ListingStatus(status).label.lower()}
        )
    if status == ListingStatus.ACTIVE:
        problems = publish_problems(listing)
        if problems:
            raise PublishRefused(problems)
        listing.published_at = listing.published_at or timezone.now()
    listing.status = status
    listing.save(update_fields=["status", "published_at", "updated_at"])
    storefront_changed()
    if status == ListingStatus.ACTIVE:
        listing_translations_enqueue(listing)
    return listing


def listings_bulk_set_status(*, actor, seller_id: int, listing_ids: list[int], status: str) -> dict[int, str]:
    """Pause or activate several of one seller's listings, each in its own
    transaction. Returns {listing id: problem} for those that could not change."""
    failed = {}
    for listing_id in Listing.objects.filter(seller_id=seller_id, pk__in=listing_ids).values_list("pk", flat=True):
        try:
            listing_set_status(actor=actor, listing_id=listing_id, status=status)
        except PublishRefused as exc:
            failed[listing_id] = " ".join(exc.problems)  # the row already says it is not published
        except DomainError as exc:
            failed[listing_id] = exc.message
    return failed


@transaction.atomic
def listing_category_confirm(*, actor, listing_id: int, category_id: int) -> Listing:
    """The seller confirms (or changes) a category an import suggested: the
    listing takes `category_id` (a sub-category) and is no longer flagged
    "check the category". Locks the listing. Idempotent."""
    listing = listings_lock(listing_id)
    seller_may_manage_listings(listing.seller, actor)
    category = Category.objects.filter(pk=category_id, parent__isnull=False).first()
    if category is None:
        raise DomainError(_("Choose a sub-category."), field="category")
    if listing.category_id == category.pk and not listing.category_check:
        return listing
    listing.category, listing.category_check = category, False
    listing.save(update_fields=["category", "category_check", "updated_at"])
    if listing.status == ListingStatus.ACTIVE:
        storefront_changed()
    return listing


@transaction.atomic
def variant_stock_update(*, actor, variant_id: int, stock: int) -> ListingVariant:
    """The seller sets one variant's stock (lots) through listings.stock: row
    lock, a movement if it changed, idempotent. No storefront page is retired:
    buyers see stock only in the listing page's buy form, which is never cached."""
    variant = ListingVariant.objects.select_related("listing__seller").filter(pk=variant_id).first()
    if variant is None:
        raise NotFound(_("There is no such variant."))
    seller_may_manage_listings(variant.listing.seller, actor)
    if not isinstance(stock, int) or stock < 0:
        raise DomainError(_("Stock cannot be negative."), field="stock")
    stock_set(variant_id=variant.pk, stock=stock, actor=actor, reason=StockReason.SELLER_EDIT)
    variant.stock = stock
    return variant


@transaction.atomic
def listing_shipping_template_set(*, actor, listing_id: int, template_id: int | None) -> Listing:
    """Ship a listing under one of its store's templates (None: the store
    default). An active listing must stay publishable: a template none of whose
    methods can carry it is refused with the publish rule's reasons. Retires
    the cached storefront (cards show shipping). Idempotent."""
    listing = listings_lock(listing_id)
    seller_may_manage_listings(listing.seller, actor)
    if template_id is not None and not ShippingTemplate.objects.filter(pk=template_id, seller=listing.seller).exists():
        raise NotFound(_("There is no such shipping template."), field="template")
    if listing.shipping_template_id == template_id:
        return listing
    listing.shipping_template_id = template_id
    if listing.status == ListingStatus.ACTIVE:
        problems = parcel_problems(listing)
        if problems:
            raise DomainError(" ".join(problems), field="template")
    listing.save(update_fields=["shipping_template", "updated_at"])
    storefront_changed()
    return listing


def listing_photo_check(upload, *, field: str = "image"):
    """marketplace.uploads.check_image with the listing photo rules (size, pixels,
    JPEG/PNG/WebP, at least 200 px a side): the one check of every listing photo,
    added in the editor or by an import."""
    return check_image(
        upload,
        max_bytes=settings.CARAVAN_LISTING_IMAGE_MAX_BYTES,
        max_pixels=settings.CARAVAN_LISTING_IMAGE_MAX_PIXELS,
        allowed_types=("image/jpeg", "image/png", "image/webp"),
        min_side=200,
        field=field,
    )


def _process_image(upload) -> tuple[bytes, bytes, tuple[int, int]]:
    """Check (listing_photo_check), then re-encode: (full JPEG, thumbnail JPEG, full size)."""
    try:
        checked = listing_photo_check(upload)
    except UploadRejected as exc:
        if exc.code != "wrong_type":
            raise
        raise UploadRejected(_("This file is not a photo we can read."), field="image") from None
    image = checked.image.convert("RGB")
    full = image.copy()
    full.thumbnail((1600, 1600))
    thumb = ImageOps.fit(image, (400, 400))
    out_full, out_thumb = io.BytesIO(), io.BytesIO()
    full.save(out_full, "JPEG", quality=85, optimize=True)
    thumb.save(out_thumb, "JPEG", quality=80, optimize=True)
    return out_full.getvalue(), out_thumb.getvalue(), full.size


@transaction.atomic
def listing_image_add(*, actor, listing_id: int, upload) -> ListingImage:
    listing = listings_lock(listing_id)
    seller_may_manage_listings(listing.seller, actor)
    count = listing.images.count()
    if count >= settings.CARAVAN_LISTING_MAX_IMAGES:
        raise DomainError(
            _("A listing has at most %(n)s photos.") % {"n": settings.CARAVAN_LISTING_MAX_IMAGES}, field="image"
        )
    full, thumb, (width, height) = _process_image(upload)
    name = uuid.uuid4().hex
    image = ListingImage(listing=listing, position=count, width=width, height=height)
    image.image.save(f"{name}.jpg", ContentFile(full), save=False)
    image.thumbnail.save(f"{name}-400.jpg", ContentFile(thumb), save=False)
    image.save()
    storefront_changed()
    return image


@transaction.atomic
def listing_image_delete(*, actor, image_id: int) -> None:
    image = ListingImage.objects.select_related("listing__seller").filter(pk=image_id).first()
    if image is None:
        raise NotFound(_("There is no such photo."))
    listing = listings_lock(image.listing_id)
    seller_may_manage_listings(listing.seller, actor)
    if listing.status == ListingStatus.ACTIVE and listing.images.count() == 1:
        raise DomainError(_("An active listing keeps at least one photo; pause it first."), field="image")
    names = [image.image.name, image.thumbnail.name]
    storage = image.image.storage
    image.delete()
    # Files shared with other rows (the benchmark catalogue reuses a pool) stay.
    shared = set(ListingImage.objects.filter(image__in=names).values_list("image", flat=True)) | set(
        ListingImage.objects.filter(thumbnail__in=names).values_list("thumbnail", flat=True)
    )
    orphans = [name for name in names if name not in shared]
    storefront_changed()
    transaction.on_commit(lambda: [storage.delete(name) for name in orphans])


def listings_sort_prices_refresh() -> int:
    """Re-derive every listing's EUR sort price from the current rates, one
    set-based UPDATE per settlement currency. Safe to run any time."""
    from django.db.models import F

    from marketplace.selectors import exchange_rates_current

    rates = exchange_rates_current()
    updated = 0
    for currency in SETTLEMENT_CURRENCIES:
        rate = Decimal(1) if currency == "EUR" else rates.get(currency)
        if not rate:
            continue
        updated += Listing.objects.filter(min_price_currency=currency).update(sort_price_eur=F("min_price") / rate)
    return updated


def categories_sync(*, category_model=None) -> int:
    """Create or update the category tree from listings/data/categories.json
    (used by a data migration; safe to run again). Returns the number of rows."""
    import json
    from pathlib import Path

    model = category_model or Category
    tree = json.loads((Path(__file__).parent / "data" / "categories.json").read_text())
    count = 0
    for top in tree:
        parent, _created = model.objects.update_or_create(
            slug=top["slug"],
            defaults={"name": top["name"], "names": top.get("names", {}), "icon": top.get("icon", ""),
                      "commission_rate": Decimal(top["commission_rate"]), "position": top["position"],
                      "parent": None},
        )  # fmt: skip
        count += 1
        for child in top["children"]:
            model.objects.update_or_create(
                slug=child["slug"],
                defaults={"name": child["name"], "names": child.get("names", {}), "parent": parent,
                          "commission_rate": Decimal(child.get("commission_rate", top["commission_rate"])),
                          "position": child["position"]},
            )  # fmt: skip
            count += 1
    from .selectors import category_tree_forget

    category_tree_forget()
    return count
