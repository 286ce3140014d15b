"""Releasing an order's escrow to its seller at completion (DESIGN.md §2 Escrow,
Commission, Logistics; §3 Money), one order at a time or set-based in batches.

The books of one release, "release:order=<id>" (debit positive, credit negative):

    buyer currency        escrow(order)                 +amount   (empties what capture credited)
                          tax_payable(buyer ccy)        −taxes    (import VAT collected at checkout)
                          fx_conversion(buyer ccy)      −(amount − taxes)
    settlement currency   fx_conversion(settlement ccy) +gross    gross = (amount − taxes) × rate, rounded
                          seller_pending(seller)        −net      net = gross − commission
                          platform_commission           −commission = gross × commission rate, rounded

Each currency sums to zero on its own. When the buyer paid in the settlement
currency the two fx_conversion legs are left out (the rate is then 1, gross =
amount − taxes). Rounding is half-up to each currency's minor unit at two points
only (the converted gross and the commission); the seller's net is the rest of
the gross, so no minor unit of the gross is lost; the conversion's
sub-minor-unit remainder ((amount − taxes) × rate − gross) stays in the
fx_conversion account's position and is recorded exactly on the Release row.

The import taxes collected at checkout (`taxes`, buyer currency, part of the
amount; EU IOSS: Caravan is the deemed supplier and remits the VAT) are never
the seller's: they leave escrow to the platform's tax_payable account in the
buyer's currency, unconverted, and no commission is taken on them. The order's
shipping charge (part of the amount, buyer currency) is the seller's: it moves
no money of its own (converted and commissioned with the goods) and is recorded
on the Release row, with the taxes, for the seller's history (items = amount −
shipping − taxes). A line of zero is left out (an order that is all taxes and
shipping converts nothing).

`rate` is the order's locked rate as settlement-currency units per ONE unit of
the buyer's currency (for rates quoted per base currency, as marketplace.money
stores them: settlement_per_base / buyer_per_base; see `locked_rate`).

The one-order path (`release_order`) calls `ledger_post`; the batch path
(`release_orders`) computes the same plans and posts them with
`escrow.bulk.ledger_post_many` (a few statements per batch on PostgreSQL). Both
are idempotent per order: an order already released is returned / skipped, never
released twice; an order whose escrow is empty (never paid, refunded) or holds
less than asked is refused."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.errors import DomainError
from marketplace.money import quantum

from .bulk import PlannedTransaction, batch_jit_off, ledger_post_many, pg_array, pg_text_array
from .ledger import AccountRef, Entry, accounts_lock, ledger_post, shared_account
from .models import Account, AccountKind, JournalTransaction, Posting, Release

RELEASE_KIND = "release"


class EscrowEmpty(DomainError):
    code = "escrow_empty"


class EscrowShort(DomainError):
    code = "escrow_short"


class ShippingOverAmount(DomainError):
    code = "shipping_over_amount"

    def __init__(self, amount: Decimal, shipping: Decimal, currency: str):
        amount, shipping = amount.quantize(quantum(currency)), shipping.quantize(quantum(currency))
        super().__init__(_("The shipping charge (%(shipping)s %(code)s) cannot exceed the amount released "
                           "(%(amount)s %(code)s).") % {"shipping": shipping, "amount": amount, "code": currency},
                         field="shipping")  # fmt: skip


class TaxesOverAmount(DomainError):
    code = "taxes_over_amount"

    def __init__(self, amount: Decimal, shipping: Decimal, taxes: Decimal, currency: str):
        q = quantum(currency)
        amount, shipping, taxes = amount.quantize(q), shipping.quantize(q), taxes.quantize(q)
        super().__init__(_("The import taxes (%(taxes)s %(code)s) and the shipping charge (%(shipping)s %(code)s) "
                           "together cannot exceed the amount released (%(amount)s %(code)s).")
                         % {"taxes": taxes, "shipping": shipping, "amount": amount, "code": currency},
                         field="taxes")  # fmt: skip


def release_reference(order_id: int) -> str:
    return f"release:order={order_id}"


def locked_rate(*, buyer_per_base: Decimal, settlement_per_base: Decimal) -> Decimal:
    """The release rate (settlement units per one buyer unit) from two rates
    quoted per base currency, as the exchange-rate table stores them."""
    return settlement_per_base / buyer_per_base


@dataclass(frozen=True)
class ReleaseOrder:
    """What orders hands escrow at completion: plain values, no Order object.

    `amount` (buyer currency) is what to release; None releases the whole escrow
    balance. It may not exceed the escrow balance. `shipping` (buyer currency) is
    the order's shipping charge inside that amount, recorded on the Release so the
    seller's history can split the amount into items, shipping and taxes; the
    commission is taken on the goods and the shipping (DESIGN.md §2 Commission).
    `taxes` (buyer currency) are the import taxes collected at checkout inside that
    amount (EU IOSS): they go to the platform's tax_payable account, never to the
    seller, unconverted and without commission. 0 ≤ shipping, 0 ≤ taxes, shipping +
    taxes ≤ the amount released; both whole numbers of the buyer currency's minor
    unit."""

    order_id: int
    seller_id: int
    buyer_currency: str
    settlement_currency: str
    rate: Decimal  # settlement-currency units per one buyer-currency unit (the order's locked rate)
    commission_rate: Decimal  # the category's rate, 0.05–0.08
    amount: Decimal | None = None
    shipping: Decimal = Decimal(0)
    taxes: Decimal = Decimal(0)

    def as_payload(self) -> dict:
        """JSON-safe values for escrow.tasks.orders_release_task (Decimals as strings)."""
        return {
            "order_id": self.order_id, "seller_id": self.seller_id, "buyer_currency": self.buyer_currency,
            "settlement_currency": self.settlement_currency, "rate": str(self.rate),
            "commission_rate": str(self.commission_rate), "amount": None if self.amount is None else str(self.amount),
            "shipping": str(self.shipping), "taxes": str(self.taxes),
        }  # fmt: skip

    def escrow_account(self) -> AccountRef:
        return self._escrow_account

    @cached_property
    def _escrow_account(self) -> AccountRef:  # a batch asks for it twice per order
        return AccountRef(AccountKind.ESCROW, self.buyer_currency, order_id=self.order_id)


@dataclass(frozen=True)
class ReleasePlan:
    """The rounded amounts of one release, and its ledger lines."""

    order: ReleaseOrder
    amount: Decimal  # taken from escrow: goods + shipping + taxes
    gross: Decimal
    commission: Decimal
    net: Decimal
    fx_remainder: Decimal

    def lines(self) -> tuple[tuple[AccountRef, Decimal], ...]:
        o = self.order
        lines = [(o.escrow_account(), self.amount)]  # never zero: release_plan refuses an empty escrow
        if o.taxes:
            lines.append((shared_account(AccountKind.TAX_PAYABLE, o.buyer_currency), -o.taxes))
        if o.buyer_currency != o.settlement_currency:
            if self.amount - o.taxes:
                lines.append((shared_account(AccountKind.FX_CONVERSION, o.buyer_currency), -(self.amount - o.taxes)))
            if self.gross:
                lines.append((shared_account(AccountKind.FX_CONVERSION, o.settlement_currency), self.gross))
        if self.net:
            lines.append((shared_account(AccountKind.SELLER_PENDING, o.settlement_currency, o.seller_id), -self.net))
        if self.commission:
            lines.append((shared_account(AccountKind.PLATFORM_COMMISSION, o.settlement_currency), -self.commission))
        return tuple(lines)

    def planned(self) -> PlannedTransaction:
        return PlannedTransaction(release_reference(self.order.order_id), RELEASE_KIND, self.lines())

    def release_values(self, journal_id: int, released_at) -> tuple:
        """The Release row's values, in _RELEASE_COLUMNS order."""
        o = self.order
        return (o.order_id, o.seller_id, journal_id, o.buyer_currency, self.amount, o.shipping, o.taxes,
                o.settlement_currency, o.rate, self.gross, o.commission_rate, self.commission, self.net,
                self.fx_remainder, released_at)  # fmt: skip

    def release_row(self, journal_id: int, released_at) -> Release:
        return Release(**dict(zip(_RELEASE_COLUMNS, self.release_values(journal_id, released_at), strict=True)))


def release_order_check(order: ReleaseOrder) -> None:
    """DomainError naming the field for a release that cannot be right."""
    settlement = set(settings.CARAVAN_SELLER_COUNTRIES.values())
    if order.settlement_currency not in settlement:
        raise DomainError(_("Sellers are paid in %(list)s only.") % {"list": ", ".join(sorted(settlement))},
                          field="settlement_currency")  # fmt: skip
    if order.buyer_currency not in settings.CURRENCIES:
        raise DomainError(_("%(code)s is not a currency Caravan takes.") % {"code": order.buyer_currency},
                          field="buyer_currency")  # fmt: skip
    if not isinstance(order.rate, Decimal) or not order.rate.is_finite() or order.rate <= 0:
        raise DomainError(_("The locked exchange rate must be a positive Decimal."), field="rate")
    if order.buyer_currency == order.settlement_currency and order.rate != 1:
        raise DomainError(_("An order paid in the settlement currency converts at 1."), field="rate")
    low, high = settings.CARAVAN_COMMISSION_RATE_MIN, settings.CARAVAN_COMMISSION_RATE_MAX
    if not isinstance(order.commission_rate, Decimal) or not low <= order.commission_rate <= high:
        raise DomainError(_("The commission rate must be between %(low)s and %(high)s.") % {"low": low, "high": high},
                          field="commission_rate")  # fmt: skip
    if order.amount is not None and (not isinstance(order.amount, Decimal) or order.amount <= 0):
        raise DomainError(_("The amount to release must be a positive Decimal."), field="amount")
    shipping = _part_checked(order.shipping, order.buyer_currency, field="shipping",
                             message=_("The shipping charge must be a Decimal of zero or more."))  # fmt: skip
    if order.amount is not None and shipping > order.amount:
        raise ShippingOverAmount(order.amount, shipping, order.buyer_currency)
    taxes = _part_checked(order.taxes, order.buyer_currency, field="taxes",
                          message=_("The import taxes must be a Decimal of zero or more."))  # fmt: skip
    if order.amount is not None and shipping + taxes > order.amount:
        raise TaxesOverAmount(order.amount, shipping, taxes, order.buyer_currency)


def _part_checked(value, currency: str, *, field: str, message: str) -> Decimal:
    """A part of the amount released (shipping, taxes): a Decimal, zero or more, in whole minor units."""
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise DomainError(message, field=field)
    if value != value.quantize(quantum(currency)):
        raise DomainError(_("%(amount)s is not a whole number of %(code)s minor units.")
                          % {"amount": value, "code": currency}, field=field)  # fmt: skip
    return value


def release_plan(order: ReleaseOrder, escrow_balance: Decimal) -> ReleasePlan:
    """The release of `order` from an escrow account whose balance is
    `escrow_balance` (negative: capture credits escrow). Pure arithmetic."""
    held = -escrow_balance
    if held <= 0:
        raise EscrowEmpty(_("Order %(id)s has nothing in escrow (never paid, refunded or released).")
                          % {"id": order.order_id}, field="order_id")  # fmt: skip
    amount = held if order.amount is None else order.amount
    if amount != amount.quantize(quantum(order.buyer_currency)):
        raise DomainError(_("%(amount)s is not a whole number of %(code)s minor units.")
                          % {"amount": amount, "code": order.buyer_currency}, field="amount")  # fmt: skip
    if amount > held:
        raise EscrowShort(_("Order %(id)s holds %(held)s %(code)s in escrow, less than %(amount)s.")
                          % {"id": order.order_id, "held": held, "code": order.buyer_currency, "amount": amount},
                          field="amount")  # fmt: skip
    if order.shipping > amount:
        raise ShippingOverAmount(amount, order.shipping, order.buyer_currency)
    if order.shipping + order.taxes > amount:
        raise TaxesOverAmount(amount, order.shipping, order.taxes, order.buyer_currency)
    exact = (amount - order.taxes) * order.rate  # the taxes are not the seller's: not converted, no commission
    gross = exact.quantize(quantum(order.settlement_currency), rounding=ROUND_HALF_UP)
    commission = (gross * order.commission_rate).quantize(quantum(order.settlement_currency), rounding=ROUND_HALF_UP)
    return ReleasePlan(order, amount, gross, commission, gross - commission, exact - gross)


@transaction.atomic
def release_order(order: ReleaseOrder, *, actor=None) -> Release:
    """Release one order's escrow to its seller's pending balance (see the
    module's docstring for the books). Idempotent: an order already released
    returns its Release, whatever is asked now. EscrowEmpty / EscrowShort /
    DomainError otherwise, nothing written."""
    release_order_check(order)
    locked = accounts_lock([order.escrow_account()]).get(order.escrow_account().key)
    existing = Release.objects.filter(order_id=order.order_id).first()
    if existing is not None:
        return existing
    balance = Decimal(0)
    if locked is not None:
        balance = Posting.objects.filter(account=locked).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    plan = release_plan(order, balance)
    entries = [Entry(ref, Money(amount, ref.currency)) for ref, amount in plan.lines()]
    journal = ledger_post(reference=release_reference(order.order_id), kind=RELEASE_KIND, entries=entries, actor=actor)
    release = plan.release_row(journal.pk, journal.created_at)
    release.save(force_insert=True)
    return release


@dataclass
class BatchResult:
    released: list[int] = field(default_factory=list)  # order ids released by this run
    already: list[int] = field(default_factory=list)  # released before (skipped)
    refused: dict[int, str] = field(default_factory=dict)  # order id → why

    def add(self, other: "BatchResult") -> None:
        self.released += other.released
        self.already += other.already
        self.refused.update(other.refused)


def release_orders(orders: Iterable[ReleaseOrder], *, batch_size: int | None = None) -> BatchResult:
    """Release many orders, set-based, `batch_size` orders per database
    transaction (CARAVAN_RELEASE_BATCH_SIZE): a crash loses at most the batch
    in hand, and running it again releases only what is not released yet.
    An order that cannot be released is reported in `refused`, not raised."""
    batch_size = batch_size or settings.CARAVAN_RELEASE_BATCH_SIZE
    orders = list(orders)
    result = BatchResult()
    for start in range(0, len(orders), batch_size):
        result.add(release_batch(orders[start : start + batch_size]))
    return result


@transaction.atomic
def release_batch(orders: list[ReleaseOrder]) -> BatchResult:
    """One batch in one transaction: lock the orders' escrow accounts (in key
    order), read their balances and earlier releases in two queries, plan in
    Python, then post every release with `ledger_post_many` and write the
    Release rows in one bulk INSERT, only for the transactions posted now."""
    batch_jit_off()
    result = BatchResult()
    by_order: dict[int, ReleaseOrder] = {}
    for order in orders:
        try:
            release_order_check(order)
        except DomainError as error:
            result.refused[order.order_id] = error.message
        else:
            by_order[order.order_id] = order
    keys = {order.escrow_account().key: order for order in by_order.values()}
    accounts, balance_by_key, already = _escrow_locked(keys, list(by_order))
    plans = []
    for key, order in keys.items():
        if order.order_id in already:
            result.already.append(order.order_id)
            continue
        try:
            plans.append(release_plan(order, balance_by_key.get(key, Decimal(0))))
        except DomainError as error:
            result.refused[order.order_id] = error.message
    posted = ledger_post_many([plan.planned() for plan in plans], known_accounts={k: pk for pk, k in accounts.items()})
    now = timezone.now()
    rows = []
    for plan in plans:
        journal_id = posted.get(release_reference(plan.order.order_id))
        if journal_id is None:  # posted by someone else between our read and our insert
            result.already.append(plan.order.order_id)
        else:
            rows.append(plan.release_values(journal_id, now))
            result.released.append(plan.order.order_id)
    _releases_insert(rows)
    return result


def _escrow_locked(keys, order_ids: list[int]) -> tuple[dict[int, str], dict[str, Decimal], set[int]]:
    """Lock the escrow accounts of `keys` (in key order: concurrent batches never
    deadlock) and read their balances and which orders are released already."""
    if connection.vendor != "postgresql":
        accounts = dict(
            Account.objects.filter(key__in=keys).order_by("key").select_for_update().values_list("pk", "key")
        )
        totals = (
            Posting.objects.filter(account_id__in=accounts).values("account_id").annotate(total=Sum("amount"))
        ).values_list("account_id", "total")
        balances = {accounts[pk]: total for pk, total in totals}
        already = set(Release.objects.filter(order_id__in=order_ids).values_list("order_id", flat=True))
        return accounts, balances, already
    # The same three reads as plain SQL over arrays: the ORM's IN (…) of 1,000 parameters costs
    # more Python time to build than the database spends answering.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH locked AS (
                SELECT id, key FROM escrow_account WHERE key = ANY(%s::varchar[]) ORDER BY key FOR UPDATE
            )
            SELECT locked.id, locked.key,
                   (SELECT coalesce(sum(amount), 0) FROM escrow_posting WHERE account_id = locked.id)
            FROM locked
            """,
            [pg_text_array(keys)],
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT order_id FROM escrow_release WHERE order_id = ANY(%s::bigint[])", [pg_array(order_ids)])
        already = {order_id for (order_id,) in cursor.fetchall()}
    return {pk: key for pk, key, _total in rows}, {key: total for _pk, key, total in rows}, already


_RELEASE_COLUMNS = ("order_id", "seller_id", "journal_id", "buyer_currency", "amount", "shipping", "taxes",
                    "settlement_currency", "rate", "gross", "commission_rate", "commission", "net", "fx_remainder",
                    "released_at")  # fmt: skip
_RELEASE_TYPES = ("bigint", "bigint", "bigint", "varchar", "numeric", "numeric", "numeric", "varchar", "numeric",
                  "numeric", "numeric", "numeric", "numeric", "numeric", "timestamptz")  # fmt: skip


def _releases_insert(rows: list[tuple]) -> None:
    """The Release rows of a batch (tuples in _RELEASE_COLUMNS order): one INSERT
    from unnest() on PostgreSQL (model instances and a bulk_create cost more
    Python time for 15 fields × 1,000 rows than the database spends writing them)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Release.objects.bulk_create(Release(**dict(zip(_RELEASE_COLUMNS, row, strict=True))) for row in rows)
        return
    columns = ", ".join(_RELEASE_COLUMNS)
    arrays = ", ".join(f"%s::{kind}[]" for kind in _RELEASE_TYPES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO escrow_release ({columns}) SELECT * FROM unnest({arrays})",  # noqa: S608 (constants only)
            [
                pg_text_array(column) if kind == "varchar" else pg_array(column)
                for kind, column in zip(_RELEASE_TYPES, zip(*rows, strict=True), strict=True)
            ],
        )


def release_exists(order_id: int) -> bool:
    return JournalTransaction.objects.filter(reference=release_reference(order_id)).exists()
