"""The input of the listing services: what the editor, the API, the feed import
and the demo build, and what a listing reads back as (ListingInput.of)."""

from dataclasses import dataclass, field
from decimal import Decimal

from .models import Listing


@dataclass
class VariantInput:
    sku: str
    options: dict[str, str] = field(default_factory=dict)
    stock: int = 0
    price_override: Decimal | None = None


@dataclass
class TierInput:
    min_lots: int
    max_lots: int | None
    unit_price: Decimal


@dataclass
class ListingInput:
    category_id: int
    title: str
    price: Decimal
    weight_grams: int
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    declared_value: Decimal
    source_language: str = ""
    description: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    lot_size: int = 1
    processing_days: int = 5
    hs_code: str = ""
    variants: list[VariantInput] = field(default_factory=list)
    tiers: list[TierInput] = field(default_factory=list)

    @classmethod
    def of(cls, listing: Listing) -> "ListingInput":
        """The listing as it is, as input (amounts as stored, in its currency): what
        the editor starts from and what an API PATCH lays its changes over."""
        return cls(
            category_id=listing.category_id,
            title=listing.title,
            price=listing.price.amount,
            weight_grams=listing.weight_grams,
            length_cm=listing.length_cm,
            width_cm=listing.width_cm,
            height_cm=listing.height_cm,
            declared_value=listing.declared_value.amount,
            source_language=listing.source_language,
            description=listing.description,
            attributes=dict(listing.attributes or {}),
            lot_size=listing.lot_size,
            processing_days=listing.processing_days,
            hs_code=listing.hs_code,
            variants=[
                VariantInput(
                    sku=v.sku,
                    options=dict(v.options or {}),
                    stock=v.stock,
                    price_override=v.price_override.amount if v.price_override is not None else None,
                )
                for v in listing.variants.all()
            ],
            tiers=[TierInput(t.min_lots, t.max_lots, t.unit_price.amount) for t in listing.tiers.all()],
        )
