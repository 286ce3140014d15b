"""The public catalogue API: the category tree, listing search/list and
listing detail, with every price both in the listing's currency and converted
into the caller's display currency."""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.examples import ERROR_400, error_example, error_response
from marketplace.api.fields import MoneyAmountField
from marketplace.api.pagination import PagePagination, paginated_response

from ..display import ListingText, Prices, Terms
from ..models import Category, Listing, ListingVariant
from ..sanitize import sanitize_description
from ..selectors import (
    BrowseFilters,
    categories_top,
    category_ids_under,
    listing_public_detail,
    listings_browse,
    listings_for_api_cards,
)
from .examples import DRESS_CARD, DRESS_DETAIL, DRESS_DETAIL_EN
from .fields import (
    SORTS,
    DisplayCurrencyField,
    ListingLanguageField,
    ListingSortField,
    PriceField,
    ShipsFromField,
    VariantPriceField,
)
from .serializers import (
    CategoryRefOutputSerializer,
    ListingCardOutputSerializer,
    ListingImageOutputSerializer,
)


def _display_currency(request, requested: str | None = None) -> str:
    """The `currency` parameter, else the caller's display currency. The
    middleware resolved `request.currency` before DRF authenticated a token
    user, so a token user's saved currency is applied here."""
    if requested:
        return requested
    user = request.user
    if user.is_authenticated and user.currency in settings.CARAVAN_DISPLAY_CURRENCIES:
        return user.currency
    return getattr(request, "currency", None) or settings.CARAVAN_DEFAULT_CURRENCY


class CategoryListApi(APIView):
    """The category tree (two levels), names in the request's language."""

    permission_classes = [AllowAny]

    class OutputSerializer(CategoryRefOutputSerializer):
        icon = serializers.CharField()
        children = CategoryRefOutputSerializer(many=True)

    @extend_schema(
        operation_id="categories_list",
        tags=["catalogue"],
        responses={200: OutputSerializer(many=True)},
        examples=[
            OpenApiExample(
                "Women's fashion (in English)",
                value=[
                    {
                        "id": 1,
                        "slug": "womens-fashion",
                        "name": "Women's fashion",
                        "icon": "👗",
                        "children": [
                            {"id": 12, "slug": "dresses", "name": "Dresses"},
                            {"id": 13, "slug": "womens-tops", "name": "Tops & blouses"},
                        ],
                    }
                ],
                response_only=True,
            )
        ],
    )
    def get(self, request):
        return Response(self.OutputSerializer(categories_top(), many=True).data)


class ListingListApi(APIView):
    """Search and browse active listings of approved stores."""

    permission_classes = [AllowAny]
    pagination_class = PagePagination

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(
            required=False, allow_blank=True, trim_whitespace=False, help_text="Words to search; typos are forgiven."
        )
        category = serializers.SlugRelatedField(
            slug_field="slug",
            queryset=Category.objects.all(),
            required=False,
            help_text="A category slug; a top-level category includes its sub-categories.",
        )
        min_price = MoneyAmountField(required=False, min_value=Decimal(0), help_text="In `currency`, per lot.")
        max_price = MoneyAmountField(required=False, min_value=Decimal(0), help_text="In `currency`, per lot.")
        currency = DisplayCurrencyField(
            required=False,
            help_text="Currency of the price filter and of the displayed prices (default: the caller's).",
        )
        ships_from = ShipsFromField(
            required=False,
            help_text="Ships from this country (ISO 3166-1 alpha-2): the store's, or a warehouse's with stock.",
        )
        free_shipping_to = serializers.ChoiceField(
            choices=[(c, c) for c in countries.countries],
            required=False,
            help_text="Only listings that ship free to this country (ISO 3166-1 alpha-2) under their store's template.",
        )
        sort = ListingSortField(required=False, default="best_match")

    @extend_schema(
        operation_id="listings_list",
        tags=["catalogue"],
        parameters=[FilterSerializer],
        responses={200: ListingCardOutputSerializer(many=True), 400: ERROR_400},
        examples=[
            OpenApiExample(
                "A Chinese dress, priced for a buyer in the US",
                value={"count": 1, "next": None, "previous": None, "results": [DRESS_CARD]},
                response_only=True,
            ),
            error_example(
                "Unknown category",
                400,
                "invalid",
                "category: Object with slug=dreses does not exist.",
                {"category": ["Object with slug=dreses does not exist."]},
            ),
        ],
    )
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.validated_data
        prices = Prices(_display_currency(request, filters.get("currency")))

        category, bounds = filters.get("category"), {}
        for name in ("min_price", "max_price"):
            if filters.get(name) is not None:
                bounds[name] = prices.bound_to_eur(filters[name], upper=name == "max_price")
        listings = listings_browse(
            BrowseFilters(
                query=filters.get("q", ""),
                category_ids=category_ids_under(category) if category else [],
                price_min_eur=bounds.get("min_price"),
                price_max_eur=bounds.get("max_price"),
                ships_from=filters.get("ships_from", ""),
                sort=SORTS[filters["sort"]],
                free_shipping_to=filters.get("free_shipping_to", ""),
            )
        )
        context = {"request": request, "prices": prices}
        return paginated_response(self, request, listings_for_api_cards(listings), ListingCardOutputSerializer, context)


class DisplayCurrencyParamSerializer(serializers.Serializer):
    currency = DisplayCurrencyField(
        required=False, help_text="Currency of the displayed prices (default: the caller's display currency)."
    )


class TermOutputSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="In the reader's language (the original where there is no translation).")
    original = serializers.CharField(help_text="As the seller wrote it.")


class SpecificationOutputSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The attribute's name in the reader's language.")
    value = serializers.CharField(help_text="Its value in the reader's language.")
    original_name = serializers.CharField()
    original_value = serializers.CharField()


class VariantOptionOutputSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The option's name in the reader's language.")
    value = serializers.CharField(help_text="Its value in the reader's language.")
    original_name = serializers.CharField()
    original_value = serializers.CharField()


class ListingVariantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField(), help_text="As the seller wrote them.")
    label = serializers.SerializerMethodField(help_text="The option values in the reader's language.")
    original_label = serializers.CharField(source="label", help_text="The option values as the seller wrote them.")
    translated_options = serializers.SerializerMethodField()
    stock = serializers.IntegerField(help_text="In lots.")
    in_stock = serializers.SerializerMethodField()
    price = VariantPriceField(help_text="Per lot, in the first tier (tiers discount it in proportion).")

    def _terms(self) -> Terms:
        return self.context.get("text") or Terms()

    def get_label(self, variant: ListingVariant) -> str:
        return self._terms().variant_label(variant, variant.listing.option_names or list(variant.options))

    @extend_schema_field(VariantOptionOutputSerializer(many=True))
    def get_translated_options(self, variant: ListingVariant) -> list[dict]:
        return self._terms().variant_options(variant, variant.listing.option_names or [])

    def get_in_stock(self, variant: ListingVariant) -> bool:
        return variant.stock > 0


class ListingTierOutputSerializer(serializers.Serializer):
    min_lots = serializers.IntegerField()
    max_lots = serializers.IntegerField(allow_null=True, help_text="Null: and more.")
    unit_price = PriceField(help_text="Per lot.")


class ListingShippingOutputSerializer(serializers.Serializer):
    ships_from = serializers.CharField(source="seller.country.code")
    weight_grams = serializers.IntegerField(help_text="Package weight per lot.")
    length_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    width_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    height_cm = serializers.DecimalField(max_digits=6, decimal_places=1)
    declared_value = PriceField(help_text="Customs value per lot.")
    processing_days = serializers.IntegerField(help_text="Working days the seller takes to ship.")
    hs_code = serializers.CharField(help_text="Customs tariff code; may be empty.")


class ListingDetailParamSerializer(DisplayCurrencyParamSerializer):
    lang = ListingLanguageField(
        required=False,
        help_text="The language to read the listing in (default: the request's language, from Accept-Language "
        "or the caller's preference). The listing's own language gives the original.",
    )


class ListingDetailApi(APIView):
    """One active listing of an approved store, with everything a buyer needs to decide,
    in the reader's language: the title, attribute values and description come from the
    listing's translation into that language where there is one (`translated_from` then
    names the language the seller wrote in), the original otherwise."""

    permission_classes = [AllowAny]

    class OutputSerializer(ListingCardOutputSerializer):
        thumbnail_url = None
        title = serializers.SerializerMethodField()
        language = serializers.SerializerMethodField(help_text="The language of `title` and `attributes`.")
        translated_from = serializers.SerializerMethodField(
            help_text="The listing's own language when `title` is a translation; null for the original."
        )
        translation_kind = serializers.SerializerMethodField(
            help_text="human (the seller's own), machine or keywords (the offline glossary); null for the original."
        )
        description = serializers.SerializerMethodField(help_text="Sanitised HTML.")
        description_translated = serializers.SerializerMethodField(
            help_text="False: the description is the original (no translation of it yet, or none needed)."
        )
        attributes = serializers.SerializerMethodField(
            help_text="Attribute values in `language`, by the attribute's original name (see `specifications`)."
        )
        specifications = serializers.SerializerMethodField()
        option_names = serializers.SerializerMethodField()
        category = CategoryRefOutputSerializer()
        parent_category = CategoryRefOutputSerializer(source="category.parent", allow_null=True)
        price = PriceField(help_text="Per lot, in the first tier.")
        display_currency = serializers.SerializerMethodField()
        variants = ListingVariantOutputSerializer(many=True)
        tiers = ListingTierOutputSerializer(many=True, help_text="Empty: one price whatever the quantity.")
        images = ListingImageOutputSerializer(many=True)
        shipping = ListingShippingOutputSerializer(source="*")
        published_at = serializers.DateTimeField()

        def _text(self) -> ListingText:
            return self.context["text"]

        def get_title(self, listing: Listing) -> str:
            return self._text().title

        def get_language(self, listing: Listing) -> str:
            return self._text().language if self._text().translated else listing.source_language

        def get_translated_from(self, listing: Listing) -> str | None:
            return self._text().translated_from

        def get_translation_kind(self, listing: Listing) -> str | None:
            return self._text().kind

        def get_description(self, listing: Listing) -> str:
            # Written sanitised by the services; sanitised again in case a row got in another way.
            return sanitize_description(self._text().description)

        def get_description_translated(self, listing: Listing) -> bool:
            return self._text().description_translated

        def get_attributes(self, listing: Listing) -> dict[str, str]:
            return self._text().attributes

        @extend_schema_field(SpecificationOutputSerializer(many=True))
        def get_specifications(self, listing: Listing) -> list[dict]:
            return self._text().specifications(listing)

        @extend_schema_field(TermOutputSerializer(many=True))
        def get_option_names(self, listing: Listing) -> list[dict]:
            return self._text().option_names(listing.option_names or [])

        def get_display_currency(self, listing: Listing) -> str:
            return self.context["prices"].currency

    @extend_schema(
        operation_id="listing_retrieve",
        tags=["catalogue"],
        parameters=[ListingDetailParamSerializer],
        responses={
            200: OutputSerializer,
            400: ERROR_400,
            404: error_response("No such listing (or not for sale)."),
        },
        examples=[
            OpenApiExample("A Chinese dress, two variants, three tiers", value=DRESS_DETAIL, response_only=True),
            OpenApiExample("The same dress read in English (?lang=en)", value=DRESS_DETAIL_EN, response_only=True),
        ],
    )
    def get(self, request, listing_id: int):
        params = ListingDetailParamSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        prices = Prices(_display_currency(request, params.validated_data.get("currency")))
        language = params.validated_data.get("lang") or get_language() or settings.LANGUAGE_CODE
        listing = listing_public_detail(listing_id, language=language)
        if listing is None:
            raise NotFound(_("There is no such listing."))
        translation = next(iter(listing.buyer_translations), None)
        context = {"request": request, "prices": prices, "text": ListingText(listing, language, translation)}
        return Response(self.OutputSerializer(listing, context=context).data)
