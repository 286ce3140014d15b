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


def order(order_id, buyer, settlement, rate, commission="0.08", seller_id=7, amount=None, shipping="0",
          taxes="0") -> ReleaseOrder:  # fmt: skip
    return ReleaseOrder(order_id=order_id, seller_id=seller_id, buyer_currency=buyer, settlement_currency=settlement,
                        rate=Decimal(rate), commission_rate=Decimal(commission),
                        amount=None if amount is None else Decimal(amount), shipping=Decimal(shipping),
                        taxes=Decimal(taxes))  # fmt: skip


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


# --- import taxes collected at checkout (EU IOSS): Caravan's to remit, never the seller's ------------------------


@pytest.mark.parametrize(
    "buyer, amount, shipping, taxes, settlement, rate, commission, gross, fee, net, remainder",
    [
        # A buyer in Germany: items 85.00 + shipping 15.00 + 19 % VAT 19.00 = 119.00 EUR. The seller's part,
        # 100.00 EUR × 7.7812345 = 778.12345 CNY → 778.12; 8 % = 62.2496 → 62.25; the seller 715.87.
        # (Before: 119.00 EUR → 925.97 CNY, commission 74.08, the seller 851.89, VAT included.)
        ("EUR", "119.00", "15.00", "19.00", "CNY", "7.7812345", "0.08", "778.12", "62.25", "715.87", "0.00345"),
        # A buyer in Poland: items 200.00 + shipping 30.00 + 23 % VAT 52.90 = 282.90 PLN. 230.00 PLN ×
        # 0.2345678 = 53.950594 EUR → 53.95; 6 % = 3.237 → 3.24; the seller 50.71.
        ("PLN", "282.90", "30.00", "52.90", "EUR", "0.2345678", "0.06", "53.95", "3.24", "50.71", "0.000594"),
    ],
)
def test_import_taxes_go_to_tax_payable_unconverted_and_without_commission(
    buyer, amount, shipping, taxes, settlement, rate, commission, gross, fee, net, remainder
):
    capture(42, amount, buyer)
    release = release_order(order(42, buyer, settlement, rate, commission, shipping=shipping, taxes=taxes))
    assert (release.gross, release.commission, release.net) == (Decimal(gross), Decimal(fee), Decimal(net))
    assert release.fx_remainder == Decimal(remainder)
    assert (release.amount, release.shipping, release.taxes) == (Decimal(amount), Decimal(shipping), Decimal(taxes))
    assert release.items == Decimal(amount) - Decimal(shipping) - Decimal(taxes)
    assert postings_by_account("release:order=42") == {
        f"escrow:{buyer}:order=42": Decimal(amount),
        f"tax_payable:{buyer}": -Decimal(taxes),
        f"fx_conversion:{buyer}": -(Decimal(amount) - Decimal(taxes)),
        f"fx_conversion:{settlement}": Decimal(gross),
        f"seller_pending:{settlement}:seller=7": -Decimal(net),
        f"platform_commission:{settlement}": -Decimal(fee),
    }
    assert account_balance(escrow_of(42, buyer)) == Money(0, buyer)
    assert account_balance(AccountRef(AccountKind.TAX_PAYABLE, buyer)) == -Money(taxes, buyer)
    assert account_balance(AccountRef(AccountKind.SELLER_PENDING, settlement, seller_id=7)) == -Money(net, settlement)
    # the commission is on the goods and shipping only
    expected_fee = ((Decimal(amount) - Decimal(taxes)) * Decimal(rate)).quantize(quantum(settlement), ROUND_HALF_UP)
    assert release.commission == (expected_fee * Decimal(commission)).quantize(quantum(settlement), ROUND_HALF_UP)
    assert_every_transaction_balances()
    assert not any(trial_balance().values())


def test_import_taxes_paid_in_the_settlement_currency_still_go_to_tax_payable():
    # An Italian store's order to a buyer in Italy: 100.00 + 22 % VAT 22.00 = 122.00 EUR; 7 % of 100.00.
    capture(43, "122.00", "EUR")
    release = release_order(order(43, "EUR", "EUR", "1", "0.07", shipping="10.00", taxes="22.00"))
    assert postings_by_account("release:order=43") == {
        "escrow:EUR:order=43": Decimal("122.00"),
        "tax_payable:EUR": Decimal("-22.00"),
        "seller_pending:EUR:seller=7": Decimal("-93.00"),
        "platform_commission:EUR": Decimal("-7.00"),
    }
    assert (release.gross, release.commission, release.net, release.fx_remainder) == (
        Decimal("100.00"), Decimal("7.00"), Decimal("93.00"), 0,
    )  # fmt: skip


def test_an_order_that_is_all_taxes_and_shipping_pays_the_taxes_and_the_rest_to_the_seller():
    capture(44, "1000", "JPY")
    release = release_order(order(44, "JPY", "CNY", "0.0478", shipping="900", taxes="100"))
    assert release.items == 0 and release.gross == Decimal("43.02")  # 900 JPY of shipping, converted
    capture(45, "1000", "JPY")
    all_taxes = release_order(order(45, "JPY", "CNY", "0.0478", taxes="1000"))
    assert (all_taxes.gross, all_taxes.commission, all_taxes.net) == (0, 0, 0)
    assert postings_by_account("release:order=45") == {"escrow:JPY:order=45": Decimal(1000),
                                                       "tax_payable:JPY": Decimal(-1000)}  # fmt: skip
    assert account_balance(AccountRef(AccountKind.TAX_PAYABLE, "JPY")) == Money(-1100, "JPY")
    assert_every_transaction_balances()


@pytest.mark.parametrize("buyer", ["EUR", "PLN", "JPY", "KWD"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    units=st.integers(min_value=1, max_value=10**9),
    shipping_share=st.integers(min_value=0, max_value=100),
    tax_share=st.integers(min_value=0, max_value=100),
    rate=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("500"), places=7),
    settlement=st.sampled_from(SETTLEMENT),
    commission=st.sampled_from(["0.05", "0.06", "0.07", "0.08", "0.055"]),
)
def test_any_release_with_taxes_balances_and_pays_exactly_the_taxes(buyer, units, shipping_share, tax_share, rate,
                                                                    settlement, commission):  # fmt: skip
    if buyer == settlement:
        rate = Decimal(1)
    order_id = JournalTransaction.objects.count() + 5000
    q = quantum(buyer)
    amount = Decimal(units) * q
    shipping = (amount * shipping_share / 100).quantize(q, rounding=ROUND_DOWN)
    taxes = ((amount - shipping) * tax_share / 100).quantize(q, rounding=ROUND_DOWN)
    before = account_balance(AccountRef(AccountKind.TAX_PAYABLE, buyer))
    capture(order_id, str(amount), buyer)
    release = release_order(order(order_id, buyer, settlement, rate, commission, shipping=shipping, taxes=taxes))
    exact = (amount - taxes) * rate
    assert release.taxes == taxes and release.items + release.shipping + release.taxes == amount
    assert release.gross == exact.quantize(quantum(settlement), rounding=ROUND_HALF_UP)
    assert release.commission == (release.gross * Decimal(commission)).quantize(quantum(settlement), ROUND_HALF_UP)
    assert release.net + release.commission == release.gross
    assert release.gross + release.fx_remainder == exact
    assert account_balance(AccountRef(AccountKind.TAX_PAYABLE, buyer)) - before == -Money(taxes, buyer)
    assert account_balance(escrow_of(order_id, buyer)) == Money(0, buyer)
    assert_every_transaction_balances()
    assert not any(trial_balance().values())


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
        ({"taxes": Decimal("-1")}, "taxes"),
        ({"taxes": Decimal("NaN")}, "taxes"),
        ({"taxes": Decimal("-Infinity")}, "taxes"),
        ({"taxes": "19"}, "taxes"),  # a string, not a Decimal
        ({"taxes": None}, "taxes"),
        ({"taxes": Decimal("19.5")}, "taxes"),  # JPY has no minor unit
        ({"taxes": Decimal("1001")}, "taxes"),  # more than the whole escrow released
        ({"taxes": Decimal("501"), "shipping": Decimal("500")}, "taxes"),  # with shipping, more than the escrow
        ({"taxes": Decimal("201"), "shipping": Decimal("100"), "amount": Decimal("300")}, "taxes"),  # than asked
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


def test_the_task_payload_carries_shipping_and_taxes_and_an_old_payload_records_zero():
    capture(15, "12345", "JPY")
    capture(16, "99.99", "BRL")
    capture(17, "119.00", "EUR")
    with_shipping = order(15, "JPY", "CNY", "0.0478123", shipping="1500")
    payload = with_shipping.as_payload()
    assert payload["shipping"] == "1500" and payload["taxes"] == "0"
    assert json.loads(json.dumps(payload)) == payload  # JSON-safe for the broker
    old = order(16, "BRL", "RUB", "16.3456789").as_payload()
    del old["shipping"], old["taxes"]  # queued before shipping and taxes were recorded
    with_taxes = order(17, "EUR", "CNY", "7.7812345", shipping="15.00", taxes="19.00").as_payload()
    assert with_taxes["taxes"] == "19.00"
    assert orders_release_task(orders=[payload, old, with_taxes]) == {"released": 3, "already": 0, "refused": {}}
    assert {o: (s, t) for o, s, t in Release.objects.values_list("order_id", "shipping", "taxes")} == {
        15: (Decimal("1500"), 0), 16: (0, 0), 17: (Decimal("15.00"), Decimal("19.00")),
    }  # fmt: skip
    assert Release.objects.get(order_id=17).gross == Decimal("778.12")  # the VAT not converted for the seller


def test_the_batch_and_the_single_release_agree_to_the_minor_unit():
    """The same orders (by value) released one by one and set-based give the same books."""
    cases = []
    for i, (buyer, amount) in enumerate(sorted(BUYER.items())):
        for j, settlement in enumerate(SETTLEMENT):
            rate = Decimal("0.0478123") * (i + 1) * (j + 3) + Decimal("0.0000017")
            commission = Decimal("0.05") + Decimal(j) / 100
            cases.append((buyer, amount, settlement, rate, commission))
    for j, settlement in enumerate(SETTLEMENT):  # EU buyers, import VAT collected at checkout
        rate = Decimal(1) if settlement == "EUR" else Decimal("7.7812345") / (j + 1)
        cases.append(("EUR", "119.00", settlement, rate, Decimal("0.08")))
        cases.append(("PLN", "282.90", settlement, Decimal("0.2345678") * (j + 1), Decimal("0.06")))
    # shipping: nothing, some, and the whole amount, in each buyer currency's minor units
    share = [Decimal(1), Decimal(0), Decimal("0.25"), Decimal("0.3")]
    ships = [
        (Decimal(a) * share[n % 4]).quantize(quantum(b), rounding=ROUND_DOWN) for n, (b, a, *_) in enumerate(cases)
    ]
    # taxes: none, 19 % and 23 % of the rest (nothing left when shipping is the whole amount)
    tax_share = [Decimal(0), Decimal("0.19"), Decimal("0.23")]
    taxes = [
        ((Decimal(a) - ships[n]) * tax_share[n % 3]).quantize(quantum(b), rounding=ROUND_DOWN)
        for n, (b, a, *_) in enumerate(cases)
    ]
    assert sum(1 for t in taxes if t) >= 8  # and the whole-shipping orders have none
    singles = [order(100 + n, b, s, r, c, seller_id=n, shipping=ships[n], taxes=taxes[n])
               for n, (b, a, s, r, c) in enumerate(cases)]  # fmt: skip
    batched = [order(200 + n, b, s, r, c, seller_id=100 + n, shipping=ships[n], taxes=taxes[n])
               for n, (b, a, s, r, c) in enumerate(cases)]  # fmt: skip
    amounts = [Decimal(a) for b, a, s, r, c in cases]
    capture_many(singles, amounts)
    capture_many(batched, amounts)
    for o in singles:
        release_order(o)
    result = release_orders(batched, batch_size=5)
    assert sorted(result.released) == [o.order_id for o in batched]
    fields = ["amount", "shipping", "taxes", "gross", "commission", "net", "fx_remainder", "rate", "commission_rate"]
    for n, (single, batch) in enumerate(zip(singles, batched, strict=True)):
        a = Release.objects.values(*fields).get(order_id=single.order_id)
        b = Release.objects.values(*fields).get(order_id=batch.order_id)
        assert a == b and a["shipping"] == ships[n] and a["taxes"] == taxes[n]
        lines_a = {k.split(":")[0] + ":" + k.split(":")[1]: v for k, v in
                   postings_by_account(release_reference(single.order_id)).items()}  # fmt: skip
        lines_b = {k.split(":")[0] + ":" + k.split(":")[1]: v for k, v in
                   postings_by_account(release_reference(batch.order_id)).items()}  # fmt: skip
        assert lines_a == lines_b
        buyer, settlement = single.buyer_currency, single.settlement_currency
        assert lines_a.get(f"tax_payable:{buyer}", Decimal(0)) == -taxes[n]
        assert len(lines_a) == (5 if buyer != settlement else 3) + (1 if taxes[n] else 0)
    assert_every_transaction_balances()
    assert not any(trial_balance().values())


def taxes_of(n: int) -> str:
    return "0" if n % 4 == 3 else f"{n % 3}.25"


def test_a_batch_writes_in_as_many_statements_whatever_its_size_shipping_and_taxes_included():
    """Set-based: recording shipping and paying the taxes add columns to the one
    INSERT of the Release rows and lines to the one posting, not a statement per order."""

    def statements(first_id: int, count: int) -> list[str]:
        orders = [order(first_id + n, "BRL", "CNY", "1.3456789", seller_id=3, shipping=f"{n}.50", taxes=taxes_of(n))
                  for n in range(count)]  # fmt: skip
        capture_many(orders, [Decimal("10.01") * (n + 1) for n in range(count)])
        with CaptureQueriesContext(connection) as queries:
            assert len(release_batch(orders).released) == count
        return [q["sql"] for q in queries.captured_queries]

    statements(300, 1)  # the first release also opens the shared accounts (FX, commission, tax, the seller's)
    few, many = statements(400, 3), statements(500, 60)
    assert len(few) == len(many)
    assert sum("INSERT INTO escrow_release" in sql for sql in many) == 1
    assert sorted(Release.objects.filter(order_id__gte=500).values_list("shipping", flat=True)) == sorted(
        Decimal(f"{n}.50") for n in range(60)
    )
    assert sorted(Release.objects.filter(order_id__gte=500).values_list("taxes", flat=True)) == sorted(
        Decimal(taxes_of(n)) for n in range(60)
    )
    paid = sum(Decimal(taxes_of(n)) for n in range(3)) + sum(Decimal(taxes_of(n)) for n in range(61))
    assert account_balance(AccountRef(AccountKind.TAX_PAYABLE, "BRL")) == -Money(paid, "BRL")


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
