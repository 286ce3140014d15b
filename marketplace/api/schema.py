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
