"""OrderEvent.detail: the words from outside (a carrier's description) kept apart
from the reason, so the reason (a msgid) is translated for whoever reads the
history. The carrier notes written before as one English string
("Delivery problem: …", "Returned to the sender: …") are split the same way."""

from django.db import migrations, models

CARRIER_NOTE_LABELS = ("Delivery problem", "Returned to the sender")


def carrier_notes_split(apps, schema_editor):
    OrderEvent = apps.get_model("orders", "OrderEvent")
    for label in CARRIER_NOTE_LABELS:
        prefix = f"{label}: "
        for event in OrderEvent.objects.filter(reason__startswith=prefix, detail="").only("pk", "reason"):
            OrderEvent.objects.filter(pk=event.pk).update(reason=label, detail=event.reason[len(prefix) :])


def carrier_notes_join(apps, schema_editor):
    OrderEvent = apps.get_model("orders", "OrderEvent")
    for event in OrderEvent.objects.filter(reason__in=CARRIER_NOTE_LABELS).exclude(detail="").only("pk", "reason",
                                                                                                      "detail"):  # fmt: skip
        OrderEvent.objects.filter(pk=event.pk).update(reason=f"{event.reason}: {event.detail}"[:300])


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_completion_and_cancel_request"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderevent",
            name="detail",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.RunPython(carrier_notes_split, carrier_notes_join, elidable=True),
    ]
