"""Buyer–seller messaging: every write (start a conversation, send, mark read,
store a translation, the unread-email batch), one transaction each.

A conversation is one per (buyer, seller) pair, plus one per order (the
order's buyer and store, with the order shown in it). Each message keeps its
original text and language; translations into a reader's language are made by
a Celery job (messaging.tasks.message_translate_task) and stored as
MessageTranslation rows, except phrasebook answers, which carry our own human
translations from the start. Only the two parties (and staff holding
messaging.read_conversations) may read a conversation: anyone else is told
it does not exist."""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils import translation as i18n
from django.utils.translation import gettext as _

from marketplace.errors import DomainError, NotFound, NotPermitted
from marketplace.jobs import enqueue
from marketplace.uploads import EXTENSIONS, check_image, replace_upload_content
from orders.selectors import order_for_party
from sellers.models import SellerStatus
from translation.detect import detect_language
from translation.models import TranslationKind
from translation.services import TranslationResult, sentence_engine_supports, translate_text

from .models import Conversation, Message, MessageTranslation
from .phrasebook import phrase_match

logger = logging.getLogger(__name__)

PHRASEBOOK_ENGINE = "phrasebook"
RATE_BUCKET_SECONDS = 10  # the minute is counted in buckets, so a window never resets all at once


class RateLimited(DomainError):
    """Too many messages in the last minute (HTTP 429)."""

    status_code = 429
    code = "rate_limited"


# --- who may read ----------------------------------------------------------------------------------


def user_may_read_any_conversation(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm("messaging.read_conversations"))


def conversation_party_role(conversation: Conversation, user) -> str | None:
    """ "buyer" or "seller" if `user` is a party to `conversation`, else None."""
    if not user.is_authenticated:
        return None
    if conversation.buyer_id == user.pk:
        return "buyer"
    if conversation.seller.user_id == user.pk:
        return "seller"
    return None


def conversation_recipient(conversation: Conversation, sender_id: int):
    """The other party's user."""
    return conversation.seller.user if sender_id == conversation.buyer_id else conversation.buyer


def recipient_languages(conversation: Conversation, sender_id: int) -> list[str]:
    """The languages the other party reads in: their interface language and, for a
    seller, the store's language too."""
    if sender_id == conversation.buyer_id:
        seller = conversation.seller
        return list(dict.fromkeys([seller.user.language, seller.store_language]))
    return [conversation.buyer.language]


# --- rate limit --------------------------------------------------------------------------------------


def message_rate_check(user) -> None:
    """Count one message for `user`; raise RateLimited past
    CARAVAN_MESSAGE_RATE_PER_MINUTE in the last minute (a sliding window of
    10-second buckets in the shared cache, so every web process counts alike)."""
    limit = settings.CARAVAN_MESSAGE_RATE_PER_MINUTE
    bucket = int(time.time()) // RATE_BUCKET_SECONDS
    keys = [f"messaging:rate:{user.pk}:{bucket - i}" for i in range(60 // RATE_BUCKET_SECONDS)]
    cache.add(keys[0], 0, 60 + RATE_BUCKET_SECONDS)
    try:
        cache.incr(keys[0])
    except ValueError:  # expired between add and incr
        cache.set(keys[0], 1, 60 + RATE_BUCKET_SECONDS)
    sent = sum(int(value) for value in cache.get_many(keys).values())
    if sent > limit:
        raise RateLimited(
            _("You are sending messages too fast: at most %(limit)s a minute. Please wait a moment and try again.")
            % {"limit": limit},
            field="body",
        )


# --- validation --------------------------------------------------------------------------------------


def message_image_check(upload: UploadedFile) -> str:
    """The content type of an attached image (marketplace.uploads.check_image:
    JPEG or PNG by its bytes, decoded with a pixel cap), or a DomainError on
    `image`. The upload is rewritten in place to the re-encoded image, so what
    is stored carries no EXIF (a phone's GPS position)."""
    checked = check_image(
        upload,
        max_bytes=settings.CARAVAN_MESSAGE_IMAGE_MAX_BYTES,
        max_pixels=settings.CARAVAN_MESSAGE_IMAGE_MAX_PIXELS,
        field="image",
    )
    replace_upload_content(upload, checked.data)
    return checked.content_type


def _clean_body(body: str | None, *, has_image: bool) -> str:
    body = (body or "").strip()
    if "\x00" in body:
        raise DomainError(_("The message contains characters that cannot be stored."), field="body")
    if len(body) > settings.CARAVAN_MESSAGE_MAX_CHARS:
        raise DomainError(
            _("A message can be at most %(max)s characters long.") % {"max": settings.CARAVAN_MESSAGE_MAX_CHARS},
            field="body",
        )
    if not body and not has_image:
        raise DomainError(_("Write a message or attach an image."), field="body")
    return body


# --- writes ------------------------------------------------------------------------------------------


def _order_for_party(actor, order_id: int):
    order = order_for_party(actor, order_id)
    if order is None:
        raise NotFound(_("There is no such order."), field="order_id")
    return order


@transaction.atomic
def conversation_for_order_open(actor, *, order_id: int) -> Conversation:
    """The conversation about order `order_id` between its buyer and its store,
    created (with no message) if there is none yet.

    Only the order's buyer and the store's user may open it; to anyone else the
    order does not exist (NotFound on `order_id`). Idempotent and race-safe: one
    conversation per order (a unique constraint), a second call returns the
    first one's. Takes no lock; sends nothing. The conversation comes back with
    its order, buyer and store attached."""
    order = _order_for_party(actor, order_id)
    # get_or_create inserts in a savepoint and, when a racing transaction's row wins the
    # unique constraint (IntegrityError), reads that row back.
    conversation, _created = Conversation.objects.get_or_create(
        order=order, defaults={"buyer": order.buyer, "seller": order.seller, "last_message_at": timezone.now()}
    )
    conversation.order, conversation.buyer, conversation.seller = order, order.buyer, order.seller
    return conversation


@transaction.atomic
def conversation_start(
    actor,
    *,
    body: str,
    seller_id: int | None = None,
    seller_slug: str | None = None,
    listing_id: int | None = None,
    order_id: int | None = None,
    image: UploadedFile | None = None,
    phrase_key: str = "",
) -> Message:
    """Open (or reuse) `actor`'s conversation with a store and send the first message.

    With `order_id`: the conversation about that order (conversation_for_order_open:
    the order's buyer or its store's user only, else NotFound on `order_id`); a
    store that is not approved may not write (NotPermitted). Otherwise the store
    comes from `listing_id` (a public listing, which becomes the conversation's
    context) or from `seller_id`/`seller_slug` (a public store), and the thread is
    the buyer's one general thread with that store. Either way a second start
    reuses the thread (a unique constraint settles a race). A seller cannot write
    to their own store. Counts against the sender's rate limit; queues
    translation jobs on commit. Returns the new message (its conversation attached)."""
    from listings.selectors import listings_public
    from sellers.selectors import stores_public

    if order_id is not None:
        conversation = conversation_for_order_open(actor, order_id=order_id)
        if conversation.seller.user_id == actor.pk and conversation.seller.status != SellerStatus.APPROVED:
            raise NotPermitted(_("Your store is not approved at the moment: it cannot send messages."))
        return _message_create(actor, conversation, body=body, image=image, phrase_key=phrase_key)

    listing = None
    if listing_id is not None:
        listing = listings_public().select_related("seller__user").filter(pk=listing_id).first()
        if listing is None:
            raise NotFound(_("There is no such listing."), field="listing")
        seller = listing.seller
    elif seller_id is not None or seller_slug:
        lookup = {"pk": seller_id} if seller_id is not None else {"slug": seller_slug}
        seller = stores_public().select_related("user").filter(**lookup).first()
        if seller is None:
            raise NotFound(_("There is no such store."), field="seller")
    else:
        raise DomainError(_("Say which store or listing the message is about."), field="seller")
    if seller.user_id == actor.pk:
        raise DomainError(_("This is your own store: you cannot send it a message."), field="seller")

    conversation, created = Conversation.objects.get_or_create(
        buyer=actor, seller=seller, order=None, defaults={"listing": listing, "last_message_at": timezone.now()}
    )
    if not created and listing is not None and conversation.listing_id != listing.pk:
        conversation.listing = listing
        conversation.save(update_fields=["listing"])
    conversation.seller = seller
    conversation.buyer = actor
    return _message_create(actor, conversation, body=body, image=image, phrase_key=phrase_key)


@transaction.atomic
def message_send(
    actor, *, conversation_id: int, body: str, image: UploadedFile | None = None, phrase_key: str = ""
) -> Message:
    """Send a message in a conversation `actor` is a party to (anyone else: NotFound).

    The text is kept as written (escaped when shown); its language is detected,
    else the sender's interface language. An image is checked by content and
    fully decoded. A phrasebook answer sent unedited carries our human
    translations; any other message gets a translation job per language the
    other party reads (on commit). Counts against the rate limit. A seller whose
    store is not approved (suspended) may read but not write: NotPermitted."""
    conversation = (
        Conversation.objects.select_related("seller__user", "buyer")
        .select_for_update(of=("self",))
        .filter(pk=conversation_id)
        .first()
    )
    role = conversation_party_role(conversation, actor) if conversation is not None else None
    if role is None:
        raise NotFound(_("There is no such conversation."))
    if role == "seller" and conversation.seller.status != SellerStatus.APPROVED:
        raise NotPermitted(_("Your store is not approved at the moment: it cannot send messages."))
    return _message_create(actor, conversation, body=body, image=image, phrase_key=phrase_key)


def _message_create(actor, conversation: Conversation, *, body, image, phrase_key) -> Message:
    """Validate and store a message (the caller's transaction rolls everything
    back on an error); only a valid message counts against the rate limit."""
    body = _clean_body(body, has_image=image is not None)
    content_type = message_image_check(image) if image is not None else ""
    message_rate_check(actor)
    phrase = phrase_match(phrase_key, body) if body else None
    if phrase is not None:
        language, detected = phrase[0], False
    else:
        detected_language = detect_language(body) if body else None
        language, detected = detected_language or actor.language, detected_language is not None
    message = Message(
        conversation=conversation,
        sender=actor,
        body=body,
        language=language,
        language_detected=detected,
        phrase_key=phrase_key if phrase is not None else "",
        image_content_type=content_type,
    )
    if image is not None:
        # The stored name's extension follows the checked content, never the uploader's name.
        message.image.save("image" + EXTENSIONS[content_type], image, save=False)
    message.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)

    if phrase is not None:
        MessageTranslation.objects.bulk_create(
            [
                MessageTranslation(
                    message=message, language=code, text=text, engine=PHRASEBOOK_ENGINE, kind=TranslationKind.HUMAN
                )
                for code, text in phrase[1].items()
                if code != language
            ]
        )
    elif body:
        for target in recipient_languages(conversation, actor.pk):
            if target != language:
                message_translation_enqueue(message.pk, target)
    return message


@transaction.atomic
def conversation_mark_read(actor, *, conversation_id: int) -> int:
    """Mark every message the other party sent in the conversation as read by
    `actor` (a party; anyone else: NotFound). Idempotent; returns how many
    messages changed. Staff reading a conversation mark nothing."""
    conversation = Conversation.objects.select_related("seller").filter(pk=conversation_id).first()
    if conversation is None:
        raise NotFound(_("There is no such conversation."))
    if conversation_party_role(conversation, actor) is None:
        if user_may_read_any_conversation(actor):
            return 0
        raise NotFound(_("There is no such conversation."))
    return (
        Message.objects.filter(conversation_id=conversation_id, read_at__isnull=True)
        .exclude(sender_id=actor.pk)
        .update(read_at=timezone.now())
    )


# --- translations ---------------------------------------------------------------------------------------


def message_translation_enqueue(message_id: int, language: str) -> None:
    """Queue (on commit) the job that translates a message into `language`."""
    enqueue("messaging.tasks.message_translate_task", message_id=message_id, language=language)


def message_translations_request(messages, language: str) -> int:
    """For a reader in `language`: queue a job for each message (of the other
    party, with text) that has no row in that language yet. `messages` must carry
    their translations in `language` (messaging_selectors.messages_for_reader).
    A job already asked for in the last minute is not asked for again (the page
    polls). Returns how many jobs were queued."""
    queued = 0
    for message in messages:
        if not message.body or message.language == language or message.reader_translation is not None:
            continue
        if cache.add(f"messaging:translate:{message.pk}:{language}", 1, 60):
            message_translation_enqueue(message.pk, language)
            queued += 1
    return queued


PIVOT_LANGUAGE = "en"


def _translate_through_english(text: str, source: str, target: str) -> TranslationResult | None:
    """`text` translated source → English → target, when no engine covers the pair
    but one covers each leg (e.g. Chinese → English by LibreTranslate or the
    glossary, English → Portuguese by Apertium). None when a leg fails; a leg
    that was only unavailable makes the result ask for a retry."""
    if PIVOT_LANGUAGE in (source, target):
        return None
    first = translate_text(text=text, source=source, target=PIVOT_LANGUAGE)
    if not first.translated:
        return TranslationResult(text=text, engine="", kind="original", retry_later=first.retry_later)
    second = translate_text(text=first.text, source=PIVOT_LANGUAGE, target=target)
    if not second.translated:
        return TranslationResult(text=text, engine="", kind="original", retry_later=second.retry_later)
    kind = TranslationKind.KEYWORDS if TranslationKind.KEYWORDS in (first.kind, second.kind) else second.kind
    return TranslationResult(text=second.text, engine=f"{first.engine}+{second.engine}"[:40], kind=kind)


def translation_one_way(source: str, target: str) -> bool:
    """Whether this server translates sentences from `source` to `target`: the
    same language, an engine for the pair, or one for each leg through English."""
    if source == target or sentence_engine_supports(source, target):
        return True
    return (
        PIVOT_LANGUAGE not in (source, target)
        and sentence_engine_supports(source, PIVOT_LANGUAGE)
        and sentence_engine_supports(PIVOT_LANGUAGE, target)
    )


def conversation_translation_covered(language: str, other_language: str) -> bool:
    """Whether messages between a reader of `language` and a writer in
    `other_language` are translated automatically both ways on this server
    (settings.CARAVAN_TRANSLATION_ENGINES; LibreTranslate or DeepL when
    configured): what a conversation page tells its reader."""
    return translation_one_way(other_language, language) and translation_one_way(language, other_language)


@dataclass(frozen=True)
class MessageTranslationOutcome:
    status: str  # "stored", "current", "same", "missing", "untranslated"
    retry_later: bool = False


def message_translation_refresh(*, message_id: int, language: str, final: bool = True) -> MessageTranslationOutcome:
    """Translate message `message_id` into `language` and store the row.

    Idempotent: an existing row (human, machine or "original") is kept and
    nothing is written; the unique (message, language) constraint settles two
    jobs racing. Engines are called outside any transaction. When no engine
    covers the pair, an "original" row with the engine's note is stored, so the
    reader sees the original with a plain "not translated yet"; when an engine
    was only unavailable and this is not the `final` attempt, nothing is stored
    and `retry_later` is set."""
    message = Message.objects.filter(pk=message_id).only("body", "language").first()
    if message is None:
        return MessageTranslationOutcome("missing")
    if language == message.language or not message.body:
        return MessageTranslationOutcome("same")
    if MessageTranslation.objects.filter(message_id=message_id, language=language).exists():
        return MessageTranslationOutcome("current")
    result = translate_text(text=message.body, source=message.language, target=language)
    if not result.translated:
        pivoted = _translate_through_english(message.body, message.language, language)
        if pivoted is not None and pivoted.translated:
            result = pivoted
        elif pivoted is not None and pivoted.retry_later:
            result = TranslationResult(text=result.text, engine="", kind="original", note=result.note, retry_later=True)
    if not result.translated and result.retry_later and not final:
        return MessageTranslationOutcome("untranslated", retry_later=True)
    with transaction.atomic():
        _row, created = MessageTranslation.objects.get_or_create(
            message_id=message_id,
            language=language,
            defaults={
                "text": result.text,
                "engine": result.engine,
                "kind": result.kind,
                "note": result.note[:100],
            },
        )
    if not created:
        return MessageTranslationOutcome("current")
    return MessageTranslationOutcome("stored" if result.translated else "untranslated")


# --- the unread-messages email -------------------------------------------------------------------------


def messages_unread_notify(*, now=None) -> int:
    """Send ONE email to each person with unread messages older than
    CARAVAN_MESSAGE_EMAIL_DELAY_MINUTES that no email has mentioned yet, listing
    their conversations, in the person's language. Returns emails sent.

    Replay-safe: the messages are claimed (notified_at set) in one short
    transaction with SKIP LOCKED, so two runs never mail the same message; the
    mail goes out after the commit (no network I/O under a lock). A message read
    before the batch runs is never mentioned."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(minutes=settings.CARAVAN_MESSAGE_EMAIL_DELAY_MINUTES)
    with transaction.atomic():
        claimed = list(
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(read_at__isnull=True, notified_at__isnull=True, created_at__lte=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)[: settings.CARAVAN_MESSAGE_EMAIL_BATCH]
        )
        if not claimed:
            return 0
        Message.objects.filter(pk__in=claimed).update(notified_at=now)
    rows = (
        Message.objects.filter(pk__in=claimed)
        .select_related("conversation__buyer", "conversation__seller__user")
        .order_by("conversation_id", "pk")
    )
    per_person: dict[int, dict] = {}
    for message in rows:
        conversation = message.conversation
        recipient = conversation_recipient(conversation, message.sender_id)
        entry = per_person.setdefault(recipient.pk, {"user": recipient, "conversations": {}})
        item = entry["conversations"].setdefault(
            conversation.pk,
            {"conversation": conversation, "count": 0, "as_seller": recipient.pk != conversation.buyer_id},
        )
        item["count"] += 1

    emails = []
    site = settings.CARAVAN_SITE_URL.rstrip("/")
    for entry in per_person.values():
        user = entry["user"]
        if not user.is_active or not user.email:
            continue
        items = []
        for item in entry["conversations"].values():
            conversation = item["conversation"]
            name = "messaging:seller_conversation" if item["as_seller"] else "messaging:conversation"
            items.append(
                {
                    "with": conversation.buyer.get_full_name() if item["as_seller"] else conversation.seller.store_name,
                    "count": item["count"],
                    "url": site + reverse(name, kwargs={"pk": conversation.pk}),
                }
            )
        with i18n.override(user.language):
            context = {"user": user, "items": items, "total": sum(i["count"] for i in items), "site_url": site}
            subject = " ".join(render_to_string("messaging/email/unread_subject.txt", context).split())
            body = render_to_string("messaging/email/unread.txt", context)
        emails.append(EmailMessage(subject=subject, body=body, to=[user.email]))
    if emails:
        get_connection().send_messages(emails)
    return len(emails)
