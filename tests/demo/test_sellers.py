"""The demo sellers: made through the services, valid, and created once however
often seed_demo runs."""

from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from demo.sellers import ADMIN_EMAIL, DEMO_SELLERS, _pdf, _png, seed_sellers
from demo.users import DEMO_PASSWORD
from marketplace.models import User
from marketplace.uploads import check_document
from sellers.models import Seller, SellerEvent, SellerStatus
from sellers.registration import registration_number_clean
from sellers.selectors import seller_missing_documents

pytestmark = pytest.mark.django_db

EXPECTED = Counter(
    {
        ("approved", "CN"): 1,
        ("approved", "RU"): 1,
        ("approved", "IT"): 1,
        ("approved", "ES"): 1,
        ("approved", "TR"): 1,
        ("submitted", "CN"): 1,
        ("submitted", "TR"): 1,
        ("rejected", "IT"): 1,
    }
)


@pytest.fixture
def admin(db):
    return User.objects.create_superuser(ADMIN_EMAIL, DEMO_PASSWORD, full_name="Caravan Admin")


def by_status_and_country() -> Counter:
    return Counter((s.status, s.country.code) for s in Seller.objects.all())


def test_seed_sellers_creates_them_once(admin):
    assert seed_sellers() == len(DEMO_SELLERS) == 8
    assert by_status_and_country() == EXPECTED
    events = SellerEvent.objects.count()

    assert seed_sellers() == 0
    assert by_status_and_country() == EXPECTED
    assert SellerEvent.objects.count() == events
    assert User.objects.filter(email__startswith="seller-").count() == 8


def test_demo_sellers_are_valid_and_complete(admin):
    seed_sellers()
    for seller in Seller.objects.select_related("user"):
        country = seller.country.code
        assert registration_number_clean(country, seller.registration_number, seller.legal_entity_type) == (
            seller.registration_number
        )
        assert seller.store_language == seller.user.language
        assert seller.user.check_password(DEMO_PASSWORD)
        assert seller.user.email.startswith(f"seller-{country.lower()}")
        assert seller_missing_documents(seller) == []
        assert seller.submitted_at is not None
        decisions = seller.events.exclude(to_status__in=[SellerStatus.DRAFT, SellerStatus.SUBMITTED])
        if seller.status == SellerStatus.SUBMITTED:
            assert not decisions.exists()
        else:
            assert decisions.get().actor == admin
        if seller.status == SellerStatus.APPROVED:
            assert seller.approved_at is not None
        if seller.status == SellerStatus.REJECTED:
            assert seller.staff_message  # the reason the applicant reads


def test_store_names_and_descriptions_are_in_the_sellers_language(admin):
    seed_sellers()
    stores = {s.country.code: s for s in Seller.objects.filter(status=SellerStatus.APPROVED)}
    assert stores["RU"].store_name == "Уральские самоцветы"
    assert "малахит" in stores["RU"].description
    assert "真丝" in stores["CN"].description
    assert stores["IT"].store_name == "Pelletteria Fiorentina" and "pelle" in stores["IT"].description
    assert stores["ES"].store_name == "Alpargatas del Mediterráneo" and "yute" in stores["ES"].description
    assert stores["TR"].store_name == "Kapadokya Tekstil" and "peştemal" in stores["TR"].description
    assert {s.settlement_currency for s in stores.values()} == {"CNY", "RUB", "EUR", "TRY"}


def test_a_partly_existing_demo_user_gets_the_missing_application(admin):
    User.objects.create_user("seller-es@caravan.test", DEMO_PASSWORD, language="es", currency="EUR")
    assert seed_sellers() == 8
    assert Seller.objects.get(user__email="seller-es@caravan.test").status == SellerStatus.APPROVED


def test_without_the_demo_admin_it_says_so():
    with pytest.raises(RuntimeError, match="seed_demo"):
        seed_sellers()
    assert Seller.objects.count() == 0


def test_seed_demo_command_runs_twice(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert by_status_and_country() == EXPECTED
    out = capsys.readouterr().out
    assert "8 new sellers" in out and "0 new sellers" in out


def test_generated_documents_pass_the_upload_checks():
    pdf = _pdf(["Business licence (demo)", "Registration number: 4810523674"])
    png = _png(["Identity document (demo)"])
    assert (
        check_document(SimpleUploadedFile("a.pdf", pdf), max_bytes=10**6, max_pixels=10**7).content_type
        == "application/pdf"
    )
    assert (
        check_document(SimpleUploadedFile("a.png", png), max_bytes=10**6, max_pixels=10**7).content_type == "image/png"
    )
    # The xref offsets point at the objects.
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert pdf[xref_at:].startswith(b"xref\n")
    first = int(pdf[xref_at:].split(b"\n")[3][:10])
    assert pdf[first:].startswith(b"1 0 obj")
    with Image.open(SimpleUploadedFile("a.png", png)) as image:
        assert image.size == (640, 300)
