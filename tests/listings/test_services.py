from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moneyed import Money

from listings import services
from listings.models import Category, Listing, ListingStatus, ListingVariant
from listings.pricing import Tier, lowest_unit_price, unit_price
from listings.services import TierInput, VariantInput
from marketplace.errors import ConflictError, DomainError, NotFound, NotPermitted
from sellers import services as seller_services
from tests.factories import UserFactory
from tests.listings.conftest import WHOLESALE_TIERS, listing_input, photo

pytestmark = pytest.mark.django_db


def create(seller, category, **overrides):
    return services.listing_create(actor=seller.user, seller_id=seller.pk, data=listing_input(category, **overrides))


def test_create_writes_a_draft_with_variants_tiers_and_derived_prices(approved_seller, leaf_category):
    listing = create(approved_seller, leaf_category, tiers=WHOLESALE_TIERS)
    assert listing.status == ListingStatus.DRAFT
    assert listing.price == Money("100.00", "CNY")  # the 1-lot price is the first tier's
    assert listing.min_price == Money("80.00", "CNY")
    assert [v.sku for v in listing.variants.all()] == ["DRESS-RED-M", "DRESS-BLUE-M"]
    assert [(t.min_lots, t.max_lots) for t in listing.tiers.all()] == [(1, 9), (10, 49), (50, None)]
    assert listing.source_language == "zh-hans"  # the store's language by default


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "Hat"}, "title", "at least 5 characters"),
        ({"title": "x" * 201}, "title", "at most 200"),
        ({"price": Decimal("0")}, "price", "above zero"),
        ({"price": "abc"}, "price", "above zero"),
        ({"declared_value": Decimal("-1")}, "declared_value", "declared value"),
        ({"lot_size": 0}, "lot_size", "between 1 and 10,000"),
        ({"weight_grams": 0}, "weight_grams", "weight"),
        ({"length_cm": Decimal("0")}, "length_cm", "centimetres"),
        ({"processing_days": 11}, "processing_days", "1 to 10 days"),
        ({"processing_days": 0}, "processing_days", "1 to 10 days"),
        ({"hs_code": "12AB"}, "hs_code", "6 to 10 digits"),
        ({"source_language": "de"}, "source_language", "language"),
        ({"variants": []}, "variants", "at least one variant"),
        ({"variants": [VariantInput(sku="A", stock=1), VariantInput(sku="a", stock=1)]}, "variants.1.sku", "twice"),
        ({"variants": [VariantInput(sku=" ", stock=1)]}, "variants.0.sku", "needs a SKU"),
        ({"variants": [VariantInput(sku="A", stock=-1)]}, "variants.0.stock", "negative"),
        ({"variants": [VariantInput(sku="A", stock=1, price_override=Decimal("0"))]}, "variants.0.price_override",
         "above zero"),
        ({"tiers": [TierInput(2, 9, Decimal("10"))]}, "tiers.0.min_lots", "start at 1"),
        ({"tiers": [TierInput(1, 9, Decimal("10")), TierInput(9, None, Decimal("9"))]}, "tiers.1.min_lots", "overlap"),
        ({"tiers": [TierInput(1, 9, Decimal("10")), TierInput(12, None, Decimal("9"))]}, "tiers.1.min_lots", "gap"),
        ({"tiers": [TierInput(1, 9, Decimal("10")), TierInput(10, None, Decimal("11"))]}, "tiers.1.unit_price",
         "cannot rise"),
        ({"tiers": [TierInput(1, None, Decimal("10")), TierInput(10, None, Decimal("9"))]}, "tiers.0.max_lots",
         "last tier"),
        ({"tiers": [TierInput(1, 5, Decimal("0"))]}, "tiers.0.unit_price", "above zero"),
    ],
)  # fmt: skip
def test_every_listing_rule_has_a_clear_error_and_writes_nothing(approved_seller, leaf_category, overrides, field,
                                                                  message):  # fmt: skip
    with pytest.raises(DomainError) as excinfo:
        create(approved_seller, leaf_category, **overrides)
    assert excinfo.value.field == field
    assert message in excinfo.value.message
    assert not Listing.objects.exists()
    assert not ListingVariant.objects.exists()


def test_a_top_level_category_is_refused(approved_seller):
    top = Category.objects.get(slug="womens-fashion")
    with pytest.raises(DomainError) as excinfo:
        create(approved_seller, top)
    assert excinfo.value.field == "category"


def test_description_is_sanitised_on_write(approved_seller, leaf_category):
    listing = create(
        approved_seller, leaf_category,
        description='<p onclick="steal()">Soft<script>alert(1)</script><img src=x onerror=alert(1)>'
                    '<iframe src="https://evil.example"></iframe><a href="javascript:alert(1)">x</a></p>',
    )  # fmt: skip
    html = listing.description
    for bad in ("<script", "onerror", "onclick", "<iframe", "javascript:", "<img"):
        assert bad not in html
    assert "Soft" in html


@pytest.mark.parametrize("status", ["submitted", "suspended", "rejected"])
def test_only_approved_sellers_manage_listings(make_seller, leaf_category, status):
    seller = make_seller(status=status, country="IT")
    with pytest.raises(NotPermitted):
        create(seller, leaf_category)


def test_a_buyer_cannot_create_listings_for_a_store(approved_seller, leaf_category):
    with pytest.raises(NotPermitted):
        services.listing_create(actor=UserFactory(), seller_id=approved_seller.pk, data=listing_input(leaf_category))


def test_another_seller_cannot_touch_my_listing(make_listing, make_seller, leaf_category):
    listing = make_listing(publish=False)
    other = make_seller(status="approved", country="ES")
    with pytest.raises(NotPermitted):
        services.listing_update(actor=other.user, listing_id=listing.pk, data=listing_input(leaf_category))
    with pytest.raises(NotPermitted):
        services.listing_set_status(actor=other.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)
    with pytest.raises(NotPermitted):
        services.listing_image_add(actor=other.user, listing_id=listing.pk, upload=photo())
    with pytest.raises(NotPermitted):
        services.variant_stock_update(actor=other.user, variant_id=listing.variants.first().pk, stock=5)


def test_publishing_says_every_reason_it_cannot(approved_seller, leaf_category):
    listing = create(
        approved_seller, leaf_category, weight_grams=40000, length_cm=Decimal("200"), width_cm=Decimal("40"),
        height_cm=Decimal("20"), declared_value=Decimal("500000"),
        variants=[VariantInput(sku="X", stock=0)],
    )  # fmt: skip
    with pytest.raises(DomainError) as excinfo:
        services.listing_set_status(actor=approved_seller.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)
    message = excinfo.value.message
    # Beyond every method from China, EMS and DHL Express included (logistics/data/methods.json).
    for reason in ("Add at least one photo", "in stock", "40000 g", "longest side", "Length + width + height",
                   "declared value"):  # fmt: skip
        assert reason in message, reason
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT


def test_publish_pause_activate_and_replay(make_listing, approved_seller):
    listing = make_listing()
    assert listing.status == ListingStatus.ACTIVE and listing.published_at
    user = approved_seller.user
    assert services.listing_set_status(actor=user, listing_id=listing.pk, status="paused").status == "paused"
    assert services.listing_set_status(actor=user, listing_id=listing.pk, status="paused").status == "paused"
    assert services.listing_set_status(actor=user, listing_id=listing.pk, status="active").status == "active"
    with pytest.raises(ConflictError):
        services.listing_set_status(actor=user, listing_id=listing.pk, status="draft")


def test_an_active_listing_cannot_be_edited_into_an_unpublishable_one(make_listing, approved_seller, leaf_category):
    listing = make_listing()
    with pytest.raises(DomainError) as excinfo:
        services.listing_update(actor=approved_seller.user, listing_id=listing.pk,
                                data=listing_input(leaf_category, weight_grams=31000))  # fmt: skip
    assert "31000 g" in excinfo.value.message
    listing.refresh_from_db()
    assert listing.weight_grams == 300


def test_update_matches_variants_by_sku(make_listing, approved_seller, leaf_category):
    listing = make_listing(publish=False)
    red = listing.variants.get(sku="DRESS-RED-M")
    services.listing_update(
        actor=approved_seller.user, listing_id=listing.pk,
        data=listing_input(leaf_category, variants=[VariantInput(sku="dress-red-m", stock=3),
                                                    VariantInput(sku="DRESS-GREEN-L", stock=1)]),
    )  # fmt: skip
    skus = {v.sku: v for v in listing.variants.all()}
    assert set(skus) == {"dress-red-m", "DRESS-GREEN-L"}
    assert skus["dress-red-m"].pk == red.pk and skus["dress-red-m"].stock == 3


def test_stock_update(make_listing, approved_seller):
    variant = make_listing(publish=False).variants.first()
    services.variant_stock_update(actor=approved_seller.user, variant_id=variant.pk, stock=42)
    variant.refresh_from_db()
    assert variant.stock == 42
    with pytest.raises(DomainError):
        services.variant_stock_update(actor=approved_seller.user, variant_id=variant.pk, stock=-1)
    with pytest.raises(NotFound):
        services.variant_stock_update(actor=approved_seller.user, variant_id=999999, stock=1)


def test_bulk_status_reports_failures(make_listing, approved_seller):
    ready = make_listing(publish=True)
    services.listing_set_status(actor=approved_seller.user, listing_id=ready.pk, status="paused")
    no_photo = make_listing(publish=False)
    failed = services.listings_bulk_set_status(actor=approved_seller.user, seller_id=approved_seller.pk,
                                               listing_ids=[ready.pk, no_photo.pk], status="active")  # fmt: skip
    assert list(failed) == [no_photo.pk]
    assert "photo" in failed[no_photo.pk]
    ready.refresh_from_db()
    assert ready.status == "active"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not an image at all", "not a photo"),
        (b"%PDF-1.4\n%%EOF", "not a photo"),
    ],
)
def test_bad_photos_are_refused(make_listing, approved_seller, content, message):
    listing = make_listing(publish=False)
    with pytest.raises(DomainError) as excinfo:
        services.listing_image_add(actor=approved_seller.user, listing_id=listing.pk,
                                   upload=SimpleUploadedFile("x.jpg", content, "image/jpeg"))  # fmt: skip
    assert message in excinfo.value.message
    assert not listing.images.exists()


def test_small_and_oversized_photos_are_refused(make_listing, approved_seller, settings):
    listing = make_listing(publish=False)
    with pytest.raises(DomainError, match="too small"):
        services.listing_image_add(actor=approved_seller.user, listing_id=listing.pk, upload=photo(size=(100, 100)))
    settings.CARAVAN_LISTING_IMAGE_MAX_BYTES = 1000
    with pytest.raises(DomainError, match="too large"):
        services.listing_image_add(actor=approved_seller.user, listing_id=listing.pk, upload=photo())


def test_photos_are_re_encoded_with_a_thumbnail(make_listing, approved_seller):
    listing = make_listing(publish=False)
    image = services.listing_image_add(actor=approved_seller.user, listing_id=listing.pk,
                                       upload=photo(size=(2400, 1800), fmt="PNG"))  # fmt: skip
    assert (image.width, image.height) == (1600, 1200)
    assert image.image.name.endswith(".jpg") and image.thumbnail.name.endswith("-400.jpg")
    from PIL import Image

    with Image.open(image.thumbnail.path) as thumb:
        assert thumb.size == (400, 400)


def test_at_most_ten_photos(make_listing, approved_seller, settings):
    settings.CARAVAN_LISTING_MAX_IMAGES = 2
    listing = make_listing(publish=False)
    for _ in range(2):
        services.listing_image_add(actor=approved_seller.user, listing_id=listing.pk, upload=photo())
    with pytest.raises(DomainError, match="at most 2 photos"):
        services.listing_image_add(actor=approved_seller.user, listing_id=listing.pk, upload=photo())


def test_the_last_photo_of_an_active_listing_stays(make_listing, approved_seller):
    listing = make_listing()
    with pytest.raises(DomainError):
        services.listing_image_delete(actor=approved_seller.user, image_id=listing.images.first().pk)


def test_suspending_the_seller_keeps_listings_but_blocks_changes(make_listing, approved_seller, vetting_officer):
    listing = make_listing()
    seller_services.seller_suspend(seller_id=approved_seller.pk, actor=vetting_officer, reason="Counterfeits")
    with pytest.raises(NotPermitted):
        services.listing_set_status(actor=approved_seller.user, listing_id=listing.pk, status="paused")


def test_sort_prices_follow_the_rates(make_listing):
    import datetime as dt

    from django.core.cache import cache

    from marketplace.models import ExchangeRate
    from marketplace.selectors import RATES_CACHE_KEY

    listing = make_listing(tiers=WHOLESALE_TIERS)  # from CNY 80
    ExchangeRate.objects.create(currency="CNY", rate=Decimal("8"), source="manual", effective_date=dt.date(2030, 1, 1))
    cache.delete(RATES_CACHE_KEY)
    assert services.listings_sort_prices_refresh() >= 1
    listing.refresh_from_db()
    assert listing.sort_price_eur == Decimal("10.0000")


def test_pricing_by_quantity_and_variant():
    base = Money("100", "CNY")
    tiers = [Tier(1, 9, Money("100", "CNY")), Tier(10, 49, Money("90", "CNY")), Tier(50, None, Money("80", "CNY"))]
    assert [unit_price(base=base, tiers=tiers, lots=n).amount for n in (1, 9, 10, 49, 50, 500)] == [
        Decimal("100.00"), Decimal("100.00"), Decimal("90.00"), Decimal("90.00"), Decimal("80.00"), Decimal("80.00"),
    ]  # fmt: skip
    # A variant 20% dearer stays 20% dearer at every tier.
    assert unit_price(base=base, tiers=tiers, lots=10, override=Money("120", "CNY")) == Money("108.00", "CNY")
    assert unit_price(base=base, tiers=[], lots=3) == Money("100.00", "CNY")
    assert lowest_unit_price(base=base, tiers=tiers, variant_prices=[None, Money("90", "CNY")]) == Money("72.00", "CNY")
    with pytest.raises(ValueError):
        unit_price(base=base, tiers=tiers, lots=0)


def test_tier_errors_name_the_row_as_sent(approved_seller, leaf_category):
    tiers = [TierInput(10, None, Decimal("9")), TierInput(1, 8, Decimal("10"))]  # sent out of order, gap 9
    with pytest.raises(DomainError) as excinfo:
        create(approved_seller, leaf_category, tiers=tiers)
    assert excinfo.value.field == "tiers.0.min_lots"


def test_publish_refusal_lists_each_reason(approved_seller, leaf_category):
    listing = create(approved_seller, leaf_category, weight_grams=31000)
    with pytest.raises(services.PublishRefused) as excinfo:
        services.listing_set_status(actor=approved_seller.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)
    assert len(excinfo.value.problems) == 2  # no photo, too heavy


def test_description_length_is_bounded(approved_seller, leaf_category, settings):
    settings.CARAVAN_LISTING_DESCRIPTION_MAX_CHARS = 50
    with pytest.raises(DomainError) as excinfo:
        create(approved_seller, leaf_category, description="x" * 51)
    assert excinfo.value.field == "description"


def test_variant_labels_keep_the_sellers_option_order(make_listing):
    listing = make_listing(
        publish=False, variants=[VariantInput(sku="A", options={"colour": "Red", "size": "M"}, stock=1)]
    )
    listing.refresh_from_db()  # read back from jsonb, which reorders object keys
    assert listing.option_names == ["colour", "size"]
    assert listing.variants.get().label == "Red / M"
