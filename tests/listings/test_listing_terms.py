# ruff: noqa: F811 (fixtures are imported, then requested by name)
"""Option names, option values and attribute names (a listing's "terms") in
the reader's language: made by the listing's translation job (the offline
glossary here, the real engine), corrected by the seller's own override,
shown on the listing page, the buy form and the API, original one click away;
and the honest note where a title is not translated."""

import re

import pytest
from django.urls import reverse

from listings import services as listing_services
from listings.models import ListingTranslation
from listings.services import VariantInput
from listings.translations import (
    listing_terms,
    listing_translation_override,
    listing_translation_refresh,
)
from tests.listings.conftest import approved_seller, leaf_category, listing_input, make_listing  # noqa: F401 (fixtures)
from tests.listings.test_storefront import private_cache  # noqa: F401 (a fixture)
from tests.listings.test_translations import current_hash, engine, glossary_only  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

CHINESE = {
    "title": "女士 夏季 碎花 连衣裙 雪纺 长裙",
    "attributes": {"颜色": "咖啡色", "面料": "雪纺"},
    "source_language": "zh-hans",
    "variants": [
        VariantInput(sku="D-BROWN-L", options={"颜色": "咖啡色", "尺码": "L"}, stock=5),
        VariantInput(sku="D-BLACK-M", options={"颜色": "黑色", "尺码": "M"}, stock=5),
    ],
}

# What the glossary makes of the terms, per interface language.
EXPECTED = {
    "en": ("colour", "size", "brown", "black"),
    "ru": ("цвет", "размер", "коричневый", "черный"),
    "it": ("colore", "taglia", "marrone", "nero"),
    "es": ("color", "talla", "marrón", "negro"),
    "tr": ("renk", "beden", "kahverengi", "siyah"),
    "pt-br": ("cor", "tamanho", "marrom", "preto"),
    "fr": ("couleur", "taille", "marron", "noir"),
}


def translate(listing, language):
    return listing_translation_refresh(listing_id=listing.pk, language=language, source_hash=current_hash(listing.pk))


def picker(html: str) -> str:
    match = re.search(r'<fieldset class="variant-picker".*?</fieldset>', html, re.S)
    assert match, "no variant picker"
    return match.group(0)


def specs(html: str) -> str:
    return re.search(r'<table class="spec-table".*?</table>', html, re.S).group(0)


def test_the_terms_are_the_attribute_names_option_names_and_values(make_listing):
    listing = make_listing(**CHINESE)
    terms = listing_terms(listing)
    assert sorted(terms) == sorted(["颜色", "面料", "尺码", "咖啡色", "L", "黑色", "M"])
    assert terms.index("尺码") < terms.index("咖啡色")  # option names before their values


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_options_and_specifications_are_translated_on_the_page_and_the_api(
    language, private_cache, client, make_listing, glossary_only
):
    listing = make_listing(**CHINESE)
    assert translate(listing, language).status == "stored"
    colour, size, brown, black = EXPECTED[language]
    row = ListingTranslation.objects.get(listing=listing, language=language)
    assert row.terms["颜色"] == colour and row.terms["咖啡色"] == brown and row.terms["尺码"] == size

    url = reverse("listings:detail", args=[listing.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    chips = picker(html)
    assert f"{colour.capitalize()} / {size.capitalize()}" in chips
    assert f"{brown} / L" in chips and f"{black} / M" in chips
    assert not re.search(r"[\u4e00-\u9fff]", chips), "a Chinese term is left in the picker"
    table = specs(html)
    assert f'<th scope="row">{colour.capitalize()}</th><td>{brown}</td>' in table
    if language != "en":  # into English the CC-CEDICT fallback reads it (translation/cedict.py)
        assert "面料" in table  # the glossary does not know it: shown as the seller wrote it, not invented

    # The original, one click away: the whole page, buy form included.
    original = client.get(url, {"original": "1"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "颜色 / 尺码" in picker(original) and "咖啡色 / L" in picker(original)
    assert '<th scope="row">颜色</th><td>咖啡色</td>' in specs(original)

    api = client.get(reverse("api-listing-detail", args=[listing.pk]), {"lang": language}).json()
    assert api["option_names"][0] == {"name": colour, "original": "颜色"}
    assert [v["label"] for v in api["variants"]] == [f"{brown} / L", f"{black} / M"]
    assert [v["original_label"] for v in api["variants"]] == ["咖啡色 / L", "黑色 / M"]
    assert api["variants"][0]["translated_options"][0] == {
        "name": colour, "value": brown, "original_name": "颜色", "original_value": "咖啡色"
    }  # fmt: skip
    assert {spec["original_name"]: spec for spec in api["specifications"]}["颜色"] == {
        "name": colour, "value": brown, "original_name": "颜色", "original_value": "咖啡色"
    }  # fmt: skip
    own = client.get(reverse("api-listing-detail", args=[listing.pk]), {"lang": "zh-hans"}).json()
    assert own["variants"][0]["label"] == "咖啡色 / L" and own["option_names"][0]["name"] == "颜色"


def test_the_price_box_request_shows_the_translated_options_without_another_query(
    private_cache, client, make_listing, glossary_only, django_assert_max_num_queries
):
    from tests.listings.test_storefront import BUDGET

    listing = make_listing(**CHINESE)
    translate(listing, "en")
    url = reverse("listings:detail", args=[listing.pk])
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")  # fills the page cache: the buy form is read on its own next time
    with django_assert_max_num_queries(BUDGET["listing"]):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "brown / L" in picker(html)


def test_a_new_variant_gets_its_terms_from_the_next_job(make_listing, approved_seller, leaf_category, glossary_only):
    listing = make_listing(**CHINESE)
    translate(listing, "en")
    variants = [*CHINESE["variants"], VariantInput(sku="D-RED-L", options={"颜色": "红色", "尺码": "L"}, stock=1)]
    listing_services.listing_update(
        actor=approved_seller.user,
        listing_id=listing.pk,
        data=listing_input(leaf_category, **{**CHINESE, "variants": variants}),
    )
    assert translate(listing, "en").status == "current"  # title and attributes unchanged: same row
    assert ListingTranslation.objects.get(listing=listing, language="en").terms["红色"] == "red"


def test_the_sellers_own_terms_win_and_survive_the_machine(
    private_cache, client, make_listing, approved_seller, glossary_only
):
    listing = make_listing(**CHINESE)
    translate(listing, "en")
    listing_translation_override(
        actor=approved_seller.user,
        listing_id=listing.pk,
        language="en",
        title="Women's floral chiffon maxi dress",
        attributes={},
        terms={"咖啡色": "Mocha", "面料": "Fabric"},
    )
    assert translate(listing, "en").status == "human"
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert row.terms["咖啡色"] == "Mocha" and row.terms["面料"] == "Fabric" and row.terms["颜色"] == "colour"
    html = client.get(reverse("listings:detail", args=[listing.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mocha / L" in picker(html)
    assert '<th scope="row">Fabric</th>' in specs(html)


def test_a_term_the_listing_does_not_have_is_refused(make_listing, approved_seller):
    from marketplace.errors import DomainError

    listing = make_listing(**CHINESE)
    with pytest.raises(DomainError) as error:
        listing_translation_override(
            actor=approved_seller.user, listing_id=listing.pk, language="en", title="A dress, long",
            attributes={}, terms={"尺寸": "size"},
        )  # fmt: skip
    assert error.value.field == "terms"
    assert not ListingTranslation.objects.filter(listing=listing).exists()


def test_the_seller_translates_terms_on_the_translations_page(client, make_listing, approved_seller, glossary_only):
    listing = make_listing(**CHINESE)
    translate(listing, "en")
    client.force_login(approved_seller.user)
    url = reverse("seller_listings:translations", args=[listing.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="terms-en"' in page and 'value="brown"' in page
    number = listing_terms(listing).index("咖啡色")
    response = client.post(
        url, {"language": "en", "action": "save", "title": "Floral chiffon maxi dress", f"term-{number}": "Chocolate"}
    )
    assert response.status_code == 302
    row = ListingTranslation.objects.get(listing=listing, language="en")
    assert row.terms["咖啡色"] == "Chocolate" and row.terms["颜色"] == "colour"


# --- the honest fallback ---------------------------------------------------------------------


RUSSIAN = {"title": "Шёлковый платок ручной работы", "attributes": {}, "source_language": "ru", "variants": [
    VariantInput(sku="SCARF", options={}, stock=3)]}  # fmt: skip


def test_an_untranslated_title_says_so_on_cards_and_the_page(private_cache, client, make_listing, settings):
    settings.CARAVAN_TRANSLATION_ENGINES = []  # no engine at all: nothing can be translated
    listing = make_listing(**RUSSIAN)
    assert translate(listing, "en").status == "untranslated"
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert RUSSIAN["title"] in home
    assert 'data-testid="card-not-translated">Not translated yet · Russian</span>' in home
    page = client.get(reverse("listings:detail", args=[listing.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 class="product-title" lang="ru">' in page
    assert "Not translated yet · Russian" in page
    # In the seller's own language there is nothing to say.
    own = client.get(reverse("listings:detail", args=[listing.pk]), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'data-testid="title-not-translated"' not in own


def test_a_translated_title_has_no_such_note(private_cache, client, make_listing, glossary_only):
    listing = make_listing(**CHINESE)
    translate(listing, "en")
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="card-not-translated"' not in home


def test_the_sellers_english_is_the_source_where_no_engine_reads_the_original(make_listing, approved_seller, settings):
    """Italian → Turkish: no offline engine; the seller's English is read by the glossary? No: the
    glossary reads Chinese, Russian and Turkish. So a fake English-only engine stands for one that
    reads English (e.g. LibreTranslate en→tr) while nothing reads Italian."""
    from translation.engines.base import Engine, EngineResult

    class EnglishOnly(Engine):
        name = "english-only"

        def supports(self, source, target):
            return source == "en" and target != "en"

        def translate(self, text, source, target):
            return EngineResult(text=f"[{target}] {text}", engine=self.name)

    settings.CARAVAN_TRANSLATION_ENGINES = [EnglishOnly()]
    listing = make_listing(title="Sciarpa di seta fatta a mano", attributes={}, source_language="it")
    listing_translation_override(
        actor=approved_seller.user, listing_id=listing.pk, language="en", title="Handmade silk scarf", attributes={}
    )
    assert translate(listing, "tr").status == "stored"
    assert ListingTranslation.objects.get(listing=listing, language="tr").title == "[tr] Handmade silk scarf"
