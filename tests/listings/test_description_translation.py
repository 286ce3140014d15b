# ruff: noqa: F811 (the catalogue's fixtures are imported, then requested by name)
"""Listing descriptions in the buyer's language: sanitised HTML through the
HTML-aware engines (Apertium -f html for real, LibreTranslate format html
against the local fake server), never the keyword glossary; the plain note
where no engine translates sentences; stale after an edit; idempotent jobs;
the listing page."""

import re

import pytest
from django.urls import reverse

from listings import services as listing_services
from listings.models import Listing, ListingTranslation
from listings.tasks import listing_translate_task, listing_translations_task
from listings.translations import listing_translation_refresh
from tests.listings.conftest import approved_seller, leaf_category, listing_input, make_listing  # noqa: F401
from tests.listings.test_storefront import private_cache  # noqa: F401 (a fixture)
from tests.listings.test_translations import current_hash, queued
from tests.waiting import wait_for
from translation.engines.base import HTML, TEXT, Engine, EngineResult
from translation.engines.libretranslate import LibreTranslateEngine
from translation.models import TranslationMemory
from translation.services import NOTE_NOT_TRANSLATED, translate_text
from translation.tasks import TranslationRetryLater
from translation.tokens import html_blocks, protect_html, split_for_limit

pytestmark = pytest.mark.django_db

OFFLINE = [
    "translation.glossary.GlossaryEngine",
    "translation.engines.apertium.ApertiumEngine",
    "translation.engines.libretranslate.LibreTranslateEngine",
    "translation.engines.deepl.DeepLEngine",
]
SPANISH = {
    "title": "Vestido largo de algodón rojo",
    "description": "<p>Un vestido <strong>rojo</strong> de algodón, fresco y cómodo.</p>"
    "<ul><li>Material: algodón</li><li>Lavar a mano</li></ul>",
    "attributes": {"material": "algodón"},
    "source_language": "es",
}
CHINESE = {
    "title": "女士 夏季 碎花 连衣裙 雪纺 长裙",
    "description": "<p>轻薄雪纺面料，<strong>透气舒适</strong>。</p><ul><li>可机洗</li></ul>",
    "attributes": {"material": "雪纺"},
    "source_language": "zh-hans",
}


def tags(html: str) -> list[str]:
    return re.findall(r"</?[a-z0-9]+", html)


@pytest.fixture
def offline(settings):
    settings.CARAVAN_TRANSLATION_ENGINES = OFFLINE
    settings.LIBRETRANSLATE_URL = ""


@pytest.fixture
def libre(settings, libretranslate_server):
    settings.CARAVAN_TRANSLATION_ENGINES = OFFLINE
    settings.LIBRETRANSLATE_URL = libretranslate_server.url
    settings.LIBRETRANSLATE_API_KEY = ""
    return libretranslate_server


# --- the chain with format="html" ---------------------------------------------------------------


def test_apertium_translates_html_and_keeps_its_tags(offline):
    result = translate_text(text=SPANISH["description"], source="es", target="it", format=HTML)
    assert (result.engine, result.kind) == ("apertium", "machine")
    assert tags(result.text) == tags(SPANISH["description"])
    assert "cotone" in result.text and "<strong>rosso</strong>" in result.text
    assert result.text != SPANISH["description"]


def test_protected_tokens_are_looked_for_between_tags_only(offline):
    source = "<h3>Talla XL</h3><p>Funda Acme para A2389 de 250 ml &amp; más</p>"
    shielded = protect_html(source, ["Acme"])
    assert shielded.text.startswith("<h3>") and "&amp;" in shielded.text  # h3 is no model number
    assert shielded.tokens == ["XL", "Acme", "A2389", "250 ml"]
    result = translate_text(text=source, source="es", target="en", protected=["Acme"], format=HTML)
    assert result.engine == "apertium"
    assert result.text.startswith("<h3>") and "</h3><p>" in result.text
    for token in ("XL", "Acme", "A2389", "250 ml"):
        assert token in result.text


def test_the_glossary_does_not_do_descriptions(offline):
    result = translate_text(text="<p>女士 夏季 碎花 连衣裙</p>", source="zh-hans", target="en", format=HTML)
    assert (result.kind, result.note, result.retry_later) == ("original", NOTE_NOT_TRANSLATED, False)
    assert translate_text(text="女士 夏季 碎花 连衣裙", source="zh-hans", target="en").engine == "glossary"


def test_the_memory_keeps_html_and_text_apart(offline):
    plain = translate_text(text="Vestido rojo", source="es", target="it")
    html = translate_text(text="Vestido rojo", source="es", target="it", format=HTML)
    assert not plain.from_memory and not html.from_memory  # the HTML entry is not the text entry
    assert TranslationMemory.objects.filter(source_language="es", target_language="it").count() == 2
    assert translate_text(text="Vestido rojo", source="es", target="it", format=HTML).from_memory


def test_an_unknown_format_is_a_programming_error(offline):
    with pytest.raises(ValueError):
        translate_text(text="x", source="es", target="it", format="markdown")


def test_libretranslate_gets_html_with_format_html(libre):
    result = translate_text(text=CHINESE["description"], source="zh-hans", target="en", format=HTML)
    assert result.engine == "libretranslate"
    [call] = libre.translate_calls()
    assert (call["format"], call["source"], call["target"]) == ("html", "zh", "en")
    assert call["q"] == CHINESE["description"]


def test_a_long_description_goes_to_libretranslate_in_pieces_at_its_paragraphs(libre, settings):
    settings.CARAVAN_LIBRETRANSLATE_CHAR_LIMIT = 40
    paragraphs = [f"<p>第{i}段：轻薄雪纺面料，透气舒适。</p>" for i in range(5)]
    source = "".join(paragraphs) + "<ul><li>可机洗</li><li>有内衬</li></ul>"
    result = translate_text(text=source, source="zh-hans", target="en", format=HTML)
    calls = libre.translate_calls()
    assert len(calls) > 1
    assert all(len(call["q"]) <= 40 for call in calls)
    assert "".join(call["q"] for call in calls) == source  # cut between blocks, nothing lost
    assert tags(result.text) == tags(source)


def test_splitting_never_cuts_inside_a_block():
    source = "<p>a<br>b</p><ul><li>x</li><li>y</li></ul>tail<table><tr><td>1</td></tr></table>"
    assert html_blocks(source) == [
        "<p>a<br>b</p>",
        "<ul><li>x</li><li>y</li></ul>",
        "tail",
        "<table><tr><td>1</td></tr></table>",
    ]
    assert split_for_limit(source, 20, html=True)[1] == "<ul><li>x</li><li>y</li></ul>"  # longer than 20: whole
    assert split_for_limit("one\ntwo\nthree", 8, html=False) == ["one\ntwo\n", "three"]


# --- listing jobs ----------------------------------------------------------------------------------


def test_a_spanish_description_is_translated_into_italian_by_apertium_and_sanitised(make_listing, offline):
    listing = make_listing(**SPANISH)
    outcome = listing_translation_refresh(listing_id=listing.pk, language="it", source_hash=current_hash(listing.pk))
    assert outcome.status == "stored" and not outcome.retry_later
    row = ListingTranslation.objects.get(listing=listing, language="it")
    assert row.engine == "apertium"
    assert tags(row.description) == tags(SPANISH["description"])
    assert "cotone" in row.description and "algodón" not in row.description


class HostileHtmlEngine(Engine):
    """An engine whose HTML must not be trusted (a compromised or buggy MT server)."""

    name = "hostile"
    formats = frozenset({TEXT, HTML})

    def supports(self, source, target):
        return True

    def translate(self, text, source, target, format=TEXT):
        if format == HTML:
            return EngineResult(
                text='<p onclick="steal()">Red dress</p><script>alert(1)</script><img src=x onerror=alert(2)>',
                engine=self.name,
            )
        return EngineResult(text=f"[{target}] {text}", engine=self.name)


def test_engine_html_is_sanitised_before_it_is_stored(make_listing, settings):
    settings.CARAVAN_TRANSLATION_ENGINES = [HostileHtmlEngine()]
    listing = make_listing(**SPANISH)
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert row.description == "<p>Red dress</p>"


def test_a_chinese_description_goes_through_libretranslate_when_configured(make_listing, libre):
    listing = make_listing(**CHINESE)
    libre.translations[(CHINESE["description"], "zh", "en")] = (
        "<p>Light chiffon, <strong>breathable and comfortable</strong>.</p><ul><li>Machine washable</li></ul>"
    )
    outcome = listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert outcome.status == "stored"
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert row.description.startswith("<p>Light chiffon, <strong>breathable")
    assert row.title == "women summer floral dress chiffon long dress"  # the title still from the glossary
    html_calls = [call for call in libre.translate_calls() if call["format"] == "html"]
    assert [call["q"] for call in html_calls] == [CHINESE["description"]]


def test_without_libretranslate_the_title_is_stored_and_the_description_waits(
    private_cache, client, make_listing, offline
):
    listing = make_listing(**CHINESE)
    outcome = listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert (outcome.status, outcome.retry_later) == ("stored", False)  # nothing to wait for: no engine at all
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert row.title == "women summer floral dress chiffon long dress" and row.description == ""

    page = client.get(reverse("listings:detail", args=[listing.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 class="product-title">women summer floral dress chiffon long dress</h1>' in page
    assert 'data-testid="description-not-translated"' in page
    assert "Written in Simplified Chinese: not translated yet." in page
    assert "透气舒适" in page  # the original description, not a fake
    again = listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert again.status == "current"


def test_an_unavailable_engine_stores_the_title_and_the_retry_fills_the_description(make_listing, libre):
    listing = make_listing(**CHINESE)
    libre.mode = "server_error"
    with pytest.raises(TranslationRetryLater):
        listing_translate_task.run(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert row.title == "women summer floral dress chiffon long dress" and row.description == ""

    libre.mode = "ok"  # the engine is back: the retried job completes the row
    status = listing_translate_task.run(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert status == "stored"
    row.refresh_from_db()
    assert row.description == f"[en] {CHINESE['description']}"
    assert ListingTranslation.objects.filter(listing=listing, language="en").count() == 1


def test_the_listing_job_translates_every_language_and_a_retry_redoes_only_what_is_missing(make_listing, libre):
    listing = make_listing(**CHINESE)
    source_hash = current_hash(listing.pk)
    libre.mode = "server_error"
    with pytest.raises(TranslationRetryLater, match="en, ru"):
        listing_translations_task.run(listing_id=listing.pk, source_hash=source_hash, languages=["en", "ru"])
    assert ListingTranslation.objects.get(listing=listing, language="en").description == ""  # the title is in

    libre.mode = "ok"
    statuses = listing_translations_task.run(listing_id=listing.pk, source_hash=source_hash, languages=["en", "ru"])
    assert statuses == {"en": "stored", "ru": "stored"}
    again = listing_translations_task.run(listing_id=listing.pk, source_hash=source_hash, languages=["en", "ru"])
    assert again == {"en": "current", "ru": "current"}
    assert ListingTranslation.objects.filter(listing=listing).count() == 2


def test_the_seed_leaves_descriptions_to_the_queued_job(make_listing, libre):
    from listings.translations import listing_translations_fill

    listing = make_listing(**CHINESE)
    assert listing_translations_fill([listing.pk], with_description=False) == 7
    assert [call for call in libre.translate_calls() if call["format"] == "html"] == []  # nothing waited for
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert row.title and row.description == ""
    status = listing_translate_task.run(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert status == "stored"
    row.refresh_from_db()
    assert row.description == f"[en] {CHINESE['description']}"


def test_the_job_is_idempotent(make_listing, libre):
    listing = make_listing(**CHINESE)
    source_hash = current_hash(listing.pk)
    assert listing_translation_refresh(listing_id=listing.pk, language="it", source_hash=source_hash).status == "stored"
    calls = len(libre.translate_calls())
    again = listing_translation_refresh(listing_id=listing.pk, language="it", source_hash=source_hash)
    assert again.status == "current"
    assert len(libre.translate_calls()) == calls  # no engine asked twice
    assert ListingTranslation.objects.filter(listing=listing, language="it").count() == 1


def test_editing_the_description_makes_the_translation_stale_and_the_job_retranslates(
    make_listing, leaf_category, approved_seller, offline, django_capture_on_commit_callbacks
):
    listing = make_listing(**SPANISH)
    old_hash = current_hash(listing.pk)
    listing_translation_refresh(listing_id=listing.pk, language="it", source_hash=old_hash)
    before = ListingTranslation.objects.get(listing=listing, language="it").description

    new_description = "<p>Un vestido <em>azul</em> de lino.</p>"
    data = listing_input(leaf_category, **{**SPANISH, "description": new_description})
    with django_capture_on_commit_callbacks() as callbacks:
        listing_services.listing_update(actor=approved_seller.user, listing_id=listing.pk, data=data)
    new_hash = current_hash(listing.pk)
    assert new_hash != old_hash
    assert ListingTranslation.objects.get(listing=listing, language="it").source_hash == old_hash  # stale now
    jobs = queued(callbacks)
    assert {job["source_hash"] for job in jobs} == {new_hash} and "it" in {job["language"] for job in jobs}

    stale = listing_translation_refresh(listing_id=listing.pk, language="it", source_hash=old_hash)
    assert stale.status == "stale"
    assert listing_translate_task.run(listing_id=listing.pk, language="it", source_hash=new_hash) == "stored"
    after = ListingTranslation.objects.get(listing=listing, language="it")
    assert after.source_hash == new_hash and after.description != before
    assert "<em>" in after.description and "lino" in after.description


# --- the listing page --------------------------------------------------------------------------


def test_a_buyer_reads_the_translated_description_with_the_original_one_click_away(
    private_cache, client, make_listing, offline
):
    listing = make_listing(**SPANISH)
    listing_translation_refresh(listing_id=listing.pk, language="it", source_hash=current_hash(listing.pk))
    translated = ListingTranslation.objects.get(listing=listing, language="it").description
    url = reverse("listings:detail", args=[listing.pk])

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert translated in page and SPANISH["description"] not in page
    assert 'data-testid="description-translation-note"' in page
    assert f'href="{url}?original=1"' in page

    original = client.get(url, {"original": "1"}, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert SPANISH["description"] in original and translated not in original
    assert 'data-testid="description-not-translated"' not in original


# --- a real worker ------------------------------------------------------------------------------


# The migration-made rows a flush takes (groups, categories) are made again by the shared
# after-flush fixture (tests/conftest.py); serialized_rollback would restore them twice.
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_published_spanish_listing_is_translated_by_the_worker(make_listing, offline, celery_worker_process):
    listing = make_listing(**SPANISH)  # publishing queues a job per other language, on commit
    languages = {"en", "it", "pt-br", "fr"}  # the Apertium pairs from Spanish
    done = ListingTranslation.objects.filter(listing=listing).exclude(description="").values_list("language", flat=True)
    wait_for(lambda: languages <= set(done.all()), "the four Apertium translations")
    rows = {row.language: row for row in ListingTranslation.objects.filter(listing=listing)}
    assert languages <= set(rows), rows
    assert "cotone" in rows["it"].description and "cotton" in rows["en"].description
    assert all(tags(rows[code].description) == tags(SPANISH["description"]) for code in languages)
    assert not ({"zh-hans", "ru", "tr"} & set(rows))  # no engine from Spanish there offline: no fake rows
    assert Listing.objects.get(pk=listing.pk).search_vector is not None
    LibreTranslateEngine.forget_languages()
