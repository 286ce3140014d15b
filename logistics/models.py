"""Carriers, shipping methods and their limits, destination zones per origin,
and the rate table of each zone.

Everything here is data, edited in the admin and seeded by a data migration
from `logistics/data/methods.json`. The quote (`logistics.quote`) never reads
these rows itself: `logistics.selectors` turns them into frozen values once.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from djmoney.models.fields import MoneyField

from .landed import eu_member_states

ORIGIN_CHOICES = [(c, c) for c in settings.CARAVAN_SELLER_COUNTRIES]


class Carrier(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceLevel(models.TextChoices):
    ECONOMY = "economy", _("Economy")
    STANDARD = "standard", _("Standard")
    EXPRESS = "express", _("Express")


class MethodKind(models.TextChoices):
    # Postal items carry UPU S10 tracking numbers (two letters, eight digits, a check digit, the country).
    POSTAL = "postal", _("Postal")
    COURIER = "courier", _("Courier")


class ShippingMethod(models.Model):
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="methods")
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    service_level = models.CharField(_("service level"), max_length=10, choices=ServiceLevel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=MethodKind.choices)
    tracked = models.BooleanField(_("tracked"), default=True)
    origin_countries = models.JSONField(_("origin countries"), default=list, help_text=_('e.g. ["CN", "TR"]'))
    max_weight_grams = models.PositiveIntegerField(_("max weight (g)"))
    max_side_cm = models.DecimalField(_("max longest side (cm)"), max_digits=6, decimal_places=1)
    # Small packets (UPU) limit length + width + height; parcels and couriers limit length + girth.
    max_dimensions_sum_cm = models.DecimalField(
        _("max length + width + height (cm)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    max_length_girth_cm = models.DecimalField(
        _("max length + girth (cm)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    max_declared_value = MoneyField(_("max declared value"), max_digits=19, decimal_places=4)
    protection_days = models.PositiveSmallIntegerField(
        _("promised delivery (days)"), help_text=_("The buyer-protection period of orders shipped this way.")
    )
    active = models.BooleanField(_("active"), default=True)
    source = models.CharField(_("source of the figures"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("shipping method")
        verbose_name_plural = _("shipping methods")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service_level__in=ServiceLevel.values), name="shippingmethod_service_level_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=MethodKind.values), name="shippingmethod_kind_valid"),
            models.CheckConstraint(
                condition=Q(max_weight_grams__gte=1, max_side_cm__gt=0, max_declared_value__gt=0),
                name="shippingmethod_limits_positive",
            ),
            models.CheckConstraint(
                condition=Q(protection_days__gte=1, protection_days__lte=120),
                name="shippingmethod_protection_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = [c for c in self.origin_countries or [] if c not in settings.CARAVAN_SELLER_COUNTRIES]
        if not isinstance(self.origin_countries, list) or unknown:
            raise ValidationError(
                {"origin_countries": _("Origins are a list of seller countries: %(c)s.")
                 % {"c": ", ".join(settings.CARAVAN_SELLER_COUNTRIES)}}
            )  # fmt: skip


class Zone(models.Model):
    """The destinations one method serves from one origin at one rate and transit time."""

    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="zones")
    origin = models.CharField(_("origin"), max_length=2, choices=ORIGIN_CHOICES)
    name = models.CharField(_("name"), max_length=100)
    countries = models.JSONField(_("destination countries"), default=list, help_text=_("ISO 3166 codes"))
    transit_days_min = models.PositiveSmallIntegerField(_("transit from (business days)"))
    transit_days_max = models.PositiveSmallIntegerField(_("transit to (business days)"))

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["method", "origin", "name"]
        constraints = [
            models.UniqueConstraint(fields=["method", "origin", "name"], name="zone_name_unique_per_method_origin"),
            models.CheckConstraint(
                condition=Q(transit_days_max__gte=models.F("transit_days_min")), name="zone_transit_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} from {self.origin}: {self.name}"

    def clean(self) -> None:
        codes = self.countries if isinstance(self.countries, list) else None
        if codes is None or any(c not in countries for c in codes):
            raise ValidationError({"countries": _("Destinations are a list of ISO 3166 country codes.")})
        if self.method_id and self.origin not in (self.method.origin_countries or []):
            raise ValidationError({"origin": _("This method does not ship from this country; add it to its origins.")})
        if self.method_id:
            # A country in two zones of one method and origin would have two prices.
            others = Zone.objects.filter(method_id=self.method_id, origin=self.origin).exclude(pk=self.pk)
            taken = {c for z in others for c in z.countries} & set(codes)
            if taken:
                raise ValidationError(
                    {"countries": _("Already in another zone of this method: %(c)s.") % {"c": ", ".join(sorted(taken))}}
                )


class ZoneRate(models.Model):
    """The price of a parcel: the first weight step, then each further step begun."""

    zone = models.OneToOneField(Zone, on_delete=models.CASCADE, related_name="rate")
    first_step_grams = models.PositiveIntegerField(_("first step (g)"))
    first_step_price = MoneyField(_("first step price"), max_digits=19, decimal_places=4)
    additional_step_grams = models.PositiveIntegerField(_("each additional step (g)"))
    additional_step_price = MoneyField(_("each additional step price"), max_digits=19, decimal_places=4)

    class Meta:
        verbose_name = _("zone rate")
        verbose_name_plural = _("zone rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_step_grams__gte=1, additional_step_grams__gte=1), name="zonerate_steps_positive"
            ),
            models.CheckConstraint(
                condition=Q(first_step_price__gte=0, additional_step_price__gte=0), name="zonerate_prices_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(first_step_price_currency=models.F("additional_step_price_currency")),
                name="zonerate_one_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone}: {self.first_step_price} / {self.first_step_grams} g"


def eu_countries() -> frozenset[str]:
    """The EU member states (the destinations of the EU VAT table in data/import_taxes.json)."""
    return eu_member_states()


class ShippingTemplate(models.Model):
    """How one store ships: the methods it offers, free shipping where it pays the
    carrier itself, and extra handling days. Each store has one default template
    (created with the store); a listing uses the default or one chosen for it."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="shipping_templates")
    name = models.CharField(_("name"), max_length=80)
    is_default = models.BooleanField(_("store default"), default=False)
    methods = models.ManyToManyField(
        ShippingMethod,
        blank=True,
        related_name="+",
        verbose_name=_("methods offered"),
        help_text=_("None chosen: every active method from the parcel's origin."),
    )
    handling_days = models.PositiveSmallIntegerField(_("extra handling (business days)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shipping template")
        verbose_name_plural = _("shipping templates")
        ordering = ["-is_default", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "name"], name="shippingtemplate_name_unique_per_seller"),
            models.UniqueConstraint(
                fields=["seller"], condition=Q(is_default=True), name="shippingtemplate_one_default_per_seller"
            ),
            models.CheckConstraint(
                condition=Q(handling_days__lte=settings.CARAVAN_SHIPPING_HANDLING_DAYS_MAX),
                name="shippingtemplate_handling_days_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FreeDestination(models.TextChoices):
    EVERYWHERE = "everywhere", _("Everywhere")
    EU = "eu", _("European Union")
    COUNTRIES = "countries", _("These countries")


class FreeShippingRule(models.Model):
    """Free shipping (the cheapest offered method) to a destination group,
    optionally only for orders of at least `min_order` (the store's currency)."""

    template = models.ForeignKey(ShippingTemplate, on_delete=models.CASCADE, related_name="free_rules")
    destination = models.CharField(_("destination"), max_length=12, choices=FreeDestination.choices)
    countries = models.JSONField(_("countries"), default=list, blank=True, help_text=_("ISO 3166 codes"))
    min_order = MoneyField(_("minimum order"), max_digits=19, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("free-shipping rule")
        verbose_name_plural = _("free-shipping rules")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(destination__in=FreeDestination.values), name="freeshippingrule_destination_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_order__isnull=True) | Q(min_order__gte=0), name="freeshippingrule_min_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template}: {self.get_destination_display()}"

    def covers(self) -> frozenset[str] | None:
        """The destination countries (None: everywhere)."""
        if self.destination == FreeDestination.EVERYWHERE:
            return None
        if self.destination == FreeDestination.EU:
            return eu_countries()
        return frozenset(self.countries or [])


WAREHOUSE_COUNTRY_CHOICES = [(c, c) for c in settings.CARAVAN_WAREHOUSE_COUNTRIES]


class Warehouse(models.Model):
    """Stock a store holds outside its home country ("ships from"). The home
    country is not a warehouse: its stock is the variant's own."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="warehouses")
    country = models.CharField(_("country"), max_length=2, choices=WAREHOUSE_COUNTRY_CHOICES)
    name = models.CharField(_("name"), max_length=80)
    handling_days = models.PositiveSmallIntegerField(_("handling (business days)"), default=0)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["country", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "country"], name="warehouse_one_per_country_per_seller"),
            models.CheckConstraint(
                condition=Q(handling_days__lte=settings.CARAVAN_SHIPPING_HANDLING_DAYS_MAX),
                name="warehouse_handling_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


from .carriers.models import CarrierEventReceipt, SandboxEvent, SandboxShipment  # noqa: E402, F401  (carrier rows)
