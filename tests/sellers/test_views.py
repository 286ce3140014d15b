"""The seller-facing pages, driven through the Django test client: applying,
documents, submitting, the seller centre, store settings and private
documents (the public store page: tests/listings/test_storefront.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sellers import services
from sellers.models import Seller, SellerDocument, SellerEvent, SellerStatus
from tests.factories import UserFactory
from tests.sellers.conftest import PDF_BYTES, application_data, image_bytes

pytestmark = pytest.mark.django_db

APPLY = reverse("sellers:apply")
DOCUMENTS = reverse("sellers:documents")
SUBMIT = reverse("sellers:submit")
DASHBOARD = reverse("sellers:dashboard")
SETTINGS = reverse("sellers:settings")
REFUSAL = "Caravan accepts sellers established in China, Russia, Italy, Spain or Turkey only."
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def applicant(client):
    user = UserFactory()
    client.force_login(user)
    return user


def post_application(client, country="TR", n=1, **overrides):
    return client.post(APPLY, application_data(country, n, **overrides))


def upload(client, kind, name="licence.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return client.post(
        DOCUMENTS, {"action": "upload", "kind": kind, "file": SimpleUploadedFile(name, content, content_type)}
    )


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


# --- applying ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client):
    for url in (DASHBOARD, APPLY, DOCUMENTS, SUBMIT, SETTINGS):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_dashboard_without_an_application_redirects_to_apply(client, applicant):
    assert client.get(DASHBOARD)["Location"] == APPLY
    assert client.get(DOCUMENTS)["Location"] == APPLY


def test_the_whole_application_through_the_pages(client, applicant):
    page = client.get(APPLY)
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("store_name", "country", "legal_entity_type", "legal_name", "registration_number",
                 "business_address", "contact_phone", "store_language", "description"):  # fmt: skip
        assert f'name="{name}"' in html

    response = post_application(client, "TR", registration_number="4540536920", contact_phone="+90 212 555 12 34")
    assert response.status_code == 302
    assert response["Location"] == DOCUMENTS
    seller = Seller.objects.get(user=applicant)
    assert (seller.status, seller.country.code, seller.settlement_currency) == ("draft", "TR", "TRY")
    assert seller.contact_phone == "+902125551234"

    page = client.get(DOCUMENTS)
    html = page.content.decode()
    for kind in ("business_licence", "representative_id", "tax_certificate"):
        assert f'data-testid="doc-{kind}"' in html
    assert html.count(">Missing<") == 3
    assert 'accept=".pdf,.jpg,.jpeg,.png' in html
    assert "disabled" in html.split("Submit application")[0].rsplit("<button", 1)[1]

    assert upload(client, "business_licence")["Location"] == DOCUMENTS
    assert upload(client, "representative_id", "id.jpg", image_bytes("JPEG"), "image/jpeg").status_code == 302
    assert upload(client, "tax_certificate", "tax.png", image_bytes("PNG"), "image/png").status_code == 302
    page = client.get(DOCUMENTS)
    html = page.content.decode()
    assert ">Missing<" not in html
    assert "Everything is in place." in html
    assert "disabled" not in html.split("Submit application")[0].rsplit("<button", 1)[1]

    review = client.get(SUBMIT)
    assert review.status_code == 200
    assert "4540536920" in review.content.decode()

    response = client.post(SUBMIT, follow=True)
    assert response.redirect_chain == [(DASHBOARD, 302)]
    seller.refresh_from_db()
    assert seller.status == SellerStatus.SUBMITTED
    html = response.content.decode()
    assert "Submitted, waiting for review" in html
    assert "Your application is submitted" in html


def test_the_country_select_offers_the_five_first_and_every_other_country(client, applicant):
    html = client.get(APPLY).content.decode()
    accepted, others = html.split("Countries Caravan accepts sellers from", 1)[1].split("Other countries", 1)
    for code in ("CN", "RU", "IT", "ES", "TR"):
        assert f'value="{code}"' in accepted
    assert 'value="DE"' not in accepted
    assert 'value="DE"' in others and 'value="BR"' in others


def test_a_country_outside_the_five_is_refused_and_nothing_is_created(client, applicant):
    data = {**application_data("IT", 1), "country": "DE", "contact_phone": "+49 30 901820"}
    response = client.post(APPLY, data)
    assert response.status_code == 200
    assert field_errors(response, "country") == [REFUSAL]
    assert REFUSAL in response.content.decode()
    assert not Seller.objects.exists()


def test_the_refusal_shows_even_when_the_rest_is_empty(client, applicant):
    response = client.post(APPLY, {"country": "DE"})
    assert field_errors(response, "country") == [REFUSAL]
    assert not Seller.objects.exists()


def test_an_invalid_registration_number_names_the_expected_format(client, applicant):
    response = post_application(client, "TR", registration_number="4540536921")
    assert response.status_code == 200
    errors = field_errors(response, "registration_number")
    assert errors == ["This is not a valid tax number (VKN). Expected: 10 digits, e.g. 4540536920."]
    assert not Seller.objects.exists()


def test_the_registration_help_follows_the_chosen_country(client, applicant):
    response = post_application(client, "IT", registration_number="123")
    assert "11 digits, e.g. 00743110157" in str(response.context["form"]["registration_number"].help_text)
    assert "EUR" in response.content.decode()


def test_service_errors_land_on_their_field(client, applicant, make_seller):
    response = post_application(client, "ES", contact_phone="12")
    assert field_errors(response, "contact_phone")
    taken = make_seller(country="IT")
    response = post_application(client, "ES", store_name=taken.store_name.upper())
    assert field_errors(response, "store_name") == ["Another store already uses this name."]
    assert not Seller.objects.filter(user=applicant).exists()


def test_saving_again_updates_the_draft(client, applicant):
    post_application(client, "TR")
    response = post_application(client, "TR", store_name="Bosphorus Textiles")
    assert response.status_code == 302
    assert Seller.objects.get(user=applicant).store_name == "Bosphorus Textiles"
    page = client.get(APPLY)
    assert page.context["form"]["store_name"].value() == "Bosphorus Textiles"
    assert page.context["form"]["country"].value() == "TR"


# --- documents ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("licence.pdf", PDF_BYTES, "application/pdf"),
        ("scan.jpeg", image_bytes("JPEG"), "image/jpeg"),
        ("scan.png", image_bytes("PNG"), "image/png"),
    ],
)
def test_pdf_jpeg_and_png_documents_are_accepted(client, applicant, name, content, content_type):
    post_application(client, "TR")
    response = upload(client, "business_licence", name, content, "application/octet-stream")
    assert response.status_code == 302
    document = SellerDocument.objects.get()
    assert (document.kind, document.content_type, document.original_name) == ("business_licence", content_type, name)
    page = client.get(DOCUMENTS).content.decode()
    assert name in page and f"{name} is uploaded" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("licence.pdf", b"<html><script>alert(1)</script></html>", "Only PDF, JPEG or PNG files are accepted"),
        ("licence.pdf", EXE_BYTES, "Only PDF, JPEG or PNG files are accepted"),
        ("photo.png", EXE_BYTES, "Only PDF, JPEG or PNG files are accepted"),
        ("licence.pdf", b"", "The file is empty."),
        ("licence.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024) + b"\n%%EOF\n", "The file is too large (11.0 MB)"),
        ("licence.pdf", b"%PDF-1.4\n1 0 obj", "The PDF is damaged or incomplete."),
    ],
    ids=["html-named-pdf", "exe-named-pdf", "exe-named-png", "empty", "11-mb", "truncated-pdf"],
)
def test_bad_documents_are_refused_with_a_clear_message(client, applicant, name, content, message):
    post_application(client, "TR")
    response = upload(client, "business_licence", name, content, "application/pdf")
    assert response.status_code == 200
    html = response.content.decode()
    section = html.split('data-testid="doc-business_licence"', 1)[1].split("</section>", 1)[0]
    assert message in section
    assert not SellerDocument.objects.exists()


def test_an_upload_without_a_file_asks_for_one(client, applicant):
    post_application(client, "TR")
    response = client.post(DOCUMENTS, {"action": "upload", "kind": "business_licence"})
    assert "Choose a file to upload." in response.content.decode()


def test_a_document_can_be_deleted(client, applicant):
    post_application(client, "TR")
    upload(client, "business_licence")
    document = SellerDocument.objects.get()
    response = client.post(DOCUMENTS, {"action": "delete", "document": document.pk}, follow=True)
    assert "The document is deleted." in response.content.decode()
    assert not SellerDocument.objects.exists()


def test_another_sellers_document_cannot_be_deleted(client, applicant, make_seller):
    post_application(client, "TR")
    other = make_seller(country="IT")
    services.seller_document_upload(
        seller_id=other.pk,
        actor=other.user,
        kind="business_licence",
        upload=SimpleUploadedFile("a.pdf", PDF_BYTES),
    )
    document = other.documents.get()
    response = client.post(DOCUMENTS, {"action": "delete", "document": document.pk}, follow=True)
    assert "There is no such document." in response.content.decode()
    assert SellerDocument.objects.filter(pk=document.pk).exists()


def test_submitting_with_missing_documents_says_which(client, applicant):
    post_application(client, "TR")
    upload(client, "business_licence")
    response = client.post(SUBMIT, follow=True)
    assert response.redirect_chain == [(DOCUMENTS, 302)]
    assert "Upload these documents first" in response.content.decode()
    assert Seller.objects.get(user=applicant).status == SellerStatus.DRAFT


# --- after submission ----------------------------------------------------------------------


@pytest.fixture
def submitted(client, make_seller):
    seller = make_seller(status=SellerStatus.SUBMITTED, country="TR")
    client.force_login(seller.user)
    return seller


def test_submitting_twice_does_nothing_the_second_time(client, submitted):
    events = SellerEvent.objects.filter(seller=submitted).count()
    response = client.post(SUBMIT, follow=True)
    assert response.redirect_chain == [(DASHBOARD, 302)]
    assert "already submitted" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == SellerStatus.SUBMITTED
    assert SellerEvent.objects.filter(seller=submitted).count() == events


def test_editing_after_submission_is_refused(client, submitted):
    page = client.get(APPLY)
    assert page.status_code == 200
    assert 'data-testid="application-form"' not in page.content.decode()
    assert "cannot be edited" in page.content.decode()

    data = application_data("TR", 99, store_name="Renamed After Submission")
    response = client.post(APPLY, data)
    assert response.status_code == 409
    assert "can no longer be edited" in response.content.decode()

    response = upload(client, "bank_proof")
    assert response.status_code == 409
    assert "Documents can no longer be changed" in response.content.decode()

    html = client.get(DOCUMENTS).content.decode()
    assert 'data-testid="documents-locked"' in html
    assert 'type="file"' not in html and ">Delete<" not in html

    document = submitted.documents.first()
    response = client.post(DOCUMENTS, {"action": "delete", "document": document.pk}, follow=True)
    assert "Documents can no longer be changed" in response.content.decode()

    submitted.refresh_from_db()
    assert submitted.store_name != "Renamed After Submission"
    assert submitted.documents.count() == 3


def test_changes_requested_can_be_edited_and_resubmitted(client, make_seller):
    seller = make_seller(status=SellerStatus.CHANGES_REQUESTED, country="IT")
    client.force_login(seller.user)
    page = client.get(APPLY).content.decode()
    assert "Blurry ID" in page and 'data-testid="application-form"' in page
    data = application_data("IT", 1, registration_number="00743110157", store_name="Milano Pelle")
    assert client.post(APPLY, data).status_code == 302
    assert client.post(SUBMIT).status_code == 302
    seller.refresh_from_db()
    assert (seller.status, seller.store_name) == (SellerStatus.SUBMITTED, "Milano Pelle")


# --- private documents -------------------------------------------------------------------


@pytest.fixture
def document(make_seller):
    seller = make_seller(status=SellerStatus.SUBMITTED, country="IT")
    return seller.documents.get(kind="business_licence")


def test_the_owner_can_open_a_document(client, document):
    client.force_login(document.seller.user)
    response = client.get(reverse("sellers:document_file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # A download under a name we make, with the detected type's extension, never the uploader's.
    assert response["Content-Disposition"] == f'attachment; filename="business_licence-{document.pk}.pdf"'
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_polyglot_document_is_served_as_a_download_with_the_detected_extension(client, make_seller):
    seller = make_seller(status=SellerStatus.DRAFT, country="IT")
    # A real PNG whose name (and trailing bytes) say HTML.
    polyglot = image_bytes(fmt="PNG") + b"<html><script>alert(1)</script></html>"
    services.seller_document_upload(
        seller_id=seller.pk,
        actor=seller.user,
        kind="representative_id",
        upload=SimpleUploadedFile("poly.html", polyglot, content_type="text/html"),
    )
    document = seller.documents.get(kind="representative_id")
    client.force_login(seller.user)

    response = client.get(reverse("sellers:document_file", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="representative_id-{document.pk}.png"'
    assert "poly" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_vetting_preview_may_frame_a_pdf_from_this_site_only(client, document, vetting_officer):
    client.force_login(vetting_officer)

    preview = client.get(reverse("sellers:document_file", args=[document.pk]), {"inline": "1"})

    assert preview.status_code == 200
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert preview["Content-Disposition"] == f'inline; filename="business_licence-{document.pk}.pdf"'
    # Every other page keeps the site's DENY.
    assert client.get(reverse("home"))["X-Frame-Options"] == "DENY"


def test_a_vetting_officer_can_open_a_document(client, document, vetting_officer):
    client.force_login(vetting_officer)
    response = client.get(reverse("sellers:document_file", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_another_seller_gets_404(client, document, make_seller):
    other = make_seller(status=SellerStatus.APPROVED, country="ES")
    client.force_login(other.user)
    assert client.get(reverse("sellers:document_file", args=[document.pk])).status_code == 404


def test_staff_without_the_vetting_permission_gets_404(client, document):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_seller"))
    client.force_login(staff)
    assert client.get(reverse("sellers:document_file", args=[document.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in_for_a_document(client, document):
    response = client.get(reverse("sellers:document_file", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_missing_document_is_404(client, applicant):
    assert client.get(reverse("sellers:document_file", args=[999999])).status_code == 404


# --- the seller centre -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (SellerStatus.DRAFT, ["Your application is not submitted yet", "Continue your application"]),
        (SellerStatus.SUBMITTED, ["Your application is submitted", "Submitted, waiting for review"]),
        (SellerStatus.CHANGES_REQUESTED, ["Blurry ID", "Edit your application", f'href="{APPLY}"']),
        (SellerStatus.REJECTED, ["Documents unreadable", "was not approved"]),
        (SellerStatus.SUSPENDED, ["Counterfeits", "Your store is suspended"]),
    ],
)
def test_the_dashboard_shows_the_status_and_what_to_do(client, make_seller, status, expected):
    seller = make_seller(status=status)
    client.force_login(seller.user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.templates[0].name == "sellers/status.html"
    html = response.content.decode()
    for text in expected:
        assert text in html
    assert "Welcome," not in html


def test_the_approved_dashboard(client, make_seller):
    seller = make_seller(status=SellerStatus.APPROVED, country="CN")
    client.force_login(seller.user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Welcome, {seller.store_name}" in html
    assert reverse("listings:store", args=[seller.slug]) in html
    assert "CNY" in html and "Chinese Yuan" in html
    for text in ("No listings yet", "No orders yet", "No messages yet", "No payouts yet"):
        assert text in html
    assert f'href="{SETTINGS}"' in html


@pytest.mark.parametrize(
    "status",
    [SellerStatus.DRAFT, SellerStatus.SUBMITTED, SellerStatus.CHANGES_REQUESTED, SellerStatus.REJECTED,
     SellerStatus.SUSPENDED],
)  # fmt: skip
def test_store_settings_are_forbidden_until_approved(client, make_seller, status):
    seller = make_seller(status=status)
    client.force_login(seller.user)
    response = client.get(SETTINGS)
    assert response.status_code == 403
    assert "sellers/forbidden.html" in [t.name for t in response.templates]
    assert seller.get_status_display() in response.content.decode()
    assert client.post(SETTINGS, {"store_name": "Hijack", "store_language": "en"}).status_code == 403
    seller.refresh_from_db()
    assert seller.store_name != "Hijack"


def test_store_settings_without_an_application_start_one(client, applicant):
    assert client.get(SETTINGS)["Location"] == APPLY


def test_an_approved_seller_updates_the_store(client, make_seller):
    seller = make_seller(status=SellerStatus.APPROVED, country="TR")
    slug = seller.slug
    client.force_login(seller.user)
    assert client.get(SETTINGS).status_code == 200
    logo = SimpleUploadedFile("logo.png", image_bytes("PNG", (120, 120)), "image/png")
    response = client.post(
        SETTINGS,
        {"store_name": "Anatolia Home", "store_language": "en", "description": "Towels and rugs.", "logo": logo},
        follow=True,
    )
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Your store settings are saved." in response.content.decode()
    seller.refresh_from_db()
    assert (seller.store_name, seller.store_language, seller.description) == ("Anatolia Home", "en", "Towels and rugs.")
    assert seller.logo.name.endswith(".png") and seller.logo.size > 0
    assert seller.slug == slug


def test_a_store_logo_must_be_an_image(client, make_seller):
    seller = make_seller(status=SellerStatus.APPROVED, country="TR")
    client.force_login(seller.user)
    logo = SimpleUploadedFile("logo.png", PDF_BYTES, "image/png")
    response = client.post(SETTINGS, {"store_name": seller.store_name, "store_language": "tr", "logo": logo})
    assert response.status_code == 200
    assert field_errors(response, "logo") == ["The logo must be a JPEG or PNG image."]
    seller.refresh_from_db()
    assert not seller.logo


# --- the "Sell on Caravan" landing page ------------------------------------------------------


def test_the_sell_page_sends_visitors_to_sign_up_and_members_to_apply(client, applicant, make_seller):
    client.logout()
    html = client.get(reverse("sell")).content.decode()
    assert f'href="{reverse("signup")}"' in html
    assert f'href="{reverse("login")}?next={APPLY}"' in html
    client.force_login(applicant)
    assert f'href="{APPLY}"' in client.get(reverse("sell")).content.decode()
    seller = make_seller(status=SellerStatus.SUBMITTED)
    client.force_login(seller.user)
    assert f'href="{DASHBOARD}"' in client.get(reverse("sell")).content.decode()


def test_store_logo_is_served_and_the_old_one_removed(client, make_seller, django_capture_on_commit_callbacks):
    from tests.sellers.conftest import image_bytes

    seller = make_seller(status=SellerStatus.APPROVED)
    names = []
    for name in ("first.png", "second.png"):
        with django_capture_on_commit_callbacks(execute=True):
            seller = services.seller_store_update(
                seller_id=seller.pk, actor=seller.user, store_name=seller.store_name, description="",
                store_language="tr", logo=SimpleUploadedFile(name, image_bytes("PNG"), "image/png"),
            )  # fmt: skip
        names.append(seller.logo.name)
    storage = seller.logo.storage
    assert not storage.exists(names[0])
    assert storage.exists(names[1])
    response = client.get(seller.logo.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
