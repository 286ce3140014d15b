"""The Content-Security-Policy in a real Chromium: the storefront, a listing page,
the seller centre, the admin and the Swagger UI work under it with no violation
(the autouse `csp_watch` of conftest.py fails any test that causes one), and the
policy is enforced: an injected inline script does not run."""

import re

import pytest
from playwright.sync_api import Page, expect

from listings import services
from listings.models import Category, ListingStatus
from listings.services import VariantInput
from tests.browser.test_listing_journey import log_in
from tests.factories import PASSWORD, UserFactory
from tests.listings.conftest import WHOLESALE_TIERS, listing_input, photo


@pytest.fixture
def seller(site, make_seller):
    return make_seller(status="approved", country="IT", user=UserFactory(email="giulia@example.com"))


@pytest.fixture
def listing(seller):
    variants = [
        VariantInput(sku="SCARF-RED", options={"colour": "Red"}, stock=20),
        VariantInput(sku="SCARF-BLUE", options={"colour": "Blue"}, stock=15),
    ]
    listing = services.listing_create(
        actor=seller.user,
        seller_id=seller.pk,
        data=listing_input(
            Category.objects.get(slug="dresses"), title="Silk scarf", tiers=WHOLESALE_TIERS, variants=variants
        ),
    )
    services.listing_image_add(actor=seller.user, listing_id=listing.pk, upload=photo())
    second = photo("second.jpg", colour=(20, 90, 200))
    services.listing_image_add(actor=seller.user, listing_id=listing.pk, upload=second)
    services.listing_set_status(actor=seller.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)
    return listing


def test_the_policy_is_enforced_and_a_violation_is_caught(site, page: Page, csp_watch):
    response = page.goto(site + "/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    with page.expect_console_message(lambda m: m.text.startswith("CSP violation: script-src")):
        page.evaluate("""() => {
            const s = document.createElement("script");
            s.textContent = "window.injected = true";
            document.body.appendChild(s);
        }""")
    assert page.evaluate("() => window.injected === undefined")
    assert any("CSP violation: script-src" in v for v in csp_watch.violations), csp_watch.violations
    csp_watch.violations.clear()  # caught as it should be: not a failure of this test


def test_the_storefront_and_a_listing_page_work_under_the_policy(site, page: Page, listing):
    page.goto(site + "/")
    expect(page.get_by_test_id("listing-card").filter(has_text="Silk scarf").first).to_be_visible()
    page.goto(site + "/search/?q=scarf")
    expect(page.get_by_test_id("listing-card").filter(has_text="Silk scarf")).to_be_visible()
    page.goto(site + f"/item/{listing.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Silk scarf")
    # caravan.js: the gallery thumbnail swaps the main photo.
    main = page.locator("#gallery-main")
    first_src = main.get_attribute("src")
    page.locator(".gallery-thumb").nth(1).click()
    expect(main).not_to_have_attribute("src", first_src)
    # htmx (no eval) fetches the price box for a new quantity.
    before = page.get_by_test_id("unit-price").inner_text()
    page.locator("#lots").fill("9")
    page.get_by_role("button", name="More").click()  # caravan.js's stepper: 10 lots, the second tier
    expect(page.get_by_test_id("unit-price")).not_to_have_text(before)


def test_the_seller_centre_works_under_the_policy(site, page: Page, listing):
    log_in(page, site, "giulia@example.com")
    page.goto(site + "/seller/")
    expect(page.get_by_test_id("listing-summary")).to_be_visible()  # loaded by htmx
    page.goto(site + "/seller/listings/")
    page.locator("#select-all").check()
    expect(page.locator("#bulk-count")).to_contain_text("1")
    page.goto(site + "/seller/listings/new/")
    rows = page.locator('[data-formset="tiers"] [data-rows] [data-row]')
    count = rows.count()
    page.get_by_role("button", name="Add a tier").click()
    expect(rows).to_have_count(count + 1)


def test_the_admin_works_under_the_policy(site, page: Page, seller):
    UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    page.goto(site + "/admin/")
    page.locator("#id_username").fill("root@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(site + "/admin/sellers/seller/?status=all")
    expect(page.locator(".caravan-pill").first).to_be_visible()
    background = page.locator(".caravan-pill").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(21, 128, 61)"  # the approved colour, from the stylesheet
    page.goto(site + f"/admin/sellers/seller/{seller.pk}/change/")
    expect(page.locator("#content")).to_contain_text(seller.store_name)


def test_the_swagger_ui_renders_its_operations_under_the_policy(site, page: Page):
    page.goto(site + "/api/v1/docs/")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() > 20
    expect(page.locator(".opblock-summary-path").filter(has_text="/api/v1/listings/").first).to_be_visible()


def test_redoc_renders_under_its_relaxed_styles(site, page: Page):
    response = page.goto(site + "/api/v1/redoc/")
    policy = response.headers["content-security-policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    expect(page.locator("[data-section-id]").first).to_be_attached()
    expect(page.get_by_role("heading", name="Caravan API").first).to_be_visible()
