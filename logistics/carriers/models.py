"""Rows of the carrier side: what Caravan received from carriers, and the sandbox
carrier's own (provider-side) records.

`CarrierEventReceipt` is ours: one row per carrier event ever accepted, whichever
way it came (webhook or poll), so a replayed webhook or a repeated poll is
recognised. `SandboxShipment` and `SandboxEvent` belong to the sandbox carrier:
they are what a real carrier keeps on its side (registered parcels, each with
its scripted timeline and the state of each webhook delivery); Caravan's own
code reads them only through the sandbox's HTTP API, as it would a real carrier's.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .events import EventCode


class ReceiptChannel(models.TextChoices):
    WEBHOOK = "webhook", _("Webhook")
    POLL = "poll", _("Polling")


class CarrierEventReceipt(models.Model):
    carrier_code = models.SlugField(_("carrier"), max_length=40)
    event_id = models.CharField(_("carrier's event id"), max_length=100)
    tracking_number = models.CharField(_("tracking number"), max_length=40, db_index=True)
    code = models.CharField(_("event"), max_length=20, choices=EventCode.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    via = models.CharField(_("received by"), max_length=10, choices=ReceiptChannel.choices)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("carrier event received")
        verbose_name_plural = _("carrier events received")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["carrier_code", "event_id"], name="carriereventreceipt_once"),
            models.CheckConstraint(condition=Q(code__in=EventCode.values), name="carriereventreceipt_code_valid"),
            models.CheckConstraint(condition=Q(via__in=ReceiptChannel.values), name="carriereventreceipt_via_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier_code} {self.tracking_number}: {self.code}"


class SandboxScenario(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Ends held at customs (exception)")
    RETURNED = "returned", _("Returned to the sender")


class SandboxShipment(models.Model):
    """A parcel registered with the sandbox carrier (provider side)."""

    shipment_id = models.CharField(_("shipment id"), max_length=40, unique=True)
    carrier_code = models.SlugField(_("carrier played"), max_length=40)
    tracking_number = models.CharField(_("tracking number"), max_length=40)
    method_code = models.CharField(_("shipping method"), max_length=60)
    origin = models.CharField(_("origin"), max_length=2)
    destination = models.CharField(_("destination"), max_length=2)
    scenario = models.CharField(_("scenario"), max_length=10, choices=SandboxScenario.choices)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sandbox carrier shipment")
        verbose_name_plural = _("sandbox carrier shipments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["carrier_code", "tracking_number"], name="sandboxshipment_number_once"),
            models.CheckConstraint(
                condition=Q(scenario__in=SandboxScenario.values), name="sandboxshipment_scenario_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id} ({self.tracking_number})"


class WebhookStatus(models.TextChoices):
    WAITING = "waiting", _("Not due yet")
    QUEUED = "queued", _("Queued")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (retries exhausted)")


class SandboxEvent(models.Model):
    """One step of a sandbox shipment's scripted timeline. It has happened (is
    visible to polling) once `due_at` has passed; its webhook is sent then."""

    shipment = models.ForeignKey(SandboxShipment, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveSmallIntegerField(_("step"))
    event_id = models.CharField(_("event id"), max_length=100, unique=True)
    code = models.CharField(_("event"), max_length=20, choices=EventCode.choices)
    due_at = models.DateTimeField(_("happens at"))
    location = models.CharField(_("location"), max_length=200)
    description = models.CharField(_("carrier's description"), max_length=500)
    webhook_status = models.CharField(
        _("webhook"), max_length=10, choices=WebhookStatus.choices, default=WebhookStatus.WAITING
    )
    webhook_attempts = models.PositiveSmallIntegerField(_("webhook attempts"), default=0)
    webhook_last_error = models.CharField(_("last webhook error"), max_length=500, blank=True)
    webhook_delivered_at = models.DateTimeField(_("webhook delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sandbox carrier event")
        verbose_name_plural = _("sandbox carrier events")
        ordering = ["shipment", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "seq"], name="sandboxevent_seq_unique"),
            models.CheckConstraint(condition=Q(code__in=EventCode.values), name="sandboxevent_code_valid"),
            models.CheckConstraint(
                condition=Q(webhook_status__in=WebhookStatus.values), name="sandboxevent_webhook_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["webhook_status", "due_at"], name="sandboxevent_due")]

    def __str__(self) -> str:
        return f"{self.shipment.tracking_number} #{self.seq}: {self.code}"
