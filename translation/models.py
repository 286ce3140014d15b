"""Translation memory, engines and messaging: built by the translation issue."""

from django.db import models

from marketplace.storage import private_storage


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


# --- buyer–seller messaging -----------------------------------------------------------------------


def message_image_path(instance: "Message", filename: str) -> str:
    # Never the uploader's file name; private storage, served by a view that checks the reader.
    import uuid
    from pathlib import Path

    suffix = Path(filename).suffix.lower()[:5]
    return f"message-images/{instance.conversation_id}/{uuid.uuid4().hex}{suffix}"


class Conversation(models.Model):
    """The one thread between a buyer (a user) and a seller (a store).

    One per (buyer, seller) pair; `listing` is the listing the buyer last wrote
    about, shown in context. Read state is per message (Message.read_at, set
    when the recipient reads), so unread counts are one query."""

    buyer = models.ForeignKey("marketplace.User", on_delete=models.PROTECT, related_name="conversations")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="conversations")
    listing = models.ForeignKey(
        "listings.Listing", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        permissions = [("read_conversations", "Can read any buyer–seller conversation and its attachments")]
        constraints = [models.UniqueConstraint(fields=["buyer", "seller"], name="conversation_one_per_pair")]

    def __str__(self):
        return f"conversation {self.pk}: {self.buyer_id} ↔ {self.seller_id}"


class Message(models.Model):
    """One message: the original text as written, its language, an optional
    image. Never edited; translations live in MessageTranslation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey("marketplace.User", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(blank=True)
    language = models.CharField(max_length=10)
    language_detected = models.BooleanField(default=False)
    phrase_key = models.CharField(max_length=40, blank=True)
    image = models.FileField(storage=private_storage, upload_to=message_image_path, blank=True)
    image_content_type = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["conversation", "created_at"]),
            models.Index(fields=["created_at"], condition=models.Q(read_at__isnull=True), name="message_unread_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body="") | ~models.Q(image=""), name="message_has_body_or_image")
        ]

    def __str__(self):
        return f"message {self.pk} [{self.language}] {self.body[:40]}"


class MessageTranslation(models.Model):
    """A message in one reader's language. kind "human" for phrasebook answers
    (written by us), "machine" from an engine, "original" when no engine covers
    the pair (the reader sees the original with `note`)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    text = models.TextField()
    engine = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=10, choices=TranslationKind.choices)
    note = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "language"], name="message_translation_unique_language"),
            models.CheckConstraint(
                condition=models.Q(kind__in=TranslationKind.values), name="message_translation_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.message_id} [{self.language}] {self.text[:40]}"
