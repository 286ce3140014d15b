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

# A buyer in Poland: the EU's import VAT (23 %) is collected at checkout on consignments up to EUR 150 (IOSS).
WARSZAWA = {
    "full_name": "Anna Kowalska",
    "country": "PL",
    "country_area": "",
    "city": "Warszawa",
    "street_address": "ul. Marszałkowska 1",
    "postal_code": "00-624",
    "phone": "+48 22 123 45 67",
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


def start(payment):
    """The buyer opens the pay link: the payment is started at the sandbox gateway."""
    from escrow.payments import payment_start

    payment_start(payment_id=payment.pk)
    payment.refresh_from_db()
    return payment


def capture(payment, *, method: str = "card", event_id: str | None = None):
    """The gateway's verified "payment.succeeded" event recorded by escrow's real
    service (capture posted to the ledger, payment_succeeded sent in its
    transaction). The HTTP webhook path is in test_payment_flow.py."""
    import uuid

    from escrow.gateways.base import WebhookEvent
    from escrow.services import gateway_event_record

    if not payment.gateway_ref:
        start(payment)
    event = WebhookEvent(id=event_id or f"evt_{uuid.uuid4().hex}", kind="payment.succeeded",
                         payment_ref=payment.gateway_ref, amount=payment.amount, method=method)  # fmt: skip
    gateway_event_record(gateway=payment.gateway, event=event)
    payment.refresh_from_db()
    return payment
