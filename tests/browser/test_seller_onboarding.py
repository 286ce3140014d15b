"""A seller's way in, in a real Chromium: sign up, apply, upload documents,
submit; a vetting officer approves in the admin; the store opens."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Browser, Page, expect

from sellers.models import Seller, SellerStatus
from tests.factories import PASSWORD, UserFactory
from tests.sellers.conftest import PDF_BYTES, image_bytes

REFUSAL = "Caravan accepts sellers established in China, Russia, Italy, Spain or Turkey only."


@pytest.fixture
def officer(site):
    """A staff member of the "Vetting officers" group. The group comes from a
    data migration, which a transactional test's flush may have emptied."""
    group, _ = Group.objects.get_or_create(name="Vetting officers")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="sellers",
            codename__in=["vet_seller", "view_seller", "view_sellerdocument", "view_sellerevent"],
        )
    )
    user = UserFactory(email="officer@example.com", full_name="Vera Officer", is_staff=True)
    user.groups.add(group)
    return user


def sign_up(page: Page, site: str, email: str) -> None:
    page.goto(site + "/accounts/signup/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Your name").fill("Kemal Yilmaz")
    page.get_by_label("Password", exact=True).fill("a long passphrase 42")
    page.get_by_label("Password again").fill("a long passphrase 42")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_test_id("account-link")).to_have_text("Hi, Kemal")


def upload(page: Page, kind: str, path) -> None:
    row = page.get_by_test_id(f"doc-{kind}")
    row.locator('input[type="file"]').set_input_files(path)
    row.get_by_role("button", name="Upload").click()
    expect(page.get_by_test_id(f"doc-{kind}").get_by_test_id("doc-state")).to_have_text("Uploaded")


def test_a_turkish_seller_applies_and_is_approved_in_the_admin(site, page: Page, browser: Browser, officer, tmp_path):
    licence = tmp_path / "ticaret-sicil.pdf"
    licence.write_bytes(PDF_BYTES)
    identity = tmp_path / "kimlik.png"
    identity.write_bytes(image_bytes("PNG", (200, 120)))
    tax = tmp_path / "vergi-levhasi.pdf"
    tax.write_bytes(PDF_BYTES)

    sign_up(page, site, "kemal@example.com")
    page.get_by_role("link", name="Sell on Caravan").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sell on Caravan")
    page.get_by_role("link", name="Apply now").click()
    expect(page).to_have_url(site + "/seller/apply/")

    # Step 1: the business. Choosing Turkey shows the currency and the number format.
    page.get_by_label("Country of establishment").select_option("TR")
    expect(page.get_by_test_id("settlement-currency")).to_contain_text("TRY")
    expect(page.locator("#id_registration_number_helptext")).to_contain_text("10 digits")
    page.get_by_label("Legal entity type").select_option("company")
    page.get_by_label("Legal name").fill("Bosphorus Tekstil Ticaret A.Ş.")
    page.get_by_label("Business registration number").fill("4540536920")
    page.get_by_label("Business address").fill("Merkez Mah. Ipek Sok. 12, Sisli, Istanbul")
    page.get_by_label("Contact phone").fill("+90 212 555 12 34")
    page.get_by_label("Store name").fill("Bosphorus Textiles")
    page.get_by_label("Store language").select_option("tr")
    page.get_by_label("Short store description").fill("Cotton towels and bathrobes from Denizli.")
    page.get_by_role("button", name="Save and continue").click()

    # Step 2: the three documents Turkey requires.
    expect(page.get_by_role("heading", name="Your documents")).to_be_visible()
    submit = page.get_by_role("button", name="Submit application")
    expect(submit).to_be_disabled()
    upload(page, "business_licence", licence)
    upload(page, "representative_id", identity)
    upload(page, "tax_certificate", tax)
    expect(page.get_by_text("Everything is in place.")).to_be_visible()
    expect(submit).to_be_enabled()
    submit.click()

    expect(page).to_have_url(site + "/seller/")
    expect(page.get_by_test_id("application-status")).to_have_text("Submitted, waiting for review")
    seller = Seller.objects.get(user__email="kemal@example.com")
    assert (seller.status, seller.settlement_currency, seller.documents.count()) == ("submitted", "TRY", 3)

    # The vetting officer, in a browser of their own, approves through the admin.
    staff_context = browser.new_context()
    staff = staff_context.new_page()
    staff.goto(site + "/admin/")
    staff.locator("#id_username").fill(officer.email)
    staff.locator("#id_password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.get_by_role("link", name="Seller applications").first.click()
    staff.get_by_role("link", name="Bosphorus Textiles").first.click()
    expect(staff).to_have_url(re.compile(rf"/admin/sellers/seller/{seller.pk}/change/$"))
    staff.get_by_role("link", name="Approve", exact=True).click()
    expect(staff).to_have_url(re.compile(rf"/admin/sellers/seller/{seller.pk}/decide/approve/$"))
    staff.get_by_role("button", name="Approve", exact=True).click()
    expect(staff).to_have_url(re.compile(rf"/admin/sellers/seller/{seller.pk}/change/$"))
    staff_context.close()
    seller.refresh_from_db()
    assert seller.status == SellerStatus.APPROVED

    # The seller reloads the seller centre: the store is open.
    page.reload()
    expect(page.get_by_test_id("dashboard-welcome")).to_have_text("Welcome, Bosphorus Textiles")
    expect(page.get_by_test_id("header-status")).to_have_text("Approved")
    expect(page.get_by_test_id("settlement-currency")).to_contain_text("TRY")
    expect(page.get_by_text("No orders yet")).to_be_visible()
    page.get_by_test_id("store-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bosphorus Textiles")
    expect(page.get_by_test_id("store-country")).to_contain_text("Türkiye")


def test_a_business_in_germany_is_told_caravan_cannot_take_it(site, page: Page):
    sign_up(page, site, "hans@example.com")
    page.goto(site + "/sell/")
    page.get_by_role("link", name="Apply now").click()

    page.get_by_label("Country of establishment").select_option("DE")
    expect(page.locator("#country-refusal")).to_have_text(REFUSAL)  # at once, before sending anything
    page.get_by_label("Legal entity type").select_option("company")
    page.get_by_label("Legal name").fill("Hans Handel GmbH")
    page.get_by_label("Business registration number").fill("HRB 123456")
    page.get_by_label("Business address").fill("Unter den Linden 1, Berlin")
    page.get_by_label("Contact phone").fill("+49 30 901820")
    page.get_by_label("Store name").fill("Hans Handel")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.locator(".field-error")).to_have_text([REFUSAL])  # and from the server, on the country field
    expect(page.get_by_label("Country of establishment")).to_have_value("DE")
    assert not Seller.objects.exists()
