"""Bringing a Taobao catalogue over, in a real Chromium with a real Celery
worker: an approved Chinese seller opens the import page from the listings
table, uploads the sample feed (samples/feeds) with its images zip, watches
the progress bar advance to 100% without reloading the page, reads the
summary, and finds the imported drafts in their listings."""

import re

import pytest
from playwright.sync_api import Page, expect

from listings.models import ImportJob, Listing, ListingStatus
from tests.factories import PASSWORD, UserFactory
from tests.listings.test_import_helpers import SAMPLES
from tests.waiting import WORKER_BUDGET_MS

BATCH = 4
FEED_LABEL = "Feed (CSV, JSON, or a Taobao Assistant data packet)"


@pytest.fixture
def seller(site, make_seller):
    return make_seller(status="approved", country="CN", user=UserFactory(email="zhang.min@example.com"))


@pytest.fixture
def worker(request, monkeypatch, seller, settings):
    """A real worker importing in small batches, so the bar visibly moves."""
    monkeypatch.setenv("IMPORT_BATCH_ROWS", str(BATCH))
    settings.CARAVAN_IMPORT_BATCH_ROWS = BATCH
    return request.getfixturevalue("celery_worker_process")


def test_a_seller_imports_the_sample_feed_and_watches_it_finish(site, page: Page, seller, worker):
    feed, images = SAMPLES / "taobao-sample.csv", SAMPLES / "taobao-sample-images.zip"
    rows = len(feed.read_text(encoding="utf-8").splitlines())  # an upper bound: a few descriptions span lines

    page.goto(site + "/accounts/login/")
    page.get_by_label("Email address").fill("zhang.min@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(site + "/seller/listings/")
    page.get_by_test_id("import-feed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a feed")
    expect(page.get_by_test_id("no-imports")).to_be_visible()

    # A wrong file first (the images zip as the feed: not a data packet): a clear error, nothing created.
    page.get_by_label(FEED_LABEL).set_input_files(str(images))
    page.get_by_test_id("import-submit").click()
    expect(page.locator(".field-error")).to_contain_text("The zip holds no Taobao Assistant data packet")
    assert not ImportJob.objects.exists()

    page.get_by_label(FEED_LABEL).set_input_files(str(feed))
    page.get_by_label("Images (zip, optional)").set_input_files(str(images))
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-heading")).to_have_text("Import of taobao-sample.csv")

    # Record every value the bar takes while htmx swaps it in, and mark the page:
    # a reload would lose the mark.
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
    assert values == sorted(values), values  # it only moves forward
    assert any(0 < v < 100 for v in values), values  # and was seen on its way
    assert values[-1] == 100

    job = ImportJob.objects.get()
    assert 30 <= job.total_rows < rows and job.failed_rows == 0
    expect(page.get_by_test_id("summary-created")).to_have_text(str(job.total_rows))
    expect(page.get_by_test_id("summary-updated")).to_have_text("0")
    expect(page.get_by_test_id("summary-failed")).to_have_text("0")
    expect(page.get_by_test_id("import-report")).to_have_count(0)

    # The drafts are in the listings table, with their photos.
    page.get_by_test_id("see-drafts").click()
    expect(page.get_by_test_id("tab-draft")).to_contain_text(str(job.total_rows))
    dress = Listing.objects.get(seller=seller, source_id="TB-1001")
    assert dress.status == ListingStatus.DRAFT and dress.images.count() == 2
    row = page.get_by_test_id(f"row-{dress.pk}")
    expect(row).to_contain_text("女士 夏季 碎花 连衣裙 雪纺 长裙")
    expect(row.get_by_test_id(f"status-{dress.pk}")).to_have_text("Draft")
    expect(row.locator("img")).to_have_count(1)

    # The import is listed among the seller's imports.
    page.goto(site + "/seller/listings/imports/")
    expect(page.get_by_test_id(f"import-{job.pk}")).to_contain_text("taobao-sample.csv")
