"""ListingTranslation moves from the translation app (now the engine only) to
listings, which owns the workflow that writes it, with its rows: Django's state
learns the model belongs here, the table is renamed (rows, keys, constraints and
indexes kept) and its content type moves with it. translation 0005 then drops the
model from the translation app's state (no SQL)."""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label=source, model="listingtranslation").update(app_label=target)


def content_type_to_listings(apps, schema_editor):
    _move_content_type(apps, "translation", "listings")


def content_type_to_translation(apps, schema_editor):
    _move_content_type(apps, "listings", "translation")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("listings", "0008_import_job_progressed_at"),
        ("translation", "0004_messaging_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ListingTranslation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("language", models.CharField(max_length=10)),
                        ("title", models.CharField(max_length=400)),
                        ("attributes", models.JSONField(blank=True, default=dict)),
                        ("description", models.TextField(blank=True)),
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
                                default="machine",
                                max_length=10,
                            ),
                        ),
                        ("source_hash", models.CharField(max_length=64)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "listing",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="translations",
                                to="listings.listing",
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("listing", "language"), name="listing_translation_unique_language"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("kind__in", ["human", "machine", "keywords", "original"])),
                                name="listing_translation_kind_valid",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE translation_listingtranslation RENAME TO listings_listingtranslation",
                    reverse_sql="ALTER TABLE listings_listingtranslation RENAME TO translation_listingtranslation",
                ),
            ],
        ),
        migrations.RunPython(content_type_to_listings, content_type_to_translation),
    ]
