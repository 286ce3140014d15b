"""The double-entry ledger: accounts, journal transactions and their postings.

Every movement of money is one JournalTransaction of two or more Postings whose
amounts sum to zero per currency. Postings and transactions are never updated
or deleted (database triggers refuse it), and a transaction that does not
balance cannot be committed (a deferred constraint trigger on PostgreSQL; the
service checks it too, on every database). Balances are sums of postings.

The ledger knows order and seller ids as plain numbers: escrow never imports
orders (DESIGN.md §3)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField
from moneyed import Money


class AccountKind(models.TextChoices):
    GATEWAY_CLEARING = "gateway_clearing", _("Gateway clearing")
    ESCROW = "escrow", _("Escrow (per order)")
    SELLER_PENDING = "seller_pending", _("Seller pending")
    SELLER_AVAILABLE = "seller_available", _("Seller available")
    PLATFORM_COMMISSION = "platform_commission", _("Platform commission")
    FX_CONVERSION = "fx_conversion", _("FX conversion")
    REFUNDS_PAYABLE = "refunds_payable", _("Refunds payable")
    PAYOUTS_IN_TRANSIT = "payouts_in_transit", _("Payouts in transit")
    # Import VAT collected at checkout for the tax authority (EU IOSS: Caravan is the deemed supplier), per
    # buyer currency; released orders' taxes land here, never with the seller.
    TAX_PAYABLE = "tax_payable", _("Import VAT payable (IOSS)")


class Account(models.Model):
    """One ledger account in one currency. `key` names it uniquely
    ("escrow:EUR:order=17", "seller_pending:CNY:seller=4"); order and seller ids
    are kept as numbers for queries, not as foreign keys."""

    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=AccountKind.choices)
    currency = models.CharField(max_length=3)
    order_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    seller_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AccountKind.values), name="ledger_account_kind_valid"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="ledger_account_currency_iso"),
        ]

    def __str__(self):
        return self.key


class JournalTransaction(models.Model):
    """One balanced movement. `reference` is its idempotency key (e.g.
    "capture:payment=9", "release:order=17"): posting the same reference twice
    writes it once."""

    reference = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=40)
    memo = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.reference


class Posting(models.Model):
    """One line of a transaction: a signed amount on one account, in that
    account's currency (debits positive, credits negative)."""

    transaction = models.ForeignKey(JournalTransaction, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount = models.DecimalField(max_digits=19, decimal_places=4)
    currency = models.CharField(max_length=3)

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="ledger_posting_not_zero")]

    def __str__(self):
        return f"{self.account.key} {self.amount} {self.currency}"


# --- payments (the platform's side; the gateway's own records live with its adapter) ---


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    SUCCEEDED = "succeeded", _("Paid")
    VOIDED = "voided", _("Voided")


class Payment(models.Model):
    """One payment by a buyer covering the orders of one checkout (their shares
    in `PaymentAllocation`), in the buyer's currency. `reference` is the
    caller's idempotency key (a checkout token): one reference, one payment.

    pending → succeeded (the gateway's event, captured into escrow) or voided
    (every order cancelled before it was paid). A voided payment can still turn
    succeeded when money arrives late (an asynchronous confirmation): money
    taken is always recorded, and the orders side refunds it."""

    reference = models.CharField(max_length=120, unique=True)
    token = models.CharField(max_length=43, unique=True)  # the unguessable part of pay_url
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments")
    country = models.CharField(max_length=2)
    language = models.CharField(max_length=10)
    amount = MoneyField(max_digits=19, decimal_places=4)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    method = models.CharField(max_length=40, blank=True)
    gateway = models.CharField(max_length=30)
    gateway_ref = models.CharField(max_length=80, blank=True, db_index=True)  # the provider's payment id
    return_url = models.CharField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)  # the last declined attempt's, for the buyer
    void_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PaymentStatus.values), name="payment_status_valid"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"payment {self.pk} ({self.amount}, {self.status})"

    @property
    def pay_url(self) -> str:
        from django.urls import reverse

        return reverse("payment-pay", args=[self.token])

    @property
    def is_payable(self) -> bool:
        return self.status == PaymentStatus.PENDING

    def allocations(self) -> dict[int, Money]:
        return {a.order_id: a.amount for a in self.allocation_rows.all()}


class PaymentAllocation(models.Model):
    """One order's share of a payment (what capture credits to that order's escrow)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocation_rows")
    order_id = models.BigIntegerField(db_index=True)
    amount = MoneyField(max_digits=19, decimal_places=4)

    class Meta:
        ordering = ["order_id"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "order_id"], name="payment_allocation_one_per_order"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_allocation_positive"),
        ]

    def __str__(self):
        return f"order {self.order_id}: {self.amount}"


class GatewayEvent(models.Model):
    """A gateway's webhook event as received and verified, once per (gateway,
    event id): a redelivered event finds its row and does nothing again."""

    gateway = models.CharField(max_length=30)
    event_id = models.CharField(max_length=80)
    kind = models.CharField(max_length=40)
    payment = models.ForeignKey(Payment, null=True, on_delete=models.PROTECT, related_name="events")
    refund = models.ForeignKey("Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["gateway", "event_id"], name="gateway_event_once")]

    def __str__(self):
        return f"{self.gateway} {self.kind} {self.event_id}"


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Sent to the gateway")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")


class Refund(models.Model):
    """(Part of) a captured payment given back for one order. `idempotency_key`
    ("refund:payment=9:order=17:<reason hash>") makes a repeated request the
    same refund, here and at the gateway."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    order_id = models.BigIntegerField(db_index=True)
    amount = MoneyField(max_digits=19, decimal_places=4)
    reason = models.CharField(max_length=200)
    idempotency_key = models.CharField(max_length=120, unique=True)
    status = models.CharField(max_length=20, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    gateway_ref = models.CharField(max_length=80, blank=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=RefundStatus.values), name="refund_status_valid"),
        ]

    def __str__(self):
        return f"refund {self.pk} of payment {self.payment_id} ({self.amount})"


class Release(models.Model):
    """An order's escrow released to its seller (issue 13): one row per order,
    written in the same database transaction as its ledger transaction
    ("release:order=<id>"), keeping what the ledger's postings cannot say on their
    own: the locked rate, the commission rate, the exact sub-minor-unit FX
    remainder of the conversion, and the order's shipping charge and import taxes
    inside `amount` (so the seller's history splits it into items, shipping and
    taxes; NULL on releases written before each was recorded). The taxes went to
    tax_payable, not to the seller: gross = (amount − taxes) × rate, rounded. The
    amounts equal the postings. `available_at`
    is set once the claim window has passed and the net amount has moved from
    pending to available ("available:order=<id>")."""

    order_id = models.BigIntegerField(unique=True)
    seller_id = models.BigIntegerField()  # indexed with released_at (the seller's history)
    journal = models.OneToOneField(JournalTransaction, on_delete=models.PROTECT, related_name="release")
    buyer_currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=19, decimal_places=4)  # taken from escrow, buyer currency
    # The order's shipping charge inside `amount` (buyer currency); amount − shipping is the items' price.
    shipping = models.DecimalField(max_digits=19, decimal_places=4, null=True, blank=True)
    # The import taxes collected at checkout inside `amount` (buyer currency), paid to tax_payable (IOSS).
    taxes = models.DecimalField(max_digits=19, decimal_places=4, null=True, blank=True)
    settlement_currency = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=24, decimal_places=10)  # settlement units per one buyer unit
    gross = models.DecimalField(max_digits=19, decimal_places=4)  # (amount − taxes) × rate, rounded (settlement)
    commission_rate = models.DecimalField(max_digits=5, decimal_places=4)
    commission = models.DecimalField(max_digits=19, decimal_places=4)
    net = models.DecimalField(max_digits=19, decimal_places=4)  # gross − commission: the seller's
    fx_remainder = models.DecimalField(max_digits=30, decimal_places=14)  # (amount − taxes) × rate − gross, exact
    released_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(null=True, blank=True)
    # Not indexed: nothing looks a release up by it, and every batch would pay for the index.
    available_journal = models.ForeignKey(JournalTransaction, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", db_index=False)  # fmt: skip

    class Meta:
        ordering = ["-released_at", "-pk"]
        indexes = [
            models.Index(fields=["released_at"], condition=Q(available_at__isnull=True), name="escrow_release_pending"),
            models.Index(fields=["seller_id", "-released_at"], name="escrow_release_seller_history"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(shipping__isnull=True) | Q(shipping__gte=0, shipping__lte=models.F("amount")),
                name="escrow_release_shipping_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(taxes__isnull=True)
                | Q(taxes__gte=0, taxes__lte=models.F("amount") - Coalesce("shipping", Value(Decimal(0)))),
                name="escrow_release_taxes_within_amount",
            ),
        ]

    def __str__(self):
        return f"release:order={self.order_id}"

    @property
    def items(self) -> Decimal | None:
        """What was released for the items (amount − shipping − taxes, buyer currency);
        None when the shipping charge was not recorded (releases written before it was).
        A release written before the taxes were recorded counts them in its items (it
        paid them to the seller then)."""
        if self.shipping is None:
            return None
        return self.amount - self.shipping - (self.taxes or 0)


class EscrowHold(models.Model):
    """An order whose released money must not become available: the after-sale
    (disputes) work writes one when a dispute opens and deletes it when it is
    settled, in the dispute's own transaction. A table rather than a callable hook
    so the pending → available job excludes held orders inside its one set-based
    statement (NOT EXISTS), consistently with the dispute's commit."""

    order_id = models.BigIntegerField(unique=True)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"hold:order={self.order_id}"


# The sandbox gateway's provider-side records (its own module; Django finds them through here).
from .gateways.sandbox.models import (  # noqa: E402, F401
    SandboxAttempt,
    SandboxIdempotencyKey,
    SandboxPayment,
    SandboxRefund,
    SandboxWebhook,
)
