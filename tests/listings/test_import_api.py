"""The import API: upload (202 with the job), list, one job's progress and its
report; 400 naming the field on a bad upload; another seller's job 404; a
store not approved 403; anonymous 401."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from listings.models import ImportJob
from tests.listings.test_import_helpers import csv_feed, good_row, json_feed, run_import, zip_upload

pytestmark = pytest.mark.django_db

IMPORTS = "/api/v1/seller/imports/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def seller_client(approved_seller) -> APIClient:
    return client_for(approved_seller.user)


def test_upload_answers_202_and_the_job_reports_progress_and_errors(seller_client, approved_seller):
    feed = json_feed([good_row("A"), good_row("B", weight_g="-1"), good_row("C", category="不存在/分类")])
    response = seller_client.post(IMPORTS, {"feed": feed, "images": zip_upload({"a.jpg": b"x"})}, format="multipart")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "queued" and body["total_rows"] == 3 and body["processed_rows"] == 0
    assert body["feed_format"] == "json" and body["images_name"] == "images.zip"

    run_import(ImportJob.objects.get(pk=body["id"]))
    job = seller_client.get(f"{IMPORTS}{body['id']}/").json()
    assert (job["status"], job["percent"], job["created_rows"], job["failed_rows"]) == ("done", 100, 1, 2)
    report = seller_client.get(f"{IMPORTS}{body['id']}/report/").json()
    assert report["count"] == 2
    assert [(r["row"], r["source_id"], r["field"]) for r in report["results"]] == [
        (2, "B", "weight_g"),
        (3, "C", "category"),
    ]
    listing = seller_client.get(IMPORTS).json()
    assert [j["id"] for j in listing["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "feed"),
        ({"feed": csv_feed([good_row()], name="feed.txt")}, "feed"),
        ({"feed": csv_feed([good_row()], columns=["title", "price_cny"])}, "feed"),
        ({"feed": csv_feed([good_row()]), "images": csv_feed([good_row()], name="a.zip")}, "images"),
    ],
)
def test_a_bad_upload_is_a_400_naming_the_field(seller_client, data, field):
    response = seller_client.post(IMPORTS, data, format="multipart")
    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == [field] and error["message"]
    assert not ImportJob.objects.exists()


def test_a_deeply_nested_json_feed_is_a_400_not_a_recursion_error(seller_client):
    feed = SimpleUploadedFile("feed.json", b"[" * 100_000 + b"]" * 100_000, content_type="application/json")
    response = seller_client.post(IMPORTS, {"feed": feed}, format="multipart")
    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == ["feed"] and "levels deep" in error["message"]
    assert not ImportJob.objects.exists()


def test_another_sellers_import_is_not_found(seller_client, make_seller):
    other = make_seller(status="approved", country="CN")
    response = client_for(other.user).post(IMPORTS, {"feed": csv_feed([good_row()])}, format="multipart")
    job_id = response.json()["id"]
    for url in (f"{IMPORTS}{job_id}/", f"{IMPORTS}{job_id}/report/"):
        assert seller_client.get(url).status_code == 404
    assert seller_client.get(IMPORTS).json()["count"] == 0


def test_a_store_not_approved_is_refused_and_anonymous_must_authenticate(make_seller, api_client):
    submitted = make_seller(status="submitted", country="CN")
    client = client_for(submitted.user)
    response = client.post(IMPORTS, {"feed": csv_feed([good_row()])}, format="multipart")
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    assert client.get(IMPORTS).status_code == 403
    # Anonymous: no credentials is 401 with the challenge (403 is for a known but refused caller).
    for response in (
        api_client.get(IMPORTS),
        api_client.get(f"{IMPORTS}1/report/"),
        api_client.post(IMPORTS, {"feed": csv_feed([good_row()])}, format="multipart"),
    ):
        assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"
        assert response["WWW-Authenticate"] == "Token"
    assert not ImportJob.objects.exists()
