# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""The move of the messaging models (translation → messaging) and of
ListingTranslation (translation → listings) keeps every row: a database holding
conversations, messages, their translations and listing translations is taken
back to the old layout (the tables and content types of the translation app),
then forward again, and every row is found where the new code reads it; staff
holding the conversation-reading permission keep it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from listings.models import ListingTranslation
from messaging import services as messaging
from messaging.models import Conversation, Message, MessageTranslation

from .messaging_fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limits,
    approved_seller,
    es_buyer,
    it_listing,
    it_seller,
    leaf_category,
    make_listing,
)

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [
    ("translation", "0003_messaging"),
    ("listings", "0008_import_job_progressed_at"),
    ("messaging", None),
]
OLD_TABLES = ["translation_conversation", "translation_message", "translation_messagetranslation",
              "translation_listingtranslation"]  # fmt: skip


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def tables() -> set[str]:
    return set(connection.introspection.table_names())


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def test_the_move_keeps_every_row_and_permission(es_buyer, it_seller, it_listing):
    first = messaging.conversation_start(es_buyer, body="¿Tienen la talla M?", seller_id=it_seller.pk,
                                         listing_id=it_listing.pk)  # fmt: skip
    reply = messaging.message_send(it_seller.user, conversation_id=first.conversation_id, body="Sì, certo.")
    MessageTranslation.objects.create(message=first, language="it", text="Avete la taglia M?", kind="machine")
    ListingTranslation.objects.create(listing=it_listing, language="en", title="Cotton dress", source_hash="x" * 64)
    staff = Group.objects.create(name="support")
    staff.permissions.add(Permission.objects.get(codename="read_conversations"))
    before = {
        "conversations": list(Conversation.objects.values_list("pk", "buyer_id", "seller_id", "listing_id")),
        "messages": list(Message.objects.order_by("pk").values_list("pk", "body", "language")),
        "message translations": list(MessageTranslation.objects.values_list("pk", "message_id", "text")),
        "listing translations": list(ListingTranslation.objects.values_list("pk", "listing_id", "title")),
    }
    assert len(before["messages"]) == 2 and reply.pk

    graph_leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate(BEFORE_THE_MOVE)
        # The old layout: the translation app's tables hold the rows, the new ones are gone.
        assert set(OLD_TABLES) <= tables()
        assert not {"messaging_conversation", "listings_listingtranslation"} & tables()
        assert [count(t) for t in OLD_TABLES] == [1, 2, 1, 1]
    finally:
        migrate(graph_leaves)

    assert not set(OLD_TABLES) & tables()
    after = {
        "conversations": list(Conversation.objects.values_list("pk", "buyer_id", "seller_id", "listing_id")),
        "messages": list(Message.objects.order_by("pk").values_list("pk", "body", "language")),
        "message translations": list(MessageTranslation.objects.values_list("pk", "message_id", "text")),
        "listing translations": list(ListingTranslation.objects.values_list("pk", "listing_id", "title")),
    }
    assert after == before
    permission = Permission.objects.get(codename="read_conversations")
    assert permission.content_type.app_label == "messaging"
    assert staff.permissions.filter(pk=permission.pk).exists()
    assert not Permission.objects.filter(content_type__app_label="translation", codename__contains="conversation")
    assert ListingTranslation._meta.db_table == "listings_listingtranslation"
    # New rows get fresh ids after the move (the tables' sequences came along).
    again = messaging.message_send(es_buyer, conversation_id=first.conversation_id, body="Gracias")
    assert again.pk > max(pk for pk, *_ in before["messages"])
