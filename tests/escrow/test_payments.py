"""The payments contract (escrow.payments): create is idempotent on its reference
and checks the orders' shares; void closes the pay link."""

import pytest
from django.urls import reverse
from moneyed import Money

from escrow.models import Payment, PaymentStatus
from escrow.payments import payment_create, payment_void
from marketplace.errors import DomainError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_payment(buyer, reference="checkout:abc", **overrides):
    kwargs = {"reference": reference, "buyer_id": buyer.pk, "country": "BR", "language": "pt-br",
              "amount": Money("150.00", "BRL"), "return_url": "/orders/", "description": "2 orders",
              "allocations": {11: Money("100.00", "BRL"), 12: Money("50.00", "BRL")}}  # fmt: skip
    kwargs.update(overrides)
    return payment_create(**kwargs)


def test_create_is_idempotent_on_its_reference_and_keeps_the_shares():
    buyer = UserFactory()
    payment = make_payment(buyer)
    again = make_payment(buyer)
    assert again.pk == payment.pk and Payment.objects.count() == 1
    assert payment.allocations() == {11: Money("100.00", "BRL"), 12: Money("50.00", "BRL")}
    assert payment.status == PaymentStatus.PENDING and payment.method == ""
    assert payment.pay_url == reverse("payment-pay", args=[payment.token]) and len(payment.token) >= 40


@pytest.mark.parametrize(
    "allocations, field",
    [
        ({11: Money("100.00", "BRL")}, "allocations"),  # short of the amount
        ({11: Money("100.00", "BRL"), 12: Money("50.00", "USD")}, "allocations"),  # another currency
        ({}, "allocations"),
        ({11: Money("150.00", "BRL"), 12: Money("0", "BRL")}, "allocations"),
    ],
)
def test_shares_that_do_not_make_the_amount_are_refused_and_nothing_is_written(allocations, field):
    with pytest.raises(DomainError) as caught:
        make_payment(UserFactory(), allocations=allocations)
    assert caught.value.field == field and Payment.objects.count() == 0


def test_void_closes_the_pay_link_and_is_idempotent(client):
    buyer = UserFactory()
    payment = make_payment(buyer)
    payment_void(payment_id=payment.pk, reason="orders cancelled")
    payment_void(payment_id=payment.pk, reason="again")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.VOIDED and payment.void_reason == "orders cancelled"
    client.force_login(buyer)
    response = client.get(payment.pay_url)
    assert response.status_code == 409 and b'data-testid="payment-closed"' in response.content


def test_the_pay_link_is_the_buyers_alone(client):
    payment = make_payment(UserFactory())
    client.force_login(UserFactory())
    assert client.get(payment.pay_url).status_code == 404
    client.logout()
    assert client.get(payment.pay_url).status_code == 302  # to log in
