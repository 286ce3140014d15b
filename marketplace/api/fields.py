"""Serializer fields and schema helpers shared by every app's API."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from moneyed import Money
from rest_framework import serializers

from marketplace.money import round_money

FLOAT_REFUSED = gettext_lazy('Send amounts as decimal strings, e.g. "89.90", not as floating-point numbers.')


def enum_schema(choices: Iterable[tuple], *, nullable: bool = False) -> dict:
    """The OpenAPI schema of a string enum, for `extend_schema_field(..., component_name=...)`.

    Choice fields name their component explicitly: spectacular names an enum
    after the field, and names such as "status", "currency" or "language" mean
    different choice sets in different parts of the API."""
    schema = {"type": "string", "enum": [str(value) for value, _label in choices]}
    if nullable:
        schema["nullable"] = True
    return schema


class MoneyAmountField(serializers.DecimalField):
    """An amount of money as a decimal string ("89.90") or a whole number.

    A JSON number with a fraction arrives as a Python float, which has already
    lost the exact decimal the client meant (0.1 + 0.2): it is refused with a
    400 naming the field, never rounded into a price."""

    default_error_messages = {"float": FLOAT_REFUSED}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 19)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("coerce_to_string", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, float):
            self.fail("float")
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "format": "decimal", "example": "89.00"})
class MoneyAmountOutputField(serializers.Field):
    """A Money's amount, rounded to its currency's minor unit, as a string."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Money) -> str:
        return str(round_money(value).amount)


class StrictCountryField(CountryField):
    """A country code (or name) sent as a string. The library's field also takes
    {"code": …} and reads any falsy value ({}, [], 0) as "no country": a client
    sending those has a bug, so they are refused with a 400 naming the field."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)
