"""One JSON error format for the whole API:

    {"error": {"status": 400, "code": "invalid", "message": "...",
               "fields": {"email": ["Enter a valid email address."]}}}

`fields` names each bad field (nested serializers give dotted names); it is
empty when the error is not about one field.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.errors import DomainError


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}}


class ApiErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each bad field with its messages; empty when the error is not about one field.",
    )


class ApiErrorSerializer(serializers.Serializer):
    """The one JSON error body of the Caravan API (for the schema; error_body makes it)."""

    error = ApiErrorDetailSerializer()


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc.status_code, exc.code, exc.message, exc.fields), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: let Django log it and answer 500
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first = next(iter(fields.items()), ("", ["Invalid input."]))
        message = f"{first[0]}: {first[1][0]}" if first[0] != "non_field_errors" else first[1][0]
        response.data = error_body(status.HTTP_400_BAD_REQUEST, "invalid", message, fields)
    else:
        detail = getattr(exc, "detail", str(exc))
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = error_body(response.status_code, str(code), str(detail))
    return response
