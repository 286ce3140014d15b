# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""marketplace.uploads: the one image and document check, directly and through
every entry point that takes a file (listing photo API, message attachment API,
seller document API, store logo form). A refused file is a 400 (or a form error)
naming the field, never a 500; what is stored carries no EXIF."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from rest_framework.test import APIClient

from marketplace.uploads import UploadRejected, check_document, check_image
from sellers.models import SellerDocument, SellerStatus
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


# --- files made here -----------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    """A small, valid PNG of a 1-bit black image of width×height pixels: the
    decompression bomb (20000×20000 is a few kB that would decode to 400 MP)."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    packer = zlib.compressobj(9)
    rows_at_once = max(1, 1_000_000 // len(row))
    parts = []
    for start in range(0, height, rows_at_once):
        parts.append(packer.compress(row * min(rows_at_once, height - start)))
    parts.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")


def gps_jpeg(size=(300, 200)) -> bytes:
    """A phone photo: EXIF with a GPS position and 'rotate 90° clockwise' orientation."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 46.0, 12.5), 3: "E", 4: (11.0, 15.0, 3.2)})
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 140, 90)).save(buffer, "JPEG", exif=exif.tobytes())
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the fixture really carries a GPS position
        assert check.getexif().get_ifd(GPS_IFD)
    return data


def png(size=(240, 240), colour=(200, 60, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
# A GIF header that is also JavaScript: the classic image/script polyglot.
GIFAR = b"GIF89a/*\x01\x00\x01\x00\x00\xff\x00,*/=1;alert(document.cookie)//" + b"\x00" * 40
PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)


def no_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return not exif.get_ifd(GPS_IFD) and GPS_IFD not in exif and b"PhoneMaker" not in data


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fields(response) -> dict:
    return response.json()["error"]["fields"]


# --- the checks themselves -----------------------------------------------------------------------


def test_a_good_image_comes_back_reencoded_upright_and_without_exif():
    clean = check_image(gps_jpeg(size=(300, 200)), max_bytes=10**6, max_pixels=10**6)
    assert clean.content_type == "image/jpeg" and clean.extension == ".jpg"
    assert (clean.width, clean.height) == (200, 300)  # the orientation tag was applied, then dropped
    assert no_gps(clean.data) and clean.size == len(clean.data)
    with Image.open(io.BytesIO(clean.data)) as stored:
        assert stored.size == (200, 300) and ORIENTATION not in stored.getexif()


def test_a_decompression_bomb_is_refused_with_a_clear_error():
    with pytest.raises(UploadRejected, match="too many pixels: at most 40 megapixels") as refused:
        check_image(huge_png(20000, 20000), max_bytes=10**6, max_pixels=40_000_000, field="photo")
    assert (refused.value.field, refused.value.code, refused.value.status_code) == ("photo", "too_many_pixels", 400)


def test_pillows_bomb_warning_range_is_refused_too():
    # 10000×10000 is above Pillow's warning threshold (89 MP) and below its error one:
    # a caller with a generous cap still gets a refusal, not a warning and a decode.
    with pytest.raises(UploadRejected, match="too many pixels"):
        check_image(huge_png(10000, 10000), max_bytes=10**6, max_pixels=500_000_000)


def test_the_pixel_cap_is_the_callers():
    data = huge_png(3000, 3000)
    assert check_image(data, max_bytes=10**6, max_pixels=9_000_000).width == 3000
    with pytest.raises(UploadRejected, match=r"at most 8\.99 megapixels"):
        check_image(data, max_bytes=10**6, max_pixels=8_990_000)


@pytest.mark.parametrize(
    "data", [HTML, GIFAR, b"RIFF\x00\x00\x00\x00WEBPVP8 junk", PDF], ids=["html", "gif", "webp", "pdf"]
)
def test_files_that_are_not_an_allowed_image_are_refused(data):
    with pytest.raises(UploadRejected, match="not an image we can read: use a JPEG or PNG image") as refused:
        check_image(data, max_bytes=10**6, max_pixels=10**6)
    assert refused.value.code == "wrong_type"


def test_anything_after_the_image_is_dropped():
    polyglot = png() + HTML  # a valid PNG with a page appended
    clean = check_image(polyglot, max_bytes=10**6, max_pixels=10**6)
    assert b"<script" not in clean.data and clean.content_type == "image/png"


def test_a_truncated_image_is_damaged():
    with pytest.raises(UploadRejected, match="damaged or incomplete"):
        check_image(png()[:200], max_bytes=10**6, max_pixels=10**6)


def test_size_is_checked_before_reading():
    upload = SimpleUploadedFile("big.png", png())
    with pytest.raises(UploadRejected, match="too large") as refused:
        check_image(upload, max_bytes=upload.size - 1, max_pixels=10**6, field="logo")
    assert refused.value.field == "logo"
    with pytest.raises(UploadRejected, match="empty"):
        check_image(b"", max_bytes=10, max_pixels=10)


def test_documents_are_a_pdf_as_sent_or_an_image_reencoded():
    assert check_document(PDF, max_bytes=10**6, max_pixels=10**6).data == PDF
    scan = check_document(gps_jpeg(), max_bytes=10**6, max_pixels=10**6)
    assert scan.content_type == "image/jpeg" and no_gps(scan.data)
    for bad in (HTML, GIFAR, b"%PDF-1.4 cut off"):
        with pytest.raises(UploadRejected) as refused:
            check_document(bad, max_bytes=10**6, max_pixels=10**6)
        assert refused.value.field == "file"


# --- every entry point: a bomb is a 400 naming the field ---------------------------------------


def test_listing_photo_api(make_listing, approved_seller):
    listing = make_listing(publish=False)
    url = f"/api/v1/seller/listings/{listing.pk}/images/"
    client = api_for(approved_seller.user)
    bomb = client.post(url, {"image": SimpleUploadedFile("p.png", huge_png(20000, 20000))}, format="multipart")
    assert bomb.status_code == 400 and "too many pixels" in fields(bomb)["image"][0]
    page = client.post(url, {"image": SimpleUploadedFile("p.jpg", HTML, "image/jpeg")}, format="multipart")
    assert page.status_code == 400 and "not a photo we can read" in fields(page)["image"][0]
    assert listing.images.count() == 0


@pytest.fixture
def conversation_url(make_seller, make_listing):
    from tests.factories import UserFactory

    seller = make_seller(status="approved", country="IT")
    listing = make_listing(seller=seller)
    buyer = UserFactory(language="en")
    started = api_for(buyer).post(
        reverse("api-conversations"), {"listing_id": listing.pk, "body": "Is it in stock?"}, format="json"
    )
    assert started.status_code == 201, started.json()
    url = reverse("api-conversation-messages", kwargs={"conversation_id": started.json()["id"]})
    return buyer, url


def test_message_attachment_api_refuses_a_bomb_and_html(conversation_url):
    buyer, url = conversation_url
    client = api_for(buyer)
    for name, data in (("bomb.png", huge_png(20000, 20000)), ("page.png", HTML), ("gif.png", GIFAR)):
        refused = client.post(url, {"body": "look", "image": SimpleUploadedFile(name, data)}, format="multipart")
        assert refused.status_code == 400 and "image" in fields(refused), (name, refused.content)
    assert (
        "too many pixels"
        in client.post(url, {"image": SimpleUploadedFile("b.png", huge_png(20000, 20000))}, format="multipart").json()[
            "error"
        ]["fields"]["image"][0]
    )


def test_a_message_attachment_is_stored_without_gps(conversation_url):
    buyer, url = conversation_url
    sent = api_for(buyer).post(url, {"image": SimpleUploadedFile("me.jpg", gps_jpeg())}, format="multipart")
    assert sent.status_code == 201, sent.json()
    served = client_for(buyer).get(reverse("messaging:attachment", args=[sent.json()["id"]]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    data = b"".join(served.streaming_content)
    assert no_gps(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (200, 300)  # upright


DOCUMENTS = "/api/v1/seller/application/documents/"


def test_seller_document_api_refuses_a_bomb_an_81_megapixel_scan_and_html(make_seller, user):
    make_seller(user=user)
    client = api_for(user)

    def upload(name, data):
        return client.post(
            DOCUMENTS, {"kind": "business_licence", "file": SimpleUploadedFile(name, data)}, format="multipart"
        )

    bomb = upload("licence.png", huge_png(20000, 20000))
    assert bomb.status_code == 400 and "too many pixels" in fields(bomb)["file"][0]
    scan = upload("licence.png", huge_png(9000, 9000))  # 81 MP: under Pillow's own limit, over ours
    assert scan.status_code == 400 and "at most 40 megapixels" in fields(scan)["file"][0]
    for name, data in (("licence.pdf", HTML), ("licence.gif", GIFAR)):
        refused = upload(name, data)
        assert refused.status_code == 400 and "file" in fields(refused)
    assert not SellerDocument.objects.exists()


def test_a_document_image_is_served_back_without_gps(make_seller, user):
    make_seller(user=user)
    response = api_for(user).post(
        DOCUMENTS,
        {"kind": "representative_id", "file": SimpleUploadedFile("passport.jpg", gps_jpeg())},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    document = SellerDocument.objects.get(pk=response.json()["id"])
    served = client_for(user).get(reverse("sellers:document_file", args=[document.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    data = b"".join(served.streaming_content)
    assert no_gps(data) and len(data) == document.size == response.json()["size"]


def test_store_logo_form_refuses_a_bomb_with_a_field_error(client, make_seller):
    seller = make_seller(status=SellerStatus.APPROVED, country="TR")
    client.force_login(seller.user)
    logo = SimpleUploadedFile("logo.png", huge_png(20000, 20000), "image/png")
    response = client.post(
        reverse("sellers:settings"), {"store_name": seller.store_name, "store_language": "tr", "logo": logo}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["logo"]
    assert len(errors) == 1 and "too many pixels" in errors[0]
    seller.refresh_from_db()
    assert not seller.logo


def test_a_store_logo_is_stored_without_gps(client, make_seller):
    seller = make_seller(status=SellerStatus.APPROVED, country="TR")
    client.force_login(seller.user)
    logo = SimpleUploadedFile("logo.jpg", gps_jpeg(), "image/jpeg")
    response = client.post(
        reverse("sellers:settings"), {"store_name": seller.store_name, "store_language": "tr", "logo": logo}
    )
    assert response.status_code == 302
    seller.refresh_from_db()
    with seller.logo.open("rb") as stored:
        assert no_gps(stored.read())
