"""Buyer–seller messaging: one conversation per buyer and store, messages kept as
written, and their translations into each reader's language. (These tables
began in the translation app; migrations 0001–0002 moved them here, rows kept.)"""

from django.db import models

from marketplace.storage import private_storage
from translation.models import TranslationKind


def message_image_path(instance: "Message", filename: str) -> str:
    # Never the uploader's file name; private storage, served by a view that checks the reader.
    import uuid
    from pathlib import Path

    suffix = Path(filename).suffix.lower()[:5]
    return f"message-images/{instance.conversation_id}/{uuid.uuid4().hex}{suffix}"


class Conversation(models.Model):
    """A thread between a buyer (a user) and a seller (a store).

    One general thread per (buyer, seller) pair, whose `listing` is the listing
    the buyer last wrote about, shown in context; and one thread per order
    (`order` set: its buyer and store are the order's), shown with the order.
    Read state is per message (Message.read_at, set when the recipient reads),
    so unread counts are one query."""

    buyer = models.ForeignKey("marketplace.User", on_delete=models.PROTECT, related_name="conversations")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="conversations")
    listing = models.ForeignKey(
        "listings.Listing", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversations"
    )
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="conversations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        permissions = [("read_conversations", "Can read any buyer–seller conversation and its attachments")]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "seller"], condition=models.Q(order__isnull=True), name="conversation_one_per_pair"
            ),
            # An order has one buyer and one store, so one thread per order is one per (buyer, seller, order).
            models.UniqueConstraint(
                fields=["order"], condition=models.Q(order__isnull=False), name="conversation_one_per_order"
            ),
        ]

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
            # The name it was created with in the translation app (kept when the model moved here).
            models.Index(fields=["conversation", "created_at"], name="translation_convers_ccf186_idx"),
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
