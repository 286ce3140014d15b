# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Helpers of the messaging tests (imported by the test modules here)."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)

SPANISH = "Hola, ¿este vestido está disponible en talla M? Me gustaría comprar dos."
ITALIAN = "Sì, la taglia M è disponibile. Possiamo spedire entro due giorni."
RUSSIAN = "Здравствуйте! Какой размер мне выбрать, если обычно я ношу M?"


def png_upload(name="photo.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def fake_jpeg_upload() -> SimpleUploadedFile:
    # Starts like a JPEG, is not one: the magic bytes pass, Pillow's full decode refuses it.
    return SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"not really an image" * 20, content_type="image/jpeg")


def text_as_png_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.png", b"<script>alert(1)</script>" * 10, content_type="image/png")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the shared cache (this run's Redis DB), keyed by user id.
    # Only this feature's keys go: the same Redis DB holds the Celery queues.
    client = cache._cache.get_client(None, write=True)
    keys = list(client.scan_iter(match="*messaging:*"))
    if keys:
        client.delete(*keys)
    yield


@pytest.fixture
def it_seller(make_seller):
    """An approved Italian store whose user reads Italian."""
    return make_seller(status="approved", country="IT", user=UserFactory(language="it", full_name="Giulia Rossi"))


@pytest.fixture
def es_buyer(db):
    return UserFactory(language="es", full_name="Lucía Fernández")


@pytest.fixture
def third_user(db):
    return UserFactory(language="en")


@pytest.fixture
def other_seller(make_seller):
    return make_seller(status="approved", country="ES", user=UserFactory(language="es"))


@pytest.fixture
def it_listing(make_listing, it_seller):
    return make_listing(seller=it_seller, title="Abito lungo estivo in chiffon a fiori")


@pytest.fixture
def conversation_reader(db):
    """Staff holding messaging.read_conversations."""
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="read_conversations"))
    return staff
