"""The ledger's rules in the database itself, so no code path (a shell, a bulk
update, a bug) can break them: postings and transactions are append-only, and on
PostgreSQL a transaction whose postings do not sum to zero per currency (or whose
posting is in another currency than its account) cannot be committed (a deferred
constraint trigger, checked at COMMIT once every posting is in). SQLite (the
embedded default) gets the append-only triggers; ledger_post checks the balance
on every database."""

from django.db import migrations

POSTGRES = [
    (
        """
        CREATE FUNCTION escrow_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'integrity_constraint_violation';
        END $$;
        CREATE TRIGGER escrow_posting_append_only BEFORE UPDATE OR DELETE ON escrow_posting
            FOR EACH ROW EXECUTE FUNCTION escrow_ledger_append_only();
        CREATE TRIGGER escrow_journaltransaction_append_only BEFORE UPDATE OR DELETE ON escrow_journaltransaction
            FOR EACH ROW EXECUTE FUNCTION escrow_ledger_append_only();

        CREATE FUNCTION escrow_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
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
        CREATE CONSTRAINT TRIGGER escrow_posting_balanced AFTER INSERT ON escrow_posting
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION escrow_ledger_balanced();
        """,
        """
        DROP TRIGGER escrow_posting_balanced ON escrow_posting;
        DROP FUNCTION escrow_ledger_balanced();
        DROP TRIGGER escrow_journaltransaction_append_only ON escrow_journaltransaction;
        DROP TRIGGER escrow_posting_append_only ON escrow_posting;
        DROP FUNCTION escrow_ledger_append_only();
        """,
    )
]

SQLITE = [
    (
        f"CREATE TRIGGER escrow_{table}_no_{op.lower()} BEFORE {op} ON escrow_{table} "
        f"BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END",
        f"DROP TRIGGER escrow_{table}_no_{op.lower()}",
    )
    for table in ("posting", "journaltransaction")
    for op in ("UPDATE", "DELETE")
]


def _run(schema_editor, forwards: bool) -> None:
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])
    for create, drop in statements if forwards else reversed(statements):
        schema_editor.execute(create if forwards else drop, params=None)  # no params: "%" is plpgsql's


def forwards(apps, schema_editor):
    _run(schema_editor, True)


def backwards(apps, schema_editor):
    _run(schema_editor, False)


class Migration(migrations.Migration):
    dependencies = [("escrow", "0001_ledger")]

    operations = [migrations.RunPython(forwards, backwards)]
