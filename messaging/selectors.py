"""Reads of buyer–seller messaging. Each list is a fixed number of queries,
whatever the number of conversations or messages."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from listings.selectors import listing_first_thumbnail, listing_translated_title
from orders.selectors import order_for_party

from .models import Conversation, Message, MessageTranslation
from .services import conversation_party_role, user_may_read_any_conversation


def _unread_for(user) -> Count:
    return Count("messages", filter=Q(messages__read_at__isnull=True) & ~Q(messages__sender_id=user.pk))


def _listing_context(queryset: QuerySet[Conversation], language: str) -> QuerySet[Conversation]:
    return queryset.select_related("listing", "order").annotate(
        listing_thumbnail=listing_first_thumbnail("listing_id"),
        listing_title_translated=listing_translated_title(language, "listing_id"),
    )


def conversations_for_user(user, *, language: str) -> QuerySet[Conversation]:
    """Every conversation `user` is a party to (as buyer or as a store's user),
    newest activity first, each with `unread` (messages to `user` not read yet)
    and its listing's thumbnail and title in `language`. One query."""
    queryset = (
        Conversation.objects.filter(Q(buyer=user) | Q(seller__user=user))
        .select_related("seller", "buyer")
        .annotate(unread=_unread_for(user))
        .order_by("-last_message_at", "-pk")
    )
    return _listing_context(queryset, language)


def conversations_for_seller(seller, *, language: str) -> QuerySet[Conversation]:
    """A store's inbox, newest activity first, each conversation with `unread`
    (buyer messages the store has not read yet). One query."""
    queryset = (
        Conversation.objects.filter(seller=seller)
        .select_related("seller", "buyer")
        .annotate(unread=_unread_for(seller.user))
        .order_by("-last_message_at", "-pk")
    )
    return _listing_context(queryset, language)


def conversation_for_reader(user, pk: int, *, language: str) -> Conversation | None:
    """Conversation `pk` if `user` may read it (a party, or staff with the
    permission), with its listing context and its order with the order's lines
    (two queries; one when it is about no order); None otherwise (the caller
    answers 404)."""
    if not user.is_authenticated:
        return None
    conversation = (
        _listing_context(Conversation.objects.select_related("seller__user", "buyer"), language)
        .prefetch_related("order__lines")
        .filter(pk=pk)
        .first()
    )
    if conversation is None:
        return None
    if conversation_party_role(conversation, user) is None and not user_may_read_any_conversation(user):
        return None
    return conversation


def messages_for_reader(conversation: Conversation, *, language: str, limit: int | None = None) -> list[Message]:
    """The conversation's latest messages (oldest first), each with
    `reader_translation`: its MessageTranslation in `language`, or None. Two queries."""
    limit = limit or settings.CARAVAN_MESSAGES_PER_PAGE
    latest = list(
        Message.objects.filter(conversation=conversation)
        .select_related("sender")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=MessageTranslation.objects.filter(language=language),
                to_attr="reader_translations",
            )
        )
        .order_by("-created_at", "-pk")[:limit]
    )
    latest.reverse()
    for message in latest:
        message.reader_translation = message.reader_translations[0] if message.reader_translations else None
    return latest


def message_for_reader(user, message_id: int) -> Message | None:
    """Message `message_id` if `user` may read its conversation; else None."""
    if not user.is_authenticated:
        return None
    message = Message.objects.select_related("conversation__seller").filter(pk=message_id).first()
    if message is None:
        return None
    if conversation_party_role(message.conversation, user) is None and not user_may_read_any_conversation(user):
        return None
    return message


def unread_messages_count(user) -> int:
    """Messages sent to `user` (as a buyer or as a store's user) not read yet. One query."""
    if not user.is_authenticated:
        return 0
    return (
        Message.objects.filter(read_at__isnull=True)
        .filter(Q(conversation__buyer_id=user.pk) | Q(conversation__seller__user_id=user.pk))
        .exclude(sender_id=user.pk)
        .count()
    )


def conversation_existing(user, seller_id: int) -> Conversation | None:
    """The buyer's general thread with a store (not one about an order), if any."""
    return Conversation.objects.filter(buyer=user, seller_id=seller_id, order__isnull=True).first()


def order_for_conversation(user, order_id: int):
    """Order `order_id` with its store, buyer and lines if `user` is its buyer
    or its store's user (orders.selectors.order_for_party); None otherwise."""
    return order_for_party(user, order_id)


def conversation_for_order(order_id: int) -> Conversation | None:
    """The conversation about an order, if one was started. The caller has
    checked who asks (order_for_conversation)."""
    return Conversation.objects.filter(order_id=order_id).first()
