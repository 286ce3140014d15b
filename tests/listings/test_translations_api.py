# ruff: noqa: F811 (the catalogue's fixtures are imported, then requested by name)
"""The listing-translations API (read, the seller's override, reset to machine)
and the public listing detail in the reader's language."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from listings.models import ListingTranslation
from listings.translations import listing_translation_refresh
from tests.factories import UserFactory
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.listings.test_translations import current_hash, queued
from translation.models import TranslationKind

pytestmark = pytest.mark.django_db

CHINESE = {
    "title": "女士 夏季 碎花 连衣裙 雪纺 长裙",
    "description": "<p>轻薄雪纺面料，<strong>透气舒适</strong>。</p>",
    "attributes": {"material": "雪纺", "season": "夏季"},
    "source_language": "zh-hans",
}
OTHER_LANGUAGES = ["en", "ru", "it", "es", "tr", "pt-br", "fr"]
ENGLISH = {
    "title": "Floral chiffon maxi dress",
    "attributes": {"material": "chiffon", "season": "summer"},
    "description": '<p>Light <strong>chiffon</strong>.</p><script>alert(1)</script><p onclick="x()">Lined.</p>',
}


@pytest.fixture
def glossary(settings):
    settings.CARAVAN_TRANSLATION_ENGINES = ["translation.glossary.GlossaryEngine"]
    settings.LIBRETRANSLATE_URL = ""


@pytest.fixture
def listing(make_listing, glossary):
    return make_listing(**CHINESE)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def list_url(listing_id: int) -> str:
    return reverse("api-seller-listing-translations", args=[listing_id])


def one_url(listing_id: int, language: str) -> str:
    return reverse("api-seller-listing-translation", args=[listing_id, language])


def error(response) -> dict:
    return response.json()["error"]


# --- read -------------------------------------------------------------------------------------


def test_the_seller_reads_every_other_language_with_its_status(listing, approved_seller):
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    response = client_for(approved_seller.user).get(list_url(listing.pk))
    assert response.status_code == 200
    rows = {row["language"]: row for row in response.json()}
    assert list(rows) == OTHER_LANGUAGES
    assert rows["en"] == {
        "language": "en",
        "title": "women summer floral dress chiffon long dress",
        "attributes": {"material": "chiffon", "season": "summer"},
        "description": "",  # no engine for sentences from Chinese offline
        "engine": "glossary",
        "kind": "keywords",
        "status": "current",
    }
    assert rows["fr"] == {
        "language": "fr",
        "title": None,
        "attributes": None,
        "description": None,
        "engine": None,
        "kind": None,
        "status": "missing",
    }


def test_a_translation_made_before_an_edit_reads_stale(listing, approved_seller):
    listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    type(listing).objects.filter(pk=listing.pk).update(description="<p>新的描述</p>")
    rows = {row["language"]: row for row in client_for(approved_seller.user).get(list_url(listing.pk)).json()}
    assert rows["en"]["status"] == "stale"


def test_the_list_takes_a_bounded_number_of_queries(listing, approved_seller, django_assert_max_num_queries):
    for language in OTHER_LANGUAGES:
        listing_translation_refresh(listing_id=listing.pk, language=language, source_hash=current_hash(listing.pk))
    client = client_for(approved_seller.user)
    with django_assert_max_num_queries(8):
        assert client.get(list_url(listing.pk)).status_code == 200


# --- override and reset --------------------------------------------------------------------------


def test_put_stores_a_human_translation_sanitised(listing, approved_seller):
    response = client_for(approved_seller.user).put(one_url(listing.pk, "en"), ENGLISH, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["kind"], body["engine"], body["status"]) == ("human", "seller", "current")
    assert body["description"] == "<p>Light <strong>chiffon</strong>.</p><p>Lined.</p>"
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert (row.kind, row.title, row.attributes) == (TranslationKind.HUMAN, ENGLISH["title"], ENGLISH["attributes"])
    assert "script" not in row.description and "onclick" not in row.description
    # a machine job does not overwrite it
    outcome = listing_translation_refresh(listing_id=listing.pk, language="en", source_hash=current_hash(listing.pk))
    assert outcome.status == "human"


def test_put_without_a_description_keeps_the_machine_one(listing, approved_seller):
    ListingTranslation.objects.create(
        listing=listing, language="it", title="abito", description="<p>Chiffon leggero.</p>", source_hash="x"
    )
    data = {"title": "Abito lungo in chiffon"}
    response = client_for(approved_seller.user).put(one_url(listing.pk, "it"), data, format="json")
    assert response.status_code == 200
    assert response.json()["description"] == "<p>Chiffon leggero.</p>"
    assert response.json()["attributes"] == {}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "title"),
        ({"title": "abc"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Floral dress", "attributes": {"colour": "red"}}, "attributes"),
        ({"title": "Floral dress", "attributes": ["red"]}, "attributes"),
        ({"title": "Floral dress", "attributes": {"material": "x" * 201}}, "attributes.material"),
        ({"title": "Floral dress", "description": None}, "description"),
        ({"title": "Floral dress", "description": "x" * 20_001}, "description"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(listing, approved_seller, data, field):
    response = client_for(approved_seller.user).put(one_url(listing.pk, "en"), data, format="json")
    assert response.status_code == 400, response.json()
    assert field in error(response)["fields"], error(response)
    assert not ListingTranslation.objects.filter(listing=listing).exists()


@pytest.mark.parametrize("language", ["zh-hans", "de", "xx"])
def test_the_listings_own_or_an_unknown_language_is_refused(listing, approved_seller, language):
    response = client_for(approved_seller.user).put(one_url(listing.pk, language), ENGLISH, format="json")
    assert response.status_code == 400
    assert "language" in error(response)["fields"]


def test_a_non_json_body_is_a_400(listing, approved_seller):
    client = client_for(approved_seller.user)
    response = client.generic("PUT", one_url(listing.pk, "en"), "title=x", content_type="text/plain")
    assert response.status_code in (400, 415)
    assert "error" in response.json()


def test_delete_goes_back_to_the_machine_and_queues_the_job(
    listing, approved_seller, django_capture_on_commit_callbacks
):
    client = client_for(approved_seller.user)
    client.put(one_url(listing.pk, "en"), ENGLISH, format="json")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.delete(one_url(listing.pk, "en"))
    assert response.status_code == 204
    assert not ListingTranslation.objects.filter(listing=listing, language="en").exists()
    assert queued(callbacks) == [{"listing_id": listing.pk, "language": "en", "source_hash": current_hash(listing.pk)}]
    again = client.delete(one_url(listing.pk, "en"))  # nothing of the seller's left
    assert again.status_code == 400 and "language" in error(again)["fields"]


# --- who may ---------------------------------------------------------------------------------------


def requests_for(listing_id: int):
    return [
        ("get", list_url(listing_id), None),
        ("put", one_url(listing_id, "en"), ENGLISH),
        ("delete", one_url(listing_id, "en"), None),
    ]


def call(client, method, url, data):
    return getattr(client, method)(url, data, format="json") if data is not None else getattr(client, method)(url)


def test_anonymous_callers_are_refused(listing):
    for method, url, data in requests_for(listing.pk):
        response = call(APIClient(), method, url, data)
        assert response.status_code == 401, (method, url)
        assert error(response)["code"] == "not_authenticated"
    assert not ListingTranslation.objects.exists()


def test_another_sellers_listing_is_not_found(listing, make_seller):
    other = make_seller(status="approved", country="IT")
    client = client_for(other.user)
    for method, url, data in requests_for(listing.pk):
        response = call(client, method, url, data)
        assert response.status_code == 404, (method, url)
    assert not ListingTranslation.objects.exists()
    assert client.get(list_url(999_999)).status_code == 404


@pytest.mark.parametrize("status", ["none", "submitted", "suspended"])
def test_a_store_that_is_not_approved_is_refused(listing, make_seller, vetting_officer, status):
    if status == "none":
        user = UserFactory()
    elif status == "suspended":
        from sellers import services as seller_services

        seller = make_seller(status="approved", country="ES")
        seller_services.seller_suspend(seller_id=seller.pk, actor=vetting_officer, reason="Counterfeits")
        user = seller.user
    else:
        user = make_seller(status=status, country="ES").user
    for method, url, data in requests_for(listing.pk):
        response = call(client_for(user), method, url, data)
        assert response.status_code == 403, (method, url)
        assert error(response)["code"] == "permission_denied"


def test_a_suspended_owner_is_refused_on_its_own_listing(listing, approved_seller, vetting_officer):
    from sellers import services as seller_services

    seller_services.seller_suspend(seller_id=approved_seller.pk, actor=vetting_officer, reason="Counterfeits")
    for method, url, data in requests_for(listing.pk):
        assert call(client_for(approved_seller.user), method, url, data).status_code == 403


# --- the public detail in the reader's language ---------------------------------------------------


def detail(client, listing_id, **params):
    headers = {"HTTP_ACCEPT_LANGUAGE": params.pop("accept")} if "accept" in params else {}
    response = client.get(reverse("api-listing-detail", args=[listing_id]), params, **headers)
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_public_detail_reads_in_the_requested_language(listing, approved_seller):
    client_for(approved_seller.user).put(one_url(listing.pk, "en"), ENGLISH, format="json")
    english = detail(APIClient(), listing.pk, lang="en")
    assert english["title"] == ENGLISH["title"]
    assert english["attributes"] == ENGLISH["attributes"]
    assert english["description"] == "<p>Light <strong>chiffon</strong>.</p><p>Lined.</p>"
    assert (english["language"], english["translated_from"], english["translation_kind"]) == ("en", "zh-hans", "human")
    assert english["description_translated"] is True

    by_header = detail(APIClient(), listing.pk, accept="en")
    assert by_header["title"] == ENGLISH["title"] and by_header["translated_from"] == "zh-hans"

    original = detail(APIClient(), listing.pk, lang="zh-hans")
    assert original["title"] == CHINESE["title"] and original["description"] == CHINESE["description"]
    assert (original["language"], original["translated_from"], original["translation_kind"]) == ("zh-hans", None, None)


def test_a_language_without_a_translation_gives_the_original(listing):
    listing_translation_refresh(listing_id=listing.pk, language="fr", source_hash=current_hash(listing.pk))
    french = detail(APIClient(), listing.pk, lang="fr")
    assert french["title"] == "femme été fleuri robe mousseline robe longue"  # the glossary's keywords
    assert french["translation_kind"] == "keywords"
    assert french["description"] == CHINESE["description"] and french["description_translated"] is False
    italian = detail(APIClient(), listing.pk, lang="it")  # nothing in Italian yet
    assert italian["title"] == CHINESE["title"] and italian["translated_from"] is None


def test_an_unknown_lang_is_a_400_naming_it(listing):
    response = APIClient().get(reverse("api-listing-detail", args=[listing.pk]), {"lang": "klingon"})
    assert response.status_code == 400
    assert "lang" in error(response)["fields"]
