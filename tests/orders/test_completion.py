"""Completion (buyer confirms, after delivery, protection ended; never in
dispute), the protection extension, and cancellation requests (accept, decline,
silence): each fires once, the escrow and the stock move once, books balance."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from moneyed import Money

from buyers.services import AddressInput, address_create
from escrow.ledger import AccountRef
from escrow.models import AccountKind, Refund, Release
from escrow.payments import payment_refund
from escrow.selectors import account_balance
from listings.models import ListingVariant
from listings.services import VariantInput
from marketplace.errors import ConflictError, DomainError, NotFound
from marketplace.money import quantum
from orders import completion, tasks
from orders.models import CancelRequest, Order, OrderEvent, OrderStatus, Shipment
from tests.escrow.release_helpers import postings_by_account
from tests.orders.completion_helpers import assert_books_balance, deliver, held, paid_order, ship
from tests.orders.conftest import WARSZAWA, make_buyer

pytestmark = pytest.mark.django_db

DAYS = settings.CARAVAN_AUTO_COMPLETE_DAYS_AFTER_DELIVERY


def stock(listing) -> int:
    return ListingVariant.objects.get(listing=listing).stock


def completed_events(order) -> int:
    return OrderEvent.objects.filter(order=order, to_status=OrderStatus.COMPLETED).count()


def test_the_buyer_confirms_a_shipped_order_once_and_the_escrow_is_released(buyer, dress):
    order = ship(paid_order(buyer, (dress, 2)))
    assert held(order) > 0
    completion.order_confirm_receipt(order_id=order.pk, actor=buyer)
    completion.order_confirm_receipt(order_id=order.pk, actor=buyer)  # a replay: nothing more
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED and order.completed_at is not None
    assert completed_events(order) == 1
    assert OrderEvent.objects.get(order=order, to_status="completed").actor == buyer
    assert held(order) == 0  # released to the seller
    assert_release_splits_items_and_shipping(order)
    assert_books_balance()


def assert_release_splits_items_and_shipping(order) -> Release:
    """The order's Release records its shipping charge and import taxes (buyer
    currency) inside the whole amount released; the taxes went to tax_payable, the
    rest was converted and commissioned."""
    release = Release.objects.get(order_id=order.pk)
    assert order.shipping.amount > 0  # the checkout charged shipping: the split says something
    assert release.buyer_currency == order.currency == order.shipping.currency.code == order.taxes.currency.code
    assert (release.amount, release.shipping, release.taxes) == (
        order.total.amount, order.shipping.amount, order.taxes.amount,
    )  # fmt: skip
    assert release.items == order.goods.amount
    settlement_q = quantum(release.settlement_currency)
    assert release.gross == ((release.amount - release.taxes) * release.rate).quantize(settlement_q, ROUND_HALF_UP)
    assert release.commission == (release.gross * release.commission_rate).quantize(settlement_q, ROUND_HALF_UP)
    return release


def test_shipping_charged_in_another_currency_is_not_released_as_if_it_were_the_orders(buyer, dress):
    order = ship(paid_order(buyer, (dress, 1)))
    Order.objects.filter(pk=order.pk).update(shipping_currency="USD")  # an order no checkout makes
    with pytest.raises(ConflictError):
        completion.order_confirm_receipt(order_id=order.pk, actor=buyer)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED and held(order) > 0
    assert not Release.objects.filter(order_id=order.pk).exists()


def test_taxes_collected_in_another_currency_are_not_released_as_if_they_were_the_orders(buyer, dress):
    order = ship(paid_order(buyer, (dress, 1)))
    Order.objects.filter(pk=order.pk).update(taxes_currency="EUR")  # an order no checkout makes
    with pytest.raises(ConflictError):
        completion.order_confirm_receipt(order_id=order.pk, actor=buyer)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED and held(order) > 0
    assert not Release.objects.filter(order_id=order.pk).exists()


def test_only_the_buyer_confirms_and_only_a_shipped_or_delivered_order(buyer, dress):
    order = paid_order(buyer, (dress, 1))
    with pytest.raises(ConflictError):
        completion.order_confirm_receipt(order_id=order.pk, actor=buyer)  # not shipped yet
    ship(order)
    for someone in (order.seller.user, make_buyer()):
        with pytest.raises(NotFound):
            completion.order_confirm_receipt(order_id=order.pk, actor=someone)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED


def test_a_delivered_order_completes_five_days_after_delivery_once(buyer, dress):
    due = deliver(ship(paid_order(buyer, (dress, 1)), days_ago=10), days_ago=DAYS + 0.01)
    not_yet = deliver(ship(paid_order(make_buyer(), (dress, 1)), days_ago=10), days_ago=DAYS - 0.1)
    assert completion.orders_auto_complete() == [due.pk]
    assert completion.orders_auto_complete() == []  # a repeated run: nothing more
    assert tasks.orders_auto_complete_task() == 0
    due.refresh_from_db(), not_yet.refresh_from_db()
    assert due.status == OrderStatus.COMPLETED and not_yet.status == OrderStatus.DELIVERED
    event = OrderEvent.objects.get(order=due, to_status="completed")
    assert event.actor is None and event.reason == completion.AUTO_DELIVERED and completed_events(due) == 1
    assert held(due) == 0 and held(not_yet) > 0
    assert_release_splits_items_and_shipping(due)  # the job's set-based batch records it too
    assert not Release.objects.filter(order_id=not_yet.pk).exists()
    assert_books_balance()


def test_an_order_completes_when_buyer_protection_ends_shipped_or_delivered(buyer, dress):
    shipped = ship(paid_order(buyer, (dress, 1)), days_ago=61, protection_days=60)
    running = ship(paid_order(make_buyer(), (dress, 1)), days_ago=59, protection_days=60)
    # delivered yesterday, but protection ended an hour ago: the earlier rule fires
    delivered = deliver(ship(paid_order(make_buyer(), (dress, 1)), days_ago=30, protection_days=30), days_ago=1)
    Order.objects.filter(pk=delivered.pk).update(protection_until=timezone.now() - timedelta(hours=1))
    assert sorted(completion.orders_auto_complete()) == sorted([shipped.pk, delivered.pk])
    assert completion.orders_auto_complete() == []
    for order in (shipped, delivered):
        assert OrderEvent.objects.get(order=order, to_status="completed").reason == completion.AUTO_PROTECTION
        assert_release_splits_items_and_shipping(order)
    assert Order.objects.get(pk=running.pk).status == OrderStatus.SHIPPED
    assert_books_balance()


def test_an_order_in_dispute_never_completes_by_itself(buyer, dress):
    delivered = deliver(ship(paid_order(buyer, (dress, 1)), days_ago=70, protection_days=60), days_ago=40)
    shipped = ship(paid_order(make_buyer(), (dress, 1)), days_ago=70, protection_days=60)
    Order.objects.filter(pk__in=[delivered.pk, shipped.pk]).update(in_dispute=True)
    assert completion.orders_auto_complete() == []
    assert tasks.orders_auto_complete_task() == 0
    assert set(Order.objects.values_list("status", flat=True)) == {OrderStatus.DELIVERED, OrderStatus.SHIPPED}
    assert completion.completion_clock(Order.objects.get(pk=delivered.pk)) is None
    assert held(delivered) > 0 and held(shipped) > 0
    with pytest.raises(ConflictError):  # nor does the buyer's confirmation release it mid-dispute
        completion.order_confirm_receipt(order_id=shipped.pk, actor=shipped.buyer)
    Order.objects.filter(pk=shipped.pk).update(in_dispute=False)  # the dispute settled without a refund
    assert completion.orders_auto_complete() == [shipped.pk]


def test_the_buyer_extends_protection_once_before_it_ends(buyer, dress):
    extra = settings.CARAVAN_PROTECTION_EXTENSION_DAYS
    order = deliver(ship(paid_order(buyer, (dress, 1)), days_ago=10), days_ago=DAYS - 1)
    before = order.protection_until
    with pytest.raises(NotFound):
        completion.order_protection_extend(order_id=order.pk, actor=order.seller.user)
    order = completion.order_protection_extend(order_id=order.pk, actor=buyer)
    assert order.protection_until == before + timedelta(days=extra) and order.protection_extension_days == extra
    clock = completion.completion_clock(order)
    assert clock.rule == "delivered" and clock.at == order.shipment.delivered_at + timedelta(days=DAYS + extra)
    with pytest.raises(ConflictError):
        completion.order_protection_extend(order_id=order.pk, actor=buyer)
    assert OrderEvent.objects.filter(order=order, reason__startswith="buyer protection extended").count() == 1
    # the after-delivery clock moved too: not due after 5 days, due after 5 + 15
    Shipment.objects.filter(order=order).update(delivered_at=timezone.now() - timedelta(days=DAYS + 1))
    assert completion.orders_auto_complete() == []
    Shipment.objects.filter(order=order).update(delivered_at=timezone.now() - timedelta(days=DAYS + extra + 0.01))
    assert completion.orders_auto_complete() == [order.pk]


def test_protection_cannot_be_extended_after_it_ended_or_before_shipping(buyer, dress):
    order = paid_order(buyer, (dress, 1))
    with pytest.raises(ConflictError):
        completion.order_protection_extend(order_id=order.pk, actor=buyer)
    ship(order, days_ago=61, protection_days=60)
    with pytest.raises(ConflictError):
        completion.order_protection_extend(order_id=order.pk, actor=buyer)
    assert Order.objects.get(pk=order.pk).protection_extension_days == 0


# --- cancellation requests -----------------------------------------------------------------


def test_the_seller_accepts_a_cancellation_request_refund_and_stock_once(buyer, dress):
    order = paid_order(buyer, (dress, 3))
    assert stock(dress) == 17
    order = completion.order_cancel_request(order_id=order.pk, actor=buyer, reason="wrong size")
    assert order.cancel_request == CancelRequest.OPEN
    assert order.cancel_answer_by == order.cancel_requested_at + timedelta(
        hours=settings.CARAVAN_CANCEL_REQUEST_ANSWER_HOURS
    )
    with pytest.raises(NotFound):  # another store's seller
        completion.order_cancel_answer(order_id=order.pk, seller=make_buyer(), actor=buyer, accept=True)
    seller = order.seller
    for _ in range(2):  # a replayed answer does nothing more
        order = completion.order_cancel_answer(order_id=order.pk, seller=seller, actor=seller.user, accept=True)
    assert order.status == OrderStatus.CANCELLED and order.cancel_request == CancelRequest.ACCEPTED
    assert stock(dress) == 20
    refund = Refund.objects.get(order_id=order.pk)
    assert refund.amount == order.total and held(order) == 0
    assert completion.orders_cancel_requests_expire(now=timezone.now() + timedelta(days=5)) == []
    assert stock(dress) == 20 and Refund.objects.count() == 1
    assert OrderEvent.objects.filter(order=order, to_status="cancelled").count() == 1
    assert OrderEvent.objects.filter(order=order, reason__startswith="cancellation requested").count() == 1
    assert_books_balance()


def test_a_declined_request_leaves_the_order_paid_and_the_silence_job_ignores_it(buyer, dress):
    order = paid_order(buyer, (dress, 2))
    completion.order_cancel_request(order_id=order.pk, actor=buyer)
    seller = order.seller
    with pytest.raises(DomainError) as error:
        completion.order_cancel_answer(order_id=order.pk, seller=seller, actor=seller.user, accept=False)
    assert error.value.field == "reason"
    order = completion.order_cancel_answer(order_id=order.pk, seller=seller, actor=seller.user, accept=False,
                                           reason="Already packed")  # fmt: skip
    assert order.status == OrderStatus.PAID and order.cancel_request == CancelRequest.DECLINED
    assert completion.orders_cancel_requests_expire(now=timezone.now() + timedelta(days=5)) == []
    with pytest.raises(ConflictError):  # answered: no second request, no late accept
        completion.order_cancel_request(order_id=order.pk, actor=buyer)
    with pytest.raises(ConflictError):
        completion.order_cancel_answer(order_id=order.pk, seller=seller, actor=seller.user, accept=True)
    assert stock(dress) == 18 and not Refund.objects.exists()
    assert OrderEvent.objects.filter(order=order, reason__startswith="cancellation request declined").count() == 1


def test_the_sellers_silence_accepts_the_request_once(buyer, dress):
    order = paid_order(buyer, (dress, 4))
    completion.order_cancel_request(order_id=order.pk, actor=buyer)
    hours = settings.CARAVAN_CANCEL_REQUEST_ANSWER_HOURS
    assert completion.orders_cancel_requests_expire(now=timezone.now() + timedelta(hours=hours - 1)) == []
    later = timezone.now() + timedelta(hours=hours, minutes=1)
    assert completion.orders_cancel_requests_expire(now=later) == [order.pk]
    assert completion.orders_cancel_requests_expire(now=later) == []
    assert tasks.orders_cancel_requests_expire_task() == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and stock(dress) == 20
    assert Refund.objects.get(order_id=order.pk).amount == order.total
    event = OrderEvent.objects.get(order=order, to_status="cancelled")
    assert event.actor is None and event.reason == completion.CANCEL_SILENCE
    assert_books_balance()


def test_only_a_paid_unshipped_order_can_be_asked_to_cancel(buyer, dress):
    order = ship(paid_order(buyer, (dress, 1)))
    with pytest.raises(ConflictError):
        completion.order_cancel_request(order_id=order.pk, actor=buyer)
    with pytest.raises(NotFound):
        completion.order_cancel_request(order_id=order.pk, actor=order.seller.user)
    with pytest.raises(DomainError) as error:
        completion.order_cancel_request(order_id=paid_order(make_buyer(), (dress, 1)).pk,
                                        actor=Order.objects.latest("pk").buyer, reason="x" * 301)  # fmt: skip
    assert error.value.field == "reason"


def test_an_order_whose_escrow_cannot_be_released_waits_and_the_others_complete(buyer, dress):
    empty = deliver(ship(paid_order(buyer, (dress, 1)), days_ago=10), days_ago=DAYS + 1)
    fine = deliver(ship(paid_order(make_buyer(), (dress, 1)), days_ago=10), days_ago=DAYS + 1)
    payment_refund(payment_id=empty.paid_payment_id, order_id=empty.pk, amount=Money(held(empty), empty.currency),
                   reason="emptied by a staff refund")  # fmt: skip
    assert completion.orders_auto_complete(limit=1) == [fine.pk]  # batches of one: the keyset moves past it
    assert completion.orders_auto_complete() == []
    assert Order.objects.get(pk=empty.pk).status == OrderStatus.DELIVERED
    assert Order.objects.get(pk=fine.pk).status == OrderStatus.COMPLETED
    assert_books_balance()


def test_import_vat_collected_at_checkout_goes_to_tax_payable_not_to_the_seller(dress):
    """A buyer in Poland pays 23 % VAT at checkout (EU IOSS, under EUR 150): when the
    order completes the VAT leaves escrow to tax_payable in złoty, and the seller is
    paid, less commission, on the goods and shipping only."""
    anna = make_buyer(currency="PLN", language="en", country="PL")
    address_create(actor=anna, data=AddressInput(**WARSZAWA), default=True)
    order = ship(paid_order(anna, (dress, 1)))
    assert order.currency == "PLN" and order.settlement_currency == "CNY"
    assert order.taxes.amount > 0 and order.taxes.amount == (
        (order.goods.amount + order.shipping.amount) * Decimal("0.23")
    ).quantize(Decimal("0.01"), ROUND_HALF_UP)  # Poland's VAT on goods + shipping
    completion.order_confirm_receipt(order_id=order.pk, actor=anna)
    release = assert_release_splits_items_and_shipping(order)
    assert held(order) == 0
    taxes = order.taxes.amount
    lines = postings_by_account(f"release:order={order.pk}")
    assert lines["tax_payable:PLN"] == -taxes
    assert lines["fx_conversion:PLN"] == -(order.total.amount - taxes)
    assert lines[f"seller_pending:CNY:seller={order.seller_id}"] == -release.net
    assert account_balance(AccountRef(AccountKind.TAX_PAYABLE, "PLN")) == -order.taxes
    assert order.taxes_rule == "eu_ioss"
    # what the seller would have had with the VAT converted and commissioned: strictly more
    with_vat = (order.total.amount * release.rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert release.gross < with_vat
    assert_books_balance()


def test_vat_an_eu_store_remits_itself_under_oss_is_paid_out_with_the_order(make_seller, make_listing):
    """An Italian store's sale to Poland (intra-EU distance sale): the destination's VAT is
    collected at checkout but is the store's to declare in its own OSS return, so at
    completion it goes with the order to the store, not to Caravan's tax payable."""
    store = make_seller(status="approved", country="IT")
    bag = make_listing(seller=store, title="Borsa in pelle", price=Decimal("40.00"), declared_value=Decimal("40.00"),
                       variants=[VariantInput(sku="BAG-BROWN", options={"colore": "marrone"}, stock=5)])  # fmt: skip
    anna = make_buyer(currency="PLN", language="en", country="PL")
    address_create(actor=anna, data=AddressInput(**WARSZAWA), default=True)
    order = ship(paid_order(anna, (bag, 1)))
    assert order.settlement_currency == "EUR" and order.taxes.amount > 0
    assert order.taxes_rule == "eu_intra_oss"
    before = account_balance(AccountRef(AccountKind.TAX_PAYABLE, "PLN"))
    completion.order_confirm_receipt(order_id=order.pk, actor=anna)
    release = Release.objects.get(order_id=order.pk)
    assert release.taxes == 0 and release.amount == order.total.amount
    lines = postings_by_account(f"release:order={order.pk}")
    assert "tax_payable:PLN" not in lines
    assert lines["fx_conversion:PLN"] == -order.total.amount  # the VAT is converted with the rest
    assert account_balance(AccountRef(AccountKind.TAX_PAYABLE, "PLN")) == before
    assert_books_balance()


def test_vat_of_a_store_outside_the_eu_shipping_inside_it_stays_caravans_to_remit(make_seller, make_listing):
    """The rule follows where the parcel leaves from; who remits follows where the store is
    established: a store that is not in the EU (here one whose country is changed after the
    sale, standing in for a Chinese store's Spanish warehouse) remits no OSS return, and
    Caravan, the deemed supplier, keeps the VAT."""
    from sellers.models import Seller

    store = make_seller(status="approved", country="IT")
    bag = make_listing(seller=store, title="Borsa in pelle", price=Decimal("40.00"), declared_value=Decimal("40.00"),
                       variants=[VariantInput(sku="BAG-BLACK", options={"colore": "nero"}, stock=5)])  # fmt: skip
    anna = make_buyer(currency="PLN", language="en", country="PL")
    address_create(actor=anna, data=AddressInput(**WARSZAWA), default=True)
    order = ship(paid_order(anna, (bag, 1)))
    assert order.taxes_rule == "eu_intra_oss"
    Seller.objects.filter(pk=store.pk).update(country="CN", settlement_currency="CNY")
    completion.order_confirm_receipt(order_id=order.pk, actor=anna)
    assert Release.objects.get(order_id=order.pk).taxes == order.taxes.amount
    assert postings_by_account(f"release:order={order.pk}")["tax_payable:PLN"] == -order.taxes.amount
    assert_books_balance()
