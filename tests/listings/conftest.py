"""Shared fixtures of the catalogue tests: approved sellers, listing input,
published listings made through the real services, real images."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from listings import services
from listings.models import Category, ListingStatus
from listings.services import ListingInput, TierInput, VariantInput

# The listing-translation tests drive the engine chain: a fresh chain per test, and the fake LibreTranslate.
from tests.translation.conftest import _fresh_engines, libretranslate_server  # noqa: F401 (fixtures)


def photo(name: str = "photo.jpg", size=(640, 480), colour=(210, 90, 50), fmt="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def leaf_category(db) -> Category:
    return Category.objects.get(slug="dresses")


def listing_input(category: Category, **overrides) -> ListingInput:
    values = {
        "category_id": category.pk,
        "title": "Summer floral chiffon maxi dress",
        "description": "<p>Light <strong>chiffon</strong> for hot days.</p>",
        "attributes": {"material": "chiffon", "season": "summer"},
        "price": Decimal("120.00"),
        "lot_size": 1,
        "weight_grams": 300,
        "length_cm": Decimal("30"),
        "width_cm": Decimal("25"),
        "height_cm": Decimal("4"),
        "declared_value": Decimal("120.00"),
        "processing_days": 5,
        "variants": [
            VariantInput(sku="DRESS-RED-M", options={"colour": "Red", "size": "M"}, stock=20),
            VariantInput(sku="DRESS-BLUE-M", options={"colour": "Blue", "size": "M"}, stock=0),
        ],
        "tiers": [],
    }
    values.update(overrides)
    return ListingInput(**values)


@pytest.fixture
def approved_seller(make_seller):
    return make_seller(status="approved", country="CN")


@pytest.fixture
def make_listing(approved_seller, leaf_category):
    """make_listing(publish=True, seller=..., **input overrides) -> Listing."""

    def make(publish: bool = True, seller=None, **overrides):
        seller = seller or approved_seller
        listing = services.listing_create(
            actor=seller.user, seller_id=seller.pk, data=listing_input(leaf_category, **overrides)
        )
        if publish:
            services.listing_image_add(actor=seller.user, listing_id=listing.pk, upload=photo())
            listing = services.listing_set_status(actor=seller.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)
        return listing

    return make


WHOLESALE_TIERS = [
    TierInput(min_lots=1, max_lots=9, unit_price=Decimal("100.00")),
    TierInput(min_lots=10, max_lots=49, unit_price=Decimal("90.00")),
    TierInput(min_lots=50, max_lots=None, unit_price=Decimal("80.00")),
]
