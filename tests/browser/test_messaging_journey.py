"""Buyer and seller who share no language, in two real Chromium sessions: a
Spanish-speaking buyer writes to an Italian store from a listing page; the
seller reads it in Italian (Apertium, through the real Celery worker) with the
Spanish original one click away and replies in Italian; the buyer's open page
shows the reply in Spanish without a reload (the htmx poll), and the seller's
open page picks up the buyer's next message the same way."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from listings import services
from tests.factories import UserFactory
from tests.listings.conftest import listing_input, photo
from tests.waiting import WORKER_BUDGET_MS

from .test_listing_journey import log_in

BUYER_TEXT = "Hola, ¿este vestido está disponible en talla M? Me gustaría comprar dos."
SELLER_TEXT = "Sì, la taglia M è disponibile. Possiamo spedire entro due giorni."
BUYER_AGAIN = "Perfecto, muchas gracias. Voy a comprar dos vestidos hoy."


@pytest.fixture
def listing(site, make_seller):
    from listings.models import Category, ListingStatus

    seller = make_seller(
        status="approved",
        country="IT",
        user=UserFactory(email="giulia@example.com", full_name="Giulia Rossi", language="it"),
        store_name="Bottega Giulia",
    )
    category = Category.objects.get(slug="dresses")
    listing = services.listing_create(
        actor=seller.user,
        seller_id=seller.pk,
        data=listing_input(category, title="Abito lungo estivo in chiffon a fiori", source_language="it"),
    )
    services.listing_image_add(actor=seller.user, listing_id=listing.pk, upload=photo())
    return services.listing_set_status(actor=seller.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)


@pytest.fixture
def buyer(site):
    return UserFactory(email="lucia@example.com", full_name="Lucía Fernández", language="es")


@pytest.fixture
def worker(listing, buyer, celery_worker_process, settings):
    """The worker starts after the listing exists (its own translation jobs are
    purged), and the pages poll every second."""
    settings.CARAVAN_MESSAGE_POLL_SECONDS = 1
    return celery_worker_process


def mark_page(page: Page) -> None:
    """A marker that a reload or navigation would wipe."""
    page.evaluate("window.__noReload = true")


def not_reloaded(page: Page) -> bool:
    return page.evaluate("window.__noReload === true")


def test_a_spanish_buyer_and_an_italian_seller_talk_through_translation(site, browser: Browser, listing, buyer, worker):
    buyer_page = browser.new_context().new_page()
    seller_page = browser.new_context().new_page()

    # The buyer opens the listing and writes in Spanish.
    log_in(buyer_page, site, "lucia@example.com")
    buyer_page.goto(f"{site}/item/{listing.pk}/")
    buyer_page.get_by_test_id("contact-seller").click()
    expect(buyer_page).to_have_url(re.compile(r"/messages/new/\?listing="))
    buyer_page.get_by_test_id("message-body").fill(BUYER_TEXT)
    buyer_page.get_by_test_id("send").click()
    expect(buyer_page).to_have_url(re.compile(r"/messages/\d+/$"))
    expect(buyer_page.get_by_test_id("conversation-listing")).to_contain_text("Abito lungo estivo")
    expect(buyer_page.get_by_test_id("message").first).to_contain_text(BUYER_TEXT)
    mark_page(buyer_page)

    # The seller finds it in the seller centre, in Italian, with the Spanish original one click away.
    log_in(seller_page, site, "giulia@example.com")
    seller_page.goto(f"{site}/seller/")
    expect(seller_page.get_by_test_id("nav-unread")).to_have_text("1")
    seller_page.get_by_test_id("nav-messages").click()
    seller_page.get_by_test_id("conversation-row").get_by_role("link").click()
    first = seller_page.get_by_test_id("message").first
    mark_page(seller_page)
    expect(first.get_by_test_id("message-text")).to_contain_text("Ciao", timeout=WORKER_BUDGET_MS)  # Apertium's Italian
    expect(first.get_by_test_id("message-text")).not_to_contain_text("Hola")
    original = first.get_by_test_id("original-text")
    expect(original).to_be_hidden()
    first.get_by_test_id("show-original").click()
    expect(original).to_be_visible()
    expect(original).to_have_text(BUYER_TEXT)

    # The seller replies in Italian; the buyer's open page shows it in Spanish, without a reload.
    seller_page.get_by_test_id("message-body").fill(SELLER_TEXT)
    seller_page.get_by_test_id("send").click()
    expect(seller_page.get_by_test_id("message")).to_have_count(2)
    mark_page(seller_page)

    reply = buyer_page.get_by_test_id("message").nth(1)
    expect(reply.get_by_test_id("message-text")).to_contain_text(
        "Podemos", timeout=WORKER_BUDGET_MS
    )  # Apertium's Spanish
    expect(reply.get_by_test_id("translation-note")).to_be_visible()
    assert not_reloaded(buyer_page)
    reply.get_by_test_id("show-original").click()
    expect(reply.get_by_test_id("original-text")).to_have_text(SELLER_TEXT)

    # The buyer writes again; the seller's open page picks it up, translated, without a reload.
    buyer_page.get_by_test_id("message-body").fill(BUYER_AGAIN)
    buyer_page.get_by_test_id("send").click()
    again = seller_page.get_by_test_id("message").nth(2)
    expect(again).to_be_visible(timeout=WORKER_BUDGET_MS)
    expect(again.get_by_test_id("translation-note")).to_be_visible(timeout=WORKER_BUDGET_MS)
    expect(again.get_by_test_id("message-text")).not_to_contain_text("muchas gracias")
    assert not_reloaded(seller_page)
