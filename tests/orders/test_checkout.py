"""Placing a checkout: one order per seller, lines snapshotted, stock reserved,
rate locked, one payment, idempotent on the token; and every change since the
buyer looked said plainly, with nothing written."""

import uuid
from decimal import Decimal

import pytest
from moneyed import Money

from escrow.models import Payment
from listings.models import ListingStatus, ListingVariant, StockMovement
from listings.services import listing_set_status
from listings.stock import stock_set
from marketplace.errors import ConflictError, DomainError
from marketplace.selectors import exchange_rates_current
from orders.checkout import checkout_place
from orders.models import CartLine, Checkout, Order, OrderEvent, OrderLine, OrderStatus
from tests.orders.conftest import fill, make_buyer

pytestmark = pytest.mark.django_db


def place(buyer, token=None, **kwargs):
    values = {"buyer": buyer, "token": token or uuid.uuid4(), "address_id": None, "shipping": {},
              "currency": buyer.currency, "language": buyer.language}  # fmt: skip
    values.update(kwargs)
    return checkout_place(**values)


def stock(listing) -> int:
    return ListingVariant.objects.filter(listing=listing).order_by("pk").first().stock


def test_a_two_store_cart_becomes_two_orders_paid_in_one_payment(
    buyer, dress, towel, django_capture_on_commit_callbacks
):
    fill(buyer, (dress, 3), (towel, 2))
    with django_capture_on_commit_callbacks() as callbacks:
        placed = place(buyer)
    assert len(callbacks) == 1  # the placement email
    orders = placed.orders
    assert [o.seller_id for o in orders] == [dress.seller_id, towel.seller_id]
    assert all(o.status == OrderStatus.AWAITING_PAYMENT and o.currency == "BRL" for o in orders)
    assert stock(dress) == 17 and stock(towel) == 6
    movements = StockMovement.objects.filter(reference=f"checkout={placed.checkout.pk}")
    assert sorted(m.before - m.after for m in movements) == [2, 3]
    assert not CartLine.objects.filter(cart__user=buyer).exists()

    cn = orders[0]
    rates = exchange_rates_current()
    assert cn.settlement_currency == "CNY" and cn.settlement_goods == Money("360.00", "CNY")
    assert cn.exchange_rate == (rates["BRL"] / rates["CNY"]).quantize(Decimal("0.0000000001"))
    assert cn.rate_source and cn.rate_date
    assert cn.total == cn.goods + cn.shipping + cn.taxes and cn.shipping.amount > 0
    assert cn.shipping_method_code and cn.delivery_from <= cn.delivery_to and cn.processing_days == 5
    assert cn.address["city"] == "São Paulo" and cn.address["lines"]
    assert (cn.pay_by - cn.created_at).total_seconds() == pytest.approx(24 * 3600, abs=5)

    towel_line = OrderLine.objects.get(order=orders[1])
    assert towel_line.title == "Pamuklu plaj havlusu" and towel_line.hs_code == "630260"
    assert towel_line.unit_price == Money("450.00", "TRY") and towel_line.unit_price_buyer.currency.code == "BRL"
    assert towel_line.lots == 2 and towel_line.options == {"colour": "Blue"} and towel_line.weight_grams == 300

    payment = placed.payment
    assert placed.checkout.payment_id == payment.pk
    assert payment.amount == orders[0].total + orders[1].total
    assert payment.allocations() == {o.pk: o.total for o in orders}
    assert OrderEvent.objects.filter(order__in=orders, from_status="", to_status="awaiting_payment").count() == 2


def test_the_same_token_twice_is_the_same_orders_and_payment(buyer, dress):
    fill(buyer, (dress, 2))
    token = uuid.uuid4()
    first = place(buyer, token)
    again = place(buyer, str(token))
    assert again.checkout.pk == first.checkout.pk and [o.pk for o in again.orders] == [o.pk for o in first.orders]
    assert again.payment.pk == first.payment.pk
    assert Order.objects.count() == 1 and Payment.objects.count() == 1 and stock(dress) == 18


def test_another_buyers_token_is_refused(buyer, dress):
    fill(buyer, (dress, 1))
    token = uuid.uuid4()
    place(buyer, token)
    other = make_buyer()
    fill(other, (dress, 1))
    with pytest.raises(ConflictError) as caught:
        place(other, token)
    assert caught.value.field == "checkout_token" and Order.objects.count() == 1


def nothing_written(dress_stock_before, dress):
    assert Checkout.objects.count() == 0 and Order.objects.count() == 0 and Payment.objects.count() == 0
    assert stock(dress) == dress_stock_before


def test_a_new_price_stops_the_checkout_saying_from_what_to_what(buyer, dress):
    fill(buyer, (dress, 2))
    seller = dress.seller
    from listings.models import Listing

    Listing.objects.filter(pk=dress.pk).update(price=Money("150.00", "CNY"))
    with pytest.raises(DomainError) as caught:
        place(buyer)
    assert "DRESS-RED-M" in caught.value.message and "price changed" in caught.value.message
    assert caught.value.fields["cart"] and seller
    nothing_written(20, dress)


def test_less_stock_than_the_cart_holds_is_named(buyer, dress):
    fill(buyer, (dress, 5))
    stock_set(variant_id=dress.variants.get().pk, stock=3, actor=dress.seller.user)
    with pytest.raises(DomainError) as caught:
        place(buyer)
    assert "Only 3 lots left" in caught.value.message
    nothing_written(3, dress)


def test_a_product_no_longer_sold_is_named(buyer, dress):
    fill(buyer, (dress, 1))
    listing_set_status(actor=dress.seller.user, listing_id=dress.pk, status=ListingStatus.PAUSED)
    with pytest.raises(DomainError) as caught:
        place(buyer)
    assert "no longer sold" in caught.value.message
    nothing_written(20, dress)


def test_a_shipping_method_that_is_not_offered_is_refused(buyer, dress):
    fill(buyer, (dress, 1))
    with pytest.raises(DomainError) as caught:
        place(buyer, shipping={dress.seller_id: "no-such-method"})
    assert "choose another" in caught.value.message
    nothing_written(20, dress)


def test_a_changed_total_is_refused_with_both_totals(buyer, dress):
    fill(buyer, (dress, 1))
    with pytest.raises(DomainError) as caught:
        place(buyer, expected_total=Decimal("1.00"))
    assert caught.value.field == "expected_total" and "R$" in caught.value.message
    nothing_written(20, dress)


def test_an_empty_cart_or_no_address_is_refused(dress):
    from tests.factories import UserFactory

    nobody = UserFactory(currency="BRL")
    with pytest.raises(DomainError) as caught:
        place(nobody)
    assert caught.value.field == "address"
    buyer = make_buyer()
    with pytest.raises(DomainError) as caught:
        place(buyer)
    assert "empty" in caught.value.message
    with pytest.raises(DomainError) as caught:
        place(buyer, token="not-a-uuid")
    assert caught.value.field == "checkout_token"


def test_stock_taken_between_review_and_place_undoes_everything(buyer, dress, towel):
    fill(buyer, (dress, 2), (towel, 8))
    other = make_buyer()
    fill(other, (towel, 1))
    place(other)  # the towel now has 7 lots; the buyer's cart still asks 8
    with pytest.raises(DomainError) as caught:
        place(buyer)
    assert "TOWEL-BLUE" in caught.value.message
    assert Order.objects.count() == 1 and stock(dress) == 20 and stock(towel) == 7
