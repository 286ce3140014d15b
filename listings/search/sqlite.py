"""The SQLite search backend (the embedded default): an FTS5 table with the
trigram tokenizer, one row per listing (rowid = the listing's id), one column
per weight: `a` every title, `b` every attribute value, `c` every description,
in the original and every translation, lower-cased (SQLite's LIKE folds ASCII
only, so both sides are folded in Python), descriptions as plain text.

A word matches as a substring anywhere, or, in titles and attributes, within
one typo: a letter missing, extra, wrong or two swapped ("walet" → "wal_et").
Each candidate pattern keeps a run of at least three letters, so FTS5 answers
it from the trigram index (MATCH) and LIKE then checks the pattern exactly:
the whole search is one SQL statement, no row is looked at in Python."""

import json
from html import unescape

from django.db.models import Expression, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags

from .documents import (
    HTML,
    JSON,
    LISTING_FIELDS,
    RANK_WEIGHTS,
    TRANSLATION_FIELDS,
    TYPO_WEIGHTS,
    WEIGHTS,
    json_strings,
    like_pattern,
    typo_patterns,
)

CANDIDATE_CAP = 1000
FTS_TABLE = "listings_search_fts"
CREATE_FTS = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(a, b, c, tokenize='trigram')"
DROP_FTS = f"DROP TABLE IF EXISTS {FTS_TABLE}"
COLUMNS = {"A": "a", "B": "b", "C": "c"}
_CHUNK = 500
_TYPO_BONUS = 0.5  # a word found only within a typo counts half


# --- the index ---------------------------------------------------------------------------------------------


def _text(field, value) -> str:
    if value is None:
        return ""
    if field.kind == JSON:
        return " ".join(json_strings(json.loads(value) if isinstance(value, str) else value))
    if field.kind == HTML:
        return unescape(strip_tags(value))
    return str(value)


def index_update(
    connection, listing_ids: list[int], listing_fields=LISTING_FIELDS, translation_fields=TRANSLATION_FIELDS
) -> None:
    """Rewrite the FTS rows of `listing_ids` (two reads and two writes per 500 listings;
    a listing that no longer exists loses its row)."""
    own = ", ".join(f'"{f.name}"' for f in listing_fields)
    rows = ", ".join(f'"{f.name}"' for f in translation_fields)
    with connection.cursor() as cursor:
        for start in range(0, len(listing_ids), _CHUNK):
            chunk = listing_ids[start : start + _CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            documents: dict[int, dict[str, list[str]]] = {}
            cursor.execute(f"SELECT id, {own} FROM listings_listing WHERE id IN ({marks})", chunk)
            for pk, *values in cursor.fetchall():
                documents[pk] = {weight: [] for weight in WEIGHTS}
                for field, value in zip(listing_fields, values, strict=True):
                    documents[pk][field.weight].append(_text(field, value))
            cursor.execute(
                f"SELECT listing_id, {rows} FROM listings_listingtranslation WHERE listing_id IN ({marks})"
                " ORDER BY listing_id, language",
                chunk,
            )
            for pk, *values in cursor.fetchall():
                for field, value in zip(translation_fields, values, strict=True):
                    documents[pk][field.weight].append(_text(field, value))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, a, b, c) VALUES (%s, %s, %s, %s)",
                [(pk, *("\n".join(t for t in doc[w] if t).lower() for w in WEIGHTS)) for pk, doc in documents.items()],
            )


def index_fill(connection, *, everything: bool = False, **fields) -> None:
    """Index every listing without an FTS row, or (re)index all of them."""
    with connection.cursor() as cursor:
        if everything:
            cursor.execute("SELECT id FROM listings_listing ORDER BY id")
        else:
            cursor.execute(
                f"SELECT id FROM listings_listing WHERE id NOT IN (SELECT rowid FROM {FTS_TABLE}) ORDER BY id"
            )
        ids = [row[0] for row in cursor.fetchall()]
    index_update(connection, ids, **fields)


# --- a query -----------------------------------------------------------------------------------------------


def _match_phrase(piece: str) -> str:
    return '"' + piece.replace('"', '""') + '"'


class _Query:
    """One query compiled to SQL: a WHERE over the FTS table and a score, with their parameters."""

    def __init__(self, words: list[str]):
        match_terms, conditions, condition_params = [], [], []
        score_terms, score_params = [], []
        for word in words:
            exact = like_pattern([word])
            typos = [like_pattern(pieces) for pieces in typo_patterns(word)]
            # The index: the word itself, or any typo pattern's runs of three letters or more.
            if len(word) >= 3:
                alternatives = [_match_phrase(word)]
                for pieces in typo_patterns(word):
                    runs = [p for p in pieces if len(p) >= 3]
                    alternatives.append("(" + " AND ".join(_match_phrase(p) for p in runs) + ")")
                match_terms.append("(" + " OR ".join(alternatives) + ")")
            # The check: the word in any column, or a typo pattern in a title or attribute.
            likes = [(COLUMNS[w], exact) for w in WEIGHTS] + [(COLUMNS[w], p) for w in TYPO_WEIGHTS for p in typos]
            conditions.append("(" + " OR ".join(f"{col} LIKE %s ESCAPE '\\'" for col, _p in likes) + ")")
            condition_params += [p for _col, p in likes]
            for weight in WEIGHTS:
                column = COLUMNS[weight]
                score_terms.append(f"{RANK_WEIGHTS[weight]} * ({column} LIKE %s ESCAPE '\\')")
                score_params.append(exact)
                if weight in TYPO_WEIGHTS and typos:
                    either = " OR ".join(f"{column} LIKE %s ESCAPE '\\'" for _p in typos)
                    score_terms.append(f"{RANK_WEIGHTS[weight] * _TYPO_BONUS} * ({either})")
                    score_params += typos
        self.where_params: list = []
        where = []
        if match_terms:
            where.append(f"{FTS_TABLE} MATCH %s")
            self.where_params.append(" AND ".join(match_terms))
        where += conditions
        self.where_params += condition_params
        self.where = " AND ".join(where)
        self.score = " + ".join(score_terms)
        self.score_params = score_params


class _Score(Expression):
    """The query's score of the outer row's listing: a correlated lookup of its FTS row by rowid."""

    output_field = FloatField()

    def __init__(self, query: _Query, pk=None):
        super().__init__()
        self.query = query
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        sql = f"COALESCE((SELECT {self.query.score} FROM {FTS_TABLE} WHERE rowid = {pk_sql}), 0.0)"
        return sql, (*self.query.score_params, *pk_params)


def matching(queryset: QuerySet, text: str, words: list[str], language: str | None) -> QuerySet:
    query = _Query(words)
    matches = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {query.where}", tuple(query.where_params))
    # Capped among the listings the caller may show (as on PostgreSQL), then ranked.
    candidates = queryset.filter(pk__in=matches).values("pk")[:CANDIDATE_CAP]
    return queryset.filter(pk__in=candidates).annotate(rank=_Score(query))
