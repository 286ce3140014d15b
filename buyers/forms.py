from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .services import AddressInput


class AddressForm(forms.Form):
    """An address as the buyer types it; the country's rules are the service's
    (buyers.services), whose errors land on the fields they name."""

    full_name = forms.CharField(label=_("Recipient's full name"), max_length=200)
    country = forms.ChoiceField(label=_("Country or region"), choices=lambda: list(countries))
    street_address = forms.CharField(
        label=_("Street address"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Street and number, apartment, building."),
    )  # fmt: skip
    city_area = forms.CharField(label=_("District or neighbourhood"), max_length=128, required=False)
    city = forms.CharField(label=_("City"), max_length=128, required=False)
    country_area = forms.CharField(label=_("State, province or region"), max_length=128, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    phone = forms.CharField(
        label=_("Phone number"), max_length=40, help_text=_("For the carrier, with the country code.")
    )
    company_name = forms.CharField(label=_("Company (optional)"), max_length=200, required=False)

    def to_input(self) -> AddressInput:
        return AddressInput(**self.cleaned_data)

    @classmethod
    def initial_of(cls, address) -> dict:
        return {name: getattr(address, name) for name in cls.base_fields if name != "country"} | {
            "country": address.country.code
        }
