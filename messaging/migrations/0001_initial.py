"""The buyer–seller messaging models, moved from the translation app with their
rows: Django's state learns that they belong here, the tables the translation app
created (translation 0003) are renamed (rows, keys and indexes kept), and their
content types move too, so the permission `read_conversations` (now
`messaging.read_conversations`) stays granted to whoever held it. translation
0004 then drops the models from the translation app's state (no SQL)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import marketplace.storage
import messaging.models


MODELS = ("conversation", "message", "messagetranslation")


def _move_content_types(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)


def content_types_to_messaging(apps, schema_editor):
    _move_content_types(apps, "translation", "messaging")


def content_types_to_translation(apps, schema_editor):
    _move_content_types(apps, "messaging", "translation")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("listings", "0006_popular_indexes"),
        ("sellers", "0002_vetting_officers_group"),
        ("translation", "0003_messaging"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Conversation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("last_message_at", models.DateTimeField(db_index=True)),
                (
                    "buyer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="conversations",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "listing",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="conversations",
                        to="listings.listing",
                    ),
                ),
                (
                    "seller",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="conversations", to="sellers.seller"
                    ),
                ),
            ],
            options={
                "ordering": ["-last_message_at", "-pk"],
                "permissions": [("read_conversations", "Can read any buyer–seller conversation and its attachments")],
            },
        ),
        migrations.CreateModel(
            name="Message",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("body", models.TextField(blank=True)),
                ("language", models.CharField(max_length=10)),
                ("language_detected", models.BooleanField(default=False)),
                ("phrase_key", models.CharField(blank=True, max_length=40)),
                (
                    "image",
                    models.FileField(
                        blank=True,
                        storage=marketplace.storage.private_storage,
                        upload_to=messaging.models.message_image_path,
                    ),
                ),
                ("image_content_type", models.CharField(blank=True, max_length=20)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("read_at", models.DateTimeField(blank=True, null=True)),
                ("notified_at", models.DateTimeField(blank=True, null=True)),
                (
                    "conversation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="messaging.conversation",
                    ),
                ),
                (
                    "sender",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="MessageTranslation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=10)),
                ("text", models.TextField()),
                ("engine", models.CharField(blank=True, max_length=40)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("human", "Human"),
                            ("machine", "Machine"),
                            ("keywords", "Keywords"),
                            ("original", "Original"),
                        ],
                        max_length=10,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=100)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "message",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="messaging.message",
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="conversation",
            constraint=models.UniqueConstraint(fields=("buyer", "seller"), name="conversation_one_per_pair"),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["conversation", "created_at"], name="translation_convers_ccf186_idx"),
        ),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                condition=models.Q(("read_at__isnull", True)), fields=["created_at"], name="message_unread_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="message",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("body", ""), _negated=True), models.Q(("image", ""), _negated=True), _connector="OR"
                ),
                name="message_has_body_or_image",
            ),
        ),
        migrations.AddConstraint(
            model_name="messagetranslation",
            constraint=models.UniqueConstraint(
                fields=("message", "language"), name="message_translation_unique_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="messagetranslation",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["human", "machine", "keywords", "original"])),
                name="message_translation_kind_valid",
            ),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=state_operations,
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE translation_{model} RENAME TO messaging_{model}",
                    reverse_sql=f"ALTER TABLE messaging_{model} RENAME TO translation_{model}",
                )
                for model in MODELS
            ],
        ),
        migrations.RunPython(content_types_to_messaging, content_types_to_translation),
    ]
