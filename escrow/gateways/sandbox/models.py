"""The sandbox gateway's own books: what a payment provider keeps on its side.

Kept apart from the platform's Payment on purpose: the adapter talks to these
only through the provider's API (provider.api_call, with idempotency keys),
exactly as it would talk to a real provider over HTTP, and the platform learns
what happened only from signed webhooks."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField


class SandboxPaymentStatus(models.TextChoices):
    REQUIRES_PAYMENT_METHOD = "requires_payment_method", _("Waiting for the buyer")
    REQUIRES_ACTION = "requires_action", _("Waiting for authentication")
    PROCESSING = "processing", _("Waiting for the scheme's confirmation")
    SUCCEEDED = "succeeded", _("Succeeded")
    CANCELED = "canceled", _("Canceled")


class SandboxPayment(models.Model):
    ref = models.CharField(max_length=40, unique=True)  # "sbpay_…", the platform's Payment.gateway_ref
    token = models.CharField(max_length=43, unique=True)  # the hosted page's URL
    merchant_reference = models.CharField(max_length=120)
    amount = MoneyField(max_digits=19, decimal_places=4)
    captured_amount = models.DecimalField(max_digits=19, decimal_places=4, default=0)
    refunded_amount = models.DecimalField(max_digits=19, decimal_places=4, default=0)
    country = models.CharField(max_length=2)
    language = models.CharField(max_length=10)
    return_url = models.CharField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=30, choices=SandboxPaymentStatus.choices,
                              default=SandboxPaymentStatus.REQUIRES_PAYMENT_METHOD)  # fmt: skip
    method = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=20, blank=True)  # "3ds" | "wallet" while requires_action
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=models.F("captured_amount")), name="sandbox_refunds_within_captured"
            ),
            models.CheckConstraint(condition=Q(refunded_amount__gte=0), name="sandbox_refunded_not_negative"),
        ]

    def __str__(self):
        return self.ref


class SandboxAttempt(models.Model):
    """One try to pay (a card, a wallet approval, a QR scheme), with its outcome."""

    payment = models.ForeignKey(SandboxPayment, on_delete=models.CASCADE, related_name="attempts")
    method = models.CharField(max_length=40)
    detail = models.CharField(max_length=40, blank=True)  # "•••• 4242"
    outcome = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.method} {self.detail} {self.outcome}"


class SandboxRefund(models.Model):
    ref = models.CharField(max_length=40, unique=True)  # "sbre_…"
    payment = models.ForeignKey(SandboxPayment, on_delete=models.PROTECT, related_name="refunds")
    amount = MoneyField(max_digits=19, decimal_places=4)
    reason = models.CharField(max_length=200, blank=True)
    merchant_reference = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="sandbox_refund_positive")]

    def __str__(self):
        return self.ref


class SandboxIdempotencyKey(models.Model):
    """A request the provider answered: the same key again gets the same answer;
    the same key with another body is refused (as Stripe does)."""

    key = models.CharField(max_length=200, unique=True)
    operation = models.CharField(max_length=40)
    request_hash = models.CharField(max_length=64)
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


class SandboxWebhook(models.Model):
    """One event the sandbox sends to the platform, and its delivery log."""

    event_id = models.CharField(max_length=40, unique=True)  # "evt_…"
    kind = models.CharField(max_length=40)
    payment = models.ForeignKey(SandboxPayment, on_delete=models.CASCADE, related_name="webhooks")
    url = models.CharField(max_length=500)
    body = models.TextField()  # exactly the bytes signed and sent, every attempt
    attempts = models.PositiveIntegerField(default=0)
    last_status = models.PositiveIntegerField(null=True, blank=True)  # HTTP status, None if no answer
    last_error = models.CharField(max_length=300, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} {self.event_id}"
