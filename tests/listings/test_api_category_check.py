"""The seller listing API and an import's suggested category: a draft whose
Taobao cid was unknown shows `category_check` and the suggested category (one
listing and the list); PATCH of `category` confirms or changes it and clears the
flag (the same service as the listings table's picker); another seller's
listing is not found; a bad category is a 400 naming the field."""

import pytest
from rest_framework.test import APIClient

from listings.imports.services import import_job_create
from listings.models import Category, Listing
from tests.listings.test_import_helpers import packet_csv, packet_item, packet_pictures, packet_zip, run_import

pytestmark = pytest.mark.django_db

SELLER_LISTINGS = "/api/v1/seller/listings/"


def own_url(listing_id: int) -> str:
    return f"{SELLER_LISTINGS}{listing_id}/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def imported(approved_seller) -> dict[str, Listing]:
    """Two drafts from a real Taobao packet: a dress (a mapped cid) and a vase (an unknown cid, flagged)."""
    items = [
        packet_item("PK-1", skuProps="", picture="dress:1:0:|;"),
        packet_item("PK-2", title="北欧简约陶瓷花瓶客厅摆件", cid="50099999", skuProps="", picture="vase:1:0:|;"),
    ]
    feed = packet_zip(packet_csv(items), packet_pictures(["dress", "vase"]))
    job = run_import(import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=feed))
    assert (job.created_rows, job.failed_rows) == (2, 0)
    return {listing.source_id: listing for listing in Listing.objects.filter(seller=approved_seller)}


@pytest.fixture
def seller_client(approved_seller) -> APIClient:
    return client_for(approved_seller.user)


def test_a_flagged_draft_shows_the_flag_and_its_suggested_category(seller_client, imported):
    ceramics = Category.objects.get(slug="ceramics")
    body = seller_client.get(own_url(imported["PK-2"].pk)).json()
    assert body["category_check"] is True
    assert body["suggested_category"] == {"id": ceramics.pk, "slug": "ceramics", "name": "Ceramics & vases"}
    assert "Check the category: an import suggested it." in body["publish_problems"]

    dress = seller_client.get(own_url(imported["PK-1"].pk)).json()
    assert dress["category_check"] is False and dress["suggested_category"] is None

    rows = {row["id"]: row for row in seller_client.get(SELLER_LISTINGS).json()["results"]}
    assert rows[imported["PK-2"].pk]["category_check"] is True
    assert rows[imported["PK-2"].pk]["suggested_category"]["slug"] == "ceramics"
    assert (rows[imported["PK-1"].pk]["category_check"], rows[imported["PK-1"].pk]["suggested_category"]) == (
        False,
        None,
    )


def test_patching_the_category_changes_it_and_clears_the_flag(seller_client, imported):
    vase = imported["PK-2"]
    tableware = Category.objects.get(slug="tableware")
    response = seller_client.patch(own_url(vase.pk), {"category": tableware.pk}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["category"], body["category_slug"]) == (tableware.pk, "tableware")
    assert body["category_check"] is False and body["suggested_category"] is None
    assert "Check the category: an import suggested it." not in body["publish_problems"]
    vase.refresh_from_db()
    assert vase.category == tableware and not vase.category_check
    # Nothing else changed.
    assert vase.title == "北欧简约陶瓷花瓶客厅摆件" and vase.variants.count() == 1


def test_patching_the_suggested_category_itself_confirms_it(seller_client, imported):
    vase = imported["PK-2"]
    response = seller_client.patch(own_url(vase.pk), {"category": vase.category_id}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["category_check"] is False
    vase.refresh_from_db()
    assert vase.category.slug == "ceramics" and not vase.category_check


def test_patching_other_fields_leaves_the_flag_but_sending_the_category_with_them_clears_it(
    seller_client, make_listing
):
    listing = make_listing(publish=False)
    Listing.objects.filter(pk=listing.pk).update(category_check=True)
    response = seller_client.patch(own_url(listing.pk), {"processing_days": 2}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["category_check"] is True
    listing.refresh_from_db()
    assert listing.processing_days == 2 and listing.category_check

    skirts = Category.objects.get(slug="skirts")
    response = seller_client.patch(own_url(listing.pk), {"processing_days": 4, "category": skirts.pk}, format="json")
    assert response.status_code == 200, response.json()
    listing.refresh_from_db()
    assert (listing.processing_days, listing.category, listing.category_check) == (4, skirts, False)


def test_another_sellers_listing_is_not_found_and_keeps_its_flag(imported, make_seller):
    stranger = client_for(make_seller(status="approved", country="IT").user)
    vase = imported["PK-2"]
    tableware = Category.objects.get(slug="tableware")
    assert stranger.get(own_url(vase.pk)).status_code == 404
    response = stranger.patch(own_url(vase.pk), {"category": tableware.pk}, format="json")
    assert response.status_code == 404
    vase.refresh_from_db()
    assert vase.category.slug == "ceramics" and vase.category_check


@pytest.mark.parametrize(
    "category",
    [
        pytest.param(lambda: Category.objects.get(slug="home-garden").pk, id="a top-level category"),
        pytest.param(lambda: 987654321, id="no such category"),
        pytest.param(lambda: "vase", id="not a number"),
        pytest.param(lambda: None, id="null"),
    ],
)
def test_a_bad_category_is_a_400_naming_the_field_and_changes_nothing(seller_client, imported, category):
    vase = imported["PK-2"]
    response = seller_client.patch(own_url(vase.pk), {"category": category()}, format="json")
    assert response.status_code == 400, response.json()
    assert list(response.json()["error"]["fields"]) == ["category"]
    vase.refresh_from_db()
    assert vase.category.slug == "ceramics" and vase.category_check
