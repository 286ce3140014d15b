"""A seller's money, read from the ledger (issue 13): pending and available
balances per settlement currency (sums of postings), the history of released
orders with each one's breakdown, and that history as CSV.

What the seller centre's Balance page and GET /api/v1/seller/balance/ (and
/history/) show; the caller passes the seller id of the person asking (the
sellers access helpers decide who that is), so a seller only ever reads their own."""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum
from moneyed import Money

from marketplace.money import round_money

from .models import Account, AccountKind, Release


@dataclass(frozen=True)
class SellerBalance:
    currency: str
    pending: Money  # released, inside the claim window
    available: Money  # past the claim window, not paid out yet


def seller_balances(seller_id: int) -> list[SellerBalance]:
    """Pending and available per currency the seller has been paid in (one query).
    The accounts hold credits (negative); a balance is shown positive."""
    rows = (
        Account.objects.filter(seller_id=seller_id, kind__in=[AccountKind.SELLER_PENDING, AccountKind.SELLER_AVAILABLE])
        .values("kind", "currency")
        .annotate(total=Sum("postings__amount"))
    )
    totals: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        totals.setdefault(row["currency"], {})[row["kind"]] = -(row["total"] or Decimal(0))
    return [
        SellerBalance(
            currency,
            round_money(Money(kinds.get(AccountKind.SELLER_PENDING, Decimal(0)), currency)),
            round_money(Money(kinds.get(AccountKind.SELLER_AVAILABLE, Decimal(0)), currency)),
        )
        for currency, kinds in sorted(totals.items())
    ]


def seller_release_history(seller_id: int) -> QuerySet[Release]:
    """The seller's released orders, newest first, each with its breakdown: the
    amount taken from escrow in the buyer's currency, the locked rate, the
    converted gross, the commission (rate and amount), the net credited, the
    exact FX rounding remainder, and when it became (or becomes) available."""
    return Release.objects.filter(seller_id=seller_id).order_by("-released_at", "-pk")


CSV_HEADER = (
    "order_id", "released_at", "buyer_currency", "paid", "rate", "settlement_currency", "gross",
    "commission_rate", "commission", "net", "fx_remainder", "status", "available_at",
)  # fmt: skip


def releases_as_csv_rows(releases: Iterable[Release]) -> Iterator[list[str]]:
    """The header, then one row per release (amounts as plain decimals to their
    currency's minor unit, times in ISO 8601 UTC)."""
    yield list(CSV_HEADER)
    for r in releases:
        yield [
            str(r.order_id), r.released_at.isoformat(), r.buyer_currency,
            str(round_money(Money(r.amount, r.buyer_currency)).amount), str(r.rate.normalize()),
            r.settlement_currency, str(round_money(Money(r.gross, r.settlement_currency)).amount),
            str(r.commission_rate.normalize()), str(round_money(Money(r.commission, r.settlement_currency)).amount),
            str(round_money(Money(r.net, r.settlement_currency)).amount), str(r.fx_remainder.normalize()),
            "available" if r.available_at else "pending", r.available_at.isoformat() if r.available_at else "",
        ]  # fmt: skip


def seller_history_csv(seller_id: int, out) -> None:
    """Write the seller's release history as CSV to `out` (a text file or an
    HttpResponse), streaming the rows from the database in chunks."""
    writer = csv.writer(out)
    writer.writerows(releases_as_csv_rows(seller_release_history(seller_id).iterator(chunk_size=2000)))
