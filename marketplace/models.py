"""Core rows: the person (User) and the exchange rates money is converted with."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def currency_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in settings.CARAVAN_DISPLAY_CURRENCIES]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: buyer, seller and/or staff. Logs in with an email address.

    Display preferences live here because buyers, sellers and staff all have them.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("display language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    currency = models.CharField(
        _("display currency"), max_length=3, choices=currency_choices, default=settings.CARAVAN_DEFAULT_CURRENCY
    )
    country = CountryField(_("ship-to country"), blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False, help_text=_("Can log into the admin site."))
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(models.functions.Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.email])[0]


class ExchangeRateSource(models.TextChoices):
    ECB = "ecb", _("European Central Bank")
    CBR = "cbr", _("Central Bank of Russia")
    SEED = "seed", _("Offline seed file")
    MANUAL = "manual", _("Entered by staff")


class ExchangeRate(models.Model):
    """How many units of `currency` one unit of the base currency (EUR) buys,
    on `effective_date`, according to `source`. Rows are history: the current
    rate of a currency is its newest row. Orders will reference the row they
    converted with, so rows are never edited in place."""

    base_currency = models.CharField(max_length=3, default="EUR")
    currency = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=24, decimal_places=10)
    source = models.CharField(max_length=10, choices=ExchangeRateSource.choices)
    effective_date = models.DateField()
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["currency", "-effective_date", "-fetched_at"]
        indexes = [models.Index(fields=["currency", "-effective_date", "-fetched_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["base_currency", "currency", "source", "effective_date"], name="exchange_rate_unique_per_day"
            ),
            models.CheckConstraint(condition=Q(rate__gt=Decimal(0)), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.base_currency} = {self.rate} {self.currency} ({self.source}, {self.effective_date})"
