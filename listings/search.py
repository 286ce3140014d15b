"""Full-text and typo-tolerant search over active listings.

On PostgreSQL: a stored, weighted tsvector with a GIN index, plus a GIN
trigram index on the title so a typo still finds (`word_similarity`).

The vector holds the title (A) twice, as written ('simple': every word as
typed) and stemmed with the configuration of the listing's language; each
translated title (A) likewise, as written and stemmed with its language's configuration (english,
spanish, italian, portuguese, french, russian, turkish; 'simple' for Chinese);
the attributes (B) and the description (C) as written. A query is read both as
typed ('simple') and stemmed in the reader's language, so a Spanish reader's
"vestidos" finds the Spanish translation "vestido", and a word typed exactly as
it stands in any language still finds. Chinese has no PostgreSQL configuration
and no spaces between words: a query with Chinese characters also matches the
title by substring (LIKE, answered by the trigram index).

The planner trap of DESIGN.md §5 is avoided by first taking a capped candidate
set through the indexes, then ranking and sorting only those. On SQLite (the
embedded default) a plain substring match.
"""

import re
from functools import lru_cache

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorCombinable,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Cast, Coalesce
from django.db.models.sql.subqueries import UpdateQuery
from django.utils.translation import get_language

from .models import Listing

CANDIDATE_CAP = 1000
MAX_QUERY_CHARS = 200

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
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def text_search_config(language: str | None) -> str:
    return TEXT_SEARCH_CONFIGS.get(language or "", "simple")


def _config_of(column: str):
    """The text-search configuration for a language column, as an SQL CASE."""
    whens = [When(**{column: code}, then=Value(config)) for code, config in TEXT_SEARCH_CONFIGS.items()]
    return CaseWhen(*whens, default=Value("simple"), output_field=TextField())


class _RegConfig(Func):
    template = "(%(expressions)s)::regconfig"
    output_field = TextField()


class _ToTsvector(Func):
    """to_tsvector(config, text) with the configuration an ordinary source
    expression (SearchVector keeps its config aside, where a subquery's table
    aliases are not relabelled)."""

    function = "to_tsvector"
    output_field = SearchVectorField()

    def __init__(self, config, text):
        super().__init__(_RegConfig(config), Coalesce(text, Value(""), output_field=TextField()))


class _Tsvector(SearchVectorCombinable, Func):
    """A tsvector-valued expression that combines (||) with SearchVectors."""

    output_field = SearchVectorField()


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def listing_search_vector_update(listing_id: int) -> None:
    """Store listing `listing_id`'s search vector (every create, edit and
    translation calls this: the UPDATE is compiled once per process, which
    is most of its cost, then run with the listing's id)."""
    if not is_postgres():
        return
    sql, params = _vector_update_sql(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, listing_id))


_PK_PLACEHOLDER = -1


@lru_cache(maxsize=4)
def _vector_update_sql(alias: str) -> tuple[str, tuple]:
    """`UPDATE listings_listing SET search_vector = <_vector_expression()> WHERE id = %s`,
    compiled by the ORM, with its parameters but the id (the WHERE clause's, last)."""
    query = UpdateQuery(Listing)
    query.add_update_values({"search_vector": _vector_expression()})
    query.add_filter("pk", _PK_PLACEHOLDER)
    sql, params = query.get_compiler(alias).as_sql()
    if not params or params[-1] != _PK_PLACEHOLDER:
        raise RuntimeError("the listing id is expected as the UPDATE's last parameter")
    return sql, tuple(params[:-1])


def _translated_titles():
    """The listing's translated titles as one tsvector, each stemmed with its
    language's configuration and as written ('simple': a word typed exactly as
    it stands still finds), weight A (an empty vector without any). Built in
    one subquery: per row to_tsvector(config, title), joined as text and read
    back as a tsvector (positions do not matter to ranking across languages)."""
    from .models import ListingTranslation

    vectors = (
        ListingTranslation.objects.filter(listing=OuterRef("pk"))
        .order_by()
        .values("listing")
        .annotate(
            vectors=StringAgg(
                Cast(
                    _Tsvector(
                        _ToTsvector(_config_of("language"), F("title")),
                        _ToTsvector(Value("simple"), F("title")),
                        template="(%(expressions)s)",
                        arg_joiner=" || ",
                    ),
                    output_field=TextField(),
                ),
                delimiter=" ",
            )
        )
        .values("vectors")
    )
    joined = Coalesce(Subquery(vectors, output_field=TextField()), Value(""), output_field=TextField())
    return _Tsvector(Cast(joined, output_field=SearchVectorField()), Value("A"), function="setweight")


def _vector_expression():
    """The one definition of a listing's search vector (stored by
    listing_search_vector_update, and in bulk by the demo and tests)."""
    return (
        SearchVector("title", weight="A", config="simple")
        + SearchVector("title", weight="A", config=_config_of("source_language"))
        + _translated_titles()
        + SearchVector(Cast("attributes", output_field=TextField()), weight="B", config="simple")
        + SearchVector("description", weight="C", config="simple")
    )


def clean_query(text: str) -> str:
    """Bound and tidy what a person typed; '' when nothing searchable is left."""
    text = " ".join((text or "")[:MAX_QUERY_CHARS].split())
    return text if any(ch.isalnum() for ch in text) else ""


def listings_matching(queryset: QuerySet[Listing], text: str, language: str | None = None) -> QuerySet[Listing]:
    """Narrow `queryset` to listings matching `text`, annotated with `rank`;
    `text` is read as typed and stemmed in `language` (default: the active one).

    The matching ids come from a capped candidate subquery that can only be
    answered through the GIN indexes, whatever the caller sorts by later.
    """
    text = clean_query(text)
    if not text:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if not is_postgres():
        condition = Q()
        for word in text.split():
            condition &= Q(title__icontains=word) | Q(description__icontains=word)
        return queryset.filter(condition).annotate(rank=Value(0.0, output_field=FloatField()))
    query = SearchQuery(text, config="simple", search_type="websearch")
    config = text_search_config(language or get_language())
    if config != "simple":
        query = query | SearchQuery(text, config=config, search_type="websearch")
    condition = Q(search_vector=query) | Q(title__trigram_word_similar=text)
    if _HAN.search(text):
        condition |= Q(title__contains=text)  # Chinese words are not space-separated (and have no case)
    candidates = queryset.filter(condition).values("pk")
    return queryset.filter(InArray("pk", candidates[:CANDIDATE_CAP])).annotate(
        rank=Coalesce(SearchRank(F("search_vector"), query, weights=[0.1, 0.3, 0.6, 1.0]), 0.0) + _word_similarity(text)
    )


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


def _word_similarity(text: str):
    return TrigramWordSimilarity(text, "title")
