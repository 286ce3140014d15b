# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Buyer–seller messaging: the services (start, send, language, translations,
phrasebook, unread state, the email batch, images, the rate limit) against the
real database, cache and Apertium."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.errors import DomainError, NotFound, NotPermitted
from messaging import services as messaging
from messaging.models import Conversation, Message, MessageTranslation
from messaging.phrasebook import phrasebook, phrases_in
from messaging.selectors import conversations_for_seller, unread_messages_count

from .messaging_fixtures import (  # noqa: F401 (fixtures)
    ITALIAN,
    RUSSIAN,
    SPANISH,
    _fresh_rate_limits,
    approved_seller,
    es_buyer,
    fake_jpeg_upload,
    it_listing,
    it_seller,
    leaf_category,
    make_listing,
    other_seller,
    png_upload,
    text_as_png_upload,
    third_user,
)

pytestmark = pytest.mark.django_db


def translate_jobs(callbacks) -> list[dict]:
    """The message_translate_task calls queued on commit."""
    jobs = []
    for callback in callbacks:
        task = getattr(getattr(callback, "func", None), "__self__", None)
        if getattr(task, "name", "") == "messaging.tasks.message_translate_task":
            jobs.append(callback.keywords["kwargs"])
    return jobs


def start(buyer, listing, body=SPANISH, **kwargs) -> Message:
    return messaging.conversation_start(buyer, body=body, listing_id=listing.pk, **kwargs)


# --- start and send ------------------------------------------------------------------------------------


def test_start_opens_one_conversation_per_pair_with_the_listing_in_context(es_buyer, it_listing, it_seller):
    first = start(es_buyer, it_listing)
    again = messaging.conversation_start(es_buyer, body="¿Y en talla L?", seller_id=it_seller.pk)

    assert first.conversation_id == again.conversation_id
    conversation = Conversation.objects.get()
    assert (conversation.buyer, conversation.seller, conversation.listing) == (es_buyer, it_seller, it_listing)
    assert conversation.messages.count() == 2
    assert conversation.last_message_at == again.created_at


def test_the_database_refuses_a_second_conversation_for_a_pair(es_buyer, it_listing, it_seller):
    start(es_buyer, it_listing)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(buyer=es_buyer, seller=it_seller, last_message_at=timezone.now())


def test_a_seller_cannot_write_to_their_own_store(it_seller, it_listing):
    with pytest.raises(DomainError) as exc:
        start(it_seller.user, it_listing)
    assert exc.value.field == "seller"
    assert not Conversation.objects.exists()


def test_a_draft_listing_or_an_unknown_store_is_not_found(es_buyer, make_listing, it_seller):
    draft = make_listing(seller=it_seller, publish=False)
    with pytest.raises(NotFound):
        start(es_buyer, draft)
    with pytest.raises(NotFound):
        messaging.conversation_start(es_buyer, body=SPANISH, seller_slug="no-such-store")
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_a_message_keeps_its_text_and_detected_language(es_buyer, it_listing, it_seller):
    message = start(es_buyer, it_listing, body="  <b>Hola</b>, ¿este vestido está disponible en talla M?  ")
    assert (
        message.body == "<b>Hola</b>, ¿este vestido está disponible en talla M?"
    )  # kept as written, escaped on output
    assert (message.language, message.language_detected) == ("es", True)

    reply = messaging.message_send(it_seller.user, conversation_id=message.conversation_id, body=ITALIAN)
    assert reply.language == "it"


def test_too_short_to_detect_falls_back_to_the_senders_language(es_buyer, it_listing):
    message = start(es_buyer, it_listing, body="ok!")
    assert (message.language, message.language_detected) == ("es", False)


def test_sending_queues_a_translation_into_the_readers_language_on_commit(
    es_buyer, it_listing, it_seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        message = start(es_buyer, it_listing)
    assert translate_jobs(callbacks) == [{"message_id": message.pk, "language": "it"}]

    with django_capture_on_commit_callbacks() as callbacks:
        reply = messaging.message_send(it_seller.user, conversation_id=message.conversation_id, body=ITALIAN)
    assert translate_jobs(callbacks) == [{"message_id": reply.pk, "language": "es"}]


@pytest.mark.parametrize(
    ("body", "field"),
    [("", "body"), ("   ", "body"), ("x" * 2001, "body"), ("nul\x00byte", "body")],
)
def test_bad_bodies_are_refused_and_nothing_is_written(es_buyer, it_listing, body, field):
    with pytest.raises(DomainError) as exc:
        start(es_buyer, it_listing, body=body)
    assert exc.value.field == field
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_a_third_user_cannot_send_in_someone_elses_conversation(es_buyer, it_listing, third_user, other_seller):
    message = start(es_buyer, it_listing)
    for intruder in (third_user, other_seller.user):
        with pytest.raises(NotFound):
            messaging.message_send(intruder, conversation_id=message.conversation_id, body="hello there")
    assert Message.objects.count() == 1


# --- images --------------------------------------------------------------------------------------------


def test_an_image_alone_is_a_message_stored_privately(es_buyer, it_listing, settings):
    message = start(es_buyer, it_listing, body="", image=png_upload())
    assert message.body == "" and message.image_content_type == "image/png"
    assert message.image.name.startswith(f"message-images/{message.conversation_id}/")
    assert message.image.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "photo" not in message.image.name and message.image.name.endswith(".png")  # never the uploader's name


@pytest.mark.parametrize("upload", [fake_jpeg_upload, text_as_png_upload])
def test_a_fake_image_is_refused(es_buyer, it_listing, upload):
    # Magic bytes of a JPEG with garbage after them (Pillow's full decode fails), or text named .png.
    with pytest.raises(DomainError) as exc:
        start(es_buyer, it_listing, body="Mire la foto", image=upload())
    assert exc.value.field == "image"
    assert not Message.objects.exists()


def test_an_image_over_the_size_cap_is_refused(es_buyer, it_listing, settings):
    settings.CARAVAN_MESSAGE_IMAGE_MAX_BYTES = 100
    with pytest.raises(DomainError) as exc:
        start(es_buyer, it_listing, body="", image=png_upload(size=(400, 400)))
    assert exc.value.field == "image"


# --- translations ----------------------------------------------------------------------------------------


def test_the_translation_job_stores_apertiums_translation_once(es_buyer, it_listing):
    message = start(es_buyer, it_listing)

    first = messaging.message_translation_refresh(message_id=message.pk, language="it")
    second = messaging.message_translation_refresh(message_id=message.pk, language="it")

    assert (first.status, second.status) == ("stored", "current")
    row = MessageTranslation.objects.get(message=message)
    assert (row.language, row.engine, row.kind) == ("it", "apertium", "machine")
    assert row.text.strip() and row.text != SPANISH


def test_no_engine_for_the_pair_leaves_the_original_with_the_note(make_seller, it_listing):
    from tests.factories import UserFactory

    ru_buyer = UserFactory(language="ru")
    message = start(ru_buyer, it_listing, body=RUSSIAN)
    assert message.language == "ru"

    outcome = messaging.message_translation_refresh(message_id=message.pk, language="it")

    assert outcome.status == "untranslated"
    row = MessageTranslation.objects.get(message=message)
    assert (row.kind, row.text, row.note) == ("original", RUSSIAN, "not translated yet")


def test_a_phrasebook_answer_carries_our_human_translations(
    es_buyer, it_listing, it_seller, django_capture_on_commit_callbacks
):
    message = start(es_buyer, it_listing)
    italian = phrasebook()["ships_two_days"]["it"]
    with django_capture_on_commit_callbacks() as callbacks:
        reply = messaging.message_send(
            it_seller.user, conversation_id=message.conversation_id, body=italian, phrase_key="ships_two_days"
        )

    assert (reply.language, reply.phrase_key) == ("it", "ships_two_days")
    rows = {row.language: row for row in reply.translations.all()}
    assert set(rows) == {"en", "zh-hans", "ru", "es", "tr", "pt-br", "fr"}
    assert rows["es"].text == phrasebook()["ships_two_days"]["es"]
    assert {row.kind for row in rows.values()} == {"human"}
    assert translate_jobs(callbacks) == []  # nothing for a machine to do


def test_an_edited_phrase_is_an_ordinary_message(es_buyer, it_listing, it_seller):
    message = start(es_buyer, it_listing)
    edited = phrasebook()["ships_two_days"]["it"] + " Grazie mille!"
    reply = messaging.message_send(
        it_seller.user, conversation_id=message.conversation_id, body=edited, phrase_key="ships_two_days"
    )
    assert reply.phrase_key == "" and not reply.translations.exists()


def test_the_phrasebook_has_at_least_twelve_answers_in_every_language(settings):
    book = phrasebook()
    assert len(book) >= 12
    codes = {code for code, _name in settings.LANGUAGES}
    for key, texts in book.items():
        assert set(texts) == codes, key
        assert all(text.strip() for text in texts.values()), key
        assert len(set(texts.values())) == len(codes), key  # really translated, not copied
    assert dict(phrases_in("it"))["thank_you"] == book["thank_you"]["it"]


# --- unread state and the email ---------------------------------------------------------------------------


def test_unread_counts_and_mark_read(es_buyer, it_listing, it_seller):
    message = start(es_buyer, it_listing)
    messaging.message_send(es_buyer, conversation_id=message.conversation_id, body="¿Hay otros colores?")

    assert unread_messages_count(it_seller.user) == 2
    assert unread_messages_count(es_buyer) == 0
    assert conversations_for_seller(it_seller, language="it").get().unread == 2

    assert messaging.conversation_mark_read(it_seller.user, conversation_id=message.conversation_id) == 2
    assert messaging.conversation_mark_read(it_seller.user, conversation_id=message.conversation_id) == 0
    assert unread_messages_count(it_seller.user) == 0

    messaging.message_send(it_seller.user, conversation_id=message.conversation_id, body=ITALIAN)
    assert unread_messages_count(es_buyer) == 1
    # Marking read is for the reader: the sender's own message stays unread for the other side.
    assert messaging.conversation_mark_read(it_seller.user, conversation_id=message.conversation_id) == 0
    assert unread_messages_count(es_buyer) == 1


def test_mark_read_by_a_stranger_is_not_found(es_buyer, it_listing, third_user):
    message = start(es_buyer, it_listing)
    with pytest.raises(NotFound):
        messaging.conversation_mark_read(third_user, conversation_id=message.conversation_id)


def test_unread_messages_are_mailed_once_in_one_batched_email(es_buyer, it_listing, it_seller, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = start(es_buyer, it_listing)
    messaging.message_send(es_buyer, conversation_id=message.conversation_id, body="¿Hay otros colores?")
    later = timezone.now() + timezone.timedelta(minutes=settings.CARAVAN_MESSAGE_EMAIL_DELAY_MINUTES + 1)

    assert messaging.messages_unread_notify(now=timezone.now()) == 0  # too fresh: they may still be read
    assert messaging.messages_unread_notify(now=later) == 1
    assert messaging.messages_unread_notify(now=later) == 0  # replayed: nobody is mailed twice

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [it_seller.user.email]
    assert "2" in email.subject
    assert f"/seller/messages/{message.conversation_id}/" in email.body
    assert Message.objects.filter(notified_at__isnull=True).count() == 0


def test_a_message_read_before_the_batch_is_not_mailed(es_buyer, it_listing, it_seller, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = start(es_buyer, it_listing)
    messaging.conversation_mark_read(it_seller.user, conversation_id=message.conversation_id)
    later = timezone.now() + timezone.timedelta(hours=1)
    assert messaging.messages_unread_notify(now=later) == 0
    assert mail.outbox == []


def test_each_person_gets_one_email_listing_their_conversations(
    make_listing, make_seller, es_buyer, it_seller, settings
):
    from tests.factories import UserFactory

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    es_store = make_seller(status="approved", country="ES", user=UserFactory(language="es"))
    to_it = start(es_buyer, make_listing(seller=it_seller))
    to_es = start(es_buyer, make_listing(seller=es_store))
    messaging.message_send(it_seller.user, conversation_id=to_it.conversation_id, body=ITALIAN)
    messaging.message_send(es_store.user, conversation_id=to_es.conversation_id, body="Sí, tenemos la talla M.")
    later = timezone.now() + timezone.timedelta(hours=1)

    assert messaging.messages_unread_notify(now=later) == 3  # the buyer once, each store once
    to_buyer = [m for m in mail.outbox if m.to == [es_buyer.email]]
    assert len(to_buyer) == 1
    assert it_seller.store_name in to_buyer[0].body and es_store.store_name in to_buyer[0].body


# --- rate limit -------------------------------------------------------------------------------------------


def test_the_twenty_first_message_in_a_minute_is_refused(es_buyer, it_listing, settings):
    assert settings.CARAVAN_MESSAGE_RATE_PER_MINUTE == 20
    message = start(es_buyer, it_listing)
    for n in range(19):
        messaging.message_send(es_buyer, conversation_id=message.conversation_id, body=f"Mensaje número {n}")
    with pytest.raises(messaging.RateLimited) as exc:
        messaging.message_send(es_buyer, conversation_id=message.conversation_id, body="Uno más")
    assert exc.value.status_code == 429
    assert "20" in exc.value.message
    assert Message.objects.count() == 20


def test_refused_messages_do_not_count_against_the_rate_limit(es_buyer, it_listing):
    message = start(es_buyer, it_listing)
    for _attempt in range(25):
        with pytest.raises(DomainError):
            messaging.message_send(es_buyer, conversation_id=message.conversation_id, body="   ")
    for n in range(19):  # the first message was the 1st of twenty
        messaging.message_send(es_buyer, conversation_id=message.conversation_id, body=f"Mensaje número {n}")
    with pytest.raises(messaging.RateLimited):
        messaging.message_send(es_buyer, conversation_id=message.conversation_id, body="Uno más")


# --- a store that is not approved -------------------------------------------------------------------------


def test_a_suspended_store_reads_but_cannot_write(es_buyer, it_listing, it_seller, vetting_officer):
    from sellers.services import seller_reinstate, seller_suspend

    message = start(es_buyer, it_listing)
    seller_suspend(seller_id=it_seller.pk, actor=vetting_officer, reason="Counterfeit goods reported")

    with pytest.raises(NotPermitted):
        messaging.message_send(it_seller.user, conversation_id=message.conversation_id, body="Sì, è disponibile.")
    assert messaging.conversation_mark_read(it_seller.user, conversation_id=message.conversation_id) == 1
    messaging.message_send(es_buyer, conversation_id=message.conversation_id, body="¿Hola? ¿Sigue disponible?")
    assert Message.objects.count() == 2  # the buyer may still write; the store may not answer

    seller_reinstate(seller_id=it_seller.pk, actor=vetting_officer, reason="Documents checked")
    messaging.message_send(it_seller.user, conversation_id=message.conversation_id, body="Sì, è disponibile.")
    assert Message.objects.count() == 3
