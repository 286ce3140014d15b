"""Refunds: escrow(order) → refunds_payable when asked, refunds_payable →
gateway_clearing when the gateway confirms; never more than the order's escrow,
idempotent per (payment, order, reason); the books balance after every step."""

import pytest
from moneyed import Money

from escrow.ledger import AccountRef
from escrow.models import AccountKind, JournalTransaction, Refund, RefundStatus, SandboxPayment
from escrow.payments import escrow_held, payment_refund, refund_submit
from escrow.selectors import account_balance
from marketplace.errors import ConflictError, DomainError
from tests.factories import UserFactory

from .payflow import assert_books_balance, deliver_pending, started
from .test_webhooks import pay_card

pytestmark = pytest.mark.django_db

BRL = "BRL"


def balance(kind, order_id=None):
    return account_balance(AccountRef(kind, BRL, order_id=order_id))


@pytest.fixture
def captured(client):
    payment, sandbox, _url = started(UserFactory())
    pay_card(sandbox)
    deliver_pending(client)
    payment.refresh_from_db()
    return payment


def test_a_partial_refund_moves_through_refunds_payable_to_the_gateway(
    client, captured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        refund = payment_refund(payment_id=captured.pk, order_id=11, amount=Money("40.00", BRL), reason="damaged")
    assert len(callbacks) == 1  # the gateway call is queued after commit (escrow.tasks.refund_submit_task)
    assert refund.status == RefundStatus.PENDING
    assert escrow_held(order_id=11, currency=BRL) == Money("60.00", BRL)
    assert balance(AccountKind.REFUNDS_PAYABLE) == Money("-40.00", BRL)
    assert_books_balance()
    refund = refund_submit(refund_id=refund.pk)
    assert refund.gateway_ref.startswith("sbre_")
    assert refund_submit(refund_id=refund.pk).gateway_ref == refund.gateway_ref  # run twice: one refund there
    assert SandboxPayment.objects.get(ref=captured.gateway_ref).refunded_amount == 40
    [response] = deliver_pending(client)
    assert response.status_code == 200
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED and refund.completed_at
    assert balance(AccountKind.REFUNDS_PAYABLE) == Money("0", BRL)
    assert balance(AccountKind.GATEWAY_CLEARING) == Money("110.00", BRL)
    assert set(JournalTransaction.objects.values_list("kind", flat=True)) == {"capture", "refund", "refund_paid"}
    assert_books_balance()


def test_refunds_never_exceed_the_orders_escrow_and_repeat_as_one(captured):
    first = payment_refund(payment_id=captured.pk, order_id=12, amount=Money("50.00", BRL), reason="not shipped")
    assert payment_refund(payment_id=captured.pk, order_id=12, amount=Money("50.00", BRL), reason="not shipped") == (
        first
    )
    with pytest.raises(ConflictError):
        payment_refund(payment_id=captured.pk, order_id=12, amount=Money("20.00", BRL), reason="not shipped")
    with pytest.raises(DomainError) as caught:
        payment_refund(payment_id=captured.pk, order_id=12, amount=Money("0.01", BRL), reason="again")
    assert caught.value.field == "amount"
    with pytest.raises(DomainError):
        payment_refund(payment_id=captured.pk, order_id=11, amount=Money("100.01", BRL), reason="too much")
    with pytest.raises(DomainError) as caught:
        payment_refund(payment_id=captured.pk, order_id=99, amount=Money("1", BRL), reason="not ours")
    assert caught.value.field == "order_id"
    with pytest.raises(DomainError):
        payment_refund(payment_id=captured.pk, order_id=11, amount=Money("1", "USD"), reason="currency")
    assert Refund.objects.count() == 1 and escrow_held(order_id=12, currency=BRL) == Money("0", BRL)
    assert_books_balance()


def test_full_refunds_of_every_order_empty_escrow_and_the_gateway(client, captured):
    for order_id, amount in ((11, "100.00"), (12, "50.00")):
        refund = payment_refund(payment_id=captured.pk, order_id=order_id, amount=Money(amount, BRL), reason="cancel")
        refund_submit(refund_id=refund.pk)
    deliver_pending(client)
    assert set(Refund.objects.values_list("status", flat=True)) == {RefundStatus.SUCCEEDED}
    sandbox = SandboxPayment.objects.get(ref=captured.gateway_ref)
    assert sandbox.refunded_amount == sandbox.captured_amount == 150
    for kind, order_id in ((AccountKind.ESCROW, 11), (AccountKind.ESCROW, 12), (AccountKind.REFUNDS_PAYABLE, None),
                           (AccountKind.GATEWAY_CLEARING, None)):  # fmt: skip
        assert balance(kind, order_id) == Money("0", BRL)
    assert_books_balance()


def test_an_unpaid_payment_cannot_be_refunded():
    payment, _sandbox, _url = started(UserFactory())
    with pytest.raises(DomainError):
        payment_refund(payment_id=payment.pk, order_id=11, amount=Money("1", BRL), reason="x")
    assert not Refund.objects.exists() and not JournalTransaction.objects.exists()


def test_a_refund_the_gateway_refuses_goes_back_into_escrow(captured):
    refund = payment_refund(payment_id=captured.pk, order_id=11, amount=Money("30.00", BRL), reason="broken")
    # Someone refunded at the provider's side meanwhile: only 20 is left there to refund.
    SandboxPayment.objects.filter(ref=captured.gateway_ref).update(refunded_amount=130)
    refund = refund_submit(refund_id=refund.pk)
    assert refund.status == RefundStatus.FAILED and not refund.gateway_ref
    assert refund_submit(refund_id=refund.pk).status == RefundStatus.FAILED  # again: nothing more
    assert escrow_held(order_id=11, currency=BRL) == Money("100.00", BRL)
    assert balance(AccountKind.REFUNDS_PAYABLE) == Money("0", BRL)
    assert JournalTransaction.objects.filter(kind="refund_reversed").count() == 1
    assert_books_balance()
