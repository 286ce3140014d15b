"""Source-feed import, the services: a feed with good and bad rows (missing
price, negative weight, unknown category, an image that is not one in the
zip, an image URL that 404s on a local server, a duplicate source_id), the
report by row and field, drafts with translations queued, re-import updates,
nothing half-written, CSV and JSON, upload refusals, idempotent batches, and
a 5,000-row feed in batches."""

import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from listings.imports import images as import_images
from listings.imports import services as import_services
from listings.imports.services import import_batch_run, import_job_create
from listings.models import ImportJob, ImportJobStatus, Listing, ListingImage, ListingStatus, ListingVariant
from marketplace.errors import DomainError, NotPermitted
from tests.listings.test_import_helpers import (
    SAMPLES,
    ImageServer,
    csv_feed,
    good_row,
    image_bytes,
    json_feed,
    run_import,
    zip_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_image_urls(settings):
    settings.CARAVAN_IMPORT_IMAGE_URL_ALLOW_PRIVATE = True  # the image server is on 127.0.0.1


@pytest.fixture
def image_server():
    with ImageServer({"/shop/blue.jpg": ("image/jpeg", image_bytes(colour=(40, 60, 200)))}) as server:
        yield server


def sent(callbacks, task: str) -> list[dict]:
    """The kwargs of the `task` jobs among on-commit callbacks (marketplace.jobs.enqueue's partials)."""
    return [
        cb.keywords["kwargs"]
        for cb in callbacks
        if getattr(getattr(cb, "func", None), "__self__", None) is not None and cb.func.__self__.name.endswith(task)
    ]


def translation_jobs(callbacks) -> list[dict]:
    return sent(callbacks, "listing_translations_task")


def mixed_feed_rows(server_url: str) -> list[dict]:
    return [
        good_row("TB-1", images="dress.jpg", variants="TB-1-R|颜色=红色,尺码=M|10|;TB-1-B|颜色=蓝色,尺码=M|5|95.00"),
        good_row("TB-2", title="男士 纯棉 衬衫 长袖", category="男装/衬衫", price_cny="", images=""),
        good_row("TB-3", title="瑜伽垫 加厚 防滑 健身垫", category="运动/瑜伽垫", weight_g="-50"),
        good_row("TB-4", title="汉服 女 古风 齐腰 襦裙", category="女装/汉服"),
        good_row("TB-5", title="陶瓷 花瓶 北欧 简约", category="家居/花瓶", images="notes.jpg"),
        good_row("TB-6", title="蓝牙耳机 无线 降噪", category="数码/蓝牙耳机", images=f"{server_url}/shop/missing.jpg"),
        good_row("TB-1", title="重复 的 连衣裙 雪纺"),
        good_row("TB-7", title="男士 钱包 短款 真皮", category="wallets", images=f"{server_url}/shop/blue.jpg",
                 tiers="1-9:79;10+:69", lot_size="2"),
    ]  # fmt: skip


def test_good_rows_become_drafts_and_every_bad_row_is_reported_by_row_and_field(
    approved_seller, image_server, django_capture_on_commit_callbacks
):
    seller = approved_seller
    images = zip_upload({"images/dress.jpg": image_bytes(), "notes.jpg": b"this is a text file, not a photo"})
    with django_capture_on_commit_callbacks() as created_callbacks:
        job = import_job_create(
            actor=seller.user, seller_id=seller.pk, feed=csv_feed(mixed_feed_rows(image_server.url)), images=images
        )
    assert job.status == ImportJobStatus.QUEUED and job.total_rows == 8
    assert sent(created_callbacks, "import_batch_task") == [{"job_id": job.pk, "start": 0}]

    with django_capture_on_commit_callbacks() as callbacks:
        job = run_import(job)

    assert job.status == ImportJobStatus.DONE and job.finished_at is not None
    assert (job.processed_rows, job.created_rows, job.updated_rows, job.failed_rows) == (8, 2, 0, 6)
    report = {(e.row, e.source_id, e.field): e.message for e in job.row_errors.all()}
    # CSV rows are numbered as a spreadsheet shows them: the header is row 1.
    assert set(report) == {
        (3, "TB-2", "price_cny"),
        (4, "TB-3", "weight_g"),
        (5, "TB-4", "category"),
        (6, "TB-5", "images"),
        (7, "TB-6", "images"),
        (8, "TB-1", "source_id"),
    }
    assert report[(3, "TB-2", "price_cny")] == "The price is missing."
    assert "grams above zero" in report[(4, "TB-3", "weight_g")]
    assert "女装/汉服" in report[(5, "TB-4", "category")]
    assert "notes.jpg is not an image we can read" in report[(6, "TB-5", "images")]
    assert "HTTP 404" in report[(7, "TB-6", "images")]
    assert "row 2" in report[(8, "TB-1", "source_id")]
    assert "/shop/missing.jpg" in image_server.requests

    listings = {listing.source_id: listing for listing in Listing.objects.filter(seller=seller)}
    assert set(listings) == {"TB-1", "TB-7"}
    dress = listings["TB-1"]
    assert dress.status == ListingStatus.DRAFT
    assert dress.title == "女士 夏季 碎花 连衣裙 雪纺 长裙" and dress.category.slug == "dresses"
    assert dress.source_language == "zh-hans"
    assert dress.attributes == {"材质": "雪纺", "季节": "夏季"}
    assert dress.price.amount == Decimal("89.00") and dress.price.currency.code == "CNY"
    assert dress.description == "<p>轻薄雪纺面料。</p>"
    variants = list(dress.variants.order_by("position"))
    assert [(v.sku, v.options, v.stock) for v in variants] == [
        ("TB-1-R", {"颜色": "红色", "尺码": "M"}, 10),
        ("TB-1-B", {"颜色": "蓝色", "尺码": "M"}, 5),
    ]
    assert variants[1].price_override.amount == Decimal("95.00")
    assert dress.images.count() == 1
    wallet = listings["TB-7"]
    assert wallet.category.slug == "wallets" and wallet.lot_size == 2
    assert [(t.min_lots, t.max_lots, t.unit_price.amount) for t in wallet.tiers.all()] == [
        (1, 9, Decimal("79.00")),
        (10, None, Decimal("69.00")),
    ]
    assert wallet.images.count() == 1 and "/shop/blue.jpg" in image_server.requests
    assert [(v.sku, v.stock) for v in wallet.variants.all()] == [("TB-7", 120)]

    # Each good row's translations are queued (every interface language but Chinese); none for a bad row.
    jobs = translation_jobs(callbacks)
    assert len(jobs) == len(listings)  # one job per listing, for every language
    assert {(j["listing_id"], language) for j in jobs for language in j["languages"]} == {
        (listing.pk, language)
        for listing in listings.values()
        for language in ("en", "ru", "it", "es", "tr", "pt-br", "fr")
    }


def test_json_feed_with_objects_and_lists(approved_seller):
    rows = [
        {"source_id": "J-1", "title": "女士 羊毛 针织衫 开衫", "category": "女装 > 针织衫", "price_cny": 129.5,
         "weight_g": 420, "attributes": {"材质": "羊毛"}, "images": ["a.png"],
         "variants": [{"sku": "J-1-S", "options": {"尺码": "S"}, "stock": 4},
                      {"sku": "J-1-M", "options": {"尺码": "M"}, "stock": 6, "price_cny": "139.00"}],
         "tiers": [{"min_lots": 1, "max_lots": 4, "price_cny": "129.50"}, {"min_lots": 5, "price_cny": "119"}]},
        {"source_id": "J-2", "title": "跳绳 计数 钢丝 健身", "category": "运动/跳绳", "weight_g": 200, "stock": -3},
        "not an object",
    ]  # fmt: skip
    job = import_job_create(
        actor=approved_seller.user,
        seller_id=approved_seller.pk,
        feed=json_feed(rows),
        images=zip_upload({"a.png": image_bytes("PNG")}),
    )
    job = run_import(job)
    assert job.feed_format == "json"
    assert (job.created_rows, job.failed_rows) == (1, 2)
    # JSON rows are numbered by their position in the list; every problem of a row is reported.
    assert sorted((e.row, e.field) for e in job.row_errors.all()) == [(2, "price_cny"), (2, "stock"), (3, "")]
    listing = Listing.objects.get(seller=approved_seller, source_id="J-1")
    assert listing.category.slug == "womens-knitwear"
    assert listing.price.amount == Decimal("129.50")  # the first tier's price is the 1-lot price
    assert listing.attributes == {"材质": "羊毛"}
    assert [(v.sku, v.stock) for v in listing.variants.all()] == [("J-1-S", 4), ("J-1-M", 6)]
    assert listing.images.count() == 1


def test_reimporting_the_same_feed_updates_instead_of_duplicating(approved_seller):
    seller = approved_seller
    rows = [good_row("TB-1"), good_row("TB-2", title="男士 纯棉 衬衫 长袖", category="男装/衬衫", price_cny="99")]
    first = run_import(import_job_create(actor=seller.user, seller_id=seller.pk, feed=csv_feed(rows)))
    assert (first.created_rows, first.updated_rows) == (2, 0)
    ids = dict(Listing.objects.filter(seller=seller).values_list("source_id", "pk"))

    rows[0].update(title="女士 夏季 碎花 连衣裙 雪纺 新款", price_cny="79.00", stock="7")
    second = run_import(import_job_create(actor=seller.user, seller_id=seller.pk, feed=csv_feed(rows)))
    assert (second.created_rows, second.updated_rows, second.failed_rows) == (0, 2, 0)
    assert Listing.objects.filter(seller=seller).count() == 2
    assert dict(Listing.objects.filter(seller=seller).values_list("source_id", "pk")) == ids
    dress = Listing.objects.get(pk=ids["TB-1"])
    assert dress.title == "女士 夏季 碎花 连衣裙 雪纺 新款"
    assert dress.price.amount == Decimal("79.00")
    assert [(v.sku, v.stock) for v in dress.variants.all()] == [("TB-1", 7)]


def test_source_ids_belong_to_one_seller(approved_seller, make_seller):
    other = make_seller(status="approved", country="CN")
    for seller in (approved_seller, other):
        run_import(import_job_create(actor=seller.user, seller_id=seller.pk, feed=csv_feed([good_row("TB-1")])))
    assert Listing.objects.filter(source_id="TB-1").count() == 2


def test_a_bad_row_leaves_nothing_behind(approved_seller, image_server):
    """The row passes the feed's own checks but the catalogue refuses it halfway
    (its second photo is missing from the server after the first was fetched
    fine, and another row's variants reuse a SKU): no listing, variant or photo
    is left, and the rows around it import."""
    rows = [
        good_row("OK-1"),
        good_row("BAD-1", images=f"{image_server.url}/shop/blue.jpg;{image_server.url}/shop/gone.jpg"),
        good_row("BAD-2", variants="SKU-A|颜色=红色|1|;sku-a|颜色=蓝色|2|"),
        good_row("BAD-3", title="裙子"),
        good_row("OK-2"),
    ]
    job = run_import(import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed(rows)))
    assert (job.created_rows, job.failed_rows) == (2, 3)
    assert sorted((e.source_id, e.field) for e in job.row_errors.all()) == [
        ("BAD-1", "images"),
        ("BAD-2", "variants.1.sku"),
        ("BAD-3", "title"),
    ]
    assert set(Listing.objects.values_list("source_id", flat=True)) == {"OK-1", "OK-2"}
    assert not ListingVariant.objects.filter(sku__iexact="sku-a").exists()
    assert ListingImage.objects.count() == 0


def test_each_problem_of_the_feed_format_is_named(approved_seller):
    rows = [
        good_row("F-1", attributes="材质雪纺"),
        good_row("F-2", variants="only-a-sku"),
        good_row("F-3", tiers="1-9:abc"),
        good_row("F-4", stock="many"),
        good_row("F-5", lot_size="0"),
        good_row("F-6", images="ftp://example.com/a.jpg"),
        good_row("F-7", images="missing-from-zip.jpg"),
        good_row("", title="没有 编号 的 商品"),
        good_row("F-9", price_cny="-5"),
    ]
    job = run_import(import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed(rows)))
    assert job.failed_rows == 9 and job.created_rows == 0
    assert sorted((e.row, e.field) for e in job.row_errors.all()) == [
        (2, "attributes"),
        (3, "variants.0"),
        (4, "tiers.0.price_cny"),
        (5, "stock"),
        (6, "lot_size"),
        (7, "images"),
        (8, "images"),
        (9, "source_id"),
        (10, "price_cny"),
    ]
    assert "no images zip" in job.row_errors.get(row=8).message


def test_full_width_separators_and_the_sample_feed(approved_seller):
    """The sample feed in samples/feeds imports whole, with its images zip."""
    feed = SimpleUploadedFile("taobao-sample.csv", (SAMPLES / "taobao-sample.csv").read_bytes())
    images = SimpleUploadedFile("taobao-sample-images.zip", (SAMPLES / "taobao-sample-images.zip").read_bytes())
    job = run_import(
        import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=feed, images=images)
    )
    assert job.failed_rows == 0, list(job.row_errors.values_list("row", "field", "message"))
    assert job.created_rows == job.total_rows >= 30
    assert ListingImage.objects.filter(listing__seller=approved_seller).count() > job.total_rows
    # The JSON spelling of the same feed updates the same listings.
    feed = SimpleUploadedFile("taobao-sample.json", (SAMPLES / "taobao-sample.json").read_bytes())
    again = run_import(import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=feed))
    assert (again.created_rows, again.updated_rows, again.failed_rows) == (0, job.total_rows, 0)

    row = good_row("FW-1", attributes="材质：雪纺；季节：夏季", category="女装／连衣裙")
    job = run_import(import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([row])))
    assert job.created_rows == 1
    assert Listing.objects.get(source_id="FW-1").attributes == {"材质": "雪纺", "季节": "夏季"}


@pytest.mark.parametrize(
    ("feed", "images", "field", "message"),
    [
        (SimpleUploadedFile("feed.xlsx", b"PK\x03\x04 spreadsheet"), None, "feed", ".csv or .json"),
        (SimpleUploadedFile("feed.csv", "source_id,title\n1,x\n".encode("gb18030") + "中文".encode("gb18030")), None,
         "feed", "not UTF-8"),
        (SimpleUploadedFile("feed.csv", image_bytes("PNG")), None, "feed", "not a text feed"),
        (SimpleUploadedFile("feed.json", b'[{"source_id": "1",'), None, "feed", "JSON cannot be read"),
        (SimpleUploadedFile("feed.json", b'{"source_id": "1"}'), None, "feed", "list of listings"),
        (SimpleUploadedFile("feed.csv", b"title,price\nx,1\n"), None, "feed", "lacks the required columns"),
        (SimpleUploadedFile("feed.csv", b"source_id,title,category,price_cny,weight_g\n"), None, "feed", "no rows"),
        (SimpleUploadedFile("feed.csv", b""), None, "feed", "empty"),
        (None, None, "feed", "Choose the feed"),
        ("good", SimpleUploadedFile("images.zip", b"not a zip at all"), "images", "not a zip"),
    ],
)  # fmt: skip
def test_an_upload_that_cannot_be_imported_is_refused_and_nothing_is_stored(
    approved_seller, feed, images, field, message
):
    if feed == "good":
        feed = csv_feed([good_row()])
    with pytest.raises(DomainError) as caught:
        import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=feed, images=images)
    assert caught.value.field == field and message in caught.value.message
    assert not ImportJob.objects.exists()


def test_limits_on_rows_and_sizes(approved_seller, settings):
    settings.CARAVAN_IMPORT_MAX_ROWS = 3
    with pytest.raises(DomainError, match="one import takes at most 3"):
        import_job_create(
            actor=approved_seller.user,
            seller_id=approved_seller.pk,
            feed=csv_feed([good_row(str(n)) for n in range(4)]),
        )
    settings.CARAVAN_IMPORT_MAX_FEED_BYTES = 100
    with pytest.raises(DomainError, match="too large") as caught:
        import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row()]))
    assert caught.value.field == "feed"
    settings.CARAVAN_IMPORT_MAX_FEED_BYTES = 10_000
    settings.CARAVAN_IMPORT_MAX_ZIP_BYTES = 10
    with pytest.raises(DomainError, match="zip is too large"):
        import_job_create(
            actor=approved_seller.user,
            seller_id=approved_seller.pk,
            feed=csv_feed([good_row()]),
            images=zip_upload({"a.jpg": image_bytes()}),
        )
    settings.CARAVAN_IMPORT_MAX_ZIP_BYTES = 10_000_000
    settings.CARAVAN_IMPORT_MAX_IMAGES_PER_ROW = 1
    job = run_import(
        import_job_create(
            actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row(images="a.jpg;b.jpg")])
        )
    )
    assert job.row_errors.get().field == "images" and not ImportJob.objects.filter(created_rows__gt=0).exists()


def test_only_an_approved_seller_may_import(make_seller, user):
    submitted = make_seller(status="submitted", country="CN")
    with pytest.raises(NotPermitted):
        import_job_create(actor=submitted.user, seller_id=submitted.pk, feed=csv_feed([good_row()]))
    approved = make_seller(status="approved", country="CN")
    with pytest.raises(NotPermitted):
        import_job_create(actor=user, seller_id=approved.pk, feed=csv_feed([good_row()]))
    assert not ImportJob.objects.exists()


def test_prices_in_cny_are_converted_for_a_store_in_another_currency(make_seller):
    from moneyed import Money

    from marketplace.money import convert
    from marketplace.services import exchange_rates_seed

    exchange_rates_seed()
    seller = make_seller(status="approved", country="IT")
    job = run_import(import_job_create(actor=seller.user, seller_id=seller.pk, feed=csv_feed([good_row()])))
    assert job.created_rows == 1
    listing = Listing.objects.get(seller=seller)
    assert listing.price == convert(Money(Decimal("89.00"), "CNY"), "EUR")


def test_batches_are_idempotent_and_resume_where_the_job_stands(approved_seller, settings):
    settings.CARAVAN_IMPORT_BATCH_ROWS = 2
    rows = [good_row(f"B-{n}") for n in range(5)]
    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed(rows))
    job = import_batch_run(job_id=job.pk, start=0)
    assert (job.status, job.processed_rows) == (ImportJobStatus.RUNNING, 2)
    job = import_batch_run(job_id=job.pk, start=0)  # redelivered: nothing twice
    assert job.processed_rows == 2 and Listing.objects.count() == 2
    job = run_import(job)
    assert (job.status, job.processed_rows, job.created_rows) == (ImportJobStatus.DONE, 5, 5)
    import_batch_run(job_id=job.pk, start=4)
    assert Listing.objects.count() == 5
    job.refresh_from_db()
    assert job.created_rows == 5


def test_a_job_whose_file_is_gone_fails_with_a_reason(approved_seller):
    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row()]))
    job.feed.storage.delete(job.feed.name)
    job = import_batch_run(job_id=job.pk, start=0)
    assert job.status == ImportJobStatus.FAILED and job.error_message


def test_image_urls_are_fetched_with_a_size_cap_and_redirects_and_checked(settings):
    from http.server import BaseHTTPRequestHandler

    from tests.conftest import LocalHTTPServer

    photo = image_bytes()

    class Server(LocalHTTPServer):
        def __init__(self):
            class Handler(BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path == "/moved":
                        self.send_response(302)
                        self.send_header("Location", "/photo.jpg")
                        self.end_headers()
                        return
                    if self.path == "/loop":
                        self.send_response(302)
                        self.send_header("Location", "/loop")
                        self.end_headers()
                        return
                    body = photo if self.path == "/photo.jpg" else b"<html>a shop page</html>"
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def log_message(self, *args):
                    pass

            self._serve(Handler)

    with Server() as server:
        assert import_images.fetch_image(f"{server.url}/moved") == photo
        with pytest.raises(import_images.ImageProblem, match="redirects too many times"):
            import_images.fetch_image(f"{server.url}/loop")
        page = import_images.fetch_image(f"{server.url}/page.html")
        with pytest.raises(import_images.ImageProblem, match="not an image we can read"):
            import_images.check_image(page, "page.html")
        settings.CARAVAN_LISTING_IMAGE_MAX_BYTES = len(photo) - 1
        with pytest.raises(import_images.ImageProblem, match="too large"):
            import_images.fetch_image(f"{server.url}/photo.jpg")
    with pytest.raises(import_images.ImageProblem, match="could not be fetched"):
        import_images.fetch_image(server.url + "/photo.jpg")  # the server is gone
    with pytest.raises(import_images.ImageProblem, match="too small"):
        import_images.check_image(image_bytes(size=(120, 120)), "tiny.jpg")


def test_private_addresses_are_refused_unless_allowed(settings):
    settings.CARAVAN_IMPORT_IMAGE_URL_ALLOW_PRIVATE = False
    with pytest.raises(import_images.ImageProblem, match="not a public address"):
        import_images.fetch_image("http://127.0.0.1:9/a.jpg")
    with pytest.raises(import_images.ImageProblem, match="not a public address"):
        import_images.fetch_image("http://169.254.169.254/latest/meta-data")


def test_a_5000_row_feed_is_accepted_and_worked_through_in_batches(
    approved_seller, settings, django_capture_on_commit_callbacks
):
    """A 5,000-row feed: the upload reads and counts every row, then the batch
    service (the Celery task's body) imports 250 rows a batch, each advancing
    the job and chaining the next batch, the new drafts written in sets
    (listings_create_drafts) with one translation job per 50 listings; every
    row still checked on its own (row 125 has no price)."""
    settings.CARAVAN_IMPORT_BATCH_ROWS = 250
    categories = ["女装/连衣裙", "男装/T恤", "饰品/项链", "厨房/茶具", "运动/瑜伽垫"]
    rows = [
        good_row(f"GEN-{n:05d}", title=f"商品 编号 {n} 雪纺 连衣裙", category=categories[n % 5],
                 price_cny=f"{10 + n % 90}.50", weight_g=str(50 + n % 900), stock=str(n % 30))
        for n in range(5000)
    ]  # fmt: skip
    rows[123]["price_cny"] = ""
    started = time.monotonic()
    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed(rows))
    assert job.total_rows == 5000
    translation_batches = 0
    for batch in range(20):
        with django_capture_on_commit_callbacks() as callbacks:
            job = import_batch_run(job_id=job.pk, start=batch * 250)
        assert job.processed_rows == (batch + 1) * 250 and job.percent == (batch + 1) * 5
        following = [{"job_id": job.pk, "start": (batch + 1) * 250}] if batch < 19 else []
        assert sent(callbacks, "import_batch_task") == following
        translation_batches += len(sent(callbacks, "listing_translations_batch_task"))
    elapsed = time.monotonic() - started
    print(f"\n5,000 rows in 20 batches: {elapsed:.1f} s ({5000 / elapsed:.0f} rows per second)")
    assert job.status == ImportJobStatus.DONE
    assert (job.created_rows, job.failed_rows) == (4999, 1)
    assert job.row_errors.get().row == 125
    assert Listing.objects.filter(seller=approved_seller, status=ListingStatus.DRAFT).count() == 4999
    assert translation_batches == 20 * 5  # 250 rows a batch, 50 listings a job
    assert not Listing.objects.filter(seller=approved_seller, search_vector__isnull=True).exists()


def test_a_slow_batch_stops_early_and_queues_the_rest(approved_seller, settings, django_capture_on_commit_callbacks):
    settings.CARAVAN_IMPORT_BATCH_SECONDS = 0  # every batch is "out of time" after its first row
    job = import_job_create(
        actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row(f"S-{n}") for n in range(3)])
    )
    with django_capture_on_commit_callbacks() as callbacks:
        job = import_batch_run(job_id=job.pk, start=0)
    assert job.processed_rows == 1
    assert sent(callbacks, "import_batch_task") == [{"job_id": job.pk, "start": 1}]
    assert run_import(job).created_rows == 3


def test_a_store_suspended_during_an_import_stops_it(approved_seller, vetting_officer):
    from sellers.services import seller_suspend

    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row()]))
    seller_suspend(seller_id=approved_seller.pk, actor=vetting_officer, reason="Counterfeits")
    job = import_batch_run(job_id=job.pk, start=0)
    assert job.status == ImportJobStatus.FAILED and "not approved" in job.error_message
    assert not Listing.objects.exists()


# --- the stall watchdog --------------------------------------------------------------------------


def test_the_watchdog_requeues_a_job_whose_batch_task_was_lost(
    approved_seller, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from listings.tasks import import_jobs_resume_task

    settings.CARAVAN_IMPORT_BATCH_ROWS = 2
    feed = csv_feed([good_row(f"W-{n}") for n in range(5)])
    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=feed)
    with django_capture_on_commit_callbacks() as first_batch:
        import_batch_run(job_id=job.pk, start=0)
    # The first batch ran; the task it queued for the next one was lost (a killed worker, a broker
    # restarted without persistence): it never leaves this test's transaction.
    assert sent(first_batch, "import_batch_task") == [{"job_id": job.pk, "start": 2}]
    connection.run_on_commit[:] = [entry for entry in connection.run_on_commit if entry[1] not in first_batch]
    stalled_since = timezone.now() - timedelta(seconds=settings.CARAVAN_IMPORT_STALL_SECONDS + 60)
    ImportJob.objects.filter(pk=job.pk).update(progressed_at=stalled_since)
    fresh = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row()]))
    done = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row("W-9")]))
    done = run_import(done)
    ImportJob.objects.filter(pk=done.pk).update(created_at=stalled_since, progressed_at=stalled_since)

    with django_capture_on_commit_callbacks() as callbacks:
        resumed = import_jobs_resume_task.run()

    assert resumed == [job.pk]  # not the fresh job, not the finished one
    assert sent(callbacks, "import_batch_task") == [{"job_id": job.pk, "start": 2}]
    assert fresh.pk not in resumed
    job = run_import(job)
    assert (job.status, job.created_rows) == (ImportJobStatus.DONE, 5)
    with django_capture_on_commit_callbacks() as callbacks:
        assert import_jobs_resume_task.run() == []
    assert sent(callbacks, "import_batch_task") == []


def test_a_queued_job_whose_first_task_was_lost_is_resumed_too(approved_seller, settings):
    from datetime import timedelta

    from django.utils import timezone

    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row()]))
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert import_services.import_jobs_resume() == [job.pk]
