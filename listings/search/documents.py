"""What a listing's search document is made of, and how a query is read:
shared by both backends (listings.search.postgres, listings.search.sqlite).

A listing is found by its own text and by every translation of it
(listings.ListingTranslation, one row per language): the fields below, each
with a weight. Weights A and B (titles, attribute values) are short and
forgive one-letter typos; C (descriptions) is matched by whole words (and
stems on PostgreSQL) or, on SQLite, by substring.

To search one more translated field, add one line to TRANSLATION_FIELDS (and,
for existing rows, run `manage.py search_index_rebuild` once)."""

import re
from dataclasses import dataclass

TEXT = "text"  # a plain string column
HTML = "html"  # sanitised HTML: its text
JSON = "json"  # a JSON object or list: every string value in it, at any depth


@dataclass(frozen=True)
class SearchField:
    name: str  # the column, on listings_listing or listings_listingtranslation
    weight: str  # "A", "B" or "C": rank weight (PostgreSQL), FTS5 column (SQLite)
    kind: str = TEXT

    @property
    def forgives_typos(self) -> bool:
        return self.weight in TYPO_WEIGHTS


TYPO_WEIGHTS = ("A", "B")
WEIGHTS = ("A", "B", "C")
# How much a hit in each weight counts towards the rank (PostgreSQL's ts_rank weights for D, C, B, A).
RANK_WEIGHTS = {"A": 1.0, "B": 0.6, "C": 0.3, "D": 0.1}

# The listing as its seller wrote it.
LISTING_FIELDS = (
    SearchField("title", "A"),
    SearchField("attributes", "B", JSON),
    SearchField("description", "C", HTML),
)
# Each of its translations (one row per language): one line per translated field.
TRANSLATION_FIELDS = (
    SearchField("title", "A"),
    SearchField("attributes", "B", JSON),
    # The option names and values, attribute names ("terms": {source term: translated}): a
    # Spanish reader finds the burgundy variant by "burdeos". Only the values are read.
    SearchField("terms", "B", JSON),
    SearchField("description", "C", HTML),
)

MAX_QUERY_CHARS = 200
# Distinct words of a query that are matched (each must match); the rest are ignored.
MAX_QUERY_WORDS = 8
# Typos are forgiven in words of at least this many letters (shorter ones match as typed).
TYPO_MIN_LETTERS = 4

_WORD = re.compile(r"\w+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def clean_query(text: str) -> str:
    """Bound and tidy what a person typed; '' when nothing searchable is left."""
    text = " ".join((text or "")[:MAX_QUERY_CHARS].split())
    return text if any(ch.isalnum() for ch in text) else ""


def query_words(text: str) -> list[str]:
    """The distinct words of a cleaned query, lower-cased, in order, at most MAX_QUERY_WORDS."""
    words: list[str] = []
    for word in _WORD.findall(text.lower()):
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def json_strings(value) -> list[str]:
    """Every string in a decoded JSON value, at any depth (what JSON fields contribute)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return []


def like_pattern(pieces: list[str]) -> str:
    """A LIKE pattern (escape character \\, the default of both databases) for
    text containing the pieces with one letter between each two."""
    escaped = [p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for p in pieces]
    return "%" + "_".join(escaped) + "%"


def typo_patterns(word: str) -> list[list[str]]:
    """The word within one typo, each as its literal pieces (a gap of one letter
    between pieces): a letter missing ("walet" → wal·et), wrong (wa·et), extra
    (walt) or two swapped (wlaet). Only patterns that keep at least
    TYPO_MIN_LETTERS letters, and a run of three for the index."""
    if len(word) < TYPO_MIN_LETTERS:
        return []
    n = len(word)
    patterns: list[list[str]] = []
    for i in range(1, n):  # the reader missed a letter at i
        patterns.append([word[:i], word[i:]])
    if n > TYPO_MIN_LETTERS:
        for i in range(1, n - 1):  # a wrong letter at i
            patterns.append([word[:i], word[i + 1 :]])
        for i in range(1, n - 1):  # an extra letter at i
            patterns.append([word[:i] + word[i + 1 :]])
    for i in range(n - 1):  # two letters swapped
        if word[i] != word[i + 1]:
            patterns.append([word[:i] + word[i + 1] + word[i] + word[i + 2 :]])
    unique = []
    for pieces in patterns:
        if pieces not in unique and max(len(p) for p in pieces) >= 3:
            unique.append(pieces)
    return unique


# Swapped-letter variants are read for words up to this long: in a longer word enough trigrams
# survive a swap for trigram similarity to forgive it, and each variant costs the planner's
# estimate of the index path (a two-word query of 8-letter words tipped it off the GIN index).
SWAP_MAX_LETTERS = 7


def swapped_letters(word: str) -> list[str]:
    """The word with each two neighbouring letters swapped ("swaeter" → "sweater", …): the
    typo trigram similarity forgives worst, since a swap breaks up to three trigrams of a
    short word. Only for words of TYPO_MIN_LETTERS to SWAP_MAX_LETTERS letters."""
    if not TYPO_MIN_LETTERS <= len(word) <= SWAP_MAX_LETTERS:
        return []
    variants = []
    for i in range(len(word) - 1):
        if word[i] != word[i + 1]:
            variant = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if variant not in variants:
                variants.append(variant)
    return variants
