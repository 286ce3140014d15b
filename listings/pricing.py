"""Prices of a listing by quantity: tiers, variant overrides, lots.

`line_quote` is the one way to price a line (a variant × a number of lots): the
listing page's price box, the API and the cart all quote through it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.errors import DomainError
from marketplace.money import convert, round_money


@dataclass(frozen=True)
class Tier:
    min_lots: int
    max_lots: int | None
    unit_price: Money


def tier_for(tiers: list[Tier], lots: int) -> Tier | None:
    """The tier that covers `lots`, or None when the listing has no tiers."""
    for tier in tiers:
        if lots >= tier.min_lots and (tier.max_lots is None or lots <= tier.max_lots):
            return tier
    return None


def unit_price(*, base: Money, tiers: list[Tier], lots: int, override: Money | None = None) -> Money:
    """Price of one lot when buying `lots` lots.

    Tiers discount the listing's base price; a variant with its own price gets
    the same proportional discount (a variant 20% dearer stays 20% dearer at
    every tier). Rounded to the currency's minor unit.
    """
    if lots < 1:
        raise ValueError("At least one lot.")
    tier = tier_for(tiers, lots)
    price = tier.unit_price if tier else base
    if override is not None and base.amount > 0:
        price = Money(price.amount * (override.amount / base.amount), price.currency)
    return round_money(price)


def lowest_unit_price(*, base: Money, tiers: list[Tier], variant_prices: list[Money | None]) -> Money:
    """The lowest price per lot anyone can pay (the "from" price): the cheapest
    tier, for the cheapest variant (None: the variant has the base price)."""
    cheapest = min((t.unit_price.amount for t in tiers), default=base.amount)
    factors = [(p.amount / base.amount) if p is not None else Decimal(1) for p in variant_prices] or [Decimal(1)]
    return round_money(Money(cheapest * min(factors), base.currency))


@dataclass(frozen=True)
class LineQuote:
    """The price of `lots` lots of one variant, in the listing's currency and
    in `currency` (the buyer's), with the tier it reached and whether the
    variant has that many lots in stock (as read, not reserved)."""

    variant_id: int | None
    lots: int
    lot_size: int
    tier: Tier | None
    unit_price: Money  # per lot, in the listing's currency, rounded
    line_total: Money  # unit_price × lots
    currency: str
    converted_unit_price: Money  # unit_price in `currency`, rounded there
    converted_line_total: Money  # line_total in `currency`, rounded there
    stock: int  # lots the variant has

    @property
    def pieces(self) -> int:
        return self.lots * self.lot_size

    @property
    def available(self) -> bool:
        return self.lots <= self.stock


def listing_tiers(listing) -> list[Tier]:
    """A listing's tiers as values (prefetch `tiers` to read them without a query)."""
    return [Tier(t.min_lots, t.max_lots, t.unit_price) for t in listing.tiers.all()]


def line_quote(
    variant, lots: int, currency: str, *, rates: Mapping[str, Decimal] | None = None, tiers: list[Tier] | None = None
) -> LineQuote:
    """Quote `lots` lots of `variant` (a ListingVariant with its listing) for a
    buyer paying in `currency`: the unit price of the tier that quantity reaches
    (a variant's own price keeps its proportion, see unit_price), the line total
    (rounded at the line, in the listing's currency), both converted through
    marketplace.money with `rates` (default: the stored ones; a missing rate
    raises MissingExchangeRate). `tiers` saves re-reading them per variant.
    Reads only; reserving is listings.stock's."""
    if not isinstance(lots, int) or isinstance(lots, bool) or lots < 1:
        raise DomainError(_("Order at least one lot."), field="lots")
    listing = variant.listing
    tiers = listing_tiers(listing) if tiers is None else tiers
    unit = unit_price(base=listing.price, tiers=tiers, lots=lots, override=variant.price_override)
    total = round_money(Money(unit.amount * lots, unit.currency))
    return LineQuote(
        variant_id=variant.pk,
        lots=lots,
        lot_size=listing.lot_size,
        tier=tier_for(tiers, lots),
        unit_price=unit,
        line_total=total,
        currency=currency,
        converted_unit_price=convert(unit, currency, rates=rates),
        converted_line_total=convert(total, currency, rates=rates),
        stock=variant.stock,
    )
