"""Settlement at scale (issue 13): BENCH_RELEASES (100,000) captured orders
released set-based on PostgreSQL, then their pending money made available.

Seeds the captured escrow balances fast (the captures posted set-based through
escrow.bulk, as the payment work's capture books them: gateway_clearing →
escrow per order), times `escrow.release.release_orders` over all of them in
CARAVAN_RELEASE_BATCH_SIZE batches, checks the books (every order released
once, every currency sums to zero), then times `releases_make_available`.

Run by bench.py in a `manage.py shell` on its database, or alone:
    DATABASE_URL=postgres://…/caravan_bench python benchmarks/settlement.py
(on an empty or already-migrated database; it adds its orders after the highest
order id it finds, so it can run again)."""

import os
import sys
import time
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

RELEASES = int(os.environ.get("BENCH_RELEASES", "100000"))

# (buyer currency, settlement currency, settlement units per buyer unit, amount pattern)
MIX = [
    ("USD", "CNY", Decimal("7.1234567"), "{n}.{c:02d}"),
    ("JPY", "RUB", Decimal("0.6123456"), "{n}00"),
    ("KWD", "EUR", Decimal("2.9876543"), "{n}.{c:03d}"),
    ("BRL", "TRY", Decimal("6.5432109"), "{n}.{c:02d}"),
    ("EUR", "EUR", Decimal("1"), "{n}.{c:02d}"),
]


def seed_captured(first_order_id: int, count: int, chunk: int = 5000) -> list:
    """`count` orders with their payment captured into escrow; returns their ReleaseOrders."""
    from django.db import transaction

    from escrow.bulk import PlannedTransaction, ledger_post_many
    from escrow.ledger import AccountRef
    from escrow.models import AccountKind
    from escrow.release import ReleaseOrder
    from marketplace.money import quantum

    orders, planned = [], []
    for i in range(count):
        order_id = first_order_id + i
        buyer, settlement, rate, pattern = MIX[i % len(MIX)]
        amount = Decimal(pattern.format(n=1 + i % 997, c=i % 100))
        shipping = (amount / 10).quantize(quantum(buyer), rounding=ROUND_DOWN)  # a tenth: the parcel's charge
        orders.append(ReleaseOrder(order_id=order_id, seller_id=1 + i % 500, buyer_currency=buyer,
                                   settlement_currency=settlement, rate=rate, shipping=shipping,
                                   commission_rate=Decimal("0.05") + Decimal(i % 4) / 100))  # fmt: skip
        planned.append(
            PlannedTransaction(
                f"capture:bench-order={order_id}",
                "capture",
                (
                    (AccountRef(AccountKind.GATEWAY_CLEARING, buyer), amount),
                    (AccountRef(AccountKind.ESCROW, buyer, order_id=order_id), -amount),
                ),
            )
        )
    for start in range(0, count, chunk):
        with transaction.atomic():
            ledger_post_many(planned[start : start + chunk])
    return orders


def backend_cpu_seconds() -> float:
    """CPU time so far of this process plus its PostgreSQL backend (same machine):
    what the release costs, whatever else the machine is doing."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        backend = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:  # the database on another machine
        backend = float("nan")
    return time.process_time() + backend


def run() -> dict:
    from django.db import connection
    from django.db.models import Max
    from django.utils import timezone

    from escrow.models import Account
    from escrow.release import release_orders
    from escrow.selectors import trial_balance
    from escrow.settlement import releases_make_available

    assert connection.vendor == "postgresql", "the settlement benchmark runs on PostgreSQL"
    first = (Account.objects.aggregate(top=Max("order_id"))["top"] or 0) + 1
    t = time.perf_counter()
    orders = seed_captured(first, RELEASES)
    seeded = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE escrow_account; ANALYZE escrow_posting; ANALYZE escrow_journaltransaction")
    load = os.getloadavg()[0]
    cpu = backend_cpu_seconds()
    t = time.perf_counter()
    result = release_orders(orders)
    released = time.perf_counter() - t
    cpu = backend_cpu_seconds() - cpu
    assert len(result.released) == RELEASES and not result.refused, (len(result.released), result.refused)
    again = release_orders(orders[:1000])
    assert not again.released and len(again.already) == 1000
    t = time.perf_counter()
    moved = releases_make_available(now=timezone.now() + timedelta(days=16)).made_available
    available = time.perf_counter() - t
    balances = trial_balance()
    assert not any(balances.values()), balances
    return {"orders": RELEASES, "load": load, "seed_s": seeded, "release_s": released, "release_cpu_s": cpu,
            "available_s": available, "available": len(moved)}  # fmt: skip


def report(figures: dict) -> None:
    n = figures["orders"]
    print(f"settlement: {n:,} captured orders seeded in {figures['seed_s']:.1f} s")
    print(f"settlement: {n:,} releases in {figures['release_s']:.1f} s ({n / figures['release_s']:,.0f}/s), "
          f"target ≤ 20 s; load average {figures['load']:.1f} on {os.cpu_count()} cores")  # fmt: skip
    print(f"settlement: the releases cost {figures['release_cpu_s']:.1f} s of CPU (this process and its PostgreSQL "
          f"backend: about the wall time on an idle machine; contention inflates it)")  # fmt: skip
    print(f"settlement: {figures['available']:,} pending → available in {figures['available_s']:.1f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    report(run())
