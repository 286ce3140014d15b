"""The catalogue API.

Public: the category tree, listing search/list and listing detail, with every
price both in the listing's currency and converted into the caller's display
currency. Seller: an approved seller's own listings (create, edit, publish,
pause, photos, stock, bulk status). Thin views: every write is a
listings.services call, whose DomainErrors the API exception handler turns into
400/403/404/409 bodies; another seller's listing is simply not found (404).
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_field
from moneyed import Money
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.errors import ApiErrorSerializer, error_body
from marketplace.errors import NotPermitted
from marketplace.money import round_money
from sellers.models import Seller
from sellers.selectors import seller_for_user
from translation import services as translation_services

from . import services
from .display import ListingText, Prices
from .models import Category, Listing, ListingImage, ListingStatus, ListingVariant
from .sanitize import sanitize_description
from .search import listings_matching
from .selectors import BrowseFilters, listing_public_detail, listing_translation_rows, listings_browse
from .services import ListingInput, TierInput, VariantInput, publish_problems

INT_MAX = 2_147_483_647  # PostgreSQL integer: a bigger count is refused as input, not a 500
DESCRIPTION_MAX_CHARS = 20_000
BULK_MAX_IDS = 200


# --- reads ------------------------------------------------------------------------


def _first_thumbnail():
    return Subquery(
        ListingImage.objects.filter(listing=OuterRef("pk")).order_by("position", "pk").values("thumbnail")[:1]
    )


def _image_url(request, name: str | None) -> str | None:
    if not name:
        return None
    url = ListingImage._meta.get_field("image").storage.url(name)  # photos and thumbnails share one storage
    return request.build_absolute_uri(url) if request is not None else url


def _approved_seller(user) -> Seller:
    """The caller's own store, if it may manage listings (403 otherwise)."""
    seller = seller_for_user(user)
    if seller is None:
        raise NotPermitted(_("Only sellers can manage listings: apply to sell on Caravan first."))
    return services.seller_may_manage_listings(seller, user)


def _own_listings(seller: Seller) -> QuerySet[Listing]:
    return Listing.objects.filter(seller=seller)


def _own_listing_id(seller: Seller, listing_id: int) -> int:
    """`listing_id` if it is one of the seller's listings; someone else's is simply not found."""
    if not _own_listings(seller).filter(pk=listing_id).exists():
        raise NotFound(_("There is no such listing."))
    return listing_id


def _own_listing_full(seller: Seller, listing_id: int) -> Listing:
    return get_object_or_404(
        _own_listings(seller).select_related("seller", "category").prefetch_related("variants", "tiers", "images"),
        pk=listing_id,
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


class ListingPagination(PageNumberPagination):
    page_size = settings.REST_FRAMEWORK["PAGE_SIZE"]
    page_size_query_param = "page_size"
    max_page_size = 48


def _paginated(view: APIView, request, queryset, serializer_class, context: dict) -> Response:
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context).data)


# --- fields -------------------------------------------------------------------------
# Choice fields name their schema component explicitly: spectacular names an enum
# after the field, and "status", "currency" and "language" already mean other
# choice sets elsewhere in the API.


def _enum(choices) -> dict:
    return {"type": "string", "enum": [str(value) for value, _label in choices]}


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


@extend_schema_field(_enum(ListingStatus.choices), component_name="ListingStatusEnum")
class ListingStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ListingStatus.choices, **kwargs)


@extend_schema_field(_enum(STATUS_CHANGE_CHOICES), component_name="ListingStatusChangeEnum")
class ListingStatusChangeField(serializers.ChoiceField):
    """What a seller may set: publish or re-activate (active) and pause (paused)."""

    def __init__(self, **kwargs):
        super().__init__(choices=STATUS_CHANGE_CHOICES, **kwargs)


@extend_schema_field(_enum(SORT_CHOICES), component_name="ListingSortEnum")
class ListingSortField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=SORT_CHOICES, **kwargs)


@extend_schema_field(_enum(settings.LANGUAGES), component_name="ListingLanguageEnum")
class ListingLanguageField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=settings.LANGUAGES, **kwargs)


@extend_schema_field(_enum(SHIPS_FROM_CHOICES), component_name="ShipsFromCountryEnum")
class ShipsFromField(serializers.ChoiceField):
    """One of the five seller countries, as an ISO code in any letter case."""

    def __init__(self, **kwargs):
        super().__init__(choices=SHIPS_FROM_CHOICES, **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.strip().upper() if isinstance(data, str) else data)


@extend_schema_field(_enum(DISPLAY_CURRENCY_CHOICES), component_name="DisplayCurrencyEnum")
class DisplayCurrencyField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DISPLAY_CURRENCY_CHOICES, **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.strip().upper() if isinstance(data, str) else data)


class MoneyAmountField(serializers.DecimalField):
    """An amount of money as a decimal string ("89.90"). A JSON number with a
    fraction is a float on the way in, and a float near money is a bug: refused."""

    default_error_messages = {
        "float": gettext_lazy('Send amounts as decimal strings, e.g. "89.90", not as floating-point numbers.'),
    }

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


# --- shared output serializers ---------------------------------------------------------


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
        return _image_url(self.context.get("request"), image.image.name)

    def get_thumbnail_url(self, image: ListingImage) -> str:
        return _image_url(self.context.get("request"), image.thumbnail.name)


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
        return _image_url(self.context.get("request"), listing.first_thumbnail)


# --- examples ------------------------------------------------------------------------

DRESS_DESCRIPTION = (
    "<p>轻薄雪纺面料，<strong>透气舒适</strong>，适合夏季度假。</p><ul><li>可机洗</li><li>有内衬</li></ul>"
)
DRESS_INPUT = {
    "category": 12,
    "title": "夏季碎花雪纺长裙 波西米亚度假风",
    "source_language": "zh-hans",
    "description": DRESS_DESCRIPTION,
    "attributes": {"面料": "雪纺", "季节": "夏季"},
    "price": "89.00",
    "declared_value": "89.00",
    "lot_size": 1,
    "weight_grams": 320,
    "length_cm": "30.0",
    "width_cm": "25.0",
    "height_cm": "4.0",
    "processing_days": 3,
    "hs_code": "620443",
    "variants": [
        {"sku": "DRESS-RED-M", "options": {"颜色": "红色", "尺码": "M"}, "stock": 120, "price_override": None},
        {"sku": "DRESS-BLUE-L", "options": {"颜色": "蓝色", "尺码": "L"}, "stock": 60, "price_override": "95.00"},
    ],
    "tiers": [
        {"min_lots": 1, "max_lots": 9, "unit_price": "89.00"},
        {"min_lots": 10, "max_lots": 49, "unit_price": "79.00"},
        {"min_lots": 50, "max_lots": None, "unit_price": "69.00"},
    ],
}
DRESS_IMAGE = {
    "id": 311,
    "url": "https://caravan.example/media/listings/5012/3f9c2a7e.jpg",
    "thumbnail_url": "https://caravan.example/media/listings/5012/3f9c2a7e-400.jpg",
    "width": 1200,
    "height": 1600,
    "position": 0,
}
DRESS_SELLER_OUTPUT = {
    "id": 5012,
    "status": "draft",
    "category": 12,
    "category_slug": "dresses",
    **{k: v for k, v in DRESS_INPUT.items() if k != "category"},
    "currency": "CNY",
    "variants": [{"id": 8801, **DRESS_INPUT["variants"][0]}, {"id": 8802, **DRESS_INPUT["variants"][1]}],
    "from_price": "69.00",
    "images": [],
    "publish_problems": ["Add at least one photo."],
    "orders_count": 0,
    "created_at": "2026-03-10T08:12:40Z",
    "updated_at": "2026-03-10T08:12:40Z",
    "published_at": None,
}
DRESS_SELLER_ACTIVE = {
    **DRESS_SELLER_OUTPUT,
    "status": "active",
    "images": [DRESS_IMAGE],
    "publish_problems": [],
    "updated_at": "2026-03-10T08:20:02Z",
    "published_at": "2026-03-10T08:20:02Z",
}


def _price(original: str, display: str, original_formatted: str, display_formatted: str) -> dict:
    return {
        "original": {"amount": original, "currency": "CNY", "formatted": original_formatted},
        "display": {"amount": display, "currency": "USD", "formatted": display_formatted},
    }


DRESS_STORE = {"store_name": "杭州丝语服饰", "slug": "hangzhou-siyu-fushi", "country": "CN"}
DRESS_CARD = {
    "id": 5012,
    "title": DRESS_INPUT["title"],
    "source_language": "zh-hans",
    "from_price": _price("69.00", "9.70", "CN¥69.00", "$9.70"),
    "lot_size": 1,
    "seller": DRESS_STORE,
    "thumbnail_url": DRESS_IMAGE["thumbnail_url"],
    "orders_count": 37,
}
DRESS_DETAIL = {
    **{k: v for k, v in DRESS_CARD.items() if k != "thumbnail_url"},
    "description": DRESS_DESCRIPTION,
    "attributes": DRESS_INPUT["attributes"],
    "category": {"id": 12, "slug": "dresses", "name": "Dresses"},
    "parent_category": {"id": 1, "slug": "womens-fashion", "name": "Women's fashion"},
    "price": _price("89.00", "12.51", "CN¥89.00", "$12.51"),
    "display_currency": "USD",
    "variants": [
        {
            "id": 8801,
            "sku": "DRESS-RED-M",
            "options": {"颜色": "红色", "尺码": "M"},
            "label": "红色 / M",
            "stock": 120,
            "in_stock": True,
            "price": _price("89.00", "12.51", "CN¥89.00", "$12.51"),
        },
        {
            "id": 8802,
            "sku": "DRESS-BLUE-L",
            "options": {"颜色": "蓝色", "尺码": "L"},
            "label": "蓝色 / L",
            "stock": 60,
            "in_stock": True,
            "price": _price("95.00", "13.36", "CN¥95.00", "$13.36"),
        },
    ],
    "tiers": [
        {"min_lots": 1, "max_lots": 9, "unit_price": _price("89.00", "12.51", "CN¥89.00", "$12.51")},
        {"min_lots": 10, "max_lots": 49, "unit_price": _price("79.00", "11.11", "CN¥79.00", "$11.11")},
        {"min_lots": 50, "max_lots": None, "unit_price": _price("69.00", "9.70", "CN¥69.00", "$9.70")},
    ],
    "images": [DRESS_IMAGE],
    "shipping": {
        "ships_from": "CN",
        "weight_grams": 320,
        "length_cm": "30.0",
        "width_cm": "25.0",
        "height_cm": "4.0",
        "declared_value": _price("89.00", "12.51", "CN¥89.00", "$12.51"),
        "processing_days": 3,
        "hs_code": "620443",
    },
    "published_at": "2026-03-10T08:20:02Z",
}


DRESS_DETAIL = {
    **DRESS_DETAIL,
    "language": "zh-hans",
    "translated_from": None,
    "translation_kind": None,
    "description_translated": False,
}
DRESS_DETAIL_EN = {
    **DRESS_DETAIL,
    "title": "Summer floral chiffon maxi dress, bohemian holiday style",
    "language": "en",
    "translated_from": "zh-hans",
    "translation_kind": "human",
    "description": "<p>Light chiffon, <strong>breathable and comfortable</strong>, made for summer holidays.</p>"
    "<ul><li>Machine washable</li><li>Lined</li></ul>",
    "description_translated": True,
    "attributes": {"面料": "chiffon", "季节": "summer"},
}


def _error_example(name: str, status_code: int, code: str, message: str, fields: dict | None = None):
    return OpenApiExample(
        name,
        value=error_body(status_code, code, message, fields),
        response_only=True,
        status_codes=[str(status_code)],
    )


NOT_A_SELLER = _error_example(
    "Store not approved",
    403,
    "permission_denied",
    "Only approved stores can manage listings; yours is submitted, waiting for review.",
)
NO_SUCH_LISTING = _error_example("Not one of yours", 404, "not_found", "There is no such listing.")
TIER_GAP = _error_example(
    "Tiers leave a gap",
    400,
    "invalid",
    "Price tiers leave a gap between 9 and 12 lots.",
    {"tiers.1.min_lots": ["Price tiers leave a gap between 9 and 12 lots."]},
)
SKU_TWICE = _error_example(
    "SKU used twice",
    400,
    "invalid",
    "SKU DRESS-RED-M is used twice.",
    {"variants.1.sku": ["SKU DRESS-RED-M is used twice."]},
)
ERROR_400 = OpenApiResponse(ApiErrorSerializer, description="Bad input; `error.fields` names each bad field.")
ERROR_403 = OpenApiResponse(ApiErrorSerializer, description="Not logged in, or no approved store.")
ERROR_404 = OpenApiResponse(ApiErrorSerializer, description="No such listing among the caller's own.")
ERROR_409 = OpenApiResponse(ApiErrorSerializer, description="The status cannot move that way (e.g. draft → paused).")


# --- public views ----------------------------------------------------------------------


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
        tops = Category.objects.filter(parent=None).prefetch_related("children")
        return Response(self.OutputSerializer(tops, many=True).data)


class ListingListApi(APIView):
    """Search and browse active listings of approved stores."""

    permission_classes = [AllowAny]
    pagination_class = ListingPagination

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
        ships_from = ShipsFromField(required=False, help_text="The seller's country (ISO 3166-1 alpha-2).")
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
            _error_example(
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
                category_ids=[category.pk, *category.children.values_list("pk", flat=True)] if category else [],
                price_min_eur=bounds.get("min_price"),
                price_max_eur=bounds.get("max_price"),
                ships_from=filters.get("ships_from", ""),
                sort=SORTS[filters["sort"]],
            )
        )
        listings = (
            listings.select_related("seller")
            .defer("description", "attributes", "search_vector")
            .annotate(first_thumbnail=_first_thumbnail())
        )
        return _paginated(self, request, listings, ListingCardOutputSerializer, {"request": request, "prices": prices})


class DisplayCurrencyParamSerializer(serializers.Serializer):
    currency = DisplayCurrencyField(
        required=False, help_text="Currency of the displayed prices (default: the caller's display currency)."
    )


class ListingVariantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())
    label = serializers.CharField()
    stock = serializers.IntegerField(help_text="In lots.")
    in_stock = serializers.SerializerMethodField()
    price = VariantPriceField(help_text="Per lot, in the first tier (tiers discount it in proportion).")

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
        attributes = serializers.SerializerMethodField()
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

        def get_display_currency(self, listing: Listing) -> str:
            return self.context["prices"].currency

    @extend_schema(
        operation_id="listing_retrieve",
        tags=["catalogue"],
        parameters=[ListingDetailParamSerializer],
        responses={
            200: OutputSerializer,
            400: ERROR_400,
            404: OpenApiResponse(ApiErrorSerializer, description="No such listing (or not for sale)."),
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
        child=serializers.CharField(max_length=120, allow_blank=True), required=False, default=dict,
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


def _listing_input(values: dict) -> ListingInput:
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


def _amount(value: Money | None) -> str | None:
    return None if value is None else str(value.amount)


def _current_input(listing: Listing) -> dict:
    """The listing as input data, for PATCH to lay the changes over."""
    return {
        "category": listing.category_id,
        "title": listing.title,
        "source_language": listing.source_language,
        "description": listing.description,
        "attributes": listing.attributes,
        "price": _amount(listing.price),
        "declared_value": _amount(listing.declared_value),
        "lot_size": listing.lot_size,
        "weight_grams": listing.weight_grams,
        "length_cm": str(listing.length_cm),
        "width_cm": str(listing.width_cm),
        "height_cm": str(listing.height_cm),
        "processing_days": listing.processing_days,
        "hs_code": listing.hs_code,
        "variants": [
            {"sku": v.sku, "options": v.options, "stock": v.stock, "price_override": _amount(v.price_override)}
            for v in listing.variants.all()
        ],
        "tiers": [
            {"min_lots": t.min_lots, "max_lots": t.max_lots, "unit_price": _amount(t.unit_price)}
            for t in listing.tiers.all()
        ],
    }


def _merged_input(listing: Listing, changes) -> dict:
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
    publish_problems = serializers.SerializerMethodField(
        help_text="What stops this listing from being published; empty when nothing does."
    )
    orders_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)

    def get_publish_problems(self, listing: Listing) -> list[str]:
        return publish_problems(listing)


def _seller_listing_response(request, seller: Seller, listing_id: int, code: int = status.HTTP_200_OK) -> Response:
    listing = _own_listing_full(seller, listing_id)
    return Response(SellerListingOutputSerializer(listing, context={"request": request}).data, status=code)


class SellerListingRowVariantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    label = serializers.CharField()
    stock = serializers.IntegerField()


class BulkStatusFailureOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message = serializers.CharField(help_text="Why this listing could not change.")


# --- seller: views --------------------------------------------------------------------


class SellerListingsApi(APIView):
    """The seller's own listings, drafts included: list them or create one (a draft)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    pagination_class = ListingPagination

    class FilterSerializer(serializers.Serializer):
        status = ListingStatusField(required=False)
        q = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        title = serializers.CharField()
        status = ListingStatusField()
        category_slug = serializers.CharField(source="category.slug")
        currency = serializers.CharField(source="price.currency.code")
        price = MoneyAmountOutputField()
        from_price = MoneyAmountOutputField(source="min_price")
        lot_size = serializers.IntegerField()
        variants = SellerListingRowVariantOutputSerializer(many=True, help_text="For editing stock in place.")
        thumbnail_url = serializers.SerializerMethodField()
        orders_count = serializers.IntegerField()
        updated_at = serializers.DateTimeField()
        published_at = serializers.DateTimeField(allow_null=True)

        def get_thumbnail_url(self, listing: Listing) -> str | None:
            return _image_url(self.context.get("request"), listing.first_thumbnail)

    @extend_schema(
        operation_id="seller_listings_list",
        tags=["seller listings"],
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), 403: ERROR_403},
        examples=[
            OpenApiExample(
                "One draft",
                value={
                    "count": 1,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "id": 5012,
                            "title": DRESS_INPUT["title"],
                            "status": "draft",
                            "category_slug": "dresses",
                            "currency": "CNY",
                            "price": "89.00",
                            "from_price": "69.00",
                            "lot_size": 1,
                            "variants": [
                                {"id": 8801, "sku": "DRESS-RED-M", "label": "红色 / M", "stock": 120},
                                {"id": 8802, "sku": "DRESS-BLUE-L", "label": "蓝色 / L", "stock": 60},
                            ],
                            "thumbnail_url": None,
                            "orders_count": 0,
                            "updated_at": "2026-03-10T08:12:40Z",
                            "published_at": None,
                        }
                    ],
                },
                response_only=True,
            ),
            NOT_A_SELLER,
        ],
    )
    def get(self, request):
        seller = _approved_seller(request.user)
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        listings = _own_listings(seller)
        if params.validated_data.get("status"):
            listings = listings.filter(status=params.validated_data["status"])
        if params.validated_data.get("q"):
            listings = listings_matching(listings, params.validated_data["q"])
        listings = (
            listings.select_related("category")
            .prefetch_related(
                Prefetch("variants", queryset=ListingVariant.objects.only("listing", "sku", "options", "stock"))
            )
            .defer("description", "attributes", "search_vector")
            .annotate(first_thumbnail=_first_thumbnail())
            .order_by("-updated_at", "-pk")
        )
        return _paginated(self, request, listings, self.OutputSerializer, {"request": request})

    @extend_schema(
        operation_id="seller_listing_create",
        tags=["seller listings"],
        request=ListingInputSerializer,
        responses={201: SellerListingOutputSerializer, 400: ERROR_400, 403: ERROR_403},
        examples=[
            OpenApiExample("A Chinese seller's dress: two variants, three tiers", value=DRESS_INPUT, request_only=True),
            OpenApiExample("The new draft", value=DRESS_SELLER_OUTPUT, response_only=True, status_codes=["201"]),
            TIER_GAP,
            SKU_TWICE,
            _error_example(
                "A float for money",
                400,
                "invalid",
                'price: Send amounts as decimal strings, e.g. "89.90", not as floating-point numbers.',
                {"price": ['Send amounts as decimal strings, e.g. "89.90", not as floating-point numbers.']},
            ),
            NOT_A_SELLER,
        ],
    )
    def post(self, request):
        seller = _approved_seller(request.user)
        data = ListingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = services.listing_create(
            actor=request.user, seller_id=seller.pk, data=_listing_input(data.validated_data)
        )
        return _seller_listing_response(request, seller, listing.pk, status.HTTP_201_CREATED)


class SellerListingApi(APIView):
    """One of the seller's own listings: read it, replace it (PUT) or change some fields (PATCH)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="seller_listing_retrieve",
        tags=["seller listings"],
        responses={200: SellerListingOutputSerializer, 403: ERROR_403, 404: ERROR_404},
        examples=[
            OpenApiExample("A draft without photos", value=DRESS_SELLER_OUTPUT, response_only=True),
            NOT_A_SELLER,
            NO_SUCH_LISTING,
        ],
    )
    def get(self, request, listing_id: int):
        seller = _approved_seller(request.user)
        return _seller_listing_response(request, seller, listing_id)

    @extend_schema(
        operation_id="seller_listing_update",
        tags=["seller listings"],
        description=(
            "Replace the listing: every field, the variants (matched by SKU: a SKU left out is deleted) and the "
            "tier table. An active listing that would no longer be publishable is refused unchanged."
        ),
        request=ListingInputSerializer,
        responses={200: SellerListingOutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
        examples=[
            OpenApiExample("The dress, re-priced", value={**DRESS_INPUT, "price": "85.00"}, request_only=True),
            OpenApiExample("Updated", value=DRESS_SELLER_ACTIVE, response_only=True),
            TIER_GAP,
            SKU_TWICE,
            NO_SUCH_LISTING,
        ],
    )
    def put(self, request, listing_id: int):
        seller = _approved_seller(request.user)
        _own_listing_id(seller, listing_id)
        data = ListingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.listing_update(actor=request.user, listing_id=listing_id, data=_listing_input(data.validated_data))
        return _seller_listing_response(request, seller, listing_id)

    @extend_schema(
        operation_id="seller_listing_partial_update",
        tags=["seller listings"],
        description=(
            "Change some fields; the others keep their values. A `variants` list replaces the variants, each "
            'keeping what it leaves out from the current variant with the same SKU (so `{"sku": "A", '
            '"stock": 5}` only changes A\'s stock, but a SKU left out of the list is deleted); a `tiers` list '
            "replaces the whole tier table."
        ),
        request=ListingInputSerializer,
        responses={200: SellerListingOutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
        examples=[
            OpenApiExample(
                "Faster processing, a new wholesale table",
                value={
                    "processing_days": 2,
                    "tiers": [*DRESS_INPUT["tiers"][:2], {"min_lots": 50, "max_lots": None, "unit_price": "65.00"}],
                },
                request_only=True,
            ),
            OpenApiExample("Updated", value=DRESS_SELLER_ACTIVE, response_only=True),
            TIER_GAP,
            NO_SUCH_LISTING,
        ],
    )
    def patch(self, request, listing_id: int):
        seller = _approved_seller(request.user)
        listing = _own_listing_full(seller, listing_id)
        data = ListingInputSerializer(data=_merged_input(listing, request.data))
        data.is_valid(raise_exception=True)
        services.listing_update(actor=request.user, listing_id=listing_id, data=_listing_input(data.validated_data))
        return _seller_listing_response(request, seller, listing_id)


class SellerListingStatusApi(APIView):
    """Publish (draft → active), pause (active → paused) or re-activate a listing.
    Idempotent: setting the status it already has changes nothing."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        status = ListingStatusChangeField()

    @extend_schema(
        operation_id="seller_listing_status_set",
        tags=["seller listings"],
        request=InputSerializer,
        responses={200: SellerListingOutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404, 409: ERROR_409},
        examples=[
            OpenApiExample("Publish", value={"status": "active"}, request_only=True),
            OpenApiExample("Published", value=DRESS_SELLER_ACTIVE, response_only=True),
            _error_example(
                "Not publishable yet",
                400,
                "invalid",
                "This listing cannot be published yet: Add at least one photo. Put at least one variant in stock.",
                {"status": ["Add at least one photo.", "Put at least one variant in stock."]},
            ),
            _error_example("Draft cannot pause", 409, "conflict", "A listing that is draft cannot become paused."),
            NO_SUCH_LISTING,
        ],
    )
    def post(self, request, listing_id: int):
        seller = _approved_seller(request.user)
        listing = _own_listing_full(seller, listing_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = data.validated_data["status"]
        if target == ListingStatus.ACTIVE and listing.status != ListingStatus.ACTIVE:
            # Every reason, one per entry; the service checks again under its lock.
            problems = publish_problems(listing)
            if problems:
                message = _("This listing cannot be published yet: %(problems)s") % {"problems": " ".join(problems)}
                return Response(
                    error_body(status.HTTP_400_BAD_REQUEST, "invalid", message, {"status": problems}),
                    status=status.HTTP_400_BAD_REQUEST,
                )
        services.listing_set_status(actor=request.user, listing_id=listing_id, status=target)
        return _seller_listing_response(request, seller, listing_id)


class SellerListingImageCreateApi(APIView):
    """Add one photo (multipart field `image`): JPEG, PNG or WebP, at least 200×200
    pixels; it is re-encoded without metadata and a 400×400 thumbnail is made."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        # Unreadable, oversized or tiny images are refused by the service, with the dashboard's messages.
        image = serializers.FileField(allow_empty_file=True)

    @extend_schema(
        operation_id="seller_listing_image_create",
        tags=["seller listings"],
        request=InputSerializer,
        responses={201: ListingImageOutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
        examples=[
            OpenApiExample("The photo", value=DRESS_IMAGE, response_only=True, status_codes=["201"]),
            _error_example(
                "Not a photo",
                400,
                "invalid",
                "This file is not a photo we can read.",
                {"image": ["This file is not a photo we can read."]},
            ),
            _error_example(
                "Ten already",
                400,
                "invalid",
                f"A listing has at most {settings.CARAVAN_LISTING_MAX_IMAGES} photos.",
                {"image": [f"A listing has at most {settings.CARAVAN_LISTING_MAX_IMAGES} photos."]},
            ),
            NO_SUCH_LISTING,
        ],
    )
    def post(self, request, listing_id: int):
        seller = _approved_seller(request.user)
        _own_listing_id(seller, listing_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.listing_image_add(
            actor=request.user, listing_id=listing_id, upload=data.validated_data["image"]
        )
        return Response(
            ListingImageOutputSerializer(image, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class SellerListingImageDeleteApi(APIView):
    """Delete one photo. An active listing keeps at least one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="seller_listing_image_delete",
        tags=["seller listings"],
        responses={204: None, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
        examples=[
            _error_example(
                "The last photo of an active listing",
                400,
                "invalid",
                "An active listing keeps at least one photo; pause it first.",
                {"image": ["An active listing keeps at least one photo; pause it first."]},
            ),
            NO_SUCH_LISTING,
        ],
    )
    def delete(self, request, listing_id: int, image_id: int):
        seller = _approved_seller(request.user)
        if not ListingImage.objects.filter(pk=image_id, listing_id=listing_id, listing__seller=seller).exists():
            raise NotFound(_("There is no such photo."))
        services.listing_image_delete(actor=request.user, image_id=image_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerVariantStockApi(APIView):
    """Set one variant's stock (in lots)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        stock = serializers.IntegerField(max_value=INT_MAX, help_text="In lots; 0 or more.")

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        listing = serializers.IntegerField(source="listing_id")
        sku = serializers.CharField()
        stock = serializers.IntegerField()

    @extend_schema(
        operation_id="seller_variant_stock_update",
        tags=["seller listings"],
        # A raw schema: spectacular would document a serializer on PATCH as all-optional, and `stock` is required.
        request={
            "application/json": {
                "type": "object",
                "properties": {
                    "stock": {"type": "integer", "minimum": 0, "maximum": INT_MAX, "description": "In lots."}
                },
                "required": ["stock"],
            }
        },
        responses={200: OutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
        examples=[
            OpenApiExample("Restocked", value={"stock": 250}, request_only=True),
            OpenApiExample(
                "The variant",
                value={"id": 8801, "listing": 5012, "sku": "DRESS-RED-M", "stock": 250},
                response_only=True,
            ),
            _error_example(
                "Negative", 400, "invalid", "Stock cannot be negative.", {"stock": ["Stock cannot be negative."]}
            ),
            _error_example("Not one of yours", 404, "not_found", "There is no such variant."),
        ],
    )
    def patch(self, request, variant_id: int):
        seller = _approved_seller(request.user)
        if not ListingVariant.objects.filter(pk=variant_id, listing__seller=seller).exists():
            raise NotFound(_("There is no such variant."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        variant = services.variant_stock_update(
            actor=request.user, variant_id=variant_id, stock=data.validated_data["stock"]
        )
        return Response(self.OutputSerializer(variant).data)


class SellerListingBulkStatusApi(APIView):
    """Pause or activate several listings at once, each on its own: one that cannot
    change is reported in `failed` with the reason, and the others still change."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=INT_MAX), min_length=1, max_length=BULK_MAX_IDS
        )
        status = ListingStatusChangeField()

    class OutputSerializer(serializers.Serializer):
        status = ListingStatusChangeField()
        updated = serializers.ListField(
            child=serializers.IntegerField(), help_text="Listings that have the status now (or had it already)."
        )
        failed = BulkStatusFailureOutputSerializer(many=True)

    @extend_schema(
        operation_id="seller_listings_bulk_status",
        tags=["seller listings"],
        request=InputSerializer,
        responses={200: OutputSerializer, 400: ERROR_400, 403: ERROR_403},
        examples=[
            OpenApiExample("Activate three", value={"ids": [5012, 5013, 5020], "status": "active"}, request_only=True),
            OpenApiExample(
                "Two activated, one without photos",
                value={
                    "status": "active",
                    "updated": [5012, 5013],
                    "failed": [{"id": 5020, "message": "Add at least one photo."}],
                },
                response_only=True,
            ),
        ],
    )
    def post(self, request):
        seller = _approved_seller(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(data.validated_data["ids"]))
        target = data.validated_data["status"]
        own = set(_own_listings(seller).filter(pk__in=ids).values_list("pk", flat=True))
        failures = services.listings_bulk_set_status(
            actor=request.user, seller_id=seller.pk, listing_ids=sorted(own), status=target
        )
        failed = [{"id": pk, "message": failures[pk]} for pk in ids if pk in failures]
        failed += [{"id": pk, "message": _("There is no such listing.")} for pk in ids if pk not in own]
        updated = [pk for pk in ids if pk in own and pk not in failures]
        return Response(self.OutputSerializer({"status": target, "updated": updated, "failed": failed}).data)


# --- seller: translations of a listing --------------------------------------------------

TRANSLATION_STATUS_CHOICES = [("current", "Current"), ("stale", "Stale"), ("missing", "Missing")]
TRANSLATION_KIND_CHOICES = [("human", "Human"), ("machine", "Machine"), ("keywords", "Keywords")]


@extend_schema_field(_enum(TRANSLATION_STATUS_CHOICES), component_name="ListingTranslationStatusEnum")
class TranslationStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=TRANSLATION_STATUS_CHOICES, **kwargs)


@extend_schema_field({**_enum(TRANSLATION_KIND_CHOICES), "nullable": True}, component_name="ListingTranslationKindEnum")
class TranslationKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=TRANSLATION_KIND_CHOICES, allow_null=True, **kwargs)


class ListingTranslationOutputSerializer(serializers.Serializer):
    """One language of a listing (the fields are null where there is no translation yet)."""

    language = serializers.CharField()
    title = serializers.CharField(source="translation.title", allow_null=True, default=None)
    attributes = serializers.DictField(
        child=serializers.CharField(),
        source="translation.attributes",
        allow_null=True,
        default=None,
        help_text="Translated attribute values by the listing's attribute names; a name left out is shown "
        "in the original.",
    )
    description = serializers.CharField(
        source="translation.description",
        allow_null=True,
        default=None,
        help_text="Sanitised HTML; empty: not translated yet (buyers read the original description).",
    )
    engine = serializers.CharField(
        source="translation.engine",
        allow_null=True,
        default=None,
        help_text='"seller" for your own translation, else the engine that made it (glossary, apertium, …).',
    )
    kind = TranslationKindField(source="translation.kind", default=None)
    status = TranslationStatusField(
        help_text="current: made from the listing as it is; stale: from an older version (a new machine "
        "translation is on its way; yours stays until you change it); missing: none yet."
    )


LISTING_TRANSLATION_EN = {
    "language": "en",
    "title": DRESS_DETAIL_EN["title"],
    "attributes": DRESS_DETAIL_EN["attributes"],
    "description": DRESS_DETAIL_EN["description"],
    "engine": "seller",
    "kind": "human",
    "status": "current",
}
LISTING_TRANSLATION_IT = {
    "language": "it",
    "title": "estate floreale chiffon abito lungo bohémien vacanza",
    "attributes": {"面料": "chiffon", "季节": "estate"},
    "description": "",
    "engine": "glossary",
    "kind": "keywords",
    "status": "current",
}
NO_SUCH_LANGUAGE = _error_example(
    "Not another interface language",
    400,
    "invalid",
    "Choose one of Caravan's languages other than the listing's own.",
    {"language": ["Choose one of Caravan's languages other than the listing's own."]},
)


def _translation_row(listing_id: int, language: str) -> dict:
    listing = Listing.objects.only("title", "attributes", "description", "source_language").get(pk=listing_id)
    row = next((row for row in listing_translation_rows(listing) if row["language"] == language), None)
    return row or {"language": language, "translation": None, "status": "missing"}


class SellerListingTranslationsApi(APIView):
    """The seller's listing in every interface language but its own."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="seller_listing_translations_list",
        tags=["seller listings"],
        responses={200: ListingTranslationOutputSerializer(many=True), 403: ERROR_403, 404: ERROR_404},
        examples=[
            OpenApiExample(
                "Your English, the glossary's Italian",
                value=[LISTING_TRANSLATION_EN, LISTING_TRANSLATION_IT],
                response_only=True,
            ),
            NOT_A_SELLER,
            NO_SUCH_LISTING,
        ],
    )
    def get(self, request, listing_id: int):
        seller = _approved_seller(request.user)
        _own_listing_id(seller, listing_id)
        listing = Listing.objects.only("title", "attributes", "description", "source_language").get(pk=listing_id)
        return Response(ListingTranslationOutputSerializer(listing_translation_rows(listing), many=True).data)


class SellerListingTranslationApi(APIView):
    """Your own translation of a listing into one language (PUT), or back to the machine's (DELETE)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=translation_services.OVERRIDE_TITLE_MAX)
        attributes = serializers.DictField(
            child=serializers.CharField(allow_blank=True, max_length=translation_services.OVERRIDE_ATTRIBUTE_MAX),
            required=False,
            default=dict,
            help_text="Translated values by the listing's attribute names (a name it does not have is refused).",
        )
        description = serializers.CharField(
            required=False,
            allow_blank=True,
            trim_whitespace=False,
            max_length=settings.CARAVAN_LISTING_DESCRIPTION_MAX_CHARS,
            help_text="HTML (paragraphs, lists, bold…), sanitised like the listing's own. Left out: the current "
            "translated description is kept.",
        )

    @extend_schema(
        operation_id="seller_listing_translation_update",
        tags=["seller listings"],
        description=(
            "Store your own translation (kind human, engine seller): machine jobs never overwrite it, also after "
            "you edit the listing (it is then marked stale)."
        ),
        request=InputSerializer,
        responses={200: ListingTranslationOutputSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
        examples=[
            OpenApiExample(
                "The dress in your English",
                value={k: LISTING_TRANSLATION_EN[k] for k in ("title", "attributes", "description")},
                request_only=True,
            ),
            OpenApiExample("Stored", value=LISTING_TRANSLATION_EN, response_only=True),
            _error_example(
                "A title too short",
                400,
                "invalid",
                "Write a title of 5 to 200 characters.",
                {"title": ["Write a title of 5 to 200 characters."]},
            ),
            NO_SUCH_LANGUAGE,
            NO_SUCH_LISTING,
        ],
    )
    def put(self, request, listing_id: int, language: str):
        seller = _approved_seller(request.user)
        _own_listing_id(seller, listing_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        translation_services.listing_translation_override(
            actor=request.user,
            listing_id=listing_id,
            language=language,
            title=data.validated_data["title"],
            attributes=data.validated_data["attributes"],
            description=data.validated_data.get("description"),
        )
        return Response(ListingTranslationOutputSerializer(_translation_row(listing_id, language)).data)

    @extend_schema(
        operation_id="seller_listing_translation_reset",
        tags=["seller listings"],
        description="Drop your own translation into this language; a machine translation job is queued.",
        responses={204: None, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
        examples=[
            _error_example(
                "Nothing of yours to drop",
                400,
                "invalid",
                "There is no translation of yours in this language to replace.",
                {"language": ["There is no translation of yours in this language to replace."]},
            ),
            NO_SUCH_LANGUAGE,
            NO_SUCH_LISTING,
        ],
    )
    def delete(self, request, listing_id: int, language: str):
        seller = _approved_seller(request.user)
        _own_listing_id(seller, listing_id)
        translation_services.listing_translation_reset(actor=request.user, listing_id=listing_id, language=language)
        return Response(status=status.HTTP_204_NO_CONTENT)
