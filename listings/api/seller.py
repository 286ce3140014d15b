"""The seller API: an approved seller's own listings (create, edit, publish,
pause, photos, stock, bulk status). Thin views: every write is a
listings.services call, whose DomainErrors the API exception handler turns into
400/403/404/409 bodies; another seller's listing is simply not found (404)."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.examples import ERROR_400, error_example
from marketplace.api.fields import MoneyAmountOutputField
from marketplace.api.pagination import PagePagination, paginated_response
from sellers.models import Seller

from .. import services
from ..models import Listing
from ..selectors import (
    listing_ids_of_seller,
    listing_image_of_seller_exists,
    listings_of_seller_full,
    listings_of_seller_rows,
    variant_of_seller_exists,
)
from .access import approved_seller, own_listing_id
from .examples import (
    DRESS_IMAGE,
    DRESS_INPUT,
    DRESS_SELLER_ACTIVE,
    DRESS_SELLER_OUTPUT,
    ERROR_403,
    ERROR_404,
    ERROR_409,
    IMPORTED_FLAGGED,
    NO_SUCH_LISTING,
    NOT_A_SELLER,
    SKU_TWICE,
    TIER_GAP,
)
from .fields import INT_MAX, ListingStatusChangeField, ListingStatusField
from .serializers import (
    BulkStatusFailureOutputSerializer,
    CategoryRefOutputSerializer,
    ListingImageOutputSerializer,
    ListingInputSerializer,
    SellerListingOutputSerializer,
    SellerListingRowVariantOutputSerializer,
    image_url,
    listing_input,
    merged_input,
    suggested_category,
)

BULK_MAX_IDS = 200


def _seller_listing_response(request, seller: Seller, listing_id: int, code: int = status.HTTP_200_OK) -> Response:
    listing = get_object_or_404(listings_of_seller_full(seller), pk=listing_id)
    return Response(SellerListingOutputSerializer(listing, context={"request": request}).data, status=code)


def _confirm_category(request, listing: Listing) -> None:
    """The seller sent the listing's category: that confirms one an import suggested
    (as saving the editor page does)."""
    if listing.category_check:
        services.listing_category_confirm(actor=request.user, listing_id=listing.pk, category_id=listing.category_id)


class CategoryInputSerializer(serializers.Serializer):
    category = serializers.IntegerField(max_value=INT_MAX, help_text="Id of a sub-category (not a top-level one).")


class SellerListingsApi(APIView):
    """The seller's own listings, drafts included: list them or create one (a draft)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    pagination_class = PagePagination

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
        category_check = serializers.BooleanField(help_text="An import suggested the category: check it.")
        suggested_category = serializers.SerializerMethodField(
            help_text="The category the import suggested, while `category_check` is true; otherwise null."
        )
        updated_at = serializers.DateTimeField()
        published_at = serializers.DateTimeField(allow_null=True)

        def get_thumbnail_url(self, listing: Listing) -> str | None:
            return image_url(self.context.get("request"), listing.first_thumbnail)

        @extend_schema_field(CategoryRefOutputSerializer(allow_null=True))
        def get_suggested_category(self, listing: Listing) -> dict | None:
            return suggested_category(listing)

    @extend_schema(
        operation_id="seller_listings_list",
        tags=["seller listings"],
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), 400: ERROR_400, 403: ERROR_403},
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
                            "category_check": False,
                            "suggested_category": None,
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
        seller = approved_seller(request.user)
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        listings = listings_of_seller_rows(
            seller, status=params.validated_data.get("status", ""), query=params.validated_data.get("q", "")
        )
        return paginated_response(self, request, listings, self.OutputSerializer, {"request": request})

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
            error_example(
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
        seller = approved_seller(request.user)
        data = ListingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = services.listing_create(
            actor=request.user, seller_id=seller.pk, data=listing_input(data.validated_data)
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
            OpenApiExample("An imported draft whose category to check", value=IMPORTED_FLAGGED, response_only=True),
            NOT_A_SELLER,
            NO_SUCH_LISTING,
        ],
    )
    def get(self, request, listing_id: int):
        seller = approved_seller(request.user)
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
        seller = approved_seller(request.user)
        own_listing_id(seller, listing_id)
        data = ListingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = services.listing_update(
            actor=request.user, listing_id=listing_id, data=listing_input(data.validated_data)
        )
        _confirm_category(request, listing)
        return _seller_listing_response(request, seller, listing_id)

    @extend_schema(
        operation_id="seller_listing_partial_update",
        tags=["seller listings"],
        description=(
            "Change some fields; the others keep their values. A `variants` list replaces the variants, each "
            'keeping what it leaves out from the current variant with the same SKU (so `{"sku": "A", '
            '"stock": 5}` only changes A\'s stock, but a SKU left out of the list is deleted); a `tiers` list '
            "replaces the whole tier table. Sending `category` confirms the category (and clears `category_check` "
            "on a draft whose category an import suggested); a body with only `category` just confirms or "
            "changes the category of such a draft, as the listings table's picker does."
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
            OpenApiExample("Confirm or change an imported draft's category", value={"category": 41}, request_only=True),
            TIER_GAP,
            NO_SUCH_LISTING,
        ],
    )
    def patch(self, request, listing_id: int):
        seller = approved_seller(request.user)
        listing = get_object_or_404(listings_of_seller_full(seller), pk=listing_id)
        if listing.category_check and isinstance(request.data, dict) and set(request.data) == {"category"}:
            # Only the category of a draft an import flagged: confirm (or change) it as the
            # listings table's picker does (an imported draft need not pass the full input checks yet).
            data = CategoryInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.listing_category_confirm(
                actor=request.user, listing_id=listing_id, category_id=data.validated_data["category"]
            )
            return _seller_listing_response(request, seller, listing_id)
        data = ListingInputSerializer(data=merged_input(listing, request.data))
        data.is_valid(raise_exception=True)
        listing = services.listing_update(
            actor=request.user, listing_id=listing_id, data=listing_input(data.validated_data)
        )
        if "category" in request.data:
            _confirm_category(request, listing)
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
            error_example(
                "Not publishable yet",
                400,
                "cannot_publish",
                "This listing cannot be published yet: Add at least one photo. Put at least one variant in stock.",
                {"status": ["Add at least one photo.", "Put at least one variant in stock."]},
            ),
            error_example("Draft cannot pause", 409, "conflict", "A listing that is draft cannot become paused."),
            NO_SUCH_LISTING,
        ],
    )
    def post(self, request, listing_id: int):
        seller = approved_seller(request.user)
        listing = get_object_or_404(listings_of_seller_full(seller), pk=listing_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A listing that cannot be published yet: the service's PublishRefused (400 cannot_publish,
        # every reason under fields.status), as for the same rule hit by an update.
        services.listing_set_status(actor=request.user, listing_id=listing.pk, status=data.validated_data["status"])
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
            error_example(
                "Not a photo",
                400,
                "invalid",
                "This file is not a photo we can read.",
                {"image": ["This file is not a photo we can read."]},
            ),
            error_example(
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
        seller = approved_seller(request.user)
        own_listing_id(seller, listing_id)
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
            error_example(
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
        seller = approved_seller(request.user)
        if not listing_image_of_seller_exists(seller, listing_id=listing_id, image_id=image_id):
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
            error_example(
                "Negative", 400, "invalid", "Stock cannot be negative.", {"stock": ["Stock cannot be negative."]}
            ),
            error_example("Not one of yours", 404, "not_found", "There is no such variant."),
        ],
    )
    def patch(self, request, variant_id: int):
        seller = approved_seller(request.user)
        if not variant_of_seller_exists(seller, variant_id):
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
        seller = approved_seller(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(data.validated_data["ids"]))
        target = data.validated_data["status"]
        own = listing_ids_of_seller(seller, ids)
        failures = services.listings_bulk_set_status(
            actor=request.user, seller_id=seller.pk, listing_ids=sorted(own), status=target
        )
        failed = [{"id": pk, "message": failures[pk]} for pk in ids if pk in failures]
        failed += [{"id": pk, "message": _("There is no such listing.")} for pk in ids if pk not in own]
        updated = [pk for pk in ids if pk in own and pk not in failures]
        return Response(self.OutputSerializer({"status": target, "updated": updated, "failed": failed}).data)
