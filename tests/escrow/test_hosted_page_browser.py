"""The sandbox's hosted pay page in a real Chromium (no CSP violation allowed):
a 3-D Secure card payment, and a PIX payment whose waiting page polls until the
asynchronous confirmation arrives and then returns the buyer to the merchant."""

import pytest
from moneyed import Money
from playwright.sync_api import Page, expect

from escrow.gateways.sandbox import provider
from escrow.models import SandboxPayment
from escrow.payments import payment_create, payment_start
from tests.browser.conftest import (  # noqa: F401 (the browser tests' fixtures: Debian's Chromium, the CSP watch)
    _patient_expectations,
    browser_type_launch_args,
    csp_watch,
    site,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hosted_page(site_url: str) -> tuple[str, SandboxPayment]:
    buyer = UserFactory()
    payment = payment_create(reference="checkout:browser", buyer_id=buyer.pk, country="BR", language="pt-br",
                             amount=Money("150.00", "BRL"), allocations={11: Money("150.00", "BRL")},
                             return_url="/?paid=1")  # fmt: skip
    path = payment_start(payment_id=payment.pk)
    payment.refresh_from_db()
    return f"{site_url}{path}", SandboxPayment.objects.get(ref=payment.gateway_ref)


def test_a_card_needing_3d_secure_then_back_to_the_merchant(site, page: Page):  # noqa: F811
    url, _sandbox = hosted_page(site)
    page.goto(url)
    expect(page.get_by_test_id("sandbox-banner")).to_be_visible()
    page.get_by_test_id("card-number").fill("4000 0000 0000 0002")
    page.get_by_test_id("card-expiry").fill("12/40")
    page.get_by_test_id("card-cvc").fill("123")
    page.get_by_test_id("card-pay").click()
    expect(page.get_by_test_id("sandbox-error")).to_contain_text("declined")
    page.get_by_test_id("card-number").fill("4000 0027 6000 3184")
    page.get_by_test_id("card-pay").click()
    expect(page.get_by_test_id("3ds-challenge")).to_be_visible()
    page.get_by_test_id("action-approve").click()
    expect(page).to_have_url(f"{site}/?paid=1")


def test_pay_by_pix_waits_then_follows_the_confirmation(site, page: Page):  # noqa: F811
    url, sandbox = hosted_page(site)
    page.goto(url)
    page.get_by_test_id("method-pix").click()
    expect(page.get_by_test_id("sandbox-qr")).to_be_visible()
    expect(page.get_by_test_id("wait-status")).to_be_visible()
    assert page.get_by_test_id("sandbox-qr").evaluate("img => img.naturalWidth") > 0  # the SVG rendered
    provider.async_confirm(ref=sandbox.ref)  # the scheme confirms while the page polls
    expect(page).to_have_url(f"{site}/?paid=1")
