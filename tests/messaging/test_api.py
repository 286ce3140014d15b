# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""The messaging API: list/start conversations, read one, list/send messages
(with the reader's translation), mark read; 429 on the rate limit; strangers
get 404 and anonymous callers 401."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from messaging import services as messaging
from messaging.models import Conversation, Message
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


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def conversation(es_buyer, it_listing) -> Conversation:
    return messaging.conversation_start(es_buyer, body=SPANISH, listing_id=it_listing.pk).conversation


def urls(conversation) -> dict[str, str]:
    kwargs = {"conversation_id": conversation.pk}
    return {
        "detail": reverse("api-conversation", kwargs=kwargs),
        "messages": reverse("api-conversation-messages", kwargs=kwargs),
        "read": reverse("api-conversation-read", kwargs=kwargs),
    }


def test_a_buyer_starts_a_conversation_about_a_listing(es_buyer, it_listing, it_seller):
    response = api(es_buyer).post(
        reverse("api-conversations"), {"listing_id": it_listing.pk, "body": SPANISH}, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["role"] == "buyer" and data["seller_slug"] == it_seller.slug and data["listing_id"] == it_listing.pk
    again = api(es_buyer).post(
        reverse("api-conversations"), {"seller_slug": it_seller.slug, "body": "¿Y en azul?"}, format="json"
    )
    assert again.status_code == 201 and again.json()["id"] == data["id"]
    assert Conversation.objects.count() == 1 and Message.objects.count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"body": SPANISH}, "seller_slug"), ({"listing_id": 999999, "body": SPANISH}, "listing"),
     ({"seller_slug": "nobody", "body": SPANISH}, "seller")],
)  # fmt: skip
def test_a_bad_start_names_the_field(es_buyer, payload, field):
    response = api(es_buyer).post(reverse("api-conversations"), payload, format="json")
    assert response.status_code in (400, 404)
    assert field in response.json()["error"]["fields"]
    assert not Conversation.objects.exists()


def test_an_empty_first_message_is_400(es_buyer, it_listing):
    response = api(es_buyer).post(
        reverse("api-conversations"), {"listing_id": it_listing.pk, "body": ""}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"body": ["Write a message or attach an image."]}


def test_the_seller_lists_reads_and_sees_the_translation(conversation, it_seller):
    client = api(it_seller.user)
    listed = client.get(reverse("api-conversations")).json()
    assert listed["count"] == 1
    assert listed["results"][0]["unread"] == 1 and listed["results"][0]["role"] == "seller"

    first = client.get(urls(conversation)["messages"]).json()
    assert first[0]["translation_status"] == "pending" and first[0]["translation"] is None
    assert first[0]["body"] == SPANISH and first[0]["language"] == "es"

    message = conversation.messages.get()
    messaging.message_translation_refresh(message_id=message.pk, language="it")
    data = client.get(urls(conversation)["messages"]).json()[0]
    assert data["translation_status"] == "translated"
    assert data["translation"]["language"] == "it"
    assert data["translation"]["engine"] == "apertium" and data["translation"]["kind"] == "machine"
    assert data["translation"]["text"] and data["translation"]["text"] != SPANISH
    assert data["body"] == SPANISH  # the original is always there

    detail = client.get(urls(conversation)["detail"]).json()
    assert detail["id"] == conversation.pk and detail["unread"] == 1
    assert client.post(urls(conversation)["read"]).json() == {"marked": 1}
    assert client.get(urls(conversation)["detail"]).json()["unread"] == 0


def test_the_seller_replies_with_a_phrase(conversation, es_buyer, it_seller):
    italian = phrasebook()["thank_you"]["it"]
    response = api(it_seller.user).post(
        urls(conversation)["messages"], {"body": italian, "phrase_key": "thank_you"}, format="json"
    )
    assert response.status_code == 201 and response.json()["from_me"] is True
    data = api(es_buyer).get(urls(conversation)["messages"]).json()[-1]
    assert data["translation"]["text"] == phrasebook()["thank_you"]["es"]
    assert (data["translation"]["kind"], data["translation"]["engine"]) == ("human", "phrasebook")


def test_an_image_by_multipart_and_a_fake_one_refused(conversation, es_buyer):
    client = api(es_buyer)
    ok = client.post(urls(conversation)["messages"], {"image": png_upload()}, format="multipart")
    assert ok.status_code == 201, ok.json()
    assert ok.json()["attachment_url"].endswith(reverse("messaging:attachment", args=[ok.json()["id"]]))
    bad = client.post(
        urls(conversation)["messages"], {"body": "x y z", "image": fake_jpeg_upload()}, format="multipart"
    )
    assert bad.status_code == 400 and "image" in bad.json()["error"]["fields"]
    assert conversation.messages.count() == 2


def test_the_21st_message_in_a_minute_is_429(conversation, es_buyer):
    client = api(es_buyer)
    for n in range(19):
        assert client.post(urls(conversation)["messages"], {"body": f"Mensaje {n}"}, format="json").status_code == 201
    response = client.post(urls(conversation)["messages"], {"body": "Uno más"}, format="json")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["status"] == 429 and error["code"] == "rate_limited"
    assert "at most 20 a minute" in error["message"]
    assert conversation.messages.count() == 20


def test_strangers_get_404_everywhere(conversation, third_user, other_seller):
    for intruder in (third_user, other_seller.user):
        client = api(intruder)
        assert client.get(urls(conversation)["detail"]).status_code == 404
        assert client.get(urls(conversation)["messages"]).status_code == 404
        assert client.post(urls(conversation)["messages"], {"body": "hola"}, format="json").status_code == 404
        assert client.post(urls(conversation)["read"]).status_code == 404
        assert client.get(reverse("api-conversations")).json()["count"] == 0
    assert conversation.messages.count() == 1


def test_anonymous_callers_are_refused(conversation, it_listing):
    client = api()
    for url in urls(conversation).values():
        assert client.get(url).status_code == 401
        assert client.post(url, {"body": "hola"}, format="json").status_code == 401
    refused = client.post(reverse("api-conversations"), {"listing_id": it_listing.pk, "body": "hola"}, format="json")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
    assert refused.json()["error"]["code"] == "not_authenticated"


def test_staff_with_the_permission_read_through_the_api(conversation, conversation_reader):
    client = api(conversation_reader)
    assert client.get(urls(conversation)["detail"]).json()["role"] == "staff"
    assert len(client.get(urls(conversation)["messages"]).json()) == 1
    assert client.post(urls(conversation)["messages"], {"body": "hola"}, format="json").status_code == 404


def test_the_endpoints_are_in_the_schema(client):
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    base = "/api/v1/conversations/"
    for path in (
        base,
        base + "{conversation_id}/",
        base + "{conversation_id}/messages/",
        base + "{conversation_id}/read/",
    ):
        assert path in schema["paths"], path
    assert "429" in schema["paths"]["/api/v1/conversations/{conversation_id}/messages/"]["post"]["responses"]


def test_a_suspended_store_gets_403_when_it_answers(conversation, it_seller, vetting_officer):
    from sellers.services import seller_suspend

    seller_suspend(seller_id=it_seller.pk, actor=vetting_officer, reason="Counterfeit goods reported")
    response = api(it_seller.user).post(urls(conversation)["messages"], {"body": "Sì, certo."}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert conversation.messages.count() == 1
