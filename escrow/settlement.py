"""Pending → available after the claim window (DESIGN.md §2 Payouts), set-based,
and the holds that keep an order's money pending while it is disputed.

Each released order's net amount moves once from the seller's pending account
to their available account ("available:order=<id>"):

    seller_pending(seller)    +net
    seller_available(seller)  −net

The periodic job takes due releases in batches (FOR UPDATE SKIP LOCKED on
PostgreSQL, so two runs at once share the work instead of doubling it), posts
them with `ledger_post_many` and marks the releases available in one UPDATE, all
in one transaction per batch. An order with an EscrowHold row (a dispute) is
skipped until the hold is lifted."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .bulk import PlannedTransaction, batch_jit_off, ledger_post_many, pg_array, pg_text_array
from .ledger import shared_account
from .models import AccountKind, EscrowHold, JournalTransaction, Release

AVAILABLE_KIND = "available"


def available_reference(order_id: int) -> str:
    return f"available:order={order_id}"


@transaction.atomic
def escrow_hold(*, order_id: int, reason: str = "") -> EscrowHold:
    """Keep the order's released money pending (a dispute opened). Idempotent."""
    hold, _created = EscrowHold.objects.get_or_create(order_id=order_id, defaults={"reason": reason[:200]})
    return hold


@transaction.atomic
def escrow_hold_lift(*, order_id: int) -> None:
    """Let the order's money become available again once its window has passed. Idempotent."""
    EscrowHold.objects.filter(order_id=order_id).delete()


@dataclass
class AvailableResult:
    made_available: list[int]  # order ids moved now


def releases_make_available(*, now: datetime | None = None, batch_size: int | None = None) -> AvailableResult:
    """Move every release older than the claim window (CARAVAN_CLAIM_WINDOW_DAYS),
    not held, from pending to available, batch after batch; each order once."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CARAVAN_CLAIM_WINDOW_DAYS)
    batch_size = batch_size or settings.CARAVAN_RELEASE_BATCH_SIZE
    moved: list[int] = []
    while True:
        done = _available_batch(cutoff, now, batch_size)
        moved += done
        if len(done) < batch_size:
            return AvailableResult(moved)


@transaction.atomic
def _available_batch(cutoff: datetime, now: datetime, batch_size: int) -> list[int]:
    batch_jit_off()
    due = (
        Release.objects.filter(available_at__isnull=True, released_at__lte=cutoff)
        .exclude(order_id__in=EscrowHold.objects.values("order_id"))
        .order_by("pk")
    )
    if connection.vendor == "postgresql":
        due = due.select_for_update(skip_locked=True, of=("self",))
    rows = list(due.values_list("pk", "order_id", "seller_id", "settlement_currency", "net")[:batch_size])
    if not rows:
        return []
    planned = [
        PlannedTransaction(
            available_reference(order_id),
            AVAILABLE_KIND,
            (
                (shared_account(AccountKind.SELLER_PENDING, currency, seller_id), net),
                (shared_account(AccountKind.SELLER_AVAILABLE, currency, seller_id), -net),
            ),
        )
        for _pk, order_id, seller_id, currency, net in rows
        if net
    ]
    ledger_post_many(planned)
    if connection.vendor == "postgresql":
        # One UPDATE from unnest() (Django's bulk_update builds a CASE of every row for every row).
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE escrow_release SET available_at = %s, available_journal_id = journal.id
                FROM unnest(%s::bigint[], %s::varchar[]) AS due(id, reference)
                LEFT JOIN escrow_journaltransaction journal ON journal.reference = due.reference
                WHERE escrow_release.id = due.id
                """,
                [
                    now,
                    pg_array([pk for pk, *_rest in rows]),
                    pg_text_array([available_reference(order_id) for _pk, order_id, *_rest in rows]),
                ],
            )
    else:
        journals = dict(
            JournalTransaction.objects.filter(reference__in=[p.reference for p in planned]).values_list(
                "reference", "pk"
            )
        )
        updates = [
            Release(pk=pk, available_at=now, available_journal_id=journals.get(available_reference(order_id)))
            for pk, order_id, *_rest in rows
        ]
        Release.objects.bulk_update(updates, ["available_at", "available_journal"])
    return [order_id for _pk, order_id, *_rest in rows]
