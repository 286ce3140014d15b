"""Building blocks for the OpenAPI documentation of errors: every API error has
the one body of marketplace.api.errors, so its examples and responses are made
here rather than spelt out by each app."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from .errors import ApiErrorSerializer, error_body


def error_example(
    name: str,
    status_code: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
    *,
    field: str | None = None,
) -> OpenApiExample:
    """A response example of the error body. `fields` names each bad field with
    its messages; `field` is the short form for one field whose message is `message`."""
    if field:
        fields = {field: [message]}
    return OpenApiExample(
        name,
        value=error_body(status_code, code, message, fields),
        response_only=True,
        status_codes=[str(status_code)],
    )


def error_response(description: str) -> OpenApiResponse:
    """A documented error status: the error body, with what it means for this operation."""
    return OpenApiResponse(ApiErrorSerializer, description=description)


ERROR_400 = error_response("Bad input; `error.fields` names each bad field.")
