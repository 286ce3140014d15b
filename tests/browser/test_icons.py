# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""The storefront's icons are Lucide SVG symbols shipped in static files (no emoji, which
draw as empty boxes without an emoji font): the sprite loads, every category and
assurance icon is drawn, and no CSP rule is broken (the csp_watch fixture)."""

import re

from playwright.sync_api import Page

from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)

EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u26FF]")


def test_category_strip_and_assurances_draw_svg_icons(site, page: Page, make_listing):
    listing = make_listing(title="Summer floral chiffon maxi dress")
    sprites = []
    page.on("response", lambda r: sprites.append(r.status) if "sprite" in r.url else None)
    page.goto(site + "/")
    strip = page.get_by_test_id("category-grid")
    icons = strip.locator("svg.icon use")
    assert icons.count() >= 11
    assert not EMOJI.search(strip.inner_text())
    box = strip.locator("svg.icon").first.bounding_box()
    assert box and box["width"] >= 20
    page.goto(f"{site}/item/{listing.pk}/")
    assurances = page.locator(".assurances")
    assert assurances.locator("svg.icon use").count() == 3
    assert not EMOJI.search(assurances.inner_text())
    # The symbols are really there: the referenced id exists in the fetched sprite.
    href = assurances.locator("use").first.get_attribute("href")
    assert page.evaluate(
        """async (href) => { const [url, id] = href.split('#'); const text = await (await fetch(url)).text();
           return text.includes('<symbol id="' + id + '"'); }""",
        href,
    )
    assert sprites and set(sprites) <= {200, 304}
