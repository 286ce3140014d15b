"""listings.stock: reservations all or nothing, releases, a seller's levels,
an audit row per change; never oversold under real concurrency (threads on
PostgreSQL); a stock change retires no cached storefront page."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from listings import services
from listings.imports.services import import_job_create
from listings.models import ListingVariant, StockMovement, StockReason
from listings.services import VariantInput
from listings.stock import InsufficientStock, stock_release, stock_reserve, stock_set
from marketplace.errors import ConflictError, DomainError, NotFound
from marketplace.pagecache import storefront_version
from tests.listings.test_import_helpers import csv_feed, good_row, run_import

RESERVED = StockReason.RESERVATION


def variants_of(listing) -> dict[str, ListingVariant]:
    return {v.sku: v for v in ListingVariant.objects.filter(listing=listing)}


def stock_of(variant: ListingVariant) -> int:
    return ListingVariant.objects.values_list("stock", flat=True).get(pk=variant.pk)


def movements(variant: ListingVariant, **filters) -> list[tuple]:
    return list(
        StockMovement.objects.filter(variant=variant, **filters)
        .order_by("pk")
        .values_list("reason", "reference", "before", "after", "actor_id")
    )


def two_variants(make_listing, red: int = 5, blue: int = 2):
    listing = make_listing(
        publish=False,
        variants=[
            VariantInput(sku="RED", options={"colour": "Red"}, stock=red),
            VariantInput(sku="BLUE", options={"colour": "Blue"}, stock=blue),
        ],
    )
    found = variants_of(listing)
    return found["RED"], found["BLUE"]


# --- reserve, release, set -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reservation_takes_the_lots_and_writes_one_movement_per_variant(make_listing, user):
    red, blue = two_variants(make_listing, red=5, blue=2)
    stock_reserve(lines=[(red.pk, 3), (blue.pk, 2)], actor=user, reason=RESERVED, reference="order:17")
    assert (stock_of(red), stock_of(blue)) == (2, 0)
    assert movements(red, reason=RESERVED) == [(RESERVED, "order:17", 5, 2, user.pk)]
    assert movements(blue, reason=RESERVED) == [(RESERVED, "order:17", 2, 0, user.pk)]


@pytest.mark.django_db
def test_a_variant_named_twice_is_reserved_once_with_the_sum(make_listing):
    red, _blue = two_variants(make_listing, red=5)
    stock_reserve(lines=[(red.pk, 1), (red.pk, 3)], actor=None, reason=RESERVED)
    assert stock_of(red) == 1
    assert movements(red, reason=RESERVED) == [(RESERVED, "", 5, 1, None)]  # a job: no actor


@pytest.mark.django_db
def test_a_reservation_is_all_or_nothing_and_names_every_variant_short(make_listing, user):
    red, blue = two_variants(make_listing, red=5, blue=2)
    before = StockMovement.objects.count()
    with pytest.raises(InsufficientStock) as refused:
        stock_reserve(lines=[(red.pk, 3), (blue.pk, 5)], actor=user, reason=RESERVED)
    assert (stock_of(red), stock_of(blue)) == (5, 2)  # the red lots, which were there, are not taken either
    assert StockMovement.objects.count() == before
    error = refused.value
    assert isinstance(error, ConflictError) and error.status_code == 409
    assert [(s.sku, s.wanted, s.available) for s in error.shortages] == [("BLUE", 5, 2)]
    assert error.message == "Not enough stock: BLUE (Blue) has 2 lots left (5 asked)."

    with pytest.raises(InsufficientStock) as refused:
        stock_reserve(lines=[(blue.pk, 3), (red.pk, 6)], actor=user, reason=RESERVED)
    assert [(s.variant_id, s.available) for s in refused.value.shortages] == [(red.pk, 5), (blue.pk, 2)]
    assert "RED (Red) has 5 lots left (6 asked)" in refused.value.message
    assert "BLUE (Blue) has 2 lots left (3 asked)" in refused.value.message
    assert (stock_of(red), stock_of(blue)) == (5, 2)


@pytest.mark.django_db
def test_a_sold_out_variant_says_it_has_none_left(make_listing):
    _red, blue = two_variants(make_listing, red=1, blue=0)
    with pytest.raises(InsufficientStock, match="BLUE \\(Blue\\) has 0 lots left \\(1 asked\\)"):
        stock_reserve(lines=[(blue.pk, 1)], actor=None, reason=RESERVED)


@pytest.mark.django_db
@pytest.mark.parametrize("lots", [0, -1, True, "2"])
def test_a_reservation_of_no_lots_is_refused(make_listing, lots):
    red, _blue = two_variants(make_listing)
    with pytest.raises(DomainError, match="at least one lot"):
        stock_reserve(lines=[(red.pk, lots)], actor=None, reason=RESERVED)
    with pytest.raises(DomainError):
        stock_reserve(lines=[], actor=None, reason=RESERVED)
    assert stock_of(red) == 5


@pytest.mark.django_db
def test_an_unknown_variant_changes_nothing(make_listing):
    red, _blue = two_variants(make_listing)
    with pytest.raises(NotFound):
        stock_reserve(lines=[(red.pk, 1), (999_999, 1)], actor=None, reason=RESERVED)
    assert stock_of(red) == 5


@pytest.mark.django_db
def test_a_release_gives_the_lots_back(make_listing, user):
    red, blue = two_variants(make_listing, red=5, blue=2)
    stock_reserve(lines=[(red.pk, 4), (blue.pk, 2)], actor=user, reason=RESERVED, reference="order:9")
    stock_release(lines=[(blue.pk, 2), (red.pk, 4)], actor=None, reference="order:9")
    assert (stock_of(red), stock_of(blue)) == (5, 2)
    release = StockReason.RELEASE
    assert movements(red, reason=release) == [(release, "order:9", 1, 5, None)]
    assert movements(blue, reason=release) == [(release, "order:9", 0, 2, None)]


@pytest.mark.django_db
def test_a_release_beyond_what_the_column_holds_is_refused(make_listing):
    red, _blue = two_variants(make_listing)
    stock_set(variant_id=red.pk, stock=2_147_483_647, actor=None)
    with pytest.raises(DomainError, match="more stock than a variant can hold"):
        stock_release(lines=[(red.pk, 1)], actor=None)
    assert stock_of(red) == 2_147_483_647


@pytest.mark.django_db
def test_setting_a_level_writes_a_movement_and_setting_it_again_does_nothing(make_listing, user):
    red, _blue = two_variants(make_listing, red=5)
    assert stock_set(variant_id=red.pk, stock=40, actor=user) == 5
    assert stock_set(variant_id=red.pk, stock=40, actor=user) == 40
    edit = StockReason.SELLER_EDIT
    assert movements(red) == [(edit, "", 0, 5, red.listing.seller.user_id), (edit, "", 5, 40, user.pk)]
    with pytest.raises(DomainError, match="negative"):
        stock_set(variant_id=red.pk, stock=-1, actor=user)
    assert stock_of(red) == 40


@pytest.mark.django_db
def test_the_lock_is_taken_in_primary_key_order(make_listing):
    red, blue = two_variants(make_listing)
    with CaptureQueriesContext(connection) as captured:
        stock_reserve(lines=[(blue.pk, 1), (red.pk, 1)], actor=None, reason=RESERVED)
    (lock,) = [q["sql"] for q in captured.captured_queries if "FOR UPDATE" in q["sql"]]
    assert 'ORDER BY "listings_listingvariant"."id" ASC' in lock
    first, second = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert f'"id" = {min(red.pk, blue.pk)} ' in first and f'"id" = {max(red.pk, blue.pk)} ' in second
    assert '"stock" >= 1' in first and '"stock" >= 1' in second  # the conditional decrement


# --- every path that changes stock leaves its movement -------------------------------------------------


@pytest.mark.django_db
def test_a_new_variant_starts_its_history_with_its_stock(make_listing, approved_seller):
    red, blue = two_variants(make_listing, red=5, blue=0)
    assert movements(red) == [(StockReason.SELLER_EDIT, "", 0, 5, approved_seller.user_id)]
    assert movements(blue) == []  # created with none: nothing changed


@pytest.mark.django_db
def test_the_listing_editor_sets_stock_through_the_module(make_listing, approved_seller, leaf_category):
    from tests.listings.conftest import listing_input

    red, blue = two_variants(make_listing, red=5, blue=2)
    stock_reserve(lines=[(red.pk, 1)], actor=None, reason=RESERVED)
    data = listing_input(
        leaf_category,
        variants=[
            VariantInput(sku="RED", options={"colour": "Red"}, stock=4),  # unchanged since the reservation
            VariantInput(sku="BLUE", options={"colour": "Blue"}, stock=9),
            VariantInput(sku="GREEN", options={"colour": "Green"}, stock=3),
        ],
    )
    services.listing_update(actor=approved_seller.user, listing_id=red.listing_id, data=data)
    found = variants_of(red.listing)
    assert {sku: v.stock for sku, v in found.items()} == {"RED": 4, "BLUE": 9, "GREEN": 3}
    edit, seller = StockReason.SELLER_EDIT, approved_seller.user_id
    assert movements(red, reason=edit) == [(edit, "", 0, 5, seller)]  # no movement for a level that did not change
    assert movements(blue) == [(edit, "", 0, 2, seller), (edit, "", 2, 9, seller)]
    assert movements(found["GREEN"]) == [(edit, "", 0, 3, seller)]


@pytest.mark.django_db
def test_the_sellers_stock_cell_writes_a_movement(client, make_listing, approved_seller):
    red, _blue = two_variants(make_listing, red=5)
    client.force_login(approved_seller.user)
    url = reverse("seller_listings:stock", kwargs={"variant_pk": red.pk})
    assert client.post(url, {"stock": "12"}, headers={"HX-Request": "true"}).status_code == 200
    edit = StockReason.SELLER_EDIT
    assert movements(red)[-1] == (edit, "", 5, 12, approved_seller.user_id)
    too_many = client.post(url, {"stock": "99999999999"}, headers={"HX-Request": "true"})
    assert too_many.status_code == 200 and "more stock than a variant can hold" in too_many.content.decode()
    assert stock_of(red) == 12


@pytest.mark.django_db
def test_an_import_records_its_stock_with_the_job(approved_seller):
    seller = approved_seller
    first = run_import(import_job_create(actor=seller.user, seller_id=seller.pk, feed=csv_feed([good_row("TB-1")])))
    again = run_import(
        import_job_create(actor=seller.user, seller_id=seller.pk, feed=csv_feed([good_row("TB-1", stock="7")]))
    )
    (variant,) = ListingVariant.objects.filter(listing__seller=seller)
    imported = StockReason.IMPORT
    assert movements(variant) == [
        (imported, f"import:{first.pk}", 0, 120, seller.user_id),
        (imported, f"import:{again.pk}", 120, 7, seller.user_id),
    ]


# --- stock on the storefront without retiring its cache -------------------------------------------------


@pytest.mark.django_db
def test_a_stock_change_retires_no_cached_page_yet_the_listing_page_shows_it(
    client, make_listing, approved_seller, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    listing = make_listing(
        variants=[
            VariantInput(sku="RED", options={"colour": "Red"}, stock=20),
            VariantInput(sku="BLUE", options={"colour": "Blue"}, stock=3),
        ]
    )
    red, blue = variants_of(listing)["RED"], variants_of(listing)["BLUE"]
    url = reverse("listings:detail", args=[listing.pk])
    assert "20 pieces available" in client.get(url).content.decode()
    version = storefront_version()

    with django_capture_on_commit_callbacks(execute=True):  # a bump queued for the commit would run here
        stock_reserve(lines=[(red.pk, 13)], actor=None, reason=RESERVED)
        services.variant_stock_update(actor=approved_seller.user, variant_id=blue.pk, stock=0)
    assert storefront_version() == version

    with django_assert_max_num_queries(3) as captured:  # the cached page and a fresh buy form
        html = client.get(url).content.decode()
    assert "listings_listingimage" not in " ".join(q["sql"] for q in captured.captured_queries)
    assert 'data-testid="stock">7 pieces available<' in html
    assert 'max="7"' in html
    blue_chip = html[html.index(f'value="{blue.pk}"') - 200 : html.index(f'value="{blue.pk}"') + 40]
    assert "is-out" in blue_chip and "disabled" in blue_chip

    with django_capture_on_commit_callbacks(execute=True):
        stock_reserve(lines=[(red.pk, 7)], actor=None, reason=RESERVED)
    assert storefront_version() == version
    html = client.get(url).content.decode()
    assert 'data-testid="stock">Out of stock<' in html
    assert 'name="lots" type="number" min="1" max="1" value="1" inputmode="numeric" disabled' in html


@pytest.mark.django_db
def test_a_price_change_still_retires_the_cached_pages(client, make_listing, approved_seller, leaf_category):
    from tests.listings.conftest import listing_input

    listing = make_listing()
    client.get(reverse("listings:detail", args=[listing.pk]))
    version = storefront_version()
    services.listing_update(
        actor=approved_seller.user, listing_id=listing.pk, data=listing_input(leaf_category, price="99.00")
    )
    assert storefront_version() > version


# --- real concurrency on PostgreSQL ---------------------------------------------------------------------


def run_threads(targets: list, timeout: float = 60) -> None:
    """Start every target together (a barrier after each has its own connection)
    and wait; a thread still running after `timeout` is a hang."""
    barrier = threading.Barrier(len(targets))

    def wrap(target):
        def run():
            try:
                connection.ensure_connection()
                barrier.wait(timeout)
                target()
            finally:
                connection.close()

        return run

    threads = [threading.Thread(target=wrap(t), daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not [t for t in threads if t.is_alive()], "a thread hung (deadlock?)"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(20))
def test_fifty_buyers_racing_for_ten_lots_get_exactly_ten(make_listing, round_):
    red, _blue = two_variants(make_listing, red=10, blue=0)
    outcomes: list = []

    def buy():
        try:
            stock_reserve(lines=[(red.pk, 1)], actor=None, reason=RESERVED, reference=f"round:{round_}")
            outcomes.append("reserved")
        except InsufficientStock:
            outcomes.append("sold out")
        except Exception as exc:  # a deadlock or anything else fails the test below, by name
            outcomes.append(repr(exc))

    run_threads([buy] * 50)
    assert sorted(outcomes) == ["reserved"] * 10 + ["sold out"] * 40
    assert stock_of(red) == 0
    reserved = StockMovement.objects.filter(variant=red, reason=RESERVED).order_by("before")
    assert [(m.before, m.after) for m in reserved] == [(n, n - 1) for n in range(1, 11)]


@pytest.mark.django_db(transaction=True)
def test_two_checkouts_locking_the_same_variants_in_opposite_orders_never_deadlock(make_listing):
    red, blue = two_variants(make_listing, red=10, blue=10)
    errors: list = []
    rounds = 40

    def checkout(lines):
        def run():
            for n in range(rounds):
                try:
                    stock_reserve(lines=lines, actor=None, reason=RESERVED, reference=f"order:{n}")
                    stock_release(lines=list(reversed(lines)), actor=None, reference=f"order:{n}")
                except Exception as exc:
                    errors.append(repr(exc))

        return run

    run_threads([checkout([(red.pk, 1), (blue.pk, 1)]), checkout([(blue.pk, 1), (red.pk, 1)])])
    assert errors == []
    assert (stock_of(red), stock_of(blue)) == (10, 10)
    for variant in (red, blue):
        assert StockMovement.objects.filter(variant=variant, reason=RESERVED).count() == 2 * rounds
        assert StockMovement.objects.filter(variant=variant, reason=StockReason.RELEASE).count() == 2 * rounds
