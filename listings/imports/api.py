"""The source-feed import API (an approved seller's own imports): upload a feed
(multipart, answered 202 with the queued job), list imports, one import's
progress, and its report of row errors. Thin: the upload is
listings.imports.services.import_job_create; another seller's job is a 404.
The feed format is in README.md ("Source-feed import")."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.errors import ApiErrorSerializer
from marketplace.api.examples import error_example
from marketplace.api.fields import enum_schema
from marketplace.api.pagination import PagePagination, paginated_response

from ..api.access import approved_seller
from ..api.examples import ERROR_403, NOT_A_SELLER
from ..models import ImportJob, ImportJobStatus, ImportRowSeverity
from . import services as import_services

ERROR_404 = OpenApiResponse(ApiErrorSerializer, description="No such import among the caller's own.")
NOT_UTF8 = "The feed is not UTF-8 text. Save it as “CSV UTF-8” (or JSON in UTF-8) and upload it again."
NO_SUCH_IMPORT = error_example("Not one of yours", 404, "not_found", "Not found.")


@extend_schema_field(enum_schema(ImportJobStatus.choices), component_name="ImportJobStatusEnum")
class ImportJobStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ImportJobStatus.choices, **kwargs)


@extend_schema_field(enum_schema(ImportRowSeverity.choices), component_name="ImportRowSeverityEnum")
class SeverityField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ImportRowSeverity.choices, **kwargs)


class ImportJobOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = ImportJobStatusField(help_text="queued → running → done (or failed, see error_message).")
    feed_name = serializers.CharField()
    feed_format = serializers.CharField(help_text="csv, json or packet (a Taobao Assistant data packet), as detected.")
    images_name = serializers.CharField(help_text="The images zip's name; empty when none was uploaded.")
    total_rows = serializers.IntegerField()
    processed_rows = serializers.IntegerField()
    created_rows = serializers.IntegerField(help_text="Draft listings created.")
    updated_rows = serializers.IntegerField(help_text="Listings updated (their source_id was imported before).")
    failed_rows = serializers.IntegerField(help_text="Rows not imported; the report says why.")
    percent = serializers.IntegerField()
    error_message = serializers.CharField(help_text="Why a failed job stopped; empty otherwise.")
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


JOB_EXAMPLE = {
    "id": 42,
    "status": "running",
    "feed_name": "taobao-sample.csv",
    "feed_format": "csv",
    "images_name": "taobao-sample-images.zip",
    "total_rows": 5000,
    "processed_rows": 1200,
    "created_rows": 1150,
    "updated_rows": 30,
    "failed_rows": 20,
    "percent": 24,
    "error_message": "",
    "created_at": "2026-03-10T08:00:00Z",
    "started_at": "2026-03-10T08:00:01Z",
    "finished_at": None,
}


def _own_job(request, import_id: int) -> ImportJob:
    seller = approved_seller(request.user)
    return get_object_or_404(import_services.import_jobs_for_seller(seller), pk=import_id)


class SellerImportsApi(APIView):
    """The seller's imports, newest first; or upload a new feed (multipart)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]
    pagination_class = PagePagination

    class InputSerializer(serializers.Serializer):
        feed = serializers.FileField(
            allow_empty_file=True,
            help_text="The feed: a UTF-8 .csv with a header row, a .json list of objects, or a Taobao Assistant data "
            "packet: its .csv (UTF-16, GBK or UTF-8; detected by its `version` line) or one .zip of the CSV and its "
            "picture folder.",
        )
        images = serializers.FileField(
            required=False,
            allow_empty_file=True,
            help_text="Optional: a .zip of the images the feed names (for a packet's .csv: its pictures).",
        )

    @extend_schema(
        operation_id="seller_imports_list",
        tags=["seller imports"],
        responses={200: ImportJobOutputSerializer(many=True), 403: ERROR_403},
        examples=[NOT_A_SELLER],
    )
    def get(self, request):
        seller = approved_seller(request.user)
        jobs = import_services.import_jobs_for_seller(seller)
        return paginated_response(self, request, jobs, ImportJobOutputSerializer, {"request": request})

    @extend_schema(
        operation_id="seller_import_create",
        tags=["seller imports"],
        request={"multipart/form-data": InputSerializer},
        responses={
            202: ImportJobOutputSerializer,
            400: OpenApiResponse(ApiErrorSerializer, description="The feed or zip cannot be imported."),
            403: ERROR_403,
        },
        examples=[
            OpenApiExample(
                "Queued",
                value={
                    **JOB_EXAMPLE,
                    "status": "queued",
                    "processed_rows": 0,
                    "created_rows": 0,
                    "updated_rows": 0,
                    "failed_rows": 0,
                    "percent": 0,
                    "started_at": None,
                },
                response_only=True,
                status_codes=["202"],
            ),
            error_example(
                "Not UTF-8",
                400,
                "invalid",
                NOT_UTF8,
                {"feed": [NOT_UTF8]},
            ),
            NOT_A_SELLER,
        ],
    )
    def post(self, request):
        seller = approved_seller(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job = import_services.import_job_create(
            actor=request.user,
            seller_id=seller.pk,
            feed=data.validated_data["feed"],
            images=data.validated_data.get("images"),
        )
        return Response(ImportJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class SellerImportApi(APIView):
    """One import's status and progress counts (poll it until `status` is done or failed)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="seller_import_retrieve",
        tags=["seller imports"],
        responses={200: ImportJobOutputSerializer, 403: ERROR_403, 404: ERROR_404},
        examples=[OpenApiExample("Running", value=JOB_EXAMPLE, response_only=True), NO_SUCH_IMPORT],
    )
    def get(self, request, import_id: int):
        return Response(ImportJobOutputSerializer(_own_job(request, import_id)).data)


class SellerImportReportApi(APIView):
    """The rows an import did not take: row number (a CSV's spreadsheet row, a JSON
    item's position), the seller's source_id, the field and the problem."""

    permission_classes = [IsAuthenticated]
    pagination_class = PagePagination

    class OutputSerializer(serializers.Serializer):
        row = serializers.IntegerField()
        source_id = serializers.CharField()
        field = serializers.CharField(
            help_text="The feed column (e.g. price_cny, variants.1.stock; a data packet's field: price, skuProps.1, "
            "cid, picture); empty: the row."
        )
        message = serializers.CharField()
        severity = SeverityField(
            help_text="error: the row was not imported; warning: it was, with something to check (e.g. a category "
            "suggested from the title, a picture not found)."
        )

    @extend_schema(
        operation_id="seller_import_report",
        tags=["seller imports"],
        responses={200: OutputSerializer(many=True), 403: ERROR_403, 404: ERROR_404},
        examples=[
            OpenApiExample(
                "Two bad rows",
                value={
                    "count": 2,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "row": 3,
                            "source_id": "TB-1002",
                            "field": "price_cny",
                            "message": "The price is missing.",
                            "severity": "error",
                        },
                        {
                            "row": 7,
                            "source_id": "TB-1006",
                            "field": "category",
                            "message": "Unknown category “女装/汉服”: use a path from the category mapping or a "
                            "Caravan sub-category.",
                            "severity": "error",
                        },
                    ],
                },
                response_only=True,
            ),
            NO_SUCH_IMPORT,
        ],
    )
    def get(self, request, import_id: int):
        job = _own_job(request, import_id)
        errors = job.row_errors.order_by("row", "pk")
        return paginated_response(self, request, errors, self.OutputSerializer, {"request": request})
