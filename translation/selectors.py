"""Reads of the translation app."""

from django.db.models import QuerySet

from translation.engines.memory import source_hash
from translation.models import TranslationMemory


def translation_memory_for(text: str, source: str, target: str) -> QuerySet[TranslationMemory]:
    """Every stored translation of `text` between the two languages, oldest first."""
    return TranslationMemory.objects.filter(
        source_hash=source_hash(text), source_language=source, target_language=target
    ).order_by("created_at")
