# ruff: noqa: F811 (the catalogue's fixtures are imported, then requested by name)
"""Listing translation jobs and the storefront page cache: a job retires the cached
pages once, at its end, and only in the languages it stored (and the text searches)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from listings.tasks import listing_translations_task
from listings.translations import listing_source_hash_of, listing_translation_languages, listing_translations_fill
from marketplace import pagecache
from marketplace.pagecache import (
    SEARCH_VERSION_KEY,
    VERSION_KEY,
    language_version_key,
    storefront_changed,
    storefront_changes_batched,
    storefront_version,
)
from tests.listings.conftest import approved_seller, leaf_category, listing_input, make_listing  # noqa: F401
from tests.listings.test_storefront import private_cache  # noqa: F401 (a fixture)
from tests.listings.test_translations import CHINESE, CountingEngine

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(settings):
    fake = CountingEngine()
    settings.CARAVAN_TRANSLATION_ENGINES = [fake]
    return fake


@pytest.fixture
def bumps(monkeypatch):
    """Every version bump, by key."""
    seen = []
    real = pagecache._bump

    def spy(key=VERSION_KEY):
        seen.append(key)
        real(key)

    monkeypatch.setattr(pagecache, "_bump", spy)
    return seen


def test_a_listing_job_bumps_each_language_it_stored_once_and_never_the_whole_cache(
    private_cache, make_listing, engine, bumps, django_capture_on_commit_callbacks
):
    listing = make_listing(**CHINESE)
    languages = listing_translation_languages(listing.source_language)
    bumps.clear()
    with django_capture_on_commit_callbacks(execute=True):
        statuses = listing_translations_task.run(
            listing_id=listing.pk, source_hash=listing_source_hash_of(listing), languages=languages
        )
    assert set(statuses.values()) == {"stored"}
    assert VERSION_KEY not in bumps
    expected = {language_version_key(language) for language in languages} | {SEARCH_VERSION_KEY}
    assert set(bumps) == expected
    assert len(bumps) == 2 * len(expected)  # now and on commit: once per key for the whole job, not per language
    bumps.clear()
    listing_translations_task.run(  # a replay stores nothing and retires nothing
        listing_id=listing.pk, source_hash=listing_source_hash_of(listing), languages=languages
    )
    assert bumps == []


def test_the_demo_fill_bumps_once_for_all_its_listings(
    private_cache, make_listing, engine, bumps, django_capture_on_commit_callbacks
):
    listings = [make_listing(**{**CHINESE, "title": f"连衣裙 {n} 雪纺"}) for n in range(3)]
    bumps.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert listing_translations_fill([listing.pk for listing in listings]) == 3 * 7
    assert len(bumps) == 2 * 8  # 7 languages + search, now and on commit


def test_a_translation_retires_its_languages_pages_and_searches_only(private_cache, client, make_listing, engine):
    listing = make_listing(**CHINESE)
    home = reverse("home")
    search = reverse("search") + "?q=dress"
    for language in ("en", "it"):
        client.get(home, HTTP_ACCEPT_LANGUAGE=language)
        client.get(search, HTTP_ACCEPT_LANGUAGE=language)
    before = {key: storefront_version(key) for key in (VERSION_KEY, language_version_key("it"), SEARCH_VERSION_KEY)}
    listing_translations_task.run(listing_id=listing.pk, source_hash=listing_source_hash_of(listing), languages=["en"])
    assert storefront_version() == before[VERSION_KEY]
    assert storefront_version(language_version_key("it")) == before[language_version_key("it")]
    assert storefront_version(SEARCH_VERSION_KEY) > before[SEARCH_VERSION_KEY]
    # The English home page shows the new title at once; the Italian one is still the cached page.
    assert f"&lt;en&gt; {CHINESE['title']}" in client.get(home, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    italian = client.get(home, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "&lt;en&gt;" not in italian and CHINESE["title"] in italian


def test_batches_nest_and_any_change_outside_them_retires_everything(
    private_cache, bumps, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), storefront_changes_batched():
        storefront_changed(language="it")
        with storefront_changes_batched():
            storefront_changed(language="it")
            storefront_changed(language="fr")
        assert bumps == []  # the inner block is not the outermost: nothing yet
        storefront_changed()
    assert sorted(set(bumps)) == sorted(
        {VERSION_KEY, language_version_key("it"), language_version_key("fr"), SEARCH_VERSION_KEY}
    )
    assert len(bumps) == 8
    bumps.clear()
    with django_capture_on_commit_callbacks(execute=True):
        storefront_changed()
    assert bumps == [VERSION_KEY, VERSION_KEY]
    assert cache.get(VERSION_KEY) == storefront_version()
