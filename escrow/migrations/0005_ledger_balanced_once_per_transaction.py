"""The deferred balance trigger (0002) checks each ledger transaction once per
check round instead of once per posting: settlement posts 1,000 transactions of
up to five postings per batch, and the per-posting check (two queries per row,
the second summing every posting of the transaction again) was half the cost of
a batch of releases.

Same rule, same moment (COMMIT, or SET CONSTRAINTS … IMMEDIATE): the first
posting of a transaction to fire checks the whole transaction — every posting's
currency against its account's and the sum per currency — and remembers, for the
rest of the database transaction, the transaction's id and the highest posting
id it saw. A later firing for a posting of the same transaction is skipped only
if that posting's id is not above the remembered one: such a posting already
existed, visible to this database transaction, when the check ran (a posting
inserted after the check has a larger id, since ids come from one sequence, so
it is checked again). PostgreSQL only, like 0002."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION escrow_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    checked text := current_setting('escrow.ledger_checked', true);
    top bigint;
    wrong_currency bigint;
    unbalanced_currency text;
    unbalanced_total numeric;
BEGIN
    IF checked IS NOT NULL AND checked <> ''
       AND split_part(checked, ':', 1)::bigint = NEW.transaction_id
       AND NEW.id <= split_part(checked, ':', 2)::bigint THEN
        RETURN NULL;
    END IF;
    SELECT max(p.id), min(p.id) FILTER (WHERE p.currency <> a.currency)
        INTO top, wrong_currency
        FROM escrow_posting p JOIN escrow_account a ON a.id = p.account_id
        WHERE p.transaction_id = NEW.transaction_id;
    IF wrong_currency IS NOT NULL THEN
        RAISE EXCEPTION 'posting % is in %, its account is not', wrong_currency,
            (SELECT currency FROM escrow_posting WHERE id = wrong_currency)
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT currency, sum(amount) INTO unbalanced_currency, unbalanced_total FROM escrow_posting
        WHERE transaction_id = NEW.transaction_id GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance: % %', NEW.transaction_id,
            unbalanced_total, unbalanced_currency USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    PERFORM set_config('escrow.ledger_checked', NEW.transaction_id || ':' || top, true);
    RETURN NULL;
END $$;
"""

ORIGINAL = """
CREATE OR REPLACE FUNCTION escrow_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unbalanced record;
BEGIN
    IF NEW.currency <> (SELECT currency FROM escrow_account WHERE id = NEW.account_id) THEN
        RAISE EXCEPTION 'posting % is in %, its account is not', NEW.id, NEW.currency
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT currency, sum(amount) AS total INTO unbalanced FROM escrow_posting
        WHERE transaction_id = NEW.transaction_id GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance: % %', NEW.transaction_id,
            unbalanced.total, unbalanced.currency USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ORIGINAL, params=None)


class Migration(migrations.Migration):
    dependencies = [("escrow", "0004_release_and_hold")]

    operations = [migrations.RunPython(forwards, backwards)]
