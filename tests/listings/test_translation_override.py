# ruff: noqa: F811 (the catalogue's fixtures are imported, then requested by name)
"""A seller's own translation of a listing (human override): the service, its
reset back to the machine, the seller-centre page and what a buyer then reads."""

import pytest
from django.conf import settings
from django.urls import reverse

from listings.models import ListingTranslation
from listings.translations import (
    listing_translation_override,
    listing_translation_refresh,
    listing_translation_reset,
)
from marketplace.errors import DomainError, NotPermitted
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, listing_input, make_listing  # noqa: F401 (fixtures)
from tests.listings.test_storefront import private_cache  # noqa: F401 (a fixture)
from tests.listings.test_translations import CHINESE, CountingEngine, current_hash, queued
from translation.models import TranslationKind

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = ["en", "ru", "it", "es", "tr", "pt-br", "fr"]


@pytest.fixture
def engine(settings):
    fake = CountingEngine()
    settings.CARAVAN_TRANSLATION_ENGINES = [fake]
    return fake


@pytest.fixture
def listing(make_listing):
    return make_listing(**CHINESE)


def page_url(listing) -> str:
    return reverse("seller_listings:translations", args=[listing.pk])


def override(listing, seller, **overrides):
    values = {"language": "en", "title": "Floral chiffon maxi dress", "attributes": {"material": "chiffon"}}
    values.update(overrides)
    return listing_translation_override(actor=seller.user, listing_id=listing.pk, **values)


# --- the service -----------------------------------------------------------------------


def test_an_override_is_a_human_row_no_machine_job_overwrites(listing, approved_seller, engine):
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert ListingTranslation.objects.get(listing=listing, language="en").kind == TranslationKind.MACHINE

    row = override(listing, approved_seller)
    assert (row.kind, row.engine, row.source_hash) == (TranslationKind.HUMAN, "seller", current_hash(listing.pk))
    assert row.attributes == {"material": "chiffon"}

    calls = len(engine.calls)
    outcome = listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert outcome.status == "human"
    assert len(engine.calls) == calls
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert (row.title, row.kind) == ("Floral chiffon maxi dress", TranslationKind.HUMAN)
    assert ListingTranslation.objects.filter(listing=listing).count() == 1


def test_search_finds_the_listing_by_a_word_of_the_override(listing, approved_seller):
    from listings.search import is_postgres
    from listings.selectors import BrowseFilters, listings_browse

    if not is_postgres():
        pytest.skip("the search vector is PostgreSQL's")
    override(listing, approved_seller, title="Gossamer evening gown")
    assert list(listings_browse(BrowseFilters(query="gossamer")).values_list("pk", flat=True)) == [listing.pk]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "Tiny"}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"language": "zh-hans"}, "language"),  # the listing's own
        ({"language": "de"}, "language"),  # not an interface language
        ({"attributes": {"colour": "red"}}, "attributes"),  # the listing has no such attribute
        ({"attributes": {"material": "x" * 201}}, "attributes"),
    ],
)
def test_validation_errors_name_the_field(listing, approved_seller, overrides, field):
    with pytest.raises(DomainError) as caught:
        override(listing, approved_seller, **overrides)
    assert caught.value.field == field
    assert not isinstance(caught.value, NotPermitted)
    assert not ListingTranslation.objects.exists()


def test_only_the_listings_seller_may_translate_it(listing, make_seller):
    other = make_seller(status="approved", country="CN")
    with pytest.raises(NotPermitted):
        override(listing, other)
    with pytest.raises(NotPermitted):
        listing_translation_override(
            actor=UserFactory(), listing_id=listing.pk, language="en", title="Floral dress", attributes={}
        )
    assert not ListingTranslation.objects.exists()


def test_a_suspended_seller_may_not_translate(listing, approved_seller, vetting_officer):
    from sellers import services as seller_services

    seller_services.seller_suspend(seller_id=approved_seller.pk, actor=vetting_officer, reason="Counterfeits")
    with pytest.raises(NotPermitted):
        override(listing, approved_seller)


def test_reset_deletes_the_human_row_and_queues_a_machine_job(
    listing, approved_seller, engine, django_capture_on_commit_callbacks
):
    override(listing, approved_seller)
    with django_capture_on_commit_callbacks() as callbacks:
        listing_translation_reset(actor=approved_seller.user, listing_id=listing.pk, language="en")
    assert not ListingTranslation.objects.filter(listing=listing).exists()
    jobs = queued(callbacks)
    assert jobs == [{"listing_id": listing.pk, "language": "en", "source_hash": current_hash(listing.pk)}]

    listing_translation_refresh(**jobs[0])  # the job runs: the machine translation is back
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert (row.kind, row.title) == (TranslationKind.MACHINE, f"<en> {CHINESE['title']}")


def test_reset_refuses_another_seller_and_a_machine_row(
    listing, approved_seller, make_seller, engine, django_capture_on_commit_callbacks
):
    override(listing, approved_seller)
    other = make_seller(status="approved", country="CN")
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(NotPermitted):
        listing_translation_reset(actor=other.user, listing_id=listing.pk, language="en")
    assert ListingTranslation.objects.filter(listing=listing, kind=TranslationKind.HUMAN).count() == 1
    listing_translation_refresh(listing_id=listing.pk, language="fr", source_hash=current_hash(listing.pk))
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(DomainError) as caught:
        listing_translation_reset(actor=approved_seller.user, listing_id=listing.pk, language="fr")
    assert caught.value.field == "language"
    assert queued(callbacks) == []
    assert ListingTranslation.objects.filter(listing=listing, language="fr").exists()


# --- the seller-centre page ------------------------------------------------------------------


def test_the_page_lists_every_other_language_with_its_status(
    client, listing, approved_seller, leaf_category, engine, django_assert_max_num_queries
):
    from listings import services as listing_services

    listing_translation_refresh(listing_id=listing.pk, language="fr", source_hash=current_hash(listing.pk))
    override(listing, approved_seller, language="it", title="Abito lungo in chiffon")
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    # an edit leaves en/fr/it made from an older source; a fresh es row is current
    listing_services.listing_update(
        actor=approved_seller.user,
        listing_id=listing.pk,
        data=listing_input(leaf_category, **{**CHINESE, "title": "女士 夏季 连衣裙"}),
    )
    listing_translation_refresh(listing_id=listing.pk, language="es", source_hash=current_hash(listing.pk))
    override(listing, approved_seller, language="ru", title="Платье из шифона")

    client.force_login(approved_seller.user)
    with django_assert_max_num_queries(12):
        response = client.get(page_url(listing))
    assert response.status_code == 200
    html = response.content.decode()
    for code in OTHER_LANGUAGES:
        assert f'data-testid="translation-{code}"' in html
        assert f'data-testid="edit-{code}"' in html
    assert 'data-testid="translation-zh-hans"' not in html

    def cell(name, code):
        start = html.index(f'data-testid="{name}-{code}"')
        return html[start : html.index("</td>", start)]

    assert "Current" in cell("status", "es") and "Machine" in cell("kind", "es") and "counting" in cell("engine", "es")
    assert "Current" in cell("status", "ru") and "Human" in cell("kind", "ru")
    assert "Outdated" in cell("status", "it") and "Human" in cell("kind", "it")
    assert "Outdated" in cell("status", "fr") and "Machine" in cell("kind", "fr")
    assert "not translated yet" in cell("title", "tr")
    assert "Missing" in cell("status", "pt-br")
    assert 'data-testid="reset-ru"' in html and 'data-testid="reset-it"' in html
    assert 'data-testid="reset-es"' not in html


def test_the_edit_page_links_to_the_translations(client, listing, approved_seller):
    client.force_login(approved_seller.user)
    html = client.get(reverse("seller_listings:edit", args=[listing.pk])).content.decode()
    assert f'href="{page_url(listing)}"' in html


def test_saving_and_resetting_through_the_page(client, listing, approved_seller, django_capture_on_commit_callbacks):
    client.force_login(approved_seller.user)
    data = {"language": "fr", "action": "save", "title": "Robe longue en mousseline", "attr-material": "mousseline"}
    response = client.post(page_url(listing), data)
    assert response.status_code == 302
    row = ListingTranslation.objects.get(listing=listing, language="fr")
    assert (row.title, row.kind, row.attributes) == (
        "Robe longue en mousseline",
        TranslationKind.HUMAN,
        {"material": "mousseline"},
    )
    assert "Robe longue en mousseline" in client.get(page_url(listing)).content.decode()

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(page_url(listing), {"language": "fr", "action": "reset"})
    assert response.status_code == 302
    assert not ListingTranslation.objects.filter(listing=listing).exists()
    assert [job["language"] for job in queued(callbacks)] == ["fr"]


def test_a_refused_save_shows_the_error_on_its_field(client, listing, approved_seller):
    client.force_login(approved_seller.user)
    response = client.post(page_url(listing), {"language": "es", "action": "save", "title": "Hi"})
    assert response.status_code == 400
    html = response.content.decode()
    section = html[html.index('data-testid="edit-es"') :]
    section = section[: section.index("</section>")]
    assert 'class="field has-error" data-field="title"' in section
    assert 'value="Hi"' in section
    assert not ListingTranslation.objects.exists()


def test_another_seller_gets_a_404(client, listing, make_seller):
    other = make_seller(status="approved", country="CN")
    client.force_login(other.user)
    assert client.get(page_url(listing)).status_code == 404
    data = {"language": "en", "action": "save", "title": "Floral chiffon maxi dress"}
    assert client.post(page_url(listing), data).status_code == 404
    assert not ListingTranslation.objects.exists()


def test_a_buyer_and_a_visitor_have_no_access(client, listing):
    response = client.get(page_url(listing))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(UserFactory())
    response = client.get(page_url(listing))
    assert response.status_code == 302 and "translations" not in response["Location"]
    data = {"language": "en", "action": "save", "title": "Floral chiffon maxi dress"}
    client.post(page_url(listing), data)
    assert not ListingTranslation.objects.exists()


# --- what a buyer reads ----------------------------------------------------------------------


def test_a_buyer_reads_the_sellers_own_title_in_their_language(private_cache, client, listing, approved_seller):
    override(listing, approved_seller, language="it", title="Abito lungo in chiffon a fiori", attributes={})
    url = reverse("listings:detail", args=[listing.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    for buyer in (None, UserFactory(language="it")):  # a visitor, then a signed-in buyer who reads Italian
        if buyer is not None:
            client.force_login(buyer)
        html = client.get(url).content.decode()
        assert '<html lang="it"' in html
        assert '<h1 class="product-title">Abito lungo in chiffon a fiori</h1>' in html
        assert f'<h1 class="product-title">{CHINESE["title"]}</h1>' not in html


# --- descriptions ------------------------------------------------------------------------------


def test_the_page_saves_a_description_sanitised_and_a_buyer_reads_it(private_cache, client, listing, approved_seller):
    client.force_login(approved_seller.user)
    html = client.get(page_url(listing)).content.decode()
    assert 'data-testid="description-fr"' in html  # the listing has a description to translate
    data = {
        "language": "fr",
        "action": "save",
        "title": "Robe longue en mousseline",
        "attr-material": "mousseline",
        "description": "<p>Mousseline <strong>légère</strong>.</p><script>alert(1)</script>"
        '<p onclick="x()">Doublée.</p>',
    }
    assert client.post(page_url(listing), data).status_code == 302
    row = ListingTranslation.objects.get(listing=listing, language="fr")
    assert row.description == "<p>Mousseline <strong>légère</strong>.</p><p>Doublée.</p>"
    page = client.get(page_url(listing)).content.decode()
    start = page.index('data-testid="description-cell-fr"')
    assert "Mousseline légère." in page[start : page.index("</td>", start)]  # the table's excerpt
    assert "&lt;p&gt;Mousseline" in page  # the textarea, escaped

    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    buyer_page = client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
    assert row.description in buyer_page and "<script>alert(1)" not in buyer_page
    assert 'data-testid="description-translation-note"' in buyer_page


def test_a_too_long_description_is_refused_on_its_field(client, listing, approved_seller, settings):
    settings.CARAVAN_LISTING_DESCRIPTION_MAX_CHARS = 50
    client.force_login(approved_seller.user)
    data = {"language": "es", "action": "save", "title": "Vestido largo de gasa", "description": "<p>" + "x" * 60}
    response = client.post(page_url(listing), data)
    assert response.status_code == 400
    html = response.content.decode()
    section = html[html.index('data-testid="edit-es"') :]
    section = section[: section.index("</section>")]
    assert 'class="field has-error" data-field="description"' in section
    assert not ListingTranslation.objects.exists()


def test_a_machine_row_without_its_description_says_so_on_the_page(client, listing, approved_seller, engine):
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    client.force_login(approved_seller.user)
    html = client.get(page_url(listing)).content.decode()
    start = html.index('data-testid="description-cell-en"')
    assert "not translated yet" in html[start : html.index("</td>", start)]
    assert 'data-testid="description-missing-en"' in html
