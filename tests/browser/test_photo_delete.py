# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Deleting a listing's photo asks first (issue 15, item 8): dismissing the question keeps
the photo, accepting it deletes the photo."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from listings import services
from tests.browser.test_listing_journey import log_in
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing, photo  # noqa: F401 (fixtures)


def test_deleting_a_photo_asks_first(site, page: Page, make_seller, make_listing):
    seller = make_seller(status="approved", country="CN", user=UserFactory(email="photos@example.com"))
    listing = make_listing(seller=seller, publish=False)
    for _ in range(2):
        services.listing_image_add(actor=seller.user, listing_id=listing.pk, upload=photo())
    log_in(page, site, "photos@example.com")
    page.goto(site + reverse("seller_listings:edit", args=[listing.pk]))
    photos = page.get_by_test_id("photo")
    expect(photos).to_have_count(2)

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    photos.first.locator(".photo-delete").click()
    expect(photos).to_have_count(2)
    assert questions == ["Delete this photo? This cannot be undone."]

    page.once("dialog", lambda dialog: dialog.accept())
    photos.first.locator(".photo-delete").click()
    expect(photos).to_have_count(1)
