"""Captured escrow balances for the release tests, booked as the payment work's
capture books them (gateway_clearing → escrow per order), and checks of the books."""

from collections import defaultdict
from decimal import Decimal

from moneyed import Money

from escrow.bulk import PlannedTransaction, ledger_post_many
from escrow.ledger import AccountRef, Entry, ledger_post
from escrow.models import AccountKind, JournalTransaction, Posting
from escrow.release import ReleaseOrder


def escrow_of(order_id: int, currency: str) -> AccountRef:
    return AccountRef(AccountKind.ESCROW, currency, order_id=order_id)


def capture(order_id: int, amount: str, currency: str):
    return ledger_post(
        reference=f"capture:payment={order_id}",
        kind="capture",
        entries=[
            Entry(AccountRef(AccountKind.GATEWAY_CLEARING, currency), Money(amount, currency)),
            Entry(escrow_of(order_id, currency), -Money(amount, currency)),
        ],
    )


def capture_many(orders: list[ReleaseOrder], amounts: list[Decimal]) -> None:
    """Set-based captures (call inside a transaction)."""
    ledger_post_many(
        [
            PlannedTransaction(
                f"capture:payment={o.order_id}",
                "capture",
                (
                    (AccountRef(AccountKind.GATEWAY_CLEARING, o.buyer_currency), amount),
                    (escrow_of(o.order_id, o.buyer_currency), -amount),
                ),
            )
            for o, amount in zip(orders, amounts, strict=True)
        ]
    )


def assert_every_transaction_balances() -> None:
    """Every journal transaction sums to zero per currency, and each posting is
    a whole number of its currency's minor units."""
    from marketplace.money import quantum

    sums = defaultdict(Decimal)
    for transaction_id, currency, amount in Posting.objects.values_list("transaction_id", "currency", "amount"):
        assert amount == amount.quantize(quantum(currency)), (transaction_id, amount, currency)
        sums[transaction_id, currency] += amount
    assert not {key: total for key, total in sums.items() if total}
    assert JournalTransaction.objects.filter(postings__isnull=True).count() == 0


def postings_by_account(reference: str) -> dict[str, Decimal]:
    return dict(Posting.objects.filter(transaction__reference=reference).values_list("account__key", "amount"))
