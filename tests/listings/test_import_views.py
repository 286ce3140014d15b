"""The import pages of the seller centre through the Django test client: the
upload form (good upload → job page; wrong type, unreadable file, too many
rows → form errors and nothing created), the job page and its htmx progress
fragment (polls while running, stops with the summary and report when done),
the list of past imports, who may see what, and bounded queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from listings.imports.services import import_job_create
from listings.models import ImportJob
from tests.factories import UserFactory
from tests.listings.test_import_helpers import csv_feed, good_row, run_import, zip_upload

pytestmark = pytest.mark.django_db

IMPORTS = reverse("seller_listings:imports")


def detail_url(job) -> str:
    return reverse("seller_listings:import_detail", args=[job.pk])


def progress_url(job) -> str:
    return reverse("seller_listings:import_progress", args=[job.pk])


@pytest.fixture
def seller_client(client, approved_seller):
    client.force_login(approved_seller.user)
    return client


def test_the_listings_page_links_to_the_import(seller_client):
    assert IMPORTS in seller_client.get(reverse("seller_listings:index")).content.decode()


def test_upload_redirects_to_the_job_page_which_polls_until_done(seller_client, approved_seller):
    page = seller_client.get(IMPORTS)
    assert page.status_code == 200 and 'data-testid="no-imports"' in page.content.decode()
    response = seller_client.post(IMPORTS, {"feed": csv_feed([good_row("A"), good_row("B", price_cny="")])})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(job)
    assert (job.seller, job.created_by, job.total_rows) == (approved_seller, approved_seller.user, 2)

    running = seller_client.get(detail_url(job)).content.decode()
    assert f'hx-get="{progress_url(job)}"' in running and 'hx-trigger="every 1s"' in running
    assert 'value="0"' in running

    run_import(job)
    fragment = seller_client.get(progress_url(job), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in fragment and "hx-trigger" not in fragment  # done: polling stops
    assert 'value="100"' in fragment
    assert 'data-testid="summary-created">1<' in fragment and 'data-testid="summary-failed">1<' in fragment
    assert "The price is missing." in fragment and "price_cny" in fragment
    listing_page = seller_client.get(IMPORTS).content.decode()
    assert f'data-testid="import-{job.pk}"' in listing_page and "feed.csv" in listing_page


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"feed": csv_feed([good_row()], name="feed.xlsx")},
            "Upload the feed as a .csv or .json file, or a Taobao Assistant data packet as a .zip.",
        ),
        ({"feed": csv_feed([good_row()], name="feed.json")}, "The JSON cannot be read"),
        ({}, "Choose the feed file (CSV or JSON)."),
        ({"feed": csv_feed([good_row()]), "images": csv_feed([good_row()], name="images.zip")}, "not a zip archive"),
    ],
)
def test_a_bad_upload_is_a_form_error_and_creates_nothing(seller_client, files, message):
    response = seller_client.post(IMPORTS, files)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_deeply_nested_json_feed_is_a_form_error(seller_client):
    feed = SimpleUploadedFile("feed.json", b"[" * 100_000 + b"]" * 100_000, content_type="application/json")
    response = seller_client.post(IMPORTS, {"feed": feed})
    assert response.status_code == 400
    assert "more than 20 levels deep" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_too_many_rows_is_a_form_error(seller_client, settings):
    settings.CARAVAN_IMPORT_MAX_ROWS = 2
    response = seller_client.post(IMPORTS, {"feed": csv_feed([good_row(str(n)) for n in range(3)])})
    assert response.status_code == 400 and "one import takes at most 2" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_zip_upload_is_stored_privately(seller_client, settings):
    seller_client.post(IMPORTS, {"feed": csv_feed([good_row()]), "images": zip_upload({"a.jpg": b"x"})})
    job = ImportJob.objects.get()
    assert job.images_name == "images.zip"
    assert str(settings.PRIVATE_MEDIA_ROOT) in job.images.path and str(settings.PRIVATE_MEDIA_ROOT) in job.feed.path


def test_another_sellers_job_is_not_found(client, approved_seller, make_seller):
    other = make_seller(status="approved", country="CN")
    job = ImportJob.objects.create(seller=other, created_by=other.user, feed_name="x.csv", feed_format="csv")
    client.force_login(approved_seller.user)
    assert client.get(detail_url(job)).status_code == 404
    assert client.get(progress_url(job)).status_code == 404
    assert "x.csv" not in client.get(IMPORTS).content.decode()


def test_anonymous_must_log_in_and_a_store_not_approved_is_refused(client, make_seller):
    response = client.get(IMPORTS)
    assert response.status_code == 302 and "/login/" in response["Location"]
    submitted = make_seller(status="submitted", country="CN")
    client.force_login(submitted.user)
    assert client.get(IMPORTS).status_code == 403
    assert client.post(IMPORTS, {"feed": csv_feed([good_row()])}).status_code == 403
    assert not ImportJob.objects.exists()
    client.force_login(UserFactory())
    assert client.get(IMPORTS).status_code == 302  # no store yet: apply first


@pytest.mark.parametrize("rows", [2, 30])
def test_the_pages_need_a_bounded_number_of_queries(
    seller_client, approved_seller, django_assert_max_num_queries, rows
):
    feed = [good_row(str(n), price_cny="" if n % 2 else "10") for n in range(rows)]
    for _ in range(3):
        seller_client.post(IMPORTS, {"feed": csv_feed(feed)})
    job = run_import(ImportJob.objects.first())
    with django_assert_max_num_queries(8):
        assert seller_client.get(detail_url(job)).status_code == 200
    with django_assert_max_num_queries(8):
        assert seller_client.get(progress_url(job)).status_code == 200
    with django_assert_max_num_queries(8):
        assert seller_client.get(IMPORTS).status_code == 200


def test_the_admin_lists_import_jobs_with_their_row_errors(client, approved_seller):
    feed = csv_feed([good_row(price_cny="")])
    job = run_import(import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=feed))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "feed.csv" in client.get(reverse("admin:listings_importjob_changelist")).content.decode()
    page = client.get(reverse("admin:listings_importjob_change", args=[job.pk])).content.decode()
    assert "The price is missing." in page
