"""sellers.access: the guards of seller-centre pages, on a view of their own
(the pages that use them are tested with their apps)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from sellers.access import approved_seller_required, seller_application_required
from sellers.models import SellerStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@approved_seller_required
def selling_tool(request):
    return HttpResponse(f"tool of {request.seller.store_name}")


@seller_application_required
def application_step(request, seller):
    return HttpResponse(f"step for {seller.store_name} ({seller.status})")


def get(user):
    request = RequestFactory().get("/seller/tool/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_anonymous_visitors_log_in_first():
    for view in (selling_tool, application_step):
        response = view(get(AnonymousUser()))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_without_an_application_both_send_to_the_first_step():
    request = get(UserFactory())
    response = selling_tool(request)
    assert (response.status_code, response["Location"]) == (302, reverse("sellers:apply"))
    assert [str(m) for m in get_messages(request)] == ["Apply to sell on Caravan first."]
    assert application_step(get(UserFactory()))["Location"] == reverse("sellers:apply")


@pytest.mark.parametrize(
    "status",
    [SellerStatus.DRAFT, SellerStatus.SUBMITTED, SellerStatus.CHANGES_REQUESTED, SellerStatus.REJECTED,
     SellerStatus.SUSPENDED],
)  # fmt: skip
def test_a_store_that_is_not_approved_gets_the_403_page_but_may_continue_its_application(make_seller, status):
    seller = make_seller(status=status)
    response = selling_tool(get(seller.user))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="forbidden"' in html and seller.get_status_display() in html
    assert application_step(get(seller.user)).content.decode() == f"step for {seller.store_name} ({status})"


def test_an_approved_seller_gets_the_tool_with_its_store_on_the_request(make_seller):
    seller = make_seller(status=SellerStatus.APPROVED)
    response = selling_tool(get(seller.user))
    assert (response.status_code, response.content.decode()) == (200, f"tool of {seller.store_name}")
