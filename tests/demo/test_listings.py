"""The demo catalogue: made through the services (so every listing rule holds),
in each seller's language, spread over every category and seller, created
once however often seed_demo runs; and the bulk path for benchmarks."""

import io
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from moneyed import Money
from PIL import Image, ImageStat

import listings
from demo import catalogue, photos
from demo import listings as demo
from demo.sellers import ADMIN_EMAIL, seed_sellers
from demo.users import DEMO_PASSWORD
from listings.models import Category, Listing, ListingImage, ListingStatus, ListingVariant, PriceTier
from listings.search import listings_matching
from listings.services import parcel_problems, publish_problems
from marketplace.models import User
from marketplace.money import convert
from marketplace.selectors import exchange_rates_current

CJK = re.compile(r"[\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
TURKISH = re.compile(r"[çğışöüÇĞİŞÖÜ]")
SELLER_LANGUAGES = {"CN": "zh-hans", "RU": "ru", "IT": "it", "ES": "es", "TR": "tr"}


@pytest.fixture
def demo_sellers(db):
    User.objects.create_superuser(ADMIN_EMAIL, DEMO_PASSWORD, full_name="Caravan Admin")
    seed_sellers()
    return demo.demo_sellers()


def counts() -> tuple[int, ...]:
    return (Listing.objects.count(), ListingVariant.objects.count(), PriceTier.objects.count(),
            ListingImage.objects.count(), Counter(Listing.objects.values_list("status", flat=True)))  # fmt: skip


# --- the data itself (no database) --------------------------------------------------------------


def test_the_catalogue_covers_every_sub_category_with_known_words():
    tree = json.loads((Path(listings.__file__).parent / "data" / "categories.json").read_text())
    leaves = {child["slug"]: top["slug"] for top in tree for child in top["children"]}
    assert {leaf.slug for leaf in catalogue.LEAVES} == set(leaves)
    for top, group in catalogue.CATALOGUE.items():
        assert all(leaves[leaf.slug] == top for leaf in group)
    for leaf in catalogue.LEAVES:
        assert leaf.products_in("zh"), leaf.slug  # the Chinese store sells everything
        assert set(leaf.palette) <= set(catalogue.COLOURS), leaf.slug
        assert leaf.sizes in ("", "ring", *catalogue.SIZES), leaf.slug
        assert not leaf.hs or (leaf.hs.isdigit() and len(leaf.hs) == 6), leaf.slug
        for product in leaf.products:
            assert product.material in catalogue.MATERIALS, product
            assert set(product.titles) <= set(catalogue.LANGUAGES), product
            assert (product.family or leaf.family) in photos.DRAWERS, product
    per_seller = Counter(lang for _leaf, lang in catalogue.PLAN)
    assert set(per_seller) == set(catalogue.LANGUAGES) and min(per_seller.values()) >= 10


def test_the_first_listings_already_reach_every_seller_and_top_level_category():
    first = catalogue.PLAN[:60]
    assert {lang for _leaf, lang in first[:5]} == set(catalogue.LANGUAGES)
    assert {leaf.segment for leaf, _lang in first} == set(catalogue.SEGMENTS.values())


@pytest.mark.django_db
def test_every_generated_listing_fits_a_small_parcel_and_its_rules():
    rates = exchange_rates_current()
    for index in range(3000):
        spec = demo.build_spec(index, catalogue.PLAN, rates)
        data = spec.data
        currency = settings.CARAVAN_SELLER_COUNTRIES[catalogue.SELLER_CODE[spec.lang]]
        sides = [data.length_cm, data.width_cm, data.height_cm]
        assert 1 <= data.weight_grams <= settings.CARAVAN_PARCEL_MAX_WEIGHT_GRAMS
        assert max(sides) <= settings.CARAVAN_PARCEL_MAX_SIDE_CM and min(sides) > 0
        assert sum(sides) <= settings.CARAVAN_PARCEL_MAX_DIMENSIONS_SUM_CM
        prices = [data.price] + [v.price_override for v in data.variants if v.price_override]
        limit = demo.MAX_DECLARED_EUR * (rates[currency] if currency != "EUR" else 1)
        assert data.declared_value == min(max(prices), limit)  # what it sells for, within the limit
        assert convert(Money(data.declared_value, currency), "EUR").amount <= Decimal(150)
        assert 1 <= data.processing_days <= 10
        assert data.lot_size in (1, 5, 10, 20)
        assert data.source_language == catalogue.LANGUAGES[spec.lang]
        assert 5 <= len(data.title) <= 200
        assert len({v.sku for v in data.variants}) == len(data.variants) <= 20
        assert all(v.stock >= 0 for v in data.variants)
        if data.tiers:
            assert data.tiers[0].min_lots == 1 and data.tiers[0].unit_price == data.price
            assert all(a.unit_price > b.unit_price for a, b in zip(data.tiers, data.tiers[1:], strict=False))
            assert all(a.max_lots + 1 == b.min_lots for a, b in zip(data.tiers, data.tiers[1:], strict=False))
        if spec.status != ListingStatus.DRAFT:
            assert any(v.stock > 0 for v in data.variants)


@pytest.mark.parametrize("family", sorted(photos.DRAWERS))
def test_every_drawing_makes_an_800px_photo_with_a_product_on_it(family):
    data = photos.product_photo(family, "red", 0, "malachite")
    with Image.open(io.BytesIO(data)) as photo:
        assert photo.format == "JPEG" and photo.size == (800, 800)
        centre = ImageStat.Stat(photo.crop((200, 200, 600, 600)))
        corner = ImageStat.Stat(photo.crop((0, 0, 80, 80)))
    assert max(centre.stddev) > 20  # something is drawn in the middle...
    assert max(corner.stddev) < 8  # ...on a calm background


# --- through the services -----------------------------------------------------------------------


def test_seed_listings_builds_a_valid_catalogue_once(demo_sellers):
    assert demo.seed_listings() == demo.DEFAULT_TARGET == 320
    first = counts()
    assert demo.seed_listings() == 0
    assert counts() == first

    rows = list(Listing.objects.select_related("seller", "category__parent").prefetch_related("variants", "tiers"))
    assert len(rows) == 320
    assert {r.seller.country.code for r in rows} == set(SELLER_LANGUAGES)
    assert {r.category.parent.slug for r in rows} == set(
        Category.objects.filter(parent__isnull=True).values_list("slug", flat=True)
    )
    assert len({r.category_id for r in rows}) == 55  # every sub-category
    statuses = Counter(r.status for r in rows)
    assert statuses[ListingStatus.ACTIVE] >= 280 and statuses[ListingStatus.DRAFT] >= 5
    assert statuses[ListingStatus.PAUSED] >= 5

    for row in rows:
        code = row.seller.country.code
        assert row.source_language == SELLER_LANGUAGES[code] == row.seller.store_language
        assert row.price.currency.code == row.seller.settlement_currency
        if code == "CN":
            assert CJK.search(row.title), row.title
        elif code == "RU":
            assert CYRILLIC.search(row.title) and CYRILLIC.search(row.description), row.title
        else:
            assert not CJK.search(row.title) and not CYRILLIC.search(row.title), row.title
        assert row.description.startswith("<p>") and "<script" not in row.description
        assert row.attributes and all(row.attributes.values())
        assert parcel_problems(row) == []
        if row.status == ListingStatus.ACTIVE:
            assert publish_problems(row) == []
            assert row.published_at is not None
        assert row.min_price.amount > 0 and row.sort_price_eur > 0
        assert row.search_vector
        assert set(row.option_names) == {name for v in row.variants.all() for name in v.options}
        if len(row.option_names) == 2:  # colour, then size
            assert row.option_names[0] == catalogue.LABELS[catalogue.SHORT[row.source_language]]["colour"]
    turkish = [r.title for r in rows if r.seller.country.code == "TR"]
    assert sum(bool(TURKISH.search(t)) for t in turkish) > len(turkish) / 2

    # Wholesale and variety: lots, tiers, sold-out and dearer variants, 1–3 photos.
    assert Counter(r.lot_size > 1 for r in rows)[True] >= 20
    with_tiers = sum(1 for r in rows if r.tiers.all())
    assert 60 <= with_tiers <= 160
    variants = ListingVariant.objects.all()
    assert variants.filter(stock=0).exists() and variants.exclude(price_override=None).exists()
    assert sum(1 for r in rows if len(r.variants.all()) >= 6) >= 50  # colour × size grids
    photos = Counter(ListingImage.objects.values_list("listing_id", flat=True))
    assert set(photos) == {r.pk for r in rows} and set(photos.values()) <= {1, 2, 3}
    image = ListingImage.objects.first()
    assert (image.width, image.height) == (800, 800)
    with Image.open(image.thumbnail.path) as thumbnail:
        assert thumbnail.size == (400, 400)


def test_seed_listings_carries_on_where_it_stopped(demo_sellers):
    assert demo.seed_listings(12) == 12
    titles = list(Listing.objects.order_by("pk").values_list("title", flat=True))
    assert demo.seed_listings(20) == 8
    assert list(Listing.objects.order_by("pk").values_list("title", flat=True)[:12]) == titles
    assert demo.seed_listings(20) == 0
    assert Listing.objects.count() == 20


def test_seed_listings_queues_each_listing_translation_once(demo_sellers, django_capture_on_commit_callbacks):
    """Creating and publishing a listing in one transaction queues one job, not two."""
    with django_capture_on_commit_callbacks() as callbacks:
        demo.seed_listings(12)
    jobs = Counter(
        cb.keywords["kwargs"]["listing_id"]
        for cb in callbacks
        if getattr(getattr(cb, "func", None), "__self__", None) is not None
        and cb.func.__self__.name == "listings.tasks.listing_translations_task"
    )
    assert set(jobs) == set(Listing.objects.values_list("pk", flat=True))
    assert set(jobs.values()) == {1}, jobs


def test_without_the_demo_sellers_it_says_so(db):
    with pytest.raises(RuntimeError, match="seed_demo"):
        demo.seed_listings(5)
    with pytest.raises(RuntimeError, match="seed_demo"):
        demo.seed_bulk_listings(5)
    assert Listing.objects.count() == 0


# --- the bulk path --------------------------------------------------------------------------------


def test_bulk_seed_creates_searchable_listings_once(demo_sellers):
    assert demo.seed_bulk_listings(300, batch_size=128) == 300
    first = counts()
    assert first[0] == 300
    assert not Listing.objects.filter(search_vector__isnull=True).exists()
    assert demo.seed_bulk_listings(300) == 0
    assert demo.seed_bulk_listings(250) == 0
    assert counts() == first

    rows = list(Listing.objects.select_related("seller", "category__parent").prefetch_related("variants"))
    assert {r.seller.country.code for r in rows} == set(SELLER_LANGUAGES)
    assert len({r.category.parent_id for r in rows}) == 11
    for row in rows[:120]:
        assert set(row.option_names) == {name for v in row.variants.all() for name in v.options}
        if len(row.option_names) == 2:  # colour, then size
            assert row.option_names[0] == catalogue.LABELS[catalogue.SHORT[row.source_language]]["colour"]
        assert parcel_problems(row) == []
        if row.status == ListingStatus.ACTIVE:
            assert publish_problems(row) == [] and row.published_at is not None
        assert row.sort_price_eur == convert(row.min_price, "EUR").amount
    assert any(CJK.search(r.title) for r in rows) and any(CYRILLIC.search(r.title) for r in rows)
    assert ListingVariant.objects.count() >= 300 and PriceTier.objects.exists()

    # Photos come from a small shared pool of real files.
    names = set(ListingImage.objects.values_list("image", flat=True))
    assert len(names) < ListingImage.objects.count()
    image = ListingImage.objects.first()
    assert image.image.storage.exists(image.image.name) and image.thumbnail.storage.exists(image.thumbnail.name)

    # The stored vectors are what search uses.
    russian = next(r for r in rows if r.seller.country.code == "RU" and r.status == ListingStatus.ACTIVE)
    word = max(russian.title.split(), key=len).strip(",.–«»")
    found = listings_matching(Listing.objects.filter(status=ListingStatus.ACTIVE), word)
    assert russian in found


def test_bulk_seed_tops_up_the_demo_catalogue(demo_sellers):
    demo.seed_listings(10)
    assert demo.seed_bulk_listings(40) == 30
    assert Listing.objects.count() == 40
    skus = list(ListingVariant.objects.values_list("listing_id", "sku"))
    assert len(skus) == len(set(skus))


def test_seed_demo_command_with_listings(demo_sellers, monkeypatch, capsys):
    real = demo.seed_listings
    monkeypatch.setattr(demo, "seed_listings", lambda: real(15))  # the default 320 is covered above
    call_command("seed_demo", "--listings", "60")
    assert Listing.objects.count() == 60
    call_command("seed_demo", "--listings", "60")
    assert Listing.objects.count() == 60
    out = capsys.readouterr().out
    assert "60 new listings" in out and "0 new listings" in out and "(60 in the catalogue" in out
