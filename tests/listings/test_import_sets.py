"""The import's writes in sets (listings.services.listings_create_drafts, used for
a batch's new drafts without images): each row is still checked on its own and
reported by its own row and field; a draft written in a set is the same as one
written by listing_create (fields, derived prices, variants, tiers, stock
movements, search vector); translations go as one job per
CARAVAN_LISTING_TRANSLATION_BATCH listings, and that job translates them all;
a set the database refuses is written row by row; rows with images or already
imported still go through listing_create/update."""

from decimal import Decimal

import pytest

from listings import services
from listings.imports import services as import_services
from listings.imports.services import import_job_create
from listings.models import Listing, ListingTranslation, StockMovement, StockReason
from listings.tasks import listing_translations_batch_task
from tests.listings.test_import_helpers import csv_feed, good_row, run_import

pytestmark = pytest.mark.django_db

VARIANTS = "V-R|颜色=红色,尺码=M|10|;V-B|颜色=蓝色,尺码=M|0|95.00"
TIERS = "1-9:89;10-49:79;50+:69"


def sent(callbacks, task: str) -> list[dict]:
    return [
        cb.keywords["kwargs"]
        for cb in callbacks
        if getattr(getattr(cb, "func", None), "__self__", None) is not None and cb.func.__self__.name.endswith(task)
    ]


def snapshot(listing: Listing) -> dict:
    listing.refresh_from_db()
    return {
        "fields": {
            name: getattr(listing, name)
            for name in (
                "title",
                "description",
                "attributes",
                "option_names",
                "price",
                "min_price",
                "sort_price_eur",
                "weight_grams",
                "length_cm",
                "declared_value",
                "lot_size",
                "status",
                "source_language",
                "category_id",
            )
        },
        "variants": [
            (v.sku, v.options, v.stock, v.price_override, v.position) for v in listing.variants.order_by("position")
        ],
        "tiers": [(t.min_lots, t.max_lots, t.unit_price) for t in listing.tiers.all()],
        "movements": sorted(
            (m.variant.sku, m.before, m.after, m.reason)
            for m in StockMovement.objects.filter(variant__listing=listing).select_related("variant")
        ),
        "searchable": listing.search_vector is not None,
    }


def test_a_draft_written_in_a_set_is_the_draft_listing_create_writes(
    approved_seller, settings, django_capture_on_commit_callbacks
):
    settings.CARAVAN_LISTING_TRANSLATION_BATCH = 2
    rows = [
        good_row(
            "SET-1", variants=VARIANTS, tiers=TIERS, attributes="材质:雪纺", description="<p>好<script>x</script></p>"
        ),
        good_row("SET-2", price_cny=""),  # refused on its own, reported on its own row
        good_row("SET-3", tiers="1-9:89;5-49:79"),  # refused by the service's tier rule
        good_row("SET-4"),
        good_row("SET-5", title="男士 纯棉 衬衫 长袖", category="男装/衬衫"),
    ]
    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed(rows))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = run_import(job)
    assert (job.created_rows, job.failed_rows) == (3, 2)
    assert sorted(job.row_errors.values_list("row", "source_id", "field")) == [
        (3, "SET-2", "price_cny"),
        (4, "SET-3", "tiers.1.min_lots"),
    ]
    imported = Listing.objects.get(source_id="SET-1")

    # The same row through listing_create: the same listing.
    row = import_services.parse.map_row(
        rows[0], categories=import_services._category_index(), to_seller=lambda amount: amount, languages={"zh-hans"}
    )
    reference = services.listing_create(
        actor=approved_seller.user,
        seller_id=approved_seller.pk,
        data=row.data,
        stock_reason=StockReason.IMPORT,
        stock_reference=f"import:{job.pk}",
    )
    assert snapshot(imported) == snapshot(reference)
    assert imported.price.amount == Decimal("89.00") and imported.min_price.amount == Decimal("69.00")
    assert StockMovement.objects.filter(variant__listing=imported, reference=f"import:{job.pk}").count() == 1

    # One translation job per two listings (the setting), carrying each listing's hash and languages.
    jobs = sent(callbacks, "listing_translations_batch_task")
    assert [len(j["items"]) for j in jobs] == [2, 1]
    assert sent(callbacks, "listing_translations_task") == []
    items = [item for j in jobs for item in j["items"]]
    listings = Listing.objects.filter(source_id__in=["SET-1", "SET-4", "SET-5"])
    assert {item[0] for item in items} == {listing.pk for listing in listings}
    assert all(set(item[2]) == {"en", "ru", "it", "es", "tr", "pt-br", "fr"} for item in items)

    # The jobs translate every listing they name (the glossary, offline); again, they are a no-op.
    assert [listing_translations_batch_task(items=j["items"]) for j in jobs] == [14, 7]
    shirt = Listing.objects.get(source_id="SET-5")
    assert ListingTranslation.objects.get(listing=shirt, language="en").title == "men cotton shirt long sleeve"
    assert ListingTranslation.objects.filter(listing__in=listings).count() == 21
    listing_translations_batch_task(items=jobs[0]["items"])
    assert ListingTranslation.objects.filter(listing__in=listings).count() == 21


def test_a_set_the_database_refuses_is_written_row_by_row(approved_seller, monkeypatch):
    """A source_id written by another import after the batch looked: the set's
    INSERT hits the unique constraint, and the rows go one by one."""
    first = import_job_create(
        actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row("D-2")])
    )
    run_import(first)
    init = import_services._BatchContext.__init__

    def blind(self, *args, **kwargs):  # as if D-2 had been written after the batch looked
        init(self, *args, **kwargs)
        self.existing, self.existing_category = {}, {}

    monkeypatch.setattr(import_services._BatchContext, "__init__", blind)
    rows = [good_row("D-1"), good_row("D-2"), good_row("D-3")]
    job = run_import(import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed(rows)))
    assert (job.created_rows, job.failed_rows) == (2, 1)
    assert list(job.row_errors.values_list("row", "field")) == [(3, "source_id")]
    assert Listing.objects.filter(seller=approved_seller).count() == 3


def test_reimported_rows_and_rows_with_images_still_go_one_by_one(approved_seller, django_capture_on_commit_callbacks):
    run_import(
        import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed([good_row("R-1")]))
    )
    rows = [good_row("R-1", price_cny="70.00"), good_row("R-2"), good_row("R-3")]
    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=csv_feed(rows))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = run_import(job)
    assert (job.created_rows, job.updated_rows) == (2, 1)
    assert Listing.objects.get(source_id="R-1").price.amount == Decimal("70.00")
    assert len(sent(callbacks, "listing_translations_task")) == 1  # the updated one, through listing_update
    assert [len(j["items"]) for j in sent(callbacks, "listing_translations_batch_task")] == [2]
