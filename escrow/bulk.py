"""Posting many ledger transactions at once: the set-based counterpart of
`ledger_post`, for settlement at scale (release, pending → available).

On PostgreSQL a batch is three statements whatever its size: the accounts it
needs are created in bulk (INSERT … ON CONFLICT DO NOTHING), then one statement
inserts the journal transactions from an unnest() set (ON CONFLICT (reference)
DO NOTHING: idempotent per reference) and, in the same statement, the postings
of exactly the transactions it inserted. The deferred balance trigger checks
every transaction at COMMIT as for `ledger_post`. On other databases (SQLite,
the embedded default) it loops over `ledger_post`.

Amounts come in already rounded to their currency's minor unit (the callers
round with marketplace.money); they are checked, never rounded again here."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils.translation import gettext as _
from moneyed import Money

from marketplace.money import quantum

from .ledger import ACCOUNT_KINDS, AccountRef, Entry, LedgerUnbalanced, ledger_post
from .models import JournalTransaction


@dataclass(frozen=True)
class PlannedTransaction:
    """One ledger transaction to post: its idempotency reference, kind and lines
    (account, signed amount in the account's currency; debit positive)."""

    reference: str
    kind: str
    lines: tuple[tuple[AccountRef, Decimal], ...]
    memo: str = ""


def check_balanced(planned: PlannedTransaction) -> None:
    """LedgerUnbalanced unless every line is a non-zero whole number of minor
    units and the lines sum to zero per currency (at least two of them)."""
    totals = defaultdict(Decimal)
    for ref, amount in planned.lines:
        if not amount or amount != amount.quantize(quantum(ref.currency)):
            raise LedgerUnbalanced(_("%(ref)s: %(amount)s is not a whole, non-zero number of minor units.")
                                   % {"ref": planned.reference, "amount": amount})  # fmt: skip
        totals[ref.currency] += amount
    if len(planned.lines) < 2 or any(totals.values()):
        raise LedgerUnbalanced(_("%(ref)s does not balance.") % {"ref": planned.reference})


def ledger_post_many(
    planned: list[PlannedTransaction], *, known_accounts: dict[str, int] | None = None
) -> dict[str, int]:
    """Post every transaction of `planned` whose reference is new; return the
    journal transaction ids of those posted now, by reference (a reference
    already in the ledger is skipped, whatever its entries). Run it inside a
    transaction: nothing is visible, or checked by the balance trigger, before
    the caller's COMMIT. `known_accounts` (key → id) are accounts the caller
    has already read (the escrow accounts it locked), not looked up again."""
    if not planned:
        return {}
    for item in planned:
        check_balanced(item)
    if connection.vendor != "postgresql":
        return _post_each(planned)
    batch_jit_off()
    with connection.cursor() as cursor:
        known = known_accounts or {}
        account_ids = _accounts_ensure(
            cursor, {ref.key: ref for item in planned for ref, _amount in item.lines if ref.key not in known}
        )
        account_ids.update(known)
        references, kinds, memos = [], [], []
        line_refs, line_accounts, line_amounts, line_currencies = [], [], [], []
        for item in planned:
            references.append(item.reference)
            kinds.append(item.kind)
            memos.append(item.memo)
            for ref, amount in item.lines:
                line_refs.append(item.reference)
                line_accounts.append(account_ids[ref.key])
                line_amounts.append(amount)
                line_currencies.append(ref.currency)
        cursor.execute(
            """
            WITH journal AS (
                INSERT INTO escrow_journaltransaction (reference, kind, memo, created_at)
                SELECT t.reference, t.kind, t.memo, now()
                FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[]) AS t(reference, kind, memo)
                ON CONFLICT (reference) DO NOTHING
                RETURNING id, reference
            ), posted AS (
                INSERT INTO escrow_posting (transaction_id, account_id, amount, currency)
                SELECT journal.id, line.account_id, line.amount, line.currency
                FROM unnest(%s::varchar[], %s::bigint[], %s::numeric[], %s::varchar[])
                    AS line(reference, account_id, amount, currency)
                JOIN journal ON journal.reference = line.reference
                RETURNING transaction_id
            )
            SELECT journal.id, journal.reference, coalesce(lines.n, 0)
            FROM journal
            LEFT JOIN (SELECT transaction_id, count(*) AS n FROM posted GROUP BY transaction_id) lines
                ON lines.transaction_id = journal.id
            """,
            [
                pg_text_array(references),
                pg_text_array(kinds),
                pg_text_array(memos),
                pg_text_array(line_refs),
                pg_array(line_accounts),
                pg_array(line_amounts),
                pg_text_array(line_currencies),
            ],
        )
        rows = cursor.fetchall()
    expected = {item.reference: len(item.lines) for item in planned}
    for _id, reference, count in rows:
        if count != expected[reference]:  # never a half-written transaction
            raise LedgerUnbalanced(_("%(ref)s was posted without all its lines.") % {"ref": reference})
    return {reference: pk for pk, reference, _count in rows}


def pg_array(values) -> str:
    """`values` (numbers, dates, None) as one PostgreSQL array literal, "{1,2.50,NULL}", for a
    parameter cast to an array type (%s::numeric[]). psycopg2 adapts a Python list element by
    element into an ARRAY[…] expression, which for a batch's tens of thousands of values costs
    several times more, in Python and for the server to parse, than one literal."""
    return "{" + ",".join("NULL" if value is None else str(value) for value in values) + "}"


def pg_text_array(values) -> str:
    """`values` (strings) as one PostgreSQL array literal, every element quoted and escaped."""
    return "{" + ",".join('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values) + "}"


def batch_jit_off() -> None:
    """For the rest of the database transaction, no JIT compilation (PostgreSQL): a batch's
    statements over a few thousand rows look costly enough to the planner to compile, which
    then takes longer (60–100 ms a statement) than running them. Call it first in a batch."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _accounts_ensure(cursor, refs: dict[str, AccountRef]) -> dict[str, int]:
    """Create the accounts of `refs` that do not exist yet; return every one's id by key."""
    for ref in refs.values():
        if ref.kind not in ACCOUNT_KINDS:
            raise ValueError(f"unknown ledger account kind {ref.kind!r}")
    # Sorted keys: concurrent batches take the unique index's locks in one order.
    ordered = [refs[key] for key in sorted(refs)]
    # Most accounts exist (a seller's, the platform's): read them through the unique index, then
    # create the rest; ON CONFLICT for one created meanwhile by another batch, read again below.
    cursor.execute("SELECT id, key FROM escrow_account WHERE key = ANY(%s::varchar[])",
                   [pg_text_array([r.key for r in ordered])])  # fmt: skip
    ids = {key: pk for pk, key in cursor.fetchall()}
    ordered = [ref for ref in ordered if ref.key not in ids]
    if ordered:
        cursor.execute(
            """
            INSERT INTO escrow_account (key, kind, currency, order_id, seller_id, created_at)
            SELECT a.key, a.kind, a.currency, a.order_id, a.seller_id, now()
            FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::bigint[], %s::bigint[])
                AS a(key, kind, currency, order_id, seller_id)
            ON CONFLICT (key) DO NOTHING
            RETURNING id, key
            """,
            [
                pg_text_array([ref.key for ref in ordered]),
                pg_text_array([str(ref.kind) for ref in ordered]),
                pg_text_array([ref.currency for ref in ordered]),
                pg_array([ref.order_id for ref in ordered]),
                pg_array([ref.seller_id for ref in ordered]),
            ],
        )
        ids.update({key: pk for pk, key in cursor.fetchall()})
    missing = set(refs) - set(ids)
    if missing:  # created by another transaction since our snapshot
        cursor.execute("SELECT id, key FROM escrow_account WHERE key = ANY(%s::varchar[])",
                       [pg_text_array(sorted(missing))])  # fmt: skip
        ids.update({key: pk for pk, key in cursor.fetchall()})
    return ids


def _post_each(planned: list[PlannedTransaction]) -> dict[str, int]:
    existing = set(
        JournalTransaction.objects.filter(reference__in=[p.reference for p in planned]).values_list(
            "reference", flat=True
        )
    )
    posted = {}
    for item in planned:
        if item.reference in existing:
            continue
        with transaction.atomic():
            entries = [Entry(ref, Money(amount, ref.currency)) for ref, amount in item.lines]
            journal = ledger_post(reference=item.reference, kind=item.kind, entries=entries, memo=item.memo)
        posted[item.reference] = journal.pk
    return posted
