# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Every email links to the configured site address (settings.CARAVAN_SITE_URL, from
SITE_URL; `make run` sets it to the address it serves on), never to a host baked in
or to whatever Host header a request named: the unread-messages email, the seller's
vetting decision and the password reset."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from messaging import services as messaging
from sellers import services as seller_services
from sellers.models import SellerStatus
from sellers.notifications import seller_event_email
from tests.factories import UserFactory
from tests.messaging.messaging_fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limits,
    approved_seller,
    es_buyer,
    it_listing,
    it_seller,
    leaf_category,
    make_listing,
)

pytestmark = pytest.mark.django_db

SITE = "https://shop.example.test:8443"


@pytest.fixture(autouse=True)
def site(settings):
    settings.CARAVAN_SITE_URL = SITE + "/"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def assert_all_on_site(body: str) -> None:
    found = links(body)
    assert found, "the email has no link"
    assert all(link.startswith(SITE + "/") and "//" not in link[len(SITE) :] for link in found), found


def test_the_unread_messages_email(es_buyer, it_listing, it_seller, settings):
    message = messaging.conversation_start(es_buyer, body="¿Hay otros colores?", listing_id=it_listing.pk)
    later = timezone.now() + timezone.timedelta(minutes=settings.CARAVAN_MESSAGE_EMAIL_DELAY_MINUTES + 1)
    assert messaging.messages_unread_notify(now=later) == 1
    body = mail.outbox[-1].body
    assert_all_on_site(body)
    assert f"{SITE}/seller/messages/{message.conversation_id}/" in body


def test_the_sellers_decision_email(make_seller, vetting_officer):
    seller = make_seller(status=SellerStatus.SUBMITTED)
    seller_services.seller_approve(seller_id=seller.pk, actor=vetting_officer)
    seller_event_email(event_id=seller.events.last().pk)
    assert_all_on_site(mail.outbox[-1].body)


def test_the_password_reset_email_whatever_host_the_request_named():
    user = UserFactory(email="reset@example.com")
    response = Client().post("/accounts/password_reset/", {"email": user.email}, HTTP_HOST="localhost")
    assert response.status_code == 302
    body = mail.outbox[-1].body
    assert_all_on_site(body)
    assert "localhost" not in body and "127.0.0.1" not in body
