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


class ListingTranslation(models.Model):
    """A listing's title and attribute values in one interface language.

    `source_hash` is the hash of the source text the row was made from
    (translation.services.listing_source_hash): a row whose hash differs from
    the listing's current one is stale. A human row is never overwritten by a
    machine."""

    listing = models.ForeignKey("listings.Listing", on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=400)
    attributes = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)
    engine = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=10, choices=TranslationKind.choices, default=TranslationKind.MACHINE)
    source_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listing", "language"], name="listing_translation_unique_language"),
            models.CheckConstraint(
                condition=models.Q(kind__in=TranslationKind.values), name="listing_translation_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.listing_id} [{self.language}] {self.title[:40]}"
