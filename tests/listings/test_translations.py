# ruff: noqa: F811 (the catalogue's fixtures are imported, then requested by name)
"""Listings in the buyer's language: jobs queued on publish and edit, a replay-safe
refresh service, translated cards, page and search (services called directly; no
eager Celery)."""

import re

import pytest
from django.urls import reverse

from listings import services as listing_services
from listings.models import Listing, ListingTranslation
from listings.tasks import listing_translate_task, listing_translations_task
from listings.translations import listing_source_hash_of, listing_terms, listing_translation_refresh
from tests.demo.test_listings import demo_sellers  # noqa: F401 (a fixture)
from tests.listings.conftest import approved_seller, leaf_category, listing_input, make_listing  # noqa: F401 (fixtures)
from tests.listings.test_storefront import private_cache  # noqa: F401 (a fixture)
from translation.engines.base import Engine, EngineResult
from translation.models import TranslationKind

pytestmark = pytest.mark.django_db

CHINESE = {
    "title": "女士 夏季 碎花 连衣裙 雪纺 长裙",
    "attributes": {"material": "雪纺", "season": "夏季"},
    "source_language": "zh-hans",
}


class CountingEngine(Engine):
    """Translates anything into anything as "<target> text", counting calls."""

    name = "counting"

    def __init__(self):
        self.calls = []

    def supports(self, source, target):
        return source != target

    def translate(self, text, source, target):
        self.calls.append((text, source, target))
        return EngineResult(text=f"<{target}> {text}", engine=self.name)


@pytest.fixture
def engine(settings):
    fake = CountingEngine()
    settings.CARAVAN_TRANSLATION_ENGINES = [fake]
    return fake


@pytest.fixture
def glossary_only(settings):
    settings.CARAVAN_TRANSLATION_ENGINES = ["translation.glossary.GlossaryEngine"]


def current_hash(listing_id: int) -> str:
    listing = Listing.objects.get(pk=listing_id)
    return listing_source_hash_of(listing)


def queued(callbacks) -> list[dict]:
    """The translation jobs among on-commit callbacks (partials of apply_async),
    as one {listing_id, language, source_hash} per language a job covers."""
    jobs = []
    for callback in callbacks:
        task = getattr(getattr(callback, "func", None), "__self__", None)
        if task is not None and task.name == listing_translations_task.name:
            kwargs = dict(callback.keywords["kwargs"])
            jobs += [{**kwargs, "language": language} for language in kwargs.pop("languages")]
        elif task is not None and task.name == listing_translate_task.name:
            jobs.append(callback.keywords["kwargs"])
    return jobs


def test_publishing_and_editing_queue_a_job_per_other_language(
    make_listing, approved_seller, leaf_category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        listing = make_listing(**CHINESE)
    jobs = queued(callbacks)
    expected = {"en", "ru", "it", "es", "tr", "pt-br", "fr"}
    assert {job["language"] for job in jobs} == expected  # never its own (zh-hans)
    assert {job["source_hash"] for job in jobs} == {current_hash(listing.pk)}
    assert {job["listing_id"] for job in jobs} == {listing.pk}

    with django_capture_on_commit_callbacks() as callbacks:
        listing_services.listing_update(
            actor=approved_seller.user,
            listing_id=listing.pk,
            data=listing_input(leaf_category, **{**CHINESE, "title": "女士 夏季 连衣裙"}),
        )
    jobs = queued(callbacks)
    assert sorted(job["language"] for job in jobs) == sorted(expected)
    assert {job["source_hash"] for job in jobs} == {current_hash(listing.pk)}


def test_the_refresh_is_idempotent(make_listing, engine):
    listing = make_listing(**CHINESE)
    source_hash = current_hash(listing.pk)
    first = listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=source_hash)
    calls = len(engine.calls)
    second = listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=source_hash)
    assert (first.status, second.status) == ("stored", "current")
    assert len(engine.calls) == calls  # the replay called no engine
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert ListingTranslation.objects.filter(listing=listing).count() == 1
    assert row.title == f"<en> {CHINESE['title']}"
    assert row.attributes == {"material": "<en> 雪纺", "season": "<en> 夏季"}
    assert (row.engine, row.kind, row.source_hash) == ("counting", TranslationKind.MACHINE, source_hash)


def test_a_job_for_an_edited_listing_is_skipped(make_listing, approved_seller, leaf_category, engine):
    listing = make_listing(**CHINESE)
    old_hash = current_hash(listing.pk)
    listing_services.listing_update(
        actor=approved_seller.user,
        listing_id=listing.pk,
        data=listing_input(leaf_category, **{**CHINESE, "title": "男士 衬衫"}),
    )
    outcome = listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=old_hash)
    assert outcome.status == "stale"
    assert engine.calls == []
    assert not ListingTranslation.objects.exists()


def test_a_newer_source_replaces_the_machine_row(make_listing, approved_seller, leaf_category, engine):
    listing = make_listing(**CHINESE)
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    listing_services.listing_update(
        actor=approved_seller.user,
        listing_id=listing.pk,
        data=listing_input(leaf_category, **{**CHINESE, "title": "男士 衬衫"}),
    )
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert row.title == "<en> 男士 衬衫"
    assert row.source_hash == current_hash(listing.pk)


def test_a_human_translation_is_never_overwritten(make_listing, engine):
    listing = make_listing(**CHINESE)
    ListingTranslation.objects.create(
        listing=listing, language="en", title="Floral chiffon maxi dress", kind=TranslationKind.HUMAN, source_hash="old"
    )
    outcome = listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert outcome.status == "human"
    # Only the terms the seller left out (option and attribute names, option values) are asked for.
    assert listing.title not in [call[0] for call in engine.calls]
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert row.title == "Floral chiffon maxi dress"
    assert row.kind == TranslationKind.HUMAN
    assert row.terms and set(row.terms) <= set(listing_terms(listing))


def test_the_task_calls_the_service(make_listing, engine):
    listing = make_listing(**CHINESE)
    status = listing_translate_task.run(listing_id=listing.pk, language="fr", source_hash=current_hash(listing.pk))
    assert status == "stored"
    assert ListingTranslation.objects.get(listing=listing, language="fr").title.startswith("<fr> ")


def test_an_english_buyer_reads_a_chinese_listing_in_english(private_cache, client, make_listing, glossary_only):
    listing = make_listing(**CHINESE)
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    english = "women summer floral dress chiffon long dress"

    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english in home
    assert CHINESE["title"] not in home

    url = reverse("listings:detail", args=[listing.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<h1 class="product-title">{english}</h1>' in page
    assert "<td>chiffon</td>" in page and "<td>summer</td>" in page
    assert "Translated from Simplified Chinese" in page
    assert f'href="{url}?original=1"' in page

    original = client.get(url, {"original": "1"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<h1 class="product-title">{CHINESE["title"]}</h1>' in original
    assert "<td>雪纺</td>" in original
    assert 'data-testid="show-translation"' in original


def test_a_buyer_in_the_listings_own_language_sees_no_translation_control(private_cache, client, make_listing, engine):
    listing = make_listing(**CHINESE)
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    page = client.get(reverse("listings:detail", args=[listing.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'<h1 class="product-title">{CHINESE["title"]}</h1>' in page
    assert 'data-testid="translation-note"' not in page


def test_the_listing_page_stays_within_its_query_budget_with_a_translation(
    private_cache, client, make_listing, engine, django_assert_max_num_queries
):
    from tests.listings.test_storefront import BUDGET

    listing = make_listing(**CHINESE)
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    for i in range(6):
        sibling = make_listing(**{**CHINESE, "title": f"连衣裙 {i}"})
        listing_translation_refresh(listing_id=sibling.pk, language="en", source_hash=current_hash(sibling.pk))
    url = reverse("listings:detail", args=[listing.pk])
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    with django_assert_max_num_queries(BUDGET["listing"]):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert f"<en> {CHINESE['title']}" in html.replace("&lt;", "<").replace("&gt;", ">")
    assert html.replace("&lt;", "<").replace("&gt;", ">").count("<en> 连衣裙") == 6  # the "more from" cards


def test_search_finds_a_chinese_listing_by_a_word_of_its_english_translation(make_listing, glossary_only):
    from listings.search import is_postgres
    from listings.selectors import BrowseFilters, listings_browse

    if not is_postgres():
        pytest.skip("the search vector is PostgreSQL's")
    listing = make_listing(**CHINESE)
    assert not listings_browse(BrowseFilters(query="floral")).filter(pk=listing.pk).exists()
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert list(listings_browse(BrowseFilters(query="floral")).values_list("pk", flat=True)) == [listing.pk]


# --- the demo catalogue's human English ---------------------------------------------------------


def test_every_zh_ru_tr_demo_phrase_has_our_english():
    from demo import catalogue as demo

    for leaf in demo.LEAVES:
        for product in leaf.products:
            for lang in demo.ENGLISH_SOURCES:
                if lang in product.titles:
                    assert product.titles[lang] in demo.EN_TITLES, product.titles[lang]
        for lang in demo.ENGLISH_SOURCES:
            for sentence in demo.SEGMENT_TEXT[lang].get(leaf.segment) or demo.STORY[lang]:
                assert sentence in demo.EN_PHRASES, sentence
    phrases = [*demo.ZH_PREFIXES, *demo.ZH_SUFFIXES, *demo.TITLE_EXTRAS["ru"], *demo.TITLE_EXTRAS["tr"]]
    phrases += [s for lang in demo.ENGLISH_SOURCES for s in demo.STORY[lang]]
    assert [p for p in phrases if p not in demo.EN_PHRASES] == []
    assert set(demo.EN_MATERIALS) == set(demo.MATERIALS) and set(demo.EN_COLOURS) == set(demo.COLOURS)


def test_the_english_twin_makes_the_same_choices_as_the_source(settings):
    from decimal import Decimal

    from demo import catalogue as demo
    from demo.listings import build_spec

    rates = {"CNY": Decimal("7.8"), "RUB": Decimal("95"), "TRY": Decimal("37")}
    for index in range(120):
        spec = build_spec(index, demo.PLAN, rates)
        if spec.lang not in demo.ENGLISH_SOURCES:
            assert spec.english is None
            continue
        english = spec.english
        assert english is not None
        assert english["title"].startswith(tuple(demo.EN_PHRASES[p] for p in demo.ZH_PREFIXES)) == (
            spec.lang == "zh" and spec.data.title.split()[0] in demo.ZH_PREFIXES
        )
        assert ("pack of" in english["title"]) == (spec.data.lot_size > 1)
        source_items = spec.data.description.count("<li>")
        assert english["description"].count("<li>") == source_items
        assert english["description"].count("<p>") == spec.data.description.count("<p>")
        assert set(english["attributes"]) == set(spec.data.attributes)
        assert not re.search(r"[\u4e00-\u9fff\u0400-\u04ff]", english["title"] + english["description"])


def test_the_seed_stores_our_english_as_human_rows_and_the_engines_do_the_rest(
    private_cache, client, demo_sellers, settings
):
    from demo import listings as demo

    settings.CARAVAN_TRANSLATION_ENGINES = ["translation.glossary.GlossaryEngine"]
    demo.seed_listings(15)
    foreign = list(Listing.objects.filter(source_language__in=("zh-hans", "ru", "tr")))
    assert len(foreign) >= 6
    for listing in foreign:
        english = ListingTranslation.objects.get(listing=listing, language="en")
        assert (english.kind, english.engine) == (TranslationKind.HUMAN, demo.DEMO_TRANSLATION_ENGINE)
        assert english.source_hash == current_hash(listing.pk)
        assert english.description.startswith("<p>") and "Shipping: within" in english.description
        assert set(english.attributes) == set(listing.attributes)
    # The other languages come from the engines at once (the glossary, for the titles it can read).
    machine = ListingTranslation.objects.filter(listing__in=foreign).exclude(language="en")
    assert set(machine.values_list("kind", flat=True)) == {TranslationKind.KEYWORDS}
    assert len({row.listing_id for row in machine if row.language == "fr"}) >= len(foreign) // 2
    assert not ListingTranslation.objects.filter(listing__source_language__in=("it", "es"), kind="human").exists()

    listing = next(row for row in foreign if row.status == "active")
    english = ListingTranslation.objects.get(listing=listing, language="en")
    page = client.get(reverse("listings:detail", args=[listing.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<h1 class="product-title">{english.title}</h1>'.replace("'", "&#x27;") in page
    assert english.description in page and 'data-testid="description-translation-note"' in page


# --- the seller's English as the source where it reads better than the original -----------------------

RUSSIAN = {
    "title": "Тапочки-валенки из натурального войлока",
    "attributes": {"material": "войлок"},
    "source_language": "ru",
}
RUSSIAN_ENGLISH = {"title": "Felt slippers made of natural wool", "attributes": {"material": "felt"}}


@pytest.fixture
def offline_engines(settings):
    """The offline chain of `make run`: the glossary, then Apertium (installed by make test)."""
    settings.CARAVAN_TRANSLATION_ENGINES = [
        "translation.glossary.GlossaryEngine",
        "translation.engines.apertium.ApertiumEngine",
    ]


def test_the_languages_apertium_reads_from_english_pivot_through_the_sellers_english(offline_engines):
    from listings.translations import listing_pivot_languages

    assert listing_pivot_languages("ru") == ["it", "es", "pt-br", "fr"]
    assert listing_pivot_languages("zh-hans") == ["it", "es", "pt-br", "fr"]
    assert listing_pivot_languages("es") == []  # Apertium reads Spanish itself
    assert listing_pivot_languages("en") == []


def test_a_russian_listing_reads_in_spanish_through_its_english(make_listing, offline_engines):
    from listings.translations import listing_translation_store_human
    from translation.services import translate_text

    listing = make_listing(**RUSSIAN)
    before = listing_translation_refresh(listing_id=listing.pk, language="es", source_hash=current_hash(listing.pk))
    assert before.status == "untranslated"  # the glossary cannot read the inflected Russian title

    listing_translation_store_human(listing_id=listing.pk, language="en", engine="caravan", **RUSSIAN_ENGLISH)
    after = listing_translation_refresh(listing_id=listing.pk, language="es", source_hash=current_hash(listing.pk))

    assert after.status == "stored"
    row = ListingTranslation.objects.get(listing=listing, language="es")
    expected = translate_text(text=RUSSIAN_ENGLISH["title"], source="en", target="es")
    assert (row.title, row.engine, row.kind) == (expected.text, "apertium", TranslationKind.MACHINE)
    assert "pantuflas" in row.title and "lana natural" in row.title  # real Spanish from Apertium
    assert row.attributes["material"] == translate_text(text="felt", source="en", target="es").text
    assert row.source_hash == current_hash(listing.pk)


def test_the_sellers_new_english_retranslates_the_pivoted_languages(
    make_listing, approved_seller, offline_engines, django_capture_on_commit_callbacks
):
    from listings.translations import listing_translation_override, listing_translation_store_human

    listing = make_listing(**RUSSIAN)
    listing_translation_store_human(listing_id=listing.pk, language="en", engine="caravan", **RUSSIAN_ENGLISH)
    listing_translation_refresh(listing_id=listing.pk, language="es", source_hash=current_hash(listing.pk))
    assert ListingTranslation.objects.filter(listing=listing, language="es").exists()

    with django_capture_on_commit_callbacks() as callbacks:
        listing_translation_override(
            actor=approved_seller.user,
            listing_id=listing.pk,
            language="en",
            title="Warm felt slippers for the winter",
            attributes={"material": "felt"},
        )

    assert not ListingTranslation.objects.filter(listing=listing, language="es").exists()  # made from the old English
    assert {job["language"] for job in queued(callbacks)} == {"it", "es", "pt-br", "fr"}
    listing_translation_refresh(listing_id=listing.pk, language="es", source_hash=current_hash(listing.pk))
    assert "invierno" in ListingTranslation.objects.get(listing=listing, language="es").title
