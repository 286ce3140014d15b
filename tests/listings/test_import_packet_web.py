"""Taobao Assistant data packets through the API and the seller centre: the
packet zip uploaded as `feed` is detected (202, feed_format "packet"), the
report carries warnings beside errors; the seller page takes the zip, the job
page lists what to check; the listings table flags a suggested category with a
picker that fixes it (and the editor's save confirms it); another seller gets
404s; the table's queries stay bounded with flagged rows."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from listings import services
from listings.imports.services import import_job_create
from listings.models import Category, ImportJob, Listing
from tests.factories import UserFactory
from tests.listings.conftest import listing_input
from tests.listings.test_import_helpers import (
    packet_csv,
    packet_item,
    packet_pictures,
    packet_zip,
    run_import,
    zip_upload,
)

pytestmark = pytest.mark.django_db

IMPORTS_API = "/api/v1/seller/imports/"
IMPORTS = reverse("seller_listings:imports")
INDEX = reverse("seller_listings:index")


def mixed_packet():
    items = [
        packet_item("PK-1"),
        packet_item("PK-2", title="北欧简约陶瓷花瓶客厅摆件", cid="50099999", skuProps="", picture="vase:1:0:|;"),
        packet_item("PK-3", price="0"),
    ]
    return packet_zip(packet_csv(items, encoding="gbk"), packet_pictures(["pk-1main1"]))


@pytest.fixture
def api(approved_seller) -> APIClient:
    client = APIClient()
    client.force_authenticate(approved_seller.user)
    return client


@pytest.fixture
def seller_client(client, approved_seller):
    client.force_login(approved_seller.user)
    return client


def test_the_api_takes_a_packet_zip_as_the_feed_and_reports_errors_and_warnings(api, approved_seller, make_seller):
    response = api.post(IMPORTS_API, {"feed": mixed_packet()}, format="multipart")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert (body["feed_format"], body["total_rows"], body["images_name"]) == ("packet", 3, "宝贝.zip")

    run_import(ImportJob.objects.get(pk=body["id"]))
    job = api.get(f"{IMPORTS_API}{body['id']}/").json()
    assert (job["status"], job["created_rows"], job["failed_rows"]) == ("done", 2, 1)
    report = api.get(f"{IMPORTS_API}{body['id']}/report/").json()
    assert [(r["row"], r["source_id"], r["field"], r["severity"]) for r in report["results"]] == [
        (5, "PK-2", "cid", "warning"),
        (5, "PK-2", "picture", "warning"),
        (6, "PK-3", "price", "error"),
    ]

    other = APIClient()
    other.force_authenticate(make_seller(status="approved", country="CN").user)
    assert other.get(f"{IMPORTS_API}{body['id']}/report/").status_code == 404


def test_the_api_refuses_a_zip_without_a_packet_naming_the_feed(api):
    response = api.post(IMPORTS_API, {"feed": zip_upload({"a.jpg": b"x"}, name="photos.zip")}, format="multipart")
    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == ["feed"] and "no Taobao Assistant data packet" in error["message"]
    assert not ImportJob.objects.exists()


def test_the_seller_page_imports_a_packet_and_the_table_flags_then_fixes_the_category(seller_client, approved_seller):
    response = seller_client.post(IMPORTS, {"feed": mixed_packet()})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.feed_format == "packet"
    run_import(job)
    page = seller_client.get(reverse("seller_listings:import_detail", args=[job.pk])).content.decode()
    assert 'data-testid="import-warnings"' in page and 'data-testid="import-report"' in page
    assert "Taobao category 50099999 is not in our mapping" in page
    assert "the three header lines are rows 1 to 3" in page

    vase, dress = Listing.objects.get(source_id="PK-2"), Listing.objects.get(source_id="PK-1")
    table = seller_client.get(INDEX).content.decode()
    assert (
        f'data-testid="category-check-{vase.pk}"' in table and f'data-testid="category-check-{dress.pk}"' not in table
    )
    assert "Check the category" in table
    assert f'<option value="{vase.category_id}" selected>' in table  # the suggestion, preselected

    tableware = Category.objects.get(slug="tableware")
    url = reverse("seller_listings:category_confirm", args=[vase.pk])
    refused = seller_client.post(url, {"category": tableware.parent_id, "next": INDEX})  # a top-level one
    assert refused.status_code == 302
    vase.refresh_from_db()
    assert vase.category_check
    done = seller_client.post(url, {"category": tableware.pk, "next": INDEX})
    assert done.status_code == 302 and done["Location"] == INDEX
    vase.refresh_from_db()
    assert vase.category == tableware and not vase.category_check
    assert f'data-testid="category-check-{vase.pk}"' not in seller_client.get(INDEX).content.decode()


def test_saving_the_editor_confirms_a_suggested_category(seller_client, approved_seller):
    job = import_job_create(actor=approved_seller.user, seller_id=approved_seller.pk, feed=mixed_packet(), images=None)
    run_import(job)
    vase = Listing.objects.get(source_id="PK-2")
    edit = reverse("seller_listings:edit", args=[vase.pk])
    form = seller_client.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    editor = seller_client.get(edit).context["editor"]
    for formset in editor.formsets:
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for index, sub in enumerate(formset.forms):
            for name in sub.fields:
                value = sub[name].value()
                if value not in (None, ""):
                    data[f"{formset.prefix}-{index}-{name}"] = value
    response = seller_client.post(edit, data)
    assert response.status_code == 302, response.context and response.context["editor"].form.errors
    vase.refresh_from_db()
    assert not vase.category_check


def test_another_seller_cannot_confirm_a_category(client, approved_seller, make_seller, leaf_category):
    listing = services.listing_create(
        actor=approved_seller.user, seller_id=approved_seller.pk, data=listing_input(leaf_category)
    )
    Listing.objects.filter(pk=listing.pk).update(category_check=True)
    client.force_login(make_seller(status="approved", country="CN", user=UserFactory()).user)
    url = reverse("seller_listings:category_confirm", args=[listing.pk])
    assert client.post(url, {"category": leaf_category.pk}).status_code == 404
    listing.refresh_from_db()
    assert listing.category_check


@pytest.mark.parametrize("n", [4, 40])
def test_the_table_with_flagged_rows_needs_a_bounded_number_of_queries(
    seller_client, approved_seller, leaf_category, django_assert_max_num_queries, n
):
    for i in range(n):
        listing = services.listing_create(
            actor=approved_seller.user,
            seller_id=approved_seller.pk,
            data=listing_input(leaf_category, title=f"Imported dress number {i}"),
        )
        Listing.objects.filter(pk=listing.pk).update(category_check=i % 2 == 0)
    with django_assert_max_num_queries(9):
        response = seller_client.get(INDEX)
    assert response.content.decode().count('class="category-check"') == n // 2
