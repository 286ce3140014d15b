"""A buyer in Brazil pays by PIX in a real Chromium: checks out, chooses PIX on
the sandbox's hosted page, sees the QR code and the waiting page; the scheme's
confirmation arrives later, asynchronously (the sandbox's countdown job in a real
Celery worker, whose signed webhook the worker posts to this server), and the
page follows it back to the shop, where the order shows "Paid"."""

import re

import pytest
from playwright.sync_api import Page, expect

from buyers.services import AddressInput, address_create
from escrow.models import JournalTransaction, Payment, PaymentStatus, SandboxWebhook
from listings.services import VariantInput
from orders.models import Order, OrderStatus
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.orders.conftest import SAO_PAULO, fill
from tests.waiting import wait_for

from .test_listing_journey import log_in

# Long enough for the QR and the waiting page to be seen before the confirmation, on a busy machine.
CONFIRM_SECONDS = 10


@pytest.fixture
def worker_for_site(request, monkeypatch, site):
    # The confirmation's webhook is made and posted in the worker: its site URL is this live server.
    monkeypatch.setenv("SITE_URL", site)
    return request.getfixturevalue("celery_worker_process")


@pytest.mark.django_db(transaction=True)
def test_a_pix_buyer_sees_the_order_turn_paid_when_the_scheme_confirms(
    site,
    page: Page,
    worker_for_site,
    make_listing,  # noqa: F811 (the fixture imported above)
    make_seller,
    settings,
):
    settings.CARAVAN_SITE_URL = site
    settings.CARAVAN_SANDBOX_ASYNC_CONFIRM_SECONDS = CONFIRM_SECONDS  # read by the server when PIX is chosen
    store = make_seller(status="approved", country="CN")
    dress = make_listing(seller=store, variants=[VariantInput(sku="DRESS-RED-M", options={"colour": "Red"},
                                                              stock=10)])  # fmt: skip
    bia = UserFactory(email="bia@example.com", currency="BRL", language="en", country="BR")
    address_create(actor=bia, data=AddressInput(**SAO_PAULO), default=True)
    fill(bia, (dress, 2))

    log_in(page, site, "bia@example.com")
    page.goto(f"{site}/cart/")
    page.get_by_test_id("cart-checkout").click()
    expect(page.get_by_test_id("checkout-total")).to_contain_text("R$")
    page.get_by_test_id("checkout-place").click()

    expect(page.get_by_test_id("sandbox-amount")).to_contain_text("R$")
    page.get_by_test_id("method-pix").click()
    expect(page.get_by_test_id("sandbox-qr")).to_be_visible()
    assert page.get_by_test_id("sandbox-qr").evaluate("img => img.naturalWidth") > 0  # the QR rendered
    expect(page.get_by_test_id("wait-status")).to_be_visible()
    order = Order.objects.get()
    assert order.status == OrderStatus.AWAITING_PAYMENT  # nothing paid until the scheme confirms

    # The worker's countdown job confirms; its signed webhook reaches this server; the page follows.
    payment = Payment.objects.get()
    wait_for(lambda: Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED, "the confirmation")
    expect(page).to_have_url(f"{site}/orders/{order.pk}/")  # back at the shop: the checkout's one order
    wait_for(lambda: Order.objects.get(pk=order.pk).status == OrderStatus.PAID, "the order paid")
    order.refresh_from_db()
    assert order.paid_payment_id == payment.pk and Payment.objects.get(pk=payment.pk).method == "pix"
    hook = SandboxWebhook.objects.get(kind="payment.succeeded")
    assert hook.delivered_at is not None and hook.attempts == 1
    assert JournalTransaction.objects.filter(reference=f"capture:payment={payment.pk}").count() == 1

    page.reload()
    status = page.get_by_test_id("order-status")
    expect(status).to_have_text(re.compile(r"^\s*Paid\b"))
    expect(status).to_have_class(re.compile(r"\bstatus-paid\b"))
    expect(page.locator("[data-testid=order-event][data-to=paid]")).to_contain_text("pix")
