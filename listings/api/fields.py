"""The catalogue API's own fields: choice fields that name their schema enum
(spectacular names an enum after the field, and "status", "currency" and
"language" already mean other choice sets elsewhere in the API), and prices
shown both as priced and converted."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from moneyed import Money
from rest_framework import serializers

from marketplace.api.fields import enum_schema

from ..models import ListingStatus, ListingVariant

INT_MAX = 2_147_483_647  # PostgreSQL integer: a bigger count is refused as input, not a 500

# API sort names -> the storefront's (listings.selectors.SORTS); "best match"
# without a query is "most ordered" there, as on the storefront.
SORTS = {"best_match": "best", "price_asc": "price_asc", "price_desc": "price_desc", "newest": "newest",
         "most_ordered": "orders"}  # fmt: skip
SORT_CHOICES = [
    ("best_match", "Best match"),
    ("price_asc", "Price, low to high"),
    ("price_desc", "Price, high to low"),
    ("newest", "Newest"),
    ("most_ordered", "Most ordered"),
]
STATUS_CHANGE_CHOICES = [(ListingStatus.ACTIVE.value, "Active"), (ListingStatus.PAUSED.value, "Paused")]
SHIPS_FROM_CHOICES = [(code, code) for code in sorted(settings.CARAVAN_SELLER_COUNTRIES)]
DISPLAY_CURRENCY_CHOICES = [(code, code) for code in settings.CARAVAN_DISPLAY_CURRENCIES]


@extend_schema_field(enum_schema(ListingStatus.choices), component_name="ListingStatusEnum")
class ListingStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ListingStatus.choices, **kwargs)


@extend_schema_field(enum_schema(STATUS_CHANGE_CHOICES), component_name="ListingStatusChangeEnum")
class ListingStatusChangeField(serializers.ChoiceField):
    """What a seller may set: publish or re-activate (active) and pause (paused)."""

    def __init__(self, **kwargs):
        super().__init__(choices=STATUS_CHANGE_CHOICES, **kwargs)


@extend_schema_field(enum_schema(SORT_CHOICES), component_name="ListingSortEnum")
class ListingSortField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=SORT_CHOICES, **kwargs)


@extend_schema_field(enum_schema(settings.LANGUAGES), component_name="ListingLanguageEnum")
class ListingLanguageField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=settings.LANGUAGES, **kwargs)


@extend_schema_field(enum_schema(SHIPS_FROM_CHOICES), component_name="ShipsFromCountryEnum")
class ShipsFromField(serializers.ChoiceField):
    """One of the five seller countries, as an ISO code in any letter case."""

    def __init__(self, **kwargs):
        super().__init__(choices=SHIPS_FROM_CHOICES, **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.strip().upper() if isinstance(data, str) else data)


@extend_schema_field(enum_schema(DISPLAY_CURRENCY_CHOICES), component_name="DisplayCurrencyEnum")
class DisplayCurrencyField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DISPLAY_CURRENCY_CHOICES, **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.strip().upper() if isinstance(data, str) else data)


class MoneyOutputSerializer(serializers.Serializer):
    amount = serializers.CharField(help_text="Decimal string, rounded to the currency's minor unit.")
    currency = serializers.CharField(help_text="ISO 4217.")
    formatted = serializers.CharField(help_text="Formatted for the request's language.")


class PriceOutputSerializer(serializers.Serializer):
    original = MoneyOutputSerializer(help_text="In the listing's currency (the seller's settlement currency).")
    display = MoneyOutputSerializer(help_text="Converted into the display currency through the stored rates.")


@extend_schema_field(PriceOutputSerializer)
class PriceField(serializers.Field):
    """A Money shown both as priced and converted (needs `prices` in the context)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Money) -> dict:
        return self.context["prices"].both(value)


@extend_schema_field(PriceOutputSerializer)
class VariantPriceField(PriceField):
    """A variant's own price per lot, or the listing's when it has none."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, variant: ListingVariant) -> dict:
        prices = self.context["prices"]
        quote = prices.quote(variant, 1)  # the first tier's price is the price of one lot
        return {"original": prices.money(quote.unit_price), "display": prices.money(quote.converted_unit_price)}
