"""The import through a REAL Celery worker on Redis and the test database: a
feed uploaded through the API is worked through in chained batches (small
ones here), the job's counts advance batch by batch, the good rows become
drafts and their titles are translated by the worker's translation jobs;
then a worker killed in the middle of a job is replaced and the job finishes
with no row imported twice."""

import os
import signal
import subprocess
import time

import pytest
from rest_framework.test import APIClient

from listings.models import ImportJob, ImportJobStatus, Listing, ListingStatus, ListingTranslation
from tests.conftest import ROOT
from tests.listings.test_import_helpers import ImageServer, csv_feed, good_row, image_bytes, zip_upload
from tests.waiting import WORKER_BUDGET, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BATCH = 3
ROWS = 60


@pytest.fixture
def worker(request, monkeypatch):
    """The shared worker fixture, started with small batches and image URLs allowed on 127.0.0.1."""
    monkeypatch.setenv("IMPORT_BATCH_ROWS", str(BATCH))
    monkeypatch.setenv("IMPORT_IMAGE_URL_ALLOW_PRIVATE", "true")
    return request.getfixturevalue("celery_worker_process")


@pytest.fixture
def seller(make_seller, transactional_db):
    return make_seller(status="approved", country="CN")


def test_a_feed_is_imported_batch_by_batch_by_a_real_worker(worker, seller, settings):
    settings.CARAVAN_IMPORT_BATCH_ROWS = BATCH
    with ImageServer({"/p/shirt.png": ("image/png", image_bytes("PNG"))}) as server:
        rows = [good_row(f"W-{n}", title=f"女士 夏季 碎花 连衣裙 雪纺 {n}号") for n in range(10)]
        rows[2].update(images="dress.jpg")
        rows[4].update(images=f"{server.url}/p/shirt.png")
        rows[5].update(images=f"{server.url}/p/gone.png")
        rows[7].update(price_cny="")
        client = APIClient()
        client.force_authenticate(seller.user)
        response = client.post(
            "/api/v1/seller/imports/",
            {"feed": csv_feed(rows), "images": zip_upload({"dress.jpg": image_bytes()})},
            format="multipart",
        )
        assert response.status_code == 202, response.content
        job_id = response.json()["id"]
        seen = set()

        def finished():
            job = ImportJob.objects.get(pk=job_id)
            seen.add(job.processed_rows)
            return job if job.is_finished else None

        job = wait_for(finished, "the import to finish")
    assert job.status == ImportJobStatus.DONE
    assert (job.processed_rows, job.created_rows, job.updated_rows, job.failed_rows) == (10, 8, 0, 2)
    assert len(seen - {0, 10}) >= 1, seen  # the counts advanced while the batches ran
    assert sorted(job.row_errors.values_list("row", "field")) == [(7, "images"), (9, "price_cny")]
    listings = Listing.objects.filter(seller=seller)
    assert listings.count() == 8 and set(listings.values_list("status", flat=True)) == {ListingStatus.DRAFT}
    assert Listing.objects.get(source_id="W-2").images.count() == 1
    assert Listing.objects.get(source_id="W-4").images.count() == 1
    # The worker's translation jobs make every imported title readable in every other interface language.
    translations = ListingTranslation.objects.filter(listing__seller=seller)
    wait_for(lambda: translations.count() == 8 * 7, "the translations")
    assert set(translations.values_list("language", flat=True)) == {"en", "ru", "it", "es", "tr", "pt-br", "fr"}
    english = dict(translations.filter(language="en").values_list("listing__source_id", "title"))
    assert "dress" in english["W-0"].lower(), english["W-0"]


def worker_env() -> dict:
    """The environment the shared fixture gives its worker (tests/conftest.py)."""
    from django.db import connection

    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings_module().REDIS_URL,
        "STATIC_NO_MANIFEST": "true",
        "MEDIA_ROOT": str(settings_module().MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings_module().PRIVATE_MEDIA_ROOT),
    }


def settings_module():
    from django.conf import settings

    return settings


def test_a_job_survives_a_worker_restart(worker, seller, settings):
    """Stop the worker while the job is half done (a deploy's warm shutdown: the
    batch in hand finishes, the next waits in Redis); a new worker picks the
    chain up and finishes the job, each row imported once. (A redelivered batch
    is a no-op row by row: test_import.py runs one twice.)"""
    settings.CARAVAN_IMPORT_BATCH_ROWS = BATCH
    # Long enough (20 batches) that the worker, stopped after its second batch, cannot finish the
    # job first even when this process is starved of CPU for a few seconds on a busy machine.
    rows = [good_row(f"K-{n}", title=f"男士 纯棉 衬衫 长袖 {n}号", category="男装/衬衫") for n in range(ROWS)]
    client = APIClient()
    client.force_authenticate(seller.user)
    job_id = client.post("/api/v1/seller/imports/", {"feed": csv_feed(rows)}, format="multipart").json()["id"]
    wait_for(lambda: ImportJob.objects.get(pk=job_id).processed_rows >= 4, "the job to start", interval=0.02)
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=WORKER_BUDGET)
    stopped_at = ImportJob.objects.get(pk=job_id).processed_rows
    assert stopped_at < ROWS, "the job finished before the worker stopped: make it longer"
    time.sleep(1)
    assert ImportJob.objects.get(pk=job_id).processed_rows == stopped_at  # nobody works on it now

    replacement = subprocess.Popen(worker.args, cwd=ROOT, env={**worker_env(), "IMPORT_BATCH_ROWS": str(BATCH)},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        job = wait_for(lambda: (j := ImportJob.objects.get(pk=job_id)).is_finished and j, "the replacement to finish")
    finally:
        replacement.terminate()
        replacement.wait(timeout=30)
    assert (job.status, job.processed_rows, job.created_rows, job.failed_rows) == ("done", ROWS, ROWS, 0)
    assert Listing.objects.filter(seller=seller).count() == ROWS
