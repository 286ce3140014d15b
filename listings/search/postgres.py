"""The PostgreSQL search backend: full-text search on a stored, weighted
tsvector (GIN index `listing_search_gin`) plus pg_trgm word similarity on a
stored text of every title and attribute value in every language (GIN trigram
index `listing_search_text_trgm`) for typos.

The vector holds each field of documents.LISTING_FIELDS and, for every
translation row, of documents.TRANSLATION_FIELDS, with its weight, twice: as
written ('simple') and stemmed with its language's configuration. A query is
read as typed and stemmed in the reader's language; each word must match
(as a word, a stem, or, in titles and attributes, within one typo); Chinese
has no spaces between words, so a word with Chinese characters matches by
substring (LIKE, answered by the trigram index).

The planner trap of DESIGN.md §5 is avoided by taking a capped candidate set
through the indexes first, then ranking and sorting only those."""

from functools import lru_cache

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import BigIntegerField, BooleanField, F, FloatField, Func, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .documents import (
    HAN,
    JSON,
    LISTING_FIELDS,
    RANK_WEIGHTS,
    TRANSLATION_FIELDS,
    TYPO_MIN_LETTERS,
    swapped_letters,
)

CANDIDATE_CAP = 1000

# Caravan language → PostgreSQL text-search configuration (`\dF`); 'simple' where PostgreSQL has none.
TEXT_SEARCH_CONFIGS = {
    "en": "english",
    "es": "spanish",
    "it": "italian",
    "pt-br": "portuguese",
    "fr": "french",
    "ru": "russian",
    "tr": "turkish",
    "zh-hans": "simple",
}

LISTING_TABLE = "listings_listing"
TRANSLATION_TABLE = "listings_listingtranslation"
# Every string value of a JSON field, at any depth, as one JSON array text (trigrams ignore the punctuation).
_JSON_STRINGS = "jsonb_path_query_array({col}, 'strict $.** ? (@.type() == \"string\")')::text"


def text_search_config(language: str | None) -> str:
    return TEXT_SEARCH_CONFIGS.get(language or "", "simple")


def _config_sql(language_column: str) -> str:
    whens = " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in TEXT_SEARCH_CONFIGS.items())
    return f"(CASE {language_column} {whens} ELSE 'simple' END)::regconfig"


def _field_vector(alias: str, field, config: str) -> str:
    column = f'{alias}."{field.name}"'
    source = f"coalesce({column}, '{{}}'::jsonb)" if field.kind == JSON else f"coalesce({column}, '')"
    return f"setweight(to_tsvector('simple'::regconfig, {source}) || to_tsvector({config}, {source}), '{field.weight}')"


def _field_text(alias: str, field) -> str:
    column = f'{alias}."{field.name}"'
    return f"coalesce({_JSON_STRINGS.format(col=column)}, '')" if field.kind == JSON else f"coalesce({column}, '')"


def document_sql(listing_fields=LISTING_FIELDS, translation_fields=TRANSLATION_FIELDS) -> str:
    """`UPDATE listings_listing … SET search_vector = …, search_text = … WHERE <condition>`,
    with `{where}` left to fill: one statement for any number of listings."""
    own_vector = " || ".join(_field_vector("l", f, _config_sql('l."source_language"')) for f in listing_fields)
    row_vector = " || ".join(_field_vector("t", f, _config_sql('t."language"')) for f in translation_fields)
    own_text = ", ".join(_field_text("l", f) for f in listing_fields if f.forgives_typos)
    row_text = ", ".join(_field_text("t", f) for f in translation_fields if f.forgives_typos)
    rows = f'FROM {TRANSLATION_TABLE} AS t WHERE t."listing_id" = l."id"'
    # Per translation row a tsvector as text (weights kept), joined and read back: there is no tsvector aggregate.
    row_vectors = f"coalesce((SELECT string_agg(({row_vector})::text, ' ') {rows}), '')::tsvector"
    return (
        f"UPDATE {LISTING_TABLE} AS l SET "
        f"search_vector = {own_vector} || {row_vectors}, "
        f"search_text = concat_ws(' ', {own_text}, (SELECT string_agg(concat_ws(' ', {row_text}), ' ') {rows}))"
        " WHERE {where}"
    )


@lru_cache(maxsize=1)
def _update_sql() -> str:
    return document_sql().replace("{where}", 'l."id" = ANY(%s)')


def index_update(connection, listing_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_update_sql(), [listing_ids])


def index_fill(
    connection, *, everything: bool = False, listing_fields=LISTING_FIELDS, translation_fields=TRANSLATION_FIELDS
) -> None:
    """Index every listing never indexed (a bulk insert), or all of them."""
    where = "TRUE" if everything else 'l."search_vector" IS NULL'
    with connection.cursor() as cursor:
        cursor.execute(document_sql(listing_fields, translation_fields).replace("{where}", where))


def matching(queryset: QuerySet, text: str, words: list[str], language: str | None) -> QuerySet:
    config = text_search_config(language)

    def read(words_text: str) -> SearchQuery:
        query = SearchQuery(words_text, config="simple", search_type="plain")
        if config != "simple":
            query = query | SearchQuery(words_text, config=config, search_type="plain")
        return query

    # The whole query as typed or stemmed (stop words of the reader's language need not match)...
    whole = read(" ".join(words))
    condition_per_word = Q()
    for word in words:
        as_word = read(word)
        if swaps := swapped_letters(word):  # in the same tsquery: one GIN condition, not two
            as_word |= SearchQuery(" OR ".join(swaps), config="simple", search_type="websearch")
        one = Q(search_vector=as_word)
        if len(word) >= TYPO_MIN_LETTERS:
            # A typo: close by trigrams (one GIN condition); two letters swapped, which trigrams
            # forgive worst in a short word ("jesrey" is 0.29 from "jersey"), by its swapped
            # variants as words (above, in the word's own tsquery). A letter missing mid-word
            # in a short word ("плтье", 0.44 from "платье") is still not forgiven here, unlike on
            # SQLite: OR-ing SQLite's LIKE patterns measured a sequential scan (20 bitmap scans per
            # word cost more than the table at 2,000 rows).
            one |= Q(search_text__trigram_word_similar=word)
        if HAN.search(word):
            one |= Q(search_text__contains=word)  # Chinese words are not space-separated (and have no case)
        condition_per_word &= one
    # ... or every word as a word, a stem, within one typo or (Chinese) a substring.
    condition = condition_per_word if len(words) == 1 else Q(search_vector=whole) | condition_per_word
    candidates = queryset.filter(condition).values("pk")
    return queryset.filter(InArray("pk", candidates[:CANDIDATE_CAP])).annotate(
        rank=Coalesce(
            SearchRank(F("search_vector"), _any_word(words, read), weights=_rank_weights()),
            0.0,
            output_field=FloatField(),
        )
        + TrigramWordSimilarity(text, "search_text")
    )


def _any_word(words: list[str], read) -> SearchQuery:
    query = read(words[0])
    for word in words[1:]:
        query = query | read(word)
    return query


def _rank_weights() -> list[float]:
    return [RANK_WEIGHTS[w] for w in ("D", "C", "B", "A")]


class _ArraySubquery(Subquery):
    template = "ARRAY(%(subquery)s)"
    output_field = ArrayField(BigIntegerField())


class InArray(Func):
    """`column = ANY(ARRAY(subquery))`: PostgreSQL runs the subquery once,
    where `IN (subquery … LIMIT n)` may be re-run per row on poor statistics."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()

    def __init__(self, column: str, subquery):
        super().__init__(F(column), _ArraySubquery(subquery))
