"""Moving a Taobao store, in a real Chromium with a real Celery worker: a Chinese
seller uploads the data packet exactly as Taobao Assistant exported it and as
they zipped it (samples/feeds/taobao-packet.zip: the UTF-16 CSV and its folder
of .tbi pictures) without saying what it is, watches the progress bar reach
100% on the same page, reads what to check (one item's Taobao category is not
in the mapping), finds the drafts with their variants and pictures, fixes the
flagged category from the listings table, and reads a draft's English title."""

import re

import pytest
from playwright.sync_api import Page, expect

from listings.models import ImportJob, Listing, ListingStatus, ListingTranslation
from tests.factories import PASSWORD, UserFactory
from tests.listings.test_import_helpers import SAMPLES
from tests.waiting import WORKER_BUDGET_MS, wait_for

BATCH = 3


@pytest.fixture
def seller(site, make_seller):
    return make_seller(status="approved", country="CN", user=UserFactory(email="li.na@example.com"))


@pytest.fixture
def worker(request, monkeypatch, seller, settings):
    """A real worker importing in small batches, so the bar visibly moves."""
    monkeypatch.setenv("IMPORT_BATCH_ROWS", str(BATCH))
    settings.CARAVAN_IMPORT_BATCH_ROWS = BATCH
    return request.getfixturevalue("celery_worker_process")


def test_a_chinese_seller_imports_a_taobao_assistant_packet_and_fixes_a_flagged_category(
    site, page: Page, seller, worker
):
    packet = SAMPLES / "taobao-packet.zip"
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email address").fill("li.na@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(site + "/seller/listings/")
    page.get_by_test_id("import-feed").click()
    expect(page.get_by_test_id("packet-help")).to_contain_text("淘宝助理")
    page.get_by_label("Feed (CSV, JSON, or a Taobao Assistant data packet)").set_input_files(str(packet))
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-heading")).to_have_text("Import of taobao-packet.zip")

    page.evaluate(
        """() => {
        window.__importMark = "same page";
        window.__barValues = [];
        const read = () => {
          const bar = document.querySelector('[data-testid="import-bar"]');
          if (bar) window.__barValues.push(Number(bar.value));
        };
        read();
        new MutationObserver(read).observe(document.body, {childList: true, subtree: true});
    }"""
    )
    expect(page.get_by_test_id("import-percent")).to_contain_text("100%", timeout=WORKER_BUDGET_MS)
    expect(page.get_by_test_id("import-status")).to_have_text("Done")
    assert page.evaluate("window.__importMark") == "same page"
    values = page.evaluate("window.__barValues")
    assert values == sorted(values) and any(0 < v < 100 for v in values) and values[-1] == 100, values

    job = ImportJob.objects.get()
    assert job.feed_format == "packet" and job.total_rows == 10
    expect(page.get_by_test_id("summary-created")).to_have_text("10")
    expect(page.get_by_test_id("summary-failed")).to_have_text("0")
    warnings = page.get_by_test_id("import-warnings")
    expect(warnings).to_contain_text("TB-1005")
    expect(warnings).to_contain_text("Taobao category 50099001 is not in our mapping")

    # The drafts, with their pictures and variants (the seller's alias 玫红 for standard red).
    page.get_by_test_id("see-drafts").click()
    expect(page.get_by_test_id("tab-draft")).to_contain_text("10")
    dress = Listing.objects.get(seller=seller, source_id="TB-1001")
    assert dress.status == ListingStatus.DRAFT and dress.images.count() == 4
    row = page.get_by_test_id(f"row-{dress.pk}")
    expect(row).to_contain_text("女士夏季碎花连衣裙雪纺长裙")
    expect(row.locator("img")).to_have_count(1)
    expect(page.get_by_test_id(f"stock-{dress.pk}")).to_contain_text("3 variants")
    expect(page.get_by_test_id(f"stock-{dress.pk}")).to_contain_text("玫红 / M")
    expect(page.get_by_test_id(f"category-check-{dress.pk}")).to_have_count(0)

    # The one flagged category: the seller fixes it from the table.
    scarf = Listing.objects.get(seller=seller, source_id="TB-1005")
    check = page.get_by_test_id(f"category-check-{scarf.pk}")
    expect(check).to_contain_text("Check the category")
    page.get_by_test_id(f"category-select-{scarf.pk}").select_option(label="Scarves & shawls")
    page.get_by_test_id(f"category-confirm-{scarf.pk}").click()
    expect(page.get_by_text("is confirmed")).to_be_visible()
    expect(page.get_by_test_id(f"category-check-{scarf.pk}")).to_have_count(0)
    scarf.refresh_from_db()
    assert scarf.category.slug == "scarves-shawls" and not scarf.category_check

    # The worker translated the titles: the dress reads in English.
    wait_for(
        lambda: ListingTranslation.objects.filter(listing=dress, language="en").exists(),
        "the dress's English title",
    )
    page.goto(site + f"/seller/listings/{dress.pk}/translations/")
    expect(page.get_by_test_id("title-en")).to_contain_text("dress")
