import pytest
from moneyed import Money

from listings.models import Listing, ListingStatus
from listings.search import listings_matching
from tests.listings.conftest import WHOLESALE_TIERS

pytestmark = pytest.mark.django_db


def test_create_publish_and_find(make_listing):
    listing = make_listing(tiers=WHOLESALE_TIERS)
    assert listing.status == ListingStatus.ACTIVE
    listing.refresh_from_db()
    assert listing.price == Money("100.00", "CNY")
    assert listing.min_price == Money("80.00", "CNY")
    assert listing.sort_price_eur > 0
    found = listings_matching(Listing.objects.filter(status="active"), "chifon dres")
    assert list(found) == [listing]
