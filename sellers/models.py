"""Sellers: the application a business files to sell on Caravan, its
qualification documents, and the immutable record of every vetting decision.

One `Seller` row per applying user is both the application and, once approved,
the store. Its status moves only through sellers.services (see transitions.py).
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from marketplace.storage import private_storage


class SellerStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class LegalEntityType(models.TextChoices):
    COMPANY = "company", _("Company (legal entity)")
    INDIVIDUAL_ENTREPRENEUR = "individual", _("Individual entrepreneur / sole trader")


class DocumentKind(models.TextChoices):
    BUSINESS_LICENCE = "business_licence", _("Business licence or registration extract")
    REPRESENTATIVE_ID = "representative_id", _("Legal representative's identity document")
    TAX_CERTIFICATE = "tax_certificate", _("Tax registration certificate")
    BANK_PROOF = "bank_proof", _("Proof of bank account")


def seller_document_path(instance: "SellerDocument", filename: str) -> str:
    # Never the uploader's file name: it is kept in original_name only.
    suffix = Path(filename).suffix.lower()[:5]
    return f"seller-documents/{instance.seller_id}/{uuid.uuid4().hex}{suffix}"


class Seller(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seller", verbose_name=_("applicant")
    )
    status = models.CharField(_("status"), max_length=20, choices=SellerStatus.choices, default=SellerStatus.DRAFT)

    store_name = models.CharField(_("store name"), max_length=80)
    slug = models.SlugField(max_length=90, unique=True)
    country = CountryField(_("country of establishment"))
    legal_entity_type = models.CharField(_("legal entity type"), max_length=20, choices=LegalEntityType.choices)
    legal_name = models.CharField(_("legal name"), max_length=200)
    registration_number = models.CharField(_("business registration number"), max_length=32)
    business_address = models.TextField(_("business address"), max_length=500)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, help_text=_("International format, e.g. +90 212 555 12 34")
    )
    store_language = models.CharField(_("store language"), max_length=10, choices=settings.LANGUAGES)
    description = models.TextField(_("short store description"), max_length=1000, blank=True)
    settlement_currency = models.CharField(_("settlement currency"), max_length=3)
    logo = models.ImageField(_("store logo"), upload_to="store-logos/", blank=True)

    staff_message = models.TextField(_("message from Caravan staff"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("last decision at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("member since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("seller application")
        verbose_name_plural = _("seller applications")
        permissions = [("vet_seller", "Can decide on seller applications (approve, reject, suspend)")]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__in=list(settings.CARAVAN_SELLER_COUNTRIES)),
                name="seller_country_allowed",
                violation_error_message=_(
                    "Caravan accepts sellers established in China, Russia, Italy, Spain or Turkey only."
                ),
            ),
            models.CheckConstraint(condition=Q(status__in=SellerStatus.values), name="seller_status_valid"),
            models.CheckConstraint(
                condition=Q(legal_entity_type__in=LegalEntityType.values), name="seller_entity_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    *[Q(country=c, settlement_currency=cur) for c, cur in settings.CARAVAN_SELLER_COUNTRIES.items()],
                    _connector=Q.OR,
                ),
                name="seller_settlement_currency_matches_country",
            ),
            models.UniqueConstraint(Lower("store_name"), name="seller_store_name_ci_unique"),
            models.UniqueConstraint(fields=["country", "registration_number"], name="seller_registration_unique"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.store_name

    @property
    def is_approved(self) -> bool:
        return self.status == SellerStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        """The applicant may change the application and its documents."""
        return self.status in (SellerStatus.DRAFT, SellerStatus.CHANGES_REQUESTED)


class SellerDocument(models.Model):
    """A qualification document, stored privately (never under a public URL)."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    file = models.FileField(storage=private_storage, upload_to=seller_document_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "uploaded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="seller_document_kind_valid"),
            models.CheckConstraint(condition=Q(size__gt=0), name="seller_document_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class SellerEvent(models.Model):
    """One status change of a seller: who, when, from, to and why. Never edited."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=SellerStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=SellerStatus.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
