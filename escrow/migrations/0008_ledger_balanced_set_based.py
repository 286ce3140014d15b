"""The deferred balance trigger (0002, 0005) checks every new posting of a check
round in one set-based pass instead of one ledger transaction at a time:
settlement commits 1,000 transactions of up to five postings per batch, and
their one-by-one checks (two index lookups and a sum each) were a third of a
batch's cost.

Same rule, same moment (COMMIT, or SET CONSTRAINTS … IMMEDIATE). The first
posting of a round to fire checks, in two statements, every posting whose id is
at or above its own: each such posting's currency against its account's, and
the sum per currency of every transaction that any of them belongs to (all of
that transaction's postings, old ones included). It then remembers, for the rest
of the database transaction, the range of ids it checked. A later firing is
skipped only if its posting's id lies inside that range: such a posting existed,
visible to this database transaction, when the check ran. Ids come from one
sequence and increase within a session, so the postings a database transaction
inserts after a check have larger ids and start a new round; a posting outside
the range (an explicit lower id) starts one too. Postings of other, committed
transactions that fall in the range are checked as well: extra work, never a
missed check. PostgreSQL only, like 0002."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION escrow_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    checked text := current_setting('escrow.ledger_checked', true);
    top bigint;
    wrong_currency bigint;
    unbalanced_transaction bigint;
    unbalanced_currency text;
    unbalanced_total numeric;
BEGIN
    IF checked IS NOT NULL AND checked <> ''
       AND NEW.id BETWEEN split_part(checked, ':', 1)::bigint AND split_part(checked, ':', 2)::bigint THEN
        RETURN NULL;
    END IF;
    -- EXECUTE: planned for these ids (a cached generic plan guesses a third of the table), and the
    -- transactions' ids as an array, so that their postings are read through the index, not merged.
    EXECUTE 'SELECT max(p.id), min(p.id) FILTER (WHERE p.currency <> a.currency)
             FROM escrow_posting p JOIN escrow_account a ON a.id = p.account_id WHERE p.id >= $1'
        INTO top, wrong_currency USING NEW.id;
    IF wrong_currency IS NOT NULL THEN
        RAISE EXCEPTION 'posting % is in %, its account is not', wrong_currency,
            (SELECT currency FROM escrow_posting WHERE id = wrong_currency)
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    EXECUTE 'SELECT p.transaction_id, p.currency, sum(p.amount) FROM escrow_posting p
             WHERE p.transaction_id = ANY(ARRAY(SELECT transaction_id FROM escrow_posting WHERE id BETWEEN $1 AND $2))
             GROUP BY p.transaction_id, p.currency HAVING sum(p.amount) <> 0 LIMIT 1'
        INTO unbalanced_transaction, unbalanced_currency, unbalanced_total USING NEW.id, top;
    IF unbalanced_transaction IS NOT NULL THEN
        RAISE EXCEPTION 'ledger transaction % does not balance: % %', unbalanced_transaction,
            unbalanced_total, unbalanced_currency USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    PERFORM set_config('escrow.ledger_checked', NEW.id || ':' || top, true);
    RETURN NULL;
END $$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from importlib import import_module

        previous = import_module("escrow.migrations.0005_ledger_balanced_once_per_transaction")
        schema_editor.execute(previous.FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [("escrow", "0007_merge_payments_and_release")]

    operations = [migrations.RunPython(forwards, backwards)]
