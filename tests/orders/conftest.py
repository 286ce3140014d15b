"""Shared fixtures of the checkout and order tests: a buyer in Brazil paying in
BRL with an address, approved stores in China and Turkey with listings, a cart
filled through the real cart service."""

from decimal import Decimal

import pytest

from buyers.services import AddressInput, address_create
from listings.services import VariantInput
from orders import cart as carts
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, listing_input, make_listing  # noqa: F401

SAO_PAULO = {
    "full_name": "Ana Souza",
    "country": "BR",
    "country_area": "SP",
    "city": "São Paulo",
    "street_address": "Av. Paulista, 1000, apto 12",
    "postal_code": "01310-100",
    "phone": "+55 11 91234-5678",
}


def make_buyer(**overrides):
    values = {"currency": "BRL", "language": "pt-br", "country": "BR"} | overrides
    buyer = UserFactory(**values)
    address_create(actor=buyer, data=AddressInput(**SAO_PAULO), default=True)
    return buyer


@pytest.fixture
def buyer(db):
    return make_buyer()


@pytest.fixture
def tr_store(make_seller):
    return make_seller(status="approved", country="TR")


@pytest.fixture
def dress(make_listing):  # noqa: F811
    """A Chinese store's dress: one variant, 20 lots."""
    return make_listing(variants=[VariantInput(sku="DRESS-RED-M", options={"colour": "Red", "size": "M"}, stock=20)])


@pytest.fixture
def towel(make_listing, tr_store):  # noqa: F811
    """A Turkish store's towel, priced in TRY, with an HS code."""
    return make_listing(seller=tr_store, title="Pamuklu plaj havlusu", price=Decimal("450.00"),
                        declared_value=Decimal("450.00"), hs_code="630260",
                        variants=[VariantInput(sku="TOWEL-BLUE", options={"colour": "Blue"}, stock=8)])  # fmt: skip


def fill(buyer, *lines):
    """Put (listing or variant, lots) lines in the buyer's cart."""
    cart = carts.cart_of(user=buyer, create=True)
    for thing, lots in lines:
        variant = thing.variants.order_by("pk").first() if hasattr(thing, "variants") else thing
        carts.cart_line_set(cart=cart, variant_id=variant.pk, lots=lots)
    return cart


def capture(payment, *, method: str = "card"):
    """What escrow does when the gateway reports the money captured (until h-pay's
    service records the gateway's event): the payment succeeded, the capture
    posted (gateway clearing → escrow per order), payment_succeeded sent, all in
    one transaction. Returns the payment."""
    from django.db import transaction
    from django.utils import timezone

    from escrow.ledger import AccountRef, Entry, ledger_post
    from escrow.models import AccountKind, Payment
    from escrow.signals import payment_succeeded

    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(status="succeeded", method=method, paid_at=timezone.now())
        payment.refresh_from_db()
        currency = payment.amount.currency.code
        entries = [Entry(AccountRef(AccountKind.GATEWAY_CLEARING, currency), payment.amount)] + [
            Entry(AccountRef(AccountKind.ESCROW, currency, order_id=order_id), -share)
            for order_id, share in payment.allocations().items()
        ]
        ledger_post(reference=f"capture:payment={payment.pk}", kind="capture", entries=entries)
        payment_succeeded.send(sender=Payment, payment=payment)
    return payment
