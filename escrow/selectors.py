"""Reads of the ledger: balances are sums of postings, never stored."""

from decimal import Decimal

from django.db.models import QuerySet, Sum
from moneyed import Money

from .ledger import AccountRef
from .models import Account, JournalTransaction, Posting


def account_balance(ref: AccountRef) -> Money:
    """The account's balance (debits positive); zero for an account never used."""
    total = Posting.objects.filter(account__key=ref.key).aggregate(total=Sum("amount"))["total"]
    return Money(total or Decimal(0), ref.currency)


def trial_balance() -> dict[str, Decimal]:
    """The sum of every posting per currency: zero in each, always (the books balance)."""
    rows = Posting.objects.values("currency").annotate(total=Sum("amount")).order_by("currency")
    return {row["currency"]: row["total"] for row in rows}


def accounts_with_balances() -> QuerySet[Account]:
    return Account.objects.annotate(balance=Sum("postings__amount")).order_by("kind", "currency", "key")


def ledger_for_order(order_id: int) -> QuerySet[JournalTransaction]:
    """Every transaction that touched one of the order's accounts, oldest first, with its postings."""
    return (
        JournalTransaction.objects.filter(postings__account__order_id=order_id)
        .distinct()
        .order_by("created_at", "pk")
        .prefetch_related("postings__account")
    )
