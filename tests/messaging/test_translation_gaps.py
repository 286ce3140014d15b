# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Conversations between languages no offline engine covers (Chinese ↔
Portuguese): the page says so and puts the phrasebook first; a pair with an
engine for each leg is translated through English; with LibreTranslate
configured (the fake server speaking its API) the same conversation translates."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from messaging import services as messaging
from messaging.models import MessageTranslation
from messaging.phrasebook import phrasebook
from tests.factories import UserFactory
from tests.translation.conftest import FakeLibreTranslate
from translation.engines.base import Engine, EngineResult
from translation.engines.libretranslate import LibreTranslateEngine

from .messaging_fixtures import (  # noqa: F401 (fixtures)
    SPANISH,
    _fresh_rate_limits,
    approved_seller,
    es_buyer,
    it_listing,
    it_seller,
    leaf_category,
    make_listing,
)

pytestmark = pytest.mark.django_db

CHINESE = "您好，这件连衣裙下周可以发货。"
OFFLINE = ["translation.glossary.GlossaryEngine", "translation.engines.apertium.ApertiumEngine"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def zh_seller(make_seller):
    return make_seller(status="approved", country="CN", user=UserFactory(language="zh-hans"))


@pytest.fixture
def pt_buyer(db):
    return UserFactory(language="pt-br", full_name="Ana Souza")


@pytest.fixture
def zh_pt_conversation(make_listing, zh_seller, pt_buyer):
    listing = make_listing(seller=zh_seller, title="女士 夏季 碎花 连衣裙", source_language="zh-hans")
    zh_seller.store_language = "zh-hans"
    zh_seller.save(update_fields=["store_language"])
    return messaging.conversation_start(pt_buyer, body="Olá, tem este vestido no tamanho M?", listing_id=listing.pk)


def status_of(html: str) -> str:
    match = re.search(r'data-testid="translation-status" data-covered="(yes|no)"', html)
    assert match, "the page says nothing about translation"
    return match.group(1)


def test_chinese_portuguese_offline_says_so_and_offers_the_phrasebook_first(
    settings, zh_pt_conversation, pt_buyer, zh_seller
):
    settings.CARAVAN_TRANSLATION_ENGINES = OFFLINE
    conversation = zh_pt_conversation.conversation
    assert not messaging.conversation_translation_covered("pt-br", "zh-hans")

    buyer_page = client_for(pt_buyer).get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert status_of(buyer_page) == "no"
    with translation.override("pt-br"):  # the buyer reads Portuguese
        said = translation.gettext(
            "Automatic translation is not available for %(theirs)s ↔ %(mine)s on this server."
        ).split("%(")[0]
    assert said.strip() and said in buyer_page
    assert "translated into each reader" not in buyer_page  # no false promise
    assert 'class="phrasebook is-prominent"' in buyer_page
    assert 'data-phrase="buyer_in_stock"' in buyer_page
    assert phrasebook()["buyer_in_stock"]["pt-br"] in buyer_page  # offered in the buyer's language
    assert buyer_page.index('data-testid="translation-status"') < buyer_page.index('data-testid="thread"')

    seller_page = client_for(zh_seller.user).get(reverse("messaging:seller_conversation", args=[conversation.pk]))
    html = seller_page.content.decode()
    assert status_of(html) == "no"
    assert 'data-phrase="in_stock"' in html and 'data-phrase="buyer_in_stock"' not in html


def test_a_buyers_phrase_reaches_the_seller_in_chinese_written_by_people(settings, zh_pt_conversation, pt_buyer):
    settings.CARAVAN_TRANSLATION_ENGINES = OFFLINE
    conversation = zh_pt_conversation.conversation
    portuguese = phrasebook()["buyer_in_stock"]["pt-br"]
    url = reverse("messaging:conversation", args=[conversation.pk])
    assert client_for(pt_buyer).post(url, {"body": portuguese, "phrase_key": "buyer_in_stock"}).status_code == 302
    row = MessageTranslation.objects.get(message__body=portuguese, language="zh-hans")
    assert row.kind == "human" and row.text == phrasebook()["buyer_in_stock"]["zh-hans"]


def test_a_pair_an_offline_engine_covers_says_it_is_translated(settings, es_buyer, it_listing):
    settings.CARAVAN_TRANSLATION_ENGINES = OFFLINE
    started = messaging.conversation_start(es_buyer, body=SPANISH, listing_id=it_listing.pk)
    page = client_for(es_buyer).get(reverse("messaging:conversation", args=[started.conversation_id])).content
    assert status_of(page.decode()) == "yes"
    assert 'class="phrasebook is-prominent"' not in page.decode()


class ChineseToEnglish(Engine):
    """Stands for an engine that reads Chinese into English only (one leg)."""

    name = "zh-en"

    def supports(self, source, target):
        return (source, target) == ("zh-hans", "en")

    def translate(self, text, source, target):
        return EngineResult(text="Hello, this dress can ship next week.", engine=self.name)


def test_through_english_where_each_leg_has_an_engine(settings, zh_pt_conversation, zh_seller, pt_buyer):
    settings.CARAVAN_TRANSLATION_ENGINES = [ChineseToEnglish(), "translation.engines.apertium.ApertiumEngine"]
    conversation = zh_pt_conversation.conversation
    message = messaging.message_send(zh_seller.user, conversation_id=conversation.pk, body=CHINESE)
    outcome = messaging.message_translation_refresh(message_id=message.pk, language="pt-br")
    assert outcome.status == "stored"
    row = MessageTranslation.objects.get(message=message, language="pt-br")
    assert row.engine == "zh-en+apertium" and row.kind == "machine"
    assert "vestido" in row.text.lower()  # Apertium's Portuguese of the English leg
    page = client_for(pt_buyer).get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert row.text in page.replace("&#x27;", "'")


@pytest.fixture
def libretranslate(settings):
    LibreTranslateEngine.forget_languages()
    with FakeLibreTranslate() as server:
        settings.LIBRETRANSLATE_URL = server.url
        settings.CARAVAN_TRANSLATION_ENGINES = [*OFFLINE, "translation.engines.libretranslate.LibreTranslateEngine"]
        yield server
    LibreTranslateEngine.forget_languages()


def test_with_libretranslate_the_same_conversation_translates(libretranslate, zh_pt_conversation, zh_seller, pt_buyer):
    conversation = zh_pt_conversation.conversation
    libretranslate.translations[(CHINESE, "zh", "pt")] = "Olá, este vestido pode ser enviado na próxima semana."
    assert messaging.conversation_translation_covered("pt-br", "zh-hans")
    message = messaging.message_send(zh_seller.user, conversation_id=conversation.pk, body=CHINESE)
    assert messaging.message_translation_refresh(message_id=message.pk, language="pt-br").status == "stored"
    row = MessageTranslation.objects.get(message=message, language="pt-br")
    assert row.engine == "libretranslate" and row.text.startswith("Olá, este vestido")
    page = client_for(pt_buyer).get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert status_of(page) == "yes"
    assert "Olá, este vestido pode ser enviado" in page
    assert 'data-testid="original-text">' + CHINESE in page
