"""The ledger, the orders and the stock under random purchase histories: a
hypothesis state machine over adding to carts, checking out, paying by card
(accepted or declined) on the sandbox's hosted page, paying by PIX confirmed
later (possibly after the window closed: refunded), buyers cancelling unpaid
orders, the expiry job after the clock moved on, the gateway learning of a void,
refunds sent and confirmed, and webhooks delivered again. Every event reaches
escrow through the real signed webhook endpoint.

After every step: each journal transaction and every currency balances; each
order's escrow holds what was captured for it less what was refunded (the
order's total while it is paid, nothing otherwise); an order is paid at most
once and refunded at most what was paid; each variant's stock is its initial
stock less what paid and awaiting orders hold, never negative."""

import contextlib
import uuid
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Sum
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from moneyed import Money

from escrow.gateways.sandbox import provider
from escrow.models import (
    GatewayEvent,
    JournalTransaction,
    Payment,
    PaymentStatus,
    Posting,
    Refund,
    RefundStatus,
    SandboxPayment,
    SandboxWebhook,
)
from escrow.payments import escrow_held, payment_cancel_at_gateway, payment_start, refund_submit
from escrow.selectors import trial_balance
from listings.models import ListingVariant
from listings.services import VariantInput
from marketplace.errors import ConflictError, DomainError
from orders import cart as carts
from orders import services
from orders.checkout import checkout_payment, checkout_place
from orders.models import Checkout, Order, OrderEvent, OrderLine, OrderStatus
from tests.escrow.payflow import deliver_pending, post_webhook, signed
from tests.orders.conftest import make_buyer

pytestmark = pytest.mark.django_db

SUCCESS_CARD, DECLINED_CARD = "4242424242424242", "4000000000000002"
HOLDING = (OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID)  # the statuses whose lines hold stock


class PurchaseMachine(RuleBasedStateMachine):
    """One example: a fresh savepoint over the shared buyers and listings,
    rolled back at teardown."""

    buyers: list = []
    variant_ids: list[int] = []

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.client = Client()
        self.initial = dict(ListingVariant.objects.filter(pk__in=self.variant_ids).values_list("pk", "stock"))
        self.checkouts: list[int] = []
        self.pages: list[str] = []  # sandbox payment refs the buyers opened (stale tabs included)
        self.qr: list[str] = []  # sandbox refs waiting for the scheme's confirmation

    def teardown(self):
        if Refund.objects.exists():
            event("money refunded")
        if Order.objects.filter(status=OrderStatus.PAID).exists():
            event("an order paid")
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # --- what happens -------------------------------------------------------------------

    def deliver(self):
        responses = deliver_pending(self.client)
        assert all(r.status_code == 200 for r in responses), [r.content for r in responses]

    LINES = st.lists(st.tuples(st.integers(0, 2), st.integers(1, 2)), min_size=1, max_size=3)

    def _add(self, buyer, lines):
        cart = carts.cart_of(user=self.buyers[buyer], create=True)
        for variant, lots in lines:
            with contextlib.suppress(DomainError):  # more than the stock left: the cart refuses it
                carts.cart_line_set(cart=cart, variant_id=self.variant_ids[variant], lots=lots)

    def _checkout(self, buyer):
        orders_before = Order.objects.count()
        try:
            placed = checkout_place(buyer=self.buyers[buyer], token=uuid.uuid4(), address_id=None, shipping={},
                                    currency="BRL", language="pt-br")  # fmt: skip
        except DomainError:  # an empty cart, or stock sold since it was added
            assert Order.objects.count() == orders_before  # nothing half-written
            return
        assert placed.created and placed.payment is not None
        assert placed.payment.amount == sum((o.total for o in placed.orders), Money(0, "BRL"))
        self.checkouts.append(placed.checkout.pk)

    @initialize(lines=LINES)
    def first_purchase(self, lines):
        self._add(0, lines)
        self._checkout(0)

    @rule(buyer=st.integers(0, 1), lines=LINES)
    def add_to_cart(self, buyer, lines):
        """Lines left in the cart: checked out later, maybe after others bought the stock."""
        self._add(buyer, lines)

    @rule(buyer=st.integers(0, 1), lines=st.lists(st.tuples(st.integers(0, 2), st.integers(1, 2)), max_size=3))
    def checkout(self, buyer, lines):
        self._add(buyer, lines)
        self._checkout(buyer)

    def _page(self, data) -> SandboxPayment | None:
        """The hosted page the buyer pays on: the checkout's "Pay now" (the payment
        for the orders still payable, started at the sandbox) or, sometimes, a page
        opened earlier and left open in a tab."""
        if self.pages and data.draw(st.booleans(), label="stale tab"):
            return SandboxPayment.objects.get(ref=data.draw(st.sampled_from(self.pages)))
        if not self.checkouts:
            return None
        payment = checkout_payment(checkout_id=data.draw(st.sampled_from(self.checkouts)))
        if payment is None:
            return None
        try:
            payment_start(payment_id=payment.pk)
        except ConflictError:  # voided or paid: our pay link refuses it
            assert not Payment.objects.get(pk=payment.pk).is_payable
            return None
        ref = Payment.objects.get(pk=payment.pk).gateway_ref
        if ref not in self.pages:
            self.pages.append(ref)
        return SandboxPayment.objects.get(ref=ref)

    @rule(data=st.data(), accepted=st.booleans())
    def pay_by_card(self, data, accepted):
        page = self._page(data)
        if page is None:
            return
        try:
            provider.card_pay(token=page.token, number=SUCCESS_CARD if accepted else DECLINED_CARD,
                              expiry="12/40", cvc="123")  # fmt: skip
        except provider.PaymentClosed:
            assert SandboxPayment.objects.get(pk=page.pk).status in ("canceled", "succeeded")
        self.deliver()

    @rule(data=st.data())
    def pay_by_pix(self, data):
        page = self._page(data)
        if page is None:
            return
        try:
            outcome = provider.method_choose(token=page.token, method="pix")
        except provider.PaymentClosed:
            return
        assert outcome.status == "processing"
        event("a PIX payment waits for the scheme")
        if page.ref not in self.qr:
            self.qr.append(page.ref)

    @precondition(lambda self: self.qr)
    @rule(data=st.data(), succeed=st.booleans(), late=st.booleans())
    def scheme_confirms(self, data, succeed, late):
        """The PIX scheme confirms (or rejects) a QR payment; `late`: only after the
        payment window closed and the expiry job cancelled the orders."""
        ref = data.draw(st.sampled_from(self.qr))
        if late:
            self.expiry_job(hours=django_settings.CARAVAN_PAYMENT_WINDOW_HOURS + 1, runs=1)
        if provider.async_confirm(ref=ref, succeed=succeed):
            event(f"the scheme {'confirmed' if succeed else 'rejected'} a PIX payment{' late' if late else ''}")
        self.qr.remove(ref)
        self.deliver()

    @precondition(lambda self: self.qr)
    @rule(data=st.data())
    def scheme_confirms_after_the_window(self, data):
        """The common bad case, as its own rule so that it is tried often: the money
        arrives after the orders were cancelled, and is refunded at once."""
        self.scheme_confirms(data=data, succeed=True, late=True)

    @precondition(lambda self: self.checkouts)
    @rule(data=st.data())
    def buyer_cancels(self, data):
        checkout = Checkout.objects.get(pk=data.draw(st.sampled_from(self.checkouts)))
        order = data.draw(st.sampled_from(list(checkout.orders.order_by("pk"))))
        was = order.status
        try:
            services.order_cancel(order_id=order.pk, actor=checkout.buyer)
        except ConflictError:
            assert was not in (OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED)
            return
        assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED

    @rule(hours=st.sampled_from([1, django_settings.CARAVAN_PAYMENT_WINDOW_HOURS + 1]), runs=st.integers(1, 2))
    def expiry_job(self, hours, runs):
        """The periodic job, the clock `hours` ahead; run twice, the second run finds nothing."""
        now = timezone.now() + timedelta(hours=hours)
        due = Order.objects.filter(status=OrderStatus.AWAITING_PAYMENT, pay_by__lte=now).count()
        assert services.orders_expire(now=now) == due
        for _ in range(runs - 1):
            assert services.orders_expire(now=now) == 0

    @rule()
    def gateway_learns_of_voids(self):
        """What runs right after a void commits: the sandbox's payment is canceled."""
        for payment_id in Payment.objects.filter(status=PaymentStatus.VOIDED).values_list("pk", flat=True):
            payment_cancel_at_gateway(payment_id=payment_id)

    @rule()
    def refunds_sent(self):
        """The refund job: each pending refund sent to the sandbox, whose confirmation arrives by webhook."""
        for refund_id in Refund.objects.filter(status=RefundStatus.PENDING).values_list("pk", flat=True):
            refund_submit(refund_id=refund_id)
        self.deliver()

    @precondition(lambda self: SandboxWebhook.objects.exclude(delivered_at=None).exists())
    @rule(data=st.data())
    def webhook_again(self, data):
        """The provider delivers an event a second time: 200, and nothing moves."""
        hooks = list(SandboxWebhook.objects.exclude(delivered_at=None).order_by("pk"))
        hook = data.draw(st.sampled_from(hooks))
        before = (JournalTransaction.objects.count(), GatewayEvent.objects.count(), OrderEvent.objects.count(),
                  Refund.objects.count())  # fmt: skip
        body = hook.body.encode()
        assert post_webhook(self.client, body, **signed(body)).status_code == 200
        after = (JournalTransaction.objects.count(), GatewayEvent.objects.count(), OrderEvent.objects.count(),
                 Refund.objects.count())  # fmt: skip
        assert after == before

    # --- what always holds ------------------------------------------------------------------

    @invariant()
    def every_transaction_and_currency_balances(self):
        unbalanced = Posting.objects.values("transaction_id", "currency").annotate(total=Sum("amount")).exclude(total=0)
        assert not unbalanced.exists(), list(unbalanced)
        assert all(total == 0 for total in trial_balance().values()), trial_balance()

    @invariant()
    def escrow_holds_what_was_paid_and_not_refunded(self):
        captured, refunded = defaultdict(lambda: Decimal(0)), defaultdict(lambda: Decimal(0))
        for payment in Payment.objects.filter(status=PaymentStatus.SUCCEEDED):
            assert JournalTransaction.objects.filter(reference=f"capture:payment={payment.pk}").count() == 1
            for order_id, share in payment.allocations().items():
                captured[order_id] += share.amount
        for refund in Refund.objects.exclude(status=RefundStatus.FAILED):
            refunded[refund.order_id] += refund.amount.amount
        for order in Order.objects.all():
            held = escrow_held(order_id=order.pk, currency="BRL")
            assert Money(0, "BRL") <= held <= Money(captured[order.pk], "BRL")
            assert refunded[order.pk] <= captured[order.pk]
            assert held.amount == captured[order.pk] - refunded[order.pk]
            assert held == (order.total if order.status == OrderStatus.PAID else Money(0, "BRL")), order.status
            assert OrderEvent.objects.filter(order=order, to_status=OrderStatus.PAID).exclude(
                from_status=OrderStatus.PAID).count() == (order.status == OrderStatus.PAID)  # fmt: skip
            if order.status == OrderStatus.PAID:
                assert Payment.objects.get(pk=order.paid_payment_id).status == PaymentStatus.SUCCEEDED

    @invariant()
    def stock_is_initial_less_paid_and_pending(self):
        held = dict(
            OrderLine.objects.filter(order__status__in=HOLDING, variant_id__in=self.variant_ids)
            .values("variant_id")
            .annotate(lots=Sum("lots"))
            .values_list("variant_id", "lots")
        )
        for variant_id, stock in ListingVariant.objects.filter(pk__in=self.variant_ids).values_list("pk", "stock"):
            assert stock >= 0
            assert stock == self.initial[variant_id] - held.get(variant_id, 0), variant_id


MACHINE_SETTINGS = settings(
    max_examples=30,
    stateful_step_count=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_random_purchase_histories_keep_the_books_and_the_stock(make_listing, tr_store):
    dress = make_listing(variants=[
        VariantInput(sku="DRESS-RED-M", options={"colour": "Red", "size": "M"}, stock=3),
        VariantInput(sku="DRESS-BLUE-M", options={"colour": "Blue", "size": "M"}, stock=2),
    ])  # fmt: skip
    towel = make_listing(seller=tr_store, title="Pamuklu plaj havlusu", price=Decimal("450.00"),
                         declared_value=Decimal("450.00"), hs_code="630260",
                         variants=[VariantInput(sku="TOWEL-BLUE", options={"colour": "Blue"}, stock=3)])  # fmt: skip
    PurchaseMachine.buyers = [make_buyer(), make_buyer()]
    PurchaseMachine.variant_ids = [*dress.variants.order_by("pk").values_list("pk", flat=True),
                                   towel.variants.get().pk]  # fmt: skip
    run_state_machine_as_test(PurchaseMachine, settings=MACHINE_SETTINGS)
