from drf_spectacular.openapi import AutoSchema as BaseAutoSchema


class AutoSchema(BaseAutoSchema):
    """Names the components of serializers nested in an API view after that
    view (SignUpApi.InputSerializer -> SignUpInput), so every view can use the
    plain names InputSerializer / OutputSerializer (HackSoft style)."""

    def get_serializer_name(self, serializer, direction) -> str:
        name = super().get_serializer_name(serializer, direction)
        parts = type(serializer).__qualname__.split(".")
        if len(parts) > 1:
            prefix = parts[-2].removesuffix("Api")
            if not name.startswith(prefix):
                name = prefix + name
        return name


_ERROR_SCHEMA = {"$ref": "#/components/schemas/ApiError"}
_SAFE_METHODS = {"get", "head", "options"}
_COMMON_ERRORS = {
    "401": "No credentials (or a bad token): log in or send `Authorization: Token …`. "
    "The answer carries `WWW-Authenticate: Token`.",
    "403": "Known, but not allowed to do this (or a session request without its CSRF token).",
}
_PAGE_NOT_FOUND = "No such page (`page` below 1 or past the last page)."


def _needs_credentials(view_class, method: str) -> bool:
    permissions = getattr(view_class, "permission_classes", [])
    names = {permission.__name__ for permission in permissions}
    if not names or names == {"AllowAny"}:
        return False
    return not (names == {"IsAuthenticatedOrReadOnly"} and method in _SAFE_METHODS)


def document_common_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: the errors every operation of a kind can
    answer, in the one error body, so no view has to repeat them: 401 and 403 where
    credentials are needed, 404 for a page number out of range on a paged list."""
    views = {(path, method.lower()): callback.cls for path, _regex, method, callback in generator.endpoints}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            view_class = views.get((path, method))
            if view_class is None:
                continue
            responses = operation.setdefault("responses", {})
            wanted = {}
            if _needs_credentials(view_class, method):
                wanted.update(_COMMON_ERRORS)
            if method == "get" and getattr(view_class, "pagination_class", None) is not None:
                wanted["404"] = _PAGE_NOT_FOUND
            for status_code, description in wanted.items():
                if status_code in responses:
                    continue
                responses[status_code] = {
                    "content": {"application/json": {"schema": _ERROR_SCHEMA}},
                    "description": description,
                }
            operation["responses"] = dict(sorted(responses.items()))
    return result
