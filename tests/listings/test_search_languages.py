# ruff: noqa: F811 (a fixture imported, then requested by name)
"""Search in each reader's language: translations are stemmed with their
language's PostgreSQL text-search configuration (so a Spanish plural finds a
Spanish singular), Chinese titles are found by substring, and the query still
goes through the GIN indexes."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from listings.models import Listing, ListingTranslation
from listings.search import TEXT_SEARCH_CONFIGS, listing_search_vector_update, listings_matching
from listings.selectors import BrowseFilters, listings_browse, listings_public
from tests.listings.test_search import bulk_catalogue, plan_of, settle_indexes
from tests.listings.test_storefront import private_cache  # noqa: F401 (a fixture)
from translation.models import TranslationKind

pytestmark = pytest.mark.django_db


def translate(listing: Listing, language: str, title: str) -> None:
    ListingTranslation.objects.create(
        listing=listing, language=language, title=title, kind=TranslationKind.HUMAN, source_hash="x"
    )
    listing_search_vector_update(listing.pk)


def found(text: str, language: str) -> list[int]:
    with translation.override(language):
        return list(listings_browse(BrowseFilters(query=text)).values_list("pk", flat=True))


def page_titles(client, text: str, language: str) -> list[str]:
    response = client.get(reverse("search"), {"q": text}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return re.findall(r'<span class="pcard-title">(.*?)</span>', response.content.decode())


def test_every_configuration_named_exists_in_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        installed = {row[0] for row in cursor.fetchall()}
    assert set(TEXT_SEARCH_CONFIGS.values()) <= installed


def test_a_spanish_plural_finds_the_spanish_translation(make_listing):
    listing = make_listing(title="Red cotton summer dress", description="", attributes={})
    make_listing(title="Leather wallet with coin pocket", description="", attributes={})
    translate(listing, "es", "Vestido de verano de algodón rojo")

    assert found("vestidos", "es") == [listing.pk]  # 'vestidos' and 'vestido' share the Spanish stem
    assert found("vestidos veraniegos", "en") == []  # an English reader's query is not read as Spanish
    assert found("vestido", "en") == [listing.pk]  # the word exactly as written finds in any language


def test_a_russian_reader_finds_an_inflected_form(make_listing):
    listing = make_listing(title="Wool turtleneck sweater", description="", attributes={})
    translate(listing, "ru", "Шерстяной свитер с высоким горлом")
    assert found("свитера", "ru") == [listing.pk]
    assert found("шерстяные свитеры", "ru") == [listing.pk]


def test_the_listings_own_title_is_stemmed_in_its_language(make_listing):
    listing = make_listing(title="Vestido largo de lino", description="", attributes={}, source_language="es")
    assert found("vestidos largos", "es") == [listing.pk]


def test_the_search_page_uses_the_readers_language(private_cache, client, make_listing):
    listing = make_listing(title="Red cotton summer dress", description="", attributes={})
    translate(listing, "es", "Vestido de verano de algodón rojo")
    assert page_titles(client, "vestidos", "es") == ["Vestido de verano de algodón rojo"]


def test_a_chinese_substring_finds_a_chinese_title(make_listing):
    dress = make_listing(
        title="2025新款女士夏季碎花雪纺连衣裙长裙", description="", attributes={}, source_language="zh-hans"
    )
    make_listing(title="纯棉短袖T恤女宽松印花上衣", description="", attributes={}, source_language="zh-hans")
    for reader in ("zh-hans", "en"):
        assert found("连衣裙", reader) == [dress.pk]
        assert found("碎花雪纺", reader) == [dress.pk]
    assert found("长裙", "zh-hans") == [dress.pk]  # two characters: still a substring match
    assert found("西装", "zh-hans") == []


def test_chinese_and_translated_queries_still_go_through_the_gin_indexes(make_listing):
    template = make_listing(
        title="女士夏季碎花雪纺连衣裙长裙", description="", attributes={}, source_language="zh-hans"
    )
    translate(template, "es", "Vestido largo de gasa floral")
    bulk_catalogue(template, 2000)
    settle_indexes()
    for text, language in (("碎花雪纺连衣裙", "zh-hans"), ("vestidos", "es")):
        with translation.override(language):
            queryset = listings_matching(listings_public(), text)
            plan = plan_of(queryset)
            assert "listing_search_gin" in plan or "listing_search_text_trgm" in plan, plan
            assert "Seq Scan on listings_listing" not in plan, plan
            assert list(queryset.values_list("pk", flat=True)) == [template.pk]
