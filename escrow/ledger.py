"""Posting to the double-entry ledger: the one way money moves in Caravan's books.

`ledger_post` writes one balanced JournalTransaction under an idempotency
reference; every other escrow service (capture, release, refund, settlement)
builds its entries and calls it. Amounts are rounded to the currency's minor
unit here (marketplace.money), never elsewhere."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.errors import ConflictError, DomainError
from marketplace.money import round_money

from .models import Account, AccountKind, JournalTransaction, Posting

ACCOUNT_KINDS = frozenset(AccountKind.values)


class LedgerUnbalanced(DomainError):
    code = "ledger_unbalanced"


@dataclass(frozen=True)
class AccountRef:
    """Which account: its kind and currency, and the order or seller it belongs to."""

    kind: str
    currency: str
    order_id: int | None = None
    seller_id: int | None = None
    # The account's unique key, "kind:currency[:order=…][:seller=…]": computed once (settlement reads it
    # several times for each of a batch's thousands of lines).
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        owner = f":order={self.order_id}" if self.order_id is not None else ""
        owner += f":seller={self.seller_id}" if self.seller_id is not None else ""
        object.__setattr__(self, "key", f"{self.kind}:{self.currency}{owner}")


@lru_cache(maxsize=8192)
def shared_account(kind: str, currency: str, seller_id: int | None = None) -> AccountRef:
    """The AccountRef of an account many transactions share (FX, commission, a seller's
    balances), made once: settlement names them on every line of its batches."""
    return AccountRef(kind, currency, seller_id=seller_id)


@dataclass(frozen=True)
class Entry:
    account: AccountRef
    amount: Money  # debit positive, credit negative


def accounts_get(refs) -> dict[str, Account]:
    """The accounts of `refs` by key, created the first time they are used."""
    refs = {ref.key: ref for ref in refs}
    found = {a.key: a for a in Account.objects.filter(key__in=refs)}
    for key, ref in refs.items():
        if key not in found:
            if ref.kind not in ACCOUNT_KINDS:
                raise ValueError(f"unknown ledger account kind {ref.kind!r}")
            found[key], _created = Account.objects.get_or_create(
                key=key,
                defaults={"kind": ref.kind, "currency": ref.currency, "order_id": ref.order_id,
                          "seller_id": ref.seller_id},
            )  # fmt: skip
    return found


def accounts_lock(refs) -> dict[str, Account]:
    """Lock the existing accounts of `refs` (SELECT … FOR UPDATE, in key order, so
    two callers locking overlapping sets never deadlock) until the transaction
    ends; returns them by key (an account never used is absent: nothing to lock).

    Whoever reads an order's escrow balance to take money out of it (a release,
    a refund) locks its escrow account first: the read and the posting are then
    one step, and a release and a refund of one order cannot both take the money."""
    keys = sorted({ref.key for ref in refs})
    return {a.key: a for a in Account.objects.filter(key__in=keys).order_by("key").select_for_update()}


def _checked(entries: list[Entry]) -> list[tuple[AccountRef, Decimal]]:
    if len(entries) < 2:
        raise LedgerUnbalanced(_("A ledger transaction needs at least two entries."))
    lines, totals = [], defaultdict(Decimal)
    for entry in entries:
        currency = entry.amount.currency.code
        if currency != entry.account.currency:
            values = {"account": entry.account.key, "a": entry.account.currency, "b": currency}
            raise LedgerUnbalanced(_("%(account)s is kept in %(a)s, not %(b)s.") % values)
        amount = round_money(entry.amount).amount
        if amount:
            lines.append((entry.account, amount))
            totals[currency] += amount
    unbalanced = {code: total for code, total in totals.items() if total}
    if unbalanced:
        raise LedgerUnbalanced(
            _("The entries do not balance: %(totals)s.")
            % {"totals": ", ".join(f"{total} {code}" for code, total in sorted(unbalanced.items()))}
        )
    if len(lines) < 2:
        raise LedgerUnbalanced(_("A ledger transaction needs at least two entries."))
    return lines


def _same(existing: JournalTransaction, lines: list[tuple[AccountRef, Decimal]]) -> bool:
    stored = sorted((p.account.key, p.amount) for p in existing.postings.select_related("account"))
    return stored == sorted((ref.key, amount) for ref, amount in lines)


@transaction.atomic
def ledger_post(*, reference: str, kind: str, entries: list[Entry], actor=None, memo: str = "") -> JournalTransaction:
    """Write `entries` as one transaction under `reference`.

    Every amount is rounded to its currency's minor unit; the rounded entries
    must sum to zero per currency (LedgerUnbalanced otherwise, nothing written).
    Idempotent on `reference`: posting it again with the same entries returns
    the first transaction; with other entries it is a ConflictError (a bug, never
    a second movement). Concurrent posts of one reference write it once (the
    unique reference; the loser reads the winner's row)."""
    lines = _checked(entries)
    existing = JournalTransaction.objects.filter(reference=reference).first()
    if existing is None:
        accounts = accounts_get(ref for ref, _amount in lines)
        try:
            with transaction.atomic():
                journal = JournalTransaction.objects.create(reference=reference, kind=kind, memo=memo, actor=actor)
                Posting.objects.bulk_create(
                    Posting(transaction=journal, account=accounts[ref.key], amount=amount, currency=ref.currency)
                    for ref, amount in lines
                )
            return journal
        except IntegrityError:
            existing = JournalTransaction.objects.filter(reference=reference).first()
            if existing is None:
                raise
    if not _same(existing, lines):
        raise ConflictError(_("Ledger reference %(ref)s was already posted with other entries.") % {"ref": reference})
    return existing
