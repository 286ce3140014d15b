# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Long names at 390 px: a store name as long as a store name may be (80
characters, one unbroken word: the worst case) and a 120-character title never
widen the page on the home, store, listing and search pages."""

import pytest
from playwright.sync_api import Page

from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)

LONG_TITLE = "Ultralightweight" + "Supercalifragilisticexpialidocious" * 3 + "WaterproofTravelBackpackXL"
LONG_TITLE = (LONG_TITLE * 2)[:120]
LONG_STORE = ("Gigantic" + "Internationalisation" * 4 + "Emporium")[:80]


@pytest.fixture
def long_listing(site, make_seller, make_listing):
    seller = make_seller(status="approved", country="IT", user=UserFactory(email="long@example.com"))
    seller.store_name = LONG_STORE
    seller.save(update_fields=["store_name"])
    return make_listing(
        seller=seller, title=LONG_TITLE, source_language="it", attributes={LONG_TITLE[:40]: LONG_TITLE[:100]}
    )


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# The elements that reach past the viewport's right edge, for the failure message.
WIDE_ELEMENTS = """() => { const w = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
    .slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)); }"""


def test_no_horizontal_scroll_at_390px(site, browser, long_listing):
    assert len(LONG_TITLE) == 120 and len(LONG_STORE) == 80
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    seller = long_listing.seller
    pages = {
        "home": "/",
        "store": f"/store/{seller.slug}/",
        "listing": f"/item/{long_listing.pk}/",
        "search": "/search/?sort=newest",
        "search-query": f"/search/?q={LONG_TITLE[:60]}",
    }
    wide = {}
    for name, path in pages.items():
        page.goto(site + path)
        assert page.locator("body").inner_text()  # rendered
        if name != "search-query":
            assert LONG_TITLE in page.content() or LONG_STORE in page.content(), name
        if overflow(page) > 0:
            wide[name] = (overflow(page), page.evaluate(WIDE_ELEMENTS))
    context.close()
    assert wide == {}, f"pages wider than 390 px (by px, and what sticks out): {wide}"
