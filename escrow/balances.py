"""A seller's money, read from the ledger (issue 13): pending and available
balances per settlement currency (sums of postings), the history of released
orders with each one's breakdown (items, shipping, import VAT collected by
Caravan, rate, gross, commission, FX remainder, net), and that history as CSV.

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
    amount taken from escrow in the buyer's currency and, inside it, the items'
    price, the shipping charge and the import taxes (paid to Caravan's tax
    payable, not to the seller); the locked rate, the converted gross (amount −
    taxes), the commission (rate and amount, on the gross), the net credited, the
    exact FX rounding remainder, and when it became (or becomes) available."""
    return Release.objects.filter(seller_id=seller_id).order_by("-released_at", "-pk")


def plain_decimal(value: Decimal) -> str:
    """A rate or an exact remainder as written by hand: no exponent, no trailing
    zeros ("0.0478123", "10", "0")."""
    return "0" if value == 0 else format(value.normalize(), "f")


@dataclass(frozen=True)
class ReleaseBreakdown:
    """One released order as the seller reads it. `items` + `shipping` + `taxes` =
    `paid` (buyer currency); the taxes (import VAT collected at checkout, EU IOSS)
    went to Caravan, which remits them; gross = (paid − taxes) × rate rounded, and
    the exact remainder of that rounding is `fx_remainder` (settlement currency);
    net = gross − commission. `items` and `shipping` are None for a release written
    before shipping was recorded; `taxes` is None for one written before taxes were
    (its items then include any taxes: that release paid them to the seller)."""

    release: Release
    paid: Money
    items: Money | None
    shipping: Money | None
    taxes: Money | None
    rate: str
    gross: Money
    commission_percent: str
    commission: Money
    fx_remainder: str
    net: Money
    status: str  # "pending" or "available"


def release_breakdown(r: Release) -> ReleaseBreakdown:
    buyer, settlement = r.buyer_currency, r.settlement_currency
    return ReleaseBreakdown(
        release=r,
        paid=round_money(Money(r.amount, buyer)),
        items=None if r.shipping is None else round_money(Money(r.items, buyer)),
        shipping=None if r.shipping is None else round_money(Money(r.shipping, buyer)),
        taxes=None if r.taxes is None else round_money(Money(r.taxes, buyer)),
        rate=plain_decimal(r.rate),
        gross=round_money(Money(r.gross, settlement)),
        commission_percent=plain_decimal(r.commission_rate * 100),
        commission=round_money(Money(r.commission, settlement)),
        fx_remainder=plain_decimal(r.fx_remainder),
        net=round_money(Money(r.net, settlement)),
        status="available" if r.available_at else "pending",
    )


CSV_HEADER = (
    "order_id", "released_at", "buyer_currency", "paid", "items", "shipping", "taxes", "rate", "settlement_currency",
    "gross", "commission_rate", "commission", "net", "fx_remainder", "status", "available_at",
)  # fmt: skip


def releases_as_csv_rows(releases: Iterable[Release]) -> Iterator[list[str]]:
    """The header, then one row per release (amounts as plain decimals to their
    currency's minor unit, rates and the FX remainder exact, times in ISO 8601
    UTC; items and shipping empty for a release that did not record shipping,
    taxes empty for one that did not record taxes)."""
    yield list(CSV_HEADER)
    for r in releases:
        b = release_breakdown(r)
        yield [
            str(r.order_id), r.released_at.isoformat(), r.buyer_currency, str(b.paid.amount),
            "" if b.items is None else str(b.items.amount), "" if b.shipping is None else str(b.shipping.amount),
            "" if b.taxes is None else str(b.taxes.amount), b.rate, r.settlement_currency, str(b.gross.amount),
            plain_decimal(r.commission_rate), str(b.commission.amount), str(b.net.amount), b.fx_remainder, b.status,
            r.available_at.isoformat() if r.available_at else "",
        ]  # fmt: skip


def seller_history_csv(seller_id: int, out) -> None:
    """Write the seller's release history as CSV to `out` (a text file or an
    HttpResponse), streaming the rows from the database in chunks."""
    writer = csv.writer(out)
    writer.writerows(releases_as_csv_rows(seller_release_history(seller_id).iterator(chunk_size=2000)))
