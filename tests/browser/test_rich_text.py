# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""The listing description's small rich-text editor: the seller writes and formats in an
editable box (no HTML to type), the textarea gets the HTML, and what is stored is what
the one sanitiser lets through (no styles, no scripts), with no CSP violation."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from listings.models import Listing
from tests.browser.test_listing_journey import log_in
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)


def test_a_seller_formats_the_description_without_typing_html(site, page: Page, make_seller, make_listing):
    seller = make_seller(status="approved", country="IT", user=UserFactory(email="rte@example.com"))
    listing = make_listing(seller=seller, publish=False, description="<p>Old text</p>")
    log_in(page, site, "rte@example.com")
    page.goto(site + reverse("seller_listings:edit", args=[listing.pk]))
    box = page.get_by_test_id("rich-text")
    expect(box).to_be_visible()
    expect(page.locator("#id_description")).to_be_hidden()
    expect(box).to_contain_text("Old text")

    box.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("Hand-made silk scarf")
    page.keyboard.press("Control+a")
    page.get_by_role("button", name="Bold").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("Pure silk")
    # Something a sanitiser must drop, typed in the HTML view.
    page.get_by_title("Edit as HTML").click()
    area = page.locator("#id_description")
    expect(area).to_be_visible()
    area.fill(
        area.input_value() + '<p style="color:red" onclick="alert(1)">Care: dry clean</p><script>alert(2)</script>'
    )
    page.get_by_title("Edit as HTML").click()
    expect(box).to_contain_text("Care: dry clean")
    page.get_by_test_id("save-listing").click()
    expect(page.get_by_test_id("rich-text")).to_contain_text("Pure silk")

    stored = Listing.objects.get(pk=listing.pk).description
    assert "<b>Hand-made silk scarf</b>" in stored or "<strong>Hand-made silk scarf</strong>" in stored
    assert re.search(r"<li>(<b>)?Pure silk(</b>)?</li>", stored) and "Care: dry clean" in stored
    assert "style" not in stored and "onclick" not in stored and "script" not in stored
