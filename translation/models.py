"""Translation memory and the kinds of translation every client stores."""

from django.db import models


class TranslationKind(models.TextChoices):
    HUMAN = "human", "Human"
    MACHINE = "machine", "Machine"
    KEYWORDS = "keywords", "Keywords"
    ORIGINAL = "original", "Original"


class TranslationMemory(models.Model):
    """One engine's translation of one source text into one language.

    Keyed by the SHA-256 of the normalised source text: editing the source gives a
    new hash, so old entries go stale rather than wrong. Rows are written once."""

    source_hash = models.CharField(max_length=64)
    source_language = models.CharField(max_length=10)
    target_language = models.CharField(max_length=10)
    engine = models.CharField(max_length=40)
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=TranslationKind.choices, default=TranslationKind.MACHINE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "translation memory entry"
        verbose_name_plural = "translation memory"
        constraints = [
            models.UniqueConstraint(
                fields=["source_hash", "source_language", "target_language", "engine"],
                name="translation_memory_unique_per_engine",
            )
        ]
        indexes = [models.Index(fields=["source_hash", "source_language", "target_language"])]

    def __str__(self):
        return f"{self.source_language}→{self.target_language} [{self.engine}] {self.text[:40]}"
