"""The seller's own translations of a listing: every interface language with
its translation's status, and the seller's override of one language (PUT) or
its reset to the machine's (DELETE). Thin: the writes are the translation
services'; another seller's listing is simply not found (404)."""

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.examples import ERROR_400, error_example
from marketplace.api.fields import enum_schema

from .. import translations as translation_services
from ..selectors import listing_for_translation_rows, listing_translation_rows
from .access import approved_seller, own_listing_id
from .examples import (
    ERROR_403,
    ERROR_404,
    LISTING_TRANSLATION_EN,
    LISTING_TRANSLATION_IT,
    NO_SUCH_LANGUAGE,
    NO_SUCH_LISTING,
    NOT_A_SELLER,
)

TRANSLATION_STATUS_CHOICES = [("current", "Current"), ("stale", "Stale"), ("missing", "Missing")]
TRANSLATION_KIND_CHOICES = [("human", "Human"), ("machine", "Machine"), ("keywords", "Keywords")]


@extend_schema_field(enum_schema(TRANSLATION_STATUS_CHOICES), component_name="ListingTranslationStatusEnum")
class TranslationStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=TRANSLATION_STATUS_CHOICES, **kwargs)


@extend_schema_field(enum_schema(TRANSLATION_KIND_CHOICES, nullable=True), component_name="ListingTranslationKindEnum")
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


def _translation_row(listing_id: int, language: str) -> dict:
    listing = listing_for_translation_rows(listing_id)
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
        seller = approved_seller(request.user)
        own_listing_id(seller, listing_id)
        listing = listing_for_translation_rows(listing_id)
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
            error_example(
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
        seller = approved_seller(request.user)
        own_listing_id(seller, listing_id)
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
            error_example(
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
        seller = approved_seller(request.user)
        own_listing_id(seller, listing_id)
        translation_services.listing_translation_reset(actor=request.user, listing_id=listing_id, language=language)
        return Response(status=status.HTTP_204_NO_CONTENT)
