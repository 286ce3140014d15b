# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Messaging pages: contact seller, the buyer's and the seller's conversation
pages (translation with the original one click away, translating…, the poll),
unread counts in the header and the seller centre, attachments, the rate
limit page, permissions and bounded queries."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from messaging import services as messaging
from messaging.models import Conversation, Message, MessageTranslation
from messaging.phrasebook import phrasebook

from .messaging_fixtures import (  # noqa: F401 (fixtures)
    ITALIAN,
    SPANISH,
    _fresh_rate_limits,
    approved_seller,
    conversation_reader,
    es_buyer,
    fake_jpeg_upload,
    it_listing,
    it_seller,
    leaf_category,
    make_listing,
    other_seller,
    png_upload,
    third_user,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def conversation(es_buyer, it_listing) -> Conversation:
    return messaging.conversation_start(es_buyer, body=SPANISH, listing_id=it_listing.pk).conversation


def page_url(conversation) -> str:
    return reverse("messaging:conversation", kwargs={"pk": conversation.pk})


def seller_url(conversation) -> str:
    return reverse("messaging:seller_conversation", kwargs={"pk": conversation.pk})


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- contact seller --------------------------------------------------------------------------------------


def test_the_listing_page_has_a_contact_seller_link_the_same_for_everyone(client, it_listing, es_buyer):
    anonymous = client.get(reverse("listings:detail", kwargs={"pk": it_listing.pk})).content.decode()
    start = reverse("messaging:start") + f"?listing={it_listing.pk}"
    assert f'href="{start}"' in anonymous
    logged_in = client_for(es_buyer).get(reverse("listings:detail", kwargs={"pk": it_listing.pk})).content.decode()
    assert f'href="{start}"' in logged_in


def test_anonymous_contact_seller_logs_in_first(client, it_listing):
    url = reverse("messaging:start") + f"?listing={it_listing.pk}"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


def test_a_buyer_contacts_the_seller_from_a_listing(es_buyer, it_listing, it_seller):
    client = client_for(es_buyer)
    url = reverse("messaging:start") + f"?listing={it_listing.pk}"
    assert client.get(url).status_code == 200

    response = client.post(reverse("messaging:start"), {"listing": it_listing.pk, "body": SPANISH})

    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == page_url(conversation)
    assert (conversation.buyer, conversation.seller, conversation.listing) == (es_buyer, it_seller, it_listing)
    page = client.get(page_url(conversation)).content.decode()
    assert "¿este vestido está disponible" in page
    assert it_listing.title in page  # the listing in context


def test_a_buyer_contacts_the_seller_from_the_store_page(client, es_buyer, it_seller):
    store = client_for(es_buyer).get(reverse("listings:store", kwargs={"slug": it_seller.slug})).content.decode()
    assert f"?store={it_seller.slug}" in store
    response = client_for(es_buyer).post(reverse("messaging:start"), {"store": it_seller.slug, "body": SPANISH})
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.listing is None and conversation.seller == it_seller


def test_an_empty_first_message_is_a_form_error(es_buyer, it_listing):
    response = client_for(es_buyer).post(reverse("messaging:start"), {"listing": it_listing.pk, "body": " "})
    assert response.status_code == 400
    assert in_language("es", "Write a message or attach an image.") in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_seller_is_not_offered_to_write_to_their_own_store(it_seller, it_listing):
    client = client_for(it_seller.user)
    page = client.get(reverse("messaging:start") + f"?listing={it_listing.pk}").content.decode()
    assert 'data-testid="own-store"' in page and 'data-testid="start-form"' not in page
    client.post(reverse("messaging:start"), {"listing": it_listing.pk, "body": "Ciao"})
    assert not Conversation.objects.exists()


def test_contact_for_a_draft_listing_is_not_found(es_buyer, make_listing, it_seller):
    draft = make_listing(seller=it_seller, publish=False)
    assert client_for(es_buyer).get(reverse("messaging:start") + f"?listing={draft.pk}").status_code == 404


# --- reading: translation, original, translating…, the poll ----------------------------------------------


def test_the_seller_sees_translating_then_the_italian_with_the_spanish_original(conversation, it_seller, settings):
    client = client_for(it_seller.user)
    page = client.get(seller_url(conversation)).content.decode()
    assert 'data-testid="translating"' in page
    assert "¿este vestido está disponible" in page  # the original, meanwhile
    assert f'hx-get="{reverse("messaging:thread", kwargs={"pk": conversation.pk})}?state=' in page
    assert f'hx-trigger="every {settings.CARAVAN_MESSAGE_POLL_SECONDS}s"' in page

    state = re.search(r'data-state="([^"]+)"', page).group(1)
    thread_url = reverse("messaging:thread", kwargs={"pk": conversation.pk})
    assert client.get(thread_url, {"state": state}).status_code == 204  # nothing new

    message = conversation.messages.get()
    messaging.message_translation_refresh(message_id=message.pk, language="it")
    fragment = client.get(thread_url, {"state": state})
    assert fragment.status_code == 200
    html = fragment.content.decode()
    italian = MessageTranslation.objects.get(message=message, language="it").text
    shown = re.search(r'data-testid="message-text"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert shown.strip() == italian.replace("'", "&#x27;")
    assert 'data-testid="translation-note"' in html and 'data-testid="show-original"' in html
    original = re.search(r'data-testid="original-text">(.*?)</p>', html, re.S).group(1)
    assert "¿este vestido está disponible" in original
    assert "<details" in html  # the original is one click away


def test_the_reader_gets_a_job_for_their_viewing_language(
    conversation, es_buyer, it_seller, django_capture_on_commit_callbacks
):
    from .test_services import translate_jobs

    reply = messaging.message_send(it_seller.user, conversation_id=conversation.pk, body=ITALIAN)
    es_buyer.language = "fr"  # the buyer now reads in French
    es_buyer.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_for(es_buyer).get(page_url(conversation))
    assert {"message_id": reply.pk, "language": "fr"} in translate_jobs(callbacks)


def test_messages_are_escaped(es_buyer, it_listing, it_seller):
    message = messaging.conversation_start(
        es_buyer, body="<script>alert('x')</script> hola amigo como estas", listing_id=it_listing.pk
    )
    page = client_for(es_buyer).get(page_url(message.conversation)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_an_untranslatable_message_says_not_translated_yet(it_listing, it_seller):
    from tests.factories import UserFactory

    ru_buyer = UserFactory(language="ru")
    message = messaging.conversation_start(
        ru_buyer, body="Здравствуйте! Какой размер мне выбрать?", listing_id=it_listing.pk
    )
    messaging.message_translation_refresh(message_id=message.pk, language="it")
    page = client_for(it_seller.user).get(seller_url(message.conversation)).content.decode()
    with translation.override("it"):
        russian = str(translation.get_language_info("ru")["name_translated"])
        note = translation.gettext("Written in %(language)s · not translated yet") % {"language": russian}
    assert 'data-testid="not-translated"' in page and note in page


def test_the_seller_replies_with_a_phrase_and_the_buyer_reads_our_spanish(conversation, es_buyer, it_seller):
    client = client_for(it_seller.user)
    page = client.get(seller_url(conversation)).content.decode()
    assert 'data-phrase="ships_two_days"' in page
    assert phrasebook()["ships_two_days"]["it"] in page  # offered in the seller's language

    italian = phrasebook()["ships_two_days"]["it"]
    response = client.post(seller_url(conversation), {"body": italian, "phrase_key": "ships_two_days"})
    assert response.status_code == 302

    buyer_page = client_for(es_buyer).get(page_url(conversation)).content.decode()
    assert phrasebook()["ships_two_days"]["es"] in buyer_page
    assert MessageTranslation.objects.filter(kind="human", language="es").exists()


def test_a_seller_is_sent_from_the_buyer_page_to_the_seller_centre(conversation, it_seller):
    response = client_for(it_seller.user).get(page_url(conversation))
    assert response.status_code == 302 and response["Location"] == seller_url(conversation)


# --- unread counts -------------------------------------------------------------------------------------------


def test_unread_counts_in_the_header_the_inboxes_and_the_seller_centre(conversation, es_buyer, it_seller):
    messaging.message_send(es_buyer, conversation_id=conversation.pk, body="¿Y en azul?")
    seller_client = client_for(it_seller.user)

    home = seller_client.get(reverse("home")).content.decode()
    assert re.search(r'data-testid="header-unread">\s*2\s*<', home)
    dashboard = seller_client.get(reverse("sellers:dashboard")).content.decode()
    assert re.search(r'data-testid="nav-unread">\s*2\s*<', dashboard)
    assert 'data-testid="dashboard-unread"' in dashboard
    inbox = seller_client.get(reverse("messaging:seller_inbox")).content.decode()
    assert re.search(r'data-testid="unread">\s*2\s*<', inbox)

    seller_client.get(seller_url(conversation))  # reading marks read
    home = seller_client.get(reverse("home")).content.decode()
    assert 'data-testid="header-unread"' not in home
    assert Message.objects.filter(read_at__isnull=True).count() == 0


def test_the_header_count_is_per_user_on_cached_pages(conversation, it_seller, it_listing, es_buyer, client):
    url = reverse("listings:detail", kwargs={"pk": it_listing.pk})
    seller_page = client_for(it_seller.user).get(url).content.decode()
    buyer_page = client_for(es_buyer).get(url).content.decode()
    anonymous = client.get(url).content.decode()
    assert 'data-testid="header-unread"' in seller_page
    assert 'data-testid="header-unread"' not in buyer_page and 'data-testid="header-messages"' not in anonymous


def test_the_buyers_inbox_lists_conversations_with_unread_counts(conversation, es_buyer, it_seller):
    messaging.message_send(it_seller.user, conversation_id=conversation.pk, body=ITALIAN)
    page = client_for(es_buyer).get(reverse("messaging:inbox")).content.decode()
    assert it_seller.store_name in page
    assert re.search(r'data-testid="unread">\s*1\s*<', page)
    assert page_url(conversation) in page


# --- attachments -------------------------------------------------------------------------------------------


def test_an_image_is_sent_and_served_to_the_parties_only(
    conversation, es_buyer, it_seller, third_user, other_seller, conversation_reader, client
):
    response = client_for(es_buyer).post(page_url(conversation), {"body": "", "image": png_upload()})
    assert response.status_code == 302
    message = Message.objects.exclude(image="").get()
    url = reverse("messaging:attachment", kwargs={"message_id": message.pk})

    for reader in (es_buyer, it_seller.user, conversation_reader):
        served = client_for(reader).get(url)
        assert served.status_code == 200 and served["Content-Type"] == "image/png"
        assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    for intruder in (third_user, other_seller.user):
        assert client_for(intruder).get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_a_fake_image_is_a_form_error(conversation, es_buyer):
    response = client_for(es_buyer).post(page_url(conversation), {"body": "mire", "image": fake_jpeg_upload()})
    assert response.status_code == 400
    assert 'data-testid="image-error"' in response.content.decode()
    assert conversation.messages.count() == 1


# --- rate limit --------------------------------------------------------------------------------------------


def test_the_21st_message_in_a_minute_gets_a_429_page(conversation, es_buyer):
    client = client_for(es_buyer)
    for n in range(19):  # the first message was the 1st
        assert client.post(page_url(conversation), {"body": f"Mensaje {n}"}).status_code == 302
    response = client.post(page_url(conversation), {"body": "Uno más"})
    assert response.status_code == 429
    message = "You are sending messages too fast: at most %(limit)s a minute. Please wait a moment and try again."
    assert in_language("es", message) % {"limit": 20} in response.content.decode()
    assert conversation.messages.count() == 20


# --- permissions ------------------------------------------------------------------------------------------


def test_strangers_get_404_on_every_conversation_page(conversation, third_user, other_seller):
    urls = [
        page_url(conversation),
        reverse("messaging:thread", kwargs={"pk": conversation.pk}),
    ]
    for intruder in (third_user, other_seller.user):
        client = client_for(intruder)
        for url in urls:
            assert client.get(url).status_code == 404, (intruder, url)
        assert client.post(page_url(conversation), {"body": "hola"}).status_code == 404
    # another store's seller centre does not show it either
    assert client_for(other_seller.user).get(seller_url(conversation)).status_code == 404
    assert client_for(other_seller.user).post(seller_url(conversation), {"body": "hola"}).status_code == 404
    assert conversation.messages.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(conversation, client):
    for url in (page_url(conversation), seller_url(conversation), reverse("messaging:inbox")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_the_buyer_cannot_open_the_seller_centre_page(conversation, es_buyer):
    # Not a seller: the seller centre sends them to apply; never the conversation.
    response = client_for(es_buyer).get(seller_url(conversation))
    assert response.status_code in (302, 403, 404)
    assert "¿este vestido" not in response.content.decode()


def test_staff_with_the_permission_may_read_but_not_write(conversation, conversation_reader):
    from tests.factories import UserFactory

    client = client_for(conversation_reader)
    page = client.get(page_url(conversation))
    assert page.status_code == 200 and "¿este vestido" in page.content.decode()
    assert 'data-testid="send-form"' not in page.content.decode()
    assert client.post(page_url(conversation), {"body": "hola"}).status_code == 404
    assert Message.objects.filter(read_at__isnull=False).count() == 0  # staff reading marks nothing
    plain_staff = client_for(UserFactory(is_staff=True))
    assert plain_staff.get(page_url(conversation)).status_code == 404


# --- bounded queries ------------------------------------------------------------------------------------


def _conversations(n, it_seller, make_listing):
    from tests.factories import UserFactory

    listing = make_listing(seller=it_seller)
    for _ in range(n):
        messaging.conversation_start(UserFactory(language="es"), body=SPANISH, listing_id=listing.pk)


@pytest.mark.parametrize("n", [1, 20])
def test_the_seller_inbox_has_bounded_queries(n, it_seller, make_listing, django_assert_max_num_queries):
    _conversations(n, it_seller, make_listing)
    client = client_for(it_seller.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("messaging:seller_inbox"))
    assert response.content.decode().count('data-testid="conversation-row"') == n


@pytest.mark.parametrize("n", [1, 20])
def test_the_buyer_inbox_has_bounded_queries(n, es_buyer, make_seller, make_listing, django_assert_max_num_queries):
    from tests.factories import UserFactory

    for _ in range(n):
        store = make_seller(status="approved", country="IT", user=UserFactory(language="it"))
        messaging.conversation_start(es_buyer, body=SPANISH, seller_id=store.pk)
    client = client_for(es_buyer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("messaging:inbox"))
    assert response.content.decode().count('data-testid="conversation-row"') == n


@pytest.mark.parametrize("n", [1, 20])
def test_the_conversation_pages_have_bounded_queries(
    n, conversation, es_buyer, it_seller, django_assert_max_num_queries
):
    for i in range(n):
        sender = it_seller.user if i % 2 else es_buyer
        messaging.message_send(sender, conversation_id=conversation.pk, body=f"Mensaje número {i}")
    for client, url in (
        (client_for(es_buyer), page_url(conversation)),
        (client_for(it_seller.user), seller_url(conversation)),
    ):
        with django_assert_max_num_queries(16):
            response = client.get(url)
        assert response.content.decode().count('data-testid="message"') == n + 1


def test_the_admin_shows_conversations_read_only_to_permitted_staff(conversation, conversation_reader):
    from tests.factories import UserFactory

    changelist = reverse("admin:messaging_conversation_changelist")
    change = reverse("admin:messaging_conversation_change", args=[conversation.pk])
    message = reverse("admin:messaging_message_change", args=[conversation.messages.get().pk])
    client = client_for(conversation_reader)
    assert client.get(changelist).status_code == 200
    page = client.get(change)
    assert page.status_code == 200 and "¿este vestido" in page.content.decode()
    assert client.get(message).status_code == 200
    assert client.post(change, {}).status_code == 403  # read-only
    assert client_for(UserFactory(is_staff=True)).get(changelist).status_code == 403


def in_language(language: str, message: str) -> str:
    """`message` as a reader in `language` sees it (the catalogue's translation, HTML-escaped as the page shows it)."""
    from django.utils.html import escape

    with translation.override(language):
        return escape(translation.gettext(message))
