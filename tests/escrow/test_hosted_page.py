"""The sandbox's hosted pay page through the Django test client: the buyer's
pay link, cards (success, declined then retry, 3-D Secure), a voided payment
refused, and pay-by-QR with its asynchronous confirmation."""

import pytest
from django.urls import reverse

from escrow.gateways.sandbox import provider
from escrow.gateways.sandbox.models import SandboxPaymentStatus as Status
from escrow.models import PaymentStatus, SandboxPayment, SandboxWebhook
from escrow.payments import payment_void
from tests.factories import UserFactory

from .payflow import assert_books_balance, deliver_pending, new_payment

pytestmark = pytest.mark.django_db

CARD = {"expiry": "12/40", "cvc": "123"}


@pytest.fixture
def buyer():
    return UserFactory()


@pytest.fixture
def opened(client, buyer):
    """The buyer follows the payment's pay_url to the sandbox's page."""
    payment = new_payment(buyer)
    client.force_login(buyer)
    response = client.get(payment.pay_url)
    assert response.status_code == 302 and response["Location"].startswith("/sandbox-pay/")
    payment.refresh_from_db()
    return payment, response["Location"]


def paid(client, payment):
    deliver_pending(client)
    payment.refresh_from_db()
    return payment.status == PaymentStatus.SUCCEEDED


def test_the_page_shows_amount_merchant_and_the_countrys_methods(client, opened, django_assert_max_num_queries):
    _payment, page = opened
    with django_assert_max_num_queries(12):
        response = client.get(page)
    html = response.content.decode()
    assert response.status_code == 200 and "Caravan Marketplace" in html and "150" in html
    assert 'data-testid="method-pix"' in html and "PIX" in html and "sandbox simulation" in html
    assert 'data-testid="method-upi"' not in html and "4242424242424242" in html


def test_a_card_payment_returns_the_buyer_and_the_webhook_pays_it(client, opened):
    payment, page = opened
    response = client.post(reverse("sandbox-pay-card", args=[page.split("/")[2]]), {"number": "4242 4242 4242 4242",
                                                                                    **CARD})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == payment.return_url
    assert paid(client, payment)
    again = client.get(page)
    assert again.status_code == 200 and b'data-testid="sandbox-paid"' in again.content
    refused = client.post(f"{page}card/", {"number": "4242424242424242", **CARD})
    assert refused.status_code == 200 and b"sandbox-paid" in refused.content
    assert SandboxWebhook.objects.filter(kind="payment.succeeded").count() == 1
    assert client.get(payment.pay_url).status_code == 409  # our pay link: already paid
    assert_books_balance()


def test_a_declined_card_then_a_retry(client, opened):
    payment, page = opened
    declined = client.post(f"{page}card/", {"number": "4000 0000 0000 0002", **CARD})
    assert declined.status_code == 402 and b"Your card was declined." in declined.content
    assert b'data-testid="card-form"' in declined.content
    shown = client.get(page)  # the page says why, and still takes a card
    assert b"Your card was declined." in shown.content and b'data-testid="card-form"' in shown.content
    deliver_pending(client)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and payment.failure_reason == "Your card was declined."
    poor = client.post(f"{page}card/", {"number": "4000000000009995", **CARD})
    assert poor.status_code == 402 and b"insufficient funds" in poor.content
    bad = client.post(f"{page}card/", {"number": "1234", **CARD})
    assert bad.status_code == 400 and b"not a valid card number" in bad.content
    ok = client.post(f"{page}card/", {"number": "4242424242424242", **CARD})
    assert ok.status_code == 302 and paid(client, payment)


def test_three_d_secure_fail_then_approve(client, opened):
    payment, page = opened
    challenged = client.post(f"{page}card/", {"number": "4000 0027 6000 3184", **CARD})
    assert challenged.status_code == 302 and challenged["Location"] == f"{page}authenticate/"
    assert client.get(page)["Location"] == f"{page}authenticate/"  # the page sends them back to the step
    challenge = client.get(f"{page}authenticate/")
    assert b'data-testid="3ds-challenge"' in challenge.content
    failed = client.post(f"{page}authenticate/", {"decision": "fail"})
    assert failed.status_code == 402 and b"3-D Secure authentication failed" in failed.content
    client.post(f"{page}card/", {"number": "4000002760003184", **CARD})
    approved = client.post(f"{page}authenticate/", {"decision": "approve"})
    assert approved.status_code == 302 and approved["Location"] == payment.return_url
    assert paid(client, payment)


def test_a_voided_payment_takes_no_money(client, opened, django_capture_on_commit_callbacks):
    payment, page = opened
    with django_capture_on_commit_callbacks(execute=True):
        payment_void(payment_id=payment.pk, reason="orders cancelled")
    assert SandboxPayment.objects.get(ref=payment.gateway_ref).status == Status.CANCELED
    shown = client.get(page)
    assert shown.status_code == 409 and b'data-testid="sandbox-canceled"' in shown.content
    for response in (client.post(f"{page}card/", {"number": "4242424242424242", **CARD}),
                     client.post(f"{page}method/", {"method": "pix"})):  # fmt: skip
        assert response.status_code == 409 and b"sandbox-canceled" in response.content
    assert not SandboxWebhook.objects.exists()
    assert client.get(payment.pay_url).status_code == 409


def test_pay_by_qr_waits_for_the_asynchronous_confirmation(client, opened, django_capture_on_commit_callbacks,
                                                           settings):  # fmt: skip
    settings.CARAVAN_SANDBOX_ASYNC_CONFIRM_SECONDS = 7
    payment, page = opened
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"{page}method/", {"method": "pix"})
    assert response.status_code == 302 and response["Location"] == f"{page}wait/"
    [send] = callbacks
    assert send.keywords == {"kwargs": {"ref": payment.gateway_ref}, "countdown": 7}
    assert send.func.__self__.name == "escrow.gateways.sandbox.tasks.sandbox_async_confirm_task"
    waiting = client.get(f"{page}wait/")
    html = waiting.content.decode()
    assert 'src="data:image/svg+xml' in html and 'data-testid="sandbox-qr"' in html and "hx-trigger" in html
    poll = client.get(f"{page}wait/status/")
    assert b'data-testid="wait-status"' in poll.content and "HX-Redirect" not in poll
    assert not paid(client, payment)  # nothing until the scheme confirms
    from escrow.gateways.sandbox.tasks import sandbox_async_confirm_task

    sandbox_async_confirm_task.run(ref=payment.gateway_ref)  # what the worker runs after the countdown
    sandbox_async_confirm_task.run(ref=payment.gateway_ref)  # a redelivered job changes nothing
    poll = client.get(f"{page}wait/status/")
    assert poll["HX-Redirect"] == payment.return_url
    assert client.get(f"{page}wait/")["Location"] == payment.return_url
    assert paid(client, payment) and payment.method == "pix"
    assert SandboxWebhook.objects.filter(kind="payment.succeeded").count() == 1


def test_the_sandbox_controls_confirm_or_fail_a_waiting_payment(client, opened):
    payment, page = opened
    client.post(f"{page}method/", {"method": "boleto"})  # a bank transfer: reference, no QR
    waiting = client.get(f"{page}wait/")
    assert b'data-testid="transfer-reference"' in waiting.content and b"sandbox-qr" not in waiting.content
    failed = client.post(f"{page}simulate/", {"outcome": "fail"})
    assert failed.status_code == 302
    assert b"not completed in your banking app" in client.get(page).content
    client.post(f"{page}method/", {"method": "pix"})
    client.post(f"{page}simulate/", {"outcome": "confirm"})
    assert client.get(f"{page}wait/")["Location"] == payment.return_url
    assert paid(client, payment)


def test_a_wallet_asks_for_approval(client, opened):
    payment, page = opened
    assert client.post(f"{page}method/", {"method": "mercado_pago"})["Location"] == f"{page}authenticate/"
    assert b'data-testid="wallet-approval"' in client.get(f"{page}authenticate/").content
    assert client.post(f"{page}authenticate/", {"decision": "approve"})["Location"] == payment.return_url
    assert paid(client, payment) and payment.method == "mercado_pago"


def test_a_method_not_offered_in_the_country_is_refused(client, opened):
    _payment, page = opened
    response = client.post(f"{page}method/", {"method": "upi"})
    assert response.status_code == 400 and b"not offered here" in response.content
    assert client.get("/sandbox-pay/not-a-token/").status_code == 404
    assert provider.methods_for("BR")
