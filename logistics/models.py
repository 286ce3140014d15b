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


from .carriers.models import CarrierEventReceipt, SandboxEvent, SandboxShipment  # noqa: E402, F401  (carrier rows)
