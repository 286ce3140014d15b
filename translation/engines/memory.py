"""The translation memory as a link of the chain: looked up before any engine,
and fed with every engine result (translation/services.py does both)."""

import hashlib
import re
import unicodedata

from django.db import IntegrityError, transaction

from translation.models import TranslationMemory

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form a text is hashed in: NFC, whitespace collapsed and trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def source_hash(text: str, format: str = "text") -> str:
    """The memory key of a text. An HTML text hashes with a prefix, so the HTML
    "<p>Red</p>" and a plain text that happens to read the same never share an entry."""
    normalised = normalise(text)
    if format != "text":
        normalised = f"{format}\x00{normalised}"
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def recall(
    text: str, source: str, target: str, engine_order: list[str], format: str = "text"
) -> TranslationMemory | None:
    """A stored translation of `text` from any engine, the chain's earlier engines
    first, then any other engine's (e.g. one no longer configured)."""
    entries = list(
        TranslationMemory.objects.filter(
            source_hash=source_hash(text, format), source_language=source, target_language=target
        )
    )
    if not entries:
        return None
    rank = {name: i for i, name in enumerate(engine_order)}
    return min(entries, key=lambda e: (rank.get(e.engine, len(rank)), e.created_at))


def remember(
    text: str, source: str, target: str, *, engine: str, translated: str, kind: str, format: str = "text"
) -> TranslationMemory:
    """Store one engine's result; a concurrent writer of the same key wins quietly."""
    key = {
        "source_hash": source_hash(text, format),
        "source_language": source,
        "target_language": target,
        "engine": engine,
    }
    try:
        with transaction.atomic():
            return TranslationMemory.objects.create(**key, text=translated, kind=kind)
    except IntegrityError:
        return TranslationMemory.objects.get(**key)
