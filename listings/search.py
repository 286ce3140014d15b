"""Full-text and typo-tolerant search over active listings.

On PostgreSQL: a stored, weighted tsvector (title and its machine/human
translations A, attributes B, description C; the 'simple' configuration, since titles come in eight
languages) with a GIN index, plus a GIN trigram index on the title so a typo
still finds (`word_similarity`). The planner trap of DESIGN.md §5 is avoided by
first taking a capped candidate set through the indexes, then ranking and
sorting only those. On SQLite (the embedded default) a plain substring match.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
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
)
from django.db.models.functions import Cast, Coalesce

from .models import Listing

CANDIDATE_CAP = 1000
MAX_QUERY_CHARS = 200


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def listing_search_vector_update(listing_id: int) -> None:
    if not is_postgres():
        return
    Listing.objects.filter(pk=listing_id).update(search_vector=_vector_expression())


def _translated_titles():
    """The listing's translated titles, space-joined ('' without any)."""
    from translation.models import ListingTranslation

    titles = (
        ListingTranslation.objects.filter(listing=OuterRef("pk"))
        .order_by()
        .values("listing")
        .annotate(titles=StringAgg("title", delimiter=" "))
        .values("titles")
    )
    return Coalesce(Subquery(titles, output_field=TextField()), Value(""), output_field=TextField())


def _vector_expression():
    """The one definition of a listing's search vector (stored by
    listing_search_vector_update, and in bulk by the demo and tests)."""
    return (
        SearchVector("title", weight="A", config="simple")
        + SearchVector(_translated_titles(), weight="A", config="simple")
        + SearchVector(Cast("attributes", output_field=TextField()), weight="B", config="simple")
        + SearchVector("description", weight="C", config="simple")
    )


def clean_query(text: str) -> str:
    """Bound and tidy what a person typed; '' when nothing searchable is left."""
    text = " ".join((text or "")[:MAX_QUERY_CHARS].split())
    return text if any(ch.isalnum() for ch in text) else ""


def listings_matching(queryset: QuerySet[Listing], text: str) -> QuerySet[Listing]:
    """Narrow `queryset` to listings matching `text`, annotated with `rank`.

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
    candidates = queryset.filter(Q(search_vector=query) | Q(title__trigram_word_similar=text)).values("pk")
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
