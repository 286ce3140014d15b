"""The one module that changes a variant's stock once the variant exists.

Stock is counted in lots, like `ListingVariant.stock` and the price (a lot is
`Listing.lot_size` pieces; 1 for single items): every quantity here is a number
of lots, never of pieces.

Every change locks the variant rows first, always in primary-key order, so two
checkouts that touch the same variants in different orders queue behind each
other instead of deadlocking, and writes one `StockMovement` (actor, reason,
reference, before, after) per variant changed. The latest movement's `after` is
the variant's stock; a variant is created with its initial stock by
listings.services, which records that as a movement from 0 through
`stock_record_initial` (a variant created with 0 lots needs none).

Nothing here checks who may change the stock or whether the listing is for sale:
the callers do (listings.services for sellers, the order services for buyers).

Overseas warehouses (logistics.Warehouse): the home stock is the variant's own
`stock`; the stock in a warehouse is a `WarehouseStock` row. Every function takes
an optional `warehouse_id`: the same locks (the variants first, in pk order, then
their rows of that warehouse, in the same order), the same conditional UPDATE,
one movement per variant naming the warehouse. A warehouse must belong to the
variants' store.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from logistics.models import Warehouse
from marketplace.errors import ConflictError, DomainError, NotFound

from .models import ListingVariant, StockMovement, StockReason, WarehouseStock

STOCK_MAX = 2_147_483_647  # the column is a PostgreSQL integer


@dataclass(frozen=True)
class Shortage:
    variant_id: int
    sku: str
    label: str
    wanted: int
    available: int

    @property
    def name(self) -> str:
        return f"{self.sku} ({self.label})" if self.label and self.label != self.sku else self.sku


class InsufficientStock(ConflictError):
    """A reservation asked for more lots than some variants have; nothing was
    reserved. `shortages` names each such variant and what it has left."""

    code = "insufficient_stock"

    def __init__(self, shortages: list[Shortage]):
        parts = [
            ngettext(
                "%(name)s has %(n)s lot left (%(wanted)s asked)",
                "%(name)s has %(n)s lots left (%(wanted)s asked)",
                s.available,
            )
            % {"name": s.name, "n": s.available, "wanted": s.wanted}
            for s in shortages
        ]
        super().__init__(_("Not enough stock: %(list)s.") % {"list": "; ".join(parts)}, field="stock")
        self.shortages = shortages


def _quantities(lines: Iterable[tuple[int, int]]) -> dict[int, int]:
    """{variant id: lots}, a variant named twice counted once with the sum."""
    wanted: dict[int, int] = {}
    for variant_id, lots in lines:
        if not isinstance(lots, int) or isinstance(lots, bool) or lots < 1:
            raise DomainError(_("Reserve or release at least one lot."), field="stock")
        wanted[variant_id] = wanted.get(variant_id, 0) + lots
    if not wanted:
        raise DomainError(_("Nothing to reserve or release."), field="stock")
    return wanted


def variants_lock(variant_ids: Iterable[int]) -> dict[int, ListingVariant]:
    """The variants locked FOR UPDATE in primary-key order (the one lock order
    of stock), by id; NotFound if any does not exist. Call inside a transaction."""
    ids = sorted(set(variant_ids))
    locked = {
        v.pk: v
        for v in ListingVariant.objects.select_for_update(of=("self",))
        .select_related("listing")
        .only("pk", "sku", "options", "stock", "listing__option_names", "listing__seller_id")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    if len(locked) != len(ids):
        raise NotFound(_("There is no such variant."))
    return locked


def _record(
    changes: list[tuple[ListingVariant, int, int]], *, actor, reason: str, reference: str, warehouse_id=None
) -> None:
    StockMovement.objects.bulk_create(
        StockMovement(
            variant=variant, actor=actor, reason=reason, reference=reference[:100], before=b, after=a,
            warehouse_id=warehouse_id,
        )
        for variant, b, a in changes
        if b != a
    )  # fmt: skip


def _warehouse_lock(variants: dict[int, ListingVariant], warehouse_id: int) -> dict[int, WarehouseStock]:
    """The variants' rows in `warehouse_id` (created at 0 where missing), locked
    in variant-pk order after the variants themselves. NotFound unless the
    warehouse belongs to every variant's store."""
    sellers = {v.listing.seller_id for v in variants.values()}
    if len(sellers) != 1 or not Warehouse.objects.filter(pk=warehouse_id, seller_id__in=sellers).exists():
        raise NotFound(_("There is no such warehouse."), field="warehouse")
    WarehouseStock.objects.bulk_create(
        [WarehouseStock(variant_id=pk, warehouse_id=warehouse_id, stock=0) for pk in sorted(variants)],
        ignore_conflicts=True,
    )
    return {
        row.variant_id: row
        for row in WarehouseStock.objects.select_for_update()
        .filter(warehouse_id=warehouse_id, variant_id__in=list(variants))
        .order_by("variant_id")
    }


@transaction.atomic
def stock_reserve(
    *, lines: Iterable[tuple[int, int]], actor, reason: str, reference: str = "", warehouse_id: int | None = None
) -> None:
    """Take `lots` from each `(variant_id, lots)` line, all or nothing.

    Locks the variants in pk order; if any has fewer lots than asked, raises
    InsufficientStock naming every such variant and changes nothing. Each
    decrement is also a conditional UPDATE (stock >= n), so stock never goes
    below zero even for a caller that got here without the lock. One movement
    per variant. Not idempotent: the caller's order makes a reservation once.
    """
    wanted = _quantities(lines)
    variants = variants_lock(wanted)
    if warehouse_id is not None:
        return _warehouse_reserve(wanted, variants, warehouse_id, actor=actor, reason=reason, reference=reference)
    shortages = [
        Shortage(pk, variants[pk].sku, variants[pk].label, lots, variants[pk].stock)
        for pk, lots in sorted(wanted.items())
        if variants[pk].stock < lots
    ]
    if shortages:
        raise InsufficientStock(shortages)
    changes = []
    for pk, lots in sorted(wanted.items()):
        if not ListingVariant.objects.filter(pk=pk, stock__gte=lots).update(stock=F("stock") - lots):
            # Unreachable under the lock; the condition keeps the UPDATE itself from overselling.
            raise InsufficientStock([Shortage(pk, variants[pk].sku, variants[pk].label, lots, 0)])
        changes.append((variants[pk], variants[pk].stock, variants[pk].stock - lots))
    _record(changes, actor=actor, reason=reason, reference=reference)


def _warehouse_reserve(wanted, variants, warehouse_id: int, *, actor, reason: str, reference: str) -> None:
    rows = _warehouse_lock(variants, warehouse_id)
    shortages = [
        Shortage(pk, variants[pk].sku, variants[pk].label, lots, rows[pk].stock)
        for pk, lots in sorted(wanted.items())
        if rows[pk].stock < lots
    ]
    if shortages:
        raise InsufficientStock(shortages)
    changes = []
    for pk, lots in sorted(wanted.items()):
        updated = WarehouseStock.objects.filter(pk=rows[pk].pk, stock__gte=lots).update(stock=F("stock") - lots)
        if not updated:  # unreachable under the lock, as for the home stock
            raise InsufficientStock([Shortage(pk, variants[pk].sku, variants[pk].label, lots, 0)])
        changes.append((variants[pk], rows[pk].stock, rows[pk].stock - lots))
    _record(changes, actor=actor, reason=reason, reference=reference, warehouse_id=warehouse_id)


@transaction.atomic
def stock_release(
    *,
    lines: Iterable[tuple[int, int]],
    actor,
    reason: str = StockReason.RELEASE,
    reference: str = "",
    warehouse_id: int | None = None,
) -> None:
    """Give `lots` back to each `(variant_id, lots)` line (a cancelled order's
    reservation), all or nothing. Locks the variants in pk order; one movement
    per variant. Not idempotent: the caller releases a reservation once."""
    wanted = _quantities(lines)
    variants = variants_lock(wanted)
    if warehouse_id is not None:
        rows = _warehouse_lock(variants, warehouse_id)
        changes = []
        for pk, lots in sorted(wanted.items()):
            before = rows[pk].stock
            if before + lots > STOCK_MAX:
                raise DomainError(_("That is more stock than a variant can hold."), field="stock")
            WarehouseStock.objects.filter(pk=rows[pk].pk).update(stock=F("stock") + lots)
            changes.append((variants[pk], before, before + lots))
        _record(changes, actor=actor, reason=reason, reference=reference, warehouse_id=warehouse_id)
        return
    changes = []
    for pk, lots in sorted(wanted.items()):
        before = variants[pk].stock
        if before + lots > STOCK_MAX:
            raise DomainError(_("That is more stock than a variant can hold."), field="stock")
        ListingVariant.objects.filter(pk=pk).update(stock=F("stock") + lots)
        changes.append((variants[pk], before, before + lots))
    _record(changes, actor=actor, reason=reason, reference=reference)


@transaction.atomic
def stock_set_levels(
    *,
    levels: dict[int, int],
    actor,
    reason: str = StockReason.SELLER_EDIT,
    reference: str = "",
    warehouse_id: int | None = None,
) -> dict[int, int]:
    """Set several variants' stock to the given numbers of lots (a seller's
    edit, an import). Locks them in pk order; a variant already at its level is
    left alone and gets no movement, so repeating the call is a no-op.
    Returns {variant id: stock before}."""
    for stock in levels.values():
        if not isinstance(stock, int) or isinstance(stock, bool) or stock < 0:
            raise DomainError(_("Stock cannot be negative."), field="stock")
        if stock > STOCK_MAX:
            raise DomainError(_("That is more stock than a variant can hold."), field="stock")
    if not levels:
        return {}
    variants = variants_lock(levels)
    if warehouse_id is not None:
        rows = _warehouse_lock(variants, warehouse_id)
        changes = []
        for pk, stock in sorted(levels.items()):
            if rows[pk].stock != stock:
                WarehouseStock.objects.filter(pk=rows[pk].pk).update(stock=stock)
                changes.append((variants[pk], rows[pk].stock, stock))
        _record(changes, actor=actor, reason=reason, reference=reference, warehouse_id=warehouse_id)
        return {pk: row.stock for pk, row in rows.items()}
    changes = []
    for pk, stock in sorted(levels.items()):
        before = variants[pk].stock
        if before != stock:
            ListingVariant.objects.filter(pk=pk).update(stock=stock)
            changes.append((variants[pk], before, stock))
    _record(changes, actor=actor, reason=reason, reference=reference)
    return {pk: v.stock for pk, v in variants.items()}


def stock_set(
    *,
    variant_id: int,
    stock: int,
    actor,
    reason: str = StockReason.SELLER_EDIT,
    reference: str = "",
    warehouse_id: int | None = None,
) -> int:
    """Set one variant's stock (see stock_set_levels); returns the stock before."""
    levels = stock_set_levels(
        levels={variant_id: stock}, actor=actor, reason=reason, reference=reference, warehouse_id=warehouse_id
    )
    return levels[variant_id]


def stock_record_initial(
    variants: Iterable[ListingVariant], *, actor, reason: str = StockReason.SELLER_EDIT, reference: str = ""
) -> None:
    """Record the stock new variants were created with (from 0), so their
    history starts where they did. Writes no stock itself."""
    _record([(v, 0, v.stock) for v in variants], actor=actor, reason=reason, reference=reference)
