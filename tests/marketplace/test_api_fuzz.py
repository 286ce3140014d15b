"""Schemathesis over the live OpenAPI schema (issue 10, "The API contract"): every operation,
called anonymously, as a buyer and as an approved seller with a listing, through Django's
WSGI handler in-process. Each response must not be a 5xx and must match the published
schema (documented status code, content type and body).

Every operation is its own test item, so its writes are rolled back before the next one;
the examples of one operation share that transaction, and `derandomize` makes them the
same on every run, so a failure is reproducible rather than flaky."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from listings import services as listing_services
from listings.models import Category, ListingStatus
from marketplace.wsgi import application
from tests.factories import UserFactory
from tests.listings.conftest import listing_input, photo

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

# A handful of examples per operation and caller: ~40 operations x 3 callers has to stay
# within a few minutes on a CI runner; derandomize keeps the same examples every run.
FUZZ = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(autouse=True)
def _generous_message_rate(settings):
    # The fuzzer sends more than 20 messages a minute from one sender; test_api of
    # messaging proves the limit itself.
    settings.CARAVAN_MESSAGE_RATE_PER_MINUTE = 100_000


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Django's WSGI handler closes the database connection at the end of each request;
    # that would close the test's transaction. The test client disconnects the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def token_header(user) -> dict[str, str]:
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


@pytest.fixture
def buyer_headers(db):
    return token_header(UserFactory())


@pytest.fixture
def seller_headers(make_seller):
    seller = make_seller(status="approved", country="CN")
    category = Category.objects.get(slug="dresses")
    listing = listing_services.listing_create(actor=seller.user, seller_id=seller.pk, data=listing_input(category))
    listing_services.listing_image_add(actor=seller.user, listing_id=listing.pk, upload=photo())
    listing_services.listing_set_status(actor=seller.user, listing_id=listing.pk, status=ListingStatus.ACTIVE)
    return token_header(seller.user)


@schema.parametrize()
@FUZZ
def test_anonymous(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_buyer(case, buyer_headers):
    case.call_and_validate(headers=buyer_headers, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_seller(case, seller_headers):
    case.call_and_validate(headers=seller_headers, checks=CHECKS)
