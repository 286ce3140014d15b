"""Search over listings, in the reader's language, with typos, on both databases.

One interface, two backends chosen by the database a queryset runs on:

- `listings_matching(queryset, text, language)`: narrow a queryset of listings
  to those matching `text`, annotated with `rank` (higher is better). Views,
  the API and the seller centre call it through listings.selectors.
- `listings_search_index_update(listing_ids)`: rewrite those listings' search
  documents; called when a listing is created or edited and when its
  translations are stored or removed (once per batch: a job translating a
  listing into seven languages updates it once).
- `listings_search_index_fill()`: index listings never indexed (bulk inserts).

What a document holds (the listing's title, attribute values and description,
and the same of each ListingTranslation, one line per field) is declared once
in listings.search.documents. PostgreSQL: listings.search.postgres (tsvector +
pg_trgm, GIN indexes); SQLite, the embedded default: listings.search.sqlite
(FTS5 with the trigram tokenizer).
"""

from collections.abc import Iterable

from django.db import connections, router
from django.db.models import FloatField, QuerySet, Value
from django.utils.translation import get_language

from . import postgres, sqlite
from .documents import MAX_QUERY_CHARS, clean_query, query_words
from .postgres import CANDIDATE_CAP, TEXT_SEARCH_CONFIGS, InArray, text_search_config

__all__ = [
    "CANDIDATE_CAP",
    "MAX_QUERY_CHARS",
    "TEXT_SEARCH_CONFIGS",
    "InArray",
    "clean_query",
    "is_postgres",
    "listing_search_vector_update",
    "listings_matching",
    "listings_search_index_fill",
    "listings_search_index_update",
    "text_search_config",
]


def _backend(vendor: str):
    return postgres if vendor == "postgresql" else sqlite


def _write_connection():
    from ..models import Listing

    return connections[router.db_for_write(Listing)]


def is_postgres(using: str | None = None) -> bool:
    return (connections[using] if using else _write_connection()).vendor == "postgresql"


def listings_search_index_update(listing_ids: Iterable[int]) -> None:
    """Rewrite the search documents of `listing_ids` from the listings and
    their translations as they are now, in the caller's transaction: one
    statement on PostgreSQL, a few per 500 listings on SQLite. Idempotent."""
    ids = sorted({int(pk) for pk in listing_ids})
    if ids:
        connection = _write_connection()
        _backend(connection.vendor).index_update(connection, ids)


def listing_search_vector_update(listing_id: int) -> None:
    """One listing's search document (listings_search_index_update of one id)."""
    listings_search_index_update([listing_id])


def listings_search_index_fill(*, everything: bool = False) -> None:
    """Index every listing that has no search document yet (rows bulk-inserted
    without the services), or, with `everything`, rebuild them all."""
    connection = _write_connection()
    _backend(connection.vendor).index_fill(connection, everything=everything)


def listings_matching(queryset: QuerySet, text: str, language: str | None = None) -> QuerySet:
    """Narrow `queryset` to listings matching `text`, annotated with `rank`;
    `text` is read in `language` (default: the active one) and as typed.

    Every word must match: as a word (or its stem, on PostgreSQL) in any field
    of the listing or of any of its translations, or within one typo in a title
    or an attribute value. The matching ids come from a capped candidate set
    answered by the search indexes, whatever the caller sorts by later; no
    extra query is run (the match and the rank are subqueries of the caller's)."""
    text = clean_query(text)
    words = query_words(text)
    if not words:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    backend = _backend(connections[queryset.db].vendor)
    return backend.matching(queryset, text, words, language or get_language())
