"""The double-entry ledger on PostgreSQL: balanced transactions only, append-only
rows enforced by the database, idempotent references, balances as sums."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from moneyed import Money

from escrow.ledger import AccountRef, Entry, LedgerUnbalanced, ledger_post
from escrow.models import AccountKind, JournalTransaction, Posting
from escrow.selectors import account_balance, ledger_for_order, trial_balance
from marketplace.errors import ConflictError
from marketplace.money import minor_units

pytestmark = pytest.mark.django_db

CLEARING = AccountRef(AccountKind.GATEWAY_CLEARING, "EUR")


def escrow_of(order_id: int, currency: str = "EUR") -> AccountRef:
    return AccountRef(AccountKind.ESCROW, currency, order_id=order_id)


def capture(order_id: int, amount: str, currency: str = "EUR", reference: str | None = None):
    clearing = AccountRef(AccountKind.GATEWAY_CLEARING, currency)
    return ledger_post(
        reference=reference or f"capture:order={order_id}",
        kind="capture",
        entries=[
            Entry(clearing, Money(amount, currency)),
            Entry(escrow_of(order_id, currency), -Money(amount, currency)),
        ],
    )


def check_deferred_constraints():
    """What COMMIT would check: the deferred balance trigger, fired now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_a_capture_posts_a_balanced_transaction_and_balances_are_sums():
    journal = capture(17, "49.90")
    assert sorted(journal.postings.values_list("account__key", "amount")) == [
        ("escrow:EUR:order=17", Decimal("-49.9000")),
        ("gateway_clearing:EUR", Decimal("49.9000")),
    ]
    capture(18, "10.10")
    assert account_balance(CLEARING) == Money("60.00", "EUR")
    assert account_balance(escrow_of(17)) == Money("-49.90", "EUR")
    assert trial_balance() == {"EUR": Decimal("0")}
    assert list(ledger_for_order(17)) == [journal]


def test_the_same_reference_posts_once_and_other_entries_under_it_are_refused():
    first = capture(17, "49.90")
    again = capture(17, "49.90")
    assert again.pk == first.pk and JournalTransaction.objects.count() == 1 and Posting.objects.count() == 2
    with pytest.raises(ConflictError):
        capture(17, "50.00")
    assert Posting.objects.count() == 2


@pytest.mark.parametrize(
    "entries",
    [
        [Entry(CLEARING, Money("10", "EUR")), Entry(escrow_of(1), Money("-9.99", "EUR"))],  # off by a cent
        [Entry(CLEARING, Money("10", "EUR"))],  # one leg
        [Entry(CLEARING, Money("10", "EUR")), Entry(escrow_of(1, "CNY"), Money("-10", "CNY"))],  # two currencies
        [Entry(CLEARING, Money("10", "USD")), Entry(escrow_of(1), Money("-10", "EUR"))],  # not the account's currency
    ],
)
def test_entries_that_do_not_balance_are_refused_and_nothing_is_written(entries):
    with pytest.raises(LedgerUnbalanced):
        ledger_post(reference="bad", kind="test", entries=entries)
    assert not JournalTransaction.objects.exists() and not Posting.objects.exists()


def test_amounts_are_rounded_to_the_minor_unit_before_they_must_balance():
    # 3 decimals for KWD, none for JPY: each entry rounded half-up in its currency.
    ledger_post(reference="kwd", kind="test", entries=[
        Entry(AccountRef(AccountKind.GATEWAY_CLEARING, "KWD"), Money("1.0005", "KWD")),
        Entry(escrow_of(5, "KWD"), Money("-1.001", "KWD")),
    ])  # fmt: skip
    ledger_post(reference="jpy", kind="test", entries=[
        Entry(AccountRef(AccountKind.GATEWAY_CLEARING, "JPY"), Money("1500.4", "JPY")),
        Entry(escrow_of(6, "JPY"), Money("-1500", "JPY")),
    ])  # fmt: skip
    assert trial_balance() == {"JPY": Decimal("0"), "KWD": Decimal("0")}
    assert account_balance(escrow_of(5, "KWD")) == Money("-1.001", "KWD")


def test_the_database_refuses_to_change_or_delete_a_posting_or_a_transaction():
    journal = capture(17, "49.90")
    posting = journal.postings.first()
    refused = [
        lambda: Posting.objects.filter(pk=posting.pk).update(amount=Decimal("0.01")),
        lambda: Posting.objects.filter(pk=posting.pk).delete(),
        lambda: JournalTransaction.objects.filter(pk=journal.pk).update(memo="edited"),
    ]
    for change in refused:
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            change()
    assert Posting.objects.get(pk=posting.pk).amount == posting.amount
    assert JournalTransaction.objects.get(pk=journal.pk).memo == ""


def test_the_database_refuses_to_commit_an_unbalanced_transaction_written_around_the_service():
    capture(17, "49.90")
    journal = JournalTransaction.objects.create(reference="raw", kind="raw")
    account = Posting.objects.first().account
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        Posting.objects.create(transaction=journal, account=account, amount=Decimal("5"), currency="EUR")
        check_deferred_constraints()
    with pytest.raises(IntegrityError, match="its account is not"), transaction.atomic():
        Posting.objects.create(transaction=journal, account=account, amount=Decimal("5"), currency="USD")
        Posting.objects.create(transaction=journal, account=account, amount=Decimal("-5"), currency="USD")
        check_deferred_constraints()


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["EUR", "CNY", "JPY", "KWD", "BRL"]),
            st.integers(min_value=1, max_value=10**9),
            st.integers(min_value=1, max_value=40),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_sequence_of_balanced_posts_keeps_every_currency_at_zero(moves):
    with transaction.atomic():
        for number, (currency, minor, order_id) in enumerate(moves):
            amount = Money(Decimal(minor).scaleb(-minor_units(currency)), currency)
            ledger_post(reference=f"h:{number}", kind="test", entries=[
                Entry(AccountRef(AccountKind.GATEWAY_CLEARING, currency), amount),
                Entry(escrow_of(order_id, currency), -amount),
            ])  # fmt: skip
        check_deferred_constraints()
        assert set(trial_balance().values()) <= {Decimal(0)}
        transaction.set_rollback(True)
