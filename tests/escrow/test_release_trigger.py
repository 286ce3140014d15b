"""The deferred balance trigger after migrations 0005 and 0008 (one set-based
check of every new posting per check round): still refuses an unbalanced
transaction, a posting in another currency than its account, a posting appended
to a transaction after it was checked, and one unbalanced transaction among a
thousand posted in one statement; escrow.bulk's array literals carry any text."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from escrow import bulk
from escrow.bulk import PlannedTransaction, ledger_post_many, pg_array, pg_text_array
from escrow.ledger import AccountRef, accounts_get
from escrow.models import AccountKind, JournalTransaction, Posting

pytestmark = pytest.mark.django_db

CLEARING = AccountRef(AccountKind.GATEWAY_CLEARING, "EUR")
ESCROW = AccountRef(AccountKind.ESCROW, "EUR", order_id=1)
FX_JPY = AccountRef(AccountKind.FX_CONVERSION, "JPY")


def check_now():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def journal_with(reference, lines):
    accounts = accounts_get([ref for ref, _amount, _currency in lines])
    journal = JournalTransaction.objects.create(reference=reference, kind="test")
    Posting.objects.bulk_create(
        Posting(transaction=journal, account=accounts[ref.key], amount=Decimal(amount), currency=currency)
        for ref, amount, currency in lines
    )
    return journal, accounts


def test_balanced_transactions_pass_and_an_unbalanced_one_among_them_is_refused():
    journal_with("a", [(CLEARING, "5", "EUR"), (ESCROW, "-5", "EUR")])
    journal_with("b", [(CLEARING, "7", "EUR"), (ESCROW, "-7", "EUR")])
    check_now()
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        journal_with("c", [(CLEARING, "7", "EUR"), (ESCROW, "-6", "EUR")])
        check_now()


def test_a_posting_appended_after_the_check_is_checked_again():
    journal, accounts = journal_with("d", [(CLEARING, "5", "EUR"), (ESCROW, "-5", "EUR")])
    check_now()  # checked: remembered as transaction d up to its highest posting
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        Posting.objects.create(transaction=journal, account=accounts[CLEARING.key], amount=1, currency="EUR")
        check_now()


def test_a_posting_in_another_currency_than_its_account_is_refused():
    accounts_get([FX_JPY])
    with pytest.raises(IntegrityError, match="its account is not"), transaction.atomic():
        journal_with("e", [(CLEARING, "5", "EUR"), (FX_JPY, "-5", "EUR")])
        check_now()


def test_one_unbalanced_transaction_among_a_thousand_posted_in_one_statement_is_refused(monkeypatch):
    def planned(n, debit="5"):
        return PlannedTransaction(f"bulk:{n}", "test", ((CLEARING, Decimal(debit)), (ESCROW, Decimal("-5"))))

    ledger_post_many([planned(n) for n in range(1000)])
    check_now()
    assert JournalTransaction.objects.filter(reference__startswith="bulk:").count() == 1000
    # Around the Python check, as a bug would be: only the database stands in the way.
    monkeypatch.setattr(bulk, "check_balanced", lambda item: None)
    batch = [planned(n, "4" if n == 1500 else "5") for n in range(1000, 2000)]
    with pytest.raises(IntegrityError, match=r"does not balance: -1\.0+ EUR"), transaction.atomic():
        ledger_post_many(batch)
        check_now()
    assert JournalTransaction.objects.filter(reference__startswith="bulk:").count() == 1000


def test_array_literals_carry_quotes_backslashes_commas_braces_and_nulls():
    texts = ['a"b', "c\\d", "e,f}", " g ", "", "NULL", "ü漢{"]
    with connection.cursor() as cursor:
        numbers = pg_array([Decimal("1.2E-7"), None])
        cursor.execute("SELECT %s::varchar[], %s::numeric[]", [pg_text_array(texts), numbers])
        got_texts, got_numbers = cursor.fetchone()
    assert got_texts == texts
    assert got_numbers == [Decimal("1.2E-7"), None]
