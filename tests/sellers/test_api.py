"""The applicant's seller API and the public store profile, end to end through
HTTP (APIClient), the real services and PostgreSQL."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from PIL import Image
from rest_framework.test import APIClient

from sellers import services
from sellers.models import Seller, SellerDocument, SellerEvent, SellerStatus
from tests.factories import UserFactory
from tests.sellers.conftest import (
    PDF_BYTES,
    VALID_NUMBERS,
    application_data,
    email_callbacks,
    generated_number,
    image_bytes,
)

pytestmark = pytest.mark.django_db

APPLICATION = "/api/v1/seller/application/"
DOCUMENTS = "/api/v1/seller/application/documents/"
SUBMIT = "/api/v1/seller/application/submit/"


@pytest.fixture
def private_media(settings):
    return settings.PRIVATE_MEDIA_ROOT  # a per-test folder (tests/conftest.py)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def upload(client, kind="business_licence", name="licence.pdf", content=PDF_BYTES):
    return client.post(DOCUMENTS, {"kind": kind, "file": SimpleUploadedFile(name, content)}, format="multipart")


def error_fields(response) -> dict:
    return response.json()["error"]["fields"]


TURKISH = {
    "store_name": "Kapadokya Tekstil",
    "country": "TR",
    "legal_entity_type": "company",
    "legal_name": "Kapadokya Tekstil Sanayi ve Ticaret Ltd. Şti.",
    "registration_number": "481 052 3674",
    "business_address": "Organize Sanayi Bölgesi 2. Cadde No: 8, 50100 Nevşehir",
    "contact_phone": "+90 384 213 45 67",
    "store_language": "tr",
    "description": "Kapadokya'da dokunan pamuklu peştemaller.",
}


# --- the whole journey -----------------------------------------------------------------


def test_applicant_flow_from_draft_to_public_store(
    auth_api_client, user, vetting_officer, django_capture_on_commit_callbacks, api_client
):
    assert auth_api_client.get(APPLICATION).status_code == 404

    created = auth_api_client.post(APPLICATION, TURKISH, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["editable"] is True
    assert body["registration_number"] == "4810523674"
    assert body["contact_phone"] == "+903842134567"
    assert (body["country"], body["country_name"], body["settlement_currency"]) == ("TR", "Türkiye", "TRY")
    assert body["required_documents"] == ["business_licence", "representative_id", "tax_certificate"]
    assert body["missing_documents"] == body["required_documents"]
    assert body["documents"] == []

    licence = upload(auth_api_client, "business_licence", "ticaret-sicil.pdf", PDF_BYTES)
    passport = upload(auth_api_client, "representative_id", "pasaport.jpg", image_bytes("JPEG"))
    tax = upload(auth_api_client, "tax_certificate", "vergi-levhasi.png", image_bytes("PNG"))
    assert [r.status_code for r in (licence, passport, tax)] == [201, 201, 201]
    assert passport.json()["content_type"] == "image/jpeg"
    assert licence.json()["original_name"] == "ticaret-sicil.pdf"

    current = auth_api_client.get(APPLICATION).json()
    assert current["missing_documents"] == []
    assert {d["kind"] for d in current["documents"]} == {"business_licence", "representative_id", "tax_certificate"}

    with django_capture_on_commit_callbacks() as callbacks:
        submitted = auth_api_client.post(SUBMIT)
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted" and submitted.json()["editable"] is False
    assert submitted.json()["submitted_at"]
    assert len(email_callbacks(callbacks)) == 1  # the status email, queued for after the commit

    seller = Seller.objects.get(user=user)
    assert api_client.get(f"/api/v1/stores/{seller.slug}/").status_code == 404
    services.seller_approve(seller_id=seller.pk, actor=vetting_officer)

    store = api_client.get(f"/api/v1/stores/{seller.slug}/")
    assert store.status_code == 200
    seller.refresh_from_db()
    assert store.json() == {
        "store_name": "Kapadokya Tekstil",
        "slug": "kapadokya-tekstil",
        "country": "TR",
        "country_name": "Türkiye",
        "member_since": seller.approved_at.isoformat().replace("+00:00", "Z"),
        "description": "Kapadokya'da dokunan pamuklu peştemaller.",
        "store_language": "tr",
        "settlement_currency": "TRY",
        "logo": None,
    }
    mine = auth_api_client.get(APPLICATION).json()
    assert mine["status"] == "approved" and mine["approved_at"]


def test_documents_are_stored_privately_under_a_generated_name(auth_api_client, make_seller, user, private_media):
    make_seller(user=user)
    response = upload(auth_api_client, name="../../etc/passwd.pdf")
    assert response.status_code == 201
    document = SellerDocument.objects.get(pk=response.json()["id"])
    path = document.file.path
    # Never the uploader's name: seller-documents/<seller id>/<random hex>.
    assert os.path.dirname(path) == str(private_media / "seller-documents" / str(document.seller_id))
    assert "passwd" not in os.path.basename(path)
    assert "file" not in response.json() and "url" not in response.json()


# --- country, registration number, other fields --------------------------------------------


@pytest.mark.parametrize("country", ["DE", "US", "de", "ZZ", ""])
def test_country_outside_the_five_is_refused_and_nothing_is_created(auth_api_client, country):
    response = auth_api_client.post(APPLICATION, {**TURKISH, "country": country}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == ["country"]
    if country:
        assert "China, Russia, Italy, Spain or Turkey" in error["fields"]["country"][0]
    assert Seller.objects.count() == 0
    assert SellerEvent.objects.count() == 0


def test_country_code_in_lower_case_is_accepted(auth_api_client):
    response = auth_api_client.post(APPLICATION, {**TURKISH, "country": "tr"}, format="json")
    assert response.status_code == 201
    assert response.json()["country"] == "TR"


@pytest.mark.parametrize(("country", "number"), [(c, n) for c, numbers in VALID_NUMBERS.items() for n in numbers])
def test_valid_registration_numbers_of_each_country(country, number):
    client = client_for(UserFactory())
    response = client.post(APPLICATION, application_data(country, 1, registration_number=number), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["registration_number"] == number
    assert (
        response.json()["settlement_currency"]
        == {"CN": "CNY", "RU": "RUB", "IT": "EUR", "ES": "EUR", "TR": "TRY"}[country]
    )


@pytest.mark.parametrize(
    ("country", "number"),
    [
        ("CN", "91110000600037341M"),
        ("CN", "9111000060003734"),
        ("RU", "7707083894"),
        ("RU", "500100732259"),  # an individual's INN, applying as a company
        ("IT", "00743110158"),
        ("IT", "0074311015"),
        ("ES", "B58378432"),
        ("ES", "12345678A"),
        ("TR", "4540536921"),
        ("TR", "45405369"),
        ("TR", "not a number"),
    ],
)
def test_invalid_registration_number_names_the_field(auth_api_client, country, number):
    response = auth_api_client.post(
        APPLICATION, application_data(country, 1, registration_number=number), format="json"
    )
    assert response.status_code == 400
    assert list(error_fields(response)) == ["registration_number"]
    assert "Expected" in error_fields(response)["registration_number"][0]
    assert Seller.objects.count() == 0


def test_duplicate_registration_number_is_refused(make_seller, auth_api_client):
    existing = make_seller(country="IT")
    spaced = " ".join(existing.registration_number[i : i + 3] for i in range(0, 11, 3))
    response = auth_api_client.post(APPLICATION, application_data("IT", 99, registration_number=spaced), format="json")
    assert response.status_code == 400
    assert "already registered" in error_fields(response)["registration_number"][0]
    assert Seller.objects.count() == 1


def test_duplicate_registration_number_with_country_prefix_is_refused(make_seller, auth_api_client):
    existing = make_seller(country="IT")
    response = auth_api_client.post(
        APPLICATION,
        application_data("IT", 99, registration_number=f"IT{existing.registration_number}"),
        format="json",
    )
    assert response.status_code == 400


def test_duplicate_store_name_is_refused_whatever_the_case(make_seller, auth_api_client):
    make_seller(store_name="Kapadokya Tekstil")
    response = auth_api_client.post(APPLICATION, {**TURKISH, "store_name": "KAPADOKYA  tekstil"}, format="json")
    assert response.status_code == 400
    assert list(error_fields(response)) == ["store_name"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"store_name": None}, "store_name"),
        ({"legal_entity_type": "cooperative"}, "legal_entity_type"),
        ({"store_language": "de"}, "store_language"),
        ({"legal_name": ""}, "legal_name"),
        ({"business_address": "x" * 501}, "business_address"),
        ({"contact_phone": "12"}, "contact_phone"),
        ({"contact_phone": "+90 000 000 00 00"}, "contact_phone"),
        ({"store_name": "ab"}, "store_name"),
        ({"description": "x" * 1001}, "description"),
    ],
)
def test_bad_fields_are_named(auth_api_client, change, field):
    data = {k: v for k, v in {**TURKISH, **change}.items() if v is not None}
    response = auth_api_client.post(APPLICATION, data, format="json")
    assert response.status_code == 400, response.json()
    assert field in error_fields(response)
    assert response.json()["error"]["message"]
    assert Seller.objects.count() == 0


def test_post_when_already_applied_is_a_conflict(make_seller, user, auth_api_client):
    make_seller(user=user)
    response = auth_api_client.post(APPLICATION, TURKISH, format="json")
    assert response.status_code == 409
    assert Seller.objects.get(user=user).store_name != TURKISH["store_name"]


# --- PATCH --------------------------------------------------------------------------------


def test_patch_changes_only_the_given_fields(make_seller, user, auth_api_client):
    seller = make_seller(user=user, country="TR")
    before = auth_api_client.get(APPLICATION).json()
    response = auth_api_client.patch(APPLICATION, {"description": "Peştemal ve havlu."}, format="json")
    assert response.status_code == 200, response.json()
    after = response.json()
    assert after["description"] == "Peştemal ve havlu."
    for name in ("store_name", "registration_number", "contact_phone", "country", "legal_name", "slug"):
        assert after[name] == before[name]
    seller.refresh_from_db()
    assert seller.description == "Peştemal ve havlu."


def test_patch_can_move_the_application_to_another_allowed_country(make_seller, user, auth_api_client):
    make_seller(user=user, country="TR")
    response = auth_api_client.patch(
        APPLICATION,
        {"country": "IT", "registration_number": generated_number("IT", 50), "contact_phone": "+39 06 6982 1234"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["country"], response.json()["settlement_currency"]) == ("IT", "EUR")
    assert response.json()["required_documents"] == ["business_licence", "representative_id"]


def test_patch_bad_number_names_the_field_and_changes_nothing(make_seller, user, auth_api_client):
    seller = make_seller(user=user, country="ES")
    response = auth_api_client.patch(APPLICATION, {"registration_number": "B58378432", "description": "Nuevo"})
    assert response.status_code == 400
    assert list(error_fields(response)) == ["registration_number"]
    seller.refresh_from_db()
    assert seller.description == "Hand-picked goods."


def test_patch_to_a_refused_country_names_country(make_seller, user, auth_api_client):
    make_seller(user=user)
    response = auth_api_client.patch(APPLICATION, {"country": "FR"}, format="json")
    assert response.status_code == 400
    assert list(error_fields(response)) == ["country"]
    assert Seller.objects.get(user=user).country == "TR"


def test_patch_after_submission_is_a_conflict(make_seller, user, auth_api_client):
    seller = make_seller(SellerStatus.SUBMITTED, user=user)
    response = auth_api_client.patch(APPLICATION, {"description": "changed"}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    seller.refresh_from_db()
    assert seller.description == "Hand-picked goods."


def test_patch_when_changes_are_requested_is_allowed(make_seller, user, auth_api_client):
    make_seller(SellerStatus.CHANGES_REQUESTED, user=user)
    body = auth_api_client.get(APPLICATION).json()
    assert body["staff_message"] == "Blurry ID" and body["editable"] is True
    response = auth_api_client.patch(APPLICATION, {"description": "Sharper scans attached."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "changes_requested"


def test_patch_without_an_application_is_404(auth_api_client):
    assert auth_api_client.patch(APPLICATION, {"description": "x"}, format="json").status_code == 404


# --- documents ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("licence.pdf", PDF_BYTES, "application/pdf"),
        ("scan.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("scan.png", image_bytes("PNG"), "image/png"),
        ("scan.pdf", image_bytes("PNG"), "image/png"),  # judged by content, not by name
    ],
)
def test_document_upload_accepts_pdf_jpeg_png(make_seller, user, auth_api_client, name, content, content_type):
    make_seller(user=user)
    response = upload(auth_api_client, "representative_id", name, content)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["content_type"]) == ("representative_id", content_type)
    document = SellerDocument.objects.get(pk=body["id"])
    assert document.uploaded_by == user
    with document.file.open("rb") as stored:
        data = stored.read()
    assert body["size"] == len(data)
    if content_type == "application/pdf":
        assert data == content
    else:  # an image is stored re-encoded (no metadata), the same picture
        with Image.open(io.BytesIO(data)) as image, Image.open(io.BytesIO(content)) as sent:
            assert image.get_format_mimetype() == content_type and image.size == sent.size


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("licence.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        ("licence.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200),
        ("passport.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
        ("licence.pdf", b""),
        ("licence.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)),  # over the 10 MB cap
        ("licence.pdf", b"%PDF-1.4\n1 0 obj\n"),  # cut off: no %%EOF
        ("passport.png", image_bytes("PNG")[:60]),  # truncated image
    ],
    ids=["html-as-pdf", "elf-as-pdf", "exe-as-png", "empty", "oversized", "truncated-pdf", "truncated-png"],
)
def test_document_upload_refuses_other_content(make_seller, user, auth_api_client, name, content):
    make_seller(user=user)
    response = upload(auth_api_client, "business_licence", name, content)
    assert response.status_code == 400
    assert list(error_fields(response)) == ["file"]
    assert SellerDocument.objects.count() == 0


def test_document_upload_needs_a_kind_and_a_file(make_seller, user, auth_api_client):
    make_seller(user=user)
    bad_kind = upload(auth_api_client, kind="selfie")
    assert bad_kind.status_code == 400 and list(error_fields(bad_kind)) == ["kind"]
    no_file = auth_api_client.post(DOCUMENTS, {"kind": "business_licence"}, format="multipart")
    assert no_file.status_code == 400 and list(error_fields(no_file)) == ["file"]
    as_json = auth_api_client.post(DOCUMENTS, {"kind": "business_licence", "file": "JVBERi0="}, format="json")
    assert as_json.status_code == 415
    assert SellerDocument.objects.count() == 0


def test_document_upload_without_an_application_is_404(auth_api_client):
    assert upload(auth_api_client).status_code == 404


def test_document_upload_after_submission_is_a_conflict(make_seller, user, auth_api_client):
    make_seller(SellerStatus.SUBMITTED, user=user)
    assert upload(auth_api_client).status_code == 409


def test_delete_own_document_removes_row_and_file(
    make_seller, user, auth_api_client, django_capture_on_commit_callbacks
):
    make_seller(user=user)
    document = SellerDocument.objects.get(pk=upload(auth_api_client).json()["id"])
    path = document.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_api_client.delete(f"{DOCUMENTS}{document.pk}/")
    assert response.status_code == 204
    assert not SellerDocument.objects.filter(pk=document.pk).exists()
    assert not os.path.exists(path)


def test_another_users_document_is_not_found(make_seller, user, auth_api_client):
    make_seller(user=user)
    other = UserFactory()
    make_seller(user=other)
    theirs = SellerDocument.objects.get(pk=upload(client_for(other)).json()["id"])
    response = auth_api_client.delete(f"{DOCUMENTS}{theirs.pk}/")
    assert response.status_code == 404
    assert SellerDocument.objects.filter(pk=theirs.pk).exists()
    # Without an application of one's own it is just as invisible.
    assert client_for(UserFactory()).delete(f"{DOCUMENTS}{theirs.pk}/").status_code == 404


def test_delete_after_submission_is_a_conflict(make_seller, user, auth_api_client):
    seller = make_seller(SellerStatus.SUBMITTED, user=user)
    document = seller.documents.first()
    assert auth_api_client.delete(f"{DOCUMENTS}{document.pk}/").status_code == 409
    assert SellerDocument.objects.filter(pk=document.pk).exists()


# --- submit -------------------------------------------------------------------------------


def test_submit_needs_the_required_documents(make_seller, user, auth_api_client):
    make_seller(user=user, country="TR")
    upload(auth_api_client, "business_licence")
    response = auth_api_client.post(SUBMIT)
    assert response.status_code == 400
    assert "Tax registration certificate" in error_fields(response)["documents"][0]
    assert Seller.objects.get(user=user).status == SellerStatus.DRAFT


def test_submit_twice_is_idempotent(make_seller, user, auth_api_client):
    make_seller(user=user, country="CN")
    upload(auth_api_client, "business_licence")
    upload(auth_api_client, "representative_id", "id.png", image_bytes("PNG"))
    first = auth_api_client.post(SUBMIT)
    second = auth_api_client.post(SUBMIT)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert SellerEvent.objects.filter(seller__user=user, to_status=SellerStatus.SUBMITTED).count() == 1


def test_submit_after_a_decision_is_a_conflict(make_seller, user, auth_api_client):
    make_seller(SellerStatus.REJECTED, user=user)
    response = auth_api_client.post(SUBMIT)
    assert response.status_code == 409
    assert Seller.objects.get(user=user).status == SellerStatus.REJECTED


def test_submit_without_an_application_is_404(auth_api_client):
    assert auth_api_client.post(SUBMIT).status_code == 404


# --- who sees what ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", APPLICATION),
        ("post", APPLICATION),
        ("patch", APPLICATION),
        ("post", DOCUMENTS),
        ("delete", f"{DOCUMENTS}1/"),
        ("post", SUBMIT),
    ],
)
def test_anonymous_is_refused(api_client, make_seller, method, url):
    make_seller()
    response = getattr(api_client, method)(url, {}, format="json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "not_authenticated"


def test_each_user_sees_only_their_own_application(make_seller, user, auth_api_client):
    other = make_seller(store_name="Someone Else's Store")
    assert auth_api_client.get(APPLICATION).status_code == 404
    mine = make_seller(user=user)
    body = auth_api_client.get(APPLICATION).json()
    assert body["id"] == mine.pk != other.pk
    assert client_for(other.user).get(APPLICATION).json()["store_name"] == "Someone Else's Store"


def test_reading_the_application_takes_a_bounded_number_of_queries(
    make_seller, user, auth_api_client, django_assert_max_num_queries
):
    make_seller(SellerStatus.SUBMITTED, user=user, country="TR")
    with django_assert_max_num_queries(4):
        response = auth_api_client.get(APPLICATION)
    assert len(response.json()["documents"]) == 3


# --- public store ---------------------------------------------------------------------------


def test_public_store_of_an_approved_seller(api_client, make_seller):
    seller = make_seller(SellerStatus.APPROVED, country="CN")
    response = api_client.get(f"/api/v1/stores/{seller.slug}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["store_name"], body["country"], body["country_name"]) == (seller.store_name, "CN", "China")
    assert (body["store_language"], body["settlement_currency"]) == ("zh-hans", "CNY")
    assert body["member_since"]
    # Nothing private leaks into the public profile.
    assert not {"registration_number", "legal_name", "contact_phone", "business_address", "status"} & set(body)


@pytest.mark.parametrize(
    "status",
    [SellerStatus.DRAFT, SellerStatus.SUBMITTED, SellerStatus.SUSPENDED, SellerStatus.REJECTED],
)
def test_public_store_is_404_unless_approved(api_client, make_seller, status):
    seller = make_seller(status)
    response = api_client.get(f"/api/v1/stores/{seller.slug}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_store_is_404(api_client):
    assert api_client.get("/api/v1/stores/no-such-store/").status_code == 404


# --- the database's own guard ---------------------------------------------------------------


def test_database_refuses_a_seller_from_another_country():
    user = UserFactory()
    row = Seller(
        user=user,
        store_name="Berliner Waren",
        slug="berliner-waren",
        country="DE",
        legal_entity_type="company",
        legal_name="Berliner Waren GmbH",
        registration_number="DE136695976",
        business_address="Unter den Linden 1, Berlin",
        contact_phone="+49301234567",
        store_language="en",
        settlement_currency="EUR",
    )
    with pytest.raises(IntegrityError, match="seller_country_allowed"), transaction.atomic():
        Seller.objects.bulk_create([row])
    assert Seller.objects.count() == 0


# --- the schema -------------------------------------------------------------------------------


def test_schema_documents_the_seller_api_without_warnings(client):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert {"get", "post", "patch"} <= set(paths["/api/v1/seller/application/"])
    upload_body = paths["/api/v1/seller/application/documents/"]["post"]["requestBody"]["content"]
    assert list(upload_body) == ["multipart/form-data"]
    assert "delete" in paths["/api/v1/seller/application/documents/{document_id}/"]
    assert "post" in paths["/api/v1/seller/application/submit/"]
    assert "get" in paths["/api/v1/stores/{slug}/"]
    create = paths["/api/v1/seller/application/"]["post"]["requestBody"]["content"]["application/json"]
    assert create["examples"]["ATurkishCompanyApplies"]["value"]["country"] == "TR"
    assert schema["components"]["schemas"]["SellerCountryEnum"]["enum"] == ["CN", "ES", "IT", "RU", "TR"]
