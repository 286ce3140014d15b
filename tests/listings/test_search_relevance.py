# ruff: noqa: F811 (fixtures imported, then requested by name)
"""Search in the reader's language, with typos, on both databases.

Every test here runs twice: on PostgreSQL (the test database) and on SQLite
(the embedded default of `make run`), through the same services, selectors
and pages. The SQLite run swaps the default connection for an in-memory SQLite
test database made by the same migrations (`search_db` below), so everything
the test calls (listing_create, the translation services, the search page)
runs on SQLite exactly as on `make run`.

Three listings written in Chinese, Italian and Turkish, translated into
English, Spanish and Russian (the sellers' own translations, stored through
listing_translation_store_human), are found by English, Spanish and Russian
readers by a word of the translated title, attributes or description, and by
titles and attributes with one letter wrong, missing, extra or swapped."""

import io
import re
from contextlib import contextmanager

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from listings import services as listing_services
from listings.models import Listing, ListingStatus
from listings.search import listings_search_index_update
from listings.selectors import BrowseFilters, listings_browse
from listings.tasks import listing_translations_task
from listings.translations import listing_source_hash_of, listing_translation_store_human
from sellers.models import Seller, SellerStatus
from tests.listings.conftest import approved_seller, leaf_category, make_listing  # noqa: F401 (fixtures)
from tests.listings.test_storefront import private_cache  # noqa: F401 (a fixture)
from translation.engines.base import Engine, EngineResult

pytestmark = pytest.mark.django_db


@contextmanager
def _as_default(wrapper):
    """Make `wrapper` the default connection (what `connection`, the ORM and
    transaction.atomic() use) until the block ends."""
    previous = connections[DEFAULT_DB_ALIAS]
    ContentType.objects.clear_cache()  # cached per alias, and both databases are "default"
    setattr(connections._connections, DEFAULT_DB_ALIAS, wrapper)
    try:
        yield wrapper
    finally:
        setattr(connections._connections, DEFAULT_DB_ALIAS, previous)
        ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def embedded_database(django_db_blocker, tmp_path_factory):
    """A SQLite database made by the migrations, as `make run` makes var/caravan.sqlite3
    (the data migrations write their rows to it because it is the default while they run)."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = tmp_path_factory.mktemp("embedded") / "caravan.sqlite3"
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
    )
    wrapper = DatabaseWrapper(configured[DEFAULT_DB_ALIAS], alias=DEFAULT_DB_ALIAS)
    with django_db_blocker.unblock(), _as_default(wrapper):
        call_command("migrate", verbosity=0, interactive=False)
    yield wrapper
    with django_db_blocker.unblock():
        wrapper.close()


@pytest.fixture(params=["postgresql", "sqlite"])
def search_db(request, db) -> str:
    """The database every service, selector and page of the test runs on; on
    SQLite the test's writes are rolled back at its end, as pytest-django does
    on PostgreSQL."""
    if request.param == "postgresql":
        assert connections[DEFAULT_DB_ALIAS].vendor == "postgresql"
        yield "postgresql"
        return
    with _as_default(request.getfixturevalue("embedded_database")):
        assert connections[DEFAULT_DB_ALIAS].vendor == "sqlite"
        with transaction.atomic():
            yield "sqlite"
            transaction.set_rollback(True)


CATALOGUE = {
    "dress": {
        "country": "CN",
        "source_language": "zh-hans",
        "title": "2025新款女士夏季碎花雪纺连衣裙长裙",
        "attributes": {"材质": "雪纺", "季节": "夏季"},
        "description": "<p>轻薄透气，适合炎热的夏天。</p>",
        "translations": {
            "en": ("Floral summer maxi dress", {"材质": "chiffon", "季节": "summer"}, "<p>Breathable and airy.</p>"),
            "es": (
                "Vestido largo floral de verano",
                {"材质": "gasa", "季节": "verano"},
                "<p>Ligero y transpirable.</p>",
            ),
            "ru": ("Летнее платье макси в цветочек", {"材质": "шифон", "季节": "лето"}, "<p>Лёгкое и дышащее.</p>"),
        },
    },
    "wallet": {
        "country": "IT",
        "source_language": "it",
        "title": "Portafoglio in pelle con portamonete",
        "attributes": {"Materiale": "vitello"},
        "description": "<p>Cucito a mano, sei tasche per carte.</p>",
        "translations": {
            "en": (
                "Leather wallet with coin pocket",
                {"Materiale": "calfskin"},
                "<p>Hand-stitched, six card slots.</p>",
            ),
            "es": ("Cartera de piel con monedero", {"Materiale": "becerro"}, "<p>Cosida a mano, seis ranuras.</p>"),
            "ru": (
                "Кожаный кошелек с монетницей",
                {"Materiale": "телячья кожа"},
                "<p>Прошит вручную, шесть карманов.</p>",
            ),
        },
    },
    "sweater": {
        "country": "TR",
        "source_language": "tr",
        "title": "Yün örgü kazak",
        "attributes": {"Malzeme": "yün", "Tür": "triko"},
        "description": "<p>Kışın sıcak tutar.</p>",
        "translations": {
            "en": (
                "Chunky wool knit sweater",
                {"Malzeme": "wool", "Tür": "jumper"},
                "<p>Keeps you warm in winter.</p>",
            ),
            "es": ("Jersey de punto de lana", {"Malzeme": "lana", "Tür": "pulóver"}, "<p>Abriga en invierno.</p>"),
            "ru": ("Вязаный шерстяной свитер", {"Malzeme": "шерсть", "Tür": "джемпер"}, "<p>Греет зимой.</p>"),
        },
    },
}

# (reader, what they type, the listing they find): a word of the translated title, of an
# attribute value, of the description, and titles and attributes with one-letter typos.
FINDS = [
    # English
    ("en", "dress", "dress"),
    ("en", "dres", "dress"),
    ("en", "chiffon", "dress"),  # an attribute value
    ("en", "breathable", "dress"),  # the description
    ("en", "wallet", "wallet"),
    ("en", "walet", "wallet"),
    ("en", "leather walet", "wallet"),
    ("en", "calfskin", "wallet"),
    ("en", "calfkin", "wallet"),  # a typo in an attribute value
    ("en", "stitched", "wallet"),
    ("en", "sweater", "sweater"),
    ("en", "sweter", "sweater"),
    ("en", "jumpr", "sweater"),  # an attribute value with a letter missing
    ("en", "winter", "sweater"),
    # Spanish
    ("es", "vestido", "dress"),
    ("es", "vestdo", "dress"),
    ("es", "gasa", "dress"),
    ("es", "transpirable", "dress"),
    ("es", "cartera", "wallet"),
    ("es", "carterra", "wallet"),  # a letter too many
    ("es", "monedero", "wallet"),
    ("es", "ranuras", "wallet"),
    ("es", "jersey", "sweater"),
    ("es", "pulover", "sweater"),  # the accent left out: one letter wrong
    ("es", "invierno", "sweater"),
    # Russian
    ("ru", "платье", "dress"),
    ("ru", "шифон", "dress"),
    ("ru", "дышащее", "dress"),
    ("ru", "кошелек", "wallet"),
    ("ru", "кошелк", "wallet"),
    ("ru", "карманов", "wallet"),
    ("ru", "свитер", "sweater"),
    ("ru", "свиттер", "sweater"),
    ("ru", "джемпр", "sweater"),
    ("ru", "зимой", "sweater"),
]


# Two letters swapped, which trigram similarity alone misses in a short word (PostgreSQL also
# reads the swapped variants as words; SQLite's patterns include them).
FINDS_SWAPPED = [("en", "swaeter", "sweater"), ("es", "jesrey", "sweater"), ("en", "wlalet", "wallet")]
# A typo SQLite's patterns forgive and PostgreSQL's trigram similarity does not (too few trigrams
# left in a short word): a letter missing mid-word.
FINDS_ON_SQLITE_ONLY = [("ru", "плтье", "dress")]


@pytest.fixture
def catalogue(search_db, make_seller, make_listing) -> dict[str, Listing]:
    """The three listings, published, each with its three translations."""
    listings = {}
    for key, spec in CATALOGUE.items():
        seller = make_seller(status=SellerStatus.APPROVED, country=spec["country"])
        listing = make_listing(
            seller=seller,
            title=spec["title"],
            attributes=spec["attributes"],
            description=spec["description"],
            source_language=spec["source_language"],
        )
        for language, (title, attributes, description) in spec["translations"].items():
            listing_translation_store_human(
                listing_id=listing.pk,
                language=language,
                title=title,
                attributes=attributes,
                description=description,
                engine="seller",
            )
        listings[key] = listing
    return listings


def found(text: str, reader: str) -> list[int]:
    with translation.override(reader):
        return list(listings_browse(BrowseFilters(query=text)).values_list("pk", flat=True))


def page_titles(client, text: str, reader: str) -> list[str]:
    response = client.get(reverse("search"), {"q": text}, HTTP_ACCEPT_LANGUAGE=reader)
    assert response.status_code == 200
    return re.findall(r'<span class="pcard-title">(.*?)</span>', response.content.decode())


def test_readers_find_listings_in_other_languages_by_translated_words_and_typos(catalogue):
    missed = [
        (reader, text, key, found(text, reader))
        for reader, text, key in FINDS
        if found(text, reader) != [catalogue[key].pk]
    ]
    assert missed == [], "\n".join(map(str, missed))


def test_two_swapped_letters_are_forgiven_on_both_databases(catalogue):
    assert [found(text, reader) for reader, text, _key in FINDS_SWAPPED] == [
        [catalogue[key].pk] for _reader, _text, key in FINDS_SWAPPED
    ]


def test_sqlite_also_forgives_a_letter_missing_in_a_short_word(catalogue, search_db):
    if search_db != "sqlite":
        pytest.skip("PostgreSQL forgives typos by trigram similarity (see FINDS_ON_SQLITE_ONLY)")
    assert [found(text, reader) for reader, text, _key in FINDS_ON_SQLITE_ONLY] == [
        [catalogue[key].pk] for _reader, _text, key in FINDS_ON_SQLITE_ONLY
    ]


@pytest.mark.parametrize("text", ["xylophone", "blender", "trousers", "свинец", "zapato", "walletz pocket shoe"])
def test_words_that_are_not_there_find_nothing(catalogue, text):
    assert found(text, "en") == []


def test_the_original_words_still_find(catalogue):
    assert found("连衣裙", "en") == [catalogue["dress"].pk]  # a Chinese substring, from any reader
    assert found("portafoglio", "ru") == [catalogue["wallet"].pk]
    assert found("kazak", "es") == [catalogue["sweater"].pk]


def test_a_title_hit_ranks_above_an_attribute_and_a_description_hit(search_db, make_listing):
    in_description = make_listing(title="Pastel evening blouse", description="<p>Light chiffon.</p>", attributes={})
    in_attributes = make_listing(title="Evening top", description="<p>Elegant.</p>", attributes={"fabric": "chiffon"})
    in_title = make_listing(title="Chiffon evening blouse", description="<p>Elegant.</p>", attributes={})
    make_listing(title="Leather wallet with coin pocket", description="<p>Calf leather.</p>", attributes={})
    ranked = list(listings_browse(BrowseFilters(query="chiffon")))
    assert ranked == [in_title, in_attributes, in_description]
    assert ranked[0].rank > ranked[1].rank > ranked[2].rank
    # The word as typed ranks above a typo of it.
    typo = make_listing(title="Chifon evening scarf", description="", attributes={})
    ranked = list(listings_browse(BrowseFilters(query="chiffon")))
    assert ranked[0] == in_title and typo in ranked[1:]


def test_the_search_page_shows_the_readers_titles(private_cache, client, catalogue):
    assert page_titles(client, "walet", "en") == ["Leather wallet with coin pocket"]
    assert page_titles(client, "vestdo", "es") == ["Vestido largo floral de verano"]
    assert page_titles(client, "свиттер", "ru") == ["Вязаный шерстяной свитер"]


def test_only_public_listings_are_found(catalogue, make_seller, make_listing):
    draft = make_listing(publish=False, title="Silk slip dress", attributes={}, description="")
    paused = make_listing(title="Linen shirt dress", attributes={}, description="")
    listing_services.listing_set_status(actor=paused.seller.user, listing_id=paused.pk, status=ListingStatus.PAUSED)
    suspended_store = make_seller(status=SellerStatus.APPROVED, country="CN")
    hidden = make_listing(seller=suspended_store, title="Velvet party dress", attributes={}, description="")
    Seller.objects.filter(pk=suspended_store.pk).update(status=SellerStatus.SUSPENDED)
    assert Listing.objects.filter(pk__in=[draft.pk, paused.pk, hidden.pk]).count() == 3
    assert found("dress", "en") == [catalogue["dress"].pk]
    assert found("dres", "en") == [catalogue["dress"].pk]


def test_the_index_follows_an_edit_and_a_changed_translation(catalogue):
    wallet = catalogue["wallet"]
    assert found("billfold", "en") == []
    listing_translation_store_human(
        listing_id=wallet.pk, language="en", title="Leather billfold", attributes={}, description="", engine="seller"
    )
    assert found("billfold", "en") == [wallet.pk]
    assert found("calfskin", "en") == []  # the old translation's words are gone
    listing_services.listing_update(
        actor=wallet.seller.user,
        listing_id=wallet.pk,
        data=_input_of(wallet, title="Portafoglio da viaggio in pelle"),
    )
    assert found("viaggio", "ru") == [wallet.pk]
    assert found("viagio", "ru") == [wallet.pk]


def _input_of(listing: Listing, **overrides):
    from tests.listings.conftest import listing_input

    return listing_input(listing.category, attributes=listing.attributes, source_language="it", **overrides)


def test_a_search_page_issues_a_bounded_number_of_queries(
    private_cache, client, catalogue, make_listing, django_assert_max_num_queries
):
    from tests.listings.test_storefront import BUDGET

    for i in range(12):
        make_listing(title=f"Summer dress model {i}", attributes={}, description="")
    client.get(reverse("search"), {"q": "dres"}, HTTP_ACCEPT_LANGUAGE="en")  # rates and the like, cached
    for text in ("dres", "summer dress walet"):
        with django_assert_max_num_queries(BUDGET["search"]):
            response = client.get(reverse("search"), {"q": text, "nocache": text}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200


def test_storing_translations_in_bulk_updates_the_index_once(search_db, catalogue):
    ids = [listing.pk for listing in catalogue.values()]
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as captured:
        listings_search_index_update(ids)
    writes = [q["sql"] for q in captured.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(writes) == (1 if search_db == "postgresql" else 2), writes  # SQLite: delete and insert the FTS rows
    assert found("sweter", "en") == [catalogue["sweater"].pk]


class WordsEngine(Engine):
    """Translates anything into anything as "<word of the target language> text"."""

    name = "words"
    WORDS = {"en": "teacup", "es": "tazita", "ru": "чашечка"}

    def supports(self, source, target):
        return source != target

    def translate(self, text, source, target):
        return EngineResult(text=f"{self.WORDS.get(target, target)} {text}", engine=self.name)


def index_writes(captured) -> list[str]:
    """The statements that wrote search documents (PostgreSQL: the UPDATE; SQLite: the FTS rows,
    an executemany logged as "n times: INSERT …")."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if "SET search_vector" in q["sql"] or re.search(r"\b(INSERT|DELETE)\b.*listings_search_fts", q["sql"])
    ]


def test_a_translation_job_updates_the_index_once_for_all_its_languages(search_db, settings, make_listing):
    settings.CARAVAN_TRANSLATION_ENGINES = [WordsEngine()]
    listing = make_listing(title="Tazzina da caffè", source_language="it", attributes={}, description="")
    source_hash = listing_source_hash_of(listing)
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as captured:
        statuses = listing_translations_task.run(
            listing_id=listing.pk, source_hash=source_hash, languages=["en", "es", "ru"]
        )
    assert statuses == {"en": "stored", "es": "stored", "ru": "stored"}
    assert len(index_writes(captured)) == (1 if search_db == "postgresql" else 2)  # SQLite: delete, insert
    assert found("teacup", "en") == found("tazita", "es") == found("чашечк", "ru") == [listing.pk]
    assert found("teacpu", "en") == [listing.pk] or search_db == "postgresql"  # swapped letters: SQLite only
    assert found("techup", "en") == []


def test_the_demo_seed_translation_fill_updates_the_index_once(search_db, settings, make_listing):
    from listings.translations import listing_translations_fill

    settings.CARAVAN_TRANSLATION_ENGINES = [WordsEngine()]
    listings = [
        make_listing(title=f"Tazzina da caffè {i}", source_language="it", attributes={}, description="")
        for i in range(3)
    ]
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as captured:
        stored = listing_translations_fill([listing.pk for listing in listings], with_description=False)
    assert stored == 3 * (len(settings.LANGUAGES) - 1)
    assert len(index_writes(captured)) == (1 if search_db == "postgresql" else 2)
    assert sorted(found("teacup", "en")) == sorted(listing.pk for listing in listings)


@pytest.mark.parametrize("missing", [False, True])
def test_the_rebuild_command_restores_a_lost_index(search_db, catalogue, missing):
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        if search_db == "postgresql":
            cursor.execute("UPDATE listings_listing SET search_vector = NULL, search_text = ''")
        else:
            cursor.execute("DELETE FROM listings_search_fts")
    assert found("walet", "en") == []
    call_command("search_index_rebuild", *(["--missing"] if missing else []), stdout=io.StringIO())
    assert found("walet", "en") == [catalogue["wallet"].pk]
    assert found("jumpr", "en") == [catalogue["sweater"].pk]


def test_translated_words_and_typos_go_through_the_indexes_on_postgresql(catalogue, search_db):
    """No `SET enable_seqscan = off`: the planner chooses on analysed statistics (see
    test_search.test_the_search_query_goes_through_the_gin_indexes)."""
    if search_db != "postgresql":
        pytest.skip("EXPLAIN is PostgreSQL's; SQLite's FTS5 MATCH is an index by construction")
    from tests.listings.test_search import bulk_catalogue, plan_of, settle_indexes

    bulk_catalogue(catalogue["wallet"], 2000)
    settle_indexes()
    # (The 2,000 copies are "<colour> <material> <thing> no. <n>" with no translation: none of these words.)
    queries = [("en", "calfkin", "wallet"), ("ru", "кошелк", "wallet"), ("es", "carterra monedero", "wallet"),
               ("es", "vestdo", "dress"), ("en", "jumpr", "sweater"), ("en", "swaeter", "sweater")]  # fmt: skip
    for reader, text, key in queries:
        with translation.override(reader):
            queryset = listings_browse(BrowseFilters(query=text))
            plan = plan_of(queryset)
            assert "listing_search_text_trgm" in plan, plan
            assert "Seq Scan on listings_listing" not in plan, plan
            assert list(queryset.values_list("pk", flat=True)) == [catalogue[key].pk]


def test_a_translated_option_value_finds_its_listing(search_db, make_listing):
    """The options' translations (ListingTranslation.terms) are in the document: a colour that
    only a variant has, in the reader's words and with a typo."""
    from listings.models import ListingTranslation
    from listings.services import VariantInput

    listing = make_listing(
        title="女士 针织 开衫", attributes={}, description="", source_language="zh-hans",
        variants=[VariantInput(sku="C-WINE", options={"颜色": "酒红色"}, stock=3),
                  VariantInput(sku="C-GREY", options={"颜色": "灰色"}, stock=3)],
    )  # fmt: skip
    listing_translation_store_human(
        listing_id=listing.pk, language="es", title="Cárdigan de punto para mujer", attributes={}, engine="seller"
    )
    ListingTranslation.objects.filter(listing=listing, language="es").update(
        terms={"颜色": "color", "酒红色": "burdeos", "灰色": "gris"}
    )
    listings_search_index_update([listing.pk])
    assert found("burdeos", "es") == [listing.pk]
    assert found("burdeo", "es") == [listing.pk]  # a letter missing
    assert found("cárdigan burdeos", "es") == [listing.pk]
    assert found("turquesa", "es") == []
