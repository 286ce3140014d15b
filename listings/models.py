"""The catalogue: categories, listings, their variants (SKUs with stock),
wholesale price tiers and images.

A listing is priced per lot (a lot is `lot_size` pieces; 1 for single items) in
the seller's settlement currency. Rules that span rows (tiers, publishing) live
in listings.services; each row's own invariants are check constraints here.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from marketplace.storage import private_storage
from translation.models import TranslationKind

SETTLEMENT_CURRENCIES = sorted(set(settings.CARAVAN_SELLER_COUNTRIES.values()))
SETTLEMENT_CURRENCY_CHOICES = [(c, c) for c in SETTLEMENT_CURRENCIES]


# Top-level categories' icons in the shipped Lucide set (static/icons/lucide/); others get "package".
CATEGORY_ICONS = {
    "womens-fashion": "flower",
    "mens-fashion": "shirt",
    "shoes": "footprints",
    "bags-accessories": "handbag",
    "jewellery-watches": "gem",
    "phone-accessories": "smartphone",
    "home-garden": "house",
    "kitchen": "cooking-pot",
    "sports-outdoors": "volleyball",
    "toys": "toy-brick",
    "beauty": "sparkles",
}


class Category(models.Model):
    """A node of the two-level category tree. Names in every interface language."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=100)
    names = models.JSONField(_("names by language"), default=dict, blank=True)
    icon = models.CharField(max_length=8, blank=True)
    commission_rate = models.DecimalField(
        _("commission rate"), max_digits=5, decimal_places=4, default=settings.CARAVAN_DEFAULT_COMMISSION_RATE
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    commission_rate__gte=settings.CARAVAN_COMMISSION_RATE_MIN,
                    commission_rate__lte=settings.CARAVAN_COMMISSION_RATE_MAX,
                ),
                name="category_commission_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def icon_name(self) -> str:
        """The Lucide icon (static/icons/sprite.svg) of a top-level category."""
        return CATEGORY_ICONS.get(self.slug, "package")

    def localized_name(self, language: str | None = None) -> str:
        language = language or get_language() or "en"
        return self.names.get(language) or self.names.get(language.split("-")[0]) or self.name


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")


class Listing(models.Model):
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="listings")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="listings")
    status = models.CharField(_("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.DRAFT)
    source_language = models.CharField(_("language of the text"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)  # sanitised HTML, see listings.sanitize
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    # The variants' option names in the seller's order (jsonb objects do not keep key order).
    option_names = models.JSONField(default=list, blank=True)

    price = MoneyField(
        _("price per lot"), max_digits=19, decimal_places=4, currency_choices=SETTLEMENT_CURRENCY_CHOICES
    )
    lot_size = models.PositiveIntegerField(_("pieces per lot"), default=1)
    weight_grams = models.PositiveIntegerField(_("package weight (g)"))
    length_cm = models.DecimalField(_("length (cm)"), max_digits=6, decimal_places=1)
    width_cm = models.DecimalField(_("width (cm)"), max_digits=6, decimal_places=1)
    height_cm = models.DecimalField(_("height (cm)"), max_digits=6, decimal_places=1)
    declared_value = MoneyField(
        _("declared value per lot"), max_digits=19, decimal_places=4, currency_choices=SETTLEMENT_CURRENCY_CHOICES
    )
    processing_days = models.PositiveSmallIntegerField(_("processing time (days)"), default=5)
    hs_code = models.CharField(_("HS code"), max_length=12, blank=True)
    # None: the store's default shipping template (logistics.ShippingTemplate).
    shipping_template = models.ForeignKey(
        "logistics.ShippingTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="listings",
        verbose_name=_("shipping template"),
    )  # fmt: skip

    # Derived by services on every change, for display and sorting.
    min_price = MoneyField(max_digits=19, decimal_places=4, currency_choices=SETTLEMENT_CURRENCY_CHOICES)
    sort_price_eur = models.DecimalField(max_digits=19, decimal_places=4, default=Decimal(0))
    orders_count = models.PositiveIntegerField(default=0)
    search_vector = SearchVectorField(null=True, editable=False)
    # Every title and attribute value, original and translated, for typo matching (listings.search).
    search_text = models.TextField(default="", blank=True, editable=False)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The seller's own id of the listing in a source feed (listings.imports): re-importing updates it.
    source_id = models.CharField(_("source id"), max_length=100, null=True, blank=True, editable=False)
    # An import suggested the category (the source's was unknown): the seller's table asks them to check it.
    category_check = models.BooleanField(_("check the category"), default=False)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "source_id"], condition=Q(source_id__isnull=False), name="listing_source_id_unique"
            ),
            models.CheckConstraint(condition=Q(status__in=ListingStatus.values), name="listing_status_valid"),
            models.CheckConstraint(condition=Q(lot_size__gte=1), name="listing_lot_size_positive"),
            models.CheckConstraint(condition=Q(weight_grams__gte=1), name="listing_weight_positive"),
            models.CheckConstraint(
                condition=Q(length_cm__gt=0, width_cm__gt=0, height_cm__gt=0), name="listing_dimensions_positive"
            ),
            models.CheckConstraint(
                condition=Q(processing_days__gte=1, processing_days__lte=10), name="listing_processing_days_range"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="listing_price_positive"),
            models.CheckConstraint(
                condition=Q(price_currency=models.F("declared_value_currency")),
                name="listing_declared_value_same_currency",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="listing_status_published"),
            models.Index(fields=["status", "category", "-published_at"], name="listing_status_category"),
            models.Index(fields=["status", "sort_price_eur"], name="listing_status_price"),
            models.Index(fields=["seller", "status"], name="listing_seller_status"),
            # The orders sort (home "Best sellers", store pages, "More from this store").
            models.Index(
                fields=["-orders_count", "-published_at", "-id"],
                condition=Q(status="active"),
                name="listing_active_popular",
            ),
            models.Index(
                fields=["seller", "-orders_count", "-published_at", "-id"],
                condition=Q(status="active"),
                name="listing_active_seller_pop",
            ),
            models.Index(
                fields=["category", "-orders_count", "-published_at", "-id"],
                condition=Q(status="active"),
                name="listing_active_cat_popular",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == ListingStatus.ACTIVE


class ListingVariant(models.Model):
    """One SKU of a listing (e.g. red, size M): its own stock, maybe its own price."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=64)
    options = models.JSONField(_("options"), default=dict, blank=True)  # {"colour": "Red", "size": "M"}
    stock = models.PositiveIntegerField(_("stock (lots)"), default=0)
    price_override = MoneyField(
        _("price per lot"), max_digits=19, decimal_places=4, null=True, blank=True,
        currency_choices=SETTLEMENT_CURRENCY_CHOICES,
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "sku"], name="variant_sku_unique_per_listing"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return self.label or self.sku

    @property
    def label(self) -> str:
        """Option values in the listing's option order: "Red / M"."""
        names = self.listing.option_names or list(self.options)
        ordered = [self.options[n] for n in names if n in self.options]
        ordered += [v for k, v in self.options.items() if k not in names]
        return " / ".join(str(v) for v in ordered)


class PriceTier(models.Model):
    """From `min_lots` lots (to `max_lots`, open-ended if null) each lot costs `unit_price`."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="tiers")
    min_lots = models.PositiveIntegerField()
    max_lots = models.PositiveIntegerField(null=True, blank=True)
    unit_price = MoneyField(max_digits=19, decimal_places=4, currency_choices=SETTLEMENT_CURRENCY_CHOICES)

    class Meta:
        ordering = ["min_lots"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "min_lots"], name="tier_min_unique_per_listing"),
            models.CheckConstraint(condition=Q(min_lots__gte=1), name="tier_min_positive"),
            models.CheckConstraint(
                condition=Q(max_lots__isnull=True) | Q(max_lots__gte=models.F("min_lots")), name="tier_range_ordered"
            ),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="tier_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.min_lots}–{self.max_lots or '∞'}: {self.unit_price}"


class StockReason(models.TextChoices):
    RESERVATION = "reservation", _("Reserved for an order")
    RELEASE = "release", _("Released from an order")
    SELLER_EDIT = "seller_edit", _("Set by the seller")
    IMPORT = "import", _("Set by an import")


class StockMovement(models.Model):
    """One change of one variant's stock (in lots): who, why, from what to what.
    Written only by listings.stock, never edited. For every variant made by the
    services its latest movement's `after` is its stock (none: 0); the demo's
    bulk benchmark catalogue is the one exception."""

    variant = models.ForeignKey(ListingVariant, on_delete=models.CASCADE, related_name="stock_movements")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=StockReason.choices)
    reference = models.CharField(max_length=100, blank=True)  # e.g. "order:123", "import:45"
    # None: the home stock (ListingVariant.stock); else that warehouse's WarehouseStock.
    warehouse = models.ForeignKey(
        "logistics.Warehouse", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before = models.PositiveIntegerField()
    after = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["variant", "created_at"], name="stockmovement_variant_created")]
        constraints = [
            models.CheckConstraint(condition=Q(reason__in=StockReason.values), name="stockmovement_reason_valid"),
            models.CheckConstraint(condition=~Q(before=models.F("after")), name="stockmovement_changes_stock"),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}: {self.before} → {self.after} ({self.reason})"

    @property
    def change(self) -> int:
        return self.after - self.before


class WarehouseStock(models.Model):
    """A variant's stock (in lots) in one of its store's overseas warehouses.
    The home stock stays `ListingVariant.stock`. Changed only by listings.stock."""

    variant = models.ForeignKey(ListingVariant, on_delete=models.CASCADE, related_name="warehouse_stock")
    warehouse = models.ForeignKey("logistics.Warehouse", on_delete=models.CASCADE, related_name="stock")
    stock = models.PositiveIntegerField(_("stock (lots)"), default=0)

    class Meta:
        ordering = ["variant", "warehouse"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="warehousestock_unique"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="warehousestock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id} @ {self.warehouse_id}: {self.stock}"


def listing_image_path(instance: "ListingImage", filename: str) -> str:
    return f"listings/{instance.listing_id}/{filename}"


class ListingImage(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=listing_image_path)
    thumbnail = models.ImageField(upload_to=listing_image_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.image.name


def import_file_path(instance: "ImportJob", filename: str) -> str:
    return f"imports/{instance.seller_id}/{timezone.now():%Y%m}/{filename}"


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One upload of a source feed (CSV or JSON) and, optionally, a zip of its
    images, worked through in batches of rows by Celery (listings.imports.services).
    `processed_rows` is the next row to import: a batch runs only from there."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    feed = models.FileField(upload_to=import_file_path, storage=private_storage, max_length=255)
    feed_name = models.CharField(_("feed file"), max_length=255)
    feed_format = models.CharField(
        max_length=8, choices=[("csv", "CSV"), ("json", "JSON"), ("packet", _("Taobao Assistant data packet"))]
    )
    images = models.FileField(upload_to=import_file_path, storage=private_storage, max_length=255, blank=True)
    images_name = models.CharField(_("images zip"), max_length=255, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_rows = models.PositiveIntegerField(_("listings created"), default=0)
    updated_rows = models.PositiveIntegerField(_("listings updated"), default=0)
    failed_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    error_message = models.TextField(blank=True)  # why the whole job failed, for a person
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(null=True, blank=True)  # the last row written: the stall watchdog reads it
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["seller", "-created_at"], name="importjob_seller_created")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportJobStatus.values), name="importjob_status_valid"),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")), name="importjob_processed_le_total"
            ),
            models.CheckConstraint(
                condition=Q(
                    processed_rows=models.F("created_rows") + models.F("updated_rows") + models.F("failed_rows")
                ),
                name="importjob_counts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feed_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == ImportJobStatus.DONE:
            return 100
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else 0


class ImportRowSeverity(models.TextChoices):
    ERROR = "error", _("Error")  # the row was not imported
    WARNING = "warning", _("Warning")  # the row was imported; something in it needs the seller's eye


class ImportRowError(models.Model):
    """One problem with one row of a feed: an error (the row was not imported)
    or a warning (it was, e.g. a value without a name, a picture not found)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("row"))
    source_id = models.CharField(_("source id"), max_length=100, blank=True)
    field = models.CharField(_("field"), max_length=60, blank=True)
    message = models.CharField(_("message"), max_length=500)
    severity = models.CharField(
        _("severity"), max_length=8, choices=ImportRowSeverity.choices, default=ImportRowSeverity.ERROR
    )

    class Meta:
        ordering = ["row", "pk"]
        indexes = [models.Index(fields=["job", "row"], name="importrowerror_job_row")]

    def __str__(self) -> str:
        return f"row {self.row} {self.field}: {self.message}"


class ListingTranslation(models.Model):
    """A listing's title and attribute values in one interface language.

    `terms` translates the listing's short labels: attribute names, variant
    option names and option values, as {original: translation} ("" where no
    engine could translate a term; the page then shows the original). Terms are
    keyed by their original text, so an edit of the variants needs no new row:
    the listing's job fills the terms the row lacks (listings.translations).

    `source_hash` is the hash of the source text the row was made from
    (listings.translations.listing_source_hash): a row whose hash differs from
    the listing's current one is stale. A human row is never overwritten by a
    machine."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=400)
    attributes = models.JSONField(default=dict, blank=True)
    terms = models.JSONField(default=dict, blank=True)
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
