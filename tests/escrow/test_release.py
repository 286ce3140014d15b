"""Release at completion (issue 13) on PostgreSQL: escrow (buyer currency) →
conversion at the locked rate → seller pending + commission, through FX
conversion; every transaction balances per currency to the minor unit, no minor
unit lost; one release per order, whatever runs it (once, twice, batch, single)."""

import json
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moneyed import Money

from escrow.ledger import AccountRef, Entry, ledger_post
from escrow.models import AccountKind, JournalTransaction, Release
from escrow.release import (
    EscrowEmpty,
    EscrowShort,
    ReleaseOrder,
    locked_rate,
    release_batch,
    release_order,
    release_orders,
    release_reference,
)
from escrow.selectors import account_balance, trial_balance
from escrow.tasks import orders_release_task
from marketplace.errors import DomainError
from marketplace.money import quantum
from tests.escrow.release_helpers import (
    assert_every_transaction_balances,
    capture,
    capture_many,
    escrow_of,
    postings_by_account,
)

pytestmark = pytest.mark.django_db

SETTLEMENT = ["CNY", "RUB", "EUR", "TRY"]
BUYER = {"JPY": "12345", "BRL": "99.99", "KWD": "12.345"}  # 0, 2 and 3 decimals


def order(order_id, buyer, settlement, rate, commission="0.08", seller_id=7, amount=None,
          shipping="0") -> ReleaseOrder:  # fmt: skip
    return ReleaseOrder(order_id=order_id, seller_id=seller_id, buyer_currency=buyer, settlement_currency=settlement,
                        rate=Decimal(rate), commission_rate=Decimal(commission),
                        amount=None if amount is None else Decimal(amount), shipping=Decimal(shipping))  # fmt: skip


@pytest.mark.parametrize(
    "buyer, amount, settlement, rate, commission, gross, fee, net, remainder",
    [
        # 12345 JPY × 0.0478123 = 590.2428435 CNY → 590.24; 8 % = 47.2192 → 47.22; the seller 543.02.
        ("JPY", "12345", "CNY", "0.0478123", "0.08", "590.24", "47.22", "543.02", "0.0028435"),
        # 12.345 KWD × 105.4321987 = 1301.5604929515 TRY → 1301.56; 5 % = 65.078 → 65.08.
        ("KWD", "12.345", "TRY", "105.4321987", "0.05", "1301.56", "65.08", "1236.48", "0.0004929515"),
        # 99.99 BRL × 16.3456789 = 1634.404433211 RUB → 1634.40; 6 % = 98.064 → 98.06.
        ("BRL", "99.99", "RUB", "16.3456789", "0.06", "1634.40", "98.06", "1536.34", "0.004433211"),
    ],
)
def test_worked_examples_book_each_leg_to_the_minor_unit(buyer, amount, settlement, rate, commission, gross, fee, net,
                                                        remainder):  # fmt: skip
    capture(41, amount, buyer)
    release = release_order(order(41, buyer, settlement, rate, commission))
    assert (release.gross, release.commission, release.net) == (Decimal(gross), Decimal(fee), Decimal(net))
    assert release.fx_remainder == Decimal(remainder)
    assert postings_by_account("release:order=41") == {
        f"escrow:{buyer}:order=41": Decimal(amount),
        f"fx_conversion:{buyer}": -Decimal(amount),
        f"fx_conversion:{settlement}": Decimal(gross),
        f"seller_pending:{settlement}:seller=7": -Decimal(net),
        f"platform_commission:{settlement}": -Decimal(fee),
    }
    assert account_balance(escrow_of(41, buyer)) == Money(0, buyer)
    assert account_balance(AccountRef(AccountKind.SELLER_PENDING, settlement, seller_id=7)) == -Money(net, settlement)
    assert not any(trial_balance().values())


@pytest.mark.parametrize("settlement", SETTLEMENT)
@pytest.mark.parametrize("buyer", sorted(BUYER))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    units=st.integers(min_value=1, max_value=10**9),
    rate=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("500"), places=7),
    commission=st.sampled_from(["0.05", "0.06", "0.07", "0.08", "0.055"]),
)
def test_any_release_balances_per_currency_and_loses_nothing(buyer, settlement, units, rate, commission):
    order_id = JournalTransaction.objects.count() + 1000
    amount = Decimal(units) * quantum(buyer)
    capture(order_id, str(amount), buyer)
    release = release_order(order(order_id, buyer, settlement, rate, commission))
    exact = amount * rate
    assert release.amount == amount
    assert release.gross == exact.quantize(quantum(settlement), rounding=ROUND_HALF_UP)
    assert release.net + release.commission == release.gross  # the commission's rounding stays with the seller
    assert release.gross + release.fx_remainder == exact  # the conversion's remainder is recorded exactly
    assert abs(release.fx_remainder) <= quantum(settlement) / 2
    assert account_balance(escrow_of(order_id, buyer)) == Money(0, buyer)
    assert_every_transaction_balances()
    assert not any(trial_balance().values())


def test_paid_in_the_settlement_currency_no_conversion_legs():
    capture(5, "100.05", "EUR")
    release = release_order(order(5, "EUR", "EUR", "1", "0.07"))
    # 7 % of 100.05 = 7.0035 → 7.00; the seller gets 93.05.
    assert postings_by_account("release:order=5") == {
        "escrow:EUR:order=5": Decimal("100.05"),
        "seller_pending:EUR:seller=7": Decimal("-93.05"),
        "platform_commission:EUR": Decimal("-7.00"),
    }
    assert (release.gross, release.fx_remainder) == (Decimal("100.05"), 0)
    with pytest.raises(DomainError) as error:
        release_order(order(6, "EUR", "EUR", "1.1"))
    assert error.value.field == "rate"


def test_a_release_is_written_once_however_often_it_is_asked():
    capture(8, "2500", "JPY")
    first = release_order(order(8, "JPY", "CNY", "0.0478"))
    again = release_order(order(8, "JPY", "CNY", "0.05", amount="100"))  # other values: still the first
    assert again.pk == first.pk
    assert JournalTransaction.objects.filter(reference="release:order=8").count() == 1
    assert Release.objects.filter(order_id=8).count() == 1
    assert release_orders([order(8, "JPY", "CNY", "0.0478")]).already == [8]


def test_a_partial_amount_leaves_the_rest_in_escrow_and_more_than_escrow_is_refused():
    capture(9, "50.000", "KWD")
    with pytest.raises(EscrowShort):
        release_order(order(9, "KWD", "EUR", "2.98", amount="50.001"))
    assert not Release.objects.exists()
    release = release_order(order(9, "KWD", "EUR", "2.98", amount="20.000"))
    assert release.amount == Decimal("20.000")
    assert account_balance(escrow_of(9, "KWD")) == Money("-30.000", "KWD")


def test_an_empty_or_refunded_escrow_is_refused_and_nothing_is_written():
    with pytest.raises(EscrowEmpty):
        release_order(order(10, "BRL", "TRY", "6.5"))  # never paid
    capture(11, "80.00", "BRL")
    ledger_post(  # refunded in full (the refund work's books: escrow → refunds payable)
        reference="refund:order=11",
        kind="refund",
        entries=[
            Entry(escrow_of(11, "BRL"), Money("80.00", "BRL")),
            Entry(AccountRef(AccountKind.REFUNDS_PAYABLE, "BRL"), -Money("80.00", "BRL")),
        ],
    )
    with pytest.raises(EscrowEmpty):
        release_order(order(11, "BRL", "TRY", "6.5"))
    result = release_orders([order(10, "BRL", "TRY", "6.5"), order(11, "BRL", "TRY", "6.5")])
    assert result.released == [] and set(result.refused) == {10, 11}
    assert not Release.objects.exists()
    assert not JournalTransaction.objects.filter(kind="release").exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"settlement_currency": "USD"}, "settlement_currency"),
        ({"buyer_currency": "XXX"}, "buyer_currency"),
        ({"commission_rate": Decimal("0.09")}, "commission_rate"),
        ({"commission_rate": Decimal("0.04")}, "commission_rate"),
        ({"rate": Decimal("0")}, "rate"),
        ({"rate": Decimal("NaN")}, "rate"),
        ({"amount": Decimal("-1")}, "amount"),
        ({"amount": Decimal("10.5")}, "amount"),  # JPY has no minor unit
        ({"shipping": Decimal("-1")}, "shipping"),
        ({"shipping": Decimal("NaN")}, "shipping"),
        ({"shipping": Decimal("Infinity")}, "shipping"),
        ({"shipping": "120"}, "shipping"),  # a string, not a Decimal
        ({"shipping": None}, "shipping"),
        ({"shipping": Decimal("120.5")}, "shipping"),  # JPY has no minor unit
        ({"shipping": Decimal("1001")}, "shipping"),  # more than the whole escrow (1000) released
        ({"shipping": Decimal("301"), "amount": Decimal("300")}, "shipping"),  # more than the amount asked
    ],
)
def test_bad_values_are_refused_naming_the_field(changes, field):
    capture(12, "1000", "JPY")
    values = {**order(12, "JPY", "CNY", "0.0478").__dict__, **changes}
    with pytest.raises(DomainError) as error:
        release_order(ReleaseOrder(**values))
    assert error.value.field == field
    assert not Release.objects.exists()
    result = release_orders([ReleaseOrder(**values)])  # the batch refuses it too, and says why
    assert result.released == [] and set(result.refused) == {12} and result.refused[12] == error.value.message
    assert not Release.objects.exists()
    assert not JournalTransaction.objects.filter(kind="release").exists()


@pytest.mark.parametrize("shipping", ["0", "1000"])  # none, and an order that is all shipping
def test_shipping_from_zero_to_the_whole_amount_is_recorded(shipping):
    capture(13, "1000", "JPY")
    release = release_order(order(13, "JPY", "CNY", "0.0478", shipping=shipping))
    release.refresh_from_db()
    assert release.shipping == Decimal(shipping) and release.items == Decimal(1000) - Decimal(shipping)
    assert release.gross == Decimal("47.80") and release.commission == Decimal("3.82")  # on the whole amount


def test_the_database_refuses_a_release_whose_shipping_exceeds_its_amount():
    capture(14, "1000", "JPY")
    release = release_order(order(14, "JPY", "CNY", "0.0478", shipping="100"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.filter(pk=release.pk).update(shipping=Decimal("1000.0001"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.filter(pk=release.pk).update(shipping=Decimal("-0.01"))
    Release.objects.filter(pk=release.pk).update(shipping=None)  # a release from before shipping was recorded
    release.refresh_from_db()
    assert release.shipping is None and release.items is None


def test_the_task_payload_carries_shipping_and_an_old_payload_records_zero():
    capture(15, "12345", "JPY")
    capture(16, "99.99", "BRL")
    with_shipping = order(15, "JPY", "CNY", "0.0478123", shipping="1500")
    payload = with_shipping.as_payload()
    assert payload["shipping"] == "1500"
    assert json.loads(json.dumps(payload)) == payload  # JSON-safe for the broker
    old = order(16, "BRL", "RUB", "16.3456789").as_payload()
    del old["shipping"]  # queued before this change
    assert orders_release_task(orders=[payload, old]) == {"released": 2, "already": 0, "refused": {}}
    assert dict(Release.objects.values_list("order_id", "shipping")) == {15: Decimal("1500"), 16: Decimal(0)}


def test_the_batch_and_the_single_release_agree_to_the_minor_unit():
    """The same orders (by value) released one by one and set-based give the same books."""
    cases = []
    for i, (buyer, amount) in enumerate(sorted(BUYER.items())):
        for j, settlement in enumerate(SETTLEMENT):
            rate = Decimal("0.0478123") * (i + 1) * (j + 3) + Decimal("0.0000017")
            commission = Decimal("0.05") + Decimal(j) / 100
            cases.append((buyer, amount, settlement, rate, commission))
    # shipping: nothing, some, and the whole amount, in each buyer currency's minor units
    share = [Decimal(1), Decimal(0), Decimal("0.25"), Decimal("0.3")]
    ships = [
        (Decimal(a) * share[n % 4]).quantize(quantum(b), rounding=ROUND_DOWN) for n, (b, a, *_) in enumerate(cases)
    ]
    singles = [order(100 + n, b, s, r, c, seller_id=n, shipping=ships[n]) for n, (b, a, s, r, c) in enumerate(cases)]
    batched = [order(200 + n, b, s, r, c, seller_id=100 + n, shipping=ships[n])
               for n, (b, a, s, r, c) in enumerate(cases)]  # fmt: skip
    amounts = [Decimal(a) for b, a, s, r, c in cases]
    capture_many(singles, amounts)
    capture_many(batched, amounts)
    for o in singles:
        release_order(o)
    result = release_orders(batched, batch_size=5)
    assert sorted(result.released) == [o.order_id for o in batched]
    fields = ["amount", "shipping", "gross", "commission", "net", "fx_remainder", "rate", "commission_rate"]
    for n, (single, batch) in enumerate(zip(singles, batched, strict=True)):
        a = Release.objects.values(*fields).get(order_id=single.order_id)
        b = Release.objects.values(*fields).get(order_id=batch.order_id)
        assert a == b and a["shipping"] == ships[n]
        lines_a = {k.split(":")[0] + ":" + k.split(":")[1]: v for k, v in
                   postings_by_account(release_reference(single.order_id)).items()}  # fmt: skip
        lines_b = {k.split(":")[0] + ":" + k.split(":")[1]: v for k, v in
                   postings_by_account(release_reference(batch.order_id)).items()}  # fmt: skip
        assert lines_a == lines_b and len(lines_a) == 5
    assert_every_transaction_balances()
    assert not any(trial_balance().values())


def test_a_batch_writes_in_as_many_statements_whatever_its_size_shipping_included():
    """Set-based: recording shipping adds a column to the one INSERT of the Release
    rows, not a statement per order."""

    def statements(first_id: int, count: int) -> list[str]:
        orders = [order(first_id + n, "BRL", "CNY", "1.3456789", seller_id=3, shipping=f"{n}.50") for n in range(count)]
        capture_many(orders, [Decimal("10.01") * (n + 1) for n in range(count)])
        with CaptureQueriesContext(connection) as queries:
            assert len(release_batch(orders).released) == count
        return [q["sql"] for q in queries.captured_queries]

    statements(300, 1)  # the first release also opens the shared accounts (FX, commission, the seller's)
    few, many = statements(400, 3), statements(500, 60)
    assert len(few) == len(many)
    assert sum("INSERT INTO escrow_release" in sql for sql in many) == 1
    assert sorted(Release.objects.filter(order_id__gte=500).values_list("shipping", flat=True)) == sorted(
        Decimal(f"{n}.50") for n in range(60)
    )


def test_a_batch_releases_what_it_can_and_a_rerun_only_skips():
    orders = [order(300 + n, "BRL", "CNY", "1.3456789", seller_id=3) for n in range(12)]
    capture_many(orders[:10], [Decimal("10.01") * (n + 1) for n in range(10)])  # the last two never paid
    result = release_orders(orders, batch_size=4)
    assert sorted(result.released) == list(range(300, 310)) and sorted(result.refused) == [310, 311]
    again = release_orders(orders, batch_size=4)
    assert again.released == [] and sorted(again.already) == list(range(300, 310))
    assert Release.objects.count() == JournalTransaction.objects.filter(kind="release").count() == 10


def test_locked_rate_from_rates_per_base():
    # EUR base: 1 EUR = 160 JPY = 7.65 CNY → 1 JPY = 0.0478125 CNY
    assert locked_rate(buyer_per_base=Decimal("160"), settlement_per_base=Decimal("7.65")) == Decimal("0.0478125")
