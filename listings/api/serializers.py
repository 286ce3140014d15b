"""Serializers shared by the catalogue API's modules: the references and
photos both the buyer's and the seller's views show, and a listing as its
seller writes it (input) and reads it back (output)."""

from dataclasses import asdict
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from marketplace.api.fields import MoneyAmountField, MoneyAmountOutputField

from ..models import Category, Listing, ListingImage
from ..services import ListingInput, TierInput, VariantInput, publish_problems
from .fields import INT_MAX, ListingLanguageField, ListingStatusField, PriceField

DESCRIPTION_MAX_CHARS = settings.CARAVAN_LISTING_DESCRIPTION_MAX_CHARS


def image_url(request, name: str | None) -> str | None:
    if not name:
        return None
    url = ListingImage._meta.get_field("image").storage.url(name)  # photos and thumbnails share one storage
    return request.build_absolute_uri(url) if request is not None else url


# --- shared output ----------------------------------------------------------------------


class StoreRefOutputSerializer(serializers.Serializer):
    store_name = serializers.CharField()
    slug = serializers.CharField()
    country = serializers.CharField(source="country.code", help_text="Where the store ships from (ISO 3166-1).")


class CategoryRefOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, category: Category) -> str:
        return category.localized_name()


class ListingImageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="The photo, at most 1600 px on its longer side (JPEG).")
    thumbnail_url = serializers.SerializerMethodField(help_text="A 400×400 crop (JPEG).")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    position = serializers.IntegerField()

    def get_url(self, image: ListingImage) -> str:
        return image_url(self.context.get("request"), image.image.name)

    def get_thumbnail_url(self, image: ListingImage) -> str:
        return image_url(self.context.get("request"), image.thumbnail.name)


class ListingCardOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    source_language = serializers.CharField(help_text="The language the seller wrote the listing in.")
    from_price = PriceField(source="min_price", help_text="The lowest price per lot: cheapest tier and variant.")
    lot_size = serializers.IntegerField(help_text="Pieces per lot (1: sold by the piece).")
    seller = StoreRefOutputSerializer()
    thumbnail_url = serializers.SerializerMethodField()
    orders_count = serializers.IntegerField()

    def get_thumbnail_url(self, listing: Listing) -> str | None:
        return image_url(self.context.get("request"), listing.first_thumbnail)


# --- seller: input --------------------------------------------------------------------


class ListingVariantInputSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=64, allow_blank=True, help_text="Unique within the listing.")
    options = serializers.DictField(
        child=serializers.CharField(max_length=80, allow_blank=True),
        required=False,
        default=dict,
        help_text='What this SKU is, e.g. {"colour": "Red", "size": "M"}.',
    )
    stock = serializers.IntegerField(max_value=INT_MAX, required=False, default=0, help_text="In lots.")
    price_override = MoneyAmountField(
        required=False, allow_null=True, default=None, help_text="Price per lot if not the listing's; null: the same."
    )


class ListingTierInputSerializer(serializers.Serializer):
    min_lots = serializers.IntegerField(min_value=-INT_MAX, max_value=INT_MAX)
    max_lots = serializers.IntegerField(
        min_value=-INT_MAX, max_value=INT_MAX, required=False, allow_null=True, default=None,
        help_text="Null: and more (only the last tier).",
    )  # fmt: skip
    unit_price = MoneyAmountField(help_text="Price per lot in this tier.")


class ListingInputSerializer(serializers.Serializer):
    """A listing as a seller writes it. Amounts are decimal strings in the store's
    settlement currency; business rules (tiers, SKUs, parcel limits) are checked
    by the service, which names the field path of any problem (`tiers.1.min_lots`)."""

    category = serializers.IntegerField(max_value=INT_MAX, help_text="Id of a sub-category (not a top-level one).")
    title = serializers.CharField(allow_blank=True, max_length=1000, help_text="5 to 200 characters.")
    source_language = ListingLanguageField(required=False, help_text="Default: the store's language.")
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=DESCRIPTION_MAX_CHARS,
        help_text="Limited HTML (paragraphs, lists, bold, tables, links); anything else is removed.",
    )  # fmt: skip
    attributes = serializers.DictField(
        child=serializers.CharField(max_length=settings.CARAVAN_LISTING_ATTRIBUTE_VALUE_MAX_CHARS, allow_blank=True),
        required=False, default=dict,
        help_text='e.g. {"material": "chiffon"}.',
    )  # fmt: skip
    price = MoneyAmountField(help_text="Per lot; with tiers, the first tier's price is used.")
    declared_value = MoneyAmountField(help_text="Customs value per lot.")
    lot_size = serializers.IntegerField(max_value=INT_MAX, required=False, default=1, help_text="Pieces per lot.")
    weight_grams = serializers.IntegerField(max_value=INT_MAX, help_text="Package weight per lot.")
    length_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    width_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    height_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    processing_days = serializers.IntegerField(max_value=INT_MAX, required=False, default=5, help_text="1 to 10.")
    hs_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    variants = ListingVariantInputSerializer(many=True, help_text="At least one SKU.")
    tiers = ListingTierInputSerializer(
        many=True, required=False, default=list, help_text="Quantity price tiers; empty: one price."
    )


def listing_input(values: dict) -> ListingInput:
    return ListingInput(
        category_id=values["category"],
        title=values["title"],
        source_language=values.get("source_language", ""),
        description=values["description"],
        attributes=values["attributes"],
        price=values["price"],
        declared_value=values["declared_value"],
        lot_size=values["lot_size"],
        weight_grams=values["weight_grams"],
        length_cm=values["length_cm"],
        width_cm=values["width_cm"],
        height_cm=values["height_cm"],
        processing_days=values["processing_days"],
        hs_code=values["hs_code"],
        variants=[VariantInput(**variant) for variant in values["variants"]],
        tiers=[TierInput(**tier) for tier in values["tiers"]],
    )


def _as_input_data(value):
    """ListingInput values as the input serializer reads them (decimals as strings)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_as_input_data(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_input_data(item) for key, item in value.items()}
    return value


def _current_input(listing: Listing) -> dict:
    """The listing as input data (ListingInput.of), for PATCH to lay the changes over."""
    values = asdict(ListingInput.of(listing))
    values["category"] = values.pop("category_id")
    return _as_input_data(values)


def merged_input(listing: Listing, changes) -> dict:
    """PATCH semantics: fields left out keep their values. A `variants` list
    replaces the variants, each one keeping what it leaves out from the current
    variant with the same SKU; a `tiers` list replaces the whole tier table."""
    if not isinstance(changes, dict):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    current_input = _current_input(listing)
    merged = {**current_input, **changes}
    if isinstance(changes.get("variants"), list):
        current = {v["sku"].lower(): v for v in current_input["variants"]}
        merged["variants"] = [
            {**current.get(str(item.get("sku", "")).strip().lower(), {}), **item} if isinstance(item, dict) else item
            for item in changes["variants"]
        ]
    return merged


# --- seller: output -------------------------------------------------------------------


class SellerVariantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())
    stock = serializers.IntegerField(help_text="In lots.")
    price_override = MoneyAmountOutputField(allow_null=True)


class SellerTierOutputSerializer(serializers.Serializer):
    min_lots = serializers.IntegerField()
    max_lots = serializers.IntegerField(allow_null=True)
    unit_price = MoneyAmountOutputField()


class SellerListingOutputSerializer(serializers.Serializer):
    """A listing as its seller sees it: the input fields, plus status and what
    stops it from being published. Amounts are decimal strings in `currency`."""

    id = serializers.IntegerField()
    status = ListingStatusField()
    category = serializers.IntegerField(source="category_id")
    category_slug = serializers.CharField(source="category.slug")
    title = serializers.CharField()
    source_language = ListingLanguageField()
    description = serializers.CharField(help_text="Sanitised HTML.")
    attributes = serializers.DictField(child=serializers.CharField())
    currency = serializers.CharField(source="price.currency.code", help_text="The store's settlement currency.")
    price = MoneyAmountOutputField()
    declared_value = MoneyAmountOutputField()
    lot_size = serializers.IntegerField()
    weight_grams = serializers.IntegerField()
    length_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    width_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    height_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    processing_days = serializers.IntegerField()
    hs_code = serializers.CharField()
    variants = SellerVariantOutputSerializer(many=True)
    tiers = SellerTierOutputSerializer(many=True)
    from_price = MoneyAmountOutputField(source="min_price", help_text="The lowest price per lot a buyer can pay.")
    images = ListingImageOutputSerializer(many=True)
    category_check = serializers.BooleanField(
        help_text="An import suggested the category (the Taobao category id was not one Caravan knows): check it. "
        "Send `category` (PATCH) to confirm or change it; that clears the flag."
    )
    suggested_category = serializers.SerializerMethodField(
        help_text="The category the import suggested, while `category_check` is true; otherwise null."
    )
    publish_problems = serializers.SerializerMethodField(
        help_text="What stops this listing from being published; empty when nothing does."
    )
    orders_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(CategoryRefOutputSerializer(allow_null=True))
    def get_suggested_category(self, listing: Listing) -> dict | None:
        return suggested_category(listing)

    def get_publish_problems(self, listing: Listing) -> list[str]:
        return publish_problems(listing)


def suggested_category(listing: Listing) -> dict | None:
    """The category an import suggested for `listing`, while its seller has not confirmed it."""
    return CategoryRefOutputSerializer(listing.category).data if listing.category_check else None


class SellerListingRowVariantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    label = serializers.CharField()
    stock = serializers.IntegerField()


class BulkStatusFailureOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message = serializers.CharField(help_text="Why this listing could not change.")
