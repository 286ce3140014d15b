"""A listing's way to buyers, in a real Chromium: an approved Chinese seller
creates a listing with two variants and three wholesale tiers in the seller
centre, adds a photo, publishes it and manages its stock from the table; a
buyer finds it through a misspelt search, filters by price, opens it, picks a
variant and sees the tier price in euros."""

import io
import math
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from moneyed import Money
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, expect

from listings import services
from listings.models import Category, Listing, ListingStatus
from listings.services import VariantInput
from marketplace.money import convert, format_money
from tests.factories import PASSWORD, UserFactory
from tests.listings.conftest import WHOLESALE_TIERS, listing_input, photo

TITLE = "Summer floral chiffon maxi dress"


@pytest.fixture
def seller(site, make_seller):
    return make_seller(status="approved", country="CN", user=UserFactory(email="li.wei@example.com"))


def jpeg(path, size=(800, 800)):
    image = Image.new("RGB", size, (236, 239, 244))
    draw = ImageDraw.Draw(image)
    draw.ellipse((160, 120, 640, 700), fill=(214, 82, 110))
    draw.rectangle((330, 60, 470, 200), fill=(58, 96, 160))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    path.write_bytes(buffer.getvalue())
    return path


def log_in(page: Page, site: str, email: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_a_seller_creates_a_wholesale_listing_and_publishes_it(site, page: Page, seller, tmp_path):
    log_in(page, site, "li.wei@example.com")
    page.goto(site + "/seller/")
    page.get_by_test_id("nav-listings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Listings")
    expect(page.get_by_test_id("no-listings")).to_be_visible()
    page.get_by_test_id("add-listing").click()

    # Basics
    expect(page.get_by_role("heading", level=1)).to_have_text("New listing")
    expect(page.get_by_label("Language of the text")).to_have_value("zh-hans")  # the store's language
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Category").select_option(label="Dresses")
    # The description's rich-text editor: its HTML view takes the seller's HTML as typed.
    page.get_by_title("Edit as HTML").click()
    page.locator("#id_description").fill("<p>Light <strong>chiffon</strong> for hot days.</p>")
    page.locator('[name="attributes-0-name"]').fill("Material")
    page.locator('[name="attributes-0-value"]').fill("Chiffon")

    # Price and wholesale: one tier row is there, two more are added.
    page.get_by_role("button", name="Add a tier").click()
    page.get_by_role("button", name="Add a tier").click()
    for row, (low, high, price) in enumerate([("1", "9", "100"), ("10", "49", "90"), ("50", "", "80")]):
        page.locator(f'[name="tiers-{row}-min_lots"]').fill(low)
        page.locator(f'[name="tiers-{row}-max_lots"]').fill(high)
        page.locator(f'[name="tiers-{row}-unit_price"]').fill(price)
    expect(page.locator('[name="tiers-2-max_lots"]')).to_have_attribute("placeholder", "and more")

    # Variants: colour × size, two rows.
    for row, (sku, colour, size, stock) in enumerate(
        [("DRESS-RED-M", "Red", "M", "20"), ("DRESS-BLUE-L", "Blue", "L", "8")]
    ):
        page.locator(f'[name="variants-{row}-sku"]').fill(sku)
        page.locator(f'[name="variants-{row}-option1"]').fill(colour)
        page.locator(f'[name="variants-{row}-option2"]').fill(size)
        page.locator(f'[name="variants-{row}-stock"]').fill(stock)

    # Shipping
    page.get_by_label("Package weight").fill("300")
    page.get_by_label("Length", exact=True).fill("30")
    page.get_by_label("Width", exact=True).fill("25")
    page.get_by_label("Height", exact=True).fill("4")
    page.get_by_label("Declared value per lot").fill("120")
    expect(page.get_by_label("Processing time")).to_have_value("5")
    page.get_by_test_id("save-listing").click()

    # A draft, waiting for its photo.
    expect(page.get_by_test_id("listing-status")).to_have_text("Draft")
    expect(page.get_by_test_id("publish-problems")).to_contain_text("Add at least one photo.")
    listing = Listing.objects.get(seller=seller)
    assert [t.min_lots for t in listing.tiers.all()] == [1, 10, 50]
    assert sorted(v.sku for v in listing.variants.all()) == ["DRESS-BLUE-L", "DRESS-RED-M"]

    page.locator("#id_photos").set_input_files(jpeg(tmp_path / "dress.jpg"))
    page.get_by_test_id("photo-upload").get_by_role("button", name="Upload").click()
    expect(page.get_by_test_id("photo-count")).to_have_text("1 of 10")
    expect(page.get_by_test_id("photo")).to_have_count(1)
    expect(page.get_by_test_id("publish-ready")).to_be_visible()

    page.get_by_test_id("status-actions").get_by_role("button", name="Publish").click()
    expect(page.get_by_test_id("listing-status")).to_have_text("Active")
    expect(page.locator(".message-success")).to_contain_text("is published")

    # The table shows it active, from the lowest tier's price.
    page.get_by_test_id("nav-listings").click()
    row = page.get_by_test_id(f"row-{listing.pk}")
    expect(row.get_by_test_id(f"status-{listing.pk}")).to_have_text("Active")
    expect(row.get_by_test_id(f"price-{listing.pk}")).to_contain_text("80.00")
    expect(row.get_by_test_id(f"stock-total-{listing.pk}")).to_have_text("28")
    expect(row.locator("img")).to_have_count(1)

    # Stock edited in place (htmx swaps the cell; the page stays).
    row.locator("summary").click()
    blue = listing.variants.get(sku="DRESS-BLUE-L")
    row.locator(f"#stock-input-{blue.pk}").fill("30")
    url = page.url
    row.locator(f"#stock-input-{blue.pk}").locator("xpath=..").get_by_role("button", name="Save").click()
    expect(row.get_by_test_id(f"stock-total-{listing.pk}")).to_have_text("50")
    expect(row.locator(".stock-saved")).to_have_text("Saved")
    assert page.url == url
    blue.refresh_from_db()
    assert blue.stock == 30

    # Paused from the table, and active again.
    row.get_by_role("button", name="Pause").click()
    expect(page.get_by_test_id(f"status-{listing.pk}")).to_have_text("Paused")
    page.get_by_test_id(f"row-{listing.pk}").get_by_role("button", name="Activate").click()
    expect(page.get_by_test_id(f"status-{listing.pk}")).to_have_text("Active")
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.ACTIVE


def test_a_buyer_finds_it_with_a_typo_and_sees_the_tier_price_in_euros(site, browser: Browser, seller):
    """Against the storefront's contract: search at /search/?q=…, the listing
    at /item/<pk>/ with a variant picker, a quantity and a tier table."""
    variants = [
        VariantInput(sku="DRESS-RED-M", options={"colour": "Red", "size": "M"}, stock=20),
        VariantInput(sku="DRESS-BLUE-L", options={"colour": "Blue", "size": "L"}, stock=15),
    ]
    listing = services.listing_create(
        actor=seller.user,
        seller_id=seller.pk,
        data=listing_input(Category.objects.get(slug="dresses"), title=TITLE, tiers=WHOLESALE_TIERS, variants=variants),
    )
    services.listing_image_add(actor=seller.user, listing_id=listing.pk, upload=photo())
    services.listing_set_status(actor=seller.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)
    UserFactory(email="ana@example.com", currency="EUR", language="en", country="PT")

    def eur(amount: str) -> Money:
        return convert(Money(Decimal(amount), "CNY"), "EUR")

    context = browser.new_context()
    page = context.new_page()
    log_in(page, site, "ana@example.com")

    page.goto(site + "/search/?q=" + quote("chifon maxi dres"))
    card = page.get_by_test_id("listing-card").filter(has_text=TITLE)
    expect(card).to_be_visible()

    from_eur = eur("80.00").amount
    page.get_by_label("Minimum price").fill(str(max(math.floor(from_eur) - 1, 0)))
    page.get_by_label("Maximum price").fill(str(math.ceil(from_eur) + 1))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("listing-card").filter(has_text=TITLE)).to_be_visible()
    page.get_by_label("Maximum price").fill(str(max(math.floor(from_eur) - 2, 1)))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_test_id("listing-card").filter(has_text=TITLE)).to_have_count(0)
    page.get_by_label("Maximum price").fill(str(math.ceil(from_eur) + 1))
    page.get_by_role("button", name="Apply filters").click()

    page.get_by_test_id("listing-card").filter(has_text=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/item/{listing.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    page.get_by_test_id("variant-picker").locator("label", has_text="Blue").click()
    expect(page.get_by_test_id("chosen-variant")).to_contain_text("Blue")
    page.locator("#lots").fill("10")
    page.locator("#lots").dispatch_event("change")
    expect(page.get_by_test_id("unit-price")).to_have_text(format_money(eur("90.00"), "en"))
    tiers = page.get_by_test_id("tier-table")
    for amount in ("100.00", "90.00", "80.00"):
        expect(tiers).to_contain_text(format_money(eur(amount), "en"))
    context.close()
