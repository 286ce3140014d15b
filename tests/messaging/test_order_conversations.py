# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Messages in context: the conversation about one order, between its buyer and
its store. Started from either order page (idempotent, one per order, race-safe),
shown with an order card in the reader's language, reachable by the API with
`order_id`; anyone else is told the order does not exist."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from rest_framework.test import APIClient

from listings.services import VariantInput
from marketplace.errors import NotFound, NotPermitted
from messaging import services as messaging
from messaging.models import Conversation, Message
from messaging.selectors import conversation_existing
from orders.models import Order
from tests.factories import UserFactory
from tests.orders.completion_helpers import paid_order
from tests.orders.conftest import make_buyer

from .messaging_fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limits,
    approved_seller,
    leaf_category,
    make_listing,
)

QUESTION = "Hello, when will my order ship? I need it before Friday."
ANSWER = "We ship tomorrow morning, with tracking."


@pytest.fixture
def dress(make_listing):
    return make_listing(
        title="Long summer chiffon dress",
        variants=[VariantInput(sku="DRESS-RED-M", options={"colour": "Red"}, stock=20)],
    )


@pytest.fixture
def scarf(make_listing):
    return make_listing(title="Silk scarf", variants=[VariantInput(sku="SCARF-1", options={}, stock=20)])


@pytest.fixture
def buyer(db):
    return make_buyer(email="ana@example.com", language="en")


@pytest.fixture
def order(buyer, dress) -> Order:
    return paid_order(buyer, (dress, 2))


@pytest.fixture
def seller_user(order):
    return order.seller.user


@pytest.fixture
def other_buyer(db):
    return make_buyer(email="other@example.com", language="en")


@pytest.fixture
def other_store(make_seller):
    return make_seller(status="approved", country="TR", user=UserFactory(language="en"))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def buyer_start_url(order) -> str:
    return reverse("messaging:order_conversation", kwargs={"order_id": order.pk})


def seller_start_url(order) -> str:
    return reverse("messaging:seller_order_conversation", kwargs={"order_id": order.pk})


# --- services -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_the_order_conversation_is_idempotent_and_shared_by_both_sides(order, buyer, seller_user):
    first = messaging.conversation_for_order_open(buyer, order_id=order.pk)
    again = messaging.conversation_for_order_open(buyer, order_id=order.pk)
    from_the_store = messaging.conversation_for_order_open(seller_user, order_id=order.pk)
    assert first.pk == again.pk == from_the_store.pk
    conversation = Conversation.objects.get()
    assert (conversation.order_id, conversation.buyer_id, conversation.seller_id) == (
        order.pk,
        order.buyer_id,
        order.seller_id,
    )
    assert not conversation.messages.exists()  # opening sends nothing


@pytest.mark.django_db
def test_each_order_has_its_own_thread_beside_the_general_one(order, buyer, dress):
    general = messaging.conversation_start(buyer, body=QUESTION, listing_id=dress.pk).conversation
    about_order = messaging.conversation_start(buyer, body=QUESTION, order_id=order.pk).conversation
    second_order = paid_order(buyer, (dress, 1))
    about_second = messaging.conversation_start(buyer, body=QUESTION, order_id=second_order.pk).conversation
    again = messaging.conversation_start(buyer, body="And the colour?", order_id=order.pk).conversation

    assert len({general.pk, about_order.pk, about_second.pk}) == 3
    assert again.pk == about_order.pk and about_order.messages.count() == 2
    assert general.order_id is None and about_second.order_id == second_order.pk
    # "Contact seller" still finds the general thread, never an order's.
    assert conversation_existing(buyer, dress.seller_id).pk == general.pk
    assert messaging.conversation_start(buyer, body="Hi", listing_id=dress.pk).conversation_id == general.pk


@pytest.mark.django_db
def test_the_database_holds_one_conversation_per_order(order):
    values = {"buyer_id": order.buyer_id, "seller_id": order.seller_id, "order": order,
              "last_message_at": timezone.now()}  # fmt: skip
    Conversation.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(**values)


@pytest.mark.django_db
def test_the_store_writes_first_and_the_message_is_translated_for_the_buyer(
    order, seller_user, django_capture_on_commit_callbacks
):
    order.buyer.language = "es"
    order.buyer.save(update_fields=["language"])
    with django_capture_on_commit_callbacks() as callbacks:
        message = messaging.conversation_start(seller_user, body=ANSWER, order_id=order.pk)
    assert message.sender_id == seller_user.pk and message.conversation.order_id == order.pk
    assert callbacks  # the translation job for the buyer's language is queued on commit


@pytest.mark.django_db
def test_nobody_else_opens_or_writes_in_an_order_conversation(order, other_buyer, other_store):
    for stranger in (other_buyer, other_store.user):
        with pytest.raises(NotFound) as error:
            messaging.conversation_for_order_open(stranger, order_id=order.pk)
        assert error.value.field == "order_id"
        with pytest.raises(NotFound):
            messaging.conversation_start(stranger, body=QUESTION, order_id=order.pk)
    with pytest.raises(NotFound):
        messaging.conversation_for_order_open(other_buyer, order_id=order.pk + 10_000)
    assert not Conversation.objects.exists() and not Message.objects.exists()


@pytest.mark.django_db
def test_a_suspended_store_cannot_write_about_an_order(order, seller_user):
    order.seller.status = "suspended"
    order.seller.save(update_fields=["status"])
    with pytest.raises(NotPermitted):
        messaging.conversation_start(seller_user, body=ANSWER, order_id=order.pk)
    assert not Message.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_buyer_and_store_opening_at_once_share_one_conversation(order, buyer, seller_user):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def open_as(user):
        try:
            barrier.wait(timeout=10)
            results.append(messaging.conversation_for_order_open(user, order_id=order.pk).pk)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_as, args=(user,)) for user in (buyer, seller_user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 2 and len(set(results)) == 1
    assert Conversation.objects.filter(order=order).count() == 1


# --- pages ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_both_order_pages_link_to_this_orders_conversation(order, buyer, seller_user):
    buyer_page = client_for(buyer).get(reverse("orders:detail", kwargs={"pk": order.pk})).content.decode()
    assert f'href="{buyer_start_url(order)}"' in buyer_page and 'data-testid="order-message-seller"' in buyer_page
    seller_page = client_for(seller_user).get(reverse("orders:seller_detail", kwargs={"pk": order.pk}))
    assert seller_page.status_code == 200
    html = seller_page.content.decode()
    assert f'href="{seller_start_url(order)}"' in html and 'data-testid="order-message-buyer"' in html


@pytest.mark.django_db
def test_the_buyer_starts_from_the_order_and_comes_back_to_the_same_conversation(order, buyer):
    client = client_for(buyer)
    start = client.get(buyer_start_url(order))
    assert start.status_code == 200
    assert 'data-testid="conversation-order"' in start.content.decode()
    assert not Conversation.objects.exists()  # looking is not writing

    sent = client.post(buyer_start_url(order), {"body": QUESTION})
    conversation = Conversation.objects.get()
    assert conversation.order_id == order.pk
    assert sent.status_code == 302 and sent.url == reverse("messaging:conversation", kwargs={"pk": conversation.pk})
    again = client.get(buyer_start_url(order))
    assert again.status_code == 302 and again.url == sent.url

    empty = client.post(buyer_start_url(order), {"body": "  "})
    assert empty.status_code == 400 and conversation.messages.count() == 1


@pytest.mark.django_db
def test_the_conversation_shows_the_order_card_to_each_side_in_their_language(order, buyer, seller_user):
    seller_user.language = "it"
    seller_user.save(update_fields=["language"])
    conversation = messaging.conversation_start(buyer, body=QUESTION, order_id=order.pk).conversation
    line = order.lines.get()

    buyer_view = client_for(buyer).get(reverse("messaging:conversation", kwargs={"pk": conversation.pk}))
    html = buyer_view.content.decode()
    assert 'data-testid="conversation-order"' in html and order.number in html
    with translation.override("en"):
        assert escape(order.get_status_display()) in html
    assert escape(line.title_buyer) in html
    assert f'href="{reverse("orders:detail", kwargs={"pk": order.pk})}"' in html

    # The store reaches it from its order page, and reads the card in Italian.
    found = client_for(seller_user).get(seller_start_url(order))
    assert found.status_code == 302
    assert found.url == reverse("messaging:seller_conversation", kwargs={"pk": conversation.pk})
    html = client_for(seller_user).get(found.url).content.decode()
    with translation.override("it"):
        italian_status = escape(order.get_status_display())
    with translation.override("en"):
        assert italian_status != escape(order.get_status_display())  # the catalogue translates it
    assert 'data-testid="conversation-order"' in html and order.number in html and italian_status in html
    assert escape(line.title) in html
    assert f'href="{reverse("orders:seller_detail", kwargs={"pk": order.pk})}"' in html


@pytest.mark.django_db
def test_the_inboxes_name_the_order(order, buyer, seller_user):
    messaging.conversation_start(buyer, body=QUESTION, order_id=order.pk)
    for client, url in ((client_for(buyer), "messaging:inbox"), (client_for(seller_user), "messaging:seller_inbox")):
        html = client.get(reverse(url)).content.decode()
        assert 'data-testid="conversation-row-order"' in html and order.number in html


@pytest.mark.django_db
def test_strangers_get_404_on_every_order_conversation_page(order, buyer, seller_user, other_buyer, other_store):
    conversation = messaging.conversation_start(buyer, body=QUESTION, order_id=order.pk).conversation
    stranger, other_seller = client_for(other_buyer), client_for(other_store.user)
    for client in (stranger, other_seller):
        assert client.get(buyer_start_url(order)).status_code == 404
        assert client.post(buyer_start_url(order), {"body": "Hi"}).status_code == 404
        assert client.get(reverse("messaging:conversation", kwargs={"pk": conversation.pk})).status_code == 404
    assert other_seller.get(seller_start_url(order)).status_code == 404
    assert other_seller.post(seller_start_url(order), {"body": "Hi"}).status_code == 404
    no_order = reverse("messaging:order_conversation", kwargs={"order_id": order.pk + 10_000})
    assert stranger.get(no_order).status_code == 404
    # The store is not the buyer: the buyer's page for the order is not its page (nor the reverse).
    assert client_for(seller_user).get(buyer_start_url(order)).status_code == 404
    assert client_for(buyer).get(seller_start_url(order)).status_code != 200
    assert conversation.messages.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 20])
def test_the_order_conversation_pages_have_bounded_queries(
    n, buyer, dress, scarf, seller_user, django_assert_max_num_queries
):
    order = paid_order(buyer, (dress, 1), (scarf, 3))
    assert order.lines.count() == 2
    conversation = messaging.conversation_start(buyer, body=QUESTION, order_id=order.pk).conversation
    for i in range(n):
        sender = seller_user if i % 2 else buyer
        messaging.message_send(sender, conversation_id=conversation.pk, body=f"Message number {i}")
    for client, url in (
        (client_for(buyer), reverse("messaging:conversation", kwargs={"pk": conversation.pk})),
        (client_for(seller_user), reverse("messaging:seller_conversation", kwargs={"pk": conversation.pk})),
    ):
        with django_assert_max_num_queries(17):
            response = client.get(url)
        html = response.content.decode()
        assert html.count('data-testid="message"') == n + 1
        assert html.count('data-testid="conversation-order-item"') == 2


# --- API ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_starts_the_order_conversation_from_either_side(order, buyer, seller_user, dress):
    url = reverse("api-conversations")
    by_buyer = api(buyer).post(url, {"order_id": order.pk, "body": QUESTION}, format="json")
    assert by_buyer.status_code == 201, by_buyer.json()
    data = by_buyer.json()
    assert data["order"] == {"id": order.pk, "number": order.number, "status": "paid"}
    assert data["role"] == "buyer"
    by_store = api(seller_user).post(url, {"order_id": order.pk, "body": ANSWER}, format="json")
    assert by_store.status_code == 201 and by_store.json()["id"] == data["id"] and by_store.json()["role"] == "seller"

    detail = api(buyer).get(reverse("api-conversation", kwargs={"conversation_id": data["id"]})).json()
    assert detail["order"]["number"] == order.number
    messaging.conversation_start(buyer, body=QUESTION, listing_id=dress.pk)
    listed = {row["id"]: row["order"] for row in api(buyer).get(url).json()["results"]}
    assert listed[data["id"]]["id"] == order.pk and [v for k, v in listed.items() if k != data["id"]] == [None]


@pytest.mark.django_db
def test_the_api_refuses_an_order_that_is_not_yours_naming_the_field(order, other_buyer, other_store, dress):
    url = reverse("api-conversations")
    for user, order_id in ((other_buyer, order.pk), (other_store.user, order.pk), (other_buyer, order.pk + 10_000)):
        response = api(user).post(url, {"order_id": order_id, "body": QUESTION}, format="json")
        assert response.status_code == 404
        assert "order_id" in response.json()["error"]["fields"]
    both = api(order.buyer).post(url, {"order_id": order.pk, "listing_id": dress.pk, "body": "x"}, format="json")
    assert both.status_code == 400 and "order_id" in both.json()["error"]["fields"]
    not_a_number = api(order.buyer).post(url, {"order_id": "abc", "body": "x"}, format="json")
    assert not_a_number.status_code == 400 and "order_id" in not_a_number.json()["error"]["fields"]
    assert not Conversation.objects.exists()
