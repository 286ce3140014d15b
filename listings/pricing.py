"""Prices of a listing by quantity: tiers, variant overrides, lots."""

from dataclasses import dataclass
from decimal import Decimal

from moneyed import Money

from marketplace.money import round_money


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
