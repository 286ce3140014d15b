"""The applicant's API: the seller application, its documents, submitting it;
and the public store profile. Thin views: every write is a sellers.services call,
whose DomainErrors the API exception handler turns into 400/403/409 bodies."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.examples import ERROR_400, error_example, error_response
from marketplace.api.fields import enum_schema
from marketplace.errors import ConflictError

from . import services
from .models import DocumentKind, LegalEntityType, Seller, SellerStatus
from .selectors import seller_for_user, seller_missing_documents, seller_required_documents, stores_public

APPLICATION_FIELDS = (
    "store_name",
    "country",
    "legal_entity_type",
    "legal_name",
    "registration_number",
    "business_address",
    "contact_phone",
    "store_language",
    "description",
)


def _own_application(user) -> Seller:
    seller = seller_for_user(user)
    if seller is None:
        raise NotFound(gettext_lazy("You have not applied to sell on Caravan yet."))
    return seller


# --- fields and shared serializers ------------------------------------------------
# The choice fields name their schema component explicitly: spectacular names an
# enum after the field, and "country" / "language" already mean other choice sets
# in the API (any ISO country, a buyer's display language).


@extend_schema_field(enum_schema(DocumentKind.choices), component_name="SellerDocumentKindEnum")
class DocumentKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DocumentKind.choices, **kwargs)


@extend_schema_field(
    enum_schema((code, code) for code in sorted(settings.CARAVAN_SELLER_COUNTRIES)), component_name="SellerCountryEnum"
)
class SellerCountryField(serializers.ChoiceField):
    """One of the five seller countries, as an ISO code in any letter case."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": services.COUNTRY_REFUSAL})
        super().__init__(choices=sorted(settings.CARAVAN_SELLER_COUNTRIES), **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(data.strip().upper() if isinstance(data, str) else data)


@extend_schema_field(enum_schema(SellerStatus.choices), component_name="SellerStatusEnum")
class SellerStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=SellerStatus.choices, **kwargs)


@extend_schema_field(enum_schema(settings.LANGUAGES), component_name="StoreLanguageEnum")
class StoreLanguageField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=settings.LANGUAGES, **kwargs)


class SellerDocumentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = DocumentKindField()
    kind_display = serializers.CharField(source="get_kind_display")
    original_name = serializers.CharField()
    content_type = serializers.CharField(help_text="Detected from the file's content, not its name.")
    size = serializers.IntegerField(help_text="Bytes.")
    uploaded_at = serializers.DateTimeField()


class SellerApplicationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = SellerStatusField()
    status_display = serializers.CharField(source="get_status_display")
    editable = serializers.BooleanField(
        source="is_editable", help_text="Whether the applicant may still change the application and its documents."
    )
    staff_message = serializers.CharField(help_text="Why staff rejected, suspended or sent the application back.")
    store_name = serializers.CharField()
    slug = serializers.CharField()
    country = serializers.CharField(source="country.code")
    country_name = serializers.CharField(source="country.name")
    legal_entity_type = serializers.ChoiceField(choices=LegalEntityType.choices)
    legal_name = serializers.CharField()
    registration_number = serializers.CharField()
    business_address = serializers.CharField()
    contact_phone = serializers.CharField(help_text="E.164.")
    store_language = serializers.CharField()
    description = serializers.CharField()
    settlement_currency = serializers.CharField(help_text="The currency of the country of establishment.")
    required_documents = serializers.SerializerMethodField()
    missing_documents = serializers.SerializerMethodField()
    documents = SellerDocumentOutputSerializer(source="documents.all", many=True)
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=DocumentKindField()))
    def get_required_documents(self, seller: Seller) -> list[str]:
        return [kind.value for kind in seller_required_documents(seller.country.code)]

    @extend_schema_field(serializers.ListField(child=DocumentKindField()))
    def get_missing_documents(self, seller: Seller) -> list[str]:
        return [kind.value for kind in seller_missing_documents(seller)]


# --- examples -------------------------------------------------------------------

TURKISH_APPLICATION = {
    "store_name": "Efes Seramik",
    "country": "TR",
    "legal_entity_type": "company",
    "legal_name": "Efes Seramik ve El Sanatları Ltd. Şti.",
    "registration_number": "6012847304",
    "business_address": "Atatürk Mahallesi, Kuşadası Caddesi No: 21, 35920 Selçuk/İzmir",
    "contact_phone": "+90 232 892 10 45",
    "store_language": "tr",
    "description": "Selçuk atölyemizde elde boyanan İznik desenli seramik tabaklar, kaseler ve karolar.",
}
TURKISH_APPLICATION_OUT = {
    "id": 42,
    "status": "draft",
    "status_display": "Draft",
    "editable": True,
    "staff_message": "",
    "store_name": "Efes Seramik",
    "slug": "efes-seramik",
    "country": "TR",
    "country_name": "Türkiye",
    "legal_entity_type": "company",
    "legal_name": "Efes Seramik ve El Sanatları Ltd. Şti.",
    "registration_number": "6012847304",
    "business_address": "Atatürk Mahallesi, Kuşadası Caddesi No: 21, 35920 Selçuk/İzmir",
    "contact_phone": "+902328921045",
    "store_language": "tr",
    "description": TURKISH_APPLICATION["description"],
    "settlement_currency": "TRY",
    "required_documents": ["business_licence", "representative_id", "tax_certificate"],
    "missing_documents": ["representative_id", "tax_certificate"],
    "documents": [
        {
            "id": 7,
            "kind": "business_licence",
            "kind_display": "Business licence or registration extract",
            "original_name": "ticaret-sicil-gazetesi.pdf",
            "content_type": "application/pdf",
            "size": 184320,
            "uploaded_at": "2026-03-02T09:14:05Z",
        }
    ],
    "created_at": "2026-03-02T09:02:11Z",
    "submitted_at": None,
    "decided_at": None,
    "approved_at": None,
}


COUNTRY_REFUSED = error_example("Country refused", 400, "invalid", str(services.COUNTRY_REFUSAL), field="country")
NUMBER_REFUSED = error_example(
    "Invalid registration number",
    400,
    "invalid",
    "This is not a valid tax number (VKN). Expected: 10 digits, e.g. 4540536920.",
    field="registration_number",
)
NOT_EDITABLE = error_example(
    "No longer editable",
    409,
    "conflict",
    "This application can no longer be edited: it is submitted, waiting for review.",
)
NOT_APPLIED = error_example("Not applied yet", 404, "not_found", "You have not applied to sell on Caravan yet.")
ERROR_404 = error_response("The user has no application (or no such document).")
ERROR_409 = error_response("The application is no longer editable.")


# --- views ------------------------------------------------------------------------


class SellerApplicationApi(APIView):
    """The logged-in user's own application to sell on Caravan: read it, file it, change it."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        store_name = serializers.CharField(max_length=80)
        country = SellerCountryField(help_text="Country of establishment (ISO 3166-1 alpha-2).")
        legal_entity_type = serializers.ChoiceField(choices=LegalEntityType.choices)
        legal_name = serializers.CharField(max_length=200)
        registration_number = serializers.CharField(
            max_length=40,
            help_text="CN unified social credit code, RU INN/OGRN, IT Partita IVA, ES NIF/CIF or TR VKN.",
        )
        business_address = serializers.CharField(max_length=500)
        contact_phone = serializers.CharField(max_length=32, help_text="International format, e.g. +90 212 555 12 34.")
        store_language = StoreLanguageField()
        description = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="seller_application_retrieve",
        responses={200: SellerApplicationOutputSerializer, 404: ERROR_404},
        examples=[OpenApiExample("A Turkish company's draft", value=TURKISH_APPLICATION_OUT, response_only=True)],
    )
    def get(self, request):
        return Response(SellerApplicationOutputSerializer(_own_application(request.user)).data)

    @extend_schema(
        request=InputSerializer,
        operation_id="seller_application_create",
        responses={201: SellerApplicationOutputSerializer, 400: ERROR_400, 409: ERROR_409},
        examples=[
            OpenApiExample("A Turkish company applies", value=TURKISH_APPLICATION, request_only=True),
            OpenApiExample(
                "The new draft",
                value={
                    **TURKISH_APPLICATION_OUT,
                    "documents": [],
                    "missing_documents": ["business_licence", "representative_id", "tax_certificate"],
                },
                response_only=True,
                status_codes=["201"],
            ),
            COUNTRY_REFUSED,
            NUMBER_REFUSED,
            error_example(
                "Already applied", 409, "conflict", "You have already applied; change the application with PATCH."
            ),
        ],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if seller_for_user(request.user) is not None:
            raise ConflictError(gettext_lazy("You have already applied; change the application with PATCH."))
        seller = services.seller_application_save(user=request.user, **data.validated_data)
        return Response(SellerApplicationOutputSerializer(seller).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InputSerializer,
        operation_id="seller_application_update",
        responses={200: SellerApplicationOutputSerializer, 400: ERROR_400, 404: ERROR_404, 409: ERROR_409},
        examples=[
            OpenApiExample(
                "Correct the tax number and phone",
                value={"registration_number": "6012847304", "contact_phone": "+90 232 892 10 46"},
                request_only=True,
            ),
            NUMBER_REFUSED,
            NOT_APPLIED,
            NOT_EDITABLE,
        ],
    )
    def patch(self, request):
        seller = _own_application(request.user)
        data = self.InputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        current = {
            name: seller.country.code if name == "country" else getattr(seller, name) for name in APPLICATION_FIELDS
        }
        seller = services.seller_application_save(user=request.user, **{**current, **data.validated_data})
        return Response(SellerApplicationOutputSerializer(seller).data)


class SellerDocumentCreateApi(APIView):
    """Upload one qualification document: PDF, JPEG or PNG, checked by content, size-capped.
    It is stored privately: only the applicant and vetting staff can read it."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        kind = DocumentKindField()
        # Empty and oversized files are refused by the service, with the same messages as the HTML form.
        file = serializers.FileField(allow_empty_file=True)

    @extend_schema(
        request=InputSerializer,
        operation_id="seller_document_create",
        description=(
            "Upload one qualification document (multipart: `kind` and `file`). PDF, JPEG or PNG only, judged by "
            f"the content, not the name; at most {settings.CARAVAN_SELLER_DOCUMENT_MAX_BYTES // 1048576} MB. "
            "Stored privately: only the applicant and vetting staff can read it."
        ),
        responses={201: SellerDocumentOutputSerializer, 400: ERROR_400, 404: ERROR_404, 409: ERROR_409},
        examples=[
            OpenApiExample(
                "A Turkish trade registry gazette",
                value=TURKISH_APPLICATION_OUT["documents"][0],
                response_only=True,
                status_codes=["201"],
            ),
            error_example(
                "Not a PDF, JPEG or PNG",
                400,
                "invalid",
                "Only PDF, JPEG or PNG files are accepted, and this file is none of them.",
                field="file",
            ),
            error_example(
                "Too large",
                400,
                "invalid",
                "The file is too large (12.4 MB); the limit is "
                f"{settings.CARAVAN_SELLER_DOCUMENT_MAX_BYTES // 1048576} MB.",
                field="file",
            ),
        ],
    )
    def post(self, request):
        seller = _own_application(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.seller_document_upload(
            seller_id=seller.pk,
            actor=request.user,
            kind=data.validated_data["kind"],
            upload=data.validated_data["file"],
        )
        return Response(SellerDocumentOutputSerializer(document).data, status=status.HTTP_201_CREATED)


class SellerDocumentDeleteApi(APIView):
    """Delete one of the applicant's own documents while the application is editable."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="seller_document_delete", responses={204: None, 404: ERROR_404, 409: ERROR_409})
    def delete(self, request, document_id: int):
        seller = _own_application(request.user)
        # Someone else's document id is simply not found: its existence is not disclosed.
        if not seller.documents.filter(pk=document_id).exists():
            raise NotFound(gettext_lazy("There is no such document."))
        services.seller_document_delete(seller_id=seller.pk, actor=request.user, document_id=document_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerApplicationSubmitApi(APIView):
    """Send the application to vetting. Idempotent: submitting it again returns it unchanged."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        operation_id="seller_application_submit",
        responses={200: SellerApplicationOutputSerializer, 400: ERROR_400, 404: ERROR_404, 409: ERROR_409},
        examples=[
            OpenApiExample(
                "Submitted",
                value={
                    **TURKISH_APPLICATION_OUT,
                    "status": "submitted",
                    "status_display": "Submitted, waiting for review",
                    "editable": False,
                    "missing_documents": [],
                    "documents": [
                        TURKISH_APPLICATION_OUT["documents"][0],
                        {
                            "id": 8,
                            "kind": "representative_id",
                            "kind_display": "Legal representative's identity document",
                            "original_name": "kimlik.jpg",
                            "content_type": "image/jpeg",
                            "size": 96512,
                            "uploaded_at": "2026-03-02T09:20:44Z",
                        },
                        {
                            "id": 9,
                            "kind": "tax_certificate",
                            "kind_display": "Tax registration certificate",
                            "original_name": "vergi-levhasi.pdf",
                            "content_type": "application/pdf",
                            "size": 77824,
                            "uploaded_at": "2026-03-02T09:24:10Z",
                        },
                    ],
                    "submitted_at": "2026-03-02T09:31:40Z",
                },
                response_only=True,
            ),
            error_example(
                "Documents missing",
                400,
                "invalid",
                "Upload these documents first: Legal representative's identity document, Tax registration certificate.",
                field="documents",
            ),
        ],
    )
    def post(self, request):
        seller = _own_application(request.user)
        seller = services.seller_application_submit(seller_id=seller.pk, actor=request.user)
        return Response(SellerApplicationOutputSerializer(seller).data)


class StoreDetailApi(APIView):
    """A store's public profile. Only approved stores exist here."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        store_name = serializers.CharField()
        slug = serializers.CharField()
        country = serializers.CharField(source="country.code")
        country_name = serializers.CharField(source="country.name")
        member_since = serializers.DateTimeField(source="approved_at")
        description = serializers.CharField()
        store_language = serializers.CharField()
        settlement_currency = serializers.CharField()
        logo = serializers.ImageField(allow_null=True, help_text="URL of the store logo, if any.")

    @extend_schema(
        operation_id="store_retrieve",
        responses={200: OutputSerializer, 404: error_response("No such store.")},
        examples=[
            OpenApiExample(
                "A Turkish ceramics store",
                value={
                    "store_name": "Efes Seramik",
                    "slug": "efes-seramik",
                    "country": "TR",
                    "country_name": "Türkiye",
                    "member_since": "2026-03-04T11:20:00Z",
                    "description": TURKISH_APPLICATION["description"],
                    "store_language": "tr",
                    "settlement_currency": "TRY",
                    "logo": None,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request, slug: str):
        store = get_object_or_404(stores_public(), slug=slug)
        return Response(self.OutputSerializer(store, context={"request": request}).data)
